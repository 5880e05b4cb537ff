using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Dashboard.Components.Pages.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Assessment;

/// <summary>The field-check page rendered with bunit: the plan before drawing, a draw kept in the store, the scope.</summary>
public sealed class AssessmentFieldPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>, IDisposable
{
    private const int Wuzhai = 140928;

    private readonly PageContext _pages = new(factory);

    public void Dispose() => _pages.Dispose();

    [Fact]
    public async Task Draw_CountyEvaluator_SampleKeptAndShownWithQuotas()
    {
        var year = factory.EnsureOpenYear();
        var page = _pages.Render<AssessmentFieldPage>(TestUsers.CountyEvaluator, $"/assessment/field?year={year}");
        page.WaitForElement("#field-sizes", TimeSpan.FromSeconds(30));
        Assert.NotNull(page.Find("#field-sample.empty"));

        page.Find("#field-draw").Click();

        page.WaitForAssertion(() => Assert.Contains("已抽取", page.Find("[data-message]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        using var scope = factory.Services.CreateScope();
        var sample = await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetFieldSampleAsync(year, Wuzhai, Xunit.TestContext.Current.CancellationToken);
        Assert.NotNull(sample);
        Assert.Equal(sample.Households.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("#field-sample").GetAttribute("data-households"));
        Assert.Equal($"/api/assessment/{year}/counties/{Wuzhai}/field-list.xlsx", page.Find("#field-list").GetAttribute("href"));
        // No personal-data permission: only the masked list is offered.
        Assert.Empty(page.FindAll("#field-list-personal"));
    }

    [Fact]
    public void Render_CountyOutsideScopeAsked_OpensOwnCounty()
    {
        var year = factory.EnsureOpenYear();

        var page = _pages.Render<AssessmentFieldPage>(TestUsers.CountyEvaluator, $"/assessment/field?year={year}&county=140105");

        page.WaitForElement("#field-strata", TimeSpan.FromSeconds(30));
        Assert.Contains("140928", page.Find("#field-county").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("140105", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void SetMargin_OutOfRange_RefusedNotClamped()
    {
        var year = factory.EnsureOpenYear();
        var page = _pages.Render<AssessmentFieldPage>(TestUsers.CountyEvaluator, $"/assessment/field?year={year}");
        page.WaitForElement("#field-sizes", TimeSpan.FromSeconds(30));

        page.Find("#field-margin input").Change("80");

        Assert.Contains("误差界须大于 0 且不超过 50 个百分点", page.Find("[data-message]").TextContent, StringComparison.Ordinal);
        Assert.Contains("±2 个百分点", page.Find("#field-sizes caption").TextContent, StringComparison.Ordinal);
    }
}
