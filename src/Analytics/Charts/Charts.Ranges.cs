using System.Globalization;
using ScottPlot;

namespace RevivalAnalytics.Charts;

public static partial class Charts
{
    /// <summary>
    /// Ranges set against what happened, as ratios to the point estimate so that groups of any size share one axis: per
    /// group (e.g. a class in a test year) the range as a bar in the class's colour, a former or narrower range as a thin
    /// dark bar inside it, and the observed ratio as a dot (hollow when outside the range). Groups are drawn side by
    /// side within each year.
    /// </summary>
    /// <param name="title">Bilingual title.</param>
    /// <param name="groups">Per group: its year, class (0 = all counties), point estimate, range, narrower range and observed value.</param>
    /// <param name="rangeLabel">Legend text of the range.</param>
    /// <param name="narrowLabel">Legend text of the narrower range.</param>
    /// <returns>The plot.</returns>
    /// <exception cref="ArgumentException">A point estimate is not positive.</exception>
    public static Plot Ranges(
        string title,
        IReadOnlyList<(int Year, int CountyClass, double Expected, double Lower, double Upper, double NarrowLower, double NarrowUpper, double Observed)> groups,
        string rangeLabel,
        string narrowLabel)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Any(g => !(g.Expected > 0)))
        {
            throw new ArgumentException("每组的点估计必须为正数。Every group's point estimate must be positive.", nameof(groups));
        }

        var plot = NewPlot(title, "结果年份 / year of the returns", "实际或区间 ÷ 点估计 / observed or range ÷ estimate");
        var years = groups.Select(g => g.Year).Distinct().Order().ToArray();
        var perYear = groups.GroupBy(g => g.Year).Max(g => g.Count());
        var width = 0.8 / perYear;
        var one = plot.Add.HorizontalLine(1, 1, ChartPalette.Muted, LinePattern.Dashed);
        one.LineColor = ChartPalette.Muted.WithAlpha(0.6);
        var missed = false;
        foreach (var (year, index) in years.Select((y, i) => (y, i)))
        {
            var inYear = groups.Where(g => g.Year == year).ToArray();
            for (var k = 0; k < inYear.Length; k++)
            {
                var g = inYear[k];
                var x = index - 0.4 + (width * (k + 0.5));
                var colour = ChartPalette.ForClass(g.CountyClass);
                var range = plot.Add.Rectangle(x - (width * 0.4), x + (width * 0.4), g.Lower / g.Expected, g.Upper / g.Expected);
                range.FillColor = colour.WithAlpha(0.35);
                range.LineColor = colour;
                range.LineWidth = 1;
                // The narrower bar left of centre and the dot right of it: a dark dot on the dark bar vanished.
                var narrow = plot.Add.Rectangle(x - (width * 0.24), x - (width * 0.1), g.NarrowLower / g.Expected, g.NarrowUpper / g.Expected);
                narrow.FillColor = ChartPalette.Ink;
                narrow.LineWidth = 0;
                var inside = g.Observed >= g.Lower && g.Observed <= g.Upper;
                missed |= !inside;
                var dot = plot.Add.Marker(x + (width * 0.12), g.Observed / g.Expected, inside ? MarkerShape.FilledCircle : MarkerShape.OpenCircle, 9, inside ? ChartPalette.Ink : ChartPalette.RedLine);
                dot.MarkerLineWidth = 2;
            }
        }

        foreach (var countyClass in groups.Select(g => g.CountyClass).Distinct().Order())
        {
            var entry = Entry(plot, $"{ChartPalette.ClassName(countyClass)}: {rangeLabel}");
            entry.FillColor = ChartPalette.ForClass(countyClass).WithAlpha(0.35);
            entry.OutlineColor = ChartPalette.ForClass(countyClass);
        }

        Entry(plot, narrowLabel).FillColor = ChartPalette.Ink;
        var observed = Entry(plot, "实际 / observed");
        observed.MarkerShape = MarkerShape.FilledCircle;
        observed.MarkerColor = ChartPalette.Ink;
        observed.MarkerSize = 9;
        if (missed)
        {
            var outside = Entry(plot, "实际,在区间外 / observed, outside the range");
            outside.MarkerShape = MarkerShape.OpenCircle;
            outside.MarkerColor = ChartPalette.RedLine;
            outside.MarkerSize = 9;
        }

        plot.Axes.Bottom.SetTicks([.. years.Select((_, i) => (double)i)], [.. years.Select(y => y.ToString(CultureInfo.InvariantCulture))]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        var low = groups.Min(g => Math.Min(g.Lower, Math.Min(g.NarrowLower, g.Observed)) / g.Expected);
        var high = groups.Max(g => Math.Max(g.Upper, Math.Max(g.NarrowUpper, g.Observed)) / g.Expected);

        // Room above the highest bar for the legend (one line per class and up to three more): beside the bars it hid a
        // year's observed dot.
        var bottom = Math.Max(0, low - 0.05);
        plot.Axes.SetLimits(-0.5, years.Length - 0.5, bottom, high + 0.05 + (0.65 * (high + 0.05 - bottom)));
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v.ToString("0.0#", CultureInfo.InvariantCulture) };
        Legend(plot, Alignment.UpperRight);
        return plot;
    }
}
