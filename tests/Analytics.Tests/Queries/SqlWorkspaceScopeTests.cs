using System.Globalization;
using DuckDB.NET.Data;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Queries;
using RevivalAnalytics.Tests.Metrics;

namespace RevivalAnalytics.Tests.Queries;

/// <summary>A prefecture-scoped workspace over a generated export: it holds the scope's rows only, and no query —
/// the sandbox's escapes and everything aimed at other rows or raw personal data — reaches anything else.</summary>
public sealed class SqlWorkspaceScopeTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>
{
    private const int Prefecture = 140100;

    private static readonly DataScope s_scope = DataScope.ForPrefecture(Prefecture);

    [Theory]
    [InlineData("households")]
    [InlineData("household_years")]
    [InlineData("monitoring_snapshots")]
    [InlineData("county_indicators")]
    [InlineData("villages")]
    [InlineData("counties")]
    public void OpenWithoutPersonalData_Prefecture_EachTableHoldsExactlyTheScopeRows(string table)
    {
        using var database = TestWorkspaces.OpenWithoutPersonalData(fixture.Root, scope: s_scope);

        var inWorkspace = database.Sandbox.QueryColumns($"SELECT count(*) AS n FROM {table}").GetInt64s("n")[0];
        var expected = fixture.Scalar($"SELECT count(*) FROM {table} WHERE county_code // 100 * 100 = ?", Prefecture);
        var outside = database.Sandbox.QueryColumns($"SELECT count(*) AS n FROM {table} WHERE county_code // 100 * 100 <> {Prefecture}").GetInt64s("n")[0];

        Assert.True(inWorkspace > 0);
        Assert.Equal(expected, inWorkspace);
        Assert.Equal(0, outside);
    }

    [Fact]
    public void OpenWithoutPersonalData_Prefecture_VillageYearsFilteredByVillageCode()
    {
        using var database = TestWorkspaces.OpenWithoutPersonalData(fixture.Root, scope: s_scope);

        var n = database.Sandbox.QueryColumns("SELECT count(*) AS n FROM village_years").GetInt64s("n")[0];

        Assert.Equal(fixture.Scalar("SELECT count(*) FROM village_years WHERE village_code // 100000000 * 100 = ?", Prefecture), n);
    }

    [Fact]
    public void OpenWithoutPersonalData_Prefecture_PlacelessMonitoringLinesStayWhole()
    {
        using var database = TestWorkspaces.OpenWithoutPersonalData(fixture.Root, scope: s_scope);

        Assert.Equal(fixture.Scalar("SELECT count(*) FROM monitoring_lines"), database.Sandbox.QueryColumns("SELECT count(*) AS n FROM monitoring_lines").GetInt64s("n")[0]);
    }

    [Fact]
    public void OpenWithoutPersonalData_County_AggregatesEqualTheCountyAlone()
    {
        var county = (int)fixture.Scalar("SELECT min(county_code) FROM households WHERE county_code // 100 * 100 = 140200")!.Value;
        using var database = TestWorkspaces.OpenWithoutPersonalData(fixture.Root, scope: DataScope.ForCounties([county]));

        var income = database.Sandbox.QueryColumns("SELECT sum(per_capita_net_income) AS v FROM household_years").GetDoubles("v")[0];

        Assert.Equal(fixture.Scalar("SELECT sum(per_capita_net_income) FROM household_years WHERE county_code = ?", county)!.Value, income, 6);
    }

    public static TheoryData<string> Kpis => new(KpiCatalog.Default.All.Select(k => k.Id));

