using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using RevivalAnalytics.Models.MlNet;
using RevivalAnalytics.Models.Trees;

namespace RevivalAnalytics.Models;

public sealed partial class RiskModel
{
    /// <summary>
    /// The earlier folds of the rolling-origin backtest. For every labelled cutoff T before the test cutoff that has two
    /// labelled cutoffs before it, a model is trained the way the shipped one is — trees on the cutoffs up to T − 2,
    /// ML.NET's Platt calibrator on T − 1 — and its probabilities are summed per county on T − 1 (calibration) and T
    /// (test) and set against what happened. The shipped model is the last fold; its two years are added by the caller.
    /// A fold's training rows are the shipped model's own sample restricted to the fold's cutoffs (the same households
    /// and weights: beyond <see cref="RiskModelOptions.MaxTrainingRows"/> the sampling rate is the shipped model's, so an
    /// early fold trains on fewer rows), its calibration and test years are read whole from <paramref name="data"/> when
    /// the fold needs them or, for the year the shipped model calibrates on, come from <paramref name="calibrationRows"/>.
    /// </summary>
    private static List<ReturnsYear> BacktestFolds(
        ModelDataSource data,
        RiskFrame trainRows,
        float[] weights,
        RiskFrame calibrationRows,
        (int TrainFirst, int TrainLast, int Calibration, int Test) split,
        RiskModelOptions options,
        CancellationToken cancellationToken)
    {
        var cutoffs = LabelledCutoffs(data).Where(y => y >= split.TrainFirst && y <= split.Test).ToArray();
        RiskFrame Year(int cutoff) => cutoff == split.Calibration ? calibrationRows : RiskFeatures.Load(data, cutoff, cutoff);
        var years = new List<ReturnsYear>();
        for (var i = 2; i < cutoffs.Length && cutoffs[i] < split.Test; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (trainLast, calibrationCutoff, testCutoff) = (cutoffs[i - 2], cutoffs[i - 1], cutoffs[i]);
            var rows = Enumerable.Range(0, trainRows.Rows).Where(r => trainRows.CutoffYears[r] <= trainLast).ToArray();
            var foldRows = trainRows.SelectRows(r => trainRows.CutoffYears[r] <= trainLast);
            float[] foldWeights = weights.Length == 0 ? [] : [.. rows.Select(r => weights[r])];

            // A context of its own per fold: the shipped model then draws exactly what it drew before there were folds.
            var context = new MLContext(options.Seed);
            var predictor = FitTrees(context, foldRows, foldWeights, options);
            foldRows = null;
            var evaluator = ForestEvaluator.Create(TreeEnsemble.FromMlNet(predictor.Model.SubModel.TrainedTreeEnsemble, RiskFeatures.All.Count));
            var calibration = Year(calibrationCutoff);
            var calibrationScores = Scores(evaluator, calibration, options.Threads);
            var (_, platt) = FitPlatt(context, calibration, calibrationScores);
            years.Add(ReturnsYear.Of(calibration, Array.ConvertAll(calibrationScores, s => (double)platt.PredictProbability(s)), trainLast, ReturnsYearKind.Calibration));
            calibration = null;
            var test = Year(testCutoff);
            var testScores = Scores(evaluator, test, options.Threads);
            years.Add(ReturnsYear.Of(test, Array.ConvertAll(testScores, s => (double)platt.PredictProbability(s)), trainLast, ReturnsYearKind.Test));
        }

        return years;
    }

    /// <summary>LightGbm's trees on the training rows (weights: empty for all 1).</summary>
    private static BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> FitTrees(MLContext context, RiskFrame trainRows, float[] weights, RiskModelOptions options) =>
        context.BinaryClassification.Trainers.LightGbm(options.ToLightGbm())
            .Fit(TrainingView(trainRows.Features, trainRows.Labels, weights, trainRows.Rows));

    /// <summary>ML.NET's Platt calibrator fitted on the calibration year's trees' scores.</summary>
    private static (ITransformer Calibration, PlattCalibrator Platt) FitPlatt(MLContext context, RiskFrame calibrationRows, float[] calibrationScores)
    {
        var view = new ArrayDataView(calibrationRows.Rows)
            .Boolean("Label", i => calibrationRows.Labels[i] > 0.5f)
            .Single("Score", i => calibrationScores[i]);
        var calibration = context.BinaryClassification.Calibrators.Platt().Fit(view);
        return (calibration, ((ISingleFeaturePredictionTransformer<PlattCalibrator>)calibration).Model);
    }
}
