using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RevivalAnalytics.Xgboost;

namespace RevivalAnalytics.Models;

/// <summary>Training settings of the return-to-poverty risk model.</summary>
public sealed record RiskModelOptions
{
    /// <summary>Random seed; the same data, seed and <see cref="Threads"/> give the same model.</summary>
    public int Seed { get; init; } = 20210101;

    /// <summary>Threads for XGBoost.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Boosting rounds.</summary>
    public int Rounds { get; init; } = 300;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Tree depth.</summary>
    public int MaxDepth { get; init; } = 5;

    /// <summary>Minimum hessian in a leaf; keeps leaves away from a handful of rare positives.</summary>
    public double MinChildWeight { get; init; } = 5;

    /// <summary>Row sampling per tree.</summary>
    public double Subsample { get; init; } = 0.8;

    /// <summary>Column sampling per tree.</summary>
    public double ColumnSampleByTree { get; init; } = 0.8;

    /// <summary>
    /// Most training rows. Beyond it every positive row is kept and negatives are sampled (deterministically, by
    /// household id and seed) and weighted by the inverse of their sampling rate, so the booster sees the same
    /// problem at a bounded cost; the calibration year is never sampled.
    /// </summary>
    public int MaxTrainingRows { get; init; } = 1_500_000;

    internal XgbTrainOptions ToXgboost() => new()
    {
        Objective = "binary:logistic",
        Rounds = Rounds,
        LearningRate = LearningRate,
        MaxDepth = MaxDepth,
        MinChildWeight = MinChildWeight,
        Subsample = Subsample,
        ColumnSampleByTree = ColumnSampleByTree,
        Seed = Seed,
        Threads = Threads,
        EvalMetrics = ["logloss"],
    };

