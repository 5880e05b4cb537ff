using System.Globalization;
using DuckDB.NET.Data;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Metrics;

public sealed partial class KpiService
{
    /// <summary>Everything the county page shows: KPI values with class-threshold status, trends of every yearly KPI,
    /// monitored households by category, cause and assistance measure, problems and rectification, and the latest
    /// monthly snapshot.</summary>
    /// <param name="countyCode">GB/T 2260 code.</param>
    /// <param name="period">The period; null for the latest year.</param>
    /// <param name="scope">The caller's scope; null for the province.</param>
    /// <exception cref="MetricArgumentException">Unknown county (<c>county</c>) or malformed/unknown period (<c>period</c>).</exception>
    /// <exception cref="OutOfScopeException">The county is outside <paramref name="scope"/>.</exception>
    public CountyDetail GetCountyDetail(int countyCode, string? period = null, DataScope? scope = null)
    {
        var snapshot = _store.Current();
        var county = County(snapshot, countyCode);
        EnsureCovered(scope ?? DataScope.Province, county, "county");
        var p = Resolve(snapshot, period);
        return Cached(snapshot, $"county|{countyCode}|{p}", () => CountyDetailFor(snapshot, county, p));
    }

    private CountyDetail CountyDetailFor(MetricSnapshot snapshot, CountyInfo county, MetricPeriod p)
    {
        var countyCode = county.Code;
        var filter = Filter.None with { County = countyCode };
        var yearly = Catalog.All.Where(k => k.Grain == KpiGrain.Year).ToList();
        using var connection = _store.Source.Connect();
        var rows = Evaluate(connection, yearly, KpiLevel.County, filter, snapshot.Years[0], snapshot.Years[^1]);
        var values = yearly.Select((k, i) =>
        {
            var value = Find(rows, countyCode, p.Year, 0, i);
            return new KpiValue(k.Id, value, k.Classify(value, KpiLevel.County, county.CountyClass), k.ThresholdsFor(KpiLevel.County, county.CountyClass));
        }).ToList();
        var trends = yearly.Select((k, i) => new KpiSeries(k.Id, KpiLevel.County, countyCode, rows
            .Select(r => new KpiPoint(r.Year.ToString(CultureInfo.InvariantCulture), r.Values[i], k.Classify(r.Values[i], KpiLevel.County, county.CountyClass)))
            .ToList())).ToList();

        return new CountyDetail(
            county,
            p.ToString(),
            values,
            trends,
            Breakdown(connection, countyCode, p.Year, "category", CodeLabels.MonitoredCategory, Filter.None),
            Breakdown(connection, countyCode, p.Year, "cause", CodeLabels.RiskCause, Filter.None),
            Breakdown(connection, countyCode, p.Year, "assistance", CodeLabels.Assistance, Filter.None),
            Problems(connection, countyCode, p.Year),
            LatestSnapshot(connection, snapshot, countyCode, p));
    }

    /// <summary>Monitored households (risk not eliminated at year end) by category, cause or assistance measure, for
    /// the province (<paramref name="countyCode"/> null) or one county.</summary>
    /// <param name="dimension"><c>category</c>, <c>cause</c> or <c>assistance</c>.</param>
    /// <param name="period">The period (its year is used); null for the latest year.</param>
    /// <param name="countyCode">A county, or null for the province.</param>
    /// <param name="scope">The caller's scope: without a county, the scope's counties are summed; null for the province.</param>
    /// <exception cref="MetricArgumentException">Unknown dimension (<c>dimension</c>), county or period.</exception>
    /// <exception cref="OutOfScopeException">The county is outside <paramref name="scope"/>.</exception>
    public IReadOnlyList<BreakdownItem> GetMonitoredBreakdown(string dimension, string? period = null, int? countyCode = null, DataScope? scope = null)
    {
        var snapshot = _store.Current();
        scope ??= DataScope.Province;
        var labels = dimension switch
        {
            "category" => CodeLabels.MonitoredCategory,
            "cause" => CodeLabels.RiskCause,
            "assistance" => CodeLabels.Assistance,
            _ => throw new MetricArgumentException(
                "dimension",
                $"未知的分组维度 \"{MetricArgumentException.Shorten(dimension)}\",可用:category, cause, assistance",
                $"Unknown dimension \"{MetricArgumentException.Shorten(dimension)}\"; known: category, cause, assistance."),
        };
        if (countyCode is { } code)
        {
            EnsureCovered(scope, County(snapshot, code), "county");
        }

        var p = Resolve(snapshot, period);
        var filter = countyCode is null ? ScopeFilter(snapshot, scope) : Filter.None;
        return Cached<IReadOnlyList<BreakdownItem>>(snapshot, $"breakdown|{dimension}|{p.Year}|{countyCode}|{scope}", () =>
        {
            using var connection = _store.Source.Connect();
            return Breakdown(connection, countyCode ?? 0, p.Year, dimension, labels, filter);
        });
    }

