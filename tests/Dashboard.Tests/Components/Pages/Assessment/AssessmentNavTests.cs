using RevivalAnalytics.Dashboard.Components.Pages.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Assessment;

public sealed class AssessmentNavTests
{
    [Fact]
    public async Task Render_ClassPageOfAYear_LinksKeepTheYearAndMarkTheCurrentPage()
    {
        var html = await ComponentHtml.RenderAsync<AssessmentNav>(new Dictionary<string, object?>
        {
            [nameof(AssessmentNav.Year)] = 2025,
            [nameof(AssessmentNav.Years)] = new[] { 2025, 2024 },
            [nameof(AssessmentNav.Current)] = "/assessment/class/2",
        });
        var page = await Html.ParseAsync(html);

        var links = page.QuerySelectorAll("nav.sub-nav a").Select(a => a.GetAttribute("href") ?? string.Empty).ToArray();
        Assert.Equal(["/assessment?year=2025", "/assessment/class/1?year=2025", "/assessment/class/2?year=2025", "/assessment/class/3?year=2025", "/assessment/work?year=2025", "/assessment/problems?year=2025"], links);
        Assert.Equal("/assessment/class/2?year=2025", page.QuerySelector("nav.sub-nav a.active")!.GetAttribute("href"));
        Assert.Equal(["2025", "2024"], page.QuerySelectorAll("select[name=year] option").Select(o => o.TextContent).ToArray());
        Assert.Equal("2025", page.QuerySelector("select[name=year] option[selected]")!.TextContent);
    }

    [Fact]
    public async Task Render_OneYear_NoYearChoice()
    {
        var html = await ComponentHtml.RenderAsync<AssessmentNav>(new Dictionary<string, object?>
        {
            [nameof(AssessmentNav.Year)] = 2025,
            [nameof(AssessmentNav.Years)] = new[] { 2025 },
            [nameof(AssessmentNav.Current)] = "/assessment",
        });
        var page = await Html.ParseAsync(html);

        Assert.Null(page.QuerySelector("select[name=year]"));
        Assert.Equal("/assessment?year=2025", page.QuerySelector("nav.sub-nav a.active")!.GetAttribute("href"));
    }
}
