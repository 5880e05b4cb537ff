using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RevivalAnalytics.Data.Import;

namespace RevivalAnalytics.Data.Versions;

/// <summary>
/// The data directory: validated, immutable data versions and a pointer to the current one (docs/import.md).
/// <code>
/// DATA_DIR/current                      one line: the current version id; replaced atomically to publish
/// DATA_DIR/versions/v0001/version.json  manifest: contract version, source fingerprint, rows, problems, time
/// DATA_DIR/versions/v0001/&lt;table&gt;.parquet
/// DATA_DIR/versions/v0001/quarantine/&lt;table&gt;.parquet, problems.parquet
/// DATA_DIR/cache/&lt;name&gt;/v0001/...      what readers derive from a version (the metric aggregates: cache/metrics)
/// DATA_DIR/.staging-*/                  a version being built; abandoned ones are removed by the next import
/// DATA_DIR/.removing-*/                 a version being removed by a prune (renamed out of versions/ first)
/// </code>
/// A version is built completely in a staging folder, moved under <c>versions/</c>, and only then published by
/// renaming a new pointer file over <c>current</c>. Readers resolve <c>current</c> once per query, and versions are
/// never modified, so a reader sees either the old or the new version whole; a crash at any point leaves the old
/// pointer in place.
/// </summary>
public sealed partial class DataStore
{
    private const string CurrentFile = "current";
    private const string VersionsFolder = "versions";
    private const string StagingPrefix = ".staging-";
    private const string ManifestFile = "version.json";

    // Written into a version folder once `current` has named it; a folder without it was moved into place by an
    // import that died before publishing, and is removed by the next import.
    private const string PublishedMarker = ".published";

    private DataStore(string dataDirectory)
    {
        DataDirectory = dataDirectory;
    }

    /// <summary>The data directory (absolute).</summary>
    public string DataDirectory { get; }

    /// <summary>The data directory given by <c>REVIVAL_DATA</c>, or <c>./data</c>.</summary>
    public static string DefaultDataDirectory =>
        Environment.GetEnvironmentVariable("REVIVAL_DATA") is { Length: > 0 } fromEnvironment ? fromEnvironment : Path.Combine(".", "data");

    /// <summary>Where a reader of this store keeps what it derives from versions under <paramref name="name"/> (e.g. the
    /// metric layer's aggregates): <c>cache/&lt;name&gt;/</c>, one folder per version id inside; <see cref="Prune"/>
    /// removes the folders of removed versions when it is given the cache.</summary>
    /// <param name="name">The cache's name, a plain folder name.</param>
    /// <exception cref="ArgumentException">The name is empty or not a plain folder name.</exception>
    public string CacheDirectory(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name != Path.GetFileName(name) || name is "." or "..")
        {
            throw new ArgumentException($"缓存名 {name} 不是单个目录名 / cache name {name} is not a plain folder name", nameof(name));
        }

