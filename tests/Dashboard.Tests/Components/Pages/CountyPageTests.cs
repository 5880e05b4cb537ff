using System.Globalization;
using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages;

public sealed class CountyPageTests(DashboardFactory factory, ModelDashboardFactory withModels) : IClassFixture<DashboardFactory>, IClassFixture<ModelDashboardFactory>
{
    [Fact]
    public async Task Get_CountyWithModels_SaysTheForecastIsAShrunkTrendAndShowsItsClassCoverage()
    {
        var forecast = TestModels.Service.Forecasts()[0];
        var coverage = TestModels.Service.IncomeBacktest!.Accuracy
            .Where(a => a.CountyClass == forecast.CountyClass && a.Horizon > 0 && !double.IsNaN(a.Coverage)).OrderBy(a => a.Horizon).ToArray();
        using var client = withModels.CreatePlainClient();

        var page = await client.GetDocumentAsync($"/county/{forecast.CountyCode}");

        Assert.Equal(3, page.QuerySelectorAll("table.model-forecast tbody tr").Length);
        Assert.Contains("无机器学习成分", page.QuerySelector("[data-forecast-method]")?.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(coverage);
        var shown = page.QuerySelector("[data-forecast-coverage]")?.TextContent;
        Assert.All(coverage, a => Assert.Contains($"{a.Horizon} 年 {(a.Coverage * 100).ToString("0", CultureInfo.InvariantCulture)}%", shown, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_County_FiguresFromDuckDbAndEmptyModelSlot()
    {
        var code = (int)TestExport.Query(
            "SELECT county_code FROM household_years WHERE year = 2023 AND monitoring_status = 1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
            .GetInt64s("county_code")[0];
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync($"/county/{code}?year=2023");

        var income = TestExport.Scalar("SELECT rural_income_per_capita FROM county_indicators WHERE year = 2023 AND county_code = $1", code);
        Assert.Equal(income!.Value.ToString("N0", CultureInfo.InvariantCulture), page.QuerySelector("tr[data-kpi=rural_income] [data-value]")?.TextContent);
        var name = TestExport.Query("SELECT county_name FROM counties WHERE county_code = $1", code).GetStrings("county_name")[0];
        Assert.StartsWith(name, page.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
        var sample = page.QuerySelectorAll("table[data-breakdown=category] tbody tr[data-code] td.num:first-of-type")
            .Sum(td => long.Parse(td.TextContent, CultureInfo.InvariantCulture));
        Assert.Equal((long)TestExport.Scalar("SELECT count(*) FROM household_years WHERE year = 2023 AND county_code = $1 AND monitoring_status = 1", code)!.Value, sample);
        Assert.Equal(6, page.QuerySelectorAll(".trend-chart .rz-chart svg").Length);
        Assert.NotNull(page.QuerySelector("dl.snapshot[data-period='2023-12']"));
        Assert.Equal("模型尚未训练 / no model trained yet", page.QuerySelector(".model-slot .empty-state")?.TextContent);
    }

    [Fact]
    public async Task Get_FormQueryCode_SameCountyAsRoute()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/county?code=140121&year=2022&lang=en");

        Assert.StartsWith("清徐县", page.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("2022", page.QuerySelector("select[name=year] option[selected]")?.GetAttribute("value"));
        Assert.Equal("Indicators 2022", page.QuerySelector("main h2")?.TextContent);
    }

    [Fact]
    public async Task Get_NoCode_ListsAll117CountiesWithLinks()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/county");

        Assert.Equal(117, page.QuerySelectorAll(".county-index a").Length);
        Assert.Equal(11, page.QuerySelectorAll(".county-index h3").Length);
    }

    [Theory]
    [InlineData("/county/999999", HttpStatusCode.NotFound, "code")]
    [InlineData("/county/abc", HttpStatusCode.BadRequest, "code")]
    [InlineData("/county/140105?year=2023-x", HttpStatusCode.BadRequest, "year")]
    public async Task Get_BadParameter_NoticeNamingItAndStatus(string url, HttpStatusCode status, string parameter)
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(parameter, page.QuerySelector(".problem-notice")?.GetAttribute("data-parameter"));
        Assert.Null(page.QuerySelector(".model-slot"));
    }
}