    private static List<BreakdownItem> Breakdown(DuckDBConnection connection, int countyCode, int year, string dimension, IReadOnlyDictionary<int, (string Zh, string En)> labels, Filter scope)
    {
        var columns = connection.QueryColumns(
            $"""
            SELECT code, sum(households_n) AS n, sum(households_w) AS w
            FROM {MetricStore.BreakdownTable}
            WHERE year = $year AND dimension = $dimension AND ($county = 0 OR county_code = $county) {ScopeCondition(scope)}
            GROUP BY code
            """,
            [new DuckDBParameter("year", year), new DuckDBParameter("dimension", dimension), new DuckDBParameter("county", countyCode), .. ScopeParameters(scope)],
            new DuckDbRunOptions());
        var codes = columns.GetInt64s("code");
        var counts = columns.GetDoubles("n");
        var weights = columns.GetDoubles("w");
        var found = new Dictionary<int, (long N, double W)>();
        for (var i = 0; i < codes.Length; i++)
        {
            found[(int)codes[i]] = ((long)counts[i], weights[i]);
        }

        // Every code is listed, zero included, so charts keep their categories in a fixed order.
        return labels.OrderBy(l => l.Key).Select(l =>
        {
            var (n, w) = found.GetValueOrDefault(l.Key);
            return new BreakdownItem(l.Key, l.Value.Zh, l.Value.En, n, w);
        }).ToList();
    }

    private static List<ProblemLine> Problems(DuckDBConnection connection, int countyCode, int year)
    {
        var c = connection.QueryColumns(
            $"""
            SELECT problems_found, problems_rectified, dropout_students_found, dropout_students_returned,
                   medical_insurance_target, medical_insured, unsafe_houses_found, unsafe_houses_fixed,
                   water_dangers_found, water_dangers_fixed
            FROM {MetricStore.CountyYearTable} WHERE county_code = $1 AND year = $2
            """,
            countyCode,
            year);
        double? Get(string name) => c.RowCount == 0 || c[name].IsNull(0) ? null : c.GetDoubles(name)[0];
        ProblemLine Line(string zh, string en, string found, string fixedColumn)
        {
            var f = Get(found);
            var r = Get(fixedColumn);
            return new ProblemLine(zh, en, f, r, f is > 0 && r is { } rr ? 100 * rr / f.Value : null);
        }

        return
        [
            Line("排查发现问题整改", "Problems found in checks", "problems_found", "problems_rectified"),
            Line("控辍保学", "School dropouts returned", "dropout_students_found", "dropout_students_returned"),
            Line("基本医保参保", "Basic medical insurance", "medical_insurance_target", "medical_insured"),
            Line("住房安全", "Unsafe houses fixed", "unsafe_houses_found", "unsafe_houses_fixed"),
            Line("饮水安全", "Drinking-water dangers fixed", "water_dangers_found", "water_dangers_fixed"),
        ];
    }

    private static MonthlySnapshotSummary? LatestSnapshot(DuckDBConnection connection, MetricSnapshot snapshot, int countyCode, MetricPeriod p)
    {
        var limit = p.Month is { } month ? MonthKey(p.Year, month) : MonthKey(p.Year, 12);
        var latest = snapshot.Months.Where(m => MonthKey(m.Year, m.Month) <= limit).Select(m => ((int, int)?)m).LastOrDefault();
        if (latest is not { } m)
        {
            return null;
        }

        var c = connection.QueryColumns(
            $"""
            SELECT monitored_n, monitored_w, newly_identified_w, eliminated_w, below_line_w, guarantee_gap_w
            FROM {MetricStore.CountyMonthTable} WHERE county_code = $1 AND year = $2 AND month = $3
            """,
            countyCode,
            m.Item1,
            m.Item2);
        if (c.RowCount == 0)
        {
            return null;
        }

        return new MonthlySnapshotSummary(
            new MetricPeriod(m.Item1, m.Item2).ToString(),
            (long)c.GetDoubles("monitored_n")[0],
            c.GetDoubles("monitored_w")[0],
            c.GetDoubles("newly_identified_w")[0],
            c.GetDoubles("eliminated_w")[0],
            c.GetDoubles("below_line_w")[0],
            c.GetDoubles("guarantee_gap_w")[0]);
    }
}
