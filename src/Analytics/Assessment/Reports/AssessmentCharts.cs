using ScottPlot;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// The reports' charts, drawn with ScottPlot as PNG (SVG output rewrites some CJK characters as Kangxi radicals).
/// Kept in one file so it can move onto the shared chart module (src/Analytics/Charts) when that lands. Chinese needs
/// fontconfig's "Noto Sans CJK SC" (fonts-noto-cjk, SkiaSharp.NativeAssets.Linux); labels sit on the axes, not in a
/// legend, whose CJK text ScottPlot clips.
/// </summary>
internal static class AssessmentCharts
{
    private const string FontName = "Noto Sans CJK SC";

    // The county-class colours (pilot, overall, key) and the grade colours (好 较好 一般 差).
    internal static readonly Color[] ClassColors = [Color.FromHex("#2E7D32"), Color.FromHex("#1565C0"), Color.FromHex("#E65100")];
    internal static readonly Color[] GradeColors = [Color.FromHex("#2E7D32"), Color.FromHex("#7CB342"), Color.FromHex("#FBC02D"), Color.FromHex("#C62828")];

    /// <summary>Score rate (%) per dimension of a county, with its class mean as a marker.</summary>
    public static byte[] Dimensions(CountyAssessment county, IReadOnlyList<CountyAssessment> classPeers)
    {
        var plot = NewPlot();
        var dimensions = county.Dimensions;
        for (var i = 0; i < dimensions.Count; i++)
        {
            var d = dimensions[i];
            var rate = d.Points > 0 ? 100 * d.Score / d.Points : 0;
            var bars = plot.Add.Bar(new Bar
            {
                Position = i,
                Value = rate,
                FillColor = ClassColors[Math.Clamp(county.CountyClass - 1, 0, 2)].WithAlpha(0.85),
                LineWidth = 0,
                Label = $"{d.Score:0.#}/{d.Points:0.#}",
            });
            bars.ValueLabelStyle.FontName = FontName;
            bars.ValueLabelStyle.FontSize = 15;
            var peers = classPeers.Select(p => p.Dimensions.First(x => x.Id == d.Id)).Where(x => x.Points > 0).Select(x => 100 * x.Score / x.Points).ToList();
            if (peers.Count > 0)
            {
                var mean = peers.Average();
                var line = plot.Add.Line(i - 0.4, mean, i + 0.4, mean);
                line.LineColor = Colors.Black;
                line.LineWidth = 2;
                line.LinePattern = LinePattern.Dashed;
            }
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, dimensions.Count).Select(i => (double)i).ToArray(), dimensions.Select(d => d.NameZh).ToArray());
        plot.Axes.Left.Label.Text = "得分率 % (虚线:同类县均值)";
        plot.Axes.SetLimits(-0.6, dimensions.Count - 0.4, 0, 115);
        plot.Title($"{county.CountyName} 各维度得分率");
        return plot.GetImageBytes(900, 420, ImageFormat.Png);
    }

    /// <summary>Counties per grade in each class, as stacked bars.</summary>
    public static byte[] Grades(AssessmentResult result)
    {
        var plot = NewPlot();
        var grades = Enum.GetValues<AssessmentGrade>();
        for (var c = 1; c <= 3; c++)
        {
            var bottom = 0.0;
            foreach (var grade in grades)
            {
                var n = result.Counties.Count(x => x.CountyClass == c && x.Grade == grade);
                if (n == 0)
                {
                    continue;
                }

                var bars = plot.Add.Bar(new Bar
                {
                    Position = c - 1,
                    ValueBase = bottom,
                    Value = bottom + n,
                    FillColor = GradeColors[(int)grade],
                    LineWidth = 0,
                    Label = $"{AssessmentLabels.Of(grade).Zh} {n}",
                    CenterLabel = true,
                });
                bars.ValueLabelStyle.FontName = FontName;
                bars.ValueLabelStyle.FontSize = 15;
                bottom += n;
            }
        }

        plot.Axes.Bottom.SetTicks([0, 1, 2], [.. Enumerable.Range(1, 3).Select(c => Metrics.CodeLabels.CountyClass[c].Zh)]);
        plot.Axes.Left.Label.Text = "县数";
        plot.Axes.SetLimits(-0.6, 2.6, 0, result.Counties.GroupBy(x => x.CountyClass).Select(g => g.Count()).DefaultIfEmpty(1).Max() * 1.1);
        plot.Title("各类县等次分布");
        return plot.GetImageBytes(900, 420, ImageFormat.Png);
    }

    /// <summary>Every county's score against its rank within the class, one colour per class.</summary>
    public static byte[] Scores(AssessmentResult result)
    {
        var plot = NewPlot();
        for (var c = 1; c <= 3; c++)
        {
            var counties = result.Counties.Where(x => x.CountyClass == c).OrderBy(x => x.RankInClass).ToList();
            if (counties.Count == 0)
            {
                continue;
            }

            var scatter = plot.Add.Scatter(counties.Select(x => (double)x.RankInClass).ToArray(), counties.Select(x => x.Score).ToArray());
            scatter.Color = ClassColors[c - 1];
            scatter.LineWidth = 1.5f;
            scatter.MarkerSize = 5;
            var last = counties[^1];
            var label = plot.Add.Text(Metrics.CodeLabels.CountyClass[c].Zh, last.RankInClass + 0.5, last.Score);
            label.LabelFontColor = ClassColors[c - 1];
            label.LabelFontName = FontName;
            label.LabelFontSize = 14;
        }

        plot.Axes.Bottom.Label.Text = "类内排名";
        plot.Axes.Left.Label.Text = "得分";
        plot.Title("各县得分(按类内排名)");
        return plot.GetImageBytes(900, 420, ImageFormat.Png);
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Axes.Title.Label.FontSize = 20;
        plot.Axes.Left.Label.FontSize = 15;
        plot.Axes.Bottom.Label.FontSize = 15;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.Margins(bottom: 0);

        // CJK tick labels otherwise touch the axis line (the face's ascent is taller than ScottPlot assumes).
        plot.Axes.Bottom.TickLabelStyle.OffsetY = 6;
        return plot;
    }
}
