using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

/// <summary>Chromium on the scheme editor: an administrator changes an indicator's points, sees the validator's message
/// beside the indicator for a bad value, fixes it and saves a new version, which the store then holds beside the
/// unchanged version the published year uses.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SchemeEditorEndToEndTests(BrowserAppFixture app)
{
    private const string First = "scorecards[0].dimensions[0].indicators[0]";
    private const string Second = "scorecards[0].dimensions[0].indicators[1]";

    [Fact]
    public async Task Editor_AdminFixesBadPointsAndSaves_NewVersionStoredOldOneUnchanged()
    {
        StoredScheme opened;
        string openedJson;
        using (var scope = app.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            // The editor opens the latest year's newest version first.
            opened = (await store.ListSchemesAsync(TestContext.Current.CancellationToken)).OrderByDescending(s => s.Year).ThenByDescending(s => s.Version).First();
            openedJson = (await store.FindSchemeAsync(opened.Id, TestContext.Current.CancellationToken))!.Json;
        }

        var page = await app.NewPageAsync(user: TestUsers.Admin);
        await page.GotoAsync("/assessment/schemes");
        await Assertions.Expect(page.Locator("#scheme-versions")).ToContainTextAsync($"v{opened.Version}");
        await Assertions.Expect(page.Locator("#scheme-in-use")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#scheme-year-uses-it")).ToBeVisibleAsync();
        var points = page.Locator($"[data-path='{First}'][data-field='points'] input");
        await Assertions.Expect(points).ToHaveValueAsync("5");

        await points.FillAsync("0");
        await points.PressAsync("Tab");
        var messages = page.Locator($"[data-problems-for='{First}']");
        await Assertions.Expect(messages.Locator("li[data-field='points']")).ToContainTextAsync("分值必须大于 0");
        await Assertions.Expect(page.Locator($"[data-path='{First}'][data-field='points']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("invalid"));
        await BrowserAppFixture.ScreenshotAsync(page, "assessment-schemes-invalid");
        await page.ClickAsync("#scheme-save");
        await Assertions.Expect(page.Locator("[data-message]")).ToContainTextAsync("未保存");

        // Fixed: one point moved from the second indicator to the first, so the dimension still adds up.
        await points.FillAsync("6");
        await points.PressAsync("Tab");
        await Assertions.Expect(messages.Locator("li[data-field='points']")).ToHaveCountAsync(0);
        var second = page.Locator($"[data-path='{Second}'][data-field='points'] input");
        await second.FillAsync("4");
        await second.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-problem-count]")).ToHaveAttributeAsync("data-problem-count", "0");
        await Assertions.Expect(messages).ToHaveCountAsync(0);
        await page.Locator("input[name=note]").FillAsync("责任落实分值调整 / responsibility points moved");
        await page.ClickAsync("#scheme-save");
        await Assertions.Expect(page.Locator("[data-message]")).ToContainTextAsync("已保存为新版本");
        // The published year cannot switch to the new version: the page says so and offers no button to try.
        await Assertions.Expect(page.Locator("#scheme-year-locked")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#scheme-start-year")).ToBeDisabledAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "assessment-schemes-saved");

        using (var scope = app.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            var newest = (await store.ListSchemesAsync(TestContext.Current.CancellationToken)).Where(s => s.SchemeId == opened.SchemeId).MaxBy(s => s.Version)!;
            var scheme = await store.LoadSchemeAsync(newest.Id, TestContext.Current.CancellationToken);
            Assert.True(newest.Version > opened.Version);
            Assert.Equal("admin", newest.CreatedBy);
            Assert.Equal(6, scheme.Scorecards[0].Dimensions[0].Indicators[0].Points);
            Assert.Equal(4, scheme.Scorecards[0].Dimensions[0].Indicators[1].Points);
            Assert.Equal(openedJson, (await store.FindSchemeAsync(opened.Id, TestContext.Current.CancellationToken))!.Json);
            Assert.Equal(opened.Id, (await store.FindYearAsync(opened.Year, TestContext.Current.CancellationToken))!.SchemeRecordId);
            await Assertions.Expect(page.Locator($"#scheme-versions tr[data-version='{newest.Id}'] [data-version-number]"))
                .ToHaveTextAsync("v" + newest.Version.ToString(CultureInfo.InvariantCulture));
        }

        // The other classes' tabs, as shot for a look.
        await page.ClickAsync("#scheme-classes .rz-tabview-nav li:nth-child(3)");
        await Assertions.Expect(page.Locator(".scorecard-editor[data-class='3']")).ToBeVisibleAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "assessment-schemes-key-counties");
    }

    [Fact]
    public async Task Editor_NotAnAdministrator_Denied()
    {
        var page = await app.NewPageAsync(user: TestUsers.Leader);

        await page.GotoAsync("/assessment/schemes");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/denied"));
        Assert.Equal(0, await page.Locator("#scheme-save").CountAsync());
    }
}
