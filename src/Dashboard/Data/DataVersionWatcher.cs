using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// Moves the dashboard to a newly published data version: every few seconds it compares the data store's
/// <c>current</c> pointer with the version the views read and, when they differ, recreates the views. The metric layer
/// then rebuilds its aggregates on the next request and the page cache, keyed by data version, starts afresh.
/// Export folders (no store) are fixed and not watched.
/// </summary>
internal sealed partial class DataVersionWatcher(IConfiguration configuration, IHostEnvironment environment, IServiceProvider services, ILogger<DataVersionWatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string directory;
        try
        {
            directory = DashboardData.ResolveDataDirectory(configuration, environment);
        }
        catch (DashboardDataException)
        {
            return;
        }

        if (!DataStore.IsDataStore(directory))
        {
            return;
        }

        var store = DataStore.Open(directory);
        using var timer = new PeriodicTimer(s_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var source = services.GetRequiredService<AnalyticsSource>();
            if (store.CurrentVersion is { } current && current != source.DataVersion)
            {
                source.Refresh();
                LogNewVersion(logger, source.DataVersion);
                services.GetRequiredService<KpiService>().Warm();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data version {Version} published; views moved to it")]
    private static partial void LogNewVersion(ILogger logger, string version);
}
