using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

/// <summary>Each page in a real browser: filters changed through the form (select + submit), links followed, figures
/// checked against DuckDB over the test export, screenshots saved.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PagesEndToEndTests(BrowserAppFixture app)
{
    private static string N(double? value, int decimals) => value!.Value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Overview_ChangeYearAndMapKpiThroughForm_FiguresAndMapFollow()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserAppFixture.ScreenshotAsync(page, "overview-zh");

        await page.Locator("#overview-filter select[name=year]").SelectOptionAsync("2022");
        await page.Locator("#overview-filter select[name=kpi]").SelectOptionAsync("risk_elimination_rate");
        await page.Locator("#overview-filter button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(OverviewQuery());

        var income = TestExport.Scalar(
            "SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = 2022");
        Assert.Equal(N(income, 0), await page.Locator(".kpi-card[data-kpi=rural_income] [data-kpi-value]").TextContentAsync());
        Assert.Contains("风险消除率", await page.Locator("h2#map").TextContentAsync(), StringComparison.Ordinal);
        await page.Locator(".county-map--enhanced canvas").First.WaitForAsync();
        Assert.Equal(4, await page.Locator(".trend-chart svg.rz-chart, .trend-chart .rz-chart svg").CountAsync());
        await BrowserAppFixture.ScreenshotAsync(page, "overview-2022-risk-elimination");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Overview_ClickCountyOnMap_OpensCountyOfTheSameYear()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/?year=2022&lang=en");
        await page.Locator(".county-map--enhanced canvas").First.WaitForAsync();
        await page.Locator("h2#map").ScrollIntoViewIfNeededAsync();

        var point = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const element = document.querySelector('.county-map-chart');
              element.scrollIntoView({ block: 'center' });
              const chart = echarts.getInstanceByDom(element);
              const shapes = await (await fetch(element.closest('[data-county-map]').dataset.geojson)).json();
              const county = shapes.features.find(f => f.id === '140922');
              const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, county.properties.cp);
              const box = element.getBoundingClientRect();
              return { x: box.left + x, y: box.top + y };
            }
            """);
        await page.Mouse.MoveAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        await page.Locator(".county-map-chart div").Filter(new() { HasText = "五台县" }).First.WaitForAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "overview-map-tooltip-en", fullPage: false);
        await page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());

        // Poll the URL: the click can commit the navigation before a wait for it starts (see CountyMapEndToEndTests).
        await Assertions.Expect(page).ToHaveURLAsync(WutaiIn2022English(), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("五台县");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Overview_JavaScriptOff_PrefectureAndMapTableLinksWork()
    {
        var page = await app.NewPageAsync(javaScriptEnabled: false);
        await page.GotoAsync("/?year=2023");

        Assert.True(await page.Locator(".county-map-table").IsVisibleAsync());
        await page.Locator(".county-map-table").GetByRole(AriaRole.Link, new() { Name = "五台县" }).ClickAsync();
        await page.WaitForURLAsync(WutaiIn2023());
        var income = TestExport.Scalar("SELECT rural_income_per_capita FROM county_indicators WHERE year = 2023 AND county_code = 140922");
        Assert.Equal(N(income, 0), await page.Locator("tr[data-kpi=rural_income] [data-value]").TextContentAsync());

        await page.GoBackAsync();
        await page.Locator("table.prefecture-table").GetByRole(AriaRole.Link, new() { Name = "忻州市" }).ClickAsync();
        await page.WaitForURLAsync(XinzhouWarnings());
        Assert.All(await page.Locator("table.warnings-table tbody th .muted").AllTextContentsAsync(), t => Assert.StartsWith("忻州市", t, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Classes_ChangeYearThenFollowOutlier_OpensThatCounty()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/classes?lang=en");

        await page.Locator("#classes-filter select[name=year]").SelectOptionAsync("2021");
        await page.Locator("#classes-filter button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(Classes2021English());
        Assert.Equal("Indicator 2021", await page.Locator("table.class-compare thead th").First.TextContentAsync());
        var median = TestExport.Scalar(
            "SELECT quantile_cont(ci.rural_income_per_capita, 0.5) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = 2021 AND c.county_class = 2");
        Assert.Equal(N(median, 0), await page.Locator("tr[data-kpi=rural_income] td[data-class='2'] [data-median]").TextContentAsync());
        await BrowserAppFixture.ScreenshotAsync(page, "classes-2021-en");

        var outlier = page.Locator("a[data-outlier]").First;
        var code = await outlier.GetAttributeAsync("data-outlier");
        await outlier.ClickAsync();
        await page.WaitForURLAsync(new Regex($"/county/{code}\\?year=2021&lang=en$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(code!);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Classes_ModelRanges_HoverSaysWhatTheyHoldAndTheMarkLeadsToTheBacktest()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/classes");

        var province = page.Locator("table.model-classes tr[data-class='0'] [data-returns=sample]");
        Assert.Equal(RevivalAnalytics.Models.ExpectedReturns.RangeNoteChinese, await province.Locator(".range").GetAttributeAsync("title"));
        await province.Locator(".range").HoverAsync();
        await province.Locator(".range-mark a").ClickAsync();
        // A jump within the page: no load event to wait for.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/classes#range-note$"));
        var checks = TestModels.Service.ReturnsBacktest!.Checks.Where(c => c.Scope == RevivalAnalytics.Models.RangeScope.Class).ToArray();
        await Assertions.Expect(page.Locator("[data-model-classes] [data-range-coverage]")).ToContainTextAsync($"{checks.Count(c => c.Covered)}/{checks.Length} 个类别-年");
        await BrowserAppFixture.ScreenshotAsync(page, "classes-model-ranges-zh");

        await page.GotoAsync("/classes?lang=en");
        Assert.Equal(RevivalAnalytics.Models.ExpectedReturns.RangeNoteEnglish, await page.Locator("table.model-classes tr[data-class='1'] [data-returns=weighted] .range").GetAttributeAsync("title"));
        await page.Locator("[data-model-classes]").ScrollIntoViewIfNeededAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "classes-model-ranges-en");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task County_ChangeYearThroughForm_FiguresOfThatYearAndModelSlot()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/county/140922");

        await page.Locator("#county-filter select[name=year]").SelectOptionAsync("2021");
        await page.Locator("#county-filter button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(Wutai2021Form());

        var income = TestExport.Scalar("SELECT rural_income_per_capita FROM county_indicators WHERE year = 2021 AND county_code = 140922");
        Assert.Equal(N(income, 0), await page.Locator("tr[data-kpi=rural_income] [data-value]").TextContentAsync());
        var rate = TestExport.Scalar("SELECT 100 * problems_rectified / problems_found FROM county_indicators WHERE year = 2021 AND county_code = 140922");
        Assert.Equal(N(rate, 1), await page.Locator("tr[data-kpi=problem_rectification_rate] [data-value]").TextContentAsync());
        // The browser's app has a risk model (no income model): the slot shows the county's expected returns.
        Assert.Contains("预计返贫户数", await page.Locator(".model-slot .model-risk").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("2021-12", await page.Locator("dl.snapshot").GetAttributeAsync("data-period"));
        await BrowserAppFixture.ScreenshotAsync(page, "county-140922-2021");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Warnings_HouseholdsBelowLineSortedAndPaged_TotalsAndCsvMatch()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/warnings");
        await BrowserAppFixture.ScreenshotAsync(page, "warnings-counties-zh");

        await page.Locator("#warnings-filter select[name=level]").SelectOptionAsync("household");
        await page.Locator("#warnings-filter select[name=year]").SelectOptionAsync("2020");
        await page.Locator("#warnings-filter select[name=flag]").SelectOptionAsync("below_line");
        await page.Locator("#warnings-filter button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(HouseholdsBelowLine2020());

        var expected = (long)TestExport.Scalar(
            "SELECT count(*) FROM household_years y JOIN monitoring_lines ml ON ml.year = y.year WHERE y.year = 2020 AND y.per_capita_net_income < ml.monitoring_line")!.Value;
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), await page.Locator("table.warnings-table").GetAttributeAsync("data-total"));

        await page.Locator("a[data-sort=income]").ClickAsync();
        await page.WaitForURLAsync(new Regex("sort=income&desc=true"));
        var top = TestExport.Scalar(
            "SELECT max(y.per_capita_net_income) FROM household_years y JOIN monitoring_lines ml ON ml.year = y.year WHERE y.year = 2020 AND y.per_capita_net_income < ml.monitoring_line");
        Assert.Equal(N(top, 0), await page.Locator("table.warnings-table tbody tr [data-income]").First.TextContentAsync());
        await BrowserAppFixture.ScreenshotAsync(page, "warnings-households-below-line");

        // Ten rows a page (the URL carries it): the next page continues the same descending order.
        await page.GotoAsync(page.Url + "&pageSize=10");
        var lastOnFirst = await page.Locator("table.warnings-table tbody tr [data-income]").Last.TextContentAsync();
        await page.Locator(".pager a[rel=next]").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("page=2"));
        Assert.Equal("2", await page.Locator(".pager [aria-current=page]").TextContentAsync());
        var firstOnSecond = await page.Locator("table.warnings-table tbody tr [data-income]").First.TextContentAsync();
        Assert.True(double.Parse(firstOnSecond!, NumberStyles.Number, CultureInfo.InvariantCulture) <= double.Parse(lastOnFirst!, NumberStyles.Number, CultureInfo.InvariantCulture));

        var csv = await page.APIRequest.GetAsync(await page.Locator("a.csv-link").GetAttributeAsync("href") ?? "");
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected + 1, lines.Length);

        // The risk column's header sorts the whole list by the model's probability, highest first.
        await page.Locator("a[data-sort=risk]").ClickAsync();
        await page.WaitForURLAsync(new Regex("sort=risk&desc=true"));
        var risks = page.Locator("table.warnings-table tbody tr td[data-risk]");
        var first = double.Parse(await risks.Nth(0).GetAttributeAsync("data-risk") ?? "", CultureInfo.InvariantCulture);
        var second = double.Parse(await risks.Nth(1).GetAttributeAsync("data-risk") ?? "", CultureInfo.InvariantCulture);
        Assert.True(first >= second, $"{first} < {second}");
        Assert.EndsWith("%", await risks.Nth(0).TextContentAsync(), StringComparison.Ordinal);
        await BrowserAppFixture.ScreenshotAsync(page, "warnings-households-by-risk");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/\?year=2022&kpi=risk_elimination_rate$")]
    private static partial Regex OverviewQuery();

    [GeneratedRegex(@"/county/140922\?year=2022&lang=en$")]
    private static partial Regex WutaiIn2022English();

    [GeneratedRegex(@"/county/140922\?year=2023$")]
    private static partial Regex WutaiIn2023();

    [GeneratedRegex(@"/warnings\?year=2023&prefecture=140900$")]
    private static partial Regex XinzhouWarnings();

    [GeneratedRegex(@"/classes\?lang=en&year=2021$")]
    private static partial Regex Classes2021English();

    [GeneratedRegex(@"/county\?code=140922&year=2021$")]
    private static partial Regex Wutai2021Form();

    [GeneratedRegex(@"/warnings\?level=household&year=2020&prefecture=&flag=below_line$")]
    private static partial Regex HouseholdsBelowLine2020();
}
