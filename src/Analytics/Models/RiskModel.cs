using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using RevivalAnalytics.Models.MlNet;
using RevivalAnalytics.Models.Trees;

namespace RevivalAnalytics.Models;

/// <summary>
/// Household return-to-poverty risk: the calibrated probability that a poverty-alleviated household or monitored
/// object falls under the monitoring line, or is identified as a monitored object, within the 12 months after a
/// cutoff year. Trained time-correctly with ML.NET's LightGbm: earlier cutoffs train the trees, the next one
/// calibrates them (ML.NET's Platt calibrator), the last labelled one tests them.
/// </summary>
public sealed partial class RiskModel : IDisposable
{
    /// <summary>The model kind in the store.</summary>
    public const string Kind = "risk";

    private const int MinimumLabelledCutoffs = 3;

    private readonly ITransformer _transformer;
    private readonly TreeEnsemble _trees;
    private readonly ForestEvaluator _evaluator;
    private readonly PlattCalibrator _calibrator;
    private readonly Lazy<TreeShap> _shap;
    private readonly Lazy<ReturnRanges> _ranges;

    private RiskModel(ITransformer transformer, TreeEnsemble trees, PlattCalibrator calibrator, ModelMetadata metadata)
    {
        _transformer = transformer;
        _trees = trees;
        _evaluator = ForestEvaluator.Create(trees);
        _calibrator = calibrator;
        _shap = new Lazy<TreeShap>(() => new TreeShap(trees));
        _ranges = new Lazy<ReturnRanges>(() => ReturnRanges.FromHistory(metadata.ReturnsBacktest!.Years));
        Metadata = metadata;
    }

    /// <summary>How the model was made, its evaluation and calibration.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The held-out evaluation made at training time.</summary>
    public RiskEvaluation Evaluation => Metadata.RiskEvaluation!;

    /// <summary>The rolling-origin backtest of expected returning households made at training time, with its ranges' coverage.</summary>
    public ReturnsBacktest ReturnsBacktest => Metadata.ReturnsBacktest!;

    /// <summary>The range method fitted on the backtest's years: what <see cref="RiskScores"/>' ranges use.</summary>
    internal ReturnRanges Ranges => _ranges.Value;

    /// <summary>The features in the model's order with their plain Chinese and English names.</summary>
    public static IReadOnlyList<(string Name, string Chinese, string English)> Features { get; } =
        [.. RiskFeatures.All.Select(f => (f.Name, f.Chinese, f.English))];

    /// <summary>ML.NET's own model: the LightGbm prediction transformer followed by the Platt calibrator.</summary>
    internal ITransformer Transformer => _transformer;

    internal TreeEnsemble Trees => _trees;

    internal ForestEvaluator Evaluator => _evaluator;

    /// <summary>Loads the latest (or the given) risk model from <paramref name="store"/> without training.</summary>
    /// <param name="store">The model store.</param>
    /// <param name="id">A model id, or null for the latest.</param>
    /// <param name="threads">Ignored (kept for callers that pass it); scoring uses <see cref="RiskModelOptions.Threads"/> of training unless <see cref="Score"/> is told otherwise.</param>
    /// <returns>The model, which the caller disposes.</returns>
    /// <exception cref="ModelException">The model is missing, corrupt, trained by the former XGBoost engine, trained on other features, or trained before the backtest of its ranges (<see cref="ModelErrorKind.ModelMismatch"/>: retrain).</exception>
    public static RiskModel Load(ModelStore store, string? id = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (metadata, path) = store.Load(Kind, id, RiskFeatures.Names);
        if (metadata.Calibration is null || metadata.RiskEvaluation is null || metadata.TreeCovers is null || path is null)
        {
            throw new ModelException(ModelErrorKind.ModelCorrupt, $"模型 {metadata.Id} 的元数据缺少校准、评估或树的覆盖数。Model {metadata.Id} metadata lacks its calibration, evaluation or tree covers.");
        }

        if (metadata.ReturnsBacktest is null)
        {
            throw new ModelException(
                ModelErrorKind.ModelMismatch,
                $"模型 {metadata.Id} 训练于返贫户数区间纳入共同冲击之前,缺少滚动回测;请运行 revival train 重新训练。Model {metadata.Id} was trained before the ranges of returning households took in shared shocks and has no rolling-origin backtest; retrain with `revival train`.");
        }

        ITransformer transformer;
        try
        {
            transformer = new MLContext(metadata.Seed).Model.Load(path, out _);
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException or IOException or InvalidDataException or ArgumentException)
        {
            throw new ModelException(ModelErrorKind.ModelCorrupt, $"模型文件 {path} 无法由 ML.NET 读取:{error.Message}。ML.NET cannot read model file {path}: {error.Message}", error);
        }

        var (predictor, calibrator) = Parts(transformer, path);
        var trees = TreeEnsemble.FromMlNet(predictor.Model.SubModel.TrainedTreeEnsemble, RiskFeatures.All.Count, metadata.TreeCovers);
        if (metadata.TreeCovers.Count != trees.Trees.Count || trees.Trees.Select((t, i) => t.Leaf.Length == metadata.TreeCovers[i].Length).Any(same => !same))
        {
            throw new ModelException(ModelErrorKind.ModelCorrupt, $"模型 {metadata.Id} 的树覆盖数与 {path} 中的树不符。The tree covers of model {metadata.Id} do not match the trees in {path}.");
        }

        return new RiskModel(transformer, trees, calibrator, metadata);
    }

