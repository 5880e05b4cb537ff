using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;
using RevivalAnalytics.Queries;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics;

/// <summary>
/// One data version with its model figures, pinned for a unit of work by <see cref="AnalyticsContext.Acquire"/>:
/// metrics, early-warning lists, models, SQL workspaces and the post-assessment all read the same version and carry its
/// id (<see cref="DataVersion"/>), whatever the context publishes meanwhile. Dispose it when the work is done; the
/// version is freed after its last snapshot ends. The areas are thread-safe; the snapshot's <see cref="Dispose"/> is
/// idempotent.
/// </summary>
public sealed class AnalyticsSnapshot : IDisposable
{
    private readonly AnalyticsContext.State _state;
    private int _released;

    internal AnalyticsSnapshot(AnalyticsContext.State state, AnalyticsContext context)
    {
        _state = state;
        Context = context;
    }

    /// <summary>The context the snapshot was taken from.</summary>
    public AnalyticsContext Context { get; }

    /// <summary>The data version every figure of the snapshot comes from (<c>v0002</c>, or <c>export-…</c>).</summary>
    public string DataVersion => _state.Data.DataVersion;

    /// <summary>Changes with every snapshot the context publishes (a new data version, a new model, a refresh error
    /// shown or cleared): a cache of rendered figures keys on it.</summary>
    public long Generation => _state.Generation;

    /// <summary>The metric layer (KPIs, overview, trends, classes, counties).</summary>
    public KpiService Metrics => Live.Data.Metrics;

    /// <summary>The early-warning lists, ranked by this snapshot's risk scores.</summary>
    public EarlyWarningService Warnings => Live.Models.Warnings;

    /// <summary>The models and their scores and forecasts on this data version (read the statuses from
    /// <see cref="RiskStatus"/> and <see cref="IncomeStatus"/>, which also say why a newer version was not taken).</summary>
    public ModelService Models => Live.Models.Service;

    /// <summary>The risk model's state as served.</summary>
    public ModelStatus RiskStatus => Live.RiskStatus;

    /// <summary>The income model's state as served.</summary>
    public ModelStatus IncomeStatus => Live.IncomeStatus;

    /// <summary>This data version as the models read it, to train or backtest on.</summary>
    /// <exception cref="ModelException">The data have no manifest or years (<see cref="ModelErrorKind.DataMissing"/>).</exception>
    public ModelDataSource ModelData => Live.Data.ModelData;

    /// <summary>The SQL workspaces of this data version.</summary>
    public SqlWorkspaces Sql => Live.Data.Sql;

    /// <summary>The post-assessment over this data version's metrics.</summary>
    public AssessmentService Assessment => Live.Data.Assessment;

    private AnalyticsContext.State Live
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _released) != 0, this);
            return _state;
        }
    }

    /// <summary>Ends the snapshot; the last one on a replaced version frees it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _state.References.Release();
        }
    }
}
