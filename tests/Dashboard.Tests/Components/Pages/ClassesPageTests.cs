using System.Globalization;
using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages;

public sealed class ClassesPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Get_Year2023_EveryKpiRowWithClassMediansFromDuckDb()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/classes?year=2023");

        Assert.Equal(KpiCatalog.Default.All.Count, page.QuerySelectorAll("table.class-compare tbody tr").Length);
        var row = page.QuerySelector("table.class-compare tr[data-kpi=rural_income]");
        Assert.NotNull(row);
        foreach (var countyClass in new[] { 1, 2, 3 })
        {
            var median = TestExport.Scalar(
                "SELECT quantile_cont(ci.rural_income_per_capita, 0.5) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = 2023 AND c.county_class = $1",
                countyClass);
            var cell = row.QuerySelector($"td[data-class='{countyClass}']");
            Assert.Equal(median!.Value.ToString("N0", CultureInfo.InvariantCulture), cell?.QuerySelector("[data-median]")?.TextContent);
            Assert.NotNull(cell?.QuerySelector("svg.spread-bar rect"));
        }
    }

    [Fact]
    public async Task Get_Outliers_NamedWithLinksToTheirCounty()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/classes?year=2023&lang=en");

        var outliers = page.QuerySelectorAll("a[data-outlier]");
        Assert.NotEmpty(outliers);
        Assert.All(outliers, a =>
        {
            Assert.Equal($"/county/{a.GetAttribute("data-outlier")}?year=2023&lang=en", a.GetAttribute("href"));
            Assert.False(string.IsNullOrWhiteSpace(a.TextContent));
        });
    }

    [Fact]
    public async Task Get_SameUrlTwice_SecondServedFromOutputCacheWithSameBody()
    {
        using var client = factory.CreatePlainClient();

        using var first = await client.GetAsync("/classes?year=2020", TestContext.Current.CancellationToken);
        using var second = await client.GetAsync("/classes?year=2020", TestContext.Current.CancellationToken);
        using var other = await client.GetAsync("/classes?year=2020&lang=en", TestContext.Current.CancellationToken);

        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
        Assert.Null(other.Headers.Age);
        Assert.Equal(
            await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_UnknownYear_400WithNoticeNamingYear()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/classes?year=2031", TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("year", page.QuerySelector(".problem-notice")?.GetAttribute("data-parameter"));
    }
}
