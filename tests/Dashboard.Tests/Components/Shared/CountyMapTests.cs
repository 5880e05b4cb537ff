using System.Text.Json;
using RevivalAnalytics.Dashboard.Components.Shared;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Shared;

public sealed class CountyMapTests
{
    private static Dictionary<string, object?> Parameters(IReadOnlyList<CountyMapEntry> counties, string? linkTemplate = null)
    {
        var parameters = new Dictionary<string, object?>
        {
            [nameof(CountyMap.Counties)] = counties,
            [nameof(CountyMap.Metric)] = "原贫困县",
            [nameof(CountyMap.Unit)] = "",
        };
        if (linkTemplate is not null)
        {
            parameters[nameof(CountyMap.LinkTemplate)] = linkTemplate;
        }
        return parameters;
    }

    [Fact]
    public async Task Render_ReferenceCounties_TableLinksEveryCounty()
    {
        var counties = ReferenceCounties.FormerPovertyFlag();

        var page = await Html.ParseAsync(await ComponentHtml.RenderAsync<CountyMap>(Parameters(counties)));

        var links = page.QuerySelectorAll(".county-map-table tbody tr th a").ToArray();
        Assert.Equal(117, links.Length);
        Assert.Equal("/county/140105", links[0].GetAttribute("href"));
        Assert.Equal("小店区", links[0].TextContent);
        Assert.Equal(58, page.QuerySelectorAll(".county-map-table td.num").Count(cell => cell.TextContent == "1"));
    }

    [Fact]
    public async Task Render_ReferenceCounties_DataAttributesCarryValuesAndLinks()
    {
        var counties = ReferenceCounties.FormerPovertyFlag();

        var page = await Html.ParseAsync(await ComponentHtml.RenderAsync<CountyMap>(Parameters(counties)));

        var map = page.QuerySelector("[data-county-map]");
        Assert.NotNull(map);
        var values = JsonSerializer.Deserialize<Dictionary<string, double?>>(map.GetAttribute("data-values")!);
        Assert.NotNull(values);
        Assert.Equal(117, values.Count);
        Assert.Equal(58, values.Values.Count(value => value == 1));
        Assert.Equal("/county/{code}", map.GetAttribute("data-link-template"));
        Assert.Equal("原贫困县", map.GetAttribute("data-metric"));
        Assert.Equal("true", map.GetAttribute("data-higher-is-better"));
        Assert.Equal("lib/shanxi-counties.geojson", map.GetAttribute("data-geojson"));
        Assert.Equal("zh-CN", map.GetAttribute("data-lang"));
    }

    [Fact]
    public async Task Render_English_LinksCarryLanguageAndPlaceholderSurvivesInQuery()
    {
        CountyMapEntry[] counties = [new("140105", "小店区", "太原市", 12345.678)];

        var page = await Html.ParseAsync(await ComponentHtml.RenderAsync<CountyMap>(
            Parameters(counties, "/county?code={code}&period=2024-06"), uiCulture: "en"));

        var map = page.QuerySelector("[data-county-map]")!;
        Assert.Equal("/county?code={code}&period=2024-06&lang=en", map.GetAttribute("data-link-template"));
        Assert.Equal("/county?code=140105&period=2024-06&lang=en", page.QuerySelector("tbody a")?.GetAttribute("href"));
        Assert.Equal("County", page.QuerySelector("thead th")?.TextContent);
        Assert.Equal("12,345.68", page.QuerySelector("td.num")?.TextContent);
    }

    [Fact]
    public async Task Render_Categories_LegendCarriedAndNoneWithout()
    {
        CountyMapEntry[] counties = [new("140105", "小店区", "太原市", 0, "好（93.50）")];
        var parameters = Parameters(counties);
        parameters[nameof(CountyMap.Categories)] = new CountyMapCategory[] { new(0, "好", "#1e8449"), new(3, "差", "#c0392b") };

        var categorical = await Html.ParseAsync(await ComponentHtml.RenderAsync<CountyMap>(parameters));
        var plain = await Html.ParseAsync(await ComponentHtml.RenderAsync<CountyMap>(Parameters(counties)));

        using var legend = JsonDocument.Parse(categorical.QuerySelector("[data-county-map]")!.GetAttribute("data-categories")!);
        Assert.Equal([(0.0, "好", "#1e8449"), (3.0, "差", "#c0392b")],
            legend.RootElement.EnumerateArray().Select(c => (c.GetProperty("value").GetDouble(), c.GetProperty("label").GetString(), c.GetProperty("colour").GetString())));
        Assert.Equal("好（93.50）", categorical.QuerySelector("td.num")?.TextContent);
        Assert.False(plain.QuerySelector("[data-county-map]")!.HasAttribute("data-categories"));
    }

    [Fact]
    public async Task Render_MissingValue_ShowsDashAndNullInJson()
    {
        CountyMapEntry[] counties = [new("140105", "小店区", "太原市", null)];

        var page = await Html.ParseAsync(await ComponentHtml.RenderAsync<CountyMap>(Parameters(counties)));

        Assert.Equal("—", page.QuerySelector("td.num")?.TextContent);
        Assert.Equal("{\"140105\":null}", page.QuerySelector("[data-county-map]")?.GetAttribute("data-values"));
    }
}
