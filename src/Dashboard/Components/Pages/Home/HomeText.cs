using RevivalAnalytics.Dashboard.Localization;

namespace RevivalAnalytics.Dashboard.Components.Pages.Home;

/// <summary>Text of the province overview.</summary>
internal static class HomeText
{
    public static LocalizedText Intro { get; } = new(
        "全省 11 个市、117 个县（市、区）巩固拓展脱贫攻坚成果的关键指标：与上期、上年比较，对照目标着色。",
        "Key indicators of consolidating poverty-alleviation results across Shanxi's 11 prefectures and 117 counties, compared with the previous period and year and coloured against their targets.");
    public static LocalizedText Year { get; } = new("年度", "Year");
    public static LocalizedText MapKpi { get; } = new("地图指标", "Map indicator");
    public static LocalizedText RedLineHeld { get; } = new("底线守住", "The line holds");
    public static LocalizedText RedLineBroken { get; } = new("底线告急", "The line is at risk");
    public static LocalizedText ReturnRate { get; } = new("返贫风险发生率", "return-to-poverty rate");
    public static LocalizedText CountiesAtRisk { get; } = new("预警县", "Counties at risk");
    public static LocalizedText More { get; } = new("更多…", "more…");
    public static LocalizedText KeyIndicators { get; } = new("关键指标", "Key indicators");
    public static LocalizedText VsPreviousPeriod { get; } = new("比上期", "vs previous period");
    public static LocalizedText VsPreviousYear { get; } = new("比上年同期", "vs a year earlier");
    public static LocalizedText Trends { get; } = new("趋势", "Trends");
    public static LocalizedText ClassesSideBySide { get; } = new("三类县对比", "The three county classes");
    public static LocalizedText Indicator { get; } = new("指标", "Indicator");
    public static LocalizedText PrefectureTable { get; } = new("各市情况", "Prefectures");
    public static LocalizedText Prefecture { get; } = new("市", "Prefecture");
    public static LocalizedText Counties { get; } = new("县数", "Counties");
    public static LocalizedText Map { get; } = new("县域地图", "County map");
}
