using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

/// <summary>Chromium over the two demo years: the county scorecard shows last year's total, grade and dimension scores
/// with the change, and the class ranking each county's rank change, as the store's published revisions say.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssessmentYearOnYearEndToEndTests(BrowserAppFixture app)
{
    private const int Year = TestExport.LatestYear;

    [Fact]
    public async Task Scorecard_CountyPublishedBothYears_ShowsLastYearAndTheChange()
    {
        CountyAssessment now;
        CountyAssessment before;
        using (var scope = app.Services.CreateScope())
        {
            // The published views of both years, ranked as the pages rank them (among each year's published counties).
            var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
            var previous = (await workflow.GetPublishedAsync(Year - 1, TestContext.Current.CancellationToken))!.Result.Counties.ToDictionary(c => c.CountyCode);
            // A county whose score moved, so the change has a sign.
            now = (await workflow.GetPublishedAsync(Year, TestContext.Current.CancellationToken))!.Result.Counties
                .First(c => previous.TryGetValue(c.CountyCode, out var b) && Math.Abs(c.Score - b.Score) > 0.5);
            before = previous[now.CountyCode];
        }

        var page = await app.NewPageAsync(user: TestUsers.Leader);
        await page.GotoAsync($"/assessment/county/{now.CountyCode}");

        await Assertions.Expect(page.Locator("#scorecard-previous [data-previous]")).ToHaveTextAsync(Score(before.Score));
        await Assertions.Expect(page.Locator("#scorecard-previous [data-score-change]")).ToHaveTextAsync(Change(now.Score - before.Score));
        await Assertions.Expect(page.Locator("#scorecard-previous [data-previous-grade]")).ToHaveTextAsync(Grade(before.Grade));
        foreach (var dimension in now.Dimensions)
        {
            var last = before.Dimensions.Single(d => d.Id == dimension.Id).Score;
            var row = page.Locator($"#scorecard-dimensions tr[data-dimension='{dimension.Id}']");
            await Assertions.Expect(row.Locator("[data-previous]")).ToHaveTextAsync(Score(last));
            await Assertions.Expect(row.Locator("[data-change]")).ToHaveTextAsync(Change(dimension.Score - last));
        }

        await BrowserAppFixture.ScreenshotAsync(page, "assessment-scorecard-year-on-year");

        await page.GotoAsync($"/assessment/class/{now.CountyClass}");
        var cell = page.Locator($"#class-ranking tr[data-county='{now.CountyCode}'] [data-rank-change]");
        var rankChange = before.RankInClass - now.RankInClass;
        await Assertions.Expect(cell).ToHaveAttributeAsync("data-rank-change", rankChange.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(cell).ToHaveTextAsync(rankChange > 0 ? $"↑{rankChange}" : rankChange < 0 ? $"↓{-rankChange}" : "→");
        await BrowserAppFixture.ScreenshotAsync(page, "assessment-class-year-on-year");
    }

    private static string Score(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Change(double change) => Math.Round(change, 4).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    private static string Grade(AssessmentGrade grade) => AssessmentLabels.Of(grade).Zh;
}
