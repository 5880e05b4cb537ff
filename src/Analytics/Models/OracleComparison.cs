namespace RevivalAnalytics.Models;

/// <summary>The risk model beside the truth on the same test-year households: the gap is what the model leaves on the table.</summary>
/// <param name="TestCutoff">The test cutoff year (outcomes of the year after).</param>
/// <param name="Model">The model's calibrated probabilities.</param>
/// <param name="Oracle">The reference probabilities (the generator's own, <c>GeneratorOracle</c>).</param>
/// <param name="ByClass">The same per county class.</param>
/// <param name="ModelReliability">Reliability table of the model's probabilities (ten bins of equal size).</param>
/// <param name="OracleReliability">Reliability table of the oracle's probabilities.</param>
/// <param name="Uncertainty">How far the two ROC-AUCs and their gap can be trusted.</param>
public sealed record RiskOracleComparison(
    int TestCutoff,
    BinaryScores Model,
    BinaryScores Oracle,
    IReadOnlyList<ClassOracleScores> ByClass,
    IReadOnlyList<ReliabilityBin> ModelReliability,
    IReadOnlyList<ReliabilityBin> OracleReliability,
    AucGapUncertainty Uncertainty)
{
    /// <summary>Oracle ROC-AUC minus the model's.</summary>
    public double AucGap => Oracle.RocAuc - Model.RocAuc;
}

/// <summary>
/// Standard errors of the model's and the oracle's ROC-AUC on the test year (a paired bootstrap over its households:
/// which households happened to return), of their gap, and of the oracle's AUC from its own estimate's noise.
/// </summary>
/// <param name="Model">Sampling standard error of the model's ROC-AUC.</param>
/// <param name="Oracle">Sampling standard error of the oracle's ROC-AUC.</param>
/// <param name="Gap">Sampling standard error of the gap (the same resamples for both, so it is smaller than either alone would suggest).</param>
/// <param name="OracleEstimate">Standard error of the oracle's ROC-AUC from the noise of its estimated probabilities (0 when the reference carries no errors).</param>
/// <param name="OracleEstimateDrop">How far that noise pulls the oracle's ROC-AUC down on average (estimated by adding the same noise once more).</param>
public sealed record AucGapUncertainty(double Model, double Oracle, double Gap, double OracleEstimate, double OracleEstimateDrop);

/// <summary>Model and oracle scores of one county class.</summary>
/// <param name="CountyClass">1 先行示范县, 2 整体推进县, 3 重点帮扶县.</param>
/// <param name="Model">The model's scores.</param>
/// <param name="Oracle">The oracle's scores.</param>
public sealed record ClassOracleScores(int CountyClass, BinaryScores Model, BinaryScores Oracle);

/// <summary>The income forecast beside the true path, for one class (0 = all) and horizon (0 = all), over the backtest's forecasts.</summary>
/// <param name="CountyClass">Class code, 0 for all counties.</param>
/// <param name="Horizon">Years ahead, 0 for all horizons.</param>
/// <param name="Forecasts">Forecasts compared.</param>
/// <param name="ModelMape">The model's MAPE against the actual income (%).</param>
/// <param name="TruthMape">The true path's MAPE against the actual income (%): the yearly noise no forecast can foresee.</param>
/// <param name="ModelToTruthMape">The model's mean absolute percentage distance from the true path (%): what it gets wrong that could be known.</param>
public sealed record IncomeTruthAccuracy(int CountyClass, int Horizon, int Forecasts, double ModelMape, double TruthMape, double ModelToTruthMape);

public sealed partial class RiskModel
{
    // Enough for a standard error good to about 5% (bootstrap) and 16% (noise); each costs one pass over the test year.
    private const int BootstrapResamples = 200;
    private const int NoiseRepeats = 20;

