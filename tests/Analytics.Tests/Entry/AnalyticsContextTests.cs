using System.Collections.Concurrent;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Data.Import;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics.Tests.Entry;

/// <summary>
/// One data version at a time for every area: a data store with two versions and a risk model, switched back and forth
/// while readers ask every path — metrics, early-warning lists, models, SQL, post-assessment — through snapshots.
/// </summary>
public sealed class AnalyticsContextTests : IDisposable
{
    private const string Year = "2024";

    private readonly string _root = Directory.CreateTempSubdirectory("revival-context-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Acquire_VersionsSwitchWhileEveryPathIsQueried_NoErrorAndEveryResponseOfOneVersion()
    {
        var cancel = TestContext.Current.CancellationToken;
        var store = DataStore.Open(Path.Combine(_root, "store"));
        var first = Publish(store, households: 2_000, seed: 42);
        using (var data = ModelDataSource.FromDataStore(store, threads: 2))
        using (var risk = RiskModel.Train(data, new RiskModelOptions { Seed = 7, Threads = 2, Rounds = 20, LearningRate = 0.3 }, cancellationToken: cancel))
        {
            risk.Save(new ModelStore(store.DataDirectory));
        }

        var second = Publish(store, households: 1_200, seed: 43);
        using var analytics = AnalyticsContext.Open(store.DataDirectory, new AnalyticsOptions { Threads = 2 });
        Assert.Equal(second, analytics.DataVersion);
        // What each version answers, read while it is the only one (and by a context of its own for the first).
        var expected = new Dictionary<string, Answers>(StringComparer.Ordinal);
        using (var snapshot = analytics.Acquire())
        {
            expected[second] = Ask(snapshot);
        }

        store.Rollback(first);
        using (var own = AnalyticsContext.Open(store.DataDirectory, new AnalyticsOptions { Threads = 2 }))
        using (var snapshot = own.Acquire())
        {
            expected[first] = Ask(snapshot);
        }

        Assert.NotEqual(expected[first], expected[second]);
        Assert.All(expected, e => Assert.True(e.Value.Scored > 0 && e.Value.SqlRows > 0 && e.Value.Warned.Length > 0, e.ToString()));

        var errors = new ConcurrentQueue<Exception>();
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var done = 0;
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                try
                {
                    using var snapshot = analytics.Acquire();
                    var answers = Ask(snapshot);
                    seen.AddOrUpdate(snapshot.DataVersion, 1, (_, n) => n + 1);
                    Assert.Equal(expected[snapshot.DataVersion], answers);
                }
                catch (Exception error)
                {
                    errors.Enqueue(error);
                    return;
                }
            }
        })).ToList();

        // Six switches, each a whole new snapshot: views, aggregates (built, or read back from the metric cache), scores.
        for (var i = 0; i < 6; i++)
        {
            var target = i % 2 == 0 ? first : second;
            if (store.CurrentVersion != target)
            {
                store.Rollback(target);
            }

            var refresh = analytics.Refresh();
            Assert.Equal(AnalyticsRefreshOutcome.Published, refresh.Outcome);
            Assert.Equal(target, refresh.DataVersion);
            await Task.Delay(300, cancel);
        }

        Volatile.Write(ref done, 1);
        await Task.WhenAll(readers);

        Assert.Empty(errors);
        Assert.Equal([first, second], seen.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Open_ExportFolder_EveryAreaCarriesTheExportVersion()
    {
        var export = Path.Combine(_root, "export");
        DemoDataExport.Write(export, new GeneratorOptions { Households = 600, BatchSize = 600, FirstYear = 2021, LastYear = 2024, Seed = 5 }, cancellationToken: TestContext.Current.CancellationToken);

        using var analytics = AnalyticsContext.Open(export);
        using var snapshot = analytics.Acquire();
        using var workspace = snapshot.Sql.Open(DataScope.Province, TestContext.Current.CancellationToken);

        Assert.Null(analytics.Versions);
        Assert.StartsWith("export-", snapshot.DataVersion, StringComparison.Ordinal);
        Assert.Equal(snapshot.DataVersion, snapshot.Metrics.DataVersion);
        Assert.Equal(snapshot.DataVersion, snapshot.ModelData.DataVersion);
        Assert.Equal(snapshot.DataVersion, workspace.DataVersion);
        Assert.Equal(AnalyticsRefreshOutcome.Unchanged, analytics.Refresh().Outcome);
        Assert.False(snapshot.RiskStatus.Available);
        Assert.Equal(ModelErrorKind.ModelMissing, snapshot.RiskStatus.ErrorKind);
    }

    [Fact]
    public void Dispose_SnapshotStillHeld_ItsAreasKeepWorkingUntilItEnds()
    {
        var export = Path.Combine(_root, "export");
        DemoDataExport.Write(export, new GeneratorOptions { Households = 600, BatchSize = 600, FirstYear = 2021, LastYear = 2024, Seed = 5 }, cancellationToken: TestContext.Current.CancellationToken);
        var analytics = AnalyticsContext.Open(export);
        var snapshot = analytics.Acquire();

        analytics.Dispose();

        Assert.Equal(117, snapshot.Metrics.Counties.Count);
        Assert.Throws<ObjectDisposedException>(() => analytics.Acquire());
        snapshot.Dispose();
        Assert.Throws<ObjectDisposedException>(() => snapshot.Metrics);
    }

    private string Publish(DataStore store, int households, int seed)
    {
        var export = Path.Combine(_root, "export-" + seed);
        DemoDataExport.Write(export, new GeneratorOptions { Households = households, BatchSize = households, FirstYear = 2019, LastYear = 2024, Seed = seed }, cancellationToken: TestContext.Current.CancellationToken);
        var report = store.Import(export, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ImportOutcome.Published, report.Outcome);
        return report.CurrentVersion!;
    }

    // One response touching every path; each part is read from its own area, so a part of another version shows.
    private static Answers Ask(AnalyticsSnapshot snapshot)
    {
        var version = snapshot.DataVersion;
        Assert.Equal(version, snapshot.Metrics.DataVersion);
        Assert.Equal(version, snapshot.ModelData.DataVersion);
        Assert.StartsWith(version + "-", snapshot.RiskStatus.DataFingerprint, StringComparison.Ordinal);
        var income = snapshot.Metrics.GetCountyValues(KpiIds.RuralIncome, Year).Sum(v => v.Value ?? 0);
        var scores = snapshot.Models.HouseholdScores();
        var warned = snapshot.Warnings.GetHouseholdWarnings(new WarningQuery { Period = Year, Sort = "risk", Descending = true, PageSize = 5 }).Rows.Select(r => r.HouseholdId).ToArray();
        using var workspace = snapshot.Sql.Open(DataScope.Province);
        Assert.Equal(version, workspace.DataVersion);
        var sql = workspace.Sandbox.QueryColumns("SELECT count(*) AS n, round(sum(per_capita_net_income), 2) AS s FROM household_years");
        var assessment = snapshot.Assessment.Score(SchemeFile.Default(int.Parse(Year, System.Globalization.CultureInfo.InvariantCulture)), []);
        Assert.Equal(version, assessment.DataVersion);
        // Rounded: sums of doubles may differ in their last bits from one parallel run to the next.
        return new Answers(
            version, Math.Round(income, 4), scores.Count, Math.Round(scores.Sum(s => s.Probability), 9), string.Join(',', warned),
            sql.GetInt64s("n")[0], sql.GetDoubles("s")[0], Math.Round(assessment.Counties.Sum(c => c.TotalPoints), 6));
    }

    private sealed record Answers(string Version, double Income, int Scored, double RiskSum, string Warned, long SqlRows, double SqlIncome, double AssessmentTotal);
}
