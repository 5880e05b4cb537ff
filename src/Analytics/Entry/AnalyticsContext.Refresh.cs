using System.Diagnostics;
using System.Globalization;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Models;

namespace RevivalAnalytics;

/// <summary>What <see cref="AnalyticsContext.Refresh"/> did.</summary>
public enum AnalyticsRefreshOutcome
{
    /// <summary>Nothing changed (or a change that failed before is not tried again until its sources change again).</summary>
    Unchanged,

    /// <summary>A new snapshot was published: new figures, or the same figures with a refresh error cleared.</summary>
    Published,

    /// <summary>The new data version or model could not be loaded, or would have lost a model being served: the previous
    /// figures stay, published again with statuses that say why.</summary>
    KeptPrevious,
}

/// <summary>The result of <see cref="AnalyticsContext.Refresh"/>, for the host's log.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="DataVersion">The data version served after the refresh.</param>
/// <param name="RiskModel">The risk model served after it, if any.</param>
/// <param name="IncomeModel">The income model served after it, if any.</param>
/// <param name="Sources">What was looked at: data version and latest model folders.</param>
/// <param name="Elapsed">How long loading took (zero when unchanged).</param>
/// <param name="Error">Why the previous figures were kept: the exception of a failed load, if one was thrown.</param>
/// <param name="Problem">Why the previous figures were kept, as the statuses say it (bilingual), if they were.</param>
public sealed record AnalyticsRefresh(
    AnalyticsRefreshOutcome Outcome, string DataVersion, string? RiskModel, string? IncomeModel, string Sources, TimeSpan Elapsed, Exception? Error, string? Problem);

// Moving to a newly published data version or a newly saved model, whole: the new data version's views, aggregates and
// scores are built while requests keep the current snapshot, then one reference write swaps them in. A new load that
// fails, or would lose a model being served, is dropped whole: the previous figures stay and the kept models' statuses
// say why (Chinese first); the same sources are not tried again until something changes again.
public sealed partial class AnalyticsContext
{
    private const string ExportSources = "export";

