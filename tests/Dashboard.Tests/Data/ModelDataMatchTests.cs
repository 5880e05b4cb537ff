using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Data;

/// <summary>
/// Between a new data version reaching the pages and the models re-scoring it, no risk figure of the previous version
/// is put beside the new version's rows (household ids are reused across versions). The window is held open by a long
/// model check interval: the test moves the views itself, as <see cref="DataVersionWatcher"/> does, and then refreshes
/// the models itself.
/// </summary>
public sealed class ModelDataMatchTests : IDisposable
{
    private static readonly string s_year = TestExport.LatestYear.ToString(CultureInfo.InvariantCulture);

    private readonly string _root = Directory.CreateTempSubdirectory("revival-dashboard-match-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Matches_NewDataVersionBeforeAndAfterModelRefresh_HidesOldScoresThenShowsNewOnes()
    {
        var cancel = TestContext.Current.CancellationToken;
        var store = DataStore.Open(Path.Combine(_root, "store"));
        var first = store.Import(TestExport.Directory, cancellationToken: cancel);
        using (var data = ModelDataSource.FromDataStore(store, threads: 2))
        using (var risk = RiskModel.Train(data, new RiskModelOptions { Seed = 7, Threads = 2, Rounds = 20, LearningRate = 0.3 }, cancellationToken: cancel))
        {
            risk.Save(new ModelStore(store.DataDirectory));
        }

        await using var factory = new RefreshDashboardFactory(store.DataDirectory, checkSeconds: "3600");
        using var client = factory.CreateClient();
        var list = $"/api/warnings?level=household&year={s_year}&pageSize=40";
        var before = await client.GetJsonAsync(list + "&sort=risk&desc=true");
        Assert.Equal("available", before.Body.GetProperty("riskStatus").GetString());
        Assert.Equal("risk", before.Body.GetProperty("sort").GetString());
        Assert.NotNull(before.Body.GetProperty("rows")[0].GetProperty("riskProbability").NullableDouble());

        HashSet<long> oldScored;
        using (var oldData = ModelDataSource.FromDataStore(store, threads: 2))
        using (var old = ModelService.Load(store.DataDirectory, oldData, threads: 2))
        {
            oldScored = [.. old.HouseholdScores().Select(s => s.HouseholdId)];
        }

        var second = Path.Combine(_root, "export-2");
        DemoDataExport.Write(second, new GeneratorOptions { Households = 1_200, BatchSize = 1_200, FirstYear = 2019, LastYear = TestExport.LatestYear, Seed = 43 }, cancellationToken: cancel);
        var published = store.Import(second, cancellationToken: cancel);
        Assert.NotEqual(first.CurrentVersion, published.CurrentVersion);
        factory.Services.GetRequiredService<AnalyticsSource>().Refresh();

        // The window: pages on the new version, scores still of the old one.
        var models = (await client.GetJsonAsync("/api/models")).Body;
        Assert.Equal(published.CurrentVersion, models.GetProperty("dataVersion").GetString());
        Assert.False(models.GetProperty("scoredOnDataVersion").GetBoolean());
        Assert.StartsWith(first.CurrentVersion + "-", models.GetProperty("risk").GetProperty("dataFingerprint").GetString(), StringComparison.Ordinal);

        var plain = await client.GetJsonAsync(list);
        var byRisk = await client.GetJsonAsync(list + "&sort=risk&desc=true");
        Assert.Equal(HttpStatusCode.OK, byRisk.Status);
        Assert.Equal("updating", byRisk.Body.GetProperty("riskStatus").GetString());
        Assert.Equal(ModelDataMatch.Hint, byRisk.Body.GetProperty("riskMessage").GetString());
        Assert.StartsWith("正在按新数据版本更新风险评分", ModelDataMatch.Hint, StringComparison.Ordinal);
        // sort=risk falls back to the default order, not an error.
        Assert.Equal("income", byRisk.Body.GetProperty("sort").GetString());
        var ids = Ids(plain.Body);
        Assert.NotEmpty(ids);
        Assert.Equal(ids, Ids(byRisk.Body));
        Assert.All(byRisk.Body.GetProperty("rows").EnumerateArray(), r =>
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("riskProbability").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("riskFactors").ValueKind);
        });
        // The ids are reused: the old scores would have matched these rows (someone else's probability).
        Assert.Contains(ids, oldScored.Contains);

