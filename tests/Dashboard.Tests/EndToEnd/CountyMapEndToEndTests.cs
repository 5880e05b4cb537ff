using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed partial class CountyMapEndToEndTests(BrowserAppFixture app)
{
    [Fact]
    public async Task CountyMap_JavaScriptOn_DrawsEchartsCanvasAndHidesTable()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync(CountyMapSamplePage.Path);
        await page.Locator(".county-map--enhanced canvas").First.WaitForAsync();

        Assert.False(await page.Locator(".county-map-table").IsVisibleAsync());
        // Share of the canvas the map actually painted: an empty or failed chart paints nothing.
        var paintedShare = await page.EvaluateAsync<double>("""
            () => {
              const canvas = document.querySelector('.county-map-chart canvas');
              const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let painted = 0;
              for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
              return painted / (pixels.length / 4);
            }
            """);
        Assert.InRange(paintedShare, 0.15, 1.0);
        await BrowserAppFixture.ScreenshotAsync(page, "county-map-zh", fullPage: false);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CountyMap_ClickOnCounty_NavigatesToItsLink()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(CountyMapSamplePage.Path + "?lang=en");
        await page.Locator(".county-map--enhanced canvas").First.WaitForAsync();

        // 五台县 (140922): a large county; its seat point from the shapes file lies inside it.
        var point = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const element = document.querySelector('.county-map-chart');
              const chart = echarts.getInstanceByDom(element);
              const shapes = await (await fetch('lib/shanxi-counties.geojson')).json();
              const county = shapes.features.find(f => f.id === '140922');
              const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, county.properties.cp);
              const box = element.getBoundingClientRect();
              return { x: box.left + x, y: box.top + y };
            }
            """);
        await page.Mouse.MoveAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        await page.Locator(".county-map-chart div").Filter(new() { HasText = "五台县" }).First.WaitForAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "county-map-en-tooltip", fullPage: false);
        // Record what the canvas receives, so a failure says whether the click arrived and what ECharts made of it.
        await page.EvaluateAsync("""
            () => {
              window.clickTrace = [];
              const element = document.querySelector('.county-map-chart');
              for (const type of ['mousedown', 'mouseup', 'click']) {
                element.addEventListener(type, e => window.clickTrace.push(`${type} ${e.clientX},${e.clientY}`), true);
              }
              echarts.getInstanceByDom(element).on('click', p => window.clickTrace.push(`echarts-click ${p.name}`));
            }
            """);
        await page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());

        // Poll the URL rather than wait for a navigation event: the click can commit the navigation before a wait
        // starts, and a wait for an event that already happened hung until its timeout on a loaded machine.
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(WutaiCountyEnglish(), new() { Timeout = 30_000 });
        }
        catch (PlaywrightException)
        {
            var url = page.Url;
            var trace = await page.EvaluateAsync<string[]?>("() => window.clickTrace || null");
            Assert.Fail($"No navigation to the county: at {url}, click at {point}, trace: {string.Join(" | ", trace ?? ["(a new document)"])}");
        }

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("五台县 忻州市 · Key assistance · 140922");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CountyMap_JavaScriptOff_ShowsTableOfAllCountiesWithLinks()
    {
        var page = await app.NewPageAsync(javaScriptEnabled: false);

        await page.GotoAsync(CountyMapSamplePage.Path);

        var links = page.Locator(".county-map-table tbody a");
        Assert.Equal(117, await links.CountAsync());
        Assert.Equal(0, await page.Locator(".county-map canvas").CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "五台县" }).ClickAsync();
        await page.WaitForURLAsync(WutaiCountyChinese());
        Assert.StartsWith("五台县", await page.Locator("h1").TextContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/county/140922\?lang=en$")]
    private static partial Regex WutaiCountyEnglish();

    [GeneratedRegex(@"/county/140922$")]
    private static partial Regex WutaiCountyChinese();
}
