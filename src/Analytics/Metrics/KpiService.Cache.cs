using RevivalAnalytics.Data.Versions;

namespace RevivalAnalytics.Metrics;

public sealed partial class KpiService
{
    /// <summary>Where the metric aggregates of a data store's versions are kept by default (<c>cache/metrics/</c> in the
    /// store: one folder per version, one sub-folder per definitions fingerprint).</summary>
    /// <param name="store">The data store.</param>
    /// <returns>The folder to pass as the constructor's <c>cacheDirectory</c>.</returns>
    public static string MetricCacheDirectory(DataStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.CacheDirectory("metrics");
    }

    /// <summary>The metric cache of a data store, for <see cref="DataStore.Prune"/>: its entries of removed versions and
    /// of other aggregate definitions than this code's are stale.</summary>
    /// <param name="store">The data store.</param>
    /// <returns>The cache.</returns>
    public static VersionCache MetricCache(DataStore store) => new(MetricCacheDirectory(store), MetricStore.IsCurrentCacheEntry);
}
