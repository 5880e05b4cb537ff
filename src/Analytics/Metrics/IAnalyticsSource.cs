using DuckDB.NET.Data;

namespace RevivalAnalytics.Metrics;

/// <summary>
/// Where the metric layer reads data from: one data version's trusted database, whose connections see the contract's
/// tables as views (<c>counties</c>, <c>villages</c>, <c>village_years</c>, <c>monitoring_lines</c>,
/// <c>county_indicators</c>, <c>households</c>, <c>household_years</c>, <c>monitoring_snapshots</c>) and where the
/// metric layer keeps its aggregate tables. <c>AnalyticsContext</c> provides one per data version.
/// </summary>
internal interface IAnalyticsSource
{
    /// <summary>Identifies the data the views read; the metric layer builds its aggregates for it (and keys its cache by it).</summary>
    string DataVersion { get; }

    /// <summary>Opens a new connection (one per thread at a time) on which the contract views and the metric layer's
    /// aggregate tables are visible. Dispose it after use.</summary>
    DuckDBConnection Connect();
}
