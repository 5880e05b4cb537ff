using System.Globalization;
using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages;

public sealed class HomePageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Get_NoLanguageParameter_RendersChinese()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/");

        Assert.Equal("zh-CN", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("省级总览", page.QuerySelector("h1")?.TextContent);
        var nav = page.QuerySelectorAll("nav.shell-nav a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToArray();
        Assert.Equal(
            [("省级总览", "/"), ("分类对比", "/classes"), ("县域", "/county"), ("预警", "/warnings"), ("后评估", "/assessment"), ("SQL 查询", "/sql")],
            nav);
    }

    [Fact]
    public async Task Get_LangEn_RendersEnglishAndLinksCarryLanguage()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/?lang=en");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Province overview", page.QuerySelector("h1")?.TextContent);
        var hrefs = page.QuerySelectorAll("nav.shell-nav a").Select(a => a.GetAttribute("href") ?? "").ToArray();
        Assert.Equal(["/?lang=en", "/classes?lang=en", "/county?lang=en", "/warnings?lang=en", "/assessment?lang=en", "/sql?lang=en"], hrefs);
        Assert.All(page.QuerySelectorAll("table.class-table thead a, .county-map-table a"), a => Assert.Contains("lang=en", a.GetAttribute("href"), StringComparison.Ordinal));
        Assert.Equal("en", page.QuerySelector("#overview-filter input[name=lang]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Get_UnsupportedLanguage_FallsBackToChinese()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/?lang=fr");

        Assert.Equal("省级总览", page.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task Get_AcceptLanguageEnglish_StillChineseBecauseOnlyTheUrlDecides()
    {
        using var client = factory.CreatePlainClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("省级总览", page.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task Get_Always_RendersRadzenCardStatically()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/");

        var card = page.QuerySelector(".rz-card.red-line-card");
        Assert.NotNull(card);
        Assert.Equal("守住不发生规模性返贫的底线", card.QuerySelector("strong")?.TextContent.Trim());
    }

    [Fact]
    public async Task Get_Year2023_CardsShowFiguresFromDuckDb()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/?year=2023");

        var income = TestExport.Scalar(
            "SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = 2023");
        Assert.Equal(income!.Value.ToString("N0", CultureInfo.InvariantCulture), page.QuerySelector(".kpi-card[data-kpi=rural_income] [data-kpi-value]")?.TextContent);
        var monitored = TestExport.Scalar(
            "SELECT sum(h.sample_weight) FROM household_years y JOIN households h USING (household_id) WHERE y.year = 2023 AND y.monitoring_status = 1");
        Assert.Equal(monitored!.Value.ToString("N0", CultureInfo.InvariantCulture), page.QuerySelector(".kpi-card[data-kpi=monitored_households] [data-kpi-value]")?.TextContent);
        Assert.Equal(16, page.QuerySelectorAll(".kpi-card").Length);
        Assert.Equal("2023", page.QuerySelector("select[name=year] option[selected]")?.GetAttribute("value"));
        Assert.Equal(11, page.QuerySelectorAll("table.prefecture-table tbody tr").Length);
        Assert.Equal(4, page.QuerySelectorAll(".trend-chart .rz-chart svg").Length);
    }

    [Fact]
    public async Task Get_MapKpi_MapTableHas117CountiesWithValuesAndCountyLinks()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/?year=2022&kpi=medical_insurance_rate");

        Assert.Equal("medical_insurance_rate", page.QuerySelector("select[name=kpi] option[selected]")?.GetAttribute("value"));
        var rows = page.QuerySelectorAll(".county-map-table tbody tr");
        Assert.Equal(117, rows.Length);
        var row = rows.Single(r => r.GetAttribute("data-code") == "140105");
        Assert.Equal("/county/140105?year=2022", row.QuerySelector("a")?.GetAttribute("href"));
        var expected = TestExport.Scalar("SELECT 100 * medical_insured / medical_insurance_target FROM county_indicators WHERE year = 2022 AND county_code = 140105");
        Assert.Equal(expected!.Value.ToString("N2", CultureInfo.InvariantCulture), row.QuerySelector("td.num")?.TextContent);
    }

    [Theory]
    [InlineData("/?year=abc", HttpStatusCode.BadRequest, "year")]
    [InlineData("/?kpi=happiness", HttpStatusCode.BadRequest, "kpi")]
    [InlineData("/?year=1999&lang=en", HttpStatusCode.BadRequest, "year")]
    public async Task Get_BadParameter_FriendlyBilingualNoticeAndStatus(string url, HttpStatusCode status, string parameter)
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(status, response.StatusCode);
        var notice = page.QuerySelector(".problem-notice");
        Assert.NotNull(notice);
        Assert.Equal(parameter, notice.GetAttribute("data-parameter"));
        Assert.Contains("参数有误", notice.TextContent, StringComparison.Ordinal);
        Assert.Contains("Invalid request", notice.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll(".kpi-card"));
    }
}
