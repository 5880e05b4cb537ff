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
            [("省级总览", "/"), ("分类对比", "/classes"), ("县域", "/county"), ("预警", "/warnings")],
            nav);
        Assert.Contains("SQL 查询", page.QuerySelector("nav.shell-nav")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_LangEn_RendersEnglishAndLinksCarryLanguage()
    {
        using var client = factory.CreatePlainClient();

        var page = await client.GetDocumentAsync("/?lang=en");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Province overview", page.QuerySelector("h1")?.TextContent);
        var hrefs = page.QuerySelectorAll("nav.shell-nav a").Select(a => a.GetAttribute("href") ?? "").ToArray();
        Assert.Equal(["/?lang=en", "/classes?lang=en", "/county?lang=en", "/warnings?lang=en"], hrefs);
        Assert.All(page.QuerySelectorAll("ul.view-cards a"), a => Assert.EndsWith("?lang=en", a.GetAttribute("href"), StringComparison.Ordinal));
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
        Assert.Equal("守住不发生规模性返贫的底线", card.TextContent.Trim());
    }
}
