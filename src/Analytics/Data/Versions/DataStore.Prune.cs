namespace RevivalAnalytics.Data.Versions;

/// <summary>
/// A cache that a reader of the store derives from its versions (<see cref="DataStore.CacheDirectory"/>): one folder per
/// version id, whose entries the reader may replace when its own definitions change. <see cref="DataStore.Prune"/>
/// removes the folders of removed versions, and the entries of kept versions that <paramref name="IsCurrentEntry"/>
/// does not claim.
/// </summary>
/// <param name="Directory">The cache's folder.</param>
/// <param name="IsCurrentEntry">Whether an entry (its name and last write time, UTC) of a kept version's folder is still read.</param>
public sealed record VersionCache(string Directory, Func<string, DateTime, bool> IsCurrentEntry);

/// <summary>A published version and the disk space its folder takes.</summary>
/// <param name="Version">The version's manifest.</param>
/// <param name="Bytes">Total size of the files in its folder.</param>
/// <param name="IsCurrent">Whether <c>current</c> names it.</param>
public sealed record StoredVersion(DataVersion Version, long Bytes, bool IsCurrent);

/// <summary>Why <see cref="DataStore.Prune"/> keeps a version.</summary>
public enum KeepReason
{
    /// <summary>Not kept: removed.</summary>
    None,

    /// <summary>One of the newest versions asked for.</summary>
    Newest,

    /// <summary>The current version (e.g. after a rollback to an older one).</summary>
    Current,

    /// <summary>Current until less than <see cref="DataStore.RecentlyCurrentGrace"/> ago: dashboards may still read it.</summary>
    RecentlyCurrent,
}

/// <summary>What pruning keeps and removes.</summary>
public sealed record PrunePlan
{
    /// <summary>Every published version, oldest first, with why it is kept (<see cref="KeepReason.None"/>: removed).</summary>
    public required IReadOnlyList<(StoredVersion Version, KeepReason Reason)> Versions { get; init; }

    /// <summary>Folders left by an interrupted import or prune (staging, unpublished or half-removed versions), removed too.</summary>
    public required IReadOnlyList<string> Leftovers { get; init; }

    /// <summary>Total size of <see cref="Leftovers"/>.</summary>
    public required long LeftoverBytes { get; init; }

    /// <summary>Entries of the caches given to <see cref="DataStore.Prune"/> removed too: those of removed (or unknown)
    /// versions and those the cache no longer reads.</summary>
    public required IReadOnlyList<string> Caches { get; init; }

    /// <summary>Total size of <see cref="Caches"/>.</summary>
    public required long CacheBytes { get; init; }

    /// <summary>The versions removed.</summary>
    public IEnumerable<StoredVersion> Removed => Versions.Where(v => v.Reason == KeepReason.None).Select(v => v.Version);

    /// <summary>Space freed: removed versions, leftovers and caches.</summary>
    public long BytesFreed => Removed.Sum(v => v.Bytes) + LeftoverBytes + CacheBytes;
}

public sealed partial class DataStore
{
    private const string RemovingPrefix = ".removing-";

    /// <summary>
    /// How long after <c>current</c> last changed the version it replaced is still kept by <see cref="Prune"/>:
    /// the dashboard moves to a new version within seconds (it polls <c>current</c>), and until then it reads the old one.
    /// </summary>
    public static TimeSpan RecentlyCurrentGrace { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Every published version with its size, oldest first.</summary>
    public IReadOnlyList<StoredVersion> StoredVersions()
    {
        var current = CurrentVersion;
        return Versions().Select(v => new StoredVersion(v, FolderBytes(VersionDirectory(v.Id)), v.Id == current)).ToList();
    }

    /// <summary>
    /// Removes every version but the newest <paramref name="keep"/>, the current one and one that was current less than
    /// <see cref="RecentlyCurrentGrace"/> ago, plus folders left by interrupted imports or prunes. Each version folder is
    /// first renamed out of <c>versions/</c> (atomic), then deleted: an interruption leaves a <c>.removing-*</c> folder
    /// that no reader sees and the next prune or import deletes. The newest version is always kept, so version ids are
    /// never reused (models name the version they were trained on). In each of <paramref name="caches"/>, the folders of
    /// removed versions and the entries the cache no longer reads are renamed aside and deleted the same way; the kept
    /// versions' current entries stay.
    /// </summary>
    /// <param name="keep">How many of the newest versions to keep; at least 1.</param>
    /// <param name="dryRun">Only work out the plan; nothing is removed.</param>
    /// <param name="caches">Caches derived from the versions (e.g. the metric layer's); null or empty for none.</param>
    /// <returns>What was (or, with <paramref name="dryRun"/>, would be) kept and removed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keep"/> is below 1.</exception>
    /// <exception cref="IOException">An import, rollback or prune holds the data directory.</exception>
    public PrunePlan Prune(int keep, bool dryRun, IReadOnlyList<VersionCache>? caches = null)
    {
        if (keep < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(keep), keep, $"保留的版本数至少为 1,实为 {keep} / the number of versions to keep must be at least 1, got {keep}");
        }

        // Under the lock no import is running, so every staging or unpublished folder is a leftover, and no rollback
        // can make a version current while it is being removed.
        using var lockFile = AcquireLock();
        var plan = Plan(keep, caches ?? []);
        if (dryRun)
        {
            return plan;
        }

        var aside = new List<string>();
        foreach (var (version, _) in plan.Versions.Where(v => v.Reason == KeepReason.None))
        {
            var target = Path.Combine(DataDirectory, $"{RemovingPrefix}{version.Version.Id}-{Guid.NewGuid():N}");
            Directory.Move(VersionDirectory(version.Version.Id), target);
            aside.Add(target);
        }

        foreach (var cache in plan.Caches)
        {
            var target = Path.Combine(DataDirectory, $"{RemovingPrefix}cache-{Guid.NewGuid():N}");
            if (Directory.Exists(cache))
            {
                Directory.Move(cache, target);
                aside.Add(target);
            }
            else if (File.Exists(cache))
            {
                // A file directly in a version's cache folder: the layout before definitions fingerprints.
                File.Delete(cache);
            }
        }

        StageReached?.Invoke("renamed-aside");
        foreach (var folder in aside.Concat(plan.Leftovers))
        {
            TryDelete(folder);
        }

        return plan;
    }

