using System.Net;
using System.Text;
using System.Text.Json;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

public sealed class SqlApiTests(SqlDashboardFactory factory) : IClassFixture<SqlDashboardFactory>
{
    private const string IncomeByCounty =
        "SELECT h.county_code, count(*) AS households, avg(y.per_capita_net_income) AS income FROM household_years y JOIN households h USING (household_id) WHERE y.year = 2023 GROUP BY h.county_code ORDER BY h.county_code";

    private static string Url(string sql, string extra = "") => "/api/sql?q=" + Uri.EscapeDataString(sql) + extra;

    [Fact]
    public async Task GetSql_Aggregate_ValuesMatchDirectDuckDb()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync(Url(IncomeByCounty, "&pageSize=1000"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var columns = response.Body.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("type").GetString())).ToList();
        Assert.Equal([("county_code", "INTEGER"), ("households", "BIGINT"), ("income", "DOUBLE")], columns);
        var expected = TestExport.Query(IncomeByCounty);
        var rows = response.Body.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(expected.RowCount, rows.Count);
        Assert.True(rows.Count > 10);
        var codes = expected.GetInt64s("county_code");
        var counts = expected.GetInt64s("households");
        var incomes = expected.GetDoubles("income");
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(codes[i], rows[i][0].GetInt64());
            Assert.Equal(counts[i], rows[i][1].GetInt64());
            Near(incomes[i], rows[i][2].GetDouble());
        }

        Assert.False(response.Body.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task GetSql_ValuesDuckDbNetsGetValueRefuses_ShownAsText()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync(Url("SELECT [1, NULL, 3] AS l, INTERVAL '1 month 2 days' AS i, 'infinity'::DATE AS d"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var row = response.Body.GetProperty("rows")[0];
        Assert.Equal("[1,null,3]", row[0].GetString());
        Assert.Equal("1 months 2 days 0 us", row[1].GetString());
        Assert.Equal("infinity", row[2].GetString());
    }

    [Fact]
    public async Task GetSql_SecondPage_NextRowsAndHasMore()
    {
        using var client = factory.CreatePlainClient();
        const string Sql = "SELECT household_id FROM households ORDER BY household_id;";

        var first = await client.GetJsonAsync(Url(Sql, "&pageSize=10"));
        var second = await client.GetJsonAsync(Url(Sql, "&pageSize=10&page=2"));
        var last = await client.GetJsonAsync(Url(Sql, "&pageSize=1000&page=3"));

        var expected = TestExport.Query("SELECT household_id FROM households ORDER BY household_id").GetInt64s("household_id");
        Assert.Equal(expected[..10], Ids(first.Body));
        Assert.Equal(expected[10..20], Ids(second.Body));
        Assert.True(second.Body.GetProperty("hasMore").GetBoolean());
        Assert.Equal(2, second.Body.GetProperty("page").GetInt32());
        Assert.Equal(10, second.Body.GetProperty("pageSize").GetInt32());
        Assert.Equal(expected[2000..], Ids(last.Body));
        Assert.False(last.Body.GetProperty("hasMore").GetBoolean());

        static long[] Ids(JsonElement body) => body.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt64()).ToArray();
    }

    [Fact]
    public async Task GetSql_NullsAndText_NullIsJsonNull()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync(Url("SELECT NULL::INTEGER AS n, '太原' AS t, DATE '2024-03-01' AS d -- trailing comment"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var row = response.Body.GetProperty("rows")[0];
        Assert.Equal(JsonValueKind.Null, row[0].ValueKind);
        Assert.Equal("太原", row[1].GetString());
        Assert.Equal("2024-03-01", row[2].GetString());
    }

    [Fact]
    public async Task GetSql_WritingStatements_400NamingQAndNothingWritten()
    {
        using var client = factory.CreatePlainClient();
        var folder = Path.Combine(Path.GetTempPath(), "revival-sql-api-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var target = Path.Combine(folder, "out.csv");
            var attached = Path.Combine(folder, "other.duckdb");
            string[] statements =
            [
                $"COPY (SELECT 1) TO '{target}'",
                $"ATTACH '{attached}' AS other",
                "CREATE TABLE t AS SELECT 1",
                "SELECT 1; COPY (SELECT 1) TO '" + target + "'",
                $"SELECT * FROM read_csv('/etc/passwd')",
                "INSTALL httpfs",
            ];
            foreach (var sql in statements)
            {
                var response = await client.GetJsonAsync(Url(sql));
                AssertProblem(response, HttpStatusCode.BadRequest, "q");
            }

            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
            var copy = await client.GetJsonAsync(Url(statements[0]));
            Assert.Contains("COPY", copy.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task GetSql_RunawayQuery_400TimeLimitMessage()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync(Url("SELECT sum(hash(i)) FROM range(1000000000000) t(i)"));

        AssertProblem(response, HttpStatusCode.BadRequest, "q");
        var detail = response.Body.GetProperty("detail").GetString()!;
        Assert.Contains("时间限制（3 秒）", detail, StringComparison.Ordinal);
        Assert.Contains("time limit (3 s)", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSql_OverMemoryLimit_400MemoryLimitMessage()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync(Url("SELECT list(i) AS everything FROM range(50000000) t(i)"));

        AssertProblem(response, HttpStatusCode.BadRequest, "q");
        var detail = response.Body.GetProperty("detail").GetString()!;
        Assert.Contains("内存限制（64MB）", detail, StringComparison.Ordinal);
        Assert.Contains("memory limit (64MB)", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSql_PersonalData_NotSelectable()
    {
        using var client = factory.CreatePlainClient();
        var export = TestExport.Directory;

        var all = await client.GetJsonAsync(Url("SELECT * FROM households LIMIT 5"));
        var names = all.Body.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("household_id", names);
        Assert.DoesNotContain("head_name", names);
        Assert.DoesNotContain("head_id_number", names);
        Assert.DoesNotContain("head_phone", names);

        string[] attempts =
        [
            "SELECT head_name, head_id_number, head_phone FROM households",
            $"SELECT head_id_number FROM read_parquet('{export}/households/**/*.parquet')",
            $"SELECT head_id_number FROM '{export}/households/*.parquet'",
            $"SELECT head_id_number FROM read_parquet('{export}/counties/../households/*.parquet')",
            $"SELECT head_name FROM read_parquet('{export}/**/*.parquet', union_by_name = true)",
        ];
        foreach (var sql in attempts)
        {
            AssertProblem(await client.GetJsonAsync(Url(sql)), HttpStatusCode.BadRequest, "q");
        }

        // Nor through the CSV download.
        using var csv = await client.GetAsync("/api/sql.csv?q=" + Uri.EscapeDataString(attempts[1]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("&page=0", "page")]
    [InlineData("&pageSize=5000", "pageSize")]
    public async Task GetSql_BadParameter_400NamingIt(string extra, string parameter)
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync((extra.Length == 0 ? "/api/sql?q=" : Url("SELECT 1", extra)));

        AssertProblem(response, HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task GetSql_TooLongText_400NamingQ()
    {
        using var client = factory.CreatePlainClient();
        var sql = "SELECT 1" + new string(' ', 20_001);

        var response = await client.GetJsonAsync("/api/sql?q=" + Uri.EscapeDataString(sql) + "x");

        AssertProblem(response, HttpStatusCode.BadRequest, "q");
        Assert.Contains("20,000", response.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSqlCsv_Counties_BomHeaderAndEveryRow()
    {
        using var client = factory.CreatePlainClient();
        const string Sql = "SELECT county_code, county_name, NULL AS nothing FROM counties ORDER BY county_code";

        using var response = await client.GetAsync("/api/sql.csv?q=" + Uri.EscapeDataString(Sql), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).TrimEnd('\n', '\r').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("county_code,county_name,nothing", lines[0]);
        var expected = TestExport.Query(Sql);
        Assert.Equal(expected.RowCount + 1, lines.Count);
        Assert.Equal($"{expected.GetInt64s("county_code")[0]},{expected.GetStrings("county_name")[0]},", lines[1]);
    }
}
