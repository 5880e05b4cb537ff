using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Security;

/// <summary>Attempts a scoped user makes to reach other counties (URL, API, CSV, map, models, SQL), the output cache
/// across scopes, and the audit trail of household access, SQL, exports and unmasking.</summary>
public sealed class ScopeAttackTests(SqlDashboardFactory factory) : IClassFixture<SqlDashboardFactory>
{
    private static readonly DataScope s_county = DataScope.Parse(TestUsers.CountyAnalyst.Scope);
    private static readonly DataScope s_prefecture = DataScope.Parse(TestUsers.PrefectureAnalyst.Scope);

    [Theory]
    [InlineData("/county/140105", HttpStatusCode.Forbidden)]
    [InlineData("/county?code=140105", HttpStatusCode.Forbidden)]
    [InlineData("/warnings?level=household&county=140105", HttpStatusCode.Forbidden)]
    [InlineData("/warnings?prefecture=140100", HttpStatusCode.Forbidden)]
    [InlineData("/api/counties/140105", HttpStatusCode.Forbidden)]
    [InlineData("/api/warnings?level=household&county=140105", HttpStatusCode.Forbidden)]
    [InlineData("/api/warnings.csv?county=140105", HttpStatusCode.Forbidden)]
    [InlineData("/api/warnings.csv?prefecture=140100", HttpStatusCode.Forbidden)]
    [InlineData("/api/forecasts?county=140105", HttpStatusCode.Forbidden)]
    [InlineData("/api/risk/households?county=140105", HttpStatusCode.Forbidden)]
    public async Task Get_CountyOutsideScope_ForbiddenWithoutItsData(string url, HttpStatusCode expected)
    {
        using var client = factory.CreateClientFor(TestUsers.CountyAnalyst);

        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(url.Contains("140105", StringComparison.Ordinal) ? "140105" : "140100", body, StringComparison.Ordinal);
        Assert.Empty(ScopeCheck.OutsideCodes(body.Replace("140105", string.Empty, StringComparison.Ordinal).Replace("140100", string.Empty, StringComparison.Ordinal), s_county));
        Assert.DoesNotContain("小店区", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_CountyScope_ValuesForItsOwnCountyOnly()
    {
        using var client = factory.CreateClientFor(TestUsers.CountyAnalyst);

        var api = await client.GetJsonAsync("/api/kpis/rural_income/counties");
        var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var mapValues = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page).QuerySelector("[data-county-map]")!.GetAttribute("data-values")!;

        Assert.Equal([140928], api.Body.GetProperty("counties").EnumerateArray().Select(c => c.GetProperty("code").GetInt32()));
        Assert.Equal([140928], ScopeCheck.Codes(mapValues));
    }

    [Fact]
    public async Task Sql_PrefectureScope_HoldsOnlyItsRows()
    {
        using var client = factory.CreateClientFor(TestUsers.PrefectureAnalyst);

        var counted = await client.GetJsonAsync("/api/sql?q=" + Uri.EscapeDataString("SELECT count(*) AS n, count(*) FILTER (WHERE county_code // 100 * 100 <> 140100) AS outside FROM household_years"));
        var expected = TestExport.Scalar("SELECT count(*) FROM household_years WHERE county_code // 100 * 100 = 140100");

        Assert.Equal(HttpStatusCode.OK, counted.Status);
        var row = counted.Body.GetProperty("rows")[0];
        Assert.Equal(expected, row[0].GetDouble());
        Assert.Equal(0, row[1].GetDouble());
    }

    [Theory]
    [InlineData("SELECT * FROM read_parquet('{root}/households/**/*.parquet')")]
    [InlineData("SELECT * FROM read_parquet('{root}/household_years/**/*.parquet', hive_partitioning = true)")]
    [InlineData("SELECT * FROM parquet_metadata('{root}/counties/*.parquet')")]
    [InlineData("SELECT * FROM glob('{root}/**')")]
    [InlineData("SELECT * FROM query('SELECT * FROM read_parquet(''{root}/counties/*.parquet'')')")]
    [InlineData("SELECT head_name, head_id_number FROM households")]
    [InlineData("SELECT * FROM counties")]
    [InlineData("SELECT DISTINCT county_code FROM monitoring_snapshots")]
    [InlineData("SELECT * FROM duckdb_tables()")]
    public async Task Sql_HostileQueryAsPrefectureAnalyst_NoOtherCountyAndNoPersonalData(string template)
    {
        using var client = factory.CreateClientFor(TestUsers.PrefectureAnalyst);
        var sql = template.Replace("{root}", TestExport.Directory, StringComparison.Ordinal);

        using var page = await client.GetAsync("/api/sql?pageSize=1000&q=" + Uri.EscapeDataString(sql), TestContext.Current.CancellationToken);
        using var csv = await client.GetAsync("/api/sql.csv?q=" + Uri.EscapeDataString(sql), TestContext.Current.CancellationToken);
        var bodies = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken) + await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Empty(ScopeCheck.OutsideCodes(bodies, s_prefecture));
        var raw = TestExport.Strings("SELECT head_id_number FROM households");
        Assert.DoesNotContain(raw, id => bodies.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OutputCache_SameUrlTwoScopes_EachGetsItsOwnPageAndSameScopeShares()
    {
        using var province = factory.CreateClientFor(TestUsers.Analyst);
        using var taiyuan = factory.CreateClientFor(TestUsers.PrefectureAnalyst);
        using var taiyuanLeader = factory.CreateClientFor(TestUsers.PrefectureLeader);
        const string Url = "/classes?year=2022";

        using var first = await province.GetAsync(Url, TestContext.Current.CancellationToken);
        using var again = await province.GetAsync(Url, TestContext.Current.CancellationToken);
        using var scoped = await taiyuan.GetAsync(Url, TestContext.Current.CancellationToken);
        using var scopedAgain = await taiyuan.GetAsync(Url, TestContext.Current.CancellationToken);
        using var otherRoles = await taiyuanLeader.GetAsync(Url, TestContext.Current.CancellationToken);
        var provinceBody = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var scopedBody = await scoped.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(again.Headers.Age);
        Assert.Null(scoped.Headers.Age);
        Assert.NotNull(scopedAgain.Headers.Age);
        // Same scope, other roles (no SQL link): a page of its own.
        Assert.Null(otherRoles.Headers.Age);
        Assert.NotEqual(provinceBody, scopedBody);
        Assert.Empty(ScopeCheck.OutsideCodes(scopedBody, s_prefecture));
        Assert.NotEmpty(ScopeCheck.OutsideCodes(provinceBody, s_prefecture));
    }

    [Fact]
    public async Task Audit_HouseholdPageSqlAndExport_EachRecordedWithActorScopeAndRows()
    {
        using var client = factory.CreateClientFor(TestUsers.PrefectureAnalyst);
        const string Sql = "SELECT county_code FROM counties ORDER BY 1";

        await client.GetStringAsync("/warnings?level=household&year=2023", TestContext.Current.CancellationToken);
        using var second = await client.GetAsync("/warnings?level=household&year=2023", TestContext.Current.CancellationToken);
        var exported = await client.GetStringAsync("/api/workbench/export?format=csv&q=" + Uri.EscapeDataString(Sql), TestContext.Current.CancellationToken);
        using var exportAgain = await client.GetAsync("/api/workbench/export?format=csv&q=" + Uri.EscapeDataString(Sql), TestContext.Current.CancellationToken);
        await client.GetStringAsync("/api/sql?q=" + Uri.EscapeDataString(Sql), TestContext.Current.CancellationToken);
        var csv = await client.GetStringAsync("/api/warnings.csv?year=2023", TestContext.Current.CancellationToken);

        using var scope = factory.Services.CreateScope();
        var entries = await scope.ServiceProvider.GetRequiredService<AuditLog>().Entries
            .Where(e => e.Actor == TestUsers.PrefectureAnalyst.UserName).ToListAsync(TestContext.Current.CancellationToken);
        // Asked twice, recorded twice: such pages are never answered from the output cache.
        Assert.Null(second.Headers.Age);
        Assert.Null(exportAgain.Headers.Age);
        var households = entries.Where(e => e.Action == AuditActions.HouseholdAccess && e.Target == "/warnings" && e.Detail!.Contains("year=2023", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, households.Count);
        var household = households[0];
        var workbenchExports = entries.Where(e => e.Action == AuditActions.Export && e.Target == "/api/workbench/export.csv" && e.Detail == Sql).ToList();
        Assert.Equal(2, workbenchExports.Count);
        Assert.All(workbenchExports, e => Assert.Equal(exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1, e.RowCount));
        var query = Assert.Single(entries, e => e.Action == AuditActions.SqlQuery && e.Target == "/api/sql" && e.Detail == Sql);
        var export = Assert.Single(entries, e => e.Action == AuditActions.Export && e.Target == "/api/warnings.csv");
        Assert.Equal(TestUsers.PrefectureAnalyst.Scope, household.Scope);
        Assert.Equal(ScopeCheck.Counties.Count(c => c.Prefecture == 140100), query.RowCount);
        Assert.Equal(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1, export.RowCount);
    }

    [Fact]
    public async Task Unmask_WithPermission_RawValuesShownAndAuditedNeverCached()
    {
        using var client = factory.CreateClientFor(TestUsers.PersonalDataAnalyst);
        const string Url = "/warnings?level=household&year=2023&pageSize=5&personal=1";

        using var response = await client.GetAsync(Url, TestContext.Current.CancellationToken);
        using var again = await client.GetAsync(Url, TestContext.Current.CancellationToken);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var ids = document.QuerySelectorAll("tr[data-household]").Select(r => long.Parse(r.GetAttribute("data-household")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, ids.Count);
        var expected = TestExport.Strings($"SELECT head_id_number FROM households WHERE household_id = {ids[0]}")[0];
        Assert.Contains(expected, document.QuerySelector("td[data-personal]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(again.Headers.Age);
        using var scope = factory.Services.CreateScope();
        var unmasks = await scope.ServiceProvider.GetRequiredService<AuditLog>().Entries
            .Where(e => e.Action == AuditActions.Unmask && e.Actor == TestUsers.PersonalDataAnalyst.UserName).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, unmasks.Count);
        Assert.All(unmasks, e => Assert.Equal(5, e.RowCount));
        Assert.Contains(ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture), unmasks[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unmask_WithoutPermission_ForbiddenAndMasked()
    {
        using var client = factory.CreateClientFor(TestUsers.Analyst);

        using var response = await client.GetAsync("/warnings?level=household&year=2023&pageSize=5&personal=1", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var plain = await client.GetStringAsync("/warnings?level=household&year=2023&pageSize=5", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("data-personal", body, StringComparison.Ordinal);
        Assert.DoesNotContain("unmask-link", plain, StringComparison.Ordinal);
        var raw = TestExport.Strings("SELECT head_id_number FROM households");
        Assert.DoesNotContain(raw, id => plain.Contains(id, StringComparison.Ordinal));
    }
}