    internal Dictionary<string, string> ToParameters() => new(StringComparer.Ordinal)
    {
        ["objective"] = "binary:logistic",
        ["tree_method"] = "hist",
        ["rounds"] = Rounds.ToString(CultureInfo.InvariantCulture),
        ["eta"] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["max_depth"] = MaxDepth.ToString(CultureInfo.InvariantCulture),
        ["min_child_weight"] = MinChildWeight.ToString("R", CultureInfo.InvariantCulture),
        ["subsample"] = Subsample.ToString("R", CultureInfo.InvariantCulture),
        ["colsample_bytree"] = ColumnSampleByTree.ToString("R", CultureInfo.InvariantCulture),
        ["nthread"] = Threads.ToString(CultureInfo.InvariantCulture),
        ["calibration"] = "isotonic",
        ["max_training_rows"] = MaxTrainingRows.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Scores of one county class on the test year.</summary>
/// <param name="CountyClass">1 先行示范县, 2 整体推进县, 3 重点帮扶县.</param>
/// <param name="Scores">The class's scores.</param>
public sealed record ClassScores(int CountyClass, BinaryScores Scores);

/// <summary>
/// The risk model's time-correct evaluation: trained on cutoffs <see cref="TrainFirstCutoff"/>–<see cref="TrainLastCutoff"/>,
/// calibrated on <see cref="CalibrationCutoff"/>, scored on <see cref="TestCutoff"/> (labels from the year after each cutoff).
/// </summary>
/// <param name="TrainFirstCutoff">First training cutoff year.</param>
/// <param name="TrainLastCutoff">Last training cutoff year.</param>
/// <param name="CalibrationCutoff">Cutoff year of the calibration rows.</param>
/// <param name="TestCutoff">Cutoff year of the test rows.</param>
/// <param name="Test">Calibrated scores on the test year.</param>
/// <param name="TestUncalibrated">Raw booster scores on the test year (for the Brier gain of calibration).</param>
/// <param name="ByClass">Calibrated test scores per county class.</param>
/// <param name="Reliability">Reliability table of the calibrated test probabilities (ten bins of equal size).</param>
/// <param name="TopFactors">Features by mean absolute SHAP contribution on the test year, largest first.</param>
public sealed record RiskEvaluation(
    int TrainFirstCutoff,
    int TrainLastCutoff,
    int CalibrationCutoff,
    int TestCutoff,
    BinaryScores Test,
    BinaryScores TestUncalibrated,
    IReadOnlyList<ClassScores> ByClass,
    IReadOnlyList<ReliabilityBin> Reliability,
    IReadOnlyList<FeatureImportance> TopFactors);

/// <summary>A feature's mean absolute SHAP contribution (log-odds).</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Chinese">Plain Chinese name.</param>
/// <param name="English">Plain English name.</param>
/// <param name="MeanAbsoluteContribution">Mean |SHAP| over the rows.</param>
public sealed record FeatureImportance(string Feature, string Chinese, string English, double MeanAbsoluteContribution);

/// <summary>One reason a household's risk is higher than average: a feature, its value and its SHAP contribution.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Chinese">Plain Chinese name, e.g. 收入高于监测线的幅度.</param>
/// <param name="English">Plain English name.</param>
/// <param name="Value">The household's value of the feature (NaN when missing).</param>
/// <param name="Contribution">SHAP contribution to the log-odds (positive raises the risk).</param>
public sealed record RiskFactor(string Feature, string Chinese, string English, [property: JsonConverter(typeof(NaNAsNullJsonConverter))] double Value, double Contribution);

/// <summary>Writes NaN (a missing feature value) as JSON null: plain JSON has no NaN, and the HTTP API must not fail on one.</summary>
internal sealed class NaNAsNullJsonConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>A household's calibrated probability of returning to poverty in the year after the cutoff.</summary>
/// <param name="HouseholdId">Household id (no personal data).</param>
/// <param name="CountyCode">County code.</param>
/// <param name="CountyClass">County class code.</param>
/// <param name="CutoffYear">The year whose end the features describe.</param>
/// <param name="Probability">Calibrated probability of falling under the monitoring line or being identified in the next 12 months.</param>
/// <param name="SampleWeight">Households of the province the sample household stands for.</param>
/// <param name="RawScore">
/// The booster's uncalibrated probability. Calibration is a step function, so households with equal probabilities
/// are ranked by it (the highest-risk list would otherwise order a step by id).
/// </param>
public readonly record struct HouseholdRiskScore(long HouseholdId, int CountyCode, int CountyClass, int CutoffYear, double Probability, double SampleWeight, double RawScore);

/// <summary>Progress of a long model operation.</summary>
/// <param name="Stage">Bilingual stage name.</param>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
public readonly record struct ModelProgress(string Stage, int Step, int Steps);

/// <summary>
/// Household return-to-poverty risk: the calibrated probability that a poverty-alleviated household or monitored
/// object falls under the monitoring line, or is identified as a monitored object, within the 12 months after a
/// cutoff year. Trained time-correctly: earlier cutoffs train the booster, the next one calibrates it, the last
/// labelled one tests it.
/// </summary>
public sealed class RiskModel : IDisposable
{
    /// <summary>The model kind in the store.</summary>
    public const string Kind = "risk";

    private const int MinimumLabelledCutoffs = 3;

    /// <summary>No calibrated probability at either end rests on fewer calibration households than this.</summary>
    private const int MinimumCalibrationEndRows = 200;

    private readonly XgbBooster _booster;

    private RiskModel(XgbBooster booster, ModelMetadata metadata)
    {
        _booster = booster;
        Metadata = metadata;
    }

    /// <summary>How the model was made, its evaluation and calibration.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The held-out evaluation made at training time.</summary>
    public RiskEvaluation Evaluation => Metadata.RiskEvaluation!;

    /// <summary>The features in the model's order with their plain Chinese and English names.</summary>
    public static IReadOnlyList<(string Name, string Chinese, string English)> Features { get; } =
        [.. RiskFeatures.All.Select(f => (f.Name, f.Chinese, f.English))];

    /// <summary>Trains, calibrates and evaluates the model on <paramref name="data"/>.</summary>
    /// <param name="data">The data.</param>
    /// <param name="options">Training settings; null for the defaults.</param>
    /// <param name="progress">Receives the stage and boosting rounds.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <returns>The trained model, which the caller disposes.</returns>
    /// <exception cref="ModelException">Fewer than three labelled cutoff years with a monitoring line (<see cref="ModelErrorKind.InsufficientHistory"/>), or the data cannot be read.</exception>
    public static RiskModel Train(ModelDataSource data, RiskModelOptions? options = null, IProgress<ModelProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new RiskModelOptions();
        var cutoffs = LabelledCutoffs(data);
        if (cutoffs.Length < MinimumLabelledCutoffs)
        {
            throw new ModelException(
                ModelErrorKind.InsufficientHistory,
                $"数据 {data.Location} 只有 {cutoffs.Length} 个可用于训练的监测年度(需要至少 {MinimumLabelledCutoffs} 个:训练、校准、测试各一年,且每年都有下一年的结果)。" +
                $"The data in {data.Location} hold {cutoffs.Length} usable monitoring years; at least {MinimumLabelledCutoffs} are needed (train, calibrate, test, each with the following year's outcome).");
        }

        var test = cutoffs[^1];
        var calibration = cutoffs[^2];
        var trainFirst = cutoffs[0];
        var trainLast = cutoffs[^3];
        progress?.Report(new ModelProgress("读取特征 / loading features", 0, options.Rounds));
        var frame = RiskFeatures.Load(data, trainFirst, test);
        var trainRows = frame.SelectYears(y => y <= trainLast);
        var calibrationRows = frame.SelectYears(y => y == calibration);
        var testRows = frame.SelectYears(y => y == test);

        XgbBooster booster;
        var weights = DownsampleNegatives(trainRows, options.MaxTrainingRows, options.Seed, out trainRows);
        using (var trainMatrix = XgbMatrix.FromDense(trainRows.Features, trainRows.Rows, trainRows.Columns, trainRows.Labels, weights, RiskFeatures.Names))
        {
            IProgress<XgbTrainingProgress>? rounds = progress is null
                ? null
                : new SynchronousProgress<XgbTrainingProgress>(p => progress.Report(new ModelProgress("训练 / training", p.Round, p.Rounds)));
            booster = XgbBooster.Train(trainMatrix, options.ToXgboost(), null, rounds, cancellationToken);
        }

        try
        {
            progress?.Report(new ModelProgress("校准与评估 / calibrating and evaluating", options.Rounds, options.Rounds));
            var rawCalibration = PredictRaw(booster, calibrationRows);
            var calibrationMap = IsotonicCalibration.Fit(rawCalibration, calibrationRows.Labels, MinimumCalibrationEndRows);
            var rawTest = PredictRaw(booster, testRows);
            var calibrated = Array.ConvertAll(rawTest, calibrationMap.Apply);
            var byClass = testRows.CountyClasses.Distinct().Order()
                .Select(c =>
                {
                    var rows = Enumerable.Range(0, testRows.Rows).Where(i => testRows.CountyClasses[i] == c).ToArray();
                    return new ClassScores(c, BinaryMetrics.Score(rows.Select(i => testRows.Labels[i]).ToArray(), rows.Select(i => calibrated[i]).ToArray()));
                })
                .ToArray();
            var evaluation = new RiskEvaluation(
                trainFirst,
                trainLast,
                calibration,
                test,
                BinaryMetrics.Score(testRows.Labels, calibrated),
                BinaryMetrics.Score(testRows.Labels, rawTest),
                byClass,
                BinaryMetrics.Reliability(testRows.Labels, calibrated, 10),
                Importance(booster, testRows));

            var created = DateTimeOffset.UtcNow;
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["test_roc_auc"] = evaluation.Test.RocAuc,
                ["test_pr_auc"] = evaluation.Test.PrAuc,
                ["test_brier"] = evaluation.Test.Brier,
                ["test_brier_uncalibrated"] = evaluation.TestUncalibrated.Brier,
                ["test_positive_rate"] = (double)evaluation.Test.Positives / evaluation.Test.Rows,
                ["train_rows"] = trainRows.Rows,
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
                Calibration = calibrationMap,
                RiskEvaluation = evaluation,
            };
            return new RiskModel(booster, metadata);
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>Loads the latest (or the given) risk model from <paramref name="store"/> without training.</summary>
    /// <param name="store">The model store.</param>
    /// <param name="id">A model id, or null for the latest.</param>
    /// <param name="threads">Prediction threads; null for all cores.</param>
    /// <returns>The model, which the caller disposes.</returns>
    /// <exception cref="ModelException">The model is missing, corrupt or was trained on other features.</exception>
    public static RiskModel Load(ModelStore store, string? id = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (metadata, booster) = store.Load(Kind, id, RiskFeatures.Names, threads);
        if (metadata.Calibration is null || metadata.RiskEvaluation is null)
        {
            booster.Dispose();
            throw new ModelException(ModelErrorKind.ModelCorrupt, $"模型 {metadata.Id} 的元数据缺少校准或评估结果。Model {metadata.Id} metadata lacks its calibration or evaluation.");
        }

        return new RiskModel(booster, metadata);
    }

    /// <summary>Saves the model as a new version in <paramref name="store"/>.</summary>
    /// <param name="store">The model store.</param>
    /// <returns>The model's folder.</returns>
    public string Save(ModelStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Save(Metadata, _booster);
    }

    /// <summary>Scores every eligible household at <paramref name="cutoffYear"/> (default: the data's last year).</summary>
    /// <param name="data">The data.</param>
    /// <param name="cutoffYear">The cutoff year; the probabilities are for the year after it.</param>
    /// <returns>One score per household, ordered by household id.</returns>
    /// <exception cref="ModelException">The data cannot be read.</exception>
    public RiskScores Score(ModelDataSource data, int? cutoffYear = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var year = cutoffYear ?? data.LastYear;
        var frame = RiskFeatures.Load(data, year, year, labels: false);
        var raw = PredictRaw(_booster, frame);
        var scores = new HouseholdRiskScore[frame.Rows];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = new HouseholdRiskScore(
                frame.HouseholdIds[i], frame.CountyCodes[i], frame.CountyClasses[i], year, Metadata.Calibration!.Apply(raw[i]), frame.SampleWeights[i], raw[i]);
        }

        return new RiskScores(this, frame, scores);
    }

    /// <summary>Frees the booster.</summary>
    public void Dispose() => _booster.Dispose();

    /// <summary>
    /// Writes exactly the rows, features, labels and split that <see cref="Train"/> uses, as <c>train.csv</c>,
    /// <c>calibration.csv</c> and <c>test.csv</c> (columns: cutoff_year, county_class, label, then the features;
    /// empty = missing), so other learners can be compared on the same problem (bench/models).
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="folder">The output folder (created).</param>
    /// <returns>Rows written per split.</returns>
    /// <exception cref="ModelException">Too little history, or unreadable data.</exception>
    public static IReadOnlyDictionary<string, int> ExportTrainingData(ModelDataSource data, string folder)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var cutoffs = LabelledCutoffs(data);
        if (cutoffs.Length < MinimumLabelledCutoffs)
        {
            throw new ModelException(ModelErrorKind.InsufficientHistory, $"数据 {data.Location} 只有 {cutoffs.Length} 个可用监测年度。The data in {data.Location} hold {cutoffs.Length} usable monitoring years; at least {MinimumLabelledCutoffs} are needed.");
        }

        Directory.CreateDirectory(folder);
        var frame = RiskFeatures.Load(data, cutoffs[0], cutoffs[^1]);
        var splits = new Dictionary<string, RiskFrame>(StringComparer.Ordinal)
        {
            ["train"] = frame.SelectYears(y => y <= cutoffs[^3]),
            ["calibration"] = frame.SelectYears(y => y == cutoffs[^2]),
            ["test"] = frame.SelectYears(y => y == cutoffs[^1]),
        };
        var header = "cutoff_year,county_class,label," + string.Join(',', RiskFeatures.Names);
        foreach (var (name, rows) in splits)
        {
            using var writer = new StreamWriter(Path.Combine(folder, name + ".csv"));
            writer.WriteLine(header);
            var line = new System.Text.StringBuilder();
            for (var r = 0; r < rows.Rows; r++)
            {
                line.Clear();
                line.Append(CultureInfo.InvariantCulture, $"{rows.CutoffYears[r]},{rows.CountyClasses[r]},{rows.Labels[r]}");
                for (var c = 0; c < rows.Columns; c++)
                {
                    var v = rows.Features[((long)r * rows.Columns) + c];
                    line.Append(',');
                    if (!float.IsNaN(v))
                    {
                        line.Append(v.ToString("R", CultureInfo.InvariantCulture));
                    }
                }

                writer.WriteLine(line);
            }
        }

        return splits.ToDictionary(s => s.Key, s => s.Value.Rows, StringComparer.Ordinal);
    }

    internal IReadOnlyList<RiskFactor>[] Explain(RiskFrame frame, IReadOnlyList<int> rows, int top)
    {
        var subset = new float[rows.Count * frame.Columns];
        for (var r = 0; r < rows.Count; r++)
        {
            Array.Copy(frame.Features, (long)rows[r] * frame.Columns, subset, (long)r * frame.Columns, frame.Columns);
        }

        using var matrix = XgbMatrix.FromDense(subset, rows.Count, frame.Columns, default, featureNames: RiskFeatures.Names, threads: _booster.Threads);
        var contributions = _booster.PredictContributions(matrix);
        var result = new IReadOnlyList<RiskFactor>[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var factors = new List<RiskFactor>();
            for (var c = 0; c < frame.Columns; c++)
            {
                var value = contributions[r, c];
                if (value > 0)
                {
                    var feature = RiskFeatures.All[c];
                    factors.Add(new RiskFactor(feature.Name, feature.Chinese, feature.English, subset[(r * frame.Columns) + c], value));
                }
            }

            result[r] = [.. factors.OrderByDescending(f => f.Contribution).Take(top)];
        }

        return result;
    }

    private static float[] DownsampleNegatives(RiskFrame frame, int maxRows, int seed, out RiskFrame sampled)
    {
        var positives = frame.Labels.Count(l => l > 0.5f);
        var negatives = frame.Rows - positives;
        if (frame.Rows <= maxRows || negatives == 0)
        {
            sampled = frame;
            return [];
        }

        var rate = Math.Max(0.01, (double)(maxRows - positives) / negatives);
        sampled = frame.SelectRows(i => frame.Labels[i] > 0.5f || Uniform(frame.HouseholdIds[i], frame.CutoffYears[i], seed) < rate);
        var weights = new float[sampled.Rows];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = sampled.Labels[i] > 0.5f ? 1f : (float)(1 / rate);
        }

        return weights;
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

    internal static int[] LabelledCutoffs(ModelDataSource data)
    {
        var years = RiskFeatures.MonitoringYears(data).Where(y => y <= data.LastYear).ToHashSet();
        return [.. years.Where(y => years.Contains(y + 1)).Order()];
    }

    private static double[] PredictRaw(XgbBooster booster, RiskFrame frame) =>
        Array.ConvertAll(booster.Predict(frame.Features, frame.Rows, frame.Columns), v => (double)v);

    private static FeatureImportance[] Importance(XgbBooster booster, RiskFrame frame)
    {
        // SHAP on about 3,000 rows: the ranking is stable long before that and TreeSHAP is the slow part.
        var step = Math.Max(1, frame.Rows / 3_000);
        var rows = Enumerable.Range(0, frame.Rows).Where(i => i % step == 0).ToArray();
        var subset = new float[rows.Length * frame.Columns];
        for (var r = 0; r < rows.Length; r++)
        {
            Array.Copy(frame.Features, (long)rows[r] * frame.Columns, subset, (long)r * frame.Columns, frame.Columns);
        }

        using var matrix = XgbMatrix.FromDense(subset, rows.Length, frame.Columns, default, featureNames: RiskFeatures.Names);
        var contributions = booster.PredictContributions(matrix);
        var result = new FeatureImportance[frame.Columns];
        for (var c = 0; c < frame.Columns; c++)
        {
            double sum = 0;
            for (var r = 0; r < rows.Length; r++)
            {
                sum += Math.Abs(contributions[r, c]);
            }

            var feature = RiskFeatures.All[c];
            result[c] = new FeatureImportance(feature.Name, feature.Chinese, feature.English, rows.Length == 0 ? 0 : sum / rows.Length);
        }

        return [.. result.OrderByDescending(f => f.MeanAbsoluteContribution)];
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
