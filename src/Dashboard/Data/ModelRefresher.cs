using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// Keeps the model figures on the current data version and the latest trained models without a restart. Loads once at
/// start-up; then, like <see cref="DataVersionWatcher"/> for the views, it polls every few seconds (default 5,
/// <c>Revival:ModelCheckSeconds</c>): the data store's <c>current</c> pointer and the latest model folder of each kind
/// (name and metadata time). Polling reads one small file and two directory listings; a file watcher would add
/// platform quirks (missed or duplicated events, network drives) for no gain at this rate, and both writers publish by
/// renaming, so a poll sees a version either whole or not at all.
/// When something changed it loads and scores in the background while requests keep the current snapshot, then swaps
/// the snapshot with one reference write. A refresh that would lose a model that is being served (a corrupt new model,
/// unreadable data) keeps the whole previous snapshot and shows the error in its <see cref="ModelStatus"/>; it is
/// tried again when the sources change again.
/// </summary>
internal sealed partial class ModelRefresher : BackgroundService
{
    private const string ExportSources = "export";

    private readonly string _directory;
    private readonly DataStore? _store;
    private readonly ModelStore _models;
    private readonly KpiService _kpis;
    private readonly ILogger<ModelRefresher> _logger;
    private readonly TimeSpan _interval;
    private readonly Lock _refreshLock = new();
    private ModelSnapshot _current;
    private int _refreshing;

    public ModelRefresher(ModelFolder folder, KpiService kpis, IConfiguration configuration, ILogger<ModelRefresher> logger)
    {
        _directory = folder.Path;
        _store = DataStore.IsDataStore(_directory) ? DataStore.Open(_directory) : null;
        _models = new ModelStore(_directory);
        _kpis = kpis;
        _logger = logger;
        _interval = TimeSpan.FromSeconds(Math.Max(0.1, configuration.GetValue("Revival:ModelCheckSeconds", 5.0)));
        var sources = Sources();
        _current = Load(sources, generation: 1);
    }

    /// <summary>The snapshot new requests get.</summary>
    public ModelSnapshot Current => Volatile.Read(ref _current);

    /// <summary>True while newer figures are being loaded (the current ones are still served).</summary>
    public bool IsRefreshing => Volatile.Read(ref _refreshing) != 0;

    /// <summary>The current snapshot, kept alive until the lease is disposed.</summary>
    public ModelLease Acquire()
    {
        while (true)
        {
            // A snapshot swapped out and freed between the read and the reference is skipped for the newer one.
            var snapshot = Current;
            if (snapshot.Loaded.TryAddReference())
            {
                return new ModelLease(snapshot);
            }
        }
    }

