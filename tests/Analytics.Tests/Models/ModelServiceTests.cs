using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

[Collection(ModelCollection.Name)]
public sealed class ModelServiceTests(ModelFixture fixture)
{
    [Fact]
    public void Load_NoModels_ReportsWhyAndServesEmptyResults()
    {
        using var service = ModelService.Load(fixture.NewDataDirectory(), fixture.Data, ModelFixture.Threads);

        Assert.False(service.RiskStatus.Available);
        Assert.Equal(ModelErrorKind.ModelMissing, service.RiskStatus.ErrorKind);
        Assert.Contains("revival train", service.IncomeStatus.Error, StringComparison.Ordinal);
        Assert.Empty(service.Forecasts());
        Assert.Empty(service.HighestRisk(10));
        Assert.Empty(service.HouseholdScores());
        Assert.Null(service.CountyRisk(140105));
    }

    [Fact]
    public void Load_SavedModels_ServesForecastsRiskAndClassComparison()
    {
        var directory = fixture.NewDataDirectory();
        var store = new ModelStore(directory);
        fixture.Risk.Save(store);
        fixture.Income.Save(store);

        using var service = ModelService.Load(directory, fixture.Data, ModelFixture.Threads);
        var county = service.CountyRisks().First().Key;
        var highest = service.HighestRisk(3, county);

        Assert.True(service.RiskStatus.Available && service.RiskStatus.TrainedOnThisData);
        Assert.True(service.IncomeStatus.Available);
        Assert.Equal(fixture.Data.Fingerprint, service.RiskStatus.DataFingerprint);
        Assert.Equal(fixture.Data.Fingerprint, service.IncomeStatus.DataFingerprint);
        Assert.Equal(3, service.CountyForecast(county).Count);
        Assert.NotNull(service.CountyRiskDistribution(county));
        Assert.All(highest, h => Assert.Equal(county, h.Score.CountyCode));
        Assert.All(highest, h => Assert.NotEmpty(h.TopFactors));
        Assert.Equal([1, 2, 3], service.ClassComparisons().Select(c => c.CountyClass));
        Assert.All(service.ClassComparisons(), c => Assert.True(c.Risk!.ExpectedCount > 0 && c.Counties > 0 && double.IsFinite(c.MeanForecastGrowth)));
        Assert.Equal(highest.Select(h => h.Score.HouseholdId), service.Households(highest.Select(h => h.Score.HouseholdId)).Select(h => h.Score.HouseholdId));
        var scores = service.HouseholdScores();
        Assert.Equal(service.CountyRisks().Sum(r => r.Households), scores.Count);
        Assert.Equal(service.HighestRisk(1)[0].Score, scores.MaxBy(s => s.Probability));
    }

    [Fact]
    public void Load_RiskModelTrainedByXgboostVersion_StatusAsksToRetrainAndIncomeStillServed()
    {
        var directory = fixture.NewDataDirectory();
        var store = new ModelStore(directory);
        var riskFolder = fixture.Risk.Save(store);
        fixture.Income.Save(store);
        var metadata = Path.Combine(riskFolder, "metadata.json");
        File.WriteAllText(metadata, File.ReadAllText(metadata).Replace("\"format_version\": 2", "\"format_version\": 1", StringComparison.Ordinal));

        using var service = ModelService.Load(directory, fixture.Data, ModelFixture.Threads);

        Assert.False(service.RiskStatus.Available);
        Assert.Equal(ModelErrorKind.ModelMismatch, service.RiskStatus.ErrorKind);
        Assert.Contains("XGBoost", service.RiskStatus.Error, StringComparison.Ordinal);
        Assert.Contains("revival train", service.RiskStatus.Error, StringComparison.Ordinal);
        Assert.Empty(service.HighestRisk(5));
        Assert.True(service.IncomeStatus.Available);
    }

    [Fact]
    public void Load_CorruptRiskModel_StillServesIncome()
    {
        var directory = fixture.NewDataDirectory();
        var store = new ModelStore(directory);
        var riskFolder = fixture.Risk.Save(store);
        fixture.Income.Save(store);
        File.WriteAllText(Path.Combine(riskFolder, "model.zip"), "not a model");

        using var service = ModelService.Load(directory, fixture.Data, ModelFixture.Threads);

        Assert.Equal(ModelErrorKind.ModelCorrupt, service.RiskStatus.ErrorKind);
        Assert.True(service.IncomeStatus.Available);
        Assert.Equal(117 * 3, service.Forecasts().Count);
    }
}
