using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

[Collection(ModelCollection.Name)]
public sealed class RiskModelTests(ModelFixture fixture)
{
    private static readonly string[] s_incomeMargin = ["income_margin", "income_margin_min_3y"];

    // docs/data-generator.md 2.3: drivers knowable a year ahead besides the income margin.
    private static readonly string[] s_structuralDrivers =
        ["chronic_ill_count", "labour_share", "labour_count", "disabled_count", "county_class", "county_income_level", "monitored_now", "elderly_count"];

    [Fact]
    public void Train_DemoData_SplitsYearsInTimeOrder()
    {
        var e = fixture.Risk.Evaluation;

        Assert.Equal(2020, e.TrainFirstCutoff);
        Assert.Equal(2022, e.TrainLastCutoff);
        Assert.Equal(2023, e.CalibrationCutoff);
        Assert.Equal(2024, e.TestCutoff);
    }

    [Fact]
    public void Train_DemoData_IncomeMarginAndStructuralDriversAreTopFactors()
    {
        var top = fixture.Risk.Evaluation.TopFactors.Select(f => f.Feature).ToArray();

        Assert.Contains(top[0], s_incomeMargin);
        Assert.True(top.Take(10).Count(s_structuralDrivers.Contains) >= 2, "top ten: " + string.Join(", ", top.Take(10)));
    }

    [Fact]
    public void Score_HouseholdsWithChronicIllness_HaveHigherMeanRisk()
    {
        var scores = fixture.Risk.Score(fixture.Data, 2024);
        var ill = fixture.Data.Query($"SELECT household_id FROM {fixture.Data.Table("households")} WHERE chronic_ill_count > 0")
            .GetInt64s("household_id").ToHashSet();
        var withIllness = scores.Households.Where(h => ill.Contains(h.HouseholdId)).Average(h => h.Probability);
        var without = scores.Households.Where(h => !ill.Contains(h.HouseholdId)).Average(h => h.Probability);

        Assert.True(withIllness > without * 1.3, $"{withIllness} vs {without}");
    }

    [Fact]
    public void Evaluation_TestYear_AucUsefulAndCalibratedWithinTolerance()
    {
        var test = fixture.Risk.Evaluation.Test;
        var reliability = fixture.Risk.Evaluation.Reliability;
        // Tolerance (docs/models.md): the expected count within 25% of the observed count, and the row-weighted mean
        // |predicted − observed| over the ten reliability bins below 1.5 percentage points.
        var calibrationError = reliability.Sum(b => b.Rows * Math.Abs(b.MeanPredicted - b.ObservedRate)) / reliability.Sum(b => b.Rows);

        Assert.InRange(test.RocAuc, 0.6, 1.0);
        Assert.InRange(test.ExpectedPositives, test.Positives * 0.75, test.Positives * 1.25);
        Assert.True(calibrationError < 0.015, $"calibration error {calibrationError}");
        Assert.True(test.Brier < (double)test.Positives / test.Rows, "Brier must beat a constant zero forecast");
    }

    [Fact]
    public void Train_SameSeed_SamePredictions()
    {
        var options = ModelFixture.RiskOptions with { Rounds = 30 };
        using var first = RiskModel.Train(fixture.Data, options, cancellationToken: TestContext.Current.CancellationToken);
        using var second = RiskModel.Train(fixture.Data, options, cancellationToken: TestContext.Current.CancellationToken);

        var a = first.Score(fixture.Data).Households.Select(h => h.Probability).ToArray();
        var b = second.Score(fixture.Data).Households.Select(h => h.Probability).ToArray();

        Assert.Equal(a, b);
        Assert.True(a.Distinct().Count() > 10);
    }

    [Fact]
    public void Train_TooFewMonitoringYears_ThrowsInsufficientHistory()
    {
        using var data = ModelDataSource.FromExport(fixture.SmallExport(2019, 2022), ModelFixture.Threads);

        var error = Assert.Throws<ModelException>(() => RiskModel.Train(data, ModelFixture.RiskOptions, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ModelErrorKind.InsufficientHistory, error.Kind);
        Assert.Contains("至少 3 个", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TopFactors_HighestRiskHouseholds_NamedInChineseAndEnglishWithPositiveContributions()
    {
        var scores = fixture.Risk.Score(fixture.Data);
        var highest = scores.Highest(5);
        var factors = scores.TopFactors(highest.Select(h => h.HouseholdId), 3);

        Assert.Equal(5, factors.Count);
        foreach (var list in factors.Values)
        {
            Assert.InRange(list.Count, 1, 3);
            Assert.All(list, f => Assert.True(f.Contribution > 0 && f.Chinese.Length > 0 && f.English.Length > 0));
            Assert.Equal(list.OrderByDescending(f => f.Contribution), list);
        }
    }

    [Fact]
    public void ByClass_ExpectedReturns_RangeContainsExpectationAndSumsToTotal()
    {
        var scores = fixture.Risk.Score(fixture.Data);
        var byClass = scores.ByClass();

        Assert.Equal([1, 2, 3], byClass.Select(c => c.Key));
        Assert.All(byClass, c => Assert.True(c.Lower <= c.ExpectedCount && c.ExpectedCount <= c.Upper && c.Upper > c.Lower));
        Assert.Equal(scores.Households.Sum(h => h.Probability), byClass.Sum(c => c.ExpectedCount), 6);
        Assert.Equal(scores.Households.Count, scores.DistributionByCounty().Sum(d => d.Counts.Sum()));
    }
}
