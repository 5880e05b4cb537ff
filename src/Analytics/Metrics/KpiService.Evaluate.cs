using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Metrics;

// The one place KPI definitions become SQL: values of several KPIs of one grain, grouped at a level, over a period
// range, optionally restricted to a class, prefecture or county. Only catalog expressions and fixed column names are
// spliced into the text; every caller-supplied value is a parameter.
public sealed partial class KpiService
{
    // Counties: only these (a user's data scope); null for all.
    internal sealed record Filter(int CountyClass, int Prefecture, int County, int[]? Counties = null)
    {
        internal static Filter None { get; } = new(0, 0, 0);
    }

    internal sealed record EvaluatedRow(int Key, int Year, int Month, double?[] Values);

    /// <summary>Evaluates <paramref name="kpis"/> (all of one grain). For yearly KPIs <paramref name="from"/> and
    /// <paramref name="to"/> are years; for monthly KPIs <c>year × 100 + month</c>.</summary>
    internal static List<EvaluatedRow> Evaluate(DuckDBConnection connection, IReadOnlyList<KpiDefinition> kpis, KpiLevel level, Filter filter, int from, int to)
    {
        if (kpis.Count == 0)
        {
            return [];
        }

        var grain = kpis[0].Grain;
        if (kpis.Any(k => k.Grain != grain))
        {
            throw new ArgumentException("指标的时间粒度必须一致 / All KPIs of one evaluation must share a grain.", nameof(kpis));
        }

        var key = level switch
        {
            KpiLevel.Province => "0",
            KpiLevel.CountyClass => "county_class",
            KpiLevel.Prefecture => "prefecture_code",
            _ => "county_code",
        };
        var monthColumn = grain == KpiGrain.Month ? "month" : "0";
        var period = grain == KpiGrain.Month ? "year * 100 + month" : "year";
        var values = string.Join(", ", kpis.Select((k, i) => $"{k.ValueExpression} AS v{i}"));
        var sql = $"""
            SELECT {key}::INTEGER AS k, year::INTEGER AS year, {monthColumn}::INTEGER AS month, {values}
            FROM {kpis[0].FactTable}
            WHERE {period} BETWEEN $from AND $to
              AND ($class = 0 OR county_class = $class)
              AND ($prefecture = 0 OR prefecture_code = $prefecture)
              AND ($county = 0 OR county_code = $county)
              {ScopeCondition(filter)}
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            """;
        DuckDBParameter[] parameters =
        [
            new("from", from), new("to", to), new("class", filter.CountyClass), new("prefecture", filter.Prefecture), new("county", filter.County),
            .. ScopeParameters(filter),
        ];
        var columns = connection.QueryColumns(sql, parameters, new DuckDbRunOptions());
        var keys = columns.GetInt64s("k");
        var years = columns.GetInt64s("year");
        var months = columns.GetInt64s("month");
        var data = kpis.Select((_, i) => columns.GetDoubles("v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var rows = new List<EvaluatedRow>(columns.RowCount);
        for (var r = 0; r < columns.RowCount; r++)
        {
            var row = new double?[kpis.Count];
            for (var i = 0; i < kpis.Count; i++)
            {
                var v = data[i][r];
                row[i] = double.IsNaN(v) || double.IsInfinity(v) ? null : v;
            }

            rows.Add(new EvaluatedRow((int)keys[r], (int)years[r], (int)months[r], row));
        }

        return rows;
    }

    // The scope's county codes travel as one list parameter; the text only says whether there is a list.
    internal static string ScopeCondition(Filter filter) => filter.Counties is null ? string.Empty : "AND list_contains($scope_counties, county_code)";

    internal static IEnumerable<DuckDBParameter> ScopeParameters(Filter filter) =>
        filter.Counties is { } counties ? [new DuckDBParameter("scope_counties", counties)] : [];
}