    /// <summary>Saves the model as a new version in <paramref name="store"/>: ML.NET's zip and our metadata beside it.</summary>
    /// <param name="store">The model store.</param>
    /// <returns>The model's folder.</returns>
    public string Save(ModelStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var context = new MLContext(Metadata.Seed);
        var schema = TrainingView([], [], [], 0).Schema;
        return store.Save(Metadata, path => context.Model.Save(_transformer, schema, path));
    }

    /// <summary>Scores every eligible household at <paramref name="cutoffYear"/> (default: the data's last year).</summary>
    /// <param name="data">The data.</param>
    /// <param name="cutoffYear">The cutoff year; the probabilities are for the year after it.</param>
    /// <param name="threads">Scoring threads; null for all cores.</param>
    /// <returns>One score per household, ordered by household id.</returns>
    /// <exception cref="ModelException">The data cannot be read.</exception>
    public RiskScores Score(ModelDataSource data, int? cutoffYear = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var year = cutoffYear ?? data.LastYear;
        var frame = RiskFeatures.Load(data, year, year, labels: false);
        var raw = RawScores(frame, threads ?? Environment.ProcessorCount);
        var scores = new HouseholdRiskScore[frame.Rows];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = new HouseholdRiskScore(
                frame.HouseholdIds[i], frame.CountyCodes[i], frame.CountyClasses[i], year, Probability(raw[i]), frame.SampleWeights[i], raw[i]);
        }

        return new RiskScores(this, frame, scores);
    }

    /// <summary>Nothing native is held since the model runs on ML.NET; kept so callers can keep their <c>using</c>.</summary>
    public void Dispose()
    {
    }

    /// <summary>The calibrated probability of a trees' score, by ML.NET's calibrator.</summary>
    internal double Probability(float score) => _calibrator.PredictProbability(score);

    /// <summary>The trees' scores of every row of <paramref name="frame"/>: ML.NET's, bit for bit, from <see cref="ForestEvaluator"/>.</summary>
    internal float[] RawScores(RiskFrame frame, int threads)
    {
        var scores = new float[frame.Rows];
        _evaluator.Score(frame.Features, frame.Rows, scores, threads);
        return scores;
    }

    /// <summary>The training view: label, features, weight (1 when <paramref name="weights"/> is empty).</summary>
    internal static ArrayDataView TrainingView(float[] features, float[] labels, float[] weights, int rows) =>
        new ArrayDataView(rows)
            .Boolean("Label", i => labels[i] > 0.5f)
            .Vector("Features", features, RiskFeatures.All.Count, i => i)
            .Single("Weight", i => weights.Length == 0 ? 1f : weights[i]);

    private static (BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> Predictor, PlattCalibrator Calibrator) Parts(ITransformer transformer, string path)
    {
        if (transformer is TransformerChain<ITransformer> chain
            && chain.Count() == 2
            && chain.First() is BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> predictor
            && chain.Last() is PlattCalibratorTransformer calibration)
        {
            return (predictor, ((ISingleFeaturePredictionTransformer<PlattCalibrator>)calibration).Model);
        }

        throw new ModelException(ModelErrorKind.ModelMismatch, $"模型文件 {path} 不是本程序训练的 LightGbm 加校准器模型,请运行 revival train 重新训练。Model file {path} is not the LightGbm model with a calibrator this program trains; run `revival train` again.");
    }
}
