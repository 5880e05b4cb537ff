using DuckDB.NET.Data;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// One consistent set of model figures: the models loaded for one data version, their scores and forecasts, and the
/// <c>sort=risk</c> ranking table built from the same scores. Immutable; <see cref="ModelRefresher"/> replaces the
/// current snapshot with a single reference write, and each request works on the snapshot it acquired first
/// (<see cref="ModelLease"/>), so no page or response mixes two versions.
/// </summary>
internal sealed class ModelSnapshot
{
    internal ModelSnapshot(LoadedModels loaded, ModelStatus riskStatus, ModelStatus incomeStatus, string sources, string? failedSources, long generation)
    {
        Loaded = loaded;
        RiskStatus = riskStatus;
        IncomeStatus = incomeStatus;
        Sources = sources;
        FailedSources = failedSources;
        Generation = generation;
    }

    /// <summary>The models and scores (read the statuses from this snapshot, not from <see cref="ModelService"/>: they
    /// also carry a failed refresh's error).</summary>
    public ModelService Models => Loaded.Models;

    /// <summary>The early-warning lists ranked by this snapshot's scores.</summary>
    public EarlyWarningService Warnings => Loaded.Warnings;

    /// <summary>The risk model's state.</summary>
    public ModelStatus RiskStatus { get; }

    /// <summary>The income model's state.</summary>
    public ModelStatus IncomeStatus { get; }

    /// <summary>The year whose end the risk scores describe; null without scores.</summary>
    public int? CutoffYear => Loaded.CutoffYear;

    /// <summary>The data store version the figures were computed on; null for an export folder (fixed while the
    /// dashboard runs, so the figures always belong to the rows the pages show).</summary>
    public string? DataVersion => Loaded.DataVersion;

    /// <summary>Changes with every swap (the page cache keys on it).</summary>
    public long Generation { get; }

    /// <summary>What the figures were loaded from: data version and latest model folders (see <see cref="ModelRefresher"/>).</summary>
    internal string Sources { get; }

    /// <summary>Sources whose load failed while this snapshot stayed (not tried again until the sources change again).</summary>
    internal string? FailedSources { get; }

    internal LoadedModels Loaded { get; }
}

/// <summary>
/// The native and DuckDB resources behind one or more snapshots (a failed refresh makes a new snapshot over the same
/// models, with the error in its statuses), freed when the last snapshot and request using them let go: the models,
/// the data source and the ranking table. Counting, rather than freeing on swap, lets a request that began before a
/// swap (a long CSV download, say) finish on the figures it started with.
/// </summary>
internal sealed partial class LoadedModels(ModelService models, ModelDataSource data, EarlyWarningService warnings, ILogger logger)
{
    private int _references = 1;

    public ModelService Models { get; } = models;

    public EarlyWarningService Warnings { get; } = warnings;

    public int? CutoffYear { get; } = models.HouseholdScores() is { Count: > 0 } scores ? scores[0].CutoffYear : null;

    public string? DataVersion { get; } = data.DataVersion;

    /// <summary>Takes a reference unless the resources are already freed.</summary>
    public bool TryAddReference()
    {
        var count = Volatile.Read(ref _references);
        while (count > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, count + 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen;
        }

        return false;
    }

    /// <summary>Gives a reference back; the last one frees the resources.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        try
        {
            Warnings.DropHouseholdRisk();
        }
        catch (DuckDBException e)
        {
            // Only memory is lost (the table stays until the process ends); the request releasing it must not fail.
            LogDropFailed(logger, e);
        }
        finally
        {
            Models.Dispose();
            data.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not drop a replaced risk ranking table")]
    private static partial void LogDropFailed(ILogger logger, Exception error);
}

/// <summary>The snapshot one request works on (scoped: acquired at first use, released when the request ends).</summary>
internal sealed class ModelLease : IDisposable
{
    private int _released;

    public ModelLease(ModelSnapshot snapshot)
    {
        Snapshot = snapshot;
    }

    public ModelSnapshot Snapshot { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Snapshot.Loaded.Release();
        }
    }
}
