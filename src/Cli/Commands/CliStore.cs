using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.AppStore.Audit;

namespace RevivalAnalytics.Cli.Commands;

/// <summary>
/// The app store the dashboard uses, opened by the command line: the SQLite file in the data directory, or the store
/// named by the same settings as the dashboard's in environment variables (<c>Revival__AppStore__Provider</c>,
/// <c>Revival__AppStore__ConnectionString</c>). Migrated on open.
/// </summary>
internal static class CliStore
{
    public static string Actor => "cli:" + Environment.UserName;

    public static async Task<ServiceProvider> OpenAsync(string dataDirectory, CancellationToken cancellationToken = default, Action<IServiceCollection>? configure = null)
    {
        var provider = Environment.GetEnvironmentVariable("Revival__AppStore__Provider")?.ToLowerInvariant() is "postgres" or "postgresql"
            ? AppStoreProvider.Postgres
            : AppStoreProvider.Sqlite;
        var connectionString = Environment.GetEnvironmentVariable("Revival__AppStore__ConnectionString");
        var options = string.IsNullOrWhiteSpace(connectionString)
            ? provider == AppStoreProvider.Sqlite
                ? AppStoreOptions.ForDataDirectory(dataDirectory)
                : throw new AppStoreException("使用 PostgreSQL 时必须设置 Revival__AppStore__ConnectionString", "Revival__AppStore__ConnectionString is required with PostgreSQL.")
            : new AppStoreOptions { Provider = provider, ConnectionString = connectionString };
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddAppStore(options);
        services.AddAppStoreAccounts();
        configure?.Invoke(services);
        var built = services.BuildServiceProvider();
        try
        {
            await AppStoreMigrations.MigrateAsync(built, cancellationToken);
            return built;
        }
        catch
        {
            await built.DisposeAsync();
            throw;
        }
    }

    /// <summary>Records a data-management act (import, rollback, training) in the data directory's audit log. A store
    /// that cannot be written costs a warning, not the act: the data were already changed.</summary>
    public static void Record(string dataDirectory, string action, string? target, string detail, long? rows, bool succeeded)
    {
        try
        {
            using var services = OpenAsync(dataDirectory).GetAwaiter().GetResult();
            using var scope = services.CreateScope();
            scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(new AuditEntry
            {
                Action = action,
                Actor = Actor,
                Target = target,
                Detail = detail,
                RowCount = rows,
                Succeeded = succeeded,
            }).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is AppStoreException or IOException or UnauthorizedAccessException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            Console.Error.WriteLine($"警告：无法写入审计日志 / warning: could not write the audit log: {e.Message}");
        }
    }
}