    private PrunePlan Plan(int keep, IReadOnlyList<VersionCache> derived)
    {
        var versions = StoredVersions();
        var newest = versions.Skip(Math.Max(0, versions.Count - keep)).Select(v => v.Version.Id).ToHashSet(StringComparer.Ordinal);
        var recentlyCurrent = RecentlyCurrentVersion(versions);
        var decided = versions.Select(v => (v, v.IsCurrent ? KeepReason.Current
            : newest.Contains(v.Version.Id) ? KeepReason.Newest
            : v.Version.Id == recentlyCurrent ? KeepReason.RecentlyCurrent
            : KeepReason.None)).ToList();
        var leftovers = Leftovers();
        var kept = decided.Where(v => v.Item2 != KeepReason.None).Select(v => v.v.Version.Id).ToHashSet(StringComparer.Ordinal);
        var caches = derived.SelectMany(cache => StaleCacheEntries(cache, kept)).ToList();
        return new PrunePlan
        {
            Versions = decided,
            Leftovers = leftovers,
            LeftoverBytes = leftovers.Sum(FolderBytes),
            Caches = caches,
            CacheBytes = caches.Sum(c => File.Exists(c) ? new FileInfo(c).Length : FolderBytes(c)),
        };
    }

    // A reader only ever reads the cache of a kept version (the current one, or one replaced moments ago) under its
    // own definitions; every other entry is stale. A dashboard with other code on the same store would rebuild its
    // cache on its next start: caches only save time.
    private static List<string> StaleCacheEntries(VersionCache cache, HashSet<string> keptVersions)
    {
        var root = cache.Directory;
        if (!Directory.Exists(root))
        {
            return [];
        }

        var stale = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            if (!keptVersions.Contains(Path.GetFileName(folder)))
            {
                stale.Add(folder);
                continue;
            }

            stale.AddRange(new DirectoryInfo(folder).EnumerateFileSystemInfos()
                .Where(entry => !cache.IsCurrentEntry(entry.Name, entry.LastWriteTimeUtc))
                .Select(entry => entry.FullName)
                .Order(StringComparer.Ordinal));
        }

        return stale;
    }

    // The version current before the last switch is the non-current one whose .published marker (written each time a
    // version becomes current) is newest; it matters only while the switch is recent.
    private string? RecentlyCurrentVersion(IReadOnlyList<StoredVersion> versions)
    {
        var switched = File.GetLastWriteTimeUtc(Path.Combine(DataDirectory, CurrentFile));
        if (DateTime.UtcNow - switched > RecentlyCurrentGrace)
        {
            return null;
        }

        return versions.Where(v => !v.IsCurrent)
            .Select(v => (v.Version.Id, Marked: File.GetLastWriteTimeUtc(Path.Combine(VersionDirectory(v.Version.Id), PublishedMarker))))
            .OrderByDescending(v => v.Marked)
            .Select(v => v.Id)
            .FirstOrDefault();
    }

    private List<string> Leftovers()
    {
        var current = CurrentVersion;
        var unpublished = Directory.EnumerateDirectories(Path.Combine(DataDirectory, VersionsFolder))
            .Where(folder => VersionId().IsMatch(Path.GetFileName(folder)) && Path.GetFileName(folder) != current
                && !File.Exists(Path.Combine(folder, PublishedMarker)));
        return Directory.EnumerateDirectories(DataDirectory, StagingPrefix + "*")
            .Concat(Directory.EnumerateDirectories(DataDirectory, RemovingPrefix + "*"))
            .Concat(unpublished)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static long FolderBytes(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
