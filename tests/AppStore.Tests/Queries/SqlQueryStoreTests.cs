using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Queries;
using RevivalAnalytics.AppStore.Tests.Infrastructure;

namespace RevivalAnalytics.AppStore.Tests.Queries;

public sealed class SqlQueryStoreTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task AddHistoryAsync_BeyondTheLimit_KeepsTheLatestPerUserAndSearches(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var queries = scope.ServiceProvider.GetRequiredService<SqlQueryStore>();

        for (var i = 0; i < SqlQueryStore.HistoryLength + 3; i++)
        {
            await queries.AddHistoryAsync(new SqlHistoryEntry { UserName = "analyst", Sql = $"SELECT {i} AS n", DataVersion = "v0001", DurationMs = i, RowCount = 1, Succeeded = true });
        }

        await queries.AddHistoryAsync(new SqlHistoryEntry { UserName = "other", Sql = "SELECT 1 AS n", Succeeded = false, Error = "failed" });
        var all = await queries.HistoryAsync("analyst", null, SqlQueryStore.HistoryLength);
        var found = await queries.HistoryAsync("analyst", "SELECT 20", 50);

        Assert.Equal(SqlQueryStore.HistoryLength, all.Count);
        Assert.Equal($"SELECT {SqlQueryStore.HistoryLength + 2} AS n", all[0].Sql);
        Assert.Equal("SELECT 3 AS n", all[^1].Sql);
        Assert.Equal(["SELECT 202 AS n", "SELECT 201 AS n", "SELECT 200 AS n", "SELECT 20 AS n"], found.Select(e => e.Sql));
        Assert.Null(await queries.HistoryEntryAsync("other", all[0].Id));
        Assert.Single(await queries.HistoryAsync("other", null));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task VisibleAsync_PrivateAndShared_OwnerSeesBothTeamSeesSharedInItsScopeOnly(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var queries = scope.ServiceProvider.GetRequiredService<SqlQueryStore>();
        var mine = await queries.SaveAsync(new SavedQuery { Owner = "a", Scope = "prefecture:140100", Name = "私有", Sql = "SELECT 1" });
        var shared = await queries.SaveAsync(new SavedQuery { Owner = "a", Scope = "prefecture:140100", Name = "共享", Sql = "SELECT $county", Parameters = "{\"county\":\"140105\"}", Shared = true, Tags = "county" });

        Assert.Equal(["共享", "私有"], (await queries.VisibleAsync("a", "prefecture:140100")).Select(q => q.Name));
        Assert.Equal([shared.Id], (await queries.VisibleAsync("b", "prefecture:140100")).Select(q => q.Id));
        Assert.Empty(await queries.VisibleAsync("c", "province"));
        Assert.Null(await queries.FindAsync("b", "prefecture:140100", mine.Id));
        Assert.Equal("{\"county\":\"140105\"}", (await queries.FindAsync("b", "prefecture:140100", shared.Id))!.Parameters);
        Assert.Equal([shared.Id], (await queries.VisibleAsync("a", "prefecture:140100", "county")).Select(q => q.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => queries.SaveAsync(new SavedQuery { Id = shared.Id, Owner = "b", Scope = "prefecture:140100", Name = "x", Sql = "SELECT 2" }));
        Assert.False(await queries.DeleteAsync("b", shared.Id));
        Assert.True(await queries.DeleteAsync("a", shared.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => queries.SaveAsync(new SavedQuery { Owner = "a", Scope = "province", Name = " ", Sql = "SELECT 1" }));
    }
}
