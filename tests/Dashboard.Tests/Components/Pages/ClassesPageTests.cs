using System.Globalization;
using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages;

public sealed class ClassesPageTests(DashboardFactory factory, ModelDashboardFactory withModels) : IClassFixture<DashboardFactory>, IClassFixture<ModelDashboardFactory>
{
    [Fact]
    public async Task Get_WithModels_ClassAndProvinceRangesAsComputedFromTheHouseholdsAndTheBacktest()
    {
        // Directly: every household's probability from the stored model, summed per county here, turned into ranges by
        // the range method fitted on the backtest stored with the model.
        using var data = ModelDataSource.FromExport(TestModels.Directory, threads: 2);
        using var model = RiskModel.Load(new ModelStore(TestModels.Directory), threads: 2);
        var households = model.Score(data).Households;
        var counties = households.GroupBy(h => h.CountyCode).OrderBy(g => g.Key).Select(g => new CountyReturns(
            g.Key, g.First().CountyClass, g.Count(), g.Sum(h => h.Probability), g.Sum(h => h.Probability * (1 - h.Probability)),
            g.Sum(h => h.SampleWeight * h.Probability), g.Sum(h => h.SampleWeight * h.SampleWeight * h.Probability * (1 - h.Probability)), 0, 0)).ToArray();
        var expected = ReturnRanges.FromHistory(model.ReturnsBacktest.Years).Compute(counties);
        using var client = withModels.CreatePlainClient();

        var page = await client.GetDocumentAsync("/classes");

        foreach (var row in expected.Classes.Append(expected.Province))
        {
            var cells = page.QuerySelectorAll($"table.model-classes tr[data-class='{row.Key}'] [data-returns-range]");
            Assert.Equal(2, cells.Length);
            Assert.Equal(row.ExpectedCount.ToString("N1", CultureInfo.InvariantCulture), cells[0].QuerySelector("[data-expected]")?.TextContent);
            Assert.Equal(row.Lower.ToString("R", CultureInfo.InvariantCulture), cells[0].QuerySelector("[data-range-lower]")?.GetAttribute("data-range-lower"));
            Assert.Equal(row.Upper.ToString("R", CultureInfo.InvariantCulture), cells[0].QuerySelector("[data-range-upper]")?.GetAttribute("data-range-upper"));
            Assert.Equal(row.WeightedExpected.ToString("N0", CultureInfo.InvariantCulture), cells[1].QuerySelector("[data-expected]")?.TextContent);
            Assert.Equal(row.WeightedUpper.ToString("R", CultureInfo.InvariantCulture), cells[1].QuerySelector("[data-range-upper]")?.GetAttribute("data-range-upper"));
            Assert.Equal(ExpectedReturns.RangeNoteChinese, cells[0].QuerySelector(".range")?.GetAttribute("title"));
        }

        // Every class's point estimate is its households' Σp unless past years showed the class systematically off.
        Assert.All(expected.Classes, c => Assert.Equal(households.Where(h => h.CountyClass == c.Key).Sum(h => h.Probability) * c.Correction, c.ExpectedCount, 6));

        // The footnote says what the range holds and quotes the backtest's county coverage, counted here from its checks.
        var note = page.QuerySelector("[data-model-classes] #range-note");
        Assert.Contains(ExpectedReturns.RangeNoteChinese, note?.TextContent, StringComparison.Ordinal);
        var checks = model.ReturnsBacktest.Checks.Where(c => c.Scope == RangeScope.County).ToArray();
        Assert.Contains($"（{checks.Count(c => c.Observed >= c.Lower && c.Observed <= c.Upper)}/{checks.Length}）", note?.QuerySelector("[data-range-coverage]")?.TextContent, StringComparison.Ordinal);
    }

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
