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

        // Permutation importance on the 8,000 test households (about 170 returning): the margin leads or follows
        // monitoring status, which the generator's elimination rule ties to the same margin.
        Assert.True(top.Take(2).Any(s_incomeMargin.Contains), "top two: " + string.Join(", ", top.Take(2)));
        Assert.True(top.Take(10).Count(s_structuralDrivers.Contains) >= 2, "top ten: " + string.Join(", ", top.Take(10)));
        Assert.True(fixture.Risk.Evaluation.TopFactors[0].AucDecrease > 0.01, $"{fixture.Risk.Evaluation.TopFactors[0]}");
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
    public void Train_OtherSeed_OtherModel()
    {
        var options = ModelFixture.RiskOptions with { Rounds = 30 };
        using var first = RiskModel.Train(fixture.Data, options, cancellationToken: TestContext.Current.CancellationToken);
        using var second = RiskModel.Train(fixture.Data, options with { Seed = options.Seed + 1 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(
            first.Score(fixture.Data).Households.Select(h => h.RawScore),
            second.Score(fixture.Data).Households.Select(h => h.RawScore));
    }

    [Fact]
    public void Contributions_EveryHousehold_AddUpToItsCalibratedLogOdds()
    {
        var scores = fixture.Risk.Score(fixture.Data);
        var frame = RiskFeatures.Load(fixture.Data, fixture.Data.LastYear, fixture.Data.LastYear, labels: false);
        var rows = Enumerable.Range(0, frame.Rows).Where(i => i % 40 == 0).ToArray();

        var contributions = fixture.Risk.Contributions(frame, rows);

        Assert.True(rows.Length > 100);
        for (var r = 0; r < rows.Length; r++)
        {
            var p = scores.Households[rows[r]].Probability;
            var logOdds = Math.Log(p / (1 - p));
            Assert.Equal(logOdds, fixture.Risk.BaseLogOdds + contributions[r].Sum(), 4);
        }

        Assert.Contains(contributions, c => c.Any(v => v > 0.05));
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
        // Each class's point estimate is its Σp times the correction past years called for (1 when none).
        Assert.All(byClass, c => Assert.Equal(scores.Households.Where(h => h.CountyClass == c.Key).Sum(h => h.Probability), c.ExpectedCount / c.Correction, 6));
        Assert.Equal(scores.Province().ExpectedCount, byClass.Sum(c => c.ExpectedCount), 6);
        Assert.Equal(scores.Households.Count, scores.DistributionByCounty().Sum(d => d.Counts.Sum()));
    }

    [Fact]
    public void ReturnsBacktest_DemoData_TestsEveryCutoffWithTwoEarlierLabelledYears()
    {
        var backtest = fixture.Risk.ReturnsBacktest;
        var e = fixture.Risk.Evaluation;

        // Labelled cutoffs 2020–2024: each test cutoff needs a training and a calibration cutoff before it.
        Assert.Equal(Enumerable.Range(e.TrainFirstCutoff + 2, e.TestCutoff - e.TrainFirstCutoff - 1), backtest.TestCutoffs);
        Assert.All(backtest.Years, y => Assert.Equal(y.Cutoff - (y.Kind == ReturnsYearKind.Test ? 2 : 1), y.TrainLastCutoff));
        Assert.Equal(117 * backtest.TestCutoffs.Count, backtest.Checks.Count(c => c.Scope == RangeScope.County));
        Assert.Equal(3 * backtest.TestCutoffs.Count, backtest.Checks.Count(c => c.Scope == RangeScope.Class));
    }

    [Fact]
    public void ReturnsBacktest_EveryYear_ObservedReturnsAreTheDataLabels()
    {
        foreach (var year in fixture.Risk.ReturnsBacktest.Years)
        {
            var frame = RiskFeatures.Load(fixture.Data, year.Cutoff, year.Cutoff);
            var byCounty = Enumerable.Range(0, frame.Rows).GroupBy(i => frame.CountyCodes[i])
                .ToDictionary(g => g.Key, g => (Households: g.Count(), Returned: g.Count(i => frame.Labels[i] > 0.5f)));

            Assert.Equal(byCounty.Keys.Order(), year.Counties.Select(c => c.CountyCode));
            Assert.All(year.Counties, c => Assert.Equal(byCounty[c.CountyCode], (c.Households, c.Observed)));
        }
    }

    [Fact]
    public void ReturnsBacktest_ShippedTestYear_ExpectedIsTheModelsProbabilitiesSummed()
    {
        var test = fixture.Risk.ReturnsBacktest.Years.Single(y => y.Kind == ReturnsYearKind.Test && y.Cutoff == fixture.Risk.Evaluation.TestCutoff);
        var frame = RiskFeatures.Load(fixture.Data, test.Cutoff, test.Cutoff);
        var p = Array.ConvertAll(fixture.Risk.RawScores(frame, ModelFixture.Threads), fixture.Risk.Probability);

        foreach (var county in test.Counties)
        {
            var rows = Enumerable.Range(0, frame.Rows).Where(i => frame.CountyCodes[i] == county.CountyCode).ToArray();
            Assert.Equal(rows.Sum(i => p[i]), county.Expected, 6);
            Assert.Equal(rows.Sum(i => frame.SampleWeights[i] * p[i]), county.WeightedExpected, 3);
        }

        // The class checks of that year add up its counties: what the class table of `revival evaluate` prints.
        var checks = fixture.Risk.ReturnsBacktest.Checks.Where(c => c.Cutoff == test.Cutoff && c.Scope == RangeScope.Class);
        Assert.All(checks, c => Assert.Equal(test.Counties.Where(k => k.CountyClass == c.Key).Sum(k => k.Observed), c.Observed));
    }
}
