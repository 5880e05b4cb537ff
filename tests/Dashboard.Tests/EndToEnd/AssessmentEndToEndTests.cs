using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

/// <summary>Chromium over the demo assessment year: an evaluator enters the missing score of a draft county and submits
/// it, a leader reviews and publishes it, and the scorecard, the class ranking and the county PDF show the published
/// result; every post-assessment page is shot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssessmentEndToEndTests(BrowserAppFixture app)
{
    private const int Year = TestExport.LatestYear;

    [Fact]
    public async Task Workflow_EvaluatorSubmitsLeaderPublishes_ScorecardRankingAndPdfShowIt()
    {
        int code;
        int countyClass;
        using (var scope = app.Services.CreateScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
            code = DemoAssessmentYear.WorkInProgress(workflow.Service.Counties.Keys).First(w => w.Value == WorkflowState.Draft).Key;
            countyClass = workflow.Service.Counties[code].CountyClass;
        }

        var evaluator = await app.NewPageAsync(user: TestUsers.Evaluator);
        await evaluator.GotoAsync($"/assessment/work?county={code}");
        var missing = evaluator.Locator($"[data-entry='{DemoAssessmentYear.OpenIndicator}/self'] input");
        await missing.FillAsync("4.5");
        await missing.PressAsync("Tab");
        await evaluator.ClickAsync("#save-entries");
        await Assertions.Expect(evaluator.Locator("[data-message]")).ToContainTextAsync("已保存 1 项录入");
        await BrowserAppFixture.ScreenshotAsync(evaluator, "assessment-work-evaluator");
        await evaluator.ClickAsync("#act-submit-self");
        await Assertions.Expect(evaluator.Locator(".state[data-state]")).ToHaveAttributeAsync("data-state", "self_submitted");
        await evaluator.ClickAsync("#act-submit-scores");
        await Assertions.Expect(evaluator.Locator(".state[data-state]")).ToHaveAttributeAsync("data-state", "scores_entered");
        // Evaluators have no review or publish buttons.
        Assert.Equal(0, await evaluator.Locator("#act-publish").CountAsync());
        await evaluator.Context.CloseAsync();

        var leader = await app.NewPageAsync(user: TestUsers.Leader);
        await leader.GotoAsync($"/assessment/work?county={code}");
        await Assertions.Expect(leader.Locator(".state[data-state]")).ToHaveAttributeAsync("data-state", "scores_entered");
        Assert.Equal(0, await leader.Locator("#save-entries").CountAsync());
        await leader.ClickAsync("#act-review");
        await Assertions.Expect(leader.Locator(".state[data-state]")).ToHaveAttributeAsync("data-state", "reviewed");
        await leader.ClickAsync("#act-publish");
        await Assertions.Expect(leader.Locator("[data-message]")).ToContainTextAsync("已发布第 1 版");
        await Assertions.Expect(leader.Locator(".state[data-state]")).ToHaveAttributeAsync("data-state", "published");
        await BrowserAppFixture.ScreenshotAsync(leader, "assessment-work-leader-published");

        PublishedCounty published;
        using (var scope = app.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            published = (await store.GetRevisionsAsync(Year, code, TestContext.Current.CancellationToken)).Single();
        }

        Assert.Equal("leader", published.PublishedBy);
        Assert.Equal("leader", published.ReviewedBy);
        var entered = published.County.Items.Single(i => i.Id == DemoAssessmentYear.OpenIndicator);
        Assert.Contains(entered.Inputs, i => i.Source == RevivalAnalytics.Assessment.EntrySource.Self && i.Value == 4.5 && i.EnteredBy == "evaluator");

        await leader.GotoAsync($"/assessment/county/{code}");
        var score = published.County.Score.ToString("0.00", CultureInfo.InvariantCulture);
        await Assertions.Expect(leader.Locator("#scorecard-total [data-score]")).ToHaveTextAsync(score);
        await Assertions.Expect(leader.Locator($"#scorecard-items tr[data-item='{DemoAssessmentYear.OpenIndicator}']")).ToContainTextAsync("evaluator");
        await BrowserAppFixture.ScreenshotAsync(leader, "assessment-scorecard");

        await leader.GotoAsync($"/assessment/class/{countyClass}");
        await Assertions.Expect(leader.Locator($"#class-ranking tr[data-county='{code}'] [data-score]")).ToHaveTextAsync(score);
        // The map of grades: the county carries its grade's value, and ECharts drew it.
        var gradeMap = leader.Locator("[data-county-map][data-categories]");
        var mapValues = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double?>>((await gradeMap.GetAttributeAsync("data-values"))!)!;
        Assert.Equal((int)published.County.Grade, mapValues[code.ToString(CultureInfo.InvariantCulture)]);
        await Assertions.Expect(gradeMap.Locator(".county-map-chart canvas")).ToHaveCountAsync(1);
        await BrowserAppFixture.ScreenshotAsync(leader, "assessment-class");

        await leader.GotoAsync("/assessment");
        await Assertions.Expect(leader.Locator("#assessment-summary [data-published]")).ToContainTextAsync("113 /");
        await BrowserAppFixture.ScreenshotAsync(leader, "assessment-province");

        var pdf = await leader.APIRequest.GetAsync($"/api/assessment/{Year}/counties/{code}/report.pdf");
        Assert.Equal(200, pdf.Status);
        var bytes = await pdf.BodyAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        await File.WriteAllBytesAsync(Path.Combine(BrowserAppFixture.ScreenshotDirectory, "assessment-county.pdf"), bytes, TestContext.Current.CancellationToken);
        await leader.Context.CloseAsync();
    }

    [Fact]
    public async Task Pages_English_ShownInEnglish()
    {
        var page = await app.NewPageAsync(user: TestUsers.Leader);

        await page.GotoAsync("/assessment/class/3?lang=en");

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("post-assessment ranking");
        await Assertions.Expect(page.Locator("#class-ranking tbody tr").First).ToBeVisibleAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "assessment-class-en");
        await page.Context.CloseAsync();
    }
}
