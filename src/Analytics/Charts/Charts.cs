using System.Globalization;
using ScottPlot;

namespace RevivalAnalytics.Charts;

/// <summary>
/// The static charts of the notebooks and reports, drawn with ScottPlot in one style: <see cref="ChartPalette"/>'s
/// colours, every label in <see cref="ChartPalette.FontName"/> (Chinese first, then English), years without a
/// thousands separator. Each method returns the plot; <see cref="SavePng"/> writes it.
/// </summary>
public static partial class Charts
{
    /// <summary>Predicted against observed rates, one series per reference (e.g. the model and the oracle), with the diagonal of perfect calibration.</summary>
    /// <param name="title">Bilingual title.</param>
    /// <param name="series">Per series: its legend label, its colour, and its bins' mean predicted and observed rates.</param>
    /// <returns>The plot.</returns>
    public static Plot Reliability(string title, IReadOnlyList<(string Label, Color Color, double[] Predicted, double[] Observed)> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot(title, "平均预测概率 / mean predicted", "实际发生率 / observed rate");
        var max = series.SelectMany(s => s.Predicted.Concat(s.Observed)).DefaultIfEmpty(0.01).Max() * 1.08;
        var diagonal = plot.Add.Line(0, 0, max, max);
        diagonal.Color = ChartPalette.Muted;
        diagonal.LinePattern = LinePattern.Dashed;
        var perfect = Entry(plot, "完美校准 / perfect calibration");
        perfect.LineColor = ChartPalette.Muted;
        perfect.LineWidth = 1;
        perfect.LinePattern = LinePattern.Dashed;
        foreach (var (label, color, predicted, observed) in series)
        {
            var points = plot.Add.Scatter(predicted, observed, color);
            points.MarkerSize = 8;
            points.LineWidth = 1.5f;
            var entry = Entry(plot, label);
            entry.LineColor = color;
            entry.LineWidth = 1.5f;
            entry.MarkerShape = MarkerShape.FilledCircle;
            entry.MarkerColor = color;
            entry.MarkerSize = 8;
        }

        plot.Axes.SetLimits(0, max, 0, max);
        Percent(plot.Axes.Bottom);
        Percent(plot.Axes.Left);
        Legend(plot, Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Horizontal bars, largest at the top (e.g. feature importance).</summary>
    /// <param name="title">Bilingual title.</param>
    /// <param name="valueLabel">Bilingual label of the value axis.</param>
    /// <param name="bars">Label and value of each bar, in the order to show from the top.</param>
    /// <param name="color">Bar colour; <see cref="ChartPalette.Ink"/> by default.</param>
    /// <returns>The plot.</returns>
    public static Plot HorizontalBars(string title, string valueLabel, IReadOnlyList<(string Label, double Value)> bars, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var plot = NewPlot(title, valueLabel, "");
        var items = bars.Select((b, i) => new Bar
        {
            Position = bars.Count - 1 - i,
            Value = b.Value,
            FillColor = color ?? ChartPalette.Ink,
            LineWidth = 0,
            Orientation = Orientation.Horizontal,
        }).ToArray();
        plot.Add.Bars(items);
        plot.Axes.Left.SetTicks([.. items.Select(b => b.Position)], [.. bars.Select(b => b.Label)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0, right: 0.1, bottom: 0.02, top: 0.02);
        return plot;
    }

    /// <summary>
    /// Grouped bars per county class, each class in its colour: the first series solid, later ones lighter (e.g.
    /// model, baselines, oracle), with an optional horizontal red line.
    /// </summary>
    /// <param name="title">Bilingual title.</param>
    /// <param name="valueLabel">Bilingual label of the value axis.</param>
    /// <param name="seriesNames">Bilingual name of each series (legend).</param>
    /// <param name="classes">Per group: the class (0 = all counties) and one value per series.</param>
    /// <param name="redLine">A threshold to draw as the red line, or null.</param>
    /// <param name="redLineLabel">Legend text of the red line.</param>
    /// <returns>The plot.</returns>
    public static Plot ByClass(string title, string valueLabel, IReadOnlyList<string> seriesNames, IReadOnlyList<(int CountyClass, double[] Values)> classes, double? redLine = null, string? redLineLabel = null)
    {
        ArgumentNullException.ThrowIfNull(seriesNames);
        ArgumentNullException.ThrowIfNull(classes);
        var plot = NewPlot(title, "", valueLabel);
        var width = 0.8 / seriesNames.Count;
        var bars = new List<Bar>();
        for (var g = 0; g < classes.Count; g++)
        {
            var colour = ChartPalette.ForClass(classes[g].CountyClass);
            for (var s = 0; s < seriesNames.Count; s++)
            {
                bars.Add(new Bar
                {
                    Position = g - 0.4 + (width * (s + 0.5)),
                    Value = classes[g].Values[s],
                    Size = width * 0.92,
                    FillColor = Shade(colour, s),
                    LineWidth = 0,
                });
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, classes.Count).Select(g => (double)g)], [.. classes.Select(c => ChartPalette.ClassName(c.CountyClass))]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;

        // The legend shows the series as shades of the ink colour: the hue is the class, the shade the series.
        for (var s = 0; s < seriesNames.Count; s++)
        {
            Entry(plot, seriesNames[s]).FillColor = Shade(ChartPalette.Ink, s);
        }

        if (redLine is { } line)
        {
            plot.Add.HorizontalLine(line, 2, ChartPalette.RedLine, LinePattern.Dashed);
            var entry = Entry(plot, redLineLabel ?? "红线 / red line");
            entry.LineColor = ChartPalette.RedLine;
            entry.LineWidth = 2;
            entry.LinePattern = LinePattern.Dashed;
        }

        // Room above the tallest bar for the legend, which lists one line per series.
        plot.Axes.Margins(bottom: 0, top: 0.12 + (0.09 * (seriesNames.Count + (redLine is null ? 0 : 1))));
        Legend(plot, Alignment.UpperRight);
        return plot;
    }

    /// <summary>A county's income: actual history, earlier one-year-ahead forecasts, and the forecast with its interval, in the class's colour.</summary>
    /// <param name="title">Bilingual title.</param>
    /// <param name="countyClass">The county's class (its colour).</param>
    /// <param name="actual">Observed income by year.</param>
    /// <param name="oneYearAhead">Backtest forecasts one year ahead, by target year.</param>
    /// <param name="forecast">The forecast from the last year with its interval.</param>
    /// <param name="intervalLabel">Legend text of the interval (e.g. its level).</param>
    /// <returns>The plot.</returns>
    public static Plot Forecast(
        string title,
        int countyClass,
        IReadOnlyList<(int Year, double Value)> actual,
        IReadOnlyList<(int Year, double Value)> oneYearAhead,
        IReadOnlyList<(int Year, double Forecast, double Lower, double Upper)> forecast,
        string intervalLabel)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(oneYearAhead);
        ArgumentNullException.ThrowIfNull(forecast);
        var plot = NewPlot(title, "年份 / year", "元/人 / yuan per person");
        var colour = ChartPalette.ForClass(countyClass);
        if (forecast.Count > 0 && actual.Count > 0)
        {
            // The band starts at the last observed year so that it joins the history.
            var last = actual[^1];
            (double X, double Top, double Bottom)[] band = [(last.Year, last.Value, last.Value), .. forecast.Select(f => ((double)f.Year, f.Upper, f.Lower))];
            var fill = plot.Add.FillY(band);
            fill.FillColor = colour.WithAlpha(0.18);
            fill.LineWidth = 0;
            Entry(plot, intervalLabel).FillColor = colour.WithAlpha(0.18);
            var line = plot.Add.Scatter(
                forecast.Select(f => (double)f.Year).Prepend(last.Year).ToArray(),
                forecast.Select(f => f.Forecast).Prepend(last.Value).ToArray(),
                colour);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
            line.MarkerSize = 6;
            var entry = Entry(plot, "预测 / forecast");
            entry.LineColor = colour;
            entry.LineWidth = 2;
            entry.LinePattern = LinePattern.Dashed;
        }

        var history = plot.Add.Scatter(actual.Select(a => (double)a.Year).ToArray(), actual.Select(a => a.Value).ToArray(), ChartPalette.Ink);
        history.LineWidth = 2;
        history.MarkerSize = 5;
        var actualEntry = Entry(plot, "实际 / actual");
        actualEntry.LineColor = ChartPalette.Ink;
        actualEntry.LineWidth = 2;
        if (oneYearAhead.Count > 0)
        {
            var backtest = plot.Add.ScatterPoints(oneYearAhead.Select(a => (double)a.Year).ToArray(), oneYearAhead.Select(a => a.Value).ToArray(), colour);
            backtest.MarkerSize = 8;
            backtest.MarkerShape = MarkerShape.OpenCircle;
            var entry = Entry(plot, "回测(提前一年)/ backtest, one year ahead");
            entry.MarkerShape = MarkerShape.OpenCircle;
            entry.MarkerColor = colour;
            entry.MarkerSize = 8;
        }

        Years(plot.Axes.Bottom, actual.Select(a => a.Year).Concat(forecast.Select(f => f.Year)));
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v.ToString("N0", CultureInfo.InvariantCulture) };
        Legend(plot, Alignment.UpperLeft);
        return plot;
    }
}
