using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages;

public sealed class WarningsPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Get_HouseholdsBelowLine_TotalFromDuckDbPagerAndCsvLinkKeepState()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/warnings?level=household&year=2020&flag=below_line&pageSize=10&page=2");

        var expected = TestExport.Scalar(
            "SELECT count(*) FROM household_years y JOIN monitoring_lines ml ON ml.year = y.year WHERE y.year = 2020 AND y.per_capita_net_income < ml.monitoring_line");
        var table = page.QuerySelector("table.warnings-table[data-level=household]");
        Assert.Equal(((long)expected!.Value).ToString(System.Globalization.CultureInfo.InvariantCulture), table?.GetAttribute("data-total"));
        Assert.Equal(10, table!.QuerySelectorAll("tbody tr").Length);
        Assert.Equal("2", page.QuerySelector(".pager [aria-current=page]")?.TextContent);
        Assert.Equal("/warnings?level=household&year=2020&flag=below_line&pageSize=10", page.QuerySelector(".pager a[rel=prev]")?.GetAttribute("href"));
        Assert.Equal("/api/warnings.csv?year=2020&flag=below_line", page.QuerySelector("a.csv-link")?.GetAttribute("href"));
        // Sorting by income again flips the direction and starts at page 1.
        Assert.Equal("/warnings?level=household&year=2020&flag=below_line&sort=income&desc=true&pageSize=10", page.QuerySelector("a[data-sort=income]")?.GetAttribute("href"));
        Assert.Equal("ascending", page.QuerySelector("th[aria-sort]")?.GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task Get_CountiesDefault_WorstFirstWithCountyLinks()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/warnings?year=2022");

        var rows = page.QuerySelectorAll("table.warnings-table[data-level=county] tbody tr");
        Assert.NotEmpty(rows);
        var severities = rows.Select(r => r.QuerySelector("td")!.ClassName).ToList();
        var rank = severities.Select(s => s switch { "status-red" => 0, "status-amber" => 1, _ => 2 }).ToList();
        Assert.Equal(rank.Order(), rank);
        Assert.All(rows, r => Assert.Equal($"/county/{r.GetAttribute("data-county")}?year=2022", r.QuerySelector("th a")?.GetAttribute("href")));
    }

    [Fact]
    public async Task Get_HouseholdsOfOneCounty_OnlyThatCountyWithLinkToClearIt()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/warnings?level=household&year=2021&county=140922");

        var expected = TestExport.Scalar(
            """
            SELECT count(*) FROM household_years y
            LEFT JOIN monitoring_lines ml ON ml.year = y.year
            LEFT JOIN household_years p ON p.household_id = y.household_id AND p.year = y.year - 1
            WHERE y.year = 2021 AND y.county_code = 140922 AND (
                coalesce(y.per_capita_net_income < ml.monitoring_line, false)
                OR coalesce(p.per_capita_net_income > 0 AND y.per_capita_net_income < 0.6 * p.per_capita_net_income, false)
                OR NOT (y.food_clothing_secure AND y.compulsory_education_secure AND y.basic_medical_secure AND y.housing_secure AND y.drinking_water_secure))
            """);
        Assert.Equal(((long)expected!.Value).ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("table.warnings-table")?.GetAttribute("data-total"));
        Assert.All(page.QuerySelectorAll("table.warnings-table tbody tr td:nth-child(2) a"), a => Assert.Equal("五台县", a.TextContent));
        Assert.Equal("140922", page.QuerySelector("#warnings-filter input[name=county]")?.GetAttribute("value"));
        Assert.Equal("/warnings?level=household&year=2021", page.QuerySelector("a[data-clear=county]")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Get_BadSort_400NoticeNamingSort()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/warnings?sort=drop%20table", TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("sort", page.QuerySelector(".problem-notice")?.GetAttribute("data-parameter"));
    }
}
