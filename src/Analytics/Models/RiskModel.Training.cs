using Microsoft.ML;
using Microsoft.ML.Data;
using RevivalAnalytics.Models.MlNet;
using RevivalAnalytics.Models.Trees;

namespace RevivalAnalytics.Models;

public sealed partial class RiskModel
{
    /// <summary>Trains, calibrates and evaluates the model on <paramref name="data"/>.</summary>
    /// <param name="data">The data.</param>
    /// <param name="options">Training settings; null for the defaults.</param>
    /// <param name="progress">Receives the stages.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <returns>The trained model, which the caller disposes.</returns>
    /// <exception cref="ModelException">Fewer than three labelled cutoff years with a monitoring line (<see cref="ModelErrorKind.InsufficientHistory"/>), or the data cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static RiskModel Train(ModelDataSource data, RiskModelOptions? options = null, IProgress<ModelProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new RiskModelOptions();
        var split = Split(data);
        const int Steps = 5;
        progress?.Report(new ModelProgress("读取特征 / loading features", 0, Steps));

        // Year by year: a year's features are read, sampled and let go before the next, and the backtest folds read
        // their calibration and test years again when they need them. At 2,000,000 households holding every year's
        // features at once (and twice while the frame was built) was most of the peak memory.
        var (trainRows, weights) = LoadTraining(data, split.TrainFirst, split.TrainLast, options.MaxTrainingRows, options.Seed, cancellationToken);
        var calibrationRows = RiskFeatures.Load(data, split.Calibration, split.Calibration);
        var testRows = RiskFeatures.Load(data, split.Test, split.Test);
        cancellationToken.ThrowIfCancellationRequested();
        OpenMpWaitPolicy.PreferPassive();

        progress?.Report(new ModelProgress("滚动回测 / rolling-origin backtest", 1, Steps));
        var backtestYears = BacktestFolds(data, trainRows, weights, calibrationRows, split, options, cancellationToken);

        // One MLContext with the seed for everything that draws random numbers; the same calls in the same order
        // then give the same model.
        var context = new MLContext(options.Seed);
        progress?.Report(new ModelProgress("训练 / training", 2, Steps));
        var predictor = FitTrees(context, trainRows, weights, options);
        cancellationToken.ThrowIfCancellationRequested();

        // TreeSHAP needs each node's share of the training weight, which ML.NET does not keep: the training rows are
        // passed through the trees once more.
        var trees = TreeEnsemble.FromMlNet(predictor.Model.SubModel.TrainedTreeEnsemble, RiskFeatures.All.Count)
            .WithCovers(trainRows.Features, trainRows.Rows, weights, options.Threads);
        var evaluator = ForestEvaluator.Create(trees);
        var trainRowCount = trainRows.Rows;
        trainRows = null;

        progress?.Report(new ModelProgress("校准与评估 / calibrating and evaluating", 3, Steps));
        var calibrationScores = Scores(evaluator, calibrationRows, options.Threads);
        var (calibration, platt) = FitPlatt(context, calibrationRows, calibrationScores);
        var transformer = new TransformerChain<ITransformer>(predictor, calibration);

        var testScores = Scores(evaluator, testRows, options.Threads);
        var calibrated = Array.ConvertAll(testScores, s => (double)platt.PredictProbability(s));
        backtestYears.Add(ReturnsYear.Of(calibrationRows, Array.ConvertAll(calibrationScores, s => (double)platt.PredictProbability(s)), split.TrainLast, ReturnsYearKind.Calibration));
        backtestYears.Add(ReturnsYear.Of(testRows, calibrated, split.TrainLast, ReturnsYearKind.Test));
        var uncalibrated = Array.ConvertAll(testScores, s => (double)predictor.Model.Calibrator.PredictProbability(s));
        var ranking = Array.ConvertAll(testScores, s => (double)s);
        var byClass = testRows.CountyClasses.Distinct().Order()
            .Select(c =>
            {
                var rows = Enumerable.Range(0, testRows.Rows).Where(i => testRows.CountyClasses[i] == c).ToArray();
                return new ClassScores(c, BinaryMetrics.Score(
                    rows.Select(i => testRows.Labels[i]).ToArray(), rows.Select(i => calibrated[i]).ToArray(), rows.Select(i => ranking[i]).ToArray()));
            })
            .ToArray();
        progress?.Report(new ModelProgress("特征重要性 / feature importance", 4, Steps));
        var evaluation = new RiskEvaluation(
            split.TrainFirst,
            split.TrainLast,
            split.Calibration,
            split.Test,
            BinaryMetrics.Score(testRows.Labels, calibrated, ranking),
            BinaryMetrics.Score(testRows.Labels, uncalibrated, ranking),
            byClass,
            BinaryMetrics.Reliability(testRows.Labels, calibrated, 10),
            Importance(context, predictor, testRows, options.ImportanceRows));

