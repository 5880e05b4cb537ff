using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Warnings;

/// <summary>
/// Early-warning lists: counties whose KPIs miss their class targets, and households crossing thresholds (income under
/// the monitoring line, a sharp income drop, an unmet guarantee). Sorting and paging run in SQL (ORDER BY a
/// whitelisted column, LIMIT/OFFSET as parameters); CSV export streams the whole list. The lists sit where the metric
/// layer's flags meet the risk model's scores (<c>sort=risk</c>, the rows' risk fields), so this area depends on both
/// and neither depends on it. One instance per data version and model load (<c>AnalyticsSnapshot.Warnings</c>).
/// </summary>
public sealed partial class EarlyWarningService
{
    private const int MaxPageSize = 1000;
    private const string RiskSortKey = "risk";
    private const string RiskTablePrefix = "metric_household_risk_";

    // Numbers the instances' ranking tables: each instance ranks by its own table, so a newer model load can build its
    // ranking beside the one still used by requests in flight (see UseHouseholdRisk).
    private static int s_riskTables;

    // Sort keys → SQL. Only these texts ever reach ORDER BY.
    private static readonly Dictionary<string, string> s_householdSort = new(StringComparer.Ordinal)
    {
        ["income"] = "income",
        ["previous_income"] = "previous_income",
        ["income_change"] = "income_change",
        ["county"] = "county_code",
        ["household"] = "household_id",
        ["household_size"] = "household_size",
        [RiskSortKey] = "risk_score",
    };

    private static readonly Dictionary<string, string> s_countySort = new(StringComparer.Ordinal)
    {
        ["severity"] = "severity",
        ["flags"] = "flags",
        ["county"] = "county_code",
        ["below_line_share"] = "below_line_share",
        ["sharp_drop_share"] = "sharp_drop_share",
        ["return_to_poverty_rate"] = "return_to_poverty_rate",
        ["problem_rectification_rate"] = "problem_rectification_rate",
        ["guarantee_rectification_rate"] = "guarantee_rectification_rate",
        ["unrectified_problems"] = "unrectified_problems",
        ["unrectified_guarantee_problems"] = "unrectified_guarantee_problems",
    };

    private static readonly Dictionary<string, string> s_flags = new(StringComparer.Ordinal)
    {
        ["below_line"] = "below_line",
        ["sharp_drop"] = "sharp_drop",
        ["guarantee_gap"] = "guarantee_gap",
    };

    private static readonly string[] s_countyKpis =
    [
        KpiIds.BelowLineShare, KpiIds.SharpDropShare, KpiIds.ReturnToPovertyRate, KpiIds.ProblemRectificationRate, KpiIds.GuaranteeRectificationRate,
    ];

    private readonly KpiService _kpis;
    private readonly string _riskTable = RiskTablePrefix + Interlocked.Increment(ref s_riskTables).ToString(CultureInfo.InvariantCulture);
    private volatile bool _riskLoaded;

