using RevivalAnalytics.Data;

namespace RevivalAnalytics.Metrics;

/// <summary>An aggregate table of the metric layer as analysts see it in their SQL workspace: its name, what it is
/// (Chinese, then English) and a Chinese description of each column.</summary>
/// <param name="Name">The table's name (<c>metric_county_year</c> …).</param>
/// <param name="Description">Chinese, then English.</param>
/// <param name="DescribeColumn">A column's Chinese description (with its unit where there is one), or null.</param>
internal sealed record MetricAggregateTable(string Name, string Description, Func<string, string?> DescribeColumn);

internal sealed partial class MetricStore
{
    /// <summary>
    /// The aggregate tables analysts may query, described. Only the county-level tables: every row is one county's,
    /// so a scope filter on <c>county_code</c> keeps nothing above the scope. <see cref="HouseholdFlagsTable"/> is left
    /// out (household rows with masked personal data, which ad-hoc SQL never holds).
    /// </summary>
    internal static IReadOnlyList<MetricAggregateTable> AnalystTables =>
    [
        new(CountyYearTable, "县×年指标事实表（指标层口径，只读） / county × year facts of the metric layer (read-only)", Describe(s_countyYearColumns)),
        new(CountyMonthTable, "县×月监测事实表（指标层口径，只读） / county × month monitoring facts of the metric layer (read-only)", Describe(s_countyMonthColumns)),
        new(BreakdownTable, "年末监测户分类统计（指标层口径，只读） / monitored households at year end by category, cause and assistance (read-only)",
            Describe(s_breakdownColumns)),
    ];

    // Columns named like a contract column of these tables take the contract's description: stated once.
    private static readonly string[] s_contractSources = [TableNames.Counties, TableNames.CountyIndicators, TableNames.MonitoringLines];

    // The household aggregates: `_n` counts sample households, `_w` sums sample_weight (a province-scale estimate).
    private static readonly Dictionary<string, string> s_householdMeasures = new(StringComparer.Ordinal)
    {
        ["households"] = "农户",
        ["alleviated"] = "脱贫户",
        ["monitored"] = "监测户（风险未消除）",
        ["monitored_people"] = "监测人口（户数×家庭人口）",
        ["identified"] = "已识别监测户（含风险已消除）",
        ["eliminated"] = "风险已消除户",
        ["newly_identified"] = "新识别监测户",
        ["returned"] = "返贫户（新识别、脱贫户、收入低于监测线）",
        ["below_line"] = "收入低于监测线户",
        ["sharp_drop"] = "收入骤降户（低于上年 60%）",
        ["guarantee_gap"] = "两不愁三保障及饮水未达标户",
    };

    private static readonly Dictionary<string, string> s_countyYearColumns = new(StringComparer.Ordinal)
    {
        ["year"] = "年度",
        ["poverty_county"] = "原贫困县（former_poverty_status ≠ 0）",
        ["rural_income_prev"] = "上年农村居民人均可支配收入（元/人）",
        ["poverty_alleviated_income_prev"] = "上年脱贫人口人均纯收入（元/人）",
        ["guarantee_problems_found"] = "保障类问题发现数（辍学+危房+饮水）",
        ["guarantee_problems_fixed"] = "保障类问题解决数（辍学+危房+饮水）",
        ["monitoring_year"] = "该年有监测收入线（2020 年起）",
    };

    private static readonly Dictionary<string, string> s_countyMonthColumns = new(StringComparer.Ordinal)
    {
        ["year"] = "年度",
        ["month"] = "月份",
        ["poverty_county"] = "原贫困县（former_poverty_status ≠ 0）",
        ["monitored_n"] = "监测户（样本户数，当月在监测）",
        ["monitored_w"] = "监测户（加权户数，当月在监测）",
        ["eliminated_n"] = "当月风险消除户（样本户数）",
        ["eliminated_w"] = "当月风险消除户（加权户数）",
        ["below_line_w"] = "近 12 个月人均收入低于监测线的监测户（加权户数）",
        ["guarantee_gap_w"] = "保障未达标的监测户（加权户数）",
    };

    private static readonly Dictionary<string, string> s_breakdownColumns = new(StringComparer.Ordinal)
    {
        ["county_code"] = "县代码",
        ["year"] = "年度",
        ["dimension"] = "分类维度：category 监测对象类别 / cause 主要风险类型 / assistance 帮扶措施",
        ["code"] = "该维度的代码（见数据契约的代码表）",
        ["households_n"] = "年末监测户（样本户数）",
        ["households_w"] = "年末监测户（加权户数）",
    };

    // Own descriptions win; then the household measures by suffix; then the contract's column of the same name.
    private static Func<string, string?> Describe(Dictionary<string, string> own) => column =>
    {
        if (own.TryGetValue(column, out var text))
        {
            return text;
        }

        foreach (var (suffix, kind) in new[] { ("_n", "样本户数"), ("_w", "加权户数，Σ 样本权数") })
        {
            if (column.EndsWith(suffix, StringComparison.Ordinal) && s_householdMeasures.TryGetValue(column[..^suffix.Length], out var measure))
            {
                return $"{measure}（{kind}）";
            }
        }

        foreach (var table in DataContract.Tables.Where(t => s_contractSources.Contains(t.Name)))
        {
            if (table.Column(column) is { } c)
            {
                return c.Unit is "—" or "code" or "year" or "" ? c.Chinese : $"{c.Chinese}（{c.Unit}）";
            }
        }

        return null;
    };
}