    /// <summary>
    /// Scores the test year's households (<see cref="RiskEvaluation.TestCutoff"/>) with this model and with
    /// <paramref name="reference"/> (a probability per household id, e.g. the generator's oracle) and evaluates both
    /// the same way.
    /// </summary>
    /// <param name="data">The data the model was evaluated on.</param>
    /// <param name="reference">Reference probability by household id.</param>
    /// <param name="threads">Scoring threads; null for all cores.</param>
    /// <param name="referenceError">The reference probability's standard error by household id, when it is an estimate (the oracle's); null for none.</param>
    /// <returns>Both sets of scores, overall and per class, with their uncertainty.</returns>
    /// <exception cref="ModelException">The data cannot be read.</exception>
    public RiskOracleComparison CompareWith(ModelDataSource data, Func<long, double> reference, int? threads = null, Func<long, double>? referenceError = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(reference);
        var test = Evaluation.TestCutoff;
        var rows = RiskFeatures.Load(data, test, test);
        var scores = RawScores(rows, threads ?? Environment.ProcessorCount);
        var model = Array.ConvertAll(scores, Probability);
        var ranking = Array.ConvertAll(scores, s => (double)s);
        var oracle = Array.ConvertAll(rows.HouseholdIds, id => reference(id));
        var byClass = rows.CountyClasses.Distinct().Order().Select(c =>
        {
            var index = Enumerable.Range(0, rows.Rows).Where(i => rows.CountyClasses[i] == c).ToArray();
            var labels = index.Select(i => rows.Labels[i]).ToArray();
            return new ClassOracleScores(
                c,
                BinaryMetrics.Score(labels, [.. index.Select(i => model[i])], [.. index.Select(i => ranking[i])]),
                BinaryMetrics.Score(labels, [.. index.Select(i => oracle[i])]));
        }).ToArray();
        var sampling = AucUncertainty.PairedBootstrap(rows.Labels, ranking, oracle, BootstrapResamples, seed: 1);
        var estimate = referenceError is null
            ? (StandardError: 0.0, Drop: 0.0)
            : AucUncertainty.EstimatorNoise(rows.Labels, oracle, Array.ConvertAll(rows.HouseholdIds, id => referenceError(id)), NoiseRepeats, seed: 2);
        return new RiskOracleComparison(
            test,
            BinaryMetrics.Score(rows.Labels, model, ranking),
            BinaryMetrics.Score(rows.Labels, oracle),
            byClass,
            BinaryMetrics.Reliability(rows.Labels, model, 10),
            BinaryMetrics.Reliability(rows.Labels, oracle, 10),
            new AucGapUncertainty(sampling.A, sampling.B, sampling.Difference, estimate.StandardError, estimate.Drop));
    }
}

public sealed partial class IncomeForecastModel
{
    /// <summary>
    /// Measures the backtest's forecasts and a true path (e.g. the generator's county incomes without their yearly
    /// noise) against the actual incomes, per class and horizon.
    /// </summary>
    /// <param name="backtest">A backtest with its forecasts (<see cref="RunBacktest(ModelDataSource, IncomeModelOptions?, IProgress{ModelProgress}?, CancellationToken)"/>).</param>
    /// <param name="truth">True income by county code and year.</param>
    /// <returns>One row per class (0 = all) and horizon (0 = all).</returns>
    /// <exception cref="ArgumentException">The backtest carries no forecasts (it was read from a stored model).</exception>
    public static IReadOnlyList<IncomeTruthAccuracy> CompareWith(IncomeBacktest backtest, Func<int, int, double> truth)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        ArgumentNullException.ThrowIfNull(truth);
        if (backtest.Forecasts.Count == 0)
        {
            throw new ArgumentException("回测结果不含逐条预测(存储的模型不保存它们),请先运行 RunBacktest。The backtest carries no forecasts (stored models do not keep them); run RunBacktest first.", nameof(backtest));
        }

        var rows = backtest.Forecasts.Select(f => (f.CountyClass, f.Horizon, f.Forecast, f.Actual, Truth: truth(f.CountyCode, f.Year))).ToArray();
        var result = new List<IncomeTruthAccuracy>();
        foreach (var countyClass in new[] { 0 }.Concat(rows.Select(r => r.CountyClass).Distinct().Order()))
        {
            foreach (var horizon in new[] { 0 }.Concat(rows.Select(r => r.Horizon).Distinct().Order()))
            {
                var cell = rows.Where(r => (countyClass == 0 || r.CountyClass == countyClass) && (horizon == 0 || r.Horizon == horizon)).ToArray();
                if (cell.Length > 0)
                {
                    result.Add(new IncomeTruthAccuracy(
                        countyClass,
                        horizon,
                        cell.Length,
                        cell.Average(r => Ape(r.Forecast, r.Actual)),
                        cell.Average(r => Ape(r.Truth, r.Actual)),
                        cell.Average(r => Ape(r.Forecast, r.Truth))));
                }
            }
        }

        return result;
    }
}
