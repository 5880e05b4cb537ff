using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

/// <summary>Chromium: an evaluator sees what a margin of error needs, draws a county's field-check sample, exports the
/// field list, has a bad results file refused by row and column, imports the filled list and reads the rates; on the
/// workbench a value out of range is refused by name and a bad template is refused by row and column.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssessmentFieldEndToEndTests(BrowserAppFixture app)
{
    private const int County = 140922;

    [Fact]
    public async Task FieldCheck_EvaluatorDrawsExportsImports_RatesShown()
    {
        var year = app.EnsureOpenYear();
        var page = await app.NewPageAsync(user: TestUsers.Evaluator);

        await page.GotoAsync($"/assessment/field?year={year}&county={County}");
        await Assertions.Expect(page.Locator("#field-sizes tr[data-measure=ApprovalRate] [data-needed]")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#field-sample.empty")).ToBeVisibleAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "assessment-field-before");
        await page.ClickAsync("#field-draw");
        await Assertions.Expect(page.Locator("[data-message]")).ToContainTextAsync("已抽取");
        await Assertions.Expect(page.Locator("#field-strata [data-drawn-total]")).ToBeVisibleAsync();

        FieldSample sample;
        using (var scope = app.Services.CreateScope())
        {
            sample = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetFieldSampleAsync(year, County, TestContext.Current.CancellationToken))!;
        }

        Assert.Equal(sample.Households.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#field-sample").GetAttributeAsync("data-households"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#field-list"));
        var list = await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        var rows = XlsxFiles.Rows(list, FieldListWorkbook.SheetName, FieldListWorkbook.Columns.Count);
        Assert.Equal(sample.Households.Select(h => h.HouseholdId), rows.Select(r => (long)RevivalAnalytics.Assessment.Xlsx.Number(r[4])!.Value));
        XlsxFiles.AnswerFieldList(rows);

        rows[0][13] = "也许";
        await page.SetInputFilesAsync("#field-results-file", FieldList(rows, "field-bad.xlsx"));
        await Assertions.Expect(page.Locator("[data-import-problems] tr[data-row='2']")).ToContainTextAsync("N 是否认可 / approves");
        await Assertions.Expect(page.Locator("#field-no-results")).ToBeVisibleAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "assessment-field-import-refused");

        rows[0][13] = "是";
        await page.SetInputFilesAsync("#field-results-file", FieldList(rows, "field-140922.xlsx"));
        await Assertions.Expect(page.Locator("[data-message]")).ToContainTextAsync($"已导入 {rows.Count} 户的核查结果");
        await Assertions.Expect(page.Locator("#field-estimates tr[data-measure=ApprovalRate] [data-estimate]")).ToHaveTextAsync("100.0 %");
        await Assertions.Expect(page.Locator("#field-estimates tr[data-measure=WronglyExitedRate] [data-estimate]")).ToHaveTextAsync("0.0 %");
        // A sample with results is not drawn again.
        await Assertions.Expect(page.Locator("#field-draw")).ToBeDisabledAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "assessment-field-results");
        await page.GotoAsync($"/assessment/field?year={year}&county={County}&lang=en");
        await Assertions.Expect(page.Locator("#field-estimates")).ToContainTextAsync("approval rate");
        await BrowserAppFixture.ScreenshotAsync(page, "assessment-field-results-en");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Workbench_ValueOutOfRangeAndBadTemplate_RefusedByNameAndRow()
    {
        var year = app.EnsureOpenYear();
        var page = await app.NewPageAsync(user: TestUsers.Evaluator);
        await page.GotoAsync($"/assessment/work?year={year}&county={County}");
        var cell = page.Locator("#entry-table td[data-entry$='/self'] input").First;
        await cell.FillAsync("99");
        await cell.PressAsync("Tab");
        // Not clamped to the maximum: the typed value stays, and saving names the item and the range.
        Assert.Equal("99", await cell.InputValueAsync());
        await page.ClickAsync("#save-entries");
        await Assertions.Expect(page.Locator("[data-message]")).ToContainTextAsync("超出允许范围 0–");
        Assert.Equal("99", await cell.InputValueAsync());
        await BrowserAppFixture.ScreenshotAsync(page, "assessment-work-out-of-range");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#template-download"));
        var template = await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        var rows = XlsxFiles.Rows(template, EntryWorkbook.SheetName, EntryWorkbook.Columns.Count);
        var first = rows.FindIndex(r => RevivalAnalytics.Assessment.Xlsx.Text(r[10]) != "—");
        rows[first][10] = 999;
        int before;
        using (var scope = app.Services.CreateScope())
        {
            before = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetEntriesAsync(year, null, TestContext.Current.CancellationToken)).Count;
        }

        await page.SetInputFilesAsync("#template-file", new FilePayload
        {
            Name = "entries-bad.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = XlsxFiles.Write(EntryWorkbook.SheetName, EntryWorkbook.Columns, rows),
        });

        await Assertions.Expect(page.Locator($"[data-import-problems] tr[data-row='{first + 2}']")).ToContainTextAsync("K 自评");
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(before, (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetEntriesAsync(year, null, TestContext.Current.CancellationToken)).Count);
        }

        await BrowserAppFixture.ScreenshotAsync(page, "assessment-work-template-refused");
        await page.Context.CloseAsync();
    }

    private static FilePayload FieldList(List<object?[]> rows, string name) => new()
    {
        Name = name,
        MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Buffer = XlsxFiles.Write(FieldListWorkbook.SheetName, FieldListWorkbook.Columns, rows),
    };
}
