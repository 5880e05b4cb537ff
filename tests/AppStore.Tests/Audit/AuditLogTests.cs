using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.AppStore.Tests.Infrastructure;

namespace RevivalAnalytics.AppStore.Tests.Audit;

public sealed class AuditLogTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task AppendAsync_TwoEntries_ReadBackNewestFirstWithEveryField(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();

        await log.AppendAsync(new AuditEntry { Action = AuditActions.SignIn, Actor = "leader", ClientAddress = "127.0.0.1" });
        await log.AppendAsync(new AuditEntry
        {
            Action = AuditActions.SqlQuery, Actor = "analyst", Detail = "SELECT count(*) FROM households", RowCount = 1, Scope = "prefecture:140100",
        });
        var entries = await log.Entries.ToListAsync();

        Assert.Equal([AuditActions.SqlQuery, AuditActions.SignIn], entries.Select(e => e.Action));
        Assert.Equal("SELECT count(*) FROM households", entries[0].Detail);
        Assert.Equal(1, entries[0].RowCount);
        Assert.Equal("prefecture:140100", entries[0].Scope);
        Assert.Equal("127.0.0.1", entries[1].ClientAddress);
        Assert.True(entries[0].Id > entries[1].Id);
        Assert.InRange(entries[0].AtUtc, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Update_AnyEntry_RefusedByTheStore(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        var entry = await log.AppendAsync(new AuditEntry { Action = AuditActions.Unmask, Actor = "analyst", Target = "140105" });

        var e = await Assert.ThrowsAnyAsync<Exception>(() =>
            db.AuditEntries.Where(x => x.Id == entry.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Actor, "someone else")));

        Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        Assert.Equal("analyst", (await log.Entries.SingleAsync()).Actor);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Delete_EntryYoungerThanRetention_RefusedByTheStore(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        await log.AppendAsync(new AuditEntry { Action = AuditActions.Export, Actor = "analyst", AtUtc = DateTime.UtcNow.AddDays(-300) });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteDeleteAsync());

        Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, await log.Entries.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task DeleteExpiredAsync_OldAndNewEntries_DeletesOnlyThoseOlderThanRetention(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await log.AppendAsync(new AuditEntry { Action = AuditActions.SignIn, Actor = "old", AtUtc = DateTime.UtcNow.AddDays(-400) });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.SignIn, Actor = "recent", AtUtc = DateTime.UtcNow.AddDays(-10) });

        var deleted = await log.DeleteExpiredAsync();

        Assert.Equal(1, deleted);
        Assert.Equal("recent", (await log.Entries.SingleAsync()).Actor);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task SetRetentionDaysAsync_NewValue_StoredAndItselfAudited(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();

        var changed = await log.SetRetentionDaysAsync(730, "config");
        var unchanged = await log.SetRetentionDaysAsync(730, "config");

        Assert.True(changed);
        Assert.False(unchanged);
        Assert.Equal(730, await log.GetRetentionDaysAsync());
        var entry = await log.Entries.SingleAsync();
        Assert.Equal(AuditActions.AuditSettings, entry.Action);
        Assert.Equal("365 → 730", entry.Detail);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task RetentionBelowMinimum_RefusedByServiceAndByStore(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.SetRetentionDaysAsync(30, "config"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.RetentionDays, 1)));

        Assert.Equal(365, await log.GetRetentionDaysAsync());
    }

    [Fact]
    public async Task Truncate_Postgres_RefusedByTheStore()
    {
        await using var store = await TestStore.CreateAsync(AppStoreProvider.Postgres);
        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        await log.AppendAsync(new AuditEntry { Action = AuditActions.SignIn, Actor = "leader" });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_entries"));

        Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, await log.Entries.CountAsync());
    }

    [Fact]
    public async Task Stage_EmptyActor_Throws()
    {
        await using var store = await TestStore.CreateAsync(AppStoreProvider.Sqlite);
        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();

        Assert.Throws<ArgumentException>(() => log.Stage(new AuditEntry { Action = AuditActions.SignIn, Actor = " " }));
    }
}