    [Theory]
    [MemberData(nameof(Kpis))]
    public void Open_Prefecture_KpiSqlOverMetricTablesEqualsTheMetricLayer(string kpiId)
    {
        using var context = AnalyticsContext.Open(fixture.Root);
        using var lease = context.Sql.Open(s_scope, TestContext.Current.CancellationToken);
        var kpi = KpiCatalog.Default.Get(kpiId);
        var period = kpi.Grain == KpiGrain.Year ? context.Metrics.Years[^1].ToString(CultureInfo.InvariantCulture) : context.Metrics.Months[^1];
        var resolved = context.Metrics.ResolvePeriod(period);
        List<DuckDBParameter> parameters = [new("year", resolved.Year)];
        if (kpi.Grain == KpiGrain.Month)
        {
            parameters.Add(new("month", resolved.Month!.Value));
        }

        // The KPI's documented query, as an analyst would type it, in the scoped workspace.
        using var reader = lease.Sandbox.ExecuteReader(kpi.Sql, parameters, TestContext.Current.CancellationToken);
        var inWorkspace = new Dictionary<int, double?>();
        while (reader.Read())
        {
            inWorkspace[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.IsDBNull(1) ? null : reader.GetDouble(1);
        }

        var expected = context.Metrics.GetCountyValues(kpiId, period, s_scope);
        Assert.Equal(expected.Select(v => v.CountyCode).Order(), inWorkspace.Keys.Order());
        Assert.Contains(expected, v => v.Value is not null);
        foreach (var value in expected)
        {
            Assert.Equal(value.Value is null, inWorkspace[value.CountyCode] is null);
            if (value.Value is { } v)
            {
                Assert.Equal(v, inWorkspace[value.CountyCode]!.Value, 9);
            }
        }
    }

    [Theory]
    [InlineData("metric_county_year")]
    [InlineData("metric_county_month")]
    [InlineData("metric_monitored_breakdown")]
    public void Open_Prefecture_MetricTableHoldsOnlyTheScopeCounties(string table)
    {
        using var context = AnalyticsContext.Open(fixture.Root);
        using var lease = context.Sql.Open(s_scope, TestContext.Current.CancellationToken);
        using var connection = context.Metrics.Connect();
        var expected = connection.QueryColumns($"SELECT count(*) AS n FROM {table} WHERE county_code // 100 * 100 = ?", Prefecture).GetInt64s("n")[0];

        var counts = lease.Sandbox.QueryColumns(
            $"SELECT count(*) AS n, count(*) FILTER (county_code // 100 * 100 <> {Prefecture}) AS outside, count(DISTINCT county_code) AS counties FROM {table}");

        Assert.True(expected > 0);
        Assert.Equal(expected, counts.GetInt64s("n")[0]);
        Assert.Equal(0, counts.GetInt64s("outside")[0]);
        // The breakdown has rows only for counties with monitored households.
        Assert.InRange((int)counts.GetInt64s("counties")[0], 1, context.Metrics.CountiesIn(s_scope).Count);
    }

    [Fact]
    public void Open_Province_MetricColumnsCarryChineseComments()
    {
        using var lease = TestWorkspaces.OpenWithoutPersonalData(fixture.Root);
        using var connection = fixture.Kpis.Connect();
        var built = connection.QueryColumns(
            "SELECT count(*) AS n FROM duckdb_columns() WHERE table_name IN ('metric_county_year', 'metric_county_month', 'metric_monitored_breakdown')").GetInt64s("n")[0];

        var columns = lease.Sandbox.QueryColumns(
            "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE starts_with(table_name, 'metric_') ORDER BY ALL");
        var tables = lease.Sandbox.QueryColumns("SELECT table_name, comment FROM duckdb_tables() WHERE starts_with(table_name, 'metric_') ORDER BY 1");

        Assert.Equal(new string?[] { "metric_county_month", "metric_county_year", "metric_monitored_breakdown" }, tables.GetStrings("table_name"));
        Assert.All(tables.GetStrings("comment"), c => Assert.Contains(" / ", c!, StringComparison.Ordinal));
        var missing = Enumerable.Range(0, columns.RowCount).Where(i => string.IsNullOrEmpty(columns.GetStrings("comment")[i]))
            .Select(i => columns.GetStrings("table_name")[i] + "." + columns.GetStrings("column_name")[i]).ToList();
        Assert.Empty(missing);
        Assert.Equal(built, columns.RowCount);
        var households = Enumerable.Range(0, columns.RowCount).Single(i => columns.GetStrings("table_name")[i] == "metric_county_year" && columns.GetStrings("column_name")[i] == "monitored_w");
        Assert.Equal("监测户（风险未消除）（加权户数，Σ 样本权数）", columns.GetStrings("comment")[households]);
    }

    public static TheoryData<string> HostileQueries => HostileSql.Queries;

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public void HostileQuery_PrefectureScope_ReachesNoOtherRowAndNoPersonalData(string template)
    {
        var outside = OutsideCounties();
        var raw = RawPersonalValues();
        using var database = TestWorkspaces.OpenWithoutPersonalData(fixture.Root, scope: s_scope);
        var sql = template.Replace("{root}", fixture.Root, StringComparison.Ordinal);

        DuckDbColumns? result = null;
        string? error = null;
        try
        {
            result = database.Sandbox.QueryColumns(sql);
        }
        catch (Exception e) when (e is DuckDBException or DuckDbSandboxException or ArgumentException)
        {
            error = e.Message;
        }

        var texts = new List<string>();
        if (error is not null)
        {
            texts.Add(error);
        }

        if (result is not null)
        {
            foreach (var column in result.Columns)
            {
                var isCountyColumn = column.Name.Contains("county_code", StringComparison.OrdinalIgnoreCase);
                var isVillageColumn = column.Name.Contains("village_code", StringComparison.OrdinalIgnoreCase);
                // Text is searched for codes and personal values; numbers (incomes, counts) only where they are places.
                var isText = column.Values is string?[];
                foreach (var value in result.GetStrings(column.Name).OfType<string>())
                {
                    if (isText)
                    {
                        texts.Add(value);
                    }

                    if (isCountyColumn && long.TryParse(value, CultureInfo.InvariantCulture, out var code))
                    {
                        Assert.DoesNotContain((int)code, outside);
                    }

                    if (isVillageColumn && long.TryParse(value, CultureInfo.InvariantCulture, out var village))
                    {
                        Assert.DoesNotContain((int)(village / 1_000_000), outside);
                    }
                }
            }
        }

        foreach (var text in texts)
        {
            Assert.DoesNotContain(raw, v => text.Contains(v, StringComparison.Ordinal));
            Assert.DoesNotContain(outside, code => ContainsCode(text, code));
        }

        Assert.False(File.Exists("/tmp/scope-escape.csv"));
        Assert.False(File.Exists(Path.Combine(fixture.Root, "out.parquet")));
    }

    // A county code counts when it stands alone or starts a village or ID number (digits not preceded by a digit).
    private static bool ContainsCode(string text, int code)
    {
        var needle = code.ToString(CultureInfo.InvariantCulture);
        for (var i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + 1, StringComparison.Ordinal))
        {
            if (i == 0 || !char.IsAsciiDigit(text[i - 1]))
            {
                return true;
            }
        }

        return false;
    }

    private HashSet<int> OutsideCounties()
    {
        var c = fixture.Query("SELECT county_code::INTEGER AS c FROM counties WHERE county_code // 100 * 100 <> ?", Prefecture);
        return c.GetInt64s("c").Select(v => (int)v).ToHashSet();
    }

    // Raw names (two characters or more), ID numbers and phones of every household, in scope or not.
    private List<string> RawPersonalValues()
    {
        var c = fixture.Query("SELECT head_name, head_id_number, head_phone FROM households");
        return c.GetStrings("head_id_number").Concat(c.GetStrings("head_phone")).Concat(c.GetStrings("head_name"))
            .OfType<string>().Where(v => v.Length >= 2).Distinct().ToList();
    }
}