        return Path.Combine(DataDirectory, "cache", name);
    }

    /// <summary>The current version id read from the pointer file now, or null before the first import.</summary>
    public string? CurrentVersion
    {
        get
        {
            var path = Path.Combine(DataDirectory, CurrentFile);
            if (!File.Exists(path))
            {
                return null;
            }

            var id = File.ReadAllText(path).Trim();
            return VersionId().IsMatch(id) && Directory.Exists(VersionDirectory(id)) ? id : null;
        }
    }

    /// <summary>Called with the name of each stage an import reaches (inspected, validated, written, publishing); tests throw from it to simulate a crash.</summary>
    internal Action<string>? StageReached { get; set; }

    /// <summary>Whether <paramref name="directory"/> is a versioned data directory with a current version.</summary>
    /// <param name="directory">Any folder.</param>
    public static bool IsDataStore(string directory) =>
        File.Exists(Path.Combine(directory, CurrentFile)) && Directory.Exists(Path.Combine(directory, VersionsFolder));

    /// <summary>Opens (and creates if needed) a data directory.</summary>
    /// <param name="dataDirectory">The folder; created if missing.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public static DataStore Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var full = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(Path.Combine(full, VersionsFolder));
        return new DataStore(full);
    }

    /// <summary>All versions, oldest first.</summary>
    public IReadOnlyList<DataVersion> Versions()
    {
        var root = Path.Combine(DataDirectory, VersionsFolder);
        var current = CurrentVersion;
        return Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .Where(id => id is not null && VersionId().IsMatch(id))
            .Order(StringComparer.Ordinal)
            .Where(id => id == current || File.Exists(Path.Combine(root, id!, PublishedMarker)))
            .Select(id => ReadVersion(id!))
            .OfType<DataVersion>()
            .ToList();
    }

    /// <summary>Makes an earlier (or later) version current again. Nothing is deleted.</summary>
    /// <param name="versionId">A version id from <see cref="Versions"/>.</param>
    /// <returns>The version now current.</returns>
    /// <exception cref="ArgumentException">No such version.</exception>
    /// <exception cref="IOException">Another import or rollback holds the data directory.</exception>
    public DataVersion Rollback(string versionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        using var lockFile = AcquireLock();
        var version = (VersionId().IsMatch(versionId) ? ReadVersion(versionId) : null)
            ?? throw new ArgumentException($"数据版本 {versionId} 不存在 / data version {versionId} does not exist", nameof(versionId));
        Publish(version.Id);
        File.WriteAllBytes(Path.Combine(VersionDirectory(version.Id), PublishedMarker), []);
        return version;
    }

    /// <summary>
    /// Validates an export against the data contract and, if it is acceptable, publishes it as a new current version.
    /// The same export imported again (same fingerprint) changes nothing.
    /// </summary>
    /// <param name="exportDirectory">The export folder (with <c>_manifest.json</c> and one folder per table).</param>
    /// <param name="progress">Receives a report at each stage and table.</param>
    /// <param name="cancellationToken">Stops between stages; nothing is published.</param>
    /// <returns>The outcome and every problem found.</returns>
    /// <exception cref="DirectoryNotFoundException">The export folder does not exist.</exception>
    /// <exception cref="IOException">Another import or rollback holds the data directory.</exception>
    public ImportReport Import(string exportDirectory, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exportDirectory);
        var source = Path.GetFullPath(exportDirectory);
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"导出目录不存在:{source} / export folder not found: {source}");
        }

        using var lockFile = AcquireLock();
        RemoveAbandonedStaging();
        var staging = Path.Combine(DataDirectory, StagingPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var pipeline = new ImportPipeline(source, staging, CurrentVersion, progress, StageReached);
            var (finished, batch) = pipeline.Run((fingerprint, problems) => Unchanged(fingerprint, problems, pipeline), cancellationToken);
            return finished ?? Publish(source, batch!, pipeline.Elapsed);
        }
        finally
        {
            TryDelete(staging);
        }
    }

    // The same batch imported again changes nothing: the report names the version that holds it.
    private ImportReport? Unchanged(string fingerprint, IReadOnlyList<ImportProblem> problems, ImportPipeline pipeline)
    {
        var existing = Versions().LastOrDefault(v => v.SourceFingerprint == fingerprint);
        return existing is null ? null : new ImportReport
        {
            Outcome = ImportOutcome.Unchanged,
            VersionId = existing.Id,
            CurrentVersion = CurrentVersion,
            Fingerprint = fingerprint,
            Problems = problems,
            ProblemCounts = existing.Problems,
            Tables = existing.Rows.Select(r => new TableImportSummary(r.Key, r.Value + existing.QuarantinedRows.GetValueOrDefault(r.Key), r.Value, existing.QuarantinedRows.GetValueOrDefault(r.Key))).ToList(),
            Elapsed = pipeline.Elapsed,
        };
    }

    // The validated batch's folder becomes the next version: files on disk, then version.json, then the move under
    // versions/, then the pointer.
    private ImportReport Publish(string source, ValidatedBatch batch, TimeSpan elapsed)
    {
        var id = NextVersionId();
        var version = new DataVersion
        {
            Id = id,
            CreatedUtc = DateTime.UtcNow,
            ContractVersion = batch.ContractVersion,
            SourceFingerprint = batch.Fingerprint,
            SourceDirectory = source,
            Years = [batch.FirstYear, batch.LastYear],
            Rows = batch.Tables.ToDictionary(t => t.Table, t => t.Published, StringComparer.Ordinal),
            QuarantinedRows = batch.Tables.ToDictionary(t => t.Table, t => t.Quarantined, StringComparer.Ordinal),
            Problems = new Dictionary<string, long>(batch.ProblemCounts, StringComparer.Ordinal),
        };
        FlushToDisk(batch.Directory);
        WriteDurably(Path.Combine(batch.Directory, ManifestFile), JsonSerializer.SerializeToUtf8Bytes(version, DataVersion.JsonOptions));
        StageReached?.Invoke("publishing");
        Directory.Move(batch.Directory, VersionDirectory(id));
        StageReached?.Invoke("moved");
        Publish(id);
        File.WriteAllBytes(Path.Combine(VersionDirectory(id), PublishedMarker), []);
        return new ImportReport
        {
            Outcome = ImportOutcome.Published,
            VersionId = id,
            CurrentVersion = id,
            Fingerprint = batch.Fingerprint,
            Problems = batch.Problems,
            ProblemCounts = batch.ProblemCounts,
            Tables = batch.Tables,
            Elapsed = elapsed,
        };
    }

    /// <summary>The folder of a version (whether or not it exists).</summary>
    /// <param name="versionId">A version id.</param>
    /// <exception cref="ArgumentException">Not a version id.</exception>
    public string VersionDirectory(string versionId)
    {
        if (!VersionId().IsMatch(versionId))
        {
            throw new ArgumentException($"无效的版本号 {versionId} / invalid version id {versionId}", nameof(versionId));
        }

        return Path.Combine(DataDirectory, VersionsFolder, versionId);
    }

    /// <summary>A version's manifest, or null when it is missing or unreadable.</summary>
    internal DataVersion? ReadVersion(string id)
    {
        var path = Path.Combine(VersionDirectory(id), ManifestFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DataVersion>(File.ReadAllBytes(path), DataVersion.JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string NextVersionId()
    {
        var root = Path.Combine(DataDirectory, VersionsFolder);
        var last = Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .Where(id => id is not null && VersionId().IsMatch(id))
            .Select(id => int.Parse(id!.AsSpan(1), CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Max();
        return "v" + (last + 1).ToString("D4", CultureInfo.InvariantCulture);
    }

    // Write a temporary file, flush it to disk, then rename it over the pointer: rename is atomic, so a reader or a
    // crash sees either the old id or the new one, never a torn file.
    private void Publish(string id)
    {
        var temporary = Path.Combine(DataDirectory, $".{CurrentFile}.{Environment.ProcessId}.tmp");
        WriteDurably(temporary, Encoding.UTF8.GetBytes(id + "\n"));
        File.Move(temporary, Path.Combine(DataDirectory, CurrentFile), overwrite: true);
    }

    private static void WriteDurably(string path, byte[] content)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    // DuckDB's COPY leaves its files in the page cache; they must be on disk before the pointer can name them.
    private static void FlushToDisk(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            stream.Flush(flushToDisk: true);
        }
    }

    private FileStream AcquireLock()
    {
        try
        {
            return new FileStream(Path.Combine(DataDirectory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error)
        {
            throw new IOException($"另一个导入、回滚或清理正在使用数据目录 {DataDirectory} / another import, rollback or prune is using the data directory {DataDirectory}", error);
        }
    }

    // Only called under the lock: any staging folder present belongs to an import that crashed or was killed, any
    // .removing-* folder to an interrupted prune.
    private void RemoveAbandonedStaging()
    {
        foreach (var folder in Directory.EnumerateDirectories(DataDirectory, StagingPrefix + "*").Concat(Directory.EnumerateDirectories(DataDirectory, RemovingPrefix + "*")))
        {
            TryDelete(folder);
        }

        var current = CurrentVersion;
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(DataDirectory, VersionsFolder)))
        {
            var id = Path.GetFileName(folder);
            if (VersionId().IsMatch(id) && id != current && !File.Exists(Path.Combine(folder, PublishedMarker)))
            {
                TryDelete(folder);
            }
        }

        foreach (var file in Directory.EnumerateFiles(DataDirectory, $".{CurrentFile}.*.tmp"))
        {
            File.Delete(file);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the next import's clean-up.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    [GeneratedRegex("^v[0-9]{4,}$")]
    private static partial Regex VersionId();
}
