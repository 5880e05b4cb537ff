using System.Security.Cryptography;
using System.Text.Json;
using DuckDB.NET.Data;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Models;

/// <summary>
/// Where the models read their data: a contract export folder (docs/data-contract.md), or the current version of
/// the versioned data store (<see cref="DataStore"/>, one Parquet file per table). Every table reference of the
/// models goes through <see cref="Table"/>, so the source is decided in this class only.
/// </summary>
public sealed class ModelDataSource : IDisposable
{
    private readonly DuckDbDatabase _database;
    private readonly string _exportFolder;
    private readonly Func<string, string> _tablePath;

    private ModelDataSource(DuckDbDatabase database, string exportFolder, Func<string, string> tablePath, string fingerprint, string? dataVersion, int firstYear, int lastYear)
    {
        _database = database;
        _exportFolder = exportFolder;
        _tablePath = tablePath;
        Fingerprint = fingerprint;
        DataVersion = dataVersion;
        FirstYear = firstYear;
        LastYear = lastYear;
    }

    /// <summary>Identifies the data: the first 16 hex digits of the SHA-256 of the export's manifest.</summary>
    public string Fingerprint { get; }

    /// <summary>The data store version read (e.g. <c>v0002</c>, the id <c>DataStore.CreateViews</c> reports for the same
    /// version); null for an export folder, which has no versions.</summary>
    public string? DataVersion { get; }

    /// <summary>The first year of the data.</summary>
    public int FirstYear { get; }

    /// <summary>The last year of the data.</summary>
    public int LastYear { get; }

    /// <summary>The export folder or data version folder read.</summary>
    public string Location => _exportFolder;

    /// <summary>Opens a contract export folder (the output of <c>revival generate</c> or a provincial export).</summary>
    /// <param name="exportFolder">The folder holding <c>_manifest.json</c> and one folder per table.</param>
    /// <param name="threads">DuckDB threads; null for all cores.</param>
    /// <returns>The data source, which the caller disposes.</returns>
    /// <exception cref="ModelException">The folder or its manifest is missing or unreadable (<see cref="ModelErrorKind.DataMissing"/>).</exception>
    public static ModelDataSource FromExport(string exportFolder, int? threads = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exportFolder);
        var folder = Path.GetFullPath(exportFolder);
        var manifestPath = Path.Combine(folder, "_manifest.json");
        if (!File.Exists(manifestPath))
        {
            throw new ModelException(
                ModelErrorKind.DataMissing,
                $"数据目录 {folder} 中没有 _manifest.json,不是有效的数据导出。Data folder {folder} has no _manifest.json; it is not a contract export.");
        }

        int firstYear;
        int lastYear;
        byte[] manifestBytes;
        try
        {
            manifestBytes = File.ReadAllBytes(manifestPath);
            using var manifest = JsonDocument.Parse(manifestBytes);
            firstYear = manifest.RootElement.GetProperty("first_year").GetInt32();
            lastYear = manifest.RootElement.GetProperty("last_year").GetInt32();
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ModelException(
                ModelErrorKind.DataMissing,
                $"无法读取 {manifestPath} 中的 first_year/last_year。Cannot read first_year/last_year from {manifestPath}: {error.Message}",
                error);
        }

        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(manifestBytes))[..16];
        var database = DuckDbDatabase.Open(null, new DuckDbOptions { Threads = threads });
        return new ModelDataSource(database, folder, table => Path.Combine(folder, table, "**", "*.parquet"), fingerprint, dataVersion: null, firstYear, lastYear);
    }

    /// <summary>
    /// Opens the current version of the data store (<c>revival import</c>), resolved once: the models keep reading
    /// this version even if another is published meanwhile.
    /// </summary>
    /// <param name="store">The data store.</param>
    /// <param name="threads">DuckDB threads; null for all cores.</param>
    /// <returns>The data source, which the caller disposes.</returns>
    /// <exception cref="ModelException">No version has been imported yet (<see cref="ModelErrorKind.DataMissing"/>).</exception>
    public static ModelDataSource FromDataStore(DataStore store, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var id = store.CurrentVersion;
        var version = store.Versions().LastOrDefault(v => v.Id == id) ?? throw new ModelException(
            ModelErrorKind.DataMissing,
            $"数据目录 {store.DataDirectory} 中还没有数据版本,请先运行 revival import。No data version in {store.DataDirectory} yet; run `revival import` first.");
        var folder = store.VersionDirectory(version.Id);
        var database = DuckDbDatabase.Open(null, new DuckDbOptions { Threads = threads });
        return new ModelDataSource(
            database,
            folder,
            table => Path.Combine(folder, table + ".parquet"),
            $"{version.Id}-{version.SourceFingerprint[..Math.Min(8, version.SourceFingerprint.Length)]}",
            version.Id,
            version.Years.Min(),
            version.Years.Max());
    }

    /// <summary>The SQL table expression for a contract table (e.g. <c>household_years</c>).</summary>
    internal string Table(string name)
    {
        return $"read_parquet({SqlText.Literal(_tablePath(name))}, hive_partitioning = true)";
    }

    /// <summary>Runs a query on a connection of its own and returns the whole result as columns.</summary>
    internal DuckDbColumns Query(string sql, params object?[] args)
    {
        using var connection = _database.Connect();
        try
        {
            return connection.QueryColumns(sql, args);
        }
        catch (DuckDBException error)
        {
            throw ReadFailed(error);
        }
    }

    /// <summary>Runs a query on a connection of its own and hands its streaming reader to <paramref name="read"/>.</summary>
    internal void Read(string sql, Action<DuckDBDataReader> read)
    {
        using var connection = _database.Connect();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.UseStreamingMode = true;
            using var reader = command.ExecuteReader();
            read(reader);
        }
        catch (DuckDBException error)
        {
            throw ReadFailed(error);
        }
    }

    private ModelException ReadFailed(DuckDBException error) => new(
        ModelErrorKind.DataMissing,
        $"读取数据 {_exportFolder} 失败。Reading the data in {_exportFolder} failed: {error.Message}",
        error);

    /// <summary>Frees the in-memory DuckDB database.</summary>
    public void Dispose() => _database.Dispose();
}
