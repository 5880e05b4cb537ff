using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Components.Pages.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Assessment;

/// <summary>The problems page rendered with bunit over the demo year: which moves each role is offered, and the scope.</summary>
public sealed class AssessmentProblemsPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>, IDisposable
{
    private readonly PageContext _pages = new(factory);

    public void Dispose() => _pages.Dispose();

    private async Task<(AssessmentProblem Problem, int OfCounty)> InProgressProblemAsync()
    {
        factory.EnsureAssessmentYear();
        using var scope = factory.Services.CreateScope();
        var problems = await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetProblemsAsync(TestExport.LatestYear, null, Xunit.TestContext.Current.CancellationToken);
        var county = problems.GroupBy(p => p.CountyCode).Where(g => g.Count() <= 20 && g.Any(p => p.State == ProblemState.InProgress)).OrderBy(g => g.Key).First();
        return (county.First(p => p.State == ProblemState.InProgress), county.Count());
    }

    [Theory]
    [InlineData("evaluator", true)]
    [InlineData("leader", false)]
    public async Task SelectProblem_InProgress_OnlyEvaluatorsRecordRectification(string userName, bool offered)
    {
        var (problem, ofCounty) = await InProgressProblemAsync();
        var user = userName == "evaluator" ? TestUsers.Evaluator : TestUsers.Leader;

        var page = _pages.Render<AssessmentProblemsPage>(user, $"/assessment/problems/{problem.CountyCode}", p => p.Add(c => c.CountyCode, problem.CountyCode));
        page.WaitForElement($"tr[data-problem='{problem.Id}']", TimeSpan.FromSeconds(30)).Click();
        var detail = page.WaitForElement("#problem-detail", TimeSpan.FromSeconds(30));

        Assert.Equal("InProgress", detail.GetAttribute("data-state"));
        Assert.Equal(offered, page.FindAll("#problem-to-Rectified").Count == 1);
        Assert.Empty(page.FindAll("#problem-to-Closed"));
        Assert.StartsWith($"筛选范围内问题 {ofCounty} 个", page.Find("#problem-summary").TextContent, StringComparison.Ordinal);
        Assert.Equal(ofCounty, page.FindAll("tr[data-problem]").Count);
    }

    [Fact]
    public void Render_CountyOutsideScope_RefusedAndNothingListed()
    {
        factory.EnsureAssessmentYear();

        var page = _pages.Render<AssessmentProblemsPage>(TestUsers.CountyEvaluator, "/assessment/problems/140105", p => p.Add(c => c.CountyCode, 140105));

        page.WaitForAssertion(() => Assert.Contains("县 140105 不在您的数据范围内", page.Find("[data-message]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("问题 0 个", page.Find("#problem-summary").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("tr[data-problem]"));
    }

    [Fact]
    public void Render_CountyEvaluator_OnlyTheirCountysProblems()
    {
        factory.EnsureAssessmentYear();

        var page = _pages.Render<AssessmentProblemsPage>(TestUsers.CountyEvaluator, "/assessment/problems?lang=en");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr[data-problem]")), TimeSpan.FromSeconds(30));
        Assert.All(page.FindAll("tr[data-problem] td:first-child"), td => Assert.Equal("五寨县", td.TextContent.Trim()));
        Assert.StartsWith("Rectification of problems", page.Find("h1").TextContent, StringComparison.Ordinal);
    }
}
