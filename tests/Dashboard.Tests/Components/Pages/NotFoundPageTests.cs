using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages;

public sealed class NotFoundPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("/no-such-page", "zh-CN", "页面不存在")]
    [InlineData("/no-such-page?lang=en", "en", "Page not found")]
    [InlineData("/county/140105/deeper/still", "zh-CN", "页面不存在")]
    public async Task Get_UnknownRoute_Returns404WithFriendlyPage(string url, string lang, string heading)
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(lang, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(heading, page.QuerySelector("h1")?.TextContent);
        Assert.NotNull(page.QuerySelector("nav.shell-nav"));
    }
}