    /// <summary>Loads newer figures if the data version or a model changed since the current snapshot, and swaps them in.</summary>
    /// <returns>True when a new snapshot (new figures, or the previous figures with a refresh error) was published.</returns>
    internal bool RefreshIfChanged()
    {
        lock (_refreshLock)
        {
            var sources = Sources();
            var current = Current;
            if (sources == current.Sources && current.FailedSources is not null)
            {
                // Back to what is loaded (the failed model was removed, say): the error no longer applies.
                Publish(current, Keep(current, failedSources: null, (null, null)));
                return true;
            }

            if (sources == current.Sources || sources == current.FailedSources)
            {
                return false;
            }

            Volatile.Write(ref _refreshing, 1);
            var watch = Stopwatch.StartNew();
            try
            {
                ModelSnapshot next;
                try
                {
                    next = Load(sources, current.Generation + 1);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Whatever failed (model, data, native library), the previous figures are still good.
                    LogRefreshFailed(_logger, sources, e);
                    var kind = e switch
                    {
                        ModelException m => m.Kind,
                        _ => ModelErrorKind.DataMissing,
                    };
                    Publish(current, Keep(current, sources, Both(current, kind, e.Message)));
                    return true;
                }

                var lost = Lost(current, next);
                if (lost is not null)
                {
                    next.Loaded.Release();
                    LogRefreshRejected(_logger, sources, lost.Value.Risk?.Error ?? lost.Value.Income?.Error);
                    Publish(current, Keep(current, sources, lost.Value));
                    return true;
                }

                Publish(current, next);
                LogRefreshed(_logger, next.RiskStatus.ModelId, next.IncomeStatus.ModelId, next.RiskStatus.DataFingerprint ?? next.IncomeStatus.DataFingerprint, watch.ElapsedMilliseconds);
                return true;
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                RefreshIfChanged();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An unreadable folder while checking: try again next tick rather than stop the app (a failed
                // background service stops the host).
                LogCheckFailed(_logger, e);
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        Current.Loaded.Release();
    }

    private void Publish(ModelSnapshot previous, ModelSnapshot next)
    {
        Volatile.Write(ref _current, next);
        previous.Loaded.Release();
    }

    /// <summary>What the figures depend on: the data version (an export folder is fixed, as for the views) and the
    /// folder that loading picks for each model kind, with its metadata's write time (a model saved again under the
    /// same id).</summary>
    private string Sources()
    {
        var data = _store is null ? ExportSources : _store.CurrentVersion ?? string.Empty;
        return string.Join('|', data, Latest(RiskModel.Kind), Latest(IncomeForecastModel.Kind));
    }

    private string Latest(string kind)
    {
        if (_models.LatestId(kind) is not { } id)
        {
            return string.Empty;
        }

        var metadata = Path.Combine(_models.FolderOf(id), "metadata.json");
        return File.Exists(metadata)
            ? id + "@" + File.GetLastWriteTimeUtc(metadata).Ticks.ToString(CultureInfo.InvariantCulture)
            : id;
    }

    private ModelSnapshot Load(string sources, long generation)
    {
        var data = _store is null ? ModelDataSource.FromExport(_directory, threads: 2) : ModelDataSource.FromDataStore(_store, threads: 2);
        ModelService? models = null;
        try
        {
            models = ModelService.Load(_directory, data, threads: 2);
            var warnings = new EarlyWarningService(_kpis);
            var scores = models.HouseholdScores();
            if (scores.Count > 0)
            {
                try
                {
                    warnings.UseHouseholdRisk(scores);
                }
                catch (DuckDBException e)
                {
                    // The list still shows each page's probabilities; only sort=risk loses its order.
                    LogRankingFailed(_logger, e);
                }
            }

            return new ModelSnapshot(new LoadedModels(models, data, warnings, _logger), models.RiskStatus, models.IncomeStatus, sources, failedSources: null, generation);
        }
        catch
        {
            models?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>The kinds the current snapshot serves that the new load could not (null when nothing is lost): then
    /// the whole new load is dropped, so risk and income figures always come from the same load.</summary>
    private static (ModelStatus? Risk, ModelStatus? Income)? Lost(ModelSnapshot current, ModelSnapshot next)
    {
        var risk = current.RiskStatus.Available && !next.RiskStatus.Available ? next.RiskStatus : null;
        var income = current.IncomeStatus.Available && !next.IncomeStatus.Available ? next.IncomeStatus : null;
        return risk is null && income is null ? null : (risk, income);
    }

    private static (ModelStatus? Risk, ModelStatus? Income) Both(ModelSnapshot current, ModelErrorKind kind, string error) =>
        (current.RiskStatus.Available ? new ModelStatus(RiskModel.Kind, false, null, null, false, kind, error) : null,
            current.IncomeStatus.Available ? new ModelStatus(IncomeForecastModel.Kind, false, null, null, false, kind, error) : null);

    /// <summary>The current figures again, each kept model's status carrying why the new version was not taken (or,
    /// without a failure, the statuses as loaded).</summary>
    private static ModelSnapshot Keep(ModelSnapshot current, string? failedSources, (ModelStatus? Risk, ModelStatus? Income) failure)
    {
        // The publisher holds a reference to the current snapshot's models, so they cannot have been freed.
        current.Loaded.TryAddReference();
        return new ModelSnapshot(
            current.Loaded,
            WithFailure(current.Models.RiskStatus, failure.Risk),
            WithFailure(current.Models.IncomeStatus, failure.Income),
            current.Sources,
            failedSources,
            current.Generation + 1);
    }

    private static ModelStatus WithFailure(ModelStatus kept, ModelStatus? failed) =>
        failed is null
            ? kept
            : kept with
            {
                ErrorKind = failed.ErrorKind,
                Error = $"未能换用新的模型或数据版本，仍显示模型 {kept.ModelId} 的上一版结果 / " +
                    $"Could not switch to the new model or data version; still showing the previous results of model {kept.ModelId}: {failed.Error}",
            };

    [LoggerMessage(Level = LogLevel.Information, Message = "Models refreshed: risk {RiskModel}, income {IncomeModel}, data {Data}, in {Milliseconds} ms")]
    private static partial void LogRefreshed(ILogger logger, string? riskModel, string? incomeModel, string? data, long milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model refresh for {Sources} failed; the previous figures stay")]
    private static partial void LogRefreshFailed(ILogger logger, string sources, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model refresh for {Sources} lost a model that is being served; the previous figures stay: {Error}")]
    private static partial void LogRefreshRejected(ILogger logger, string sources, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the data version and model folders for changes")]
    private static partial void LogCheckFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load risk scores for sorting the early-warning list")]
    private static partial void LogRankingFailed(ILogger logger, Exception error);
}
