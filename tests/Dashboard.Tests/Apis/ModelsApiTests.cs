using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

/// <summary>The test export has no trained models: the model endpoints say so, and everything else still works.</summary>
public sealed class ModelsApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
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
