using RevivalAnalytics.Dashboard.Localization;

namespace RevivalAnalytics.Dashboard.Components.Pages.Sql;

/// <summary>Text of the SQL page.</summary>
internal static class SqlText
{
    public static LocalizedText Intro { get; } = new(
        "用 SQL 直接查询数据（DuckDB 语法，只读）。查询写在网址里，可以收藏或转发。",
        "Query the data directly with SQL (DuckDB dialect, read-only). The query is part of the URL, so it can be bookmarked or shared.");
    public static LocalizedText QueryLabel { get; } = new("SQL 查询语句", "SQL query");
    public static LocalizedText Run { get; } = new("运行", "Run");
    public static LocalizedText Examples { get; } = new("示例", "Examples");
    public static LocalizedText Tables { get; } = new("数据表和视图", "Tables and views");
    public static LocalizedText DescribeHint { get; } = new(
        "也可以运行 DESCRIBE 表名、SUMMARIZE 表名 或 SHOW TABLES。", "DESCRIBE table, SUMMARIZE table and SHOW TABLES work too.");
    public static LocalizedText NoRows { get; } = new("查询没有返回任何行。", "The query returned no rows.");
    public static LocalizedText Previous { get; } = new("上一页", "Previous");
    public static LocalizedText Next { get; } = new("下一页", "Next");
    public static LocalizedText Csv { get; } = new("导出 CSV（全部结果）", "Export CSV (whole result)");
}
