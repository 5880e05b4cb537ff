using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Data.Workbench;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

/// <summary><c>/api/workbench/export</c> with a ticket: a statement longer than 16 KB (twice Kestrel's request line)
/// exports through a short link, for its user only, audited with the whole statement.</summary>
public sealed class WorkbenchApiTests(SqlDashboardFactory factory) : IClassFixture<SqlDashboardFactory>
{
    private static readonly WorkbenchUser s_prefectureAnalyst = new(TestUsers.PrefectureAnalyst.UserName, DataScope.Parse(TestUsers.PrefectureAnalyst.Scope));

    // Every reference county in an IN list, padded with codes that do not exist until the text passes 16 KB.
    private static string LongSql()
    {
        var codes = ScopeCheck.Counties.Select(c => c.County).Concat(Enumerable.Range(900_000, 2_300)).Select(c => c.ToString(CultureInfo.InvariantCulture));
        return $"SELECT county_code, county_name FROM counties\nWHERE county_code IN ({string.Join(", ", codes)})\n  AND county_code >= $min\nORDER BY county_code";
    }

    [Fact]
    public async Task GetExport_TicketForStatementOver16KB_StreamsTheScopeRowsNamedAndAudited()
    {
        var sql = LongSql();
        var ticket = factory.Services.GetRequiredService<WorkbenchExportTickets>()
            .Issue(s_prefectureAnalyst, sql, new Dictionary<string, string> { ["min"] = "140100" }, "长查询");
        using var client = factory.CreateClientFor(TestUsers.PrefectureAnalyst);
        var url = $"/api/workbench/export?format=csv&ticket={ticket}";

        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var csv = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(sql.Length > 16 * 1024);
        Assert.True(url.Length < 100);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var codes = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ScopeCheck.Counties.Where(c => c.Prefecture == 140100).Select(c => c.County).Order(), codes);
        Assert.Equal(codes.Count.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Row-Count").Single());
        var fileName = response.Content.Headers.ContentDisposition!.FileNameStar;
        Assert.Matches("^长查询_export-[0-9a-f]+\\.csv$", fileName);
        using var scope = factory.Services.CreateScope();
        var audited = await scope.ServiceProvider.GetRequiredService<AuditLog>().Entries
            .Where(e => e.Action == AuditActions.Export && e.Actor == TestUsers.PrefectureAnalyst.UserName && e.Target == "/api/workbench/export.csv" && e.Detail == sql)
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(codes.Count, Assert.Single(audited).RowCount);
    }

    [Fact]
    public async Task GetExport_AnotherUsersTicket_NotFoundNamingTheTicket()
    {
        var ticket = factory.Services.GetRequiredService<WorkbenchExportTickets>()
            .Issue(s_prefectureAnalyst, "SELECT county_code FROM counties", new Dictionary<string, string>(), null);
        using var client = factory.CreateClientFor(TestUsers.Analyst);

        using var response = await client.GetAsync($"/api/workbench/export?format=parquet&ticket={ticket}", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("ticket", body, StringComparison.Ordinal);
        Assert.Contains("导出链接无效或已过期", body, StringComparison.Ordinal);
        Assert.DoesNotContain("county_code", body, StringComparison.Ordinal);
    }
}
