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

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
