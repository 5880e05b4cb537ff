using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Tests.Data.Import;
using RevivalAnalytics.Warnings;
using Xunit;

namespace RevivalAnalytics.Tests.Metrics;

public sealed class MetricStoreTests(MetricsFixture data) : IClassFixture<MetricsFixture>, IDisposable
{
    private const int County = 140121;
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "revival-metric-cache-" + Guid.NewGuid().ToString("N"));

    // Each service that reads an edited cache gets its own database: tables loaded from the cache replace those of
    // the database they are loaded into, and the fixture's must stay as built.
    private readonly List<TestSource> _sources = [];

    public void Dispose()
    {
        _sources.ForEach(s => s.Dispose());
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
        else if (File.Exists(_cache))
        {
            File.Delete(_cache);
        }
    }

    private string CurrentFolder => Path.Combine(_cache, data.Source.DataVersion, MetricStore.DefinitionFingerprint);

    private KpiService Start(Action<string>? cacheWarning = null)
    {
        var source = TestSource.Over(data.Root);
        _sources.Add(source);
        return new KpiService(source, cacheDirectory: _cache, cacheWarning: cacheWarning);
    }

    private double? RuralIncome(KpiService kpis) => kpis.GetCountyValues(KpiIds.RuralIncome, "2023").Single(v => v.CountyCode == County).Value;

    [Fact]
    public void Current_WithCacheDirectory_RestartReadsTablesBackWithoutTheViews()
    {
        var built = new KpiService(data.Source, cacheDirectory: _cache);
        var expected = built.GetProvinceOverview("2023");
        Assert.False(built.Store.LastLoadedFromCache);
        Assert.True(File.Exists(Path.Combine(CurrentFolder, "metric_county_year.parquet")));
        Assert.True(File.Exists(Path.Combine(CurrentFolder, "metric_household_flags.parquet")));
        Assert.True(File.Exists(Path.Combine(CurrentFolder, MetricStore.CacheManifestFile)));

        // A source with no contract views at all but the same version: only the cache can answer.
        using var empty = TestSource.FromViews(_ => data.Source.DataVersion);
        var restarted = new KpiService(empty, cacheDirectory: _cache);
        var actual = restarted.GetProvinceOverview("2023");
        Assert.True(restarted.Store.LastLoadedFromCache);
        Assert.Equal(expected.Cards.Select(c => c.Value), actual.Cards.Select(c => c.Value));
        Assert.Equal(117, restarted.Counties.Count);
        Assert.Equal(
            new EarlyWarningService(built).GetHouseholdWarnings(new WarningQuery { Period = "2020" }).Total,
            new EarlyWarningService(restarted).GetHouseholdWarnings(new WarningQuery { Period = "2020" }).Total);
    }

    [Fact]
    public void Current_SecondServiceOverTheSameStore_ReadsTheCacheAndMatchesAFreshBuild()
    {
        using var workspace = new ExportWorkspace();
        using var firstSource = TestSource.FromViews(workspace.Store.CreateViews);
        var first = new KpiService(firstSource, cacheDirectory: KpiService.MetricCacheDirectory(workspace.Store));
        first.Warm();
        Assert.False(first.Store.LastLoadedFromCache);
        Assert.True(File.Exists(Path.Combine(KpiService.MetricCacheDirectory(workspace.Store), "v0001", MetricStore.DefinitionFingerprint, "metric_county_month.parquet")));

        using var secondSource = TestSource.FromViews(workspace.Store.CreateViews);
        var second = new KpiService(secondSource, cacheDirectory: KpiService.MetricCacheDirectory(workspace.Store));
        using var freshSource = TestSource.FromViews(workspace.Store.CreateViews);
        var fresh = new KpiService(freshSource);

        Assert.Equal("v0001", second.DataVersion);
        Assert.True(second.Store.LastLoadedFromCache);
        Assert.Equal(fresh.GetProvinceOverview("2023").Cards.Select(c => c.Value), second.GetProvinceOverview("2023").Cards.Select(c => c.Value));
        Assert.Equal(fresh.GetProvinceOverview("2023-06").Cards.Select(c => c.Value), second.GetProvinceOverview("2023-06").Cards.Select(c => c.Value));
        Assert.Equal(fresh.Months, second.Months);
        Assert.Contains(fresh.GetCountyValues(KpiIds.RuralIncome, "2023"), v => v.Value is > 0);
        Assert.Equal(fresh.GetCountyValues(KpiIds.RuralIncome, "2023").Select(v => v.Value), second.GetCountyValues(KpiIds.RuralIncome, "2023").Select(v => v.Value));
    }

    [Fact]
    public void Current_CachedFileEdited_FiguresComeFromTheFile()
    {
        Start().Warm();
        EditCachedIncome(CurrentFolder, 12345);

        var restarted = Start();

        Assert.Equal(12345, RuralIncome(restarted));
        Assert.NotEqual(12345, RuralIncome(data.Kpis));
    }

    [Theory]
    [InlineData("other definitions folder")]
    [InlineData("other definitions manifest")]
    [InlineData("other data version manifest")]
    [InlineData("no manifest")]
    [InlineData("missing table")]
    public void Current_StaleOrPartialCache_IsIgnoredAndRebuilt(string damage)
    {
        Start().Warm();
        EditCachedIncome(CurrentFolder, 12345);
        var manifest = Path.Combine(CurrentFolder, MetricStore.CacheManifestFile);
        switch (damage)
        {
            case "other definitions folder":
                // What a cache written by code with other aggregate definitions looks like to this code.
                Directory.Move(CurrentFolder, Path.Combine(_cache, data.Source.DataVersion, "0123456789abcdef"));
                break;
            case "other definitions manifest":
                File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(MetricStore.DefinitionFingerprint, "0123456789abcdef", StringComparison.Ordinal));
                break;
            case "other data version manifest":
                File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(data.Source.DataVersion, "v0042", StringComparison.Ordinal));
                break;
            case "no manifest":
                File.Delete(manifest);
                break;
            default:
                File.Delete(Path.Combine(CurrentFolder, MetricStore.BreakdownTable + ".parquet"));
                break;
        }

        var restarted = Start();

        Assert.Equal(RuralIncome(data.Kpis), RuralIncome(restarted));
        Assert.NotEqual(12345, RuralIncome(restarted));
        Assert.False(restarted.Store.LastLoadedFromCache);
        // Rewritten whole by the rebuild, so the next start reads it.
        var next = Start();
        Assert.Equal(RuralIncome(data.Kpis), RuralIncome(next));
        Assert.True(next.Store.LastLoadedFromCache);
    }

    [Fact]
    public void Current_CacheFolderCannotBeWritten_ServesFiguresAndWarns()
    {
        // A file where the folder should be: as unwritable as it gets, even for root.
        File.WriteAllText(_cache, "not a folder");
        var warnings = new List<string>();

        var kpis = Start(warnings.Add);

        Assert.Equal(data.Kpis.GetProvinceOverview("2023").Cards.Select(c => c.Value), kpis.GetProvinceOverview("2023").Cards.Select(c => c.Value));
        Assert.Equal(RuralIncome(data.Kpis), RuralIncome(kpis));
        var warning = Assert.Single(warnings);
        Assert.Contains(_cache, warning, StringComparison.Ordinal);
        Assert.StartsWith("无法写入指标缓存", warning, StringComparison.Ordinal);
        Assert.Equal("not a folder", File.ReadAllText(_cache));
    }

    [Fact]
    public void Fingerprint_OneStatementChanged_KeyChanges()
    {
        var statements = new[] { "CREATE TABLE a AS SELECT 1", "CREATE TABLE b AS SELECT 2" };

        var key = MetricStore.Fingerprint(statements);

        Assert.Matches("^[0-9a-f]{16}$", key);
        Assert.NotEqual(key, MetricStore.Fingerprint(["CREATE TABLE a AS SELECT 1", "CREATE TABLE b AS SELECT 3"]));
        Assert.NotEqual(key, MetricStore.Fingerprint(["CREATE TABLE a AS SELECT 1CREATE TABLE b AS SELECT 2"]));
        Assert.Equal(key, MetricStore.Fingerprint(statements.ToArray()));
        Assert.Equal(MetricStore.Fingerprint(["a\nb"]), MetricStore.Fingerprint(["a\r\nb"]));
        Assert.Matches("^[0-9a-f]{16}$", MetricStore.DefinitionFingerprint);
    }

    [Fact]
    public void Current_DataVersionChanges_AggregatesAreRebuilt()
    {
        var version = "v1";
        using var source = TestSource.FromViews(connection =>
        {
            foreach (var (name, pattern) in RevivalAnalytics.Data.Versions.DataStore.FindTables(data.Root))
            {
                var filter = name == "county_indicators" && version == "v2" ? " WHERE county_code <> 140121" : string.Empty;
                connection.Execute($"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{pattern}', hive_partitioning = true){filter}");
            }

            return version;
        });
        var kpis = new KpiService(source);
        Assert.NotNull(kpis.GetCountyValues(KpiIds.RuralIncome, "2023").Single(v => v.CountyCode == 140121).Value);
        version = "v2";
        source.Refresh();
        Assert.Equal("v2", kpis.DataVersion);
        Assert.Null(kpis.GetCountyValues(KpiIds.RuralIncome, "2023").Single(v => v.CountyCode == 140121).Value);
    }

    // Sets one county-year's income in the cached county × year table, so figures read from the cache are recognisable.
    private static void EditCachedIncome(string folder, double income)
    {
        var file = Path.Combine(folder, MetricStore.CountyYearTable + ".parquet");
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        connection.Execute("CREATE TABLE t AS SELECT * FROM read_parquet(?)", file);
        connection.Execute("UPDATE t SET rural_income_per_capita = ? WHERE county_code = ? AND year = 2023", income, County);
        File.Delete(file);
        connection.Execute("COPY t TO ? (FORMAT parquet)", file);
    }
}
