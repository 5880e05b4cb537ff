using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Models;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Data;

/// <summary>
/// A running dashboard follows a newly saved model and a newly published data version, and keeps the previous figures
/// when the new model is corrupt. Each test has its own data folder (the app and the test both write to it) and
/// checks the app against the library's own view of the same folder.
/// </summary>
public sealed class AnalyticsRefresherTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(90);

    private readonly string _root = Directory.CreateTempSubdirectory("revival-dashboard-refresh-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Refresh_NewRiskModelSaved_ServesItsIdScoresAndRankingWithoutRestart()
    {
        var directory = Copy(TestModels.Directory, "export");
        await using var factory = new RefreshDashboardFactory(directory);
        using var client = factory.CreateClient();
        var before = (await client.GetJsonAsync("/api/models")).Body.GetProperty("risk");
        Assert.True(before.GetProperty("available").GetBoolean());
        // A model id carries its training time to the second; a real retrain is later than the model it replaces.
        var oldCreated = before.GetProperty("createdUtc").GetDateTimeOffset();
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() <= oldCreated.ToUnixTimeSeconds())
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        string newId;
        using (var data = ModelDataSource.FromExport(directory, threads: 2))
        using (var risk = RiskModel.Train(data, new RiskModelOptions { Seed = 11, Threads = 2, Rounds = 20, LearningRate = 0.3 }, cancellationToken: TestContext.Current.CancellationToken))
        {
            risk.Save(new ModelStore(directory));
            newId = risk.Metadata.Id;
        }

        var models = await PollAsync(client, "/api/models", b => b.GetProperty("risk").GetProperty("modelId").GetString() == newId);

        Assert.NotEqual(before.GetProperty("modelId").GetString(), newId);
        Assert.True(models.GetProperty("risk").GetProperty("available").GetBoolean());
        using var expectedData = ModelDataSource.FromExport(directory, threads: 2);
        using var expected = ModelService.Load(directory, expectedData, threads: 2);
        Assert.Equal(newId, expected.RiskStatus.ModelId);
        var highest = (await client.GetJsonAsync("/api/risk/households?top=5")).Body.EnumerateArray().ToList();
        var expectedHighest = expected.HighestRisk(5);
        Assert.Equal(expectedHighest.Select(h => h.Score.HouseholdId), highest.Select(h => h.GetProperty("score").GetProperty("householdId").GetInt64()));
        Assert.Equal(expectedHighest.Select(h => h.Score.Probability), highest.Select(h => h.GetProperty("score").GetProperty("probability").GetDouble()));
        // sort=risk ranks by the new scores too: the first row is the riskiest of the whole list by the new model.
        var first = await client.GetJsonAsync("/api/warnings?level=household&year=2020&sort=risk&desc=true&pageSize=1");
        var whole = await client.GetJsonAsync("/api/warnings?level=household&year=2020&pageSize=1000");
        var ids = whole.Body.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("householdId").GetInt64()).ToList();
        Assert.Equal(expected.Households(ids).Max(r => r.Score.Probability), first.Body.GetProperty("rows")[0].GetProperty("riskProbability").GetDouble());
        // The page names the model the figures come from.
        var page = await client.GetStringAsync("/county/140105?lang=en", TestContext.Current.CancellationToken);
        Assert.Contains($"Model {newId}, data version {expectedData.Fingerprint}", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_NewDataVersionPublished_ScoresAreForThatVersion()
    {
        var store = DataStore.Open(Path.Combine(_root, "store"));
        var first = store.Import(TestExport.Directory, cancellationToken: TestContext.Current.CancellationToken);
        using (var data = ModelDataSource.FromDataStore(store, threads: 2))
        using (var risk = RiskModel.Train(data, new RiskModelOptions { Seed = 7, Threads = 2, Rounds = 20, LearningRate = 0.3 }, cancellationToken: TestContext.Current.CancellationToken))
        {
            risk.Save(new ModelStore(store.DataDirectory));
        }

        await using var factory = new RefreshDashboardFactory(store.DataDirectory);
        using var client = factory.CreateClient();
        var before = (await client.GetJsonAsync("/api/models")).Body.GetProperty("risk");
        Assert.StartsWith(first.CurrentVersion + "-", before.GetProperty("dataFingerprint").GetString(), StringComparison.Ordinal);
        var smaller = Path.Combine(_root, "export-2");
        DemoDataExport.Write(smaller, new GeneratorOptions { Households = 1_200, BatchSize = 1_200, FirstYear = 2019, LastYear = TestExport.LatestYear, Seed = 43 }, cancellationToken: TestContext.Current.CancellationToken);
        var second = store.Import(smaller, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEqual(first.CurrentVersion, second.CurrentVersion);

        var models = await PollAsync(client, "/api/models", b => b.GetProperty("risk").GetProperty("dataFingerprint").GetString()?.StartsWith(second.CurrentVersion + "-", StringComparison.Ordinal) == true);

        using var expectedData = ModelDataSource.FromDataStore(store, threads: 2);
        using var expected = ModelService.Load(store.DataDirectory, expectedData, threads: 2);
        Assert.Equal(expectedData.Fingerprint, models.GetProperty("risk").GetProperty("dataFingerprint").GetString());
        var counties = (await client.GetJsonAsync("/api/risk/counties")).Body.EnumerateArray().ToList();
        Assert.Equal(expected.CountyRisks().Select(c => (c.Key, c.Households, c.ExpectedCount)),
            counties.Select(c => (c.GetProperty("key").GetInt32(), c.GetProperty("households").GetInt32(), c.GetProperty("expectedCount").GetDouble())));
        // Every household of the new version is scored, not the old version's 3,000.
        Assert.Equal(expected.HouseholdScores().Count, counties.Sum(c => c.GetProperty("households").GetInt32()));
        Assert.InRange(counties.Sum(c => c.GetProperty("households").GetInt32()), 1, 1_200);
    }

    [Fact]
    public async Task Refresh_CorruptNewModel_KeepsPreviousScoresAndStatusSaysWhyUntilRemoved()
    {
        var directory = Copy(TestModels.Directory, "export");
        await using var factory = new RefreshDashboardFactory(directory);
        using var client = factory.CreateClient();
        var before = (await client.GetJsonAsync("/api/models")).Body.GetProperty("risk");
        var oldId = before.GetProperty("modelId").GetString()!;
        var countiesBefore = (await client.GetJsonAsync("/api/risk/counties")).Body.GetRawText();
        // A newer model folder whose ML.NET zip no longer matches its recorded SHA-256, moved in whole as a save would.
        var store = new ModelStore(directory);
        var corrupt = Copy(store.FolderOf(oldId), "corrupt-model");
        File.WriteAllBytes(Path.Combine(corrupt, "model.zip"), [1, 2, 3, 4]);
        const string CorruptId = "risk-99991231T000000Z-corrupt";
        Directory.Move(corrupt, store.FolderOf(CorruptId));

        var models = await PollAsync(client, "/api/models", b => b.GetProperty("risk").GetProperty("error").ValueKind == JsonValueKind.String);

        var risk = models.GetProperty("risk");
        Assert.True(risk.GetProperty("available").GetBoolean());
        Assert.Equal(oldId, risk.GetProperty("modelId").GetString());
        Assert.Equal("ModelCorrupt", risk.GetProperty("errorKind").GetString());
        var error = risk.GetProperty("error").GetString()!;
        Assert.StartsWith("未能换用新的模型或数据版本", error, StringComparison.Ordinal);
        Assert.Contains("Could not switch to the new model", error, StringComparison.Ordinal);
        Assert.Contains(CorruptId, error, StringComparison.Ordinal);
        Assert.Equal(countiesBefore, (await client.GetJsonAsync("/api/risk/counties")).Body.GetRawText());
        var page = await client.GetStringAsync("/county/140105", TestContext.Current.CancellationToken);
        Assert.Contains("data-model-refresh-error=\"risk\"", page, StringComparison.Ordinal);
        Assert.Contains($"模型 {oldId}", page, StringComparison.Ordinal);

        // The corrupt model removed: the same figures, and the error no longer applies.
        Directory.Delete(store.FolderOf(CorruptId), recursive: true);
        var cleared = await PollAsync(client, "/api/models", b => b.GetProperty("risk").GetProperty("error").ValueKind == JsonValueKind.Null);
        Assert.Equal(oldId, cleared.GetProperty("risk").GetProperty("modelId").GetString());
        Assert.Equal(countiesBefore, (await client.GetJsonAsync("/api/risk/counties")).Body.GetRawText());
    }

    [Fact]
    public async Task Refresh_NewDataVersionPublished_PagesStayOnTheOldVersionUntilItsScoresAreReadyThenSwitchTogether()
    {
        var cancel = TestContext.Current.CancellationToken;
        var year = TestExport.LatestYear.ToString(CultureInfo.InvariantCulture);
        var store = DataStore.Open(Path.Combine(_root, "store"));
        var first = store.Import(TestExport.Directory, cancellationToken: cancel);
        using (var data = ModelDataSource.FromDataStore(store, threads: 2))
        using (var risk = RiskModel.Train(data, new RiskModelOptions { Seed = 7, Threads = 2, Rounds = 20, LearningRate = 0.3 }, cancellationToken: cancel))
        {
            risk.Save(new ModelStore(store.DataDirectory));
        }

        // A long check interval: the test refreshes itself, so the moment between publish and refresh is held open.
        await using var factory = new RefreshDashboardFactory(store.DataDirectory, checkSeconds: "3600");
        using var client = factory.CreateClient();
        var list = $"/api/warnings?level=household&year={year}&pageSize=40";
        var before = await client.GetJsonAsync(list + "&sort=risk&desc=true");
        Assert.Equal("available", before.Body.GetProperty("riskStatus").GetString());

        var second = Path.Combine(_root, "export-2");
        DemoDataExport.Write(second, new GeneratorOptions { Households = 1_200, BatchSize = 1_200, FirstYear = 2019, LastYear = TestExport.LatestYear, Seed = 43 }, cancellationToken: cancel);
        var published = store.Import(second, cancellationToken: cancel);
        Assert.NotEqual(first.CurrentVersion, published.CurrentVersion);

        // Published but not yet loaded: pages, lists and scores all stay on the old version, with its scores.
        var waiting = (await client.GetJsonAsync("/api/models")).Body;
        Assert.Equal(first.CurrentVersion, waiting.GetProperty("dataVersion").GetString());
        Assert.StartsWith(first.CurrentVersion + "-", waiting.GetProperty("risk").GetProperty("dataFingerprint").GetString(), StringComparison.Ordinal);
        Assert.Equal(before.Body.GetRawText(), (await client.GetJsonAsync(list + "&sort=risk&desc=true")).Body.GetRawText());

        var refresh = factory.Services.GetRequiredService<AnalyticsContext>().Refresh();

        Assert.Equal(AnalyticsRefreshOutcome.Published, refresh.Outcome);
        Assert.Equal(published.CurrentVersion, refresh.DataVersion);
        var models = (await client.GetJsonAsync("/api/models")).Body;
        Assert.Equal(published.CurrentVersion, models.GetProperty("dataVersion").GetString());
        Assert.StartsWith(published.CurrentVersion + "-", models.GetProperty("risk").GetProperty("dataFingerprint").GetString(), StringComparison.Ordinal);
        var after = await client.GetJsonAsync(list);
        Assert.Equal("available", after.Body.GetProperty("riskStatus").GetString());
        Assert.Equal(JsonValueKind.Null, after.Body.GetProperty("riskMessage").ValueKind);
        using var newData = ModelDataSource.FromDataStore(store, threads: 2);
        using var expected = ModelService.Load(store.DataDirectory, newData, threads: 2);
        var expectedRisk = expected.Households(Ids(after.Body)).ToDictionary(h => h.Score.HouseholdId, h => h.Score.Probability);
        Assert.NotEmpty(expectedRisk);
        foreach (var row in after.Body.GetProperty("rows").EnumerateArray())
        {
            var id = row.GetProperty("householdId").GetInt64();
            Assert.Equal(expectedRisk.TryGetValue(id, out var p) ? p : null, row.GetProperty("riskProbability").NullableDouble());
        }

        var ranked = await client.GetJsonAsync(list + "&sort=risk&desc=true");
        Assert.Equal("risk", ranked.Body.GetProperty("sort").GetString());
        Assert.Equal(expected.Households(Ids(ranked.Body)).Max(h => h.Score.Probability), ranked.Body.GetProperty("rows")[0].GetProperty("riskProbability").GetDouble());
        var page = await client.GetStringAsync($"/warnings?level=household&year={year}", cancel);
        Assert.Contains("data-risk-hint=\"available\"", page, StringComparison.Ordinal);
    }

    private static List<long> Ids(JsonElement body) =>
        [.. body.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("householdId").GetInt64())];

    /// <summary>Asks <paramref name="url"/> until its body satisfies <paramref name="done"/> (a background refresh is
    /// involved); fails with the last body after a bounded wait.</summary>
    private static async Task<JsonElement> PollAsync(HttpClient client, string url, Func<JsonElement, bool> done)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetJsonAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.Status);
            if (done(response.Body))
            {
                return response.Body;
            }

            if (watch.Elapsed > s_wait)
            {
                Assert.Fail($"{url} did not change within {s_wait.TotalSeconds} s; last answer: {response.Body.GetRawText()}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private string Copy(string source, string name)
    {
        var target = Path.Combine(_root, name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var path = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(file, path);
        }

        return target;
    }
}
