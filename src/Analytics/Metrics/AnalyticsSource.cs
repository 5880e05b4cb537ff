using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Data.Versions;

namespace RevivalAnalytics.Metrics;

/// <summary>
/// Where the metric layer reads data from: a DuckDB database whose connections see the contract's tables as views
/// (<c>counties</c>, <c>villages</c>, <c>village_years</c>, <c>monitoring_lines</c>, <c>county_indicators</c>,
/// <c>households</c>, <c>household_years</c>, <c>monitoring_snapshots</c>), and the version of the data behind them.
/// </summary>
public interface IAnalyticsSource
{
    /// <summary>Identifies the data the views read; the metric layer rebuilds its aggregates when it changes.</summary>
    string DataVersion { get; }

    /// <summary>Opens a new connection (one per thread at a time) on which the contract views and the metric layer's
    /// aggregate tables are visible. Dispose it after use.</summary>
    DuckDBConnection Connect();
}

/// <summary>
/// An in-process DuckDB database with the contract views: either over an export folder (generator output,
/// <see cref="FromExportFolder"/>) or over views created by someone else, e.g. the importer's versioned data store
/// (<see cref="FromViews"/>). The database is in memory and writable, so the metric layer can keep its small
/// aggregate tables beside the views.
/// </summary>
public sealed class AnalyticsSource : IAnalyticsSource, IDisposable
{
    private readonly DuckDbDatabase _database;
    private readonly Func<DuckDBConnection, string> _createViews;
    private readonly Lock _refreshLock = new();
    private volatile string _dataVersion;

    private AnalyticsSource(DuckDbDatabase database, Func<DuckDBConnection, string> createViews)
    {
        _database = database;
        _createViews = createViews;
        _dataVersion = string.Empty;
        Refresh();
    }

    /// <inheritdoc />
    public string DataVersion => _dataVersion;

    /// <summary>Opens an in-memory database with one view per table folder of an export (data-contract section 1).</summary>
    /// <param name="exportDirectory">The export folder (with <c>_manifest.json</c> and one folder per table).</param>
    /// <param name="options">DuckDB options (threads, memory limit); null for the defaults.</param>
    /// <returns>The source; dispose it when the application stops.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static AnalyticsSource FromExportFolder(string exportDirectory, DuckDbOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exportDirectory);
        var root = Path.GetFullPath(exportDirectory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"数据目录 {root} 不存在 / The data folder {root} does not exist.");
        }

        return new AnalyticsSource(DuckDbDatabase.Open(null, options), connection =>
        {
            foreach (var (name, pattern) in DataStore.FindTables(root))
            {
                // DDL takes no parameters; the path comes from a directory listing and is quoted as a literal.
                connection.Execute($"CREATE OR REPLACE VIEW \"{name}\" AS SELECT * FROM read_parquet({SqlText.Literal(pattern)}, hive_partitioning = true, union_by_name = true)");
            }

            return "export-" + Fingerprint(root);
        });
    }

    /// <summary>Opens an in-memory database whose views another component creates, e.g. the importer's
    /// <c>DataStore.CreateViews</c>, which returns the version it published.</summary>
    /// <param name="createViews">Creates (or replaces) the contract views on the connection and returns their data version.</param>
    /// <param name="options">DuckDB options; null for the defaults.</param>
    /// <returns>The source; dispose it when the application stops.</returns>
    public static AnalyticsSource FromViews(Func<DuckDBConnection, string> createViews, DuckDbOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(createViews);
        return new AnalyticsSource(DuckDbDatabase.Open(null, options), createViews);
    }

    /// <summary>Recreates the views (e.g. after a new import was published) and takes the data version they report.</summary>
    public void Refresh()
    {
        lock (_refreshLock)
        {
            using var connection = _database.Connect();
            _dataVersion = _createViews(connection);
        }
    }

    /// <inheritdoc />
    public DuckDBConnection Connect() => _database.Connect();

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    // Manifest text plus every Parquet file's path, size and write time: a new export (or a rewritten file) gets a new
    // version without reading any data.
    private static string Fingerprint(string root)
    {
        var text = new StringBuilder();
        var manifest = Path.Combine(root, "_manifest.json");
        if (File.Exists(manifest))
        {
            text.Append(File.ReadAllText(manifest));
        }

        foreach (var file in Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append('\n').Append(Path.GetRelativePath(root, file)).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
