using System.Net;
using System.Text.Json;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

public sealed class HealthApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task GetHealth_Always_ReturnsOkJson()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/api/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("version").GetString()));
        var serverTime = body.RootElement.GetProperty("serverTime").GetDateTimeOffset();
        Assert.Equal(TimeSpan.Zero, serverTime.Offset);
    }

    [Fact]
    public async Task UnknownApiPath_Always_ReturnsProblemDetails()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(404, body.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("/api/no-such-thing", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
