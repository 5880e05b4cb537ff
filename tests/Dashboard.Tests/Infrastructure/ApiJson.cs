using System.Net;
using System.Text.Json;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

internal static class ApiJson
{
    public static async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
    }

    public static double? NullableDouble(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : element.GetDouble();

    public static void Near(double? expected, double? actual)
    {
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Value, actual.Value, 1e-9 * Math.Max(1, Math.Abs(expected.Value)));
    }

    /// <summary>A 400/404 ProblemDetails that names <paramref name="parameter"/>, in both languages, with no stack trace.</summary>
    public static void AssertProblem((HttpStatusCode Status, JsonElement Body, string? ContentType) response, HttpStatusCode status, string parameter)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(parameter, response.Body.GetProperty("parameter").GetString());
        var title = response.Body.GetProperty("title").GetString();
        Assert.Contains(parameter, title, StringComparison.Ordinal);
        var detail = response.Body.GetProperty("detail").GetString()!;
        Assert.Contains(" / ", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", response.Body.GetRawText(), StringComparison.Ordinal);
    }
}