        var created = DateTimeOffset.UtcNow;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["test_roc_auc"] = evaluation.Test.RocAuc,
            ["test_pr_auc"] = evaluation.Test.PrAuc,
            ["test_brier"] = evaluation.Test.Brier,
            ["test_log_loss_bits"] = evaluation.Test.LogLoss,
            ["test_brier_uncalibrated"] = evaluation.TestUncalibrated.Brier,
            ["test_positive_rate"] = (double)evaluation.Test.Positives / evaluation.Test.Rows,
            ["train_rows"] = trainRowCount,
        };
        foreach (var c in byClass)
        {
            metrics[$"test_roc_auc_class{c.CountyClass}"] = c.Scores.RocAuc;
            metrics[$"test_pr_auc_class{c.CountyClass}"] = c.Scores.PrAuc;
        }

        var metadata = new ModelMetadata
        {
            Id = ModelStore.NewId(Kind, created, data.Fingerprint),
            Kind = Kind,
            CreatedUtc = created,
            DataFingerprint = data.Fingerprint,
            DataFirstYear = data.FirstYear,
            DataLastYear = data.LastYear,
            Features = RiskFeatures.Names,
            Parameters = options.ToParameters(),
            Seed = options.Seed,
            Metrics = metrics,
            Calibration = new PlattCalibration(platt.Slope, platt.Offset),
            RiskEvaluation = evaluation,
            ReturnsBacktest = ReturnRanges.Backtest(backtestYears),
            TreeCovers = [.. trees.Trees.Select(t => t.LeafCover)],
        };
        progress?.Report(new ModelProgress("完成 / done", Steps, Steps));
        return new RiskModel(transformer, trees, platt, metadata);
    }

    /// <summary>The cutoff years of the time-correct split: all but the last two train, the second-last calibrates, the last tests.</summary>
    internal static (int TrainFirst, int TrainLast, int Calibration, int Test) Split(ModelDataSource data)
    {
        var cutoffs = LabelledCutoffs(data);
        if (cutoffs.Length < MinimumLabelledCutoffs)
        {
            throw new ModelException(
                ModelErrorKind.InsufficientHistory,
                $"数据 {data.Location} 只有 {cutoffs.Length} 个可用于训练的监测年度(需要至少 {MinimumLabelledCutoffs} 个:训练、校准、测试各一年,且每年都有下一年的结果)。" +
                $"The data in {data.Location} hold {cutoffs.Length} usable monitoring years; at least {MinimumLabelledCutoffs} are needed (train, calibrate, test, each with the following year's outcome).");
        }

        return (cutoffs[0], cutoffs[^3], cutoffs[^2], cutoffs[^1]);
    }

    internal static int[] LabelledCutoffs(ModelDataSource data)
    {
        var years = RiskFeatures.MonitoringYears(data).Where(y => y <= data.LastYear).ToHashSet();
        return [.. years.Where(y => years.Contains(y + 1)).Order()];
    }

    private static float[] Scores(ForestEvaluator evaluator, RiskFrame rows, int threads)
    {
        var scores = new float[rows.Rows];
        evaluator.Score(rows.Features, rows.Rows, scores, threads);
        return scores;
    }

    /// <summary>
    /// The training rows of the cutoffs <paramref name="trainFirst"/>…<paramref name="trainLast"/>, read a year at a
    /// time, ordered by cutoff year and household. Beyond <paramref name="maxRows"/> every positive is kept and negatives
    /// are sampled by household and year, weighted by the inverse of the rate (empty weights: all 1); a count over the
    /// years comes first, so each year is sampled at the rate of the whole.
    /// </summary>
    private static (RiskFrame Rows, float[] Weights) LoadTraining(ModelDataSource data, int trainFirst, int trainLast, int maxRows, int seed, CancellationToken cancellationToken)
    {
        var counts = data.Query($"SELECT count(*) AS n, count(*) FILTER (WHERE label > 0.5) AS positives FROM ({RiskFeatures.BuildSql(data, trainFirst, trainLast)})");
        var rows = counts.GetInt64s("n")[0];
        var positives = counts.GetInt64s("positives")[0];
        var negatives = rows - positives;
        var sample = rows > maxRows && negatives > 0;
        var rate = sample ? Math.Max(0.01, (double)(maxRows - positives) / negatives) : 1;
        var years = new List<RiskFrame>();
        for (var year = trainFirst; year <= trainLast; year++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = RiskFeatures.Load(data, year, year);
            years.Add(sample ? frame.SelectRows(i => frame.Labels[i] > 0.5f || Uniform(frame.HouseholdIds[i], frame.CutoffYears[i], seed) < rate) : frame);
        }

        var training = RiskFrame.Concat(years);
        if (!sample)
        {
            return (training, []);
        }

        var weights = new float[training.Rows];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = training.Labels[i] > 0.5f ? 1f : (float)(1 / rate);
        }

        return (training, weights);
    }

    /// <summary>A uniform number in [0, 1) from a household, year and seed (SplitMix64), independent of row order.</summary>
    private static double Uniform(long household, int year, int seed)
    {
        var z = (ulong)household * 0x9E3779B97F4A7C15UL ^ ((ulong)year << 32) ^ (ulong)(uint)seed;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>
    /// ML.NET's permutation feature importance on (at most <paramref name="maxRows"/> of) the test year: the fall of the
    /// ROC-AUC when one feature's values are shuffled among the rows. The binary catalog's overload wants the
    /// prediction transformer as <see cref="ISingleFeaturePredictionTransformer{TModel}"/> of object.
    /// </summary>
    private static FeatureImportance[] Importance(MLContext context, ITransformer predictor, RiskFrame test, int maxRows)
    {
        var rows = Math.Min(test.Rows, maxRows);
        var view = new ArrayDataView(rows)
            .Boolean("Label", i => test.Labels[i] > 0.5f)
            .Vector("Features", test.Features, test.Columns, i => i);
        var importance = context.BinaryClassification.PermutationFeatureImportance(
            (ISingleFeaturePredictionTransformer<object>)predictor, view, "Label", useFeatureWeightFilter: false, numberOfExamplesToUse: rows, permutationCount: 1);
        return [.. RiskFeatures.All
            .Select((f, i) => new FeatureImportance(f.Name, f.Chinese, f.English, -importance[i].AreaUnderRocCurve.Mean))
            .OrderByDescending(f => f.AucDecrease)];
    }
}
