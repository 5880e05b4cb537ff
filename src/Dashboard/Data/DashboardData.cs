using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// Where the dashboard's figures come from: a folder named by configuration (<c>Revival:DataDirectory</c>, or the
/// environment variable <c>REVIVAL_DATA</c>), either the importer's versioned data store (views over its current
/// version; <see cref="DataVersionWatcher"/> moves to a newly published version) or an export folder, opened once as an
/// <see cref="AnalyticsSource"/> with the metric services over it.
/// </summary>
public static partial class DashboardData
{
    /// <summary>The configuration key of the data folder.</summary>
    public const string DataDirectoryKey = "Revival:DataDirectory";

    /// <summary>The environment variable that names the data folder when the key is not set.</summary>
    public const string DataDirectoryVariable = "REVIVAL_DATA";

    /// <summary>The output-cache policy of the pages: one entry per URL (every query parameter) and data version.</summary>
    public const string PageCachePolicy = "pages";

    /// <summary>The configuration key of the folder where the metric layer keeps its aggregate tables as Parquet, so a
    /// restart on the same data version and code does not rebuild them (the environment variable is
    /// <c>REVIVAL_METRIC_CACHE</c>). Unset: a data store's <see cref="KpiService.MetricCacheDirectory"/>; an export folder
    /// (read-only input) gets none.</summary>
    public const string MetricCacheKey = "Revival:MetricCacheDirectory";

    /// <summary>Registers the analytics source (opened on first use) and the KPI service (the early-warning lists,
    /// ranked by the models' scores, come with <see cref="DashboardModels.AddDashboardModels"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddDashboardData(this IServiceCollection services)
    {
        services.AddSingleton(provider => OpenSource(provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<IAnalyticsSource>(provider => provider.GetRequiredService<AnalyticsSource>());
        services.AddHostedService<DataVersionWatcher>();
        services.AddSingleton(provider =>
        {
            var source = provider.GetRequiredService<IAnalyticsSource>();
            var configuration = provider.GetRequiredService<IConfiguration>();
            var environment = provider.GetRequiredService<IHostEnvironment>();
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KpiService).FullName!);
            return new KpiService(source, cacheDirectory: MetricCacheDirectory(configuration, environment), cacheWarning: message => LogCacheWarning(logger, message));
        });
        services.AddSingleton<SqlQueryService>();
        services.AddSingleton<Workbench.WorkbenchSandbox>();
        services.AddSingleton<Workbench.WorkbenchService>();
        services.AddSingleton<Workbench.WorkbenchExport>();
        services.AddSingleton<PersonalDataLookup>();
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

    private static AnalyticsSource OpenSource(IConfiguration configuration, IHostEnvironment environment)
    {
        var directory = ResolveDataDirectory(configuration, environment);
        if (DataStore.IsDataStore(directory))
        {
            var store = DataStore.Open(directory);
            return AnalyticsSource.FromViews(store.CreateViews);
        }

        return AnalyticsSource.FromExportFolder(directory);
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
