using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using Radzen;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.Dashboard.Components.Pages.Sql;
using RevivalAnalytics.Dashboard.Data.Workbench;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Sql;

/// <summary>The workbench page rendered by bunit over the test export's real sandbox and the app's real store (the
/// editor's JavaScript is played by <see cref="Browser"/>): whatever happens to a statement, the status ends in a final state.</summary>
public sealed class WorkbenchPageTests(SqlDashboardFactory factory) : IClassFixture<SqlDashboardFactory>
{
    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    private BunitContext Context(string sql, Browser browser)
    {
        factory.EnsureUsers();
        var context = new BunitContext();
        context.Services.AddRadzenComponents();
        context.Services.AddAppStore(new AppStoreOptions { ConnectionString = factory.StoreConnectionString });
        context.Services.AddSingleton(factory.Services.GetRequiredService<WorkbenchService>());
        context.Services.AddSingleton(factory.Services.GetRequiredService<WorkbenchExportTickets>());
        browser.Text = sql;
        context.Services.AddSingleton<IJSRuntime>(browser);
        return context;
    }

    private static async Task<IRenderedComponent<WorkbenchPage>> RenderWithEditorAsync(BunitContext context, Browser browser)
    {
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("lang", "en"));
        var page = context.Render<WorkbenchPage>();
        // The editor is created after the render that shows the schema, with no render after it: polled.
        await Until(() => browser.Called("revivalWorkbench.create"));
        return page;
    }

    // The benchmark's hang: the final state was written while the running clock still ticked, and the clock's ticks
    // reach the page through the dispatcher; whenever the page yielded before the clock was stopped, a tick put
    // "running N s" back and the clock was then stopped for good. Here the yield is the browser moving the cursor to
    // DuckDB's error position, held for a second (four ticks of the clock) as a busy browser or circuit would.
    [Fact]
    public async Task RunFromEditor_BrowserSlowToMoveTheCursorToTheError_StatusStaysFailed()
    {
        var browser = new Browser { SlowFocus = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var context = Context("SELECT county_cod FROM counties", browser);
        var page = await RenderWithEditorAsync(context, browser);

        var run = page.InvokeAsync(() => page.Instance.RunFromEditor("all"));
        await Until(() => browser.Called("revivalWorkbench.focusAt"));
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        browser.SlowFocus.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(60), Token);

        page.WaitForAssertion(() => Assert.Equal("failed", page.Find("#workbench-status").GetAttribute("data-state")));
        Assert.Equal("The query failed.", page.Find("#workbench-status").TextContent.Trim());
        Assert.Contains("county_cod", page.Find("#workbench-error").TextContent, StringComparison.Ordinal);
        Assert.Equal("SELECT county_cod FROM counties".IndexOf("county_cod", StringComparison.Ordinal), browser.Calls.Single(c => c.Identifier == "revivalWorkbench.focusAt").Args[1]);
    }

    // A value DuckDB.NET cannot read (a UNION) failed the statement with an exception nobody caught: the page kept
    // "running" with its clock stopped.
    [Fact]
    public async Task RunFromEditor_ValueDuckDbNetCannotRead_FailsWithAMessage()
    {
        var browser = new Browser();
        using var context = Context("SELECT union_value(k := 1) AS u", browser);
        var page = await RenderWithEditorAsync(context, browser);

        var error = await Record.ExceptionAsync(() => page.InvokeAsync(() => page.Instance.RunFromEditor("all")).WaitAsync(TimeSpan.FromSeconds(60), Token));

        Assert.Null(error);
        page.WaitForAssertion(() => Assert.Equal("failed", page.Find("#workbench-status").GetAttribute("data-state")));
        Assert.Equal("The query failed.", page.Find("#workbench-status").TextContent.Trim());
        Assert.Contains("CAST", page.Find("#workbench-error").TextContent, StringComparison.Ordinal);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(100, Token);
        }

        Assert.True(condition());
    }

    // The browser's side of the page (the editor is JavaScript): hands out the statement to run, records every call,
    // and moves the cursor to an error only when told to when SlowFocus is set.
    internal sealed class Browser : IJSRuntime
    {
        public string Text { get; set; } = string.Empty;

        public TaskCompletionSource? SlowFocus { get; init; }

        public List<(string Identifier, object?[] Args)> Calls { get; } = [];

        public bool Called(string identifier)
        {
            lock (Calls)
            {
                return Calls.Any(c => c.Identifier == identifier);
            }
        }

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => InvokeAsync<TValue>(identifier, CancellationToken.None, args);

        public async ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args)
        {
            lock (Calls)
            {
                Calls.Add((identifier, args ?? []));
            }

            if (identifier == "revivalWorkbench.take")
            {
                return (TValue)(object)new WorkbenchPage.TakenText(Text, 0);
            }

            if (identifier == "revivalWorkbench.focusAt" && SlowFocus is not null)
            {
                await SlowFocus.Task.WaitAsync(cancellationToken);
            }

            return default!;
        }
    }
}
