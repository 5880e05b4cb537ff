namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// Keeps the dashboard on the current data version and the latest trained models without a restart: every few seconds
/// (default 5, <c>Revival:ModelCheckSeconds</c>) it calls <see cref="AnalyticsContext.Refresh"/>, which reads the data
/// store's <c>current</c> pointer and the latest model folder of each kind (name and metadata time) and, when something
/// changed, builds the new snapshot — views, metric aggregates, model scores, ranking — while requests keep the current
/// one, then swaps it in whole. Polling reads one small file and two directory listings; a file watcher would add
/// platform quirks (missed or duplicated events, network drives) for no gain at this rate, and both writers publish by
/// renaming, so a poll sees a version either whole or not at all.
/// </summary>
internal sealed partial class AnalyticsRefresher(AnalyticsContext analytics, IConfiguration configuration, ILogger<AnalyticsRefresher> logger) : BackgroundService
{
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(Math.Max(0.1, configuration.GetValue("Revival:ModelCheckSeconds", 5.0)));

    /// <summary>Refreshes once and logs what happened (also what the tests call instead of waiting for a tick).</summary>
    /// <returns>What the refresh did.</returns>
    internal AnalyticsRefresh RefreshNow()
    {
        var result = analytics.Refresh();
        switch (result.Outcome)
        {
            case AnalyticsRefreshOutcome.Published when result.Elapsed > TimeSpan.Zero:
                LogRefreshed(logger, result.DataVersion, result.RiskModel, result.IncomeModel, (long)result.Elapsed.TotalMilliseconds);
                break;
            case AnalyticsRefreshOutcome.KeptPrevious:
                LogKeptPrevious(logger, result.Sources, result.Problem, result.Error);
                break;
        }

        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                RefreshNow();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An unreadable folder while checking: try again next tick rather than stop the app (a failed
                // background service stops the host).
                LogCheckFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data version {Version} with risk model {RiskModel} and income model {IncomeModel} published in {Milliseconds} ms")]
    private static partial void LogRefreshed(ILogger logger, string version, string? riskModel, string? incomeModel, long milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refresh for {Sources} failed or lost a model that is being served; the previous figures stay: {Problem}")]
    private static partial void LogKeptPrevious(ILogger logger, string sources, string? problem, Exception? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the data version and model folders for changes")]
    private static partial void LogCheckFailed(ILogger logger, Exception error);
}
