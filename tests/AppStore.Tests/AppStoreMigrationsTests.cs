using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Tests.Infrastructure;

namespace RevivalAnalytics.AppStore.Tests;

public sealed class AppStoreMigrationsTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task MigrateAsync_EmptyStore_AppliesEveryMigrationAndSeedsRolesAndRetention(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateEmptyAsync(provider);

        var applied = await AppStoreMigrations.MigrateAsync(store.Services);

        Assert.Equal(["Initial", "AuditAppendOnly", "DataProtectionKeys", "Assessment", "WorkbenchQueries"], applied.Select(m => m[(m.IndexOf('_') + 1)..]));
        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        Assert.Equal(AppRoles.All.Order(StringComparer.Ordinal), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(365, (await db.AuditSettings.SingleAsync()).RetentionDays);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task MigrateAsync_SecondTime_AppliesNothing(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);

        var applied = await AppStoreMigrations.MigrateAsync(store.Services);

        Assert.Empty(applied);
    }

    [Fact]
    public async Task MigrateAsync_Sqlite_SwitchesTheFileToWriteAheadLogging()
    {
        await using var store = await TestStore.CreateAsync(AppStoreProvider.Sqlite);
        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();

        var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode").SingleAsync();

        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task MigrateAsync_NewSqliteFile_ReadableByTheOwnerOnly()
    {
        await using var store = await TestStore.CreateAsync(AppStoreProvider.Sqlite);
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.Options.ConnectionString).DataSource;

        var mode = OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(file);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.True(new FileInfo(file).Length > 0);
    }

    [Fact]
    public async Task MigrateAsync_UnreachableServer_ThrowsNamingTheStore()
    {
        var services = new ServiceCollection();
        services.AddAppStore(new AppStoreOptions
        {
            Provider = AppStoreProvider.Postgres,
            ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=nowhere;Timeout=2",
        });
        await using var provider = services.BuildServiceProvider();

        var e = await Assert.ThrowsAsync<AppStoreException>(() => AppStoreMigrations.MigrateAsync(provider));

        Assert.StartsWith("无法打开或升级应用库", e.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot open or migrate the app store", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_UnknownProvider_ThrowsNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Revival:AppStore:Provider"] = "oracle" })
            .Build();

        var e = Assert.Throws<AppStoreException>(() => AppStoreOptions.FromConfiguration(configuration, "/tmp"));

        Assert.Contains("Revival:AppStore:Provider = \"oracle\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_Nothing_IsSqliteFileInTheDataDirectory()
    {
        var configuration = new ConfigurationBuilder().Build();

        var options = AppStoreOptions.FromConfiguration(configuration, "/srv/revival/data");

        Assert.Equal(AppStoreProvider.Sqlite, options.Provider);
        Assert.Equal("Data Source=/srv/revival/data/app-store.db", options.ConnectionString);
    }
}
