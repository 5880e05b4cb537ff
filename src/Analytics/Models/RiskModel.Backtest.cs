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
    /// </summary>
    private static List<ReturnsYear> BacktestFolds(RiskFrame frame, (int TrainFirst, int TrainLast, int Calibration, int Test) split, RiskModelOptions options, CancellationToken cancellationToken)
    {
        var cutoffs = frame.CutoffYears.Distinct().Order().ToArray();
        var years = new List<ReturnsYear>();
        for (var i = 2; i < cutoffs.Length && cutoffs[i] < split.Test; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (trainLast, calibrationCutoff, testCutoff) = (cutoffs[i - 2], cutoffs[i - 1], cutoffs[i]);
            var (trainRows, weights) = SampleTraining(frame, trainLast, options.BacktestMaxTrainingRows, options.Seed);

            // A context of its own per fold: the shipped model then draws exactly what it drew before there were folds.
            var context = new MLContext(options.Seed);
            var predictor = FitTrees(context, trainRows, weights, options);
            trainRows = null;
            var evaluator = ForestEvaluator.Create(TreeEnsemble.FromMlNet(predictor.Model.SubModel.TrainedTreeEnsemble, RiskFeatures.All.Count));
            var calibrationRows = frame.SelectYears(y => y == calibrationCutoff);
            var calibrationScores = Scores(evaluator, calibrationRows, options.Threads);
            var (_, platt) = FitPlatt(context, calibrationRows, calibrationScores);
            years.Add(ReturnsYear.Of(calibrationRows, Array.ConvertAll(calibrationScores, s => (double)platt.PredictProbability(s)), trainLast, ReturnsYearKind.Calibration));
            calibrationRows = null;
            var testRows = frame.SelectYears(y => y == testCutoff);
            var testScores = Scores(evaluator, testRows, options.Threads);
            years.Add(ReturnsYear.Of(testRows, Array.ConvertAll(testScores, s => (double)platt.PredictProbability(s)), trainLast, ReturnsYearKind.Test));
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
