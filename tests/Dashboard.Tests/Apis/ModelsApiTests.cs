using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using RevivalAnalytics.Models;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

/// <summary>
/// Without trained models the model endpoints say so and everything else still works; with them (<see cref="ModelDashboardFactory"/>)
/// they return the library's figures.
/// </summary>
public sealed class ModelsApiTests(DashboardFactory factory, ModelDashboardFactory withModels) : IClassFixture<DashboardFactory>, IClassFixture<ModelDashboardFactory>
{
    [Fact]
    public async Task GetClassRisks_WithModels_ClassAndProvinceRangesWithWhatTheyIncludeAndTheirBacktest()
    {
        var service = TestModels.Service;
        using var client = withModels.CreatePlainClient();

        var response = await client.GetJsonAsync("/api/risk/classes");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var classes = response.Body.GetProperty("classes").EnumerateArray().ToArray();
        var expected = service.ClassComparisons().Select(c => c.Risk!).ToArray();
        Assert.Equal(expected.Select(c => c.Key), classes.Select(c => c.GetProperty("key").GetInt32()));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].ExpectedCount, classes[i].GetProperty("expectedCount").GetDouble(), 9);
            Assert.Equal(expected[i].Lower, classes[i].GetProperty("lower").GetDouble());
            Assert.Equal(expected[i].WeightedUpper, classes[i].GetProperty("weightedUpper").GetDouble());
            Assert.StartsWith(ExpectedReturns.RangeNoteChinese, classes[i].GetProperty("rangeNote").GetString(), StringComparison.Ordinal);
        }

        var province = response.Body.GetProperty("province");
        Assert.Equal(0, province.GetProperty("key").GetInt32());
        Assert.Equal(service.ProvinceRisk()!.WeightedExpected, province.GetProperty("weightedExpected").GetDouble(), 6);
        Assert.Contains(ExpectedReturns.RangeNoteEnglish, response.Body.GetProperty("rangeNote").GetString(), StringComparison.Ordinal);
        var backtest = service.ReturnsBacktest!;
        Assert.Equal(backtest.TestCutoffs.Select(c => c + 1), response.Body.GetProperty("backtestYears").EnumerateArray().Select(y => y.GetInt32()));
        var counties = response.Body.GetProperty("coverage").EnumerateArray().First(c => c.GetProperty("scope").GetString() == "County" && c.GetProperty("countyClass").GetInt32() == 0);
        Assert.Equal(backtest.Checks.Count(c => c.Scope == RangeScope.County), counties.GetProperty("checks").GetInt32());
        Assert.Equal(backtest.Checks.Count(c => c.Scope == RangeScope.County && c.Covered), counties.GetProperty("covered").GetInt32());
    }

    [Fact]
    public async Task GetClassRisks_PrefectureScope_ForbiddenSinceTotalsSpanTheProvince()
    {
        using var client = withModels.CreateClientFor(TestUsers.PrefectureLeader);

        var response = await client.GetJsonAsync("/api/risk/classes");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Contains("Outside your data scope", response.Body.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.False(response.Body.TryGetProperty("classes", out _));
    }

    [Fact]
    public async Task ClassesPage_PrefectureScope_HidesTheProvinceWideModelTotals()
    {
        using var client = withModels.CreateClientFor(TestUsers.PrefectureLeader);

        var html = await client.GetStringAsync("/classes", TestContext.Current.CancellationToken);

        Assert.Contains("data-model-classes-hidden", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-model-classes>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-returns=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModels_NoModelTrained_ReportsUnavailableWithMessage()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync("/api/models");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var risk = response.Body.GetProperty("risk");
        Assert.False(risk.GetProperty("available").GetBoolean());
        Assert.Contains("revival train", risk.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(response.Body.GetProperty("income").GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task GetForecasts_NoModelTrained_503Problem()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync("/api/forecasts?county=140105");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Contains("revival train", response.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/forecasts?county=999999", HttpStatusCode.NotFound, "county")]
    [InlineData("/api/forecasts?county=14x", HttpStatusCode.BadRequest, "county")]
    [InlineData("/api/risk/households?top=0", HttpStatusCode.BadRequest, "top")]
    [InlineData("/api/risk/households?top=many", HttpStatusCode.BadRequest, "top")]
    public async Task ModelEndpoints_BadParameter_ProblemNamingIt(string url, HttpStatusCode status, string parameter)
    {
        using var client = factory.CreatePlainClient();

        AssertProblem(await client.GetJsonAsync(url), status, parameter);
    }

    [Fact]
    public async Task CountyPage_NoModelTrained_ShowsEmptyStateAndTheRestOfThePage()
    {
        using var client = factory.CreatePlainClient();

        var html = await client.GetStringAsync("/county/140105", TestContext.Current.CancellationToken);

        Assert.Contains("data-model-slot=\"140105\"", html, StringComparison.Ordinal);
        Assert.Contains("revival train", html, StringComparison.Ordinal);
        Assert.Contains("小店区", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClassesPage_NoModelTrained_ShowsModelSectionEmptyState()
    {
        using var client = factory.CreatePlainClient();

        var html = await client.GetStringAsync("/classes", TestContext.Current.CancellationToken);

        var section = html[html.IndexOf("data-model-classes", StringComparison.Ordinal)..];
        Assert.Contains("模型尚未训练 / no model trained yet", section[..Math.Min(section.Length, 400)], StringComparison.Ordinal);
    }
}
