namespace RevivalAnalytics.Models;

/// <summary>A county's income forecast for one year.</summary>
/// <param name="CountyCode">County code.</param>
/// <param name="CountyClass">County class code.</param>
/// <param name="OriginYear">The last year of data used.</param>
/// <param name="Year">The forecast year.</param>
/// <param name="Horizon">Years ahead of the origin.</param>
/// <param name="OriginIncome">Rural per-capita disposable income in the origin year (yuan).</param>
/// <param name="Forecast">Forecast income (yuan).</param>
/// <param name="Lower">Lower end of the prediction interval.</param>
/// <param name="Upper">Upper end of the prediction interval.</param>
/// <param name="Actual">The observed income (backtests only), else NaN.</param>
public sealed record CountyIncomeForecast(int CountyCode, int CountyClass, int OriginYear, int Year, int Horizon, double OriginIncome, double Forecast, double Lower, double Upper, double Actual)
{
    /// <summary>Forecast annual growth rate (e.g. 0.065 for +6.5% a year).</summary>
    public double AnnualGrowth => Math.Pow(Forecast / OriginIncome, 1.0 / Horizon) - 1;
}

/// <summary>Backtest accuracy of the model and the two naive baselines for one class (0 = all) and horizon (0 = all).</summary>
/// <param name="CountyClass">Class code, 0 for all counties.</param>
/// <param name="Horizon">Years ahead, 0 for all horizons.</param>
/// <param name="Forecasts">Forecasts scored.</param>
/// <param name="ModelMape">Model's mean absolute percentage error (%).</param>
/// <param name="LastGrowthMape">MAPE of "last year's growth continues" (%).</param>
/// <param name="ClassGrowthMape">MAPE of "the class's average growth last year" (%).</param>
/// <param name="ModelMase">Model's mean absolute scaled error (scale: the county's mean absolute yearly change up to the origin).</param>
/// <param name="LastGrowthMase">MASE of the last-growth baseline.</param>
/// <param name="ClassGrowthMase">MASE of the class-growth baseline.</param>
/// <param name="Coverage">Share of actuals inside the interval, over forecasts whose interval used only residuals known at the origin (NaN if none).</param>
/// <param name="CoverageForecasts">Forecasts behind <paramref name="Coverage"/>.</param>
public sealed record IncomeAccuracy(
    int CountyClass,
    int Horizon,
    int Forecasts,
    double ModelMape,
    double LastGrowthMape,
    double ClassGrowthMape,
    double ModelMase,
    double LastGrowthMase,
    double ClassGrowthMase,
    double Coverage,
    int CoverageForecasts);

/// <summary>The rolling-origin backtest: at each origin the model is trained on what was known then and forecasts 1–3 years ahead.</summary>
/// <param name="FirstOrigin">First origin year.</param>
/// <param name="LastOrigin">Last origin year.</param>
/// <param name="IntervalLevel">Nominal interval coverage.</param>
/// <param name="ResidualLower">Lower quantile of the normalised log residual (log residual ÷ (peer group's growth volatility × √(h(h+1)(2h+1)/6))), from all backtest forecasts (used by the final model).</param>
/// <param name="ResidualUpper">Upper quantile of the normalised log residual.</param>
/// <param name="Accuracy">Accuracy per class and horizon.</param>
public sealed record IncomeBacktest(int FirstOrigin, int LastOrigin, double IntervalLevel, double ResidualLower, double ResidualUpper, IReadOnlyList<IncomeAccuracy> Accuracy)
{
    /// <summary>Every backtest forecast (not stored in the model's metadata; present right after training or <see cref="IncomeForecastModel.RunBacktest(ModelDataSource, IncomeModelOptions?, IProgress{ModelProgress}?, CancellationToken)"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<CountyIncomeForecast> Forecasts { get; init; } = [];
}
