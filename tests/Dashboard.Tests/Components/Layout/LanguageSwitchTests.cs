using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Layout;

public sealed class LanguageSwitchTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("/", "/", "/?lang=en")]
    [InlineData("/?lang=en", "/", "/?lang=en")]
    [InlineData("/county/140105?period=2024-06&lang=en", "/county/140105?period=2024-06", "/county/140105?period=2024-06&lang=en")]
    [InlineData("/county?code=140105", "/county?code=140105", "/county?code=140105&lang=en")]
    public async Task Render_AnyPage_LinksToSameUrlInBothLanguages(string url, string chineseHref, string englishHref)
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync(url);

        var links = page.QuerySelectorAll("nav.language-switch a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToArray();
        Assert.Equal([("中文", chineseHref), ("English", englishHref)], links);
    }

    [Fact]
    public async Task Render_NotFoundPage_SwitchesTheRequestedAddress()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/no/such/page?x=1", TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var english = page.QuerySelectorAll("nav.language-switch a").Last().GetAttribute("href");
        Assert.Equal("/no/such/page?x=1&lang=en", english);
    }
}
