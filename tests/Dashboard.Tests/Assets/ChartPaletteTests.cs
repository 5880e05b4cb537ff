using System.Text.RegularExpressions;
using RevivalAnalytics.Charts;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Assets;

/// <summary>The charts' palette and the dashboard's stylesheet name the same colours.</summary>
public sealed partial class ChartPaletteTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task ClassColoursAndRedLine_ServedStylesheet_SameAsThePalette()
    {
        using var client = factory.CreatePlainClient();

        var css = await client.GetStringAsync("/css/app.css", TestContext.Current.CancellationToken);

        var declared = Declarations().Matches(css).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.ToLowerInvariant());
        Assert.Equal(ChartPalette.PilotHex, declared["class-1"]);
        Assert.Equal(ChartPalette.OverallHex, declared["class-2"]);
        Assert.Equal(ChartPalette.KeyHex, declared["class-3"]);
        Assert.Equal(ChartPalette.RedLineHex, declared["status-red"]);
        Assert.Equal(ChartPalette.InkHex, declared["shell-ink"]);
        Assert.Equal(ChartPalette.MutedHex, declared["shell-muted"]);
    }

    [GeneratedRegex(@"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;")]
    private static partial Regex Declarations();
}
