namespace RevivalAnalytics.Dashboard.Localization;

/// <summary>Text of the dashboard's shell (layout, navigation, shared pages), each written once in both languages.</summary>
internal static class UiText
{
    public static LocalizedText AppTitle { get; } = new("山西巩固拓展脱贫攻坚成果监测", "Shanxi Poverty-Alleviation Consolidation Monitor");
    public static LocalizedText AppShortTitle { get; } = new("巩固脱贫成果看板", "Consolidation dashboard");
    public static LocalizedText NavProvince { get; } = new("省级总览", "Province");
    public static LocalizedText NavClasses { get; } = new("分类对比", "Classes");
    public static LocalizedText NavCounty { get; } = new("县域", "County");
    public static LocalizedText NavWarnings { get; } = new("预警", "Early warning");
    public static LocalizedText NavSql { get; } = new("SQL 查询", "SQL query");
    public static LocalizedText MainNavigation { get; } = new("主导航", "Main navigation");
    public static LocalizedText LanguageLabel { get; } = new("语言", "Language");
    public static LocalizedText SkipToContent { get; } = new("跳到正文", "Skip to content");
    public static LocalizedText Footer { get; } = new(
        "数据来源：山西省乡村振兴局监测数据。阅读页面不依赖 JavaScript；SQL 工作台、评估工作台和管理页面需要 JavaScript。",
        "Data: Shanxi rural-revitalization monitoring. Reading pages work without JavaScript; the SQL workbench, the assessment workbench and the admin pages need it.");

    public static LocalizedText HomeHeading { get; } = new("省级总览", "Province overview");
    public static LocalizedText RedLine { get; } = new("守住不发生规模性返贫的底线", "Hold the red line: no large-scale return to poverty");
    public static LocalizedText ClassesHeading { get; } = new("三类县分类对比", "County classes compared");
    public static LocalizedText ClassesIntro { get; } = new(
        "先行示范县、整体推进县、重点帮扶县逐项指标对比，以及各类内部的县域分布与异常值。",
        "Pilot, overall-advancement and key-assistance counties compared on every indicator, with the spread and outliers within each class.");
    public static LocalizedText CountyHeading { get; } = new("县域详情", "County detail");
    public static LocalizedText CountyIntro { get; } = new(
        "县域趋势、监测对象（按类别和风险原因）、帮扶措施、问题整改和最新月度快照。",
        "County trends, monitored objects by category and risk cause, assistance measures, problems and rectification, and the latest monthly snapshot.");
    public static LocalizedText CountyCodeLabel { get; } = new("县级行政区划代码", "County code (GB/T 2260)");
    public static LocalizedText Show { get; } = new("查看", "Show");
    public static LocalizedText WarningsHeading { get; } = new("预警名单", "Early-warning list");
    public static LocalizedText WarningsIntro { get; } = new(
        "收入低于监测线、收入骤降、问题未整改的县和户，可排序、分页并导出 CSV。",
        "Counties and households whose income is under the monitoring line, dropped sharply, or whose problems are unrectified: sortable, paged and exportable to CSV.");
    public static LocalizedText ComingSoon { get; } = new("此视图正在建设中。", "This view is being built.");

    public static LocalizedText NotFoundTitle { get; } = new("页面不存在", "Page not found");
    public static LocalizedText NotFoundText { get; } = new(
        "找不到您要访问的页面。请检查地址，或从导航进入。",
        "The page you asked for does not exist. Check the address, or start from the navigation.");
    public static LocalizedText BackHome { get; } = new("返回省级总览", "Back to the province overview");
    public static LocalizedText ErrorTitle { get; } = new("出错了", "Something went wrong");
    public static LocalizedText ErrorText { get; } = new(
        "服务器处理请求时出错，已记录日志。请稍后重试。",
        "The server failed to handle the request; the error was logged. Please try again later.");

    public static LocalizedText MapCounty { get; } = new("县（市、区）", "County");
    public static LocalizedText MapPrefecture { get; } = new("市", "Prefecture");
    public static LocalizedText MapNoValue { get; } = new("无数据", "no data");
}
