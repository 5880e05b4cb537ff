using RevivalAnalytics.Queries;

namespace RevivalAnalytics;

/// <summary>How <see cref="AnalyticsContext.Open"/> reads a data folder. Every property has a default that suits the
/// command line; the dashboard sets them from its configuration.</summary>
public sealed class AnalyticsOptions
{
    /// <summary>Threads of the data version's DuckDB database and of model scoring; null for all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>The folder whose <c>models/</c> holds the trained models; null for the data folder itself.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>Where the metric aggregates are kept as Parquet, one folder per data version, so a restart on the same
    /// version skips their build; null for the data store's <c>cache/metrics/</c>, and none for an export folder
    /// (read-only input).</summary>
    public string? MetricCacheDirectory { get; init; }

    /// <summary>Limits of every SQL workspace (memory, threads, time per statement).</summary>
    public SqlLimits Sql { get; init; } = new();

    /// <summary>How many scoped SQL workspaces a data version keeps (the least recently used closed first).</summary>
    public int MaxSqlWorkspaces { get; init; } = 8;

    /// <summary>Told one bilingual sentence when something degrades without failing: the metric cache cannot be read or
    /// written, the risk ranking table of the early-warning list cannot be built or dropped.</summary>
    public Action<string>? Warning { get; init; }
}
