using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Data.Versions;

/// <summary>A table as every reader of a data version reads it.</summary>
/// <param name="Name">The view's name (a contract table, <c>quarantine_&lt;table&gt;</c>, <c>import_problems</c>, or a
/// folder of an export).</param>
/// <param name="Pattern">The Parquet file, or the glob over a folder's files, behind it.</param>
/// <param name="Source">The table expression that reads it, reader options included (<c>read_parquet('…', …)</c>).</param>
internal sealed record TableView(string Name, string Pattern, string Source);

/// <summary>
/// One data version as every reader sees it: its identity, its years, and the one definition of its views — which
/// Parquet files each table reads and with which reader options. The trusted database of the metric layer and the
/// models and every SQL sandbox create their views from this definition, so one version is never read two ways.
/// Resolved once: a version published later is another instance.
/// </summary>
internal sealed class VersionViews
{
    // An export is a folder per table, partitioned by hive keys (year=…); files of one table may differ in their
    // columns (an older producer), so they are read by name. A store version holds one file per table, written by
    // the importer with the contract's columns, read as it is.
    private const string ExportReaderOptions = "hive_partitioning = true, union_by_name = true";

    private VersionViews(string root, string version, string folder, string? fingerprint, int? firstYear, int? lastYear, IReadOnlyList<TableView> tables, IReadOnlyList<TableView> quarantine)
    {
        Root = root;
        Version = version;
        Folder = folder;
        Fingerprint = fingerprint;
        FirstYear = firstYear;
        LastYear = lastYear;
        Tables = tables;
        Quarantine = quarantine;
    }

    /// <summary>The version's identity, carried by everything computed from it: a store's version id (<c>v0002</c>), or
    /// for an export <c>export-</c> and 16 hex digits of a hash over its manifest and its files' names, sizes and write
    /// times (a rewritten file is another version).</summary>
    public string Version { get; }

    /// <summary>The export folder or the store's version folder.</summary>
    public string Folder { get; }

    /// <summary>The folder the version was resolved from: the export folder, or the data store's directory.</summary>
    public string Root { get; }

    /// <summary>What a trained model records as the data it was trained on: for a store version its id and the first
    /// 8 hex digits of the imported export's fingerprint (<c>v0002-1a2b3c4d</c>: a pruned id may be reused), for an
    /// export 16 hex digits of the SHA-256 of its manifest; null for a folder without a manifest.</summary>
    public string? Fingerprint { get; }

    /// <summary>The first year of the data (from the manifest); null without one.</summary>
    public int? FirstYear { get; }

    /// <summary>The last year of the data; null without a manifest.</summary>
    public int? LastYear { get; }

    /// <summary>The tables readers query: a store's contract tables, or every table folder and top-level Parquet file
    /// of an export.</summary>
    public IReadOnlyList<TableView> Tables { get; }

    /// <summary>A store version's quarantine (<c>quarantine_&lt;table&gt;</c>, <c>import_problems</c>); empty for an export.</summary>
    public IReadOnlyList<TableView> Quarantine { get; }

    /// <summary>Why the folder cannot serve as model data (no manifest, or its years unreadable); null when it can.</summary>
    public string? ManifestProblem { get; private init; }

