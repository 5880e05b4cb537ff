using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

/// <summary>Chromium over the demo year's problems: an evaluator records a rectification, a leader checks and closes it
/// (销号); the store keeps both notes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssessmentProblemsEndToEndTests(BrowserAppFixture app)
{
    [Fact]
    public async Task Problem_EvaluatorRectifiesLeaderCloses_Closed()
    {
        AssessmentProblem problem;
        using (var scope = app.Services.CreateScope())
        {
            var problems = await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetProblemsAsync(TestExport.LatestYear, null, TestContext.Current.CancellationToken);
            // A county whose problems fit on the grid's first page, so the row can be clicked without paging.
            problem = problems.GroupBy(p => p.CountyCode).Where(g => g.Count() <= 20 && g.Any(p => p.State == ProblemState.InProgress))
                .OrderBy(g => g.Key).First().First(p => p.State == ProblemState.InProgress);
        }

        var evaluator = await app.NewPageAsync(user: TestUsers.Evaluator);
        await evaluator.GotoAsync("/assessment/problems");
        await Assertions.Expect(evaluator.Locator("#problem-summary")).ToContainTextAsync("逾期");
        await Assertions.Expect(evaluator.Locator("#problem-grid tbody tr").First).ToBeVisibleAsync();
        await BrowserAppFixture.ScreenshotAsync(evaluator, "assessment-problems");
        // The earliest deadlines come first: the demo's first batch is overdue, its rows marked.
        await Assertions.Expect(evaluator.Locator("#problem-grid tr.overdue").First).ToBeVisibleAsync();
        await evaluator.GotoAsync($"/assessment/problems/{problem.CountyCode}");
        await evaluator.ClickAsync($"#problem-grid tr[data-problem='{problem.Id}']");
        await Assertions.Expect(evaluator.Locator("#problem-detail")).ToHaveAttributeAsync("data-state", "InProgress");
        // Evaluators record rectifications; they cannot close.
        Assert.Equal(0, await evaluator.Locator("#problem-to-Closed").CountAsync());
        await evaluator.FillAsync("#problem-note", "已补发资金并复核到户");
        await evaluator.ClickAsync("#problem-to-Rectified");
        await Assertions.Expect(evaluator.Locator("#problem-detail")).ToHaveAttributeAsync("data-state", "Rectified");
        await BrowserAppFixture.ScreenshotAsync(evaluator, "assessment-problems-county-rectified");
        await evaluator.Context.CloseAsync();

        var leader = await app.NewPageAsync(user: TestUsers.Leader);
        await leader.GotoAsync($"/assessment/problems/{problem.CountyCode}?lang=en");
        await leader.ClickAsync($"#problem-grid tr[data-problem='{problem.Id}']");
        await Assertions.Expect(leader.Locator("#problem-detail")).ToHaveAttributeAsync("data-state", "Rectified");
        await leader.FillAsync("#problem-note", "核验属实，销号");
        await leader.ClickAsync("#problem-to-Closed");
        await Assertions.Expect(leader.Locator("#problem-detail")).ToHaveAttributeAsync("data-state", "Closed");
        await Assertions.Expect(leader.Locator("[data-message]")).ToContainTextAsync("now checked");
        await BrowserAppFixture.ScreenshotAsync(leader, "assessment-problems-county-closed-en");
        await leader.Context.CloseAsync();

        using (var scope = app.Services.CreateScope())
        {
            var closed = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().FindProblemAsync(problem.Id, TestContext.Current.CancellationToken))!;
            Assert.Equal(ProblemState.Closed, closed.State);
            Assert.Equal([("evaluator", ProblemState.Rectified), ("leader", ProblemState.Closed)], closed.Notes.Skip(problem.Notes.Count).Select(n => (n.By, n.State)).ToArray());
        }
    }
}
