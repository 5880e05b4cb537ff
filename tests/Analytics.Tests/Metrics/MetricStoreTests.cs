using RevivalAnalytics.Metrics;
using Xunit;

namespace RevivalAnalytics.Tests.Metrics;

public sealed class MetricStoreTests(MetricsFixture data) : IClassFixture<MetricsFixture>, IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "revival-metric-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    [Fact]
    public void Current_WithCacheDirectory_RestartReadsTablesBackWithoutTheViews()
    {
        var built = new KpiService(data.Source, cacheDirectory: _cache);
        var expected = built.GetProvinceOverview("2023");
        var folder = Path.Combine(_cache, data.Source.DataVersion);
        Assert.True(File.Exists(Path.Combine(folder, "metric_county_year.parquet")));
        Assert.True(File.Exists(Path.Combine(folder, "metric_household_flags.parquet")));

        // A source with no contract views at all but the same version: only the cache can answer.
        using var empty = AnalyticsSource.FromViews(_ => data.Source.DataVersion);
        var restarted = new KpiService(empty, cacheDirectory: _cache);
        var actual = restarted.GetProvinceOverview("2023");
        Assert.Equal(expected.Cards.Select(c => c.Value), actual.Cards.Select(c => c.Value));
        Assert.Equal(117, restarted.Counties.Count);
        Assert.Equal(
            new EarlyWarningService(built).GetHouseholdWarnings(new WarningQuery { Period = "2020" }).Total,
            new EarlyWarningService(restarted).GetHouseholdWarnings(new WarningQuery { Period = "2020" }).Total);
    }

    [Fact]
    public void Current_DataVersionChanges_AggregatesAreRebuilt()
    {
        var version = "v1";
        using var source = AnalyticsSource.FromViews(connection =>
        {
            foreach (var (name, pattern) in RevivalAnalytics.Queries.SqlWorkspace.FindTables(data.Root))
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
}
