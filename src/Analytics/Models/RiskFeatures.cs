using System.Globalization;
using System.Text;

namespace RevivalAnalytics.Models;

/// <summary>
/// The risk model's features, built only from what is known at the end of the cutoff year: that year's and
/// earlier household years, static household traits, and county indicators up to the cutoff. The label —
/// newly identified as a monitored object in year t + 1, or per-capita net income of year t + 1 below that
/// year's monitoring line — comes from year t + 1 and is never an input.
/// </summary>
internal static class RiskFeatures
{
    public static IReadOnlyList<FeatureDefinition> All { get; } =
    [
        new("income_margin", "f.margin", "收入高于监测线的幅度", "income margin above the monitoring line"),
        new("income_margin_min_3y", "f.min_margin_3y", "近三年最低收入余量", "lowest income margin in three years"),
        new("income_trend", "f.growth", "收入较上年变化", "income change on the previous year"),
        new("income_volatility", "f.volatility", "收入波动", "income volatility"),
        new("wage_share", "f.wage / nullif(f.income, 0)", "工资性收入占比", "share of wage income"),
        new("business_share", "f.business / nullif(f.income, 0)", "经营性收入占比", "share of business income"),
        new("transfer_share", "f.transfer / nullif(f.income, 0)", "转移性收入(含帮扶)占比", "share of transfer income (incl. assistance)"),
        new("expense_burden", "f.unavoidable_expense / nullif(f.income * h.household_size, 0)", "刚性支出负担(医疗、教育、灾损)", "burden of unavoidable spending (medical, schooling, disaster)"),
        new("household_size", "h.household_size", "家庭人口", "household size"),
        new("labour_count", "h.labour_count", "劳动力人数", "labourers in the household"),
        new("labour_share", "h.labour_count / h.household_size", "劳动力占家庭人口比例", "share of labourers in the household"),
        new("labour_in_work_share", "f.labour_in_work / nullif(h.labour_count, 0)", "务工就业劳动力比例", "share of labourers in work"),
        new("elderly_count", "h.elderly_count", "60岁以上老人", "members aged 60 or more"),
        new("student_count", "h.student_count", "在校生", "pupils and students"),
        new("chronic_ill_count", "h.chronic_ill_count", "慢性病/大病人数", "members with chronic or serious illness"),
        new("disabled_count", "h.disabled_count", "残疾人数", "members with disability"),
        new("relocated", "CAST(h.relocated AS INTEGER)", "易地扶贫搬迁户", "relocated household"),
        new("low_income_pool", "CAST(h.household_type = 2 AS INTEGER)", "一般农户(低收入监测库)", "ordinary household in the low-income pool"),
        new("years_since_exit", "f.year - h.poverty_exit_year", "脱贫年限", "years since leaving poverty"),
        new("illness_this_year", "CAST((f.risk_cause_mask & 1) <> 0 AS INTEGER)", "本年因病", "illness this year"),
        new("disaster_this_year", "CAST((f.risk_cause_mask & 16) <> 0 AS INTEGER)", "本年受灾", "hit by a disaster this year"),
        new("job_loss_this_year", "CAST((f.risk_cause_mask & 96) <> 0 AS INTEGER)", "本年务工不稳(含疫情)", "unstable employment this year (incl. epidemic)"),
        new("business_failure_this_year", "CAST((f.risk_cause_mask & 256) <> 0 AS INTEGER)", "本年产业失败", "failed business this year"),
        new("monitored_now", "CAST(f.monitoring_status = 1 AS INTEGER)", "当前为监测对象(风险未消除)", "monitored now (risk not eliminated)"),
        new("risk_eliminated", "CAST(f.monitoring_status = 2 AS INTEGER)", "曾纳入监测、风险已消除", "monitored before, risk eliminated"),
        new("assistance_count", "bit_count(f.assistance_mask)", "正在享受的帮扶措施数", "assistance measures received"),
        new("guarantee_gaps", "f.guarantee_gaps", "两不愁三保障及饮水未达标项数", "unmet basic guarantees (food, schooling, medical, housing, water)"),
        new("county_class", "k.county_class", "县域类别(三类县)", "county class"),
        new("former_poverty_county", "k.former_poverty_status", "原贫困县", "former poverty county"),
        new("county_income_level", "k.county_income_rel", "县农村居民收入水平(相对全省)", "county rural income relative to the province"),
        new("county_income_growth", "k.county_income_growth", "县农村居民收入增速", "county rural income growth"),
        new("county_disasters_3y", "k.county_disasters_3y", "县近三年受灾次数", "county disaster years in the last three"),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    /// <summary>
    /// How a missing value (a share of no income, years since exit of a household that never was poor, a growth without
    /// last year) is coded: below every real value, so every split sends it left. ML.NET reads LightGbm's learned
    /// direction for missing values into a field it does not expose; with no NaN in the data the trees need none, and
    /// our evaluator and TreeSHAP read the same trees ML.NET does.
    /// </summary>
    public const float Missing = -1e9f;

    // What the look-backs read from each household-year; the labelled and the scoring query share it.
    private const string IncomeLevels = "ln(greatest(hy.income, 1)) AS log_income, ln(greatest(hy.income, 1) / l.simulation_line) AS margin";

    // The look-backs, as joins on the previous years (m1…m3: a household's records one to three years back): hash joins
    // on (household, year), each built on one year of households, cost less than a window's sort of every household-year
    // (at 2,000,000 households scoring's feature query went from about 7 s to 4 s at the same load). The volatility of
    // three growths is written out rather than a window over a window.
    private const string LookBacks = """
        m0.log_income - m1.log_income AS growth,
                           list_stddev_samp([
                               m0.log_income - m1.log_income,
                               m1.log_income - m2.log_income,
                               m2.log_income - m3.log_income]) AS volatility,
                           list_min([m0.margin, m1.margin, m2.margin]) AS min_margin_3y
        """;

    /// <summary>
    /// Builds the frame for every eligible household at each cutoff year in [<paramref name="firstCutoff"/>,
    /// <paramref name="lastCutoff"/>], ordered by cutoff year and household; without <paramref name="labels"/> (for
    /// scoring) the labels are NaN and the query is cheaper.
    /// </summary>
    public static RiskFrame Load(ModelDataSource data, int firstCutoff, int lastCutoff, bool labels = true)
    {
        var builder = new RiskFrameBuilder();
        data.Read(BuildSql(data, firstCutoff, lastCutoff, labels), builder.Append);
        return builder.Build().WithMissingCoded();
    }

    /// <summary>
    /// The feature query: the cutoff years' household-years joined to the same households' records one to three years
    /// before (and, with labels, one year after). Scoring and training share it; without labels the next year is not
    /// read. No ORDER BY: RiskFrameBuilder orders the keys, cheaper than sorting millions of wide rows here.
    /// </summary>
    internal static string BuildSql(ModelDataSource data, int firstCutoff, int lastCutoff, bool labels = true)
    {
        var select = new StringBuilder();
        foreach (var feature in All)
        {
            select.Append(CultureInfo.InvariantCulture, $",\n    CAST({feature.Sql} AS FLOAT) AS {feature.Name}");
        }

        var first = firstCutoff.ToString(CultureInfo.InvariantCulture);
        var last = lastCutoff.ToString(CultureInfo.InvariantCulture);
        var next = labels
            ? $"""
                n AS (
                    SELECT household_id, CAST(year AS INTEGER) - 1 AS year, per_capita_net_income AS next_income,
                           newly_identified AS next_identified, TRUE AS present
                    FROM {data.Table("household_years")}
                    WHERE year >= {(firstCutoff + 1).ToString(CultureInfo.InvariantCulture)} AND year <= {(lastCutoff + 1).ToString(CultureInfo.InvariantCulture)}
                ),
                """
            : "";
        var history = $"""
            {LagSource(data, "m1", 1, firstCutoff, lastCutoff)},
            {LagSource(data, "m2", 2, firstCutoff, lastCutoff)},
            {LagSource(data, "m3", 3, firstCutoff, lastCutoff)},
            {next}
            f AS (
                SELECT m0.*,
                       {LookBacks}{(labels ? ",\n       coalesce(n.present, FALSE) AS has_next, n.next_income, n.next_identified" : "")}
                FROM (SELECT hy.*, l.monitoring_line, {IncomeLevels} FROM hy JOIN lines l USING (year)) m0
                LEFT JOIN m1 USING (household_id, year)
                LEFT JOIN m2 USING (household_id, year)
                LEFT JOIN m3 USING (household_id, year)
                {(labels ? "LEFT JOIN n USING (household_id, year)" : "")}
            ),
            """;
        var label = labels
            ? """
                CASE WHEN f.has_next AND nl.monitoring_line IS NOT NULL
                        THEN CAST(f.next_identified OR f.next_income < nl.monitoring_line AS FLOAT) END
                """
            : "CAST(NULL AS FLOAT)";
        var nextLine = labels ? "LEFT JOIN lines nl ON nl.year = f.year + 1" : "";

        return $"""
            WITH lines AS (
                SELECT CAST(year AS INTEGER) AS year, monitoring_line, simulation_line FROM {data.Table("monitoring_lines")}
            ),
            hy AS (
                SELECT household_id, CAST(year AS INTEGER) AS year, county_code, poverty_status,
                       per_capita_net_income AS income, per_capita_wage_income AS wage,
                       per_capita_business_income AS business, per_capita_transfer_income AS transfer,
                       unavoidable_expense, labour_in_work, risk_cause_mask, monitoring_status,
                       newly_identified, assistance_mask,
                       CAST(NOT food_clothing_secure AS INTEGER) + CAST(NOT compulsory_education_secure AS INTEGER)
                         + CAST(NOT basic_medical_secure AS INTEGER) + CAST(NOT housing_secure AS INTEGER)
                         + CAST(NOT drinking_water_secure AS INTEGER) AS guarantee_gaps
                FROM {data.Table("household_years")}
                WHERE year >= {first} AND year <= {last}
            ),
            {history}
            k AS (
                SELECT ci.county_code, CAST(ci.year AS INTEGER) AS year, c.county_class, c.former_poverty_status,
                       ln(ci.rural_income_per_capita) - ln(avg(ci.rural_income_per_capita) OVER (PARTITION BY ci.year)) AS county_income_rel,
                       ln(ci.rural_income_per_capita) - ln(lag(ci.rural_income_per_capita) OVER (PARTITION BY ci.county_code ORDER BY ci.year)) AS county_income_growth,
                       sum(CAST(ci.disaster_level > 0 AS INTEGER)) OVER (PARTITION BY ci.county_code ORDER BY ci.year ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS county_disasters_3y
                FROM {data.Table("county_indicators")} ci JOIN {data.Table("counties")} c USING (county_code)
            )
            SELECT CAST(f.household_id AS BIGINT) AS household_id, f.year AS cutoff_year, CAST(f.county_code AS INTEGER) AS county_code,
                   CAST(k.county_class AS INTEGER) AS county_class, CAST(h.sample_weight AS DOUBLE) AS sample_weight,
                   {label} AS label{select}
            FROM f
            JOIN {data.Table("households")} h USING (household_id)
            JOIN k ON k.county_code = f.county_code AND k.year = f.year
            {nextLine}
            WHERE f.poverty_status <> 1 AND f.monitoring_line IS NOT NULL
              AND f.year BETWEEN {first} AND {last}
            """;
    }

    /// <summary>
    /// A look-back of the feature query: each household's log income and margin <paramref name="yearsBack"/> years before
    /// each cutoff, keyed by the cutoff year. Read on its own from the years it needs, so that each join builds its hash
    /// table on one year of households rather than on every year of the history.
    /// </summary>
    private static string LagSource(ModelDataSource data, string name, int yearsBack, int firstCutoff, int lastCutoff) => $"""
        {name} AS (
            SELECT hy.household_id, hy.year + {yearsBack.ToString(CultureInfo.InvariantCulture)} AS year, {IncomeLevels}
            FROM (
                SELECT household_id, CAST(year AS INTEGER) AS year, per_capita_net_income AS income
                FROM {data.Table("household_years")}
                WHERE year >= {(firstCutoff - yearsBack).ToString(CultureInfo.InvariantCulture)} AND year <= {(lastCutoff - yearsBack).ToString(CultureInfo.InvariantCulture)}
            ) hy JOIN lines l USING (year)
        )
        """;

    /// <summary>The years whose monitoring line exists (the monitoring mechanism runs), ascending.</summary>
    public static int[] MonitoringYears(ModelDataSource data)
    {
        var columns = data.Query($"SELECT CAST(year AS INTEGER) AS year FROM {data.Table("monitoring_lines")} WHERE monitoring_line IS NOT NULL ORDER BY year");
        return Array.ConvertAll(columns.GetInt64s("year"), v => (int)v);
    }
}
