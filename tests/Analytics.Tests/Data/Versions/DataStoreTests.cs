using RevivalAnalytics.Data.Import;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Tests.Data.Import;
using RevivalAnalytics.Tests.Metrics;
using Xunit;

namespace RevivalAnalytics.Tests.Data.Versions;

public sealed class DataStoreTests : IDisposable
{
    private readonly ExportWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Import_SameBatchAgain_ChangesNothingAndSaysSo()
    {
        var before = _workspace.CurrentAnswers();
        var pointer = File.ReadAllText(Path.Combine(_workspace.Data, "current"));

        var report = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ImportOutcome.Unchanged, report.Outcome);
        Assert.Equal("v0001", report.VersionId);
        Assert.Contains("nothing changed", report.Summary, StringComparison.Ordinal);
        Assert.Single(_workspace.Store.Versions());
        Assert.Equal(pointer, File.ReadAllText(Path.Combine(_workspace.Data, "current")));
        Assert.Equal(before, _workspace.CurrentAnswers());
    }

    [Fact]
    public void Import_SameBatchInAnotherFolder_IsRecognisedByContent()
    {
        var copy = Path.Combine(_workspace.Data, "..", "export-copy");
        TestExport.CopyDirectory(_workspace.Export, copy);

        var report = _workspace.Store.Import(copy, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ImportOutcome.Unchanged, report.Outcome);
        Assert.Equal(report.Fingerprint, _workspace.Store.Versions().Single().SourceFingerprint);
    }

    [Fact]
    public void Rollback_AfterNewVersion_ServesTheOldAnswersAgain()
    {
        var before = _workspace.CurrentAnswers();
        var file = _workspace.FileOf("household_years/year=2021");
        _workspace.Rewrite(file, "UPDATE t SET per_capita_wage_income = per_capita_wage_income + 100, per_capita_net_income = per_capita_net_income + 100");
        var report = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ImportOutcome.Published, report.Outcome);
        var after = _workspace.CurrentAnswers();
        Assert.Equal(before.Income + (100.0 * 300), after.Income, 3);

        var restored = _workspace.Store.Rollback("v0001");

        Assert.Equal("v0001", restored.Id);
        Assert.Equal(before, _workspace.CurrentAnswers());
        Assert.Equal(["v0001", "v0002"], _workspace.Store.Versions().Select(v => v.Id));
        _workspace.Store.Rollback("v0002");
        Assert.Equal(after, _workspace.CurrentAnswers());
    }

    [Fact]
    public void Rollback_UnknownVersion_ThrowsAndKeepsCurrent()
    {
        var error = Assert.Throws<ArgumentException>(() => _workspace.Store.Rollback("v0042"));

        Assert.Contains("v0042", error.Message, StringComparison.Ordinal);
        Assert.Equal("v0001", _workspace.Store.CurrentVersion);
    }

    [Theory]
    [InlineData("inspected")]
    [InlineData("validated")]
    [InlineData("written")]
    [InlineData("publishing")]
    [InlineData("moved")]
    public void Import_CrashAtStage_LeavesPreviousVersionCurrent(string stage)
    {
        var before = _workspace.CurrentAnswers();
        _workspace.Rewrite(_workspace.FileOf("households"), "UPDATE t SET sample_weight = sample_weight * 2");
        _workspace.Store.StageReached = reached =>
        {
            if (reached == stage)
            {
                throw new IOException("simulated crash at " + stage);
            }
        };

        Assert.Throws<IOException>(() => _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(before, _workspace.CurrentAnswers());
        Assert.Single(_workspace.Store.Versions());
        Assert.Equal("v0001", _workspace.Store.CurrentVersion);
        _workspace.Store.StageReached = null;
        var retry = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(("v0002", ImportOutcome.Published), (retry.VersionId, retry.Outcome));
    }

    [Fact]
    public void Import_AbandonedStagingFromAKilledImport_IsRemovedAndIgnored()
    {
        // What kill -9 leaves behind: a half-written staging folder and a pointer temp file; `current` untouched.
        var abandoned = Path.Combine(_workspace.Data, ".staging-deadbeef");
        Directory.CreateDirectory(Path.Combine(abandoned, "version"));
        File.WriteAllText(Path.Combine(abandoned, "version", "households.parquet"), "half");
        File.WriteAllText(Path.Combine(_workspace.Data, ".current.999.tmp"), "v00");
        Assert.Equal("v0001", _workspace.Store.CurrentVersion);

        _workspace.Rewrite(_workspace.FileOf("households"), "UPDATE t SET sample_weight = sample_weight * 2");
        var report = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ImportOutcome.Published, report.Outcome);
        Assert.False(Directory.Exists(abandoned));
        Assert.False(File.Exists(Path.Combine(_workspace.Data, ".current.999.tmp")));
    }

    [Fact]
    public void Import_WhileAnotherImportHoldsTheLock_Refuses()
    {
        using var held = new FileStream(Path.Combine(_workspace.Data, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var error = Assert.Throws<IOException>(() => _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("another import", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateViews_ReaderResolvedBeforePublish_KeepsReadingItsVersion()
    {
        using var database = DuckDbDatabase.Open();
        using var reader = database.Connect();
        Assert.Equal("v0001", _workspace.Store.CreateViews(reader));
        var weight = reader.QueryColumns("SELECT sum(sample_weight) AS w FROM households").GetDoubles("w")[0];

        _workspace.Rewrite(_workspace.FileOf("households"), "UPDATE t SET sample_weight = sample_weight * 2");
        Assert.Equal(ImportOutcome.Published, _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken).Outcome);

        Assert.Equal(weight, reader.QueryColumns("SELECT sum(sample_weight) AS w FROM households").GetDoubles("w")[0]);
        Assert.Equal("v0002", _workspace.Store.CreateViews(reader));
        Assert.Equal(weight * 2, reader.QueryColumns("SELECT sum(sample_weight) AS w FROM households").GetDoubles("w")[0], 6);
    }

    [Fact]
    public void CreateViews_InsideSandbox_ExposesTablesAndQuarantine()
    {
        using var sandbox = DuckDbSandbox.Open(new DuckDbSandboxOptions { DataDirectory = _workspace.Data }, c => _workspace.Store.CreateViews(c));
        var counts = sandbox.QueryColumns("SELECT (SELECT count(*) FROM counties) AS c, (SELECT count(*) FROM quarantine_households) AS q, (SELECT count(*) FROM import_problems) AS p");

        Assert.Equal((117L, 0L, 0L), (counts.GetInt64s("c")[0], counts.GetInt64s("q")[0], counts.GetInt64s("p")[0]));
    }

    [Fact]
    public void Versions_AfterImport_RecordManifest()
    {
        var version = Assert.Single(_workspace.Store.Versions());

        Assert.Equal(("v0001", "1.0", 300L, 117L), (version.Id, version.ContractVersion, version.Rows["households"], version.Rows["counties"]));
        Assert.Equal([2021, 2023], version.Years);
        Assert.Equal(64, version.SourceFingerprint.Length);
        Assert.All(version.QuarantinedRows.Values, q => Assert.Equal(0, q));
        Assert.Empty(version.Problems);
    }

    [Fact]
    public void CreateViews_EmptyDataDirectory_ThrowsBilingualError()
    {
        var store = DataStore.Open(Path.Combine(_workspace.Data, "..", "empty-data"));
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();

        var error = Assert.Throws<InvalidOperationException>(() => store.CreateViews(connection));

        Assert.Contains("revival import", error.Message, StringComparison.Ordinal);
        Assert.Null(store.CurrentVersion);
    }

    [Fact]
    public void Prune_FourVersionsKeepTwo_RemovesTheOldestWhileAReaderKeepsItsVersion()
    {
        PublishVersions(3);
        using var database = DuckDbDatabase.Open();
        using var reader = database.Connect();
        Assert.Equal("v0004", _workspace.Store.CreateViews(reader));
        var before = reader.QueryColumns("SELECT sum(per_capita_net_income) AS s FROM household_years").GetDoubles("s")[0];
        var sizes = _workspace.Store.StoredVersions().ToDictionary(v => v.Version.Id, v => v.Bytes);

        var plan = _workspace.Store.Prune(keep: 2, dryRun: false);

        Assert.Equal(["v0001", "v0002"], plan.Removed.Select(v => v.Version.Id));
        Assert.Equal(sizes["v0001"] + sizes["v0002"], plan.BytesFreed);
        Assert.True(sizes["v0001"] > 100_000, $"{sizes["v0001"]} bytes");
        Assert.Equal(["v0003", "v0004"], _workspace.Store.Versions().Select(v => v.Id));
        Assert.False(Directory.Exists(_workspace.Store.VersionDirectory("v0001")));
        Assert.Empty(Directory.EnumerateDirectories(_workspace.Data, ".removing-*"));
        Assert.Equal(before, reader.QueryColumns("SELECT sum(per_capita_net_income) AS s FROM household_years").GetDoubles("s")[0]);
    }

    [Fact]
    public void Prune_DryRun_RemovesNothing()
    {
        PublishVersions(1);

        var plan = _workspace.Store.Prune(keep: 1, dryRun: true);

        Assert.Equal([KeepReason.None, KeepReason.Current], plan.Versions.Select(v => v.Reason));
        Assert.True(plan.BytesFreed > 0);
        Assert.Equal(["v0001", "v0002"], _workspace.Store.Versions().Select(v => v.Id));
    }

    [Fact]
    public void Prune_AfterRollbackToTheOldest_KeepsCurrentAndNewest()
    {
        PublishVersions(2);
        _workspace.Store.Rollback("v0001");
        Backdate();
        var answers = _workspace.CurrentAnswers();

        var plan = _workspace.Store.Prune(keep: 1, dryRun: false);

        Assert.Equal([KeepReason.Current, KeepReason.None, KeepReason.Newest], plan.Versions.Select(v => v.Reason));
        Assert.Equal(["v0001", "v0003"], _workspace.Store.Versions().Select(v => v.Id));
        Assert.Equal(answers, _workspace.CurrentAnswers());
    }

    [Fact]
    public void Prune_MomentsAfterPublishing_KeepsTheVersionDashboardsMayStillRead()
    {
        PublishVersions(2, backdate: false);

        var plan = _workspace.Store.Prune(keep: 1, dryRun: false);

        Assert.Equal([KeepReason.None, KeepReason.RecentlyCurrent, KeepReason.Current], plan.Versions.Select(v => v.Reason));
        Assert.Equal(["v0002", "v0003"], _workspace.Store.Versions().Select(v => v.Id));
    }

    [Fact]
    public void Prune_InterruptedAfterRenamingAside_VersionGoneAndNextPruneDeletesTheRest()
    {
        PublishVersions(1);
        var answers = _workspace.CurrentAnswers();
        _workspace.Store.StageReached = stage => throw new InvalidOperationException(stage);

        Assert.Equal("renamed-aside", Assert.Throws<InvalidOperationException>(() => _workspace.Store.Prune(keep: 1, dryRun: false)).Message);

        _workspace.Store.StageReached = null;
        Assert.Equal(["v0002"], _workspace.Store.Versions().Select(v => v.Id));
        Assert.Equal(answers, _workspace.CurrentAnswers());
        var leftover = Assert.Single(Directory.EnumerateDirectories(_workspace.Data, ".removing-v0001-*"));
        var plan = _workspace.Store.Prune(keep: 1, dryRun: false);
        Assert.Equal([leftover], plan.Leftovers);
        Assert.True(plan.LeftoverBytes > 0);
        Assert.False(Directory.Exists(leftover));
    }

    [Fact]
    public void Prune_KeepZero_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _workspace.Store.Prune(keep: 0, dryRun: true));

        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prune_WhileAnImportHoldsTheLock_Refuses()
    {
        using var held = new FileStream(Path.Combine(_workspace.Data, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var error = Assert.Throws<IOException>(() => _workspace.Store.Prune(keep: 1, dryRun: true));

        Assert.Contains("prune", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prune_MetricCachesOfRemovedVersionsAndOldDefinitions_RemovedAndCounted()
    {
        PublishVersions(2);
        var caches = KpiService.MetricCacheDirectory(_workspace.Store);
        using (var source = TestSource.FromViews(_workspace.Store.CreateViews))
        {
            new KpiService(source, cacheDirectory: caches).Warm();
        }

        var current = Path.Combine(caches, "v0003", MetricStore.DefinitionFingerprint);
        Assert.True(File.Exists(Path.Combine(current, MetricStore.CacheManifestFile)));
        // What older dashboards left: a cache of a version that is being removed, one of older definitions for the
        // current version, and a file of the layout before fingerprints.
        TestExport.CopyDirectory(current, Path.Combine(caches, "v0001", MetricStore.DefinitionFingerprint));
        TestExport.CopyDirectory(current, Path.Combine(caches, "v0003", "0123456789abcdef"));
        File.WriteAllText(Path.Combine(caches, "v0003", "metric_county_year.parquet"), "old layout");
        var stale = new[] { Path.Combine(caches, "v0001"), Path.Combine(caches, "v0003", "0123456789abcdef"), Path.Combine(caches, "v0003", "metric_county_year.parquet") };
        var staleBytes = Bytes(stale[0]) + Bytes(stale[1]) + "old layout".Length;
        var versionBytes = _workspace.Store.StoredVersions().Where(v => v.Version.Id is "v0001" or "v0002").Sum(v => v.Bytes);

        var dryRun = _workspace.Store.Prune(keep: 1, dryRun: true, [KpiService.MetricCache(_workspace.Store)]);
        Assert.Equal(stale, dryRun.Caches);
        Assert.True(Directory.Exists(stale[0]));

        var plan = _workspace.Store.Prune(keep: 1, dryRun: false, [KpiService.MetricCache(_workspace.Store)]);

        Assert.Equal(stale, plan.Caches);
        Assert.True(staleBytes > 10_000, $"{staleBytes} bytes");
        Assert.Equal(staleBytes, plan.CacheBytes);
        Assert.Equal(versionBytes + staleBytes, plan.BytesFreed);
        Assert.All(stale, path => Assert.False(Path.Exists(path), path));
        Assert.Empty(Directory.EnumerateDirectories(_workspace.Data, ".removing-*"));
        Assert.Equal([MetricStore.DefinitionFingerprint], Directory.EnumerateFileSystemEntries(Path.Combine(caches, "v0003")).Select(Path.GetFileName));
        using var restarted = TestSource.FromViews(_workspace.Store.CreateViews);
        var kpis = new KpiService(restarted, cacheDirectory: caches);
        Assert.Equal("v0003", kpis.DataVersion);
        Assert.True(kpis.Store.LastLoadedFromCache);
        Assert.Empty(_workspace.Store.Prune(keep: 1, dryRun: false, [KpiService.MetricCache(_workspace.Store)]).Caches);
    }

    private static long Bytes(string folder) => new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    // Each new version adds 100 yuan to one year's incomes, so every import publishes.
    private void PublishVersions(int count, bool backdate = true)
    {
        for (var i = 0; i < count; i++)
        {
            _workspace.Rewrite(_workspace.FileOf("household_years/year=2021"), "UPDATE t SET per_capita_wage_income = per_capita_wage_income + 100, per_capita_net_income = per_capita_net_income + 100");
            Assert.Equal(ImportOutcome.Published, _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken).Outcome);
        }

        if (backdate)
        {
            Backdate();
        }
    }

    // Older than DataStore.RecentlyCurrentGrace: no dashboard can still be reading the version current before.
    private void Backdate() => File.SetLastWriteTimeUtc(Path.Combine(_workspace.Data, "current"), DateTime.UtcNow - (2 * DataStore.RecentlyCurrentGrace));
}
