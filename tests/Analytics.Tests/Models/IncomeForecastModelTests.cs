using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

[Collection(ModelCollection.Name)]
public sealed class IncomeForecastModelTests(ModelFixture fixture)
{
    [Fact]
    public void Backtest_DemoData_BeatsBothNaiveBaselinesOverall()
    {
        var all = fixture.Income.Backtest.Accuracy.Single(a => a.CountyClass == 0 && a.Horizon == 0);

        Assert.True(all.ModelMape < all.LastGrowthMape && all.ModelMape < all.ClassGrowthMape, $"MAPE {all}");
        Assert.True(all.ModelMase < all.LastGrowthMase && all.ModelMase < all.ClassGrowthMase, $"MASE {all}");
    }

    // The fixture's county incomes are full size (117 counties, 2016–2025: county data do not depend on the number of
    // households), so every class and horizon has 170–322 backtest forecasts. Three years ahead in the pilot and key
    // classes the margin over the class mean is thin (about 1–2% of the error: the peers' growth is carried forward
    // as the class baseline does, and the model wins by the counties' trend departures); the test pins the seed.
    [Fact]
    public void Backtest_EveryClassAndHorizon_BeatsBothBaselinesOnMapeAndMase()
    {
        var accuracy = fixture.Income.Backtest.Accuracy;

        foreach (var countyClass in new[] { 0, 1, 2, 3 })
        {
            foreach (var horizon in new[] { 0, 1, 2, 3 })
            {
                var a = accuracy.Single(x => x.CountyClass == countyClass && x.Horizon == horizon);
                Assert.True(a.Forecasts >= 170, $"{a}");
                Assert.True(a.ModelMape < a.LastGrowthMape && a.ModelMape < a.ClassGrowthMape, $"MAPE {a}");
                Assert.True(a.ModelMase < a.LastGrowthMase && a.ModelMase < a.ClassGrowthMase, $"MASE {a}");
            }
        }
    }

    // Tolerance: the intervals are calibrated on earlier residuals only, and the peers' growth turned in 2022
    // (poverty-area +12.7% → +9.0%) in a way no earlier residual showed, so forecasts made in 2021 miss together.
    // Measured on three generator seeds (20210101, 7, 11): 82–90% overall, 77–91% per horizon, 70–100% per class and
    // horizon.
    [Fact]
    public void Backtest_Intervals_CoverNearNominalOverallAndPerHorizon()
    {
        var accuracy = fixture.Income.Backtest.Accuracy;
        var all = accuracy.Single(a => a.CountyClass == 0 && a.Horizon == 0);

        Assert.True(all.CoverageForecasts > 1000, $"{all}");
        Assert.InRange(all.Coverage, 0.80, 0.97);
        foreach (var horizon in new[] { 1, 2, 3 })
        {
            var a = accuracy.Single(x => x.CountyClass == 0 && x.Horizon == horizon);
            Assert.True(a.CoverageForecasts >= 300, $"{a}");
            Assert.InRange(a.Coverage, 0.75, 0.98);
        }

        foreach (var a in accuracy.Where(x => x.CountyClass != 0 && x.Horizon != 0))
        {
            Assert.InRange(a.Coverage, 0.60, 1.0);
        }
    }

    [Fact]
    public void Forecast_EveryCounty_ThreeYearsWithOrderedIntervals()
    {
        var forecasts = fixture.Income.Forecast(fixture.Data);

        Assert.Equal(117 * 3, forecasts.Count);
        Assert.All(forecasts, f =>
        {
            Assert.Equal(2025, f.OriginYear);
            Assert.Equal(2025 + f.Horizon, f.Year);
            Assert.True(f.Lower < f.Forecast && f.Forecast < f.Upper, $"{f}");
            Assert.InRange(f.AnnualGrowth, -0.05, 0.2);
        });
    }

    [Fact]
    public void Train_FourYears_ThrowsInsufficientHistory()
    {
        using var data = ModelDataSource.FromExport(fixture.SmallExport(2022, 2025), ModelFixture.Threads);

        var error = Assert.Throws<ModelException>(() => IncomeForecastModel.Train(data, ModelFixture.IncomeOptions, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ModelErrorKind.InsufficientHistory, error.Kind);
        Assert.Contains("4 年", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_Twice_SameForecasts()
    {
        using var again = IncomeForecastModel.Train(fixture.Data, ModelFixture.IncomeOptions, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(fixture.Income.Forecast(fixture.Data).Select(f => f.Forecast), again.Forecast(fixture.Data).Select(f => f.Forecast));
        Assert.Contains("no learned component", again.Metadata.Parameters["method"], StringComparison.Ordinal);
    }
}