    /// <summary>Resolves a folder: a data store's current version, or an export (any folder of Parquet files).</summary>
    /// <param name="folder">An export folder or a data store.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidOperationException">A data store without a current version.</exception>
    public static VersionViews Resolve(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"数据目录 {root} 不存在 / The data folder {root} does not exist.");
        }

        if (IsStore(root))
        {
            var store = DataStore.Open(root);
            var id = store.CurrentVersion ?? throw new InvalidOperationException(
                $"数据目录 {root} 中还没有数据版本,请先运行 revival import / no data version in {root} yet: run revival import first");
            return ForStoreVersion(store, id);
        }

        return ForExport(root);
    }

    /// <summary>Whether <see cref="Resolve"/> reads <paramref name="root"/> as a data store (its current version) rather
    /// than as an export. An export copied into a data directory keeps its manifest: the manifest decides.</summary>
    /// <param name="root">An absolute folder.</param>
    public static bool IsStore(string root) => DataStore.IsDataStore(root) && !File.Exists(Path.Combine(root, "_manifest.json"));

    /// <summary>A published version of a data store.</summary>
    /// <param name="store">The store.</param>
    /// <param name="id">A version id of it.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="InvalidOperationException">The version's manifest cannot be read.</exception>
    public static VersionViews ForStoreVersion(DataStore store, string id)
    {
        ArgumentNullException.ThrowIfNull(store);
        var version = store.ReadVersion(id) ?? throw new InvalidOperationException(
            $"数据版本 {id} 的清单无法读取 / the manifest of data version {id} cannot be read");
        var folder = store.VersionDirectory(id);
        TableView File(string name, string path) => new(name, path, $"read_parquet({SqlText.Literal(path)})");
        var tables = DataStore.TableNames.Select(t => File(t, Path.Combine(folder, t + ".parquet"))).ToList();
        var quarantine = DataStore.TableNames.Select(t => File("quarantine_" + t, Path.Combine(folder, "quarantine", t + ".parquet"))).ToList();
        quarantine.Add(File("import_problems", Path.Combine(folder, "quarantine", "problems.parquet")));
        return new VersionViews(
            store.DataDirectory,
            id,
            folder,
            $"{id}-{version.SourceFingerprint[..Math.Min(8, version.SourceFingerprint.Length)]}",
            version.Years.Min(),
            version.Years.Max(),
            tables,
            quarantine);
    }

    private static VersionViews ForExport(string root)
    {
        var tables = DataStore.FindTables(root)
            .Select(t => new TableView(t.Name, t.Pattern, $"read_parquet({SqlText.Literal(t.Pattern)}, {ExportReaderOptions})"))
            .ToList();
        var manifestPath = Path.Combine(root, "_manifest.json");
        string? fingerprint = null;
        int? firstYear = null;
        int? lastYear = null;
        string? problem = null;
        if (!File.Exists(manifestPath))
        {
            problem = $"数据目录 {root} 中没有 _manifest.json,不是有效的数据导出。Data folder {root} has no _manifest.json; it is not a contract export.";
        }
        else
        {
            try
            {
                var bytes = File.ReadAllBytes(manifestPath);
                fingerprint = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
                using var manifest = JsonDocument.Parse(bytes);
                firstYear = manifest.RootElement.GetProperty("first_year").GetInt32();
                lastYear = manifest.RootElement.GetProperty("last_year").GetInt32();
            }
            catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
            {
                problem = $"无法读取 {manifestPath} 中的 first_year/last_year。Cannot read first_year/last_year from {manifestPath}: {error.Message}";
                firstYear = lastYear = null;
            }
        }

        return new VersionViews(root, "export-" + ExportHash(root), root, fingerprint, firstYear, lastYear, tables, [])
        {
            ManifestProblem = problem,
        };
    }

    /// <summary>Creates (or replaces) one view per table on <paramref name="connection"/>, and the quarantine's views
    /// when asked.</summary>
    /// <param name="connection">An open connection (a trusted one: views cannot hold parameters, so paths are literals).</param>
    /// <param name="withQuarantine">Whether to add <see cref="Quarantine"/>.</param>
    public void CreateViews(DuckDBConnection connection, bool withQuarantine)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Names come from the contract or a directory listing matched against an identifier pattern; paths from the
        // operator's folder, quoted as literals (SqlText).
        foreach (var table in withQuarantine ? Tables.Concat(Quarantine) : Tables)
        {
            connection.Execute($"CREATE OR REPLACE VIEW {SqlText.Identifier(table.Name)} AS SELECT * FROM {table.Source}");
        }
    }

    // Manifest text plus every Parquet file's path, size and write time: a new export (or a rewritten file) gets a new
    // version without reading any data.
    private static string ExportHash(string root)
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
