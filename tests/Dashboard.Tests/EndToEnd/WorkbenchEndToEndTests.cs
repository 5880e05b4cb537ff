using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RevivalAnalytics.AppStore.Audit;
using MiniExcelLibs;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

/// <summary>The SQL workbench in Chromium: the CodeMirror editor typed into, completion accepted, statements run with
/// the keyboard, a long query cancelled, an error's position, and a scoped analyst's rows; figures checked against
/// DuckDB over the test export, screenshots saved.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkbenchEndToEndTests(BrowserAppFixture app)
{
    private static async Task<IPage> OpenAsync(BrowserAppFixture app, TestUser? user = null, string path = "/sql")
    {
        var page = await app.NewPageAsync(user: user);
        await page.GotoAsync(path);
        await page.Locator("#workbench-editor .cm-content").WaitForAsync();
        return page;
    }

    private static async Task ReplaceTextAsync(IPage page, string text)
    {
        await page.Locator("#workbench-editor .cm-content").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.InsertTextAsync(text);
    }

    private static ILocator Cell(IPage page, int row, int column) =>
        page.Locator("#workbench-grid tbody tr").Nth(row).Locator("td").Nth(column);

    [Fact]
    public async Task Editor_TypeWithAutocompleteAndCtrlEnter_RunsTheCompletedQuery()
    {
        var page = await OpenAsync(app);
        await ReplaceTextAsync(page, string.Empty);

        await page.Keyboard.TypeAsync("SELECT count(*) AS n FROM househo");
        var option = page.Locator(".cm-tooltip-autocomplete li", new() { HasText = "households" }).First;
        await option.WaitForAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "workbench-autocomplete", fullPage: false);
        await option.ClickAsync();
        await Assertions.Expect(page.Locator("#workbench-editor .cm-content")).ToHaveTextAsync("SELECT count(*) AS n FROM households");
        await page.Keyboard.PressAsync("Control+Enter");

        var expected = (long)TestExport.Scalar("SELECT count(*) FROM households")!.Value;
        await Assertions.Expect(Cell(page, 0, 0)).ToHaveTextAsync(expected.ToString("N0", CultureInfo.GetCultureInfo("zh-CN")));
        await Assertions.Expect(page.Locator("#workbench-status")).ToHaveAttributeAsync("data-state", "done");
        await page.Locator("#summarize-result").ClickAsync();
        await Assertions.Expect(page.Locator("#workbench-statistics tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#workbench-statistics tbody tr td").First).ToHaveTextAsync("n");
        await BrowserAppFixture.ScreenshotAsync(page, "workbench-result");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Editor_CtrlEnterInSecondStatement_RunsOnlyThatStatement()
    {
        var page = await OpenAsync(app);
        await ReplaceTextAsync(page, "SELECT 1 AS first_statement;\nSELECT 42 AS second_statement;\nSELECT 3 AS third_statement;");
        // The cursor to the second line, inside the second statement.
        await page.Keyboard.PressAsync("Control+Home");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("End");

        await page.Keyboard.PressAsync("Control+Enter");

        await Assertions.Expect(page.Locator("#workbench-grid thead")).ToContainTextAsync("second_statement");
        await Assertions.Expect(Cell(page, 0, 0)).ToHaveTextAsync("42");
        await Assertions.Expect(page.Locator("#workbench-grid thead")).Not.ToContainTextAsync("first_statement");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Cancel_LongQuery_StopsWithCancelledStatus()
    {
        var page = await OpenAsync(app);
        await ReplaceTextAsync(page, "SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3");

        await page.Locator("#run-all").ClickAsync();
        await Assertions.Expect(page.Locator("#workbench-status")).ToHaveAttributeAsync("data-state", "running");
        await Assertions.Expect(page.Locator("#workbench-status")).ToContainTextAsync("运行中");
        await BrowserAppFixture.ScreenshotAsync(page, "workbench-running", fullPage: false);
        await page.Locator("#cancel-query").ClickAsync();

        await Assertions.Expect(page.Locator("#workbench-status")).ToHaveAttributeAsync("data-state", "cancelled", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#run-all")).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Error_UnknownColumn_MessageAndCursorAtDuckDbsPosition()
    {
        const string Sql = "SELECT 1 AS ok;\nSELECT county_code,\n       no_such_column\nFROM counties;";
        var page = await OpenAsync(app);
        await ReplaceTextAsync(page, Sql);
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.PressAsync("ArrowUp");

        await page.Keyboard.PressAsync("Control+Enter");

        await Assertions.Expect(page.Locator("#workbench-error")).ToContainTextAsync("no_such_column");
        var cursor = await page.EvaluateAsync<int>("revivalWorkbench.cursor('workbench-editor')");
        Assert.Equal(Sql.IndexOf("no_such_column", StringComparison.Ordinal), cursor);
        await BrowserAppFixture.ScreenshotAsync(page, "workbench-error");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SchemaBrowser_PrefectureAnalyst_MetricViewsDescribedAndQueryable()
    {
        var page = await OpenAsync(app, TestUsers.PrefectureAnalyst);
        var view = page.Locator("#workbench-schema details[data-table=metric_county_year]");
        await Assertions.Expect(page.Locator("#workbench-metric-views")).ToHaveTextAsync("指标层视图（官方口径，只读）");
        await view.Locator("summary").ClickAsync();

        await Assertions.Expect(view.Locator("summary")).ToContainTextAsync("县×年指标事实表（指标层口径，只读）");
        await Assertions.Expect(view.Locator("li", new() { HasText = "monitored_w" })).ToContainTextAsync("监测户（风险未消除）（加权户数，Σ 样本权数）");
        // The heading at the top of the schema pane, the view's first columns below it.
        await page.EvaluateAsync("() => document.querySelector('#workbench-metric-views').scrollIntoView({ block: 'start' })");
        await BrowserAppFixture.ScreenshotAsync(page, "workbench-metric-views", fullPage: false);
        await ReplaceTextAsync(page, "SELECT count(DISTINCT county_code) AS counties, count(*) FILTER (county_code // 100 <> 1401) AS outside FROM metric_county_year");
        await page.Keyboard.PressAsync("Control+Enter");

        await Assertions.Expect(Cell(page, 0, 0)).ToHaveTextAsync(ScopeCheck.Counties.Count(c => c.Prefecture == 140100).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(Cell(page, 0, 1)).ToHaveTextAsync("0");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Scope_PrefectureAnalyst_SeesOnlyThePrefecturesCounties()
    {
        var page = await OpenAsync(app, TestUsers.PrefectureAnalyst);
        await ReplaceTextAsync(page, "SELECT county_code, count(*) AS households FROM household_years GROUP BY county_code ORDER BY county_code");

        await page.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#workbench-status")).ToHaveAttributeAsync("data-state", "done");

        var codes = await page.Locator("#workbench-grid tbody tr td:first-child").AllTextContentsAsync();
        var expected = TestExport.Query("SELECT DISTINCT county_code FROM household_years WHERE county_code // 100 = 1401 ORDER BY 1").GetInt64s("county_code");
        Assert.Equal(expected.Select(c => c.ToString(CultureInfo.InvariantCulture)), codes.Select(c => c.Trim()));
        await page.Locator("#workbench-charts button[data-chart=map]").ClickAsync();
        await page.Locator("#workbench-chart canvas").WaitForAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "workbench-prefecture");
        await page.Locator("#workbench-charts button[data-chart=bar]").ClickAsync();
        await Assertions.Expect(page.Locator("#workbench-chart")).ToHaveAttributeAsync("data-kind", "bar");
        await page.Locator("#workbench-chart canvas").WaitForAsync();
        await page.Locator("#workbench-chart").ScreenshotAsync(new() { Path = Path.Combine(BrowserAppFixture.ScreenshotDirectory, "workbench-bar-chart.png") });
        using var scope = app.Services.CreateScope();
        var audited = await scope.ServiceProvider.GetRequiredService<AuditLog>().Entries
            .Where(e => e.Actor == TestUsers.PrefectureAnalyst.UserName && e.Action == AuditActions.SqlQuery && e.Target == "/sql")
            .ToListAsync(TestContext.Current.CancellationToken);
        var entry = Assert.Single(audited, e => e.Detail!.Contains("GROUP BY county_code", StringComparison.Ordinal));
        Assert.Equal(expected.Length, entry.RowCount);
        Assert.Equal(TestUsers.PrefectureAnalyst.Scope, entry.Scope);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SavedQuery_WithParameter_ItsUrlReproducesItWithOtherValues()
    {
        var page = await OpenAsync(app);
        await ReplaceTextAsync(page, "SELECT county_code, county_name FROM counties WHERE county_code = $county");
        var field = page.Locator("#workbench-parameters input[name=param-county]");
        await field.FillAsync("140105");
        await field.PressAsync("Tab");
        await page.Locator("input[name=save-name]").FillAsync("一个县 / one county");
        await page.Locator("input[name=save-tags]").FillAsync("county, test");
        await page.Locator("input[name=save-name]").PressAsync("Tab");

        await page.Locator("#save-query").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("saved=", StringComparison.Ordinal));
        var savedUrl = page.Url;
        Assert.Contains("p.county=140105", savedUrl, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#workbench-saved li", new() { HasText = "一个县 / one county" })).ToHaveCountAsync(1);

        var reopened = await app.NewPageAsync();
        await reopened.GotoAsync(savedUrl);
        await Assertions.Expect(reopened.Locator("#workbench-status")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(Cell(reopened, 0, 0)).ToHaveTextAsync("140105");
        await Assertions.Expect(reopened.Locator("#workbench-parameters input[name=param-county]")).ToHaveValueAsync("140105");

        await reopened.GotoAsync(savedUrl.Replace("p.county=140105", "p.county=140106", StringComparison.Ordinal));
        await Assertions.Expect(reopened.Locator("#workbench-status")).ToHaveAttributeAsync("data-state", "done");
        var name = TestExport.Strings("SELECT county_name FROM counties WHERE county_code = 140106").Single();
        await Assertions.Expect(Cell(reopened, 0, 1)).ToHaveTextAsync(name);
        await BrowserAppFixture.ScreenshotAsync(reopened, "workbench-saved-query");
        await page.Context.CloseAsync();
        await reopened.Context.CloseAsync();
    }

    [Fact]
    public async Task History_RunAgain_RunsTheEarlierStatement()
    {
        var page = await OpenAsync(app);
        await ReplaceTextAsync(page, "SELECT 7 AS seven_from_history");
        await page.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#workbench-status")).ToHaveAttributeAsync("data-state", "done");
        await ReplaceTextAsync(page, "SELECT 8 AS eight_later");
        await page.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("#workbench-grid thead")).ToContainTextAsync("eight_later");

        var entry = page.Locator("#workbench-history li", new() { HasText = "seven_from_history" }).First;
        await Assertions.Expect(entry).ToContainTextAsync("1 行");
        await entry.Locator("button.workbench-rerun").ClickAsync();

        await Assertions.Expect(page.Locator("#workbench-grid thead")).ToContainTextAsync("seven_from_history");
        await Assertions.Expect(Cell(page, 0, 0)).ToHaveTextAsync("7");
        await Assertions.Expect(page.Locator("#workbench-editor .cm-content")).ToHaveTextAsync("SELECT 7 AS seven_from_history");
        await BrowserAppFixture.ScreenshotAsync(page, "workbench-history");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Export_EachFormat_FileReadBackMatchesDuckDb()
    {
        const string Sql = "SELECT county_code, county_name, rural_population, county_code // 100 = $prefecture AS in_prefecture FROM counties WHERE county_code // 100 = $prefecture ORDER BY county_code";
        var page = await OpenAsync(app);
        await ReplaceTextAsync(page, Sql);
        var field = page.Locator("#workbench-parameters input[name=param-prefecture]");
        await field.FillAsync("1409");
        await field.PressAsync("Tab");
        await page.Locator("#run-all").ClickAsync();
        await Assertions.Expect(page.Locator("#workbench-exports")).ToBeVisibleAsync();
        var expected = TestExport.Query("SELECT county_code, county_name, rural_population FROM counties WHERE county_code // 100 = 1409 ORDER BY county_code");
        var codes = expected.GetInt64s("county_code");
        var names = expected.GetStrings("county_name");
        var directory = Directory.CreateTempSubdirectory("workbench-export-");

        foreach (var format in new[] { "csv", "xlsx", "parquet" })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"#workbench-exports a[data-format={format}]").ClickAsync());
            Assert.Matches($"^query_export-[0-9a-f]+\\.{format}$", download.SuggestedFilename);
            var path = Path.Combine(directory.FullName, download.SuggestedFilename);
            await download.SaveAsAsync(path);

            if (format == "xlsx")
            {
                // DuckDB reads XLSX only through its excel extension, which is not installed here: MiniExcel reads it back.
                var rows = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
                Assert.Equal(codes, rows.Select(r => Convert.ToInt64(r["county_code"], CultureInfo.InvariantCulture)));
                Assert.Equal(names, rows.Select(r => (string?)r["county_name"]));
                continue;
            }

            using var database = DuckDbDatabase.Open();
            using var connection = database.Connect();
            var source = format == "csv" ? "read_csv(?, header = true)" : "read_parquet(?)";
            var read = connection.QueryColumns($"SELECT * FROM {source} ORDER BY county_code", path);
            Assert.Equal(codes, read.GetInt64s("county_code"));
            Assert.Equal(names, read.GetStrings("county_name"));
            Assert.Equal(expected.GetInt64s("rural_population"), read.GetInt64s("rural_population"));
            Assert.Equal(codes.Length, connection.QueryColumns($"SELECT count(*) FILTER (WHERE in_prefecture) AS n FROM {source}", path).GetInt64s("n")[0]);
        }

        directory.Delete(recursive: true);
        await page.Context.CloseAsync();
    }
}
