using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Metrics;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Data;

/// <summary>The dashboard over the importer's versioned data store (what run.sh starts), not an export folder.</summary>
public sealed class DataStoreDashboardTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("revival-dashboard-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class StoreFactory(string directory, string? metricCache = null) : DashboardFactoryBase
    {
        public ConcurrentQueue<string> Warnings { get; } = new();

        protected override string DataDirectory => directory;

        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            if (metricCache is not null)
            {
                builder.UseSetting(DashboardData.MetricCacheKey, metricCache);
            }

            builder.ConfigureLogging(logging => logging.AddProvider(new WarningCollector(Warnings)));
        }
    }

    // Keeps what the app logs at warning level or above, to see what an operator would see.
    private sealed class WarningCollector(ConcurrentQueue<string> warnings) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                warnings.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }

    private static double? RuralIncome((HttpStatusCode Status, System.Text.Json.JsonElement Body, string? ContentType) response) =>
        response.Body.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetProperty("id").GetString() == "rural_income").GetProperty("value").NullableDouble();

    [Fact]
    public async Task Start_ImportedStore_KeepsTheMetricCacheInTheStoreAndTheNextStartReadsIt()
    {
        var store = DataStore.Open(Path.Combine(_root, "store"));
        var version = store.Import(TestExport.Directory, cancellationToken: TestContext.Current.CancellationToken).CurrentVersion!;
        var folder = Path.Combine(store.DataDirectory, "cache", "metrics", version, MetricStore.DefinitionFingerprint);
        double? built;
        await using (var first = new StoreFactory(store.DataDirectory))
        {
            using var client = first.CreateClient();
            built = RuralIncome(await client.GetJsonAsync("/api/kpis?year=2023"));
            Assert.False(first.Services.GetRequiredService<AnalyticsContext>().Metrics.Store.LastLoadedFromCache);
        }

        Assert.True(File.Exists(Path.Combine(folder, "metric_county_year.parquet")));
        Assert.True(File.Exists(Path.Combine(folder, MetricStore.CacheManifestFile)));

        await using var second = new StoreFactory(store.DataDirectory);
        using var secondClient = second.CreateClient();
        var response = await secondClient.GetJsonAsync("/api/kpis?year=2023");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(second.Services.GetRequiredService<AnalyticsContext>().Metrics.Store.LastLoadedFromCache);
        Near(TestExport.Scalar("SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = 2023"), built);
        Assert.Equal(built, RuralIncome(response));
        Assert.Empty(second.Warnings);
        // The store is still a store: the importer takes the next version beside the cache folder.
        Assert.Equal(version, store.Versions().Single().Id);
    }

    [Fact]
    public async Task Start_MetricCacheCannotBeWritten_ServesFiguresAndLogsAWarning()
    {
        var store = DataStore.Open(Path.Combine(_root, "store"));
        store.Import(TestExport.Directory, cancellationToken: TestContext.Current.CancellationToken);
        // A file where the folder should be: not writable whoever the process runs as.
        var blocked = Path.Combine(_root, "blocked");
        File.WriteAllText(blocked, "");
        await using var factory = new StoreFactory(store.DataDirectory, blocked);
        using var client = factory.CreateClient();

        var response = await client.GetJsonAsync("/api/kpis?year=2023");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Near(TestExport.Scalar("SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = 2023"), RuralIncome(response));
        Assert.Contains(factory.Warnings, w => w.Contains(blocked, StringComparison.Ordinal) && w.StartsWith("无法写入指标缓存", StringComparison.Ordinal));
        Assert.False(Directory.Exists(KpiService.MetricCacheDirectory(store)));
    }

    [Fact]
    public void MetricCacheDirectory_StoreExportOrSetting_StoreDefaultNoneForExportSettingWins()
    {
        var store = DataStore.Open(Path.Combine(_root, "store"));
        store.Import(TestExport.Directory, cancellationToken: TestContext.Current.CancellationToken);
        var host = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = _root };
        IConfiguration Config(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

        Assert.Equal(Path.Combine(store.DataDirectory, "cache", "metrics"), DashboardData.MetricCacheDirectory(Config((DashboardData.DataDirectoryKey, store.DataDirectory)), host));
        Assert.Null(DashboardData.MetricCacheDirectory(Config((DashboardData.DataDirectoryKey, TestExport.Directory)), host));
        Assert.Equal(Path.Combine(_root, "elsewhere"), DashboardData.MetricCacheDirectory(Config((DashboardData.DataDirectoryKey, store.DataDirectory), (DashboardData.MetricCacheKey, "elsewhere")), host));
        Assert.Equal("/tmp/x", DashboardData.MetricCacheDirectory(Config((DashboardData.DataDirectoryKey, TestExport.Directory), ("REVIVAL_METRIC_CACHE", "/tmp/x")), host));
    }

    [Fact]
    public async Task Get_ImportedStore_ServesItsCurrentVersionWithTheExportsFiguresAndSqlWithoutPersonalData()
    {
        var store = DataStore.Open(Path.Combine(_root, "store"));
        var report = store.Import(TestExport.Directory, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotNull(report.CurrentVersion);
        await using var factory = new StoreFactory(store.DataDirectory);
        using var client = factory.CreateClient();

        var response = await client.GetJsonAsync("/api/kpis?year=2023");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(report.CurrentVersion, response.Body.GetProperty("dataVersion").GetString());
        var income = response.Body.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetProperty("id").GetString() == "rural_income");
        Near(
            TestExport.Scalar("SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = 2023"),
            income.GetProperty("value").NullableDouble());
        var page = await client.GetDocumentAsync("/county/140922?year=2023");
        Assert.StartsWith("五台县", page.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);

        // The SQL page over a store: the current version's tables, households without personal data, the raw
        // households file and the quarantine (personal data kept as given) out of reach.
        var count = await client.GetJsonAsync("/api/sql?q=" + Uri.EscapeDataString("SELECT count(*) FROM household_years WHERE year = 2023"));
        Assert.Equal(TestExport.Scalar("SELECT count(*) FROM household_years WHERE year = 2023"), count.Body.GetProperty("rows")[0][0].GetDouble());
        var households = await client.GetJsonAsync("/api/sql?q=" + Uri.EscapeDataString("SELECT * FROM households LIMIT 1"));
        Assert.DoesNotContain("head_id_number", households.Body.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var version = store.VersionDirectory(report.CurrentVersion!);
        foreach (var sql in new[]
        {
            $"SELECT head_id_number FROM read_parquet('{Path.Combine(version, "households.parquet")}')",
            $"SELECT head_id_number FROM read_parquet('{Path.Combine(version, "quarantine", "households.parquet")}')",
            "SELECT * FROM quarantine_households",
        })
        {
            AssertProblem(await client.GetJsonAsync("/api/sql?q=" + Uri.EscapeDataString(sql)), HttpStatusCode.BadRequest, "q");
        }
    }

    [Fact]
    public void ResolveDataDirectory_StoreWithoutVersion_SaysToRunImport()
    {
        var empty = Path.Combine(_root, "empty-store");
        DataStore.Open(empty);
        File.WriteAllText(Path.Combine(empty, "current"), "");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(DashboardData.DataDirectoryKey, (string?)empty)]).Build();

        var e = Assert.Throws<DashboardDataException>(() => DashboardData.ResolveDataDirectory(configuration, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = "/" }));

        Assert.Contains("revival import", e.Message, StringComparison.Ordinal);
        Assert.Contains(empty, e.Message, StringComparison.Ordinal);
    }
}
