using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Dashboard.Components.Pages.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Assessment;

/// <summary>The workbench rendered with bunit: entry values are refused, not clamped, and the template is offered to
/// evaluators only.</summary>
public sealed class AssessmentWorkPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>, IDisposable
{
    private const int Wuzhai = 140928;

    private readonly PageContext _pages = new(factory);

    public void Dispose() => _pages.Dispose();

    [Fact]
    public async Task Save_ValueAboveItsRange_RefusedNamingItemAndRangeNothingSaved()
    {
        var year = factory.EnsureOpenYear();
        var page = _pages.Render<AssessmentWorkPage>(TestUsers.CountyEvaluator, $"/assessment/work?year={year}&county={Wuzhai}");
        var cell = page.WaitForElement("#entry-table td[data-entry$='/self'] input", TimeSpan.FromSeconds(30));
        var item = page.Find("#entry-table tr[data-item]");
        var name = item.QuerySelector("th")!.TextContent;
        var range = item.QuerySelector("td.num")!.TextContent;
        var before = await EntriesAsync(year);

        cell.Change("99");
        page.Find("#save-entries").Click();

        var message = page.Find("[data-message]").TextContent;
        Assert.Contains($"“{name}”（自评）的值 99 超出允许范围 {range}", message, StringComparison.Ordinal);
        Assert.Contains($"99 is outside the allowed range {range}", message, StringComparison.Ordinal);
        Assert.Equal("99", page.Find("#entry-table td[data-entry$='/self'] input").GetAttribute("value"));
        Assert.Equal(before, await EntriesAsync(year));
        Assert.Equal($"/api/assessment/{year}/template.xlsx", page.Find("#template-download").GetAttribute("href"));
    }

    [Fact]
    public void Render_Leader_NoTemplateNoFieldLink()
    {
        var year = factory.EnsureOpenYear();

        var page = _pages.Render<AssessmentWorkPage>(TestUsers.Leader, $"/assessment/work?year={year}");

        page.WaitForElement("#entry-table", TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#template-download"));
        Assert.Empty(page.FindAll("#work-field"));
        Assert.Single(page.FindAll("#work-problems"));
    }

    private async Task<int> EntriesAsync(int year)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetEntriesAsync(year, null, Xunit.TestContext.Current.CancellationToken)).Count;
    }
}
