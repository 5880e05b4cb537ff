using RevivalAnalytics.Data;
using ScottPlot;

namespace RevivalAnalytics.Charts;

/// <summary>
/// The colours every chart shares with the dashboard: one per county class and the red line. The dashboard's
/// stylesheet declares the same values (<c>--class-1</c> … <c>--class-3</c>, <c>--status-red</c> in
/// <c>src/Dashboard/wwwroot/css/app.css</c>); a test keeps the two equal.
/// </summary>
public static class ChartPalette
{
    /// <summary>先行示范县 (pilot), as a CSS hex colour.</summary>
    public const string PilotHex = "#2874a6";

    /// <summary>整体推进县 (overall advancement), as a CSS hex colour.</summary>
    public const string OverallHex = "#7d3c98";

    /// <summary>重点帮扶县 (key assistance), as a CSS hex colour.</summary>
    public const string KeyHex = "#ca6f1e";

    /// <summary>The red line of no large-scale return to poverty (the dashboard's <c>--status-red</c>).</summary>
    public const string RedLineHex = "#c0392b";

    /// <summary>Text, axes and "all counties" (the dashboard's <c>--shell-ink</c>).</summary>
    public const string InkHex = "#1c2833";

    /// <summary>Baselines and secondary marks (the dashboard's <c>--shell-muted</c>).</summary>
    public const string MutedHex = "#5d6d7e";

    /// <summary>The font every label is drawn in: Debian's Noto CJK (fonts-noto-cjk), whose detection alone picks the Japanese face.</summary>
    public const string FontName = "Noto Sans CJK SC";

    /// <summary>The red line as a ScottPlot colour.</summary>
    public static Color RedLine { get; } = Color.FromHex(RedLineHex);

    /// <summary>Text and axes.</summary>
    public static Color Ink { get; } = Color.FromHex(InkHex);

    /// <summary>Baselines and secondary marks.</summary>
    public static Color Muted { get; } = Color.FromHex(MutedHex);

    /// <summary>The colour of a county class (1 先行示范县, 2 整体推进县, 3 重点帮扶县); <see cref="Ink"/> for 0 (all counties).</summary>
    /// <param name="countyClass">Class code, or 0 for all.</param>
    /// <returns>The colour.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not 0–3.</exception>
    public static Color ForClass(int countyClass) => countyClass switch
    {
        0 => Ink,
        1 => Color.FromHex(PilotHex),
        2 => Color.FromHex(OverallHex),
        3 => Color.FromHex(KeyHex),
        _ => throw new ArgumentOutOfRangeException(nameof(countyClass), countyClass, "县域类别应为 0–3。A county class is 0–3."),
    };

    /// <summary>The class's name, Chinese first: the contract's labels, e.g. 先行示范县 pilot (全部 all for 0).</summary>
    /// <param name="countyClass">Class code, or 0 for all.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not 0–3.</exception>
    public static string ClassName(int countyClass) => countyClass switch
    {
        0 => "全部 all",
        _ when DataContract.Labels("county_class").TryGetValue(countyClass, out var label) => $"{label.Zh} {label.En.ToLowerInvariant()}",
        _ => throw new ArgumentOutOfRangeException(nameof(countyClass), countyClass, "县域类别应为 0–3。A county class is 0–3."),
    };
}
