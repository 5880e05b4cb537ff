using System.Globalization;
using DuckDB.NET.Data;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.DuckDb;
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
