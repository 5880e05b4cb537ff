using DuckDB.NET.Data;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;
using RevivalAnalytics.Queries;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics;

// What one snapshot is made of, each part counted so that it is freed after the last snapshot (and lease) using it:
// a data version (its database, views, aggregates and SQL workspaces) and a model load on it.
public sealed partial class AnalyticsContext
{
    /// <summary>
    /// One data version: its one definition of the views, the trusted in-memory database with those views and the metric
    /// aggregates, and the areas built on it (metrics, the models' data, SQL workspaces, the post-assessment). Shared
    /// by every snapshot of the version (a new model reuses it).
    /// </summary>
    internal sealed class VersionData : IAnalyticsSource
    {
        private readonly Lazy<ModelDataSource> _modelData;

        private VersionData(VersionViews views, DuckDbDatabase database, AnalyticsOptions options, string? metricCache)
        {
            Views = views;
            Database = database;
            Metrics = new KpiService(this, cacheDirectory: metricCache, cacheWarning: options.Warning);
            // The analysts' workspaces offer the metric layer's aggregate tables, so ad-hoc SQL reuses the official definitions.
            Sql = new SqlWorkspaces(views, database.Connect, options.Sql, options.MaxSqlWorkspaces, MetricTablesForSql);
            Assessment = new AssessmentService(Metrics);
            // Thrown again on each use for data without a manifest: the models say why, everything else works.
            _modelData = new(() => ModelDataSource.Over(views, database.Connect), LazyThreadSafetyMode.ExecutionAndPublication);
            References = new ReferenceCount(Free);
        }

        public VersionViews Views { get; }

        public DuckDbDatabase Database { get; }

        public KpiService Metrics { get; }

        public SqlWorkspaces Sql { get; }

        public AssessmentService Assessment { get; }

        public ModelDataSource ModelData => _modelData.Value;

        public ReferenceCount References { get; }

        public string DataVersion => Views.Version;

        /// <summary>Opens the version's database and creates its views (the quarantine's too, for operators' SQL).</summary>
        /// <exception cref="DuckDBException">A file could not be read; the message is DuckDB's.</exception>
        public static VersionData Open(VersionViews views, AnalyticsOptions options, string? metricCache)
        {
            var database = DuckDbDatabase.Open(null, new DuckDbOptions { Threads = options.Threads });
            try
            {
                using (var connection = database.Connect())
                {
                    views.CreateViews(connection, withQuarantine: true);
                }

                return new VersionData(views, database, options, metricCache);
            }
            catch
            {
                database.Dispose();
                throw;
            }
        }

        public DuckDBConnection Connect() => Database.Connect();

        // A folder the metric layer cannot aggregate (Parquet files other than the contract's tables) still gets its
        // SQL workspaces, without the aggregate tables; its pages fail with the metric layer's own message.
        private List<SqlDerivedTable> MetricTablesForSql()
        {
            try
            {
                return Metrics.AnalystTables().Select(t => new SqlDerivedTable(t.Name, t.Description, t.DescribeColumn)).ToList();
            }
            catch (DuckDBException)
            {
                return [];
            }
        }

        private void Free()
        {
            Sql.Close();
            Database.Dispose();
        }
    }

    /// <summary>
    /// The models loaded and scored on one data version, with the early-warning lists ranked by those scores (a ranking
    /// table in the version's database). Holds a reference to its version.
    /// </summary>
    internal sealed class ModelSet
    {
        private readonly VersionData _data;
        private readonly Action<string>? _warn;

        private ModelSet(VersionData data, ModelService service, EarlyWarningService warnings, Action<string>? warn)
        {
            _data = data;
            _warn = warn;
            Service = service;
            Warnings = warnings;
            References = new ReferenceCount(Free);
        }

        public ModelService Service { get; }

        public EarlyWarningService Warnings { get; }

        public ReferenceCount References { get; }

        /// <summary>Loads the latest models under <paramref name="modelDirectory"/> and scores the version. Never throws for
        /// model problems (the statuses say why).</summary>
        public static ModelSet Load(VersionData data, string modelDirectory, AnalyticsOptions options)
        {
            ModelService service;
            try
            {
                service = ModelService.Load(modelDirectory, data.ModelData, options.Threads);
            }
            catch (ModelException error)
            {
                // The data cannot serve the models at all (no manifest): both slots say why.
                service = ModelService.Unavailable(error.Kind, error.Message);
            }

            var warnings = new EarlyWarningService(data.Metrics);
            var scores = service.HouseholdScores();
            if (scores.Count > 0)
            {
                try
                {
                    warnings.UseHouseholdRisk(scores);
                }
                catch (DuckDBException error)
                {
                    // The list still shows each page's probabilities; only sort=risk loses its order.
                    options.Warning?.Invoke($"无法建立预警名单的风险排序表,按风险排序暂不可用:{error.Message} / could not build the risk ranking of the early-warning list; sorting by risk is unavailable: {error.Message}");
                }
            }

            data.References.AddReference();
            return new ModelSet(data, service, warnings, options.Warning);
        }

        private void Free()
        {
            try
            {
                Warnings.DropHouseholdRisk();
            }
            catch (DuckDBException error)
            {
                // Only memory is lost (the table goes with the version's database); the release must not fail.
                _warn?.Invoke($"无法删除被替换的风险排序表:{error.Message} / could not drop a replaced risk ranking table: {error.Message}");
            }
            finally
            {
                Service.Dispose();
                _data.References.Release();
            }
        }
    }

    /// <summary>
    /// One consistent set of everything the library serves: a data version, the models scored on it, and the model
    /// statuses to show (which also carry why a newer version was not taken). Immutable; replaced whole by
    /// <see cref="Refresh"/> with one reference write.
    /// </summary>
    internal sealed class State
    {
        private readonly Lazy<ModelSet> _models;
        private readonly ModelStatus? _riskStatus;
        private readonly ModelStatus? _incomeStatus;

        /// <summary>Takes over one reference to <paramref name="data"/> and, when given, one to <paramref name="models"/>;
        /// without models they are loaded on first use.</summary>
        public State(VersionData data, ModelSet? models, Func<VersionData, ModelSet> load, ModelStatus? riskStatus, ModelStatus? incomeStatus, string sources, string? failedSources, long generation)
        {
            Data = data;
            _models = models is null ? new(() => load(data), LazyThreadSafetyMode.ExecutionAndPublication) : new(models);
            _riskStatus = riskStatus;
            _incomeStatus = incomeStatus;
            Sources = sources;
            FailedSources = failedSources;
            Generation = generation;
            References = new ReferenceCount(Free);
        }

        public VersionData Data { get; }

        public ModelSet Models => _models.Value;

        public bool ModelsLoaded => _models.IsValueCreated;

        public ModelStatus RiskStatus => _riskStatus ?? Models.Service.RiskStatus;

        public ModelStatus IncomeStatus => _incomeStatus ?? Models.Service.IncomeStatus;

        /// <summary>What the figures were loaded from: data version and latest model folders.</summary>
        public string Sources { get; }

        /// <summary>Sources whose load failed while this state stayed (not tried again until they change again).</summary>
        public string? FailedSources { get; }

        public long Generation { get; }

        public ReferenceCount References { get; }

        private void Free()
        {
            try
            {
                if (_models.IsValueCreated)
                {
                    _models.Value.References.Release();
                }
            }
            finally
            {
                Data.References.Release();
            }
        }
    }
}