        var counties = await client.GetJsonAsync($"/api/warnings?level=county&year={s_year}&pageSize=200");
        Assert.Equal("updating", counties.Body.GetProperty("riskStatus").GetString());
        Assert.NotEmpty(counties.Body.GetProperty("rows").EnumerateArray());
        Assert.All(counties.Body.GetProperty("rows").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("expectedReturns").ValueKind));

        var page = await client.GetStringAsync($"/warnings?level=household&year={s_year}&sort=risk&desc=true", cancel);
        Assert.Contains("data-risk-hint=\"updating\"", page, StringComparison.Ordinal);
        Assert.Contains(ModelDataMatch.HintZh, page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-risk=\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-household=\"{ids[0]}\"", page, StringComparison.Ordinal);
        var countyPage = await client.GetStringAsync("/county/140105?lang=en", cancel);
        Assert.Contains("data-model-updating", countyPage, StringComparison.Ordinal);
        Assert.Contains(ModelDataMatch.HintEn, countyPage, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"model-risk\"", countyPage, StringComparison.Ordinal);
        var classes = await client.GetStringAsync("/classes", cancel);
        Assert.Contains("data-model-updating", classes, StringComparison.Ordinal);
        using (var csv = await client.GetAsync($"/api/warnings.csv?year={s_year}&sort=risk&desc=true", cancel))
        {
            Assert.Equal("updating", csv.Headers.GetValues("X-Risk-Status").Single());
        }

        // The refresh completes: the new version's scores, ranked by sort=risk again.
        Assert.True(factory.Services.GetRequiredService<ModelRefresher>().RefreshIfChanged());

        var after = await client.GetJsonAsync(list);
        Assert.Equal("available", after.Body.GetProperty("riskStatus").GetString());
        Assert.Equal(JsonValueKind.Null, after.Body.GetProperty("riskMessage").ValueKind);
        using var newData = ModelDataSource.FromDataStore(store, threads: 2);
        Assert.Equal(published.CurrentVersion, newData.DataVersion);
        using var expected = ModelService.Load(store.DataDirectory, newData, threads: 2);
        var expectedRisk = expected.Households(Ids(after.Body)).ToDictionary(h => h.Score.HouseholdId, h => h.Score.Probability);
        Assert.NotEmpty(expectedRisk);
        foreach (var row in after.Body.GetProperty("rows").EnumerateArray())
        {
            var id = row.GetProperty("householdId").GetInt64();
            Assert.Equal(expectedRisk.TryGetValue(id, out var p) ? p : null, row.GetProperty("riskProbability").NullableDouble());
        }

        var rankedAfter = await client.GetJsonAsync(list + "&sort=risk&desc=true");
        Assert.Equal("risk", rankedAfter.Body.GetProperty("sort").GetString());
        Assert.Equal(expected.Households(Ids(rankedAfter.Body)).Max(h => h.Score.Probability), rankedAfter.Body.GetProperty("rows")[0].GetProperty("riskProbability").GetDouble());
        var pageAfter = await client.GetStringAsync($"/warnings?level=household&year={s_year}", cancel);
        Assert.Contains("data-risk-hint=\"available\"", pageAfter, StringComparison.Ordinal);
        Assert.DoesNotContain(ModelDataMatch.HintZh, pageAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("data-model-updating", await client.GetStringAsync("/classes", cancel), StringComparison.Ordinal);
        Assert.True((await client.GetJsonAsync("/api/models")).Body.GetProperty("scoredOnDataVersion").GetBoolean());
    }

    private static List<long> Ids(JsonElement body) =>
        [.. body.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("householdId").GetInt64())];
}
