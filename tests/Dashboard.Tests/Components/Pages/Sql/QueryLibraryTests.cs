using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.AppStore.Queries;
using RevivalAnalytics.Dashboard.Components.Pages.Sql;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Sql;

/// <summary>The workbench's history and saved queries, rendered by bunit over the app's real store.</summary>
public sealed class QueryLibraryTests(SqlDashboardFactory factory) : IClassFixture<SqlDashboardFactory>
{
    private BunitContext Context(out string user)
    {
        factory.EnsureUsers();
        user = "bunit-" + Guid.NewGuid().ToString("N")[..8];
        var context = new BunitContext();
        // The store the app migrated at start (SQLite in the factory's folder).
        context.Services.AddAppStore(new AppStoreOptions { ConnectionString = factory.StoreConnectionString });
        return context;
    }

    [Fact]
    public void Save_NameAndParameter_StoredListedAndUrlCarriesTheValue()
    {
        using var context = Context(out var user);
        string? savedUrl = null;
        var library = context.Render<QueryLibrary>(p => p
            .Add(c => c.UserName, user)
            .Add(c => c.Scope, "province")
            .Add(c => c.English, true)
            .Add(c => c.Current, () => Task.FromResult<(string, IReadOnlyDictionary<string, string>)>(
                ("SELECT county_name FROM counties WHERE county_code = $county", new Dictionary<string, string> { ["county"] = "140105" })))
            .Add(c => c.OnSaved, url => savedUrl = url));

        library.Find("input[name=save-name]").Change("County name");
        library.Find("input[name=save-tags]").Change("county, name");
        library.Find("#save-query").Click();

        library.WaitForAssertion(() => Assert.NotNull(savedUrl));
        Assert.Matches(@"^/sql\?saved=\d+&p\.county=140105&lang=en$", savedUrl);
        var item = library.Find("#workbench-saved li");
        Assert.Contains("County name", item.TextContent, StringComparison.Ordinal);
        Assert.Contains("county,name", item.TextContent, StringComparison.Ordinal);
        Assert.Equal(savedUrl, item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Saved as \"County name\".", library.Find("#save-message").TextContent);
    }

    [Fact]
    public void Save_WithoutName_BilingualMessageAndNothingStored()
    {
        using var context = Context(out var user);
        var library = context.Render<QueryLibrary>(p => p
            .Add(c => c.UserName, user)
            .Add(c => c.Scope, "province")
            .Add(c => c.Current, () => Task.FromResult<(string, IReadOnlyDictionary<string, string>)>(("SELECT 1", new Dictionary<string, string>()))));

        library.Find("#save-query").Click();

        library.WaitForAssertion(() => Assert.Equal("查询名称不能为空 / the query needs a name", library.Find("#save-message").TextContent));
        Assert.Empty(library.FindAll("#workbench-saved li"));
    }

    [Fact]
    public async Task History_RunAgain_HandsTheEntryBack()
    {
        using var context = Context(out var user);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SqlQueryStore>().AddHistoryAsync(new SqlHistoryEntry
            {
                UserName = user, Sql = "SELECT 7 AS seven", DataVersion = "v0001", DurationMs = 12, RowCount = 1, Succeeded = true,
            }, Xunit.TestContext.Current.CancellationToken);
        }

        SqlHistoryEntry? rerun = null;
        var library = context.Render<QueryLibrary>(p => p
            .Add(c => c.UserName, user)
            .Add(c => c.Scope, "province")
            .Add(c => c.Current, () => Task.FromResult<(string, IReadOnlyDictionary<string, string>)>(("", new Dictionary<string, string>())))
            .Add(c => c.Rerun, entry => rerun = entry));

        library.WaitForAssertion(() => Assert.Single(library.FindAll("#workbench-history li")));
        Assert.Contains("1 行 · 12 ms · v0001", library.Find("#workbench-history li").TextContent, StringComparison.Ordinal);
        library.Find("#workbench-history li button").Click();

        Assert.Equal("SELECT 7 AS seven", rerun?.Sql);
    }
}
