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

    [Fact]
    public void Backtest_DemoData_BeatsLastGrowthInEveryClassAndClassMeanOneYearAhead()
    {
        var accuracy = fixture.Income.Backtest.Accuracy;

        foreach (var countyClass in new[] { 1, 2, 3 })
        {
            var overall = accuracy.Single(a => a.CountyClass == countyClass && a.Horizon == 0);
            var oneYear = accuracy.Single(a => a.CountyClass == countyClass && a.Horizon == 1);
            Assert.True(overall.ModelMape < overall.LastGrowthMape && overall.ModelMase < overall.LastGrowthMase, $"{overall}");
            Assert.True(oneYear.ModelMase < oneYear.ClassGrowthMase * 1.05, $"{oneYear}");
        }
    }

    [Fact]
    public void Backtest_DemoData_ReportsCoverageNearNominal()
    {
        var all = fixture.Income.Backtest.Accuracy.Single(a => a.CountyClass == 0 && a.Horizon == 0);

        Assert.True(all.CoverageForecasts > 100);
        Assert.InRange(all.Coverage, 0.6, 1.0);
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
    public void Train_SameSeed_SameForecasts()
    {
        using var again = IncomeForecastModel.Train(fixture.Data, ModelFixture.IncomeOptions, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(fixture.Income.Forecast(fixture.Data).Select(f => f.Forecast), again.Forecast(fixture.Data).Select(f => f.Forecast));
    }
}
