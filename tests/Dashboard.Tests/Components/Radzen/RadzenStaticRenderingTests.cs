using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Radzen.Blazor;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Radzen;

/// <summary>
/// Which Radzen.Blazor 12.0.8 components produce useful HTML under static server-side rendering,
/// rendered with the app's own services (no circuit, no JavaScript, OnAfterRender never runs).
/// </summary>
public sealed class RadzenStaticRenderingTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    public sealed record Point(string Period, double Income);

    private static readonly Point[] s_points =
    [
        new("2021", 14_770), new("2022", 15_855), new("2023", 17_228), new("2024", 18_480),
    ];

    private async Task<string> RenderAsync(RenderFragment fragment)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        // Inside a request the endpoint renderer does this; RadzenChart reads the NavigationManager.
        var navigation = scope.ServiceProvider.GetRequiredService<NavigationManager>();
        ((IHostEnvironmentNavigationManager)navigation).Initialize("http://localhost/", "http://localhost/");
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<FragmentHost>(
                ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(FragmentHost.Content)] = fragment }));
            return output.ToHtmlString();
        });
    }

    private static RenderFragment IncomeChart(string style) => builder =>
    {
        builder.OpenComponent<RadzenChart>(0);
        builder.AddAttribute(1, "Style", style);
        builder.AddAttribute(2, "ChildContent", (RenderFragment)(series =>
        {
            series.OpenComponent<RadzenColumnSeries<Point>>(0);
            series.AddAttribute(1, "Data", s_points);
            series.AddAttribute(2, "CategoryProperty", nameof(Point.Period));
            series.AddAttribute(3, "ValueProperty", nameof(Point.Income));
            series.AddAttribute(4, "Title", "收入");
            series.CloseComponent();
            series.OpenComponent<RadzenLineSeries<Point>>(5);
            series.AddAttribute(6, "Data", s_points);
            series.AddAttribute(7, "CategoryProperty", nameof(Point.Period));
            series.AddAttribute(8, "ValueProperty", nameof(Point.Income));
            series.AddAttribute(9, "Title", "趋势");
            series.CloseComponent();
        }));
        builder.CloseComponent();
    };

    [Fact]
    public async Task RadzenChart_PixelSize_RendersColumnsAndLineAsSvg()
    {
        var page = await Html.ParseAsync(await RenderAsync(IncomeChart("width: 600px; height: 300px")));

        Assert.NotNull(page.QuerySelector(".rz-chart svg"));
        Assert.Equal(4, page.QuerySelectorAll(".rz-column-series path").Length);
        var line = page.QuerySelector(".rz-line-series path[d^='M']")?.GetAttribute("d");
        Assert.NotNull(line);
        Assert.Equal(4, line.Split('L').Length);
        Assert.Contains("收入", page.QuerySelector(".rz-legend")?.TextContent, StringComparison.Ordinal);
    }

    // Radzen measures a relative width with JavaScript after the first render, which never comes
    // under static SSR: charts need a size in pixels. If Radzen changes this, update docs/dashboard.md.
    [Fact]
    public async Task RadzenChart_PercentWidth_RendersNoPlot()
    {
        var page = await Html.ParseAsync(await RenderAsync(IncomeChart("width: 100%; height: 300px")));

        Assert.NotNull(page.QuerySelector(".rz-chart"));
        Assert.Empty(page.QuerySelectorAll(".rz-chart path"));
    }

    [Fact]
    public async Task RadzenDataGrid_Rows_RendersTableCells()
    {
        var html = await RenderAsync(builder =>
        {
            builder.OpenComponent<RadzenDataGrid<Point>>(0);
            builder.AddAttribute(1, "Data", s_points);
            builder.AddAttribute(2, "Columns", (RenderFragment)(columns =>
            {
                columns.OpenComponent<RadzenDataGridColumn<Point>>(0);
                columns.AddAttribute(1, "Property", nameof(Point.Period));
                columns.AddAttribute(2, "Title", "时期");
                columns.CloseComponent();
                columns.OpenComponent<RadzenDataGridColumn<Point>>(3);
                columns.AddAttribute(4, "Property", nameof(Point.Income));
                columns.AddAttribute(5, "Title", "收入");
                columns.CloseComponent();
            }));
            builder.CloseComponent();
        });

        var page = await Html.ParseAsync(html);
        var cells = page.QuerySelectorAll("table tbody td").Select(td => td.TextContent.Trim()).ToArray();
        Assert.Contains("2023", cells);
        Assert.Contains(cells, cell => cell.Contains("17228", StringComparison.Ordinal) || cell.Contains("17,228", StringComparison.Ordinal));
    }

    private sealed class FragmentHost : ComponentBase
    {
        [Parameter]
        public RenderFragment? Content { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, Content);
    }
}
