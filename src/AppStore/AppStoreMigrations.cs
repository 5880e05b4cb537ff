using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace RevivalAnalytics.AppStore;

/// <summary>Brings a store up to date at start-up.</summary>
public static class AppStoreMigrations
{
    /// <summary>Applies the provider's pending migrations (creating the database or file if needed). Several instances
    /// starting at once are serialised by EF Core's migration lock. SQLite files are switched to write-ahead logging,
    /// so readers do not block the writer and a killed process leaves the last committed state.</summary>
    /// <param name="services">A provider with <see cref="AppStoreServices.AddAppStore(Microsoft.Extensions.DependencyInjection.IServiceCollection, AppStoreOptions)"/>.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <returns>The migrations applied now.</returns>
    /// <exception cref="AppStoreException">The store cannot be reached or migrated; the message names the store.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        using var scope = services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        try
        {
            var pending = (await store.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            await store.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            if (store.Provider == AppStoreProvider.Sqlite)
            {
                await store.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            }

            return pending;
        }
        catch (Exception e) when (e is not OperationCanceledException and not AppStoreException)
        {
            var name = store.Database.GetDbConnection().DataSource;
            throw new AppStoreException($"无法打开或升级应用库 {name}：{e.Message} / Cannot open or migrate the app store {name}: {e.Message}", e);
        }
    }
}
