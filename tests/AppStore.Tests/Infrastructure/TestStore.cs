using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace RevivalAnalytics.AppStore.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated app store on one provider: a SQLite file in a temporary folder, or a database of its own on the
/// PostgreSQL server that eng/postgres.sh starts (connection string in REVIVAL_TEST_POSTGRES, else the script's
/// default). Dropped on dispose. A missing server fails the test: the store is tested on the real thing or not at all.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=revival_test;Password=revival_test;Database=revival_test";

    private readonly string? _folder;
    private readonly string? _database;

    private TestStore(AppStoreOptions options, string? folder, string? database, Action<IServiceCollection>? configure = null)
    {
        Options = options;
        _folder = folder;
        _database = database;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAppStore(options);
        services.AddAppStoreAccounts();
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    /// <summary>The providers every store test runs on.</summary>
    public static TheoryData<AppStoreProvider> Providers => [AppStoreProvider.Sqlite, AppStoreProvider.Postgres];

    public AppStoreOptions Options { get; }

    public ServiceProvider Services { get; }

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("REVIVAL_TEST_POSTGRES") is { Length: > 0 } configured ? configured : DefaultPostgres;

    /// <summary>Creates an empty store (not migrated).</summary>
    public static async Task<TestStore> CreateEmptyAsync(AppStoreProvider provider, Action<IServiceCollection>? configure = null)
    {
        if (provider == AppStoreProvider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("appstore-test-").FullName;
            return new TestStore(AppStoreOptions.ForDataDirectory(folder), folder, null, configure);
        }

        var name = "revival_store_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name, Pooling = false };
        return new TestStore(new AppStoreOptions { Provider = AppStoreProvider.Postgres, ConnectionString = builder.ConnectionString }, null, name, configure);
    }

    /// <summary>Creates a migrated store.</summary>
    public static async Task<TestStore> CreateAsync(AppStoreProvider provider, Action<IServiceCollection>? configure = null)
    {
        var store = await CreateEmptyAsync(provider, configure);
        await AppStoreMigrations.MigrateAsync(store.Services);
        return store;
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }

        if (_database is not null)
        {
            await using var connection = new NpgsqlConnection(PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
            // FORCE cannot end an autovacuum worker that happens to be in the new database (it runs without a role,
            // and only a superuser may signal it): the worker is done in moments, so try again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await command.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
                {
                    await Task.Delay(250);
                }
            }
        }
    }
}
