using RevivalAnalytics.Assessment;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;
using RevivalAnalytics.Queries;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics;

/// <summary>
/// The library's way in: created once, in one line, over an export folder or a data store, it serves one data version
/// at a time to every area — metrics, early-warning lists, models, SQL workspaces and the post-assessment — from one
/// definition of that version's views, all carrying the same version id.
/// <code>
/// using var analytics = AnalyticsContext.Open("data/store");
/// var overview = analytics.Metrics.GetProvinceOverview();
/// </code>
/// A host that stays up (the dashboard) calls <see cref="Refresh"/> now and then to move to a newly published data
/// version or a newly trained model, and works on snapshots: <see cref="Acquire"/> pins one data version with its model
/// figures for a unit of work (a request), and everything read through it comes from that version; a version replaced
/// meanwhile is freed after its last snapshot ends. The area properties of the context itself are those of the version
/// current when they are read: enough for a command or a notebook, which never refreshes. Thread-safe.
/// </summary>
public sealed partial class AnalyticsContext : IDisposable
{
    private readonly AnalyticsOptions _options;
    private readonly string _modelDirectory;
    private readonly string? _metricCache;
    private readonly ModelStore _modelStore;
    private readonly Lock _refreshLock = new();
    private State _current;
    private int _refreshing;
    private volatile bool _disposed;

    private AnalyticsContext(string folder, DataStore? store, VersionViews views, AnalyticsOptions options)
    {
        Folder = folder;
        Versions = store;
        _options = options;
        _modelDirectory = Path.GetFullPath(options.ModelDirectory ?? folder);
        _modelStore = new ModelStore(_modelDirectory);
        _metricCache = options.MetricCacheDirectory is { } configured
            ? Path.GetFullPath(configured)
            : store is null ? null : KpiService.MetricCacheDirectory(store);
        var data = VersionData.Open(views, options, _metricCache);
        _current = new State(data, null, LoadModels, null, null, Sources(views.Version), null, generation: 1);
    }

    /// <summary>The data folder: an export folder, or a data store (then its current version is served).</summary>
    public string Folder { get; }

    /// <summary>The data store's versions (import, rollback, prune, listing); null for an export folder, which has one
    /// fixed version.</summary>
    public DataStore? Versions { get; }

    /// <summary>The id of the data version served now (<c>v0002</c>, or <c>export-…</c> for an export folder).</summary>
    public string DataVersion => Current.Data.DataVersion;

    /// <summary>The metric layer of the current data version (KPIs, overview, trends, classes, counties).</summary>
    public KpiService Metrics => Current.Data.Metrics;

    /// <summary>The early-warning lists of the current data version, ranked by its risk scores (loads the models).</summary>
    public EarlyWarningService Warnings => Current.Models.Warnings;

    /// <summary>The latest trained models with the current data version scored (loaded on first use; never throws for
    /// model problems: their statuses say why).</summary>
    public ModelService Models => Current.Models.Service;

    /// <summary>The current data version as the models read it, to train or backtest on.</summary>
    /// <exception cref="ModelException">The data have no manifest or years (<see cref="ModelErrorKind.DataMissing"/>).</exception>
    public ModelDataSource ModelData => Current.Data.ModelData;

    /// <summary>The SQL workspaces of the current data version (per data scope, masked, or raw for operators).</summary>
    public SqlWorkspaces Sql => Current.Data.Sql;

    /// <summary>The post-assessment over the current data version's metrics.</summary>
    public AssessmentService Assessment => Current.Data.Assessment;

    /// <summary>True while <see cref="Refresh"/> is loading newer figures (the current ones are still served).</summary>
    public bool IsRefreshing => Volatile.Read(ref _refreshing) != 0;

    private State Current
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Volatile.Read(ref _current);
        }
    }

    /// <summary>Opens a data folder: resolves its version (a store's <c>current</c> pointer, read once) and creates the
    /// version's views. Metric aggregates and models are built on first use (or by <see cref="Warm"/>).</summary>
    /// <param name="folder">An export folder (<c>revival generate</c>, a provincial export, any folder of Parquet
    /// files) or a data store (<c>revival import</c>).</param>
    /// <param name="options">Threads, model folder, metric cache, SQL limits; null for the defaults.</param>
    /// <returns>The context; dispose it when the host stops.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidOperationException">A data store without a version yet.</exception>
    /// <exception cref="DuckDB.NET.Data.DuckDBException">A Parquet file of the version cannot be read; the message is DuckDB's.</exception>
    public static AnalyticsContext Open(string folder, AnalyticsOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var root = Path.GetFullPath(folder);
        var views = VersionViews.Resolve(root);
        var store = VersionViews.IsStore(root) ? DataStore.Open(root) : null;
        return new AnalyticsContext(root, store, views, options ?? new AnalyticsOptions());
    }

    /// <summary>Pins the current data version with its model figures for one unit of work. Dispose it when done: a
    /// replaced version is freed after its last snapshot ends.</summary>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public AnalyticsSnapshot Acquire()
    {
        while (true)
        {
            // A state replaced and freed between the read and the reference is skipped for the newer one.
            var state = Current;
            if (state.References.TryAddReference())
            {
                return new AnalyticsSnapshot(state, this);
            }
        }
    }

    /// <summary>Builds the current version's metric aggregates and loads and scores the models now (what a host does
    /// before it serves), instead of on first use.</summary>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public void Warm()
    {
        using var snapshot = Acquire();
        snapshot.Metrics.Warm();
        _ = snapshot.Models;
    }

    /// <summary>Frees the current version once no snapshot uses it.</summary>
    public void Dispose()
    {
        lock (_refreshLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Volatile.Read(ref _current).References.Release();
        }
    }

    private ModelSet LoadModels(VersionData data) => ModelSet.Load(data, _modelDirectory, _options);
}
