using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed partial class ShellEndToEndTests(BrowserAppFixture app)
{
    [Fact]
    public async Task HomePage_ClickEnglishThenNavigate_KeepsLanguageInUrl()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Equal("省级总览", await page.Locator("h1").TextContentAsync());
        Assert.Equal("山西巩固拓展脱贫攻坚成果监测", await page.Locator(".shell-brand").TextContentAsync());
        await BrowserAppFixture.ScreenshotAsync(page, "home-zh");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await page.WaitForURLAsync(EnglishHome());
        Assert.Equal("Province overview", await page.Locator("h1").TextContentAsync());
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await BrowserAppFixture.ScreenshotAsync(page, "home-en");

        await page.Locator("nav.shell-nav").GetByRole(AriaRole.Link, new() { Name = "Classes" }).ClickAsync();
        await page.WaitForURLAsync(ClassesEnglish());
        Assert.Equal("County classes compared", await page.Locator("h1").TextContentAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await page.WaitForURLAsync(ClassesChinese());
        Assert.Equal("三类县分类对比", await page.Locator("h1").TextContentAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CountyForm_JavaScriptOff_SubmitsAsGetAndKeepsLanguage()
    {
        var page = await app.NewPageAsync(javaScriptEnabled: false);

        await page.GotoAsync("/county?lang=en");
        await page.GetByLabel("County code (GB/T 2260)").FillAsync("140922");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await page.WaitForURLAsync(CountyQuery());
        Assert.Equal("140922", await page.GetByLabel("County code (GB/T 2260)").InputValueAsync());
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await BrowserAppFixture.ScreenshotAsync(page, "county-form-nojs-en");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UnknownAddress_InBrowser_ShowsFriendlyNotFound()
    {
        var page = await app.NewPageAsync();

        var response = await page.GotoAsync("/no/such/page");

        Assert.Equal(404, response?.Status);
        Assert.Equal("页面不存在", await page.Locator("h1").TextContentAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "返回省级总览" }).ClickAsync();
        Assert.Equal("省级总览", await page.Locator("h1").TextContentAsync());
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/\?lang=en$")]
    private static partial Regex EnglishHome();

    [GeneratedRegex(@"/classes\?lang=en$")]
    private static partial Regex ClassesEnglish();

    [GeneratedRegex(@"/classes$")]
    private static partial Regex ClassesChinese();

    [GeneratedRegex(@"/county\?lang=en&code=140922&year=\d{4}$")]
    private static partial Regex CountyQuery();
}