    /// <summary>
    /// Looks for a newly published data version (a store's <c>current</c> pointer; an export folder is fixed) and newly
    /// saved models (the latest model folder of each kind, with its metadata's write time) and, if something changed,
    /// builds the new snapshot — views, metric aggregates, model scores, ranking — while the current one is served, then
    /// swaps it in. Cheap when nothing changed (one small file and two directory listings): a host calls it every few
    /// seconds. One refresh runs at a time.
    /// </summary>
    /// <returns>What happened.</returns>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    /// <exception cref="IOException">The data or model folders could not be listed (try again later).</exception>
    public AnalyticsRefresh Refresh()
    {
        lock (_refreshLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var current = Volatile.Read(ref _current);
            var version = Versions?.CurrentVersion ?? current.Data.DataVersion;
            var sources = Sources(version);
            if (sources == current.Sources && current.FailedSources is not null)
            {
                // Back to what is loaded (the failed model was removed, say): the error no longer applies.
                return Publish(current, Keep(current, failedSources: null, (null, null)), AnalyticsRefreshOutcome.Published, sources, TimeSpan.Zero, null, null);
            }

            if (sources == current.Sources || sources == current.FailedSources)
            {
                return Result(current, AnalyticsRefreshOutcome.Unchanged, sources, TimeSpan.Zero, null, null);
            }

            Volatile.Write(ref _refreshing, 1);
            var watch = Stopwatch.StartNew();
            try
            {
                State next;
                try
                {
                    next = Load(current, version, sources);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // Whatever failed (data, model, native library), the previous figures are still good.
                    var kind = error is ModelException m ? m.Kind : ModelErrorKind.DataMissing;
                    return Publish(current, Keep(current, sources, Both(current, kind, error.Message)), AnalyticsRefreshOutcome.KeptPrevious, sources, watch.Elapsed, error, error.Message);
                }

                if (Lost(current, next) is { } lost)
                {
                    next.References.Release();
                    return Publish(current, Keep(current, sources, lost), AnalyticsRefreshOutcome.KeptPrevious, sources, watch.Elapsed, null, lost.Risk?.Error ?? lost.Income?.Error);
                }

                return Publish(current, next, AnalyticsRefreshOutcome.Published, sources, watch.Elapsed, null, null);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        }
    }

    // The new data version (or the current one again, for a new model) with its aggregates built and its models scored,
    // before anyone sees it.
    private State Load(State current, string version, string sources)
    {
        VersionData data;
        if (version == current.Data.DataVersion)
        {
            current.Data.References.AddReference();
            data = current.Data;
        }
        else
        {
            data = VersionData.Open(VersionViews.ForStoreVersion(Versions!, version), _options, _metricCache);
        }

        try
        {
            data.Metrics.Warm();
            var models = LoadModels(data);
            return new State(data, models, LoadModels, null, null, sources, null, current.Generation + 1);
        }
        catch
        {
            data.References.Release();
            throw;
        }
    }

    private AnalyticsRefresh Publish(State previous, State next, AnalyticsRefreshOutcome outcome, string sources, TimeSpan elapsed, Exception? error, string? problem)
    {
        Volatile.Write(ref _current, next);
        previous.References.Release();
        return Result(next, outcome, sources, elapsed, error, problem);
    }

    private static AnalyticsRefresh Result(State state, AnalyticsRefreshOutcome outcome, string sources, TimeSpan elapsed, Exception? error, string? problem) =>
        new(outcome, state.Data.DataVersion, state.ModelsLoaded ? state.RiskStatus.ModelId : null, state.ModelsLoaded ? state.IncomeStatus.ModelId : null, sources, elapsed, error, problem);

    /// <summary>What the figures depend on: the data version (an export folder is fixed) and the folder that loading picks
    /// for each model kind, with its metadata's write time (a model saved again under the same id).</summary>
    private string Sources(string version) =>
        string.Join('|', Versions is null ? ExportSources : version, Latest(RiskModel.Kind), Latest(IncomeForecastModel.Kind));

    private string Latest(string kind)
    {
        if (_modelStore.LatestId(kind) is not { } id)
        {
            return string.Empty;
        }

        var metadata = Path.Combine(_modelStore.FolderOf(id), "metadata.json");
        return File.Exists(metadata)
            ? id + "@" + File.GetLastWriteTimeUtc(metadata).Ticks.ToString(CultureInfo.InvariantCulture)
            : id;
    }

    /// <summary>The kinds the current snapshot serves that the new load could not (null when nothing is lost): then the
    /// whole new load is dropped, so data, risk and income figures always come from the same load.</summary>
    private static (ModelStatus? Risk, ModelStatus? Income)? Lost(State current, State next)
    {
        var risk = current.RiskStatus.Available && !next.RiskStatus.Available ? next.RiskStatus : null;
        var income = current.IncomeStatus.Available && !next.IncomeStatus.Available ? next.IncomeStatus : null;
        return risk is null && income is null ? null : (risk, income);
    }

    private static (ModelStatus? Risk, ModelStatus? Income) Both(State current, ModelErrorKind kind, string error) =>
        (current.RiskStatus.Available ? new ModelStatus(RiskModel.Kind, false, null, null, false, kind, error) : null,
            current.IncomeStatus.Available ? new ModelStatus(IncomeForecastModel.Kind, false, null, null, false, kind, error) : null);

    /// <summary>The current figures again (same data version, same models), each kept model's status carrying why the new
    /// sources were not taken (or, without a failure, the statuses as loaded).</summary>
    private State Keep(State current, string? failedSources, (ModelStatus? Risk, ModelStatus? Income) failure)
    {
        // The context holds a reference to the current state, so its parts cannot have been freed.
        var models = current.Models;
        current.Data.References.AddReference();
        models.References.AddReference();
        return new State(
            current.Data,
            models,
            LoadModels,
            WithFailure(models.Service.RiskStatus, failure.Risk),
            WithFailure(models.Service.IncomeStatus, failure.Income),
            current.Sources,
            failedSources,
            current.Generation + 1);
    }

    private static ModelStatus? WithFailure(ModelStatus kept, ModelStatus? failed) =>
        failed is null
            ? null
            : kept with
            {
                ErrorKind = failed.ErrorKind,
                Error = $"未能换用新的模型或数据版本，仍显示模型 {kept.ModelId} 的上一版结果 / " +
                    $"Could not switch to the new model or data version; still showing the previous results of model {kept.ModelId}: {failed.Error}",
            };
}
