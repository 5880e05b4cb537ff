using RevivalAnalytics.Assessment;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Queries;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// Where the dashboard's figures come from: one <see cref="AnalyticsContext"/> over a folder named by configuration
/// (<c>Revival:DataDirectory</c>, or the environment variable <c>REVIVAL_DATA</c>) — the importer's versioned data store
/// (its current version; <see cref="AnalyticsRefresher"/> moves to a newly published version or a newly saved model) or
/// an export folder. Each request works on one <see cref="AnalyticsSnapshot"/>, taken at its first use and let go when the
/// request ends: its metrics, early-warning lists, model figures, SQL workspaces and post-assessment all come from the
/// same data version.
/// </summary>
public static partial class DashboardData
{
    /// <summary>The configuration key of the data folder.</summary>
    public const string DataDirectoryKey = "Revival:DataDirectory";

    /// <summary>The environment variable that names the data folder when the key is not set.</summary>
    public const string DataDirectoryVariable = "REVIVAL_DATA";

    /// <summary>The output-cache policy of the pages: one entry per URL (every query parameter) and snapshot.</summary>
    public const string PageCachePolicy = "pages";

    /// <summary>The configuration key of the folder where the metric layer keeps its aggregate tables as Parquet, so a
    /// restart on the same data version and code does not rebuild them (the environment variable is
    /// <c>REVIVAL_METRIC_CACHE</c>). Unset: a data store's <see cref="KpiService.MetricCacheDirectory"/>; an export folder
    /// (read-only input) gets none.</summary>
    public const string MetricCacheKey = "Revival:MetricCacheDirectory";

    /// <summary>Registers the analytics context (opened on first use), its refresher, and per request the snapshot with
    /// its areas: <see cref="KpiService"/>, <see cref="EarlyWarningService"/>, <see cref="AssessmentService"/>, the
    /// risk annotations of the lists and the SQL service.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddDashboardData(this IServiceCollection services)
    {
        services.AddSingleton(provider => OpenContext(
            provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>(), provider.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<AnalyticsRefresher>();
        // Scoped: a request takes the current snapshot once and keeps it (and its data version alive) until it ends. The
        // areas belong to the snapshot, which frees them; none of them is disposable, so the container never disposes them.
        services.AddScoped(provider => provider.GetRequiredService<AnalyticsContext>().Acquire());
        services.AddScoped(provider => provider.GetRequiredService<AnalyticsSnapshot>().Metrics);
        services.AddScoped(provider => provider.GetRequiredService<AnalyticsSnapshot>().Warnings);
        services.AddScoped(provider => provider.GetRequiredService<AnalyticsSnapshot>().Assessment);
        services.AddScoped<WarningRisk>();
        services.AddScoped<SqlQueryService>();
        // The analysts' workbench runs in circuits, which outlive requests: it leases a snapshot per statement itself.
        services.AddSingleton<Workbench.WorkbenchSandbox>();
        services.AddSingleton<Workbench.WorkbenchService>();
        services.AddSingleton<Workbench.WorkbenchExport>();
        services.AddSingleton(_ => new Workbench.WorkbenchExportTickets(TimeProvider.System));
        return services;
    }

    /// <summary>The data folder from configuration, made absolute against the content root.</summary>
    /// <param name="configuration">App configuration (environment variables included).</param>
    /// <param name="environment">The host, for its content root.</param>
    /// <exception cref="DashboardDataException">No folder configured, the folder is missing, or it holds no data.</exception>
    public static string ResolveDataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = configuration[DataDirectoryKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = configuration[DataDirectoryVariable];
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new DashboardDataException(
                $"未配置数据目录：请设置 {DataDirectoryKey} 或环境变量 {DataDirectoryVariable}（例如 data/demo-export，可用 revival generate 生成） / " +
                $"No data folder configured: set {DataDirectoryKey} or the environment variable {DataDirectoryVariable} (e.g. data/demo-export, made by `revival generate`).");
        }

        var directory = Path.GetFullPath(configured, environment.ContentRootPath);
        if (DataStore.IsDataStore(directory) && DataStore.Open(directory).CurrentVersion is null)
        {
            throw new DashboardDataException(
                $"数据目录 {directory} 中还没有可用的数据版本，请先运行 revival import / " +
                $"The data folder {directory} has no usable data version yet: run `revival import` first.");
        }

        if (!Directory.Exists(directory) || !Directory.EnumerateFiles(directory, "*.parquet", SearchOption.AllDirectories).Any())
        {
            throw new DashboardDataException(
                $"数据目录 {directory} 不存在或没有 Parquet 数据，请先用 revival generate 生成演示数据或导入数据 / " +
                $"The data folder {directory} is missing or holds no Parquet data: run `revival generate` for the demo data or import data first.");
        }

        return directory;
    }

    /// <summary>The metric cache folder: the configured one, else the data store's default, else none.</summary>
    /// <param name="configuration">App configuration (environment variables included).</param>
    /// <param name="environment">The host, for its content root.</param>
    /// <returns>An absolute folder, or null for no cache.</returns>
    /// <exception cref="DashboardDataException">The data folder is not usable.</exception>
    public static string? MetricCacheDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = configuration[MetricCacheKey] ?? configuration["REVIVAL_METRIC_CACHE"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, environment.ContentRootPath);
        }

        var directory = ResolveDataDirectory(configuration, environment);
        return DataStore.IsDataStore(directory) ? KpiService.MetricCacheDirectory(DataStore.Open(directory)) : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogCacheWarning(ILogger logger, string message);

    private static AnalyticsContext OpenContext(IConfiguration configuration, IHostEnvironment environment, ILoggerFactory loggers)
    {
        var directory = ResolveDataDirectory(configuration, environment);
        var logger = loggers.CreateLogger(typeof(AnalyticsContext).FullName!);
        return AnalyticsContext.Open(directory, new AnalyticsOptions
        {
            MetricCacheDirectory = MetricCacheDirectory(configuration, environment),
            Sql = new SqlLimits
            {
                Timeout = TimeSpan.FromSeconds(configuration.GetValue("Revival:Sql:TimeoutSeconds", 30.0)),
                MemoryLimit = configuration["Revival:Sql:MemoryLimit"] ?? "1GB",
            },
            MaxSqlWorkspaces = Math.Max(1, configuration.GetValue("Revival:Sql:MaxWorkspaces", 8)),
            Warning = message => LogCacheWarning(logger, message),
        });
    }
}

/// <summary>The dashboard has no data to show; the message is one bilingual sentence saying what to do.</summary>
public sealed class DashboardDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Chinese, then English.</param>
    public DashboardDataException(string message)
        : base(message)
    {
    }
}
