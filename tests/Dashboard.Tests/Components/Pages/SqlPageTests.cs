using System.Globalization;
using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages;

public sealed class SqlPageTests(SqlDashboardFactory factory) : IClassFixture<SqlDashboardFactory>
{
    private static string Url(string sql, string extra = "") => "/sql?q=" + Uri.EscapeDataString(sql) + extra;

    [Fact]
    public async Task Get_NoQuery_FormExamplesAndTablesWithoutPersonalData()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/sql", TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("form#sql-form[method=get][action='/sql'] textarea[name=q]"));
        Assert.Null(page.QuerySelector(".problem-notice"));
        Assert.Null(page.QuerySelector("table.sql-result"));
        var examples = page.QuerySelectorAll("a[data-example]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.True(examples.Count >= 2);
        Assert.All(examples, href => Assert.StartsWith("/sql?q=SELECT", href, StringComparison.Ordinal));
        var households = page.QuerySelector("details[data-table=households]");
        var columns = households!.QuerySelectorAll("li code").Select(c => c.TextContent).ToList();
        Assert.Contains("household_id", columns);
        Assert.DoesNotContain("head_name", columns);
        Assert.DoesNotContain("head_id_number", columns);
        Assert.DoesNotContain("head_phone", columns);
        Assert.NotNull(page.QuerySelector("details[data-table=household_years]"));
        Assert.Equal("/sql", page.QuerySelector(".shell-nav a[aria-current=page]")?.GetAttribute("href"));
        Assert.Contains("1,000,000", page.QuerySelector(".sql-limits")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Examples_EveryExampleRunsWithRows()
    {
        using var client = factory.CreatePlainClient();
        var start = await client.GetDocumentAsync("/sql");

        foreach (var href in start.QuerySelectorAll("a[data-example]").Select(a => a.GetAttribute("href")!))
        {
            var page = await client.GetDocumentAsync(href);
            var error = page.QuerySelector(".sql-error")?.TextContent;
            Assert.True(error is null, error);
            Assert.NotEmpty(page.QuerySelectorAll("table.sql-result tbody tr"));
        }
    }

    [Fact]
    public async Task Get_Query_ValuesRightAlignedNullMarkedAndPagerKeepsQuery()
    {
        using var client = factory.CreatePlainClient();
        const string Sql = "SELECT county_code, county_name, NULL AS nothing FROM counties ORDER BY county_code";

        var page = await client.GetDocumentAsync(Url(Sql, "&page=2&pageSize=50"));

        var expected = TestExport.Query(Sql + " LIMIT 50 OFFSET 50");
        var rows = page.QuerySelectorAll("table.sql-result tbody tr");
        Assert.Equal(50, rows.Length);
        var first = rows[0].QuerySelectorAll("td");
        Assert.Equal(expected.GetInt64s("county_code")[0].ToString(CultureInfo.InvariantCulture), first[0].TextContent);
        Assert.Contains("num", first[0].ClassList);
        Assert.Equal(expected.GetStrings("county_name")[0], first[1].TextContent);
        Assert.DoesNotContain("num", first[1].ClassList);
        Assert.True(first[2].HasAttribute("data-null"));
        Assert.Equal("NULL", first[2].TextContent.Trim());
        Assert.Equal(Sql, page.QuerySelector("textarea[name=q]")?.TextContent);
        Assert.Equal("/sql?q=" + Sql + "&pageSize=50", Decoded(page.QuerySelector(".pager a[rel=prev]")));
        Assert.Equal("/sql?q=" + Sql + "&page=3&pageSize=50", Decoded(page.QuerySelector(".pager a[rel=next]")));
        Assert.Equal("/api/sql.csv?q=" + Sql, Decoded(page.QuerySelector("a.csv-link")));

        static string? Decoded(AngleSharp.Dom.IElement? link) => link?.GetAttribute("href") is { } href ? Uri.UnescapeDataString(href) : null;
    }

    [Theory]
    [InlineData("", "查询失败 / The query failed", "只读沙箱", "refused")]
    [InlineData("&lang=en", "查询失败 / The query failed", "只读沙箱", "refused")]
    public async Task Get_RefusedStatement_200WithBilingualMessage(string lang, string heading, string zh, string en)
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync(Url("COPY counties TO '/tmp/x.csv'", lang), TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = page.QuerySelector(".sql-error[role=alert][data-parameter=q]");
        Assert.Equal(heading, error?.QuerySelector("h2")?.TextContent);
        Assert.Contains(zh, error!.QuerySelector("p[lang=zh-CN]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains(en, error.QuerySelector("p[lang=en]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("COPY", error.TextContent, StringComparison.Ordinal);
        Assert.Equal(lang.Length == 0 ? "zh-CN" : "en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(lang.Length == 0 ? "运行" : "Run", page.QuerySelector("#sql-form button")?.TextContent);
    }

    [Fact]
    public async Task Get_UnknownColumn_MessageNamesIt()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync(Url("SELECT head_phone FROM households", "&lang=en"));

        var error = page.QuerySelector(".sql-error");
        Assert.Contains("head_phone", error?.QuerySelector(".sql-error-detail")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("table.sql-result"));
    }

    [Fact]
    public async Task Get_TooLongQuery_400NamingQ()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync(Url("SELECT 1 " + new string('x', 20_000)), TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("q", page.QuerySelector(".problem-notice")?.GetAttribute("data-parameter"));
    }
}
