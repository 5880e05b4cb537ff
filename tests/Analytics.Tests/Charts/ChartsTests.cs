using System.Text;
using RevivalAnalytics.Charts;
using SkiaSharp;

namespace RevivalAnalytics.Tests.Charts;

public sealed class ChartsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"revival-charts-{Guid.NewGuid():N}");

    [Fact]
    public void SavePng_ClassBars_PictureOfTheSizeWithEachClassColour()
    {
        var plot = RevivalAnalytics.Charts.Charts.ByClass(
            "预计返贫户 / expected returns", "户 / households", ["模型 / model", "真值 / oracle"],
            [(1, [3, 4]), (2, [5, 6]), (3, [7, 8])], redLine: 6.5, redLineLabel: "红线 / red line");

        var path = RevivalAnalytics.Charts.Charts.SavePng(plot, Path.Combine(_folder, "classes.png"), 640, 400);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((640, 400), (bitmap.Width, bitmap.Height));
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                colours.Add(bitmap.GetPixel(x, y));
            }
        }

        foreach (var hex in new[] { ChartPalette.PilotHex, ChartPalette.OverallHex, ChartPalette.KeyHex, ChartPalette.RedLineHex })
        {
            Assert.Contains(SKColor.Parse(hex), colours);
        }
    }

    [Fact]
    public void SaveSvg_LabelsWhoseGlyphsAreRadicals_TextIsTheLabelsOwnCharacters()
    {
        // 民 人 支 入 风 came back from Skia's SVG writer as radicals (U+2EA0, U+2F08, U+2F40, U+2F0A, U+2EDB).
        const string Title = "农村居民人均收入与支出(风险)/ rural income and spending (risk)";
        var plot = RevivalAnalytics.Charts.Charts.HorizontalBars(Title, "元 / yuan", [("人均可支配收入 / disposable income", 15_308), ("支出 / spending", 12_000)]);

        var path = RevivalAnalytics.Charts.Charts.SaveSvg(plot, Path.Combine(_folder, "bars.svg"), 640, 400);

        var svg = File.ReadAllText(path);
        Assert.Contains("农村居民人均收入与支出(风险)", svg, StringComparison.Ordinal);
        Assert.Contains("人均可支配收入", svg, StringComparison.Ordinal);
        Assert.DoesNotContain(svg.EnumerateRunes(), RevivalAnalytics.Charts.Charts.IsRadical);
    }

    [Fact]
    public void Forecast_YearAxis_TicksWithoutThousandsSeparator()
    {
        var plot = RevivalAnalytics.Charts.Charts.Forecast(
            "县 / county", 3, [(2023, 12_000), (2024, 13_000), (2025, 14_000)], [(2024, 12_900)], [(2026, 15_000, 14_000, 16_000)], "90% 区间 / interval");

        RevivalAnalytics.Charts.Charts.SavePng(plot, Path.Combine(_folder, "county.png"));

        var labels = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Equal(["2023", "2024", "2025", "2026"], labels);
    }

    [Fact]
    public void ForClass_UnknownClass_RefusedBilingually()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ChartPalette.ForClass(4));

        Assert.Contains("县域类别", error.Message, StringComparison.Ordinal);
        Assert.Contains("county class", error.Message, StringComparison.Ordinal);
        Assert.Equal(SKColor.Parse(ChartPalette.KeyHex).ToString(), new SKColor(ChartPalette.ForClass(3).ARGB).ToString());
    }

    [Fact]
    public void Ranges_OneClassYearOutside_ClassColoursAndTheRedMarkOfTheMiss()
    {
        var plot = RevivalAnalytics.Charts.Charts.Ranges(
            "回测 / backtest",
            [(2024, 1, 40, 25, 60, 30, 50, 45), (2024, 2, 100, 70, 140, 85, 115, 150), (2024, 3, 280, 200, 380, 260, 300, 250)],
            "90% 区间 / range",
            "原区间 / former range");

        var path = RevivalAnalytics.Charts.Charts.SavePng(plot, Path.Combine(_folder, "ranges.png"), 800, 480);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((800, 480), (bitmap.Width, bitmap.Height));
        // The missed class-year's open circle is drawn in the red line's colour (anti-aliased: near it).
        var red = SKColor.Parse(ChartPalette.RedLineHex);
        var nearRed = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                nearRed += Math.Abs(c.Red - red.Red) + Math.Abs(c.Green - red.Green) + Math.Abs(c.Blue - red.Blue) < 30 ? 1 : 0;
            }
        }

        Assert.True(nearRed > 20, $"{nearRed} red pixels");
        foreach (var countyClass in new[] { 1, 2, 3 })
        {
            var entry = plot.Legend.ManualItems.Single(i => i.LabelText.StartsWith(ChartPalette.ClassName(countyClass), StringComparison.Ordinal));
            Assert.Equal(ChartPalette.ForClass(countyClass), entry.OutlineColor);
        }

        var legend = plot.Legend.GetItems().Select(i => i.LabelText).ToArray();
        Assert.Contains("实际,在区间外 / observed, outside the range", legend);
    }

    [Fact]
    public void Ranges_ZeroPointEstimate_RefusedBilingually()
    {
        var error = Assert.Throws<ArgumentException>(() => RevivalAnalytics.Charts.Charts.Ranges("t", [(2024, 1, 0, 0, 1, 0, 1, 0)], "r", "n"));

        Assert.Contains("点估计", error.Message, StringComparison.Ordinal);
        Assert.Contains("point estimate", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