    /// <summary>Creates the service; it shares <paramref name="kpis"/>' source, aggregates and catalog.</summary>
    /// <param name="kpis">The KPI service.</param>
    internal EarlyWarningService(KpiService kpis)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        _kpis = kpis;
    }

    /// <summary>
    /// Gives the household list the risk model's probabilities, so that <c>sort=risk</c> orders the whole list (not one
    /// page) in SQL. Called once per model load (by <c>AnalyticsContext</c>): the probabilities go into a table of this
    /// instance's own (<c>metric_household_risk_&lt;n&gt;</c>) beside the data version's aggregates. A newer model load on
    /// the same data version gets another instance with the new scores; the old instance keeps its ranking until
    /// <see cref="DropHouseholdRisk"/>. Without it, <c>sort=risk</c> is accepted and every row ranks as unscored (by household id).
    /// </summary>
    /// <param name="scores">Every scored household.</param>
    internal void UseHouseholdRisk(IReadOnlyList<HouseholdRiskScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var ids = new long[scores.Count];
        var ranks = new double[scores.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = scores[i].HouseholdId;
            ranks[i] = scores[i].RawScore;
        }

        // The raw score orders exactly as the calibrated probability (a non-decreasing map of it) and also within
        // one calibration step; the pages show the probability itself.
        using var connection = _kpis.Connect();
        connection.Execute($"CREATE OR REPLACE TABLE {_riskTable} (household_id BIGINT, risk_score DOUBLE)");
        connection.AppendColumns(_riskTable, ids.Length, ids, ranks);

        _riskLoaded = true;
    }

    /// <summary>Drops the ranking table of <see cref="UseHouseholdRisk"/> once no list uses this instance any more (a
    /// newer model load replaced it); <c>sort=risk</c> on this instance then ranks every row as unscored.</summary>
    internal void DropHouseholdRisk()
    {
        _riskLoaded = false;
        using var connection = _kpis.Connect();
        connection.Execute($"DROP TABLE IF EXISTS {_riskTable}");
    }

    /// <summary>Sort columns of the household list.</summary>
    public static IReadOnlyCollection<string> HouseholdSortColumns => s_householdSort.Keys;

    /// <summary>Sort columns of the county list.</summary>
    public static IReadOnlyCollection<string> CountySortColumns => s_countySort.Keys;

    /// <summary>Household flags for <see cref="WarningQuery.Flag"/>.</summary>
    public static IReadOnlyCollection<string> HouseholdFlags => s_flags.Keys;

    /// <summary>Counties with a KPI off target in the period's year. Default sort: severity, descending.</summary>
    /// <param name="query">Period, prefecture, sort, page.</param>
    /// <exception cref="MetricArgumentException">Bad period, county, prefecture, sort column or paging.</exception>
    public WarningPage<CountyWarning> GetCountyWarnings(WarningQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (year, sortKey, descending, orderBy) = Prepare(query, s_countySort, "severity", defaultDescending: true);
        var kpis = s_countyKpis.Select(_kpis.Catalog.Get).ToArray();
        var scope = ScopeFilter(query);
        var parameters = new List<DuckDBParameter>
        {
            new("year", year), new("county", query.County ?? 0), new("prefecture", query.Prefecture ?? 0),
            new("limit", query.PageSize), new("offset", (long)(query.Page - 1) * query.PageSize),
        };
        parameters.AddRange(KpiService.ScopeParameters(scope));
        var levels = new List<string>();
        for (var i = 0; i < kpis.Length; i++)
        {
            var kpi = kpis[i];
            string Bound(Func<KpiThresholds, double> pick, string prefix)
            {
                var cases = new StringBuilder("CASE county_class");
                foreach (var cls in CodeLabels.CountyClass.Keys.Order())
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}_{cls}");
                    parameters.Add(new DuckDBParameter(name, kpi.ThresholdsFor(KpiLevel.County, cls) is { } t ? pick(t) : null));
                    cases.Append(CultureInfo.InvariantCulture, $" WHEN {cls} THEN ${name}::DOUBLE");
                }

                return cases.Append(" END").ToString();
            }

            var worse = kpi.Direction == KpiDirection.LowerIsBetter ? ">" : "<";
            levels.Add($"CASE WHEN v{i} {worse} {Bound(t => t.Warning, "w")} THEN 2 WHEN v{i} {worse} {Bound(t => t.Target, "t")} THEN 1 ELSE 0 END");
        }

        var values = string.Join(",\n    ", kpis.Select((k, i) => $"{k.ValueExpression} AS v{i}"));
        var sql = $"""
            WITH v AS (
                SELECT county_code, any_value(county_name) AS county_name, any_value(prefecture_code) AS prefecture_code,
                       any_value(county_class) AS county_class,
                       sum(problems_found) - sum(problems_rectified) AS unrectified_problems,
                       sum(guarantee_problems_found) - sum(guarantee_problems_fixed) AS unrectified_guarantee_problems,
                       {values}
                FROM {MetricStore.CountyYearTable}
                WHERE year = $year AND ($county = 0 OR county_code = $county) AND ($prefecture = 0 OR prefecture_code = $prefecture)
                  {KpiService.ScopeCondition(scope)}
                GROUP BY county_code
            ),
            l AS (
                SELECT v.*, {string.Join(", ", levels.Select((l, i) => $"{l} AS l{i}"))}
                FROM v
            ),
            s AS (
                SELECT l.*, v0 AS below_line_share, v1 AS sharp_drop_share, v2 AS return_to_poverty_rate,
                       v3 AS problem_rectification_rate, v4 AS guarantee_rectification_rate,
                       greatest({string.Join(", ", kpis.Select((_, i) => $"l{i}"))}) AS severity,
                       {string.Join(" + ", kpis.Select((_, i) => $"(l{i} > 0)::INTEGER"))} AS flags
                FROM l
            )
            SELECT *, count(*) OVER () AS total FROM s
            WHERE severity > 0
            ORDER BY {orderBy}, county_code
            LIMIT $limit OFFSET $offset
            """;
        using var connection = _kpis.Connect();
        var c = connection.QueryColumns(sql, parameters, new DuckDbRunOptions());
        var rows = new List<CountyWarning>(c.RowCount);
        var codes = c.GetInt64s("county_code");
        var names = c.GetStrings("county_name");
        var prefectures = c.GetInt64s("prefecture_code");
        var classes = c.GetInt64s("county_class");
        double? Get(string column, int row) => c[column].IsNull(row) ? null : c.GetDoubles(column)[row];
        var flags = c.GetInt64s("flags");
        var severity = c.GetInt64s("severity");
        for (var r = 0; r < c.RowCount; r++)
        {
            rows.Add(new CountyWarning(
                (int)codes[r], names[r] ?? string.Empty, (int)prefectures[r], (int)classes[r],
                Get("below_line_share", r), Get("sharp_drop_share", r), Get("return_to_poverty_rate", r),
                Get("problem_rectification_rate", r), Get("guarantee_rectification_rate", r),
                Get("unrectified_problems", r), Get("unrectified_guarantee_problems", r),
                (int)flags[r], severity[r] == 2 ? KpiStatus.Red : KpiStatus.Amber));
        }

        var total = c.RowCount > 0 ? c.GetInt64s("total")[0] : CountWhenPastEnd(connection, sql, parameters, query);
        return new WarningPage<CountyWarning>(rows, total, query.Page, query.PageSize, sortKey, descending);
    }

    /// <summary>Households crossing a threshold in the period's year. Default sort: income, ascending.</summary>
    /// <param name="query">Period, place, flag, sort, page.</param>
    /// <exception cref="MetricArgumentException">Bad period, county, prefecture, flag, sort column or paging.</exception>
    public WarningPage<HouseholdWarning> GetHouseholdWarnings(WarningQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (year, sortKey, descending, orderBy) = Prepare(query, s_householdSort, "income", defaultDescending: false);
        var (sql, parameters) = HouseholdSql(query, year, sortKey, orderBy);
        parameters.Add(new DuckDBParameter("limit", query.PageSize));
        parameters.Add(new DuckDBParameter("offset", (long)(query.Page - 1) * query.PageSize));
        using var connection = _kpis.Connect();
        var (rows, total) = ReadHouseholds(connection, sql, parameters);
        if (rows.Count == 0)
        {
            total = CountWhenPastEnd(connection, sql, parameters, query);
        }

        return new WarningPage<HouseholdWarning>(rows, total, query.Page, query.PageSize, sortKey, descending);
    }

    private (string Sql, List<DuckDBParameter> Parameters) HouseholdSql(WarningQuery query, int year, string sortKey, string orderBy)
    {
        string flagFilter;
        if (string.IsNullOrEmpty(query.Flag))
        {
            flagFilter = "(below_line OR sharp_drop OR guarantee_gap)";
        }
        else if (s_flags.TryGetValue(query.Flag, out var column))
        {
            flagFilter = column;
        }
        else
        {
            throw new MetricArgumentException(
                "flag",
                $"未知的预警类型 \"{MetricArgumentException.Shorten(query.Flag)}\",可用:{string.Join(", ", s_flags.Keys)}",
                $"Unknown warning flag \"{MetricArgumentException.Shorten(query.Flag)}\"; known: {string.Join(", ", s_flags.Keys)}.");
        }

        var scope = ScopeFilter(query);
        // Only a risk sort joins the probabilities; without a loaded model every row is unscored (NULL).
        var source = sortKey != RiskSortKey
            ? MetricStore.HouseholdFlagsTable
            : _riskLoaded
                ? $"{MetricStore.HouseholdFlagsTable} LEFT JOIN {_riskTable} USING (household_id)"
                : $"(SELECT *, NULL::DOUBLE AS risk_score FROM {MetricStore.HouseholdFlagsTable})";
        var sql = $"""
            SELECT *, count(*) OVER () AS total
            FROM {source}
            WHERE year = $year AND ($county = 0 OR county_code = $county) AND ($prefecture = 0 OR prefecture_code = $prefecture)
              AND {flagFilter} {KpiService.ScopeCondition(scope)}
            ORDER BY {orderBy}, household_id
            LIMIT $limit OFFSET $offset
            """;
        var parameters = new List<DuckDBParameter>
        {
            new("year", year), new("county", query.County ?? 0), new("prefecture", query.Prefecture ?? 0),
        };
        parameters.AddRange(KpiService.ScopeParameters(scope));
        return (sql, parameters);
    }

    private static (List<HouseholdWarning> Rows, long Total) ReadHouseholds(DuckDBConnection connection, string sql, List<DuckDBParameter> parameters)
    {
        var c = connection.QueryColumns(sql, parameters, new DuckDbRunOptions());
        var ids = c.GetInt64s("household_id");
        var counties = c.GetInt64s("county_code");
        var countyNames = c.GetStrings("county_name");
        var names = c.GetStrings("head_name_masked");
        var idNumbers = c.GetStrings("head_id_number_masked");
        var sizes = c.GetInt64s("household_size");
        var income = c.GetDoubles("income");
        var previous = c.GetDoubles("previous_income");
        var change = c.GetDoubles("income_change");
        var line = c.GetDoubles("monitoring_line");
        var status = c.GetInt64s("monitoring_status");
        var category = c.GetDoubles("monitored_category");
        var cause = c.GetDoubles("primary_risk_cause");
        var below = c["below_line"].As<bool>();
        var drop = c["sharp_drop"].As<bool>();
        var gap = c["guarantee_gap"].As<bool>();
        static double? N(double v) => double.IsNaN(v) ? null : v;
        static int? I(double v) => double.IsNaN(v) ? null : (int)v;
        var rows = new List<HouseholdWarning>(c.RowCount);
        for (var r = 0; r < c.RowCount; r++)
        {
            rows.Add(new HouseholdWarning(
                ids[r], (int)counties[r], countyNames[r] ?? string.Empty,
                names[r] ?? string.Empty, idNumbers[r] ?? string.Empty, (int)sizes[r],
                income[r], N(previous[r]), N(change[r]), N(line[r]), (int)status[r], I(category[r]), I(cause[r]),
                below[r], drop[r], gap[r]));
        }

        return (rows, c.RowCount > 0 ? c.GetInt64s("total")[0] : 0);
    }

    // A page past the end has no row to carry the window count; count the list on its own then.
    private static long CountWhenPastEnd(DuckDBConnection connection, string sql, List<DuckDBParameter> parameters, WarningQuery query)
    {
        if (query.Page == 1)
        {
            return 0;
        }

        var counted = parameters.Select(p => p.ParameterName switch
        {
            "limit" => new DuckDBParameter("limit", 1),
            "offset" => new DuckDBParameter("offset", 0L),
            _ => p,
        }).ToList();
        var c = connection.QueryColumns(sql, counted, new DuckDbRunOptions());
        return c.RowCount > 0 ? c.GetInt64s("total")[0] : 0;
    }

    private KpiService.Filter ScopeFilter(WarningQuery query) =>
        query.Scope is null || query.Scope.IsProvince
            ? KpiService.Filter.None
            : KpiService.Filter.None with { Counties = _kpis.CountiesIn(query.Scope).ToArray() };

    private (int Year, string SortKey, bool Descending, string OrderBy) Prepare(WarningQuery query, Dictionary<string, string> sortColumns, string defaultSort, bool defaultDescending)
    {
        var period = _kpis.ResolvePeriod(query.Period);
        var scope = query.Scope ?? DataScope.Province;
        if (query.County is { } county)
        {
            var info = _kpis.GetCounty(county);
            if (!scope.Covers(info.Code, info.PrefectureCode))
            {
                throw new OutOfScopeException("county", county, scope);
            }
        }

        if (query.Prefecture is { } prefecture && !_kpis.Counties.Values.Any(c => c.PrefectureCode == prefecture))
        {
            throw new MetricArgumentException(
                "prefecture",
                $"未知的设区市代码 {prefecture}(如 140100 太原市)",
                $"Unknown prefecture code {prefecture} (e.g. 140100 Taiyuan).");
        }

        // A prefecture filter is allowed when the scope reaches into it; the rows stay limited to the scope.
        if (query.Prefecture is { } filtered && !_kpis.Counties.Values.Any(c => c.PrefectureCode == filtered && scope.Covers(c.Code, c.PrefectureCode)))
        {
            throw new OutOfScopeException("prefecture", filtered, scope);
        }

        if (query.Page < 1)
        {
            throw new MetricArgumentException("page", $"页码必须从 1 开始,收到 {query.Page}", $"Page numbers start at 1; got {query.Page}.");
        }

        if (query.PageSize is < 1 or > MaxPageSize)
        {
            throw new MetricArgumentException(
                "pageSize", $"每页行数应在 1 到 {MaxPageSize} 之间,收到 {query.PageSize}", $"Page size must be 1 to {MaxPageSize}; got {query.PageSize}.");
        }

        var sortKey = string.IsNullOrEmpty(query.Sort) ? defaultSort : query.Sort;
        if (!sortColumns.TryGetValue(sortKey, out var column))
        {
            throw new MetricArgumentException(
                "sort",
                $"不能按 \"{MetricArgumentException.Shorten(query.Sort)}\" 排序,可用:{string.Join(", ", sortColumns.Keys)}",
                $"Cannot sort by \"{MetricArgumentException.Shorten(query.Sort)}\"; sortable columns: {string.Join(", ", sortColumns.Keys)}.");
        }

        var descending = query.Descending ?? (string.IsNullOrEmpty(query.Sort) && defaultDescending);
        return (period.Year, sortKey, descending, $"{column} {(descending ? "DESC" : "ASC")} NULLS LAST");
    }
}
