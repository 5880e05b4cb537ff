using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using RevivalAnalytics.Dashboard.Localization;

namespace RevivalAnalytics.Dashboard.Components.Shared;

/// <summary>
/// A choropleth of Shanxi's 117 counties coloured by one metric, each county linking to its page.
/// The server renders a table of counties with links (complete without JavaScript) inside a
/// <c>&lt;div data-county-map&gt;</c> whose data attributes carry everything county-map.js needs
/// to draw the ECharts map over the shapes in <c>lib/shanxi-counties.geojson</c>.
/// </summary>
public partial class CountyMap
{
    /// <summary>The placeholder in <see cref="LinkTemplate"/> that is replaced by a county's code.</summary>
    public const string CodePlaceholder = "{code}";

    private const string GeoJsonPath = "lib/shanxi-counties.geojson";
    private const string EchartsPath = "lib/echarts.min.js";

    /// <summary>The counties in table order, each with its value (null = no data).</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<CountyMapEntry> Counties { get; set; } = [];

    /// <summary>The metric's name in the current language: table header, legend and tooltip.</summary>
    [Parameter, EditorRequired]
    public string Metric { get; set; } = string.Empty;

    /// <summary>The metric's unit, e.g. <c>元</c> or <c>%</c>; empty for none.</summary>
    [Parameter]
    public string? Unit { get; set; }

    /// <summary>
    /// Where a click on a county leads, with <see cref="CodePlaceholder"/> standing for its code,
    /// e.g. <c>/county/{code}?period=2024-06</c>. The current language is added automatically.
    /// </summary>
    [Parameter]
    public string LinkTemplate { get; set; } = "/county/" + CodePlaceholder;

    /// <summary>Whether higher values are better (green) or worse (red).</summary>
    [Parameter]
    public bool HigherIsBetter { get; set; } = true;

    /// <summary>
    /// When set, the map is categorical (e.g. grades): each county is coloured by the category its value equals,
    /// with a legend of the categories, instead of a colour scale.
    /// </summary>
    [Parameter]
    public IReadOnlyList<CountyMapCategory>? Categories { get; set; }

    private string? CategoriesJson => Categories is null ? null : JsonSerializer.Serialize(
        Categories.Select(c => new { value = c.Value, label = c.Label, colour = c.Colour }));

    // Adding the language re-encodes the query, which would turn a placeholder there into %7Bcode%7D.
    private string ResolvedLinkTemplate => UiLanguage.Href(LinkTemplate)
        .Replace(Uri.EscapeDataString(CodePlaceholder), CodePlaceholder, StringComparison.Ordinal);

    private string ValuesJson => JsonSerializer.Serialize(
        Counties.ToDictionary(county => county.Code, county => county.Value));

    private string LinkFor(string code) =>
        ResolvedLinkTemplate.Replace(CodePlaceholder, Uri.EscapeDataString(code), StringComparison.Ordinal);

    private static string Display(CountyMapEntry county) =>
        county.DisplayValue
        ?? county.Value?.ToString("#,##0.##", CultureInfo.CurrentCulture)
        ?? "—";
}
