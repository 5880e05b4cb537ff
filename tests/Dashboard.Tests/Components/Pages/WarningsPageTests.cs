using System.Globalization;
using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages;

public sealed class WarningsPageTests(DashboardFactory factory, ModelDashboardFactory withModel, BrokenModelDashboardFactory brokenModel)
    : IClassFixture<DashboardFactory>, IClassFixture<ModelDashboardFactory>, IClassFixture<BrokenModelDashboardFactory>
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

    [Theory]
    [InlineData("", false)]
    [InlineData("&lang=en", true)]
    public async Task Get_HouseholdsWithRiskModel_ProbabilityAndFactorNamesInTheLanguage(string lang, bool english)
    {
        using var client = withModel.CreatePlainClient();

        var page = await client.GetDocumentAsync("/warnings?level=household&year=2024&sort=risk&desc=true&pageSize=20" + lang);

        var header = page.QuerySelector("th a[data-sort=risk]");
        Assert.Contains(english ? "Return risk" : "返贫风险", header?.TextContent, StringComparison.Ordinal);
        Assert.Equal("descending", header!.ParentElement?.GetAttribute("aria-sort"));
        var row = page.QuerySelector("table.warnings-table tbody tr")!;
        var expected = TestModels.Service.Households([long.Parse(row.GetAttribute("data-household")!, CultureInfo.InvariantCulture)]).Single();
        Assert.Equal((expected.Score.Probability * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%", row.QuerySelector("td[data-risk]")?.TextContent);
        var factors = row.QuerySelector("td.risk-factors")?.TextContent;
        Assert.NotEmpty(expected.TopFactors);
        Assert.All(expected.TopFactors, f => Assert.Contains(english ? f.English : f.Chinese, factors, StringComparison.Ordinal));
        Assert.Equal("available", page.QuerySelector("[data-risk-hint]")?.GetAttribute("data-risk-hint"));
    }

    [Fact]
    public async Task Get_CountiesWithRiskModel_ExpectedReturnsColumn()
    {
        using var client = withModel.CreatePlainClient();

        var page = await client.GetDocumentAsync("/warnings?year=2024");

        var row = page.QuerySelector("table.warnings-table[data-level=county] tbody tr")!;
        var expected = TestModels.Service.CountyRisk(int.Parse(row.GetAttribute("data-county")!, CultureInfo.InvariantCulture))!;
        Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"{expected.ExpectedCount:0.0} ({expected.Lower:0}–{expected.Upper:0})"),
            row.QuerySelector("td[data-expected-returns]")?.TextContent);
    }

    [Fact]
    public async Task Get_NoRiskModel_DashesAndHintToTrain()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/warnings?level=household&year=2020&sort=risk", TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var counties = await client.GetDocumentAsync("/warnings?year=2024");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cells = page.QuerySelectorAll("td.risk");
        Assert.NotEmpty(cells);
        Assert.All(cells, c => Assert.Equal("—", c.TextContent));
        Assert.All(page.QuerySelectorAll("td.risk-factors"), c => Assert.Equal("—", c.TextContent));
        var hint = page.QuerySelector("[data-risk-hint=unavailable]")?.TextContent;
        Assert.Contains("revival train", hint, StringComparison.Ordinal);
        Assert.True(hint!.IndexOf("模型", StringComparison.Ordinal) < hint.IndexOf("model", StringComparison.Ordinal));
        Assert.All(counties.QuerySelectorAll("td[data-expected-returns]"), c => Assert.Equal("—", c.TextContent));
    }

    [Fact]
    public async Task Get_CorruptRiskModel_ListServedWithTheModelError()
    {
        using var client = brokenModel.CreatePlainClient();

        using var response = await client.GetAsync("/warnings?level=household&year=2020&sort=risk&desc=true", TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(page.QuerySelectorAll("table.warnings-table tbody tr"));
        Assert.All(page.QuerySelectorAll("td.risk"), c => Assert.Equal("—", c.TextContent));
        Assert.Contains("risk-99991231T000000Z-broken", page.QuerySelector("[data-risk-hint=unavailable]")?.TextContent, StringComparison.Ordinal);
    }
}
