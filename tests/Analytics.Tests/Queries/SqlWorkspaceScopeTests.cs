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

    public static TheoryData<string> HostileQueries => new()
    {
        // The scope's own tables, asked for everything.
        "SELECT * FROM households",
        "SELECT DISTINCT county_code FROM household_years",
        "SELECT * FROM monitoring_snapshots WHERE county_code <> 140105",
        "SELECT min(county_code), max(county_code), count(*) FROM households",
        "SELECT * FROM counties",
        "SELECT * FROM villages",
        "SELECT * FROM village_years",
        "SELECT * FROM county_indicators ORDER BY county_code DESC",
        "SELECT * FROM query_table('households')",
        "SELECT * FROM query('SELECT * FROM households')",
        // The raw files, by every reader and path.
        "SELECT * FROM read_parquet('{root}/households/**/*.parquet')",
        "SELECT * FROM read_parquet('{root}/household_years/**/*.parquet', hive_partitioning = true)",
        "SELECT * FROM read_parquet('{root}/**/*.parquet', union_by_name = true)",
        "SELECT * FROM read_parquet(['{root}/counties/part-0.parquet'])",
        "SELECT * FROM parquet_scan('{root}/counties/*.parquet')",
        "SELECT * FROM '{root}/households/*.parquet'",
        "SELECT * FROM read_parquet('file://{root}/households/*.parquet')",
        "SELECT * FROM read_parquet('{root}/monitoring_lines/../households/*.parquet')",
        "SELECT * FROM read_parquet('{root}/./households/*.parquet')",
        "SELECT * FROM parquet_metadata('{root}/households/*.parquet')",
        "SELECT * FROM parquet_schema('{root}/households/*.parquet')",
        "SELECT * FROM parquet_file_metadata('{root}/counties/*.parquet')",
        "SELECT * FROM parquet_kv_metadata('{root}/counties/*.parquet')",
        "SELECT * FROM glob('{root}/**')",
        "SELECT * FROM read_text('{root}/_manifest.json')",
        "SELECT * FROM read_blob('{root}/counties/*.parquet')",
        "SELECT * FROM read_json_auto('{root}/_manifest.json')",
        "SELECT * FROM read_csv('{root}/households/*.parquet')",
        "SELECT * FROM sniff_csv('{root}/_manifest.json')",
        "WITH raw AS (SELECT * FROM read_parquet('{root}/households/*.parquet')) SELECT * FROM raw",
        "SELECT household_id FROM households UNION ALL SELECT household_id FROM read_parquet('{root}/household_years/**/*.parquet')",
        "SELECT * FROM households WHERE household_id IN (SELECT household_id FROM read_parquet('{root}/households/*.parquet'))",
        "SELECT * FROM query('SELECT * FROM read_parquet(''{root}/households/*.parquet'')')",
        "SELECT * FROM read_parquet('/proc/self/cwd/{root}/households/*.parquet')",
        // Personal data by name, in expressions, filters and error messages.
        "SELECT head_name, head_id_number, head_phone FROM households",
        "SELECT * FROM households WHERE head_id_number LIKE '14%'",
        "SELECT CAST(head_name AS INTEGER) FROM households",
        "SELECT columns('head_.*') FROM households",
        // The catalog.
        "SELECT * FROM duckdb_tables()",
        "SELECT * FROM duckdb_views()",
        "SELECT * FROM duckdb_columns() WHERE table_name = 'households'",
        "SELECT * FROM information_schema.tables",
        "SELECT * FROM pragma_database_list()",
        "SELECT * FROM duckdb_settings() WHERE name LIKE 'allowed%'",
        // Other databases, extensions, writes, settings.
        "ATTACH '{root}/other.duckdb' AS other",
        "ATTACH ':memory:' AS other",
        "INSTALL httpfs",
        "LOAD parquet",
        "COPY households TO '{root}/out.parquet'",
        "COPY (SELECT 1) TO '/tmp/scope-escape.csv'",
        "EXPORT DATABASE '{root}/export'",
        "CREATE TABLE households_all AS SELECT * FROM read_parquet('{root}/households/*.parquet')",
        "CREATE OR REPLACE VIEW households AS SELECT * FROM read_parquet('{root}/households/*.parquet')",
        "CREATE MACRO raw() AS TABLE SELECT * FROM read_parquet('{root}/households/*.parquet')",
        "INSERT INTO counties SELECT * FROM read_parquet('{root}/counties/*.parquet')",
        "UPDATE households SET county_code = 140211",
        "DELETE FROM households",
        "DROP TABLE households",
        "SET allowed_directories = ['/']",
        "SET enable_external_access = true",
        "RESET allowed_paths",
        "PRAGMA enable_external_access",
        "CALL pragma_version()",
        "SELECT 1; SELECT * FROM read_parquet('{root}/households/*.parquet')",
    };

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
