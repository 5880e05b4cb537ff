using System.Globalization;
using Microsoft.ML.Trainers.LightGbm;

namespace RevivalAnalytics.Models;

/// <summary>Training settings of the return-to-poverty risk model (ML.NET's LightGbm).</summary>
public sealed record RiskModelOptions
{
    /// <summary>Random seed of the <c>MLContext</c> and of LightGbm; the same data, seed and <see cref="Threads"/> give the same model.</summary>
    public int Seed { get; init; } = 20210101;

    /// <summary>Threads for LightGbm and for scoring.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Boosting rounds.</summary>
    public int Rounds { get; init; } = 300;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>
    /// Tree depth. At most <see cref="Trees.ForestEvaluator.Depth"/> (5), so that the vector evaluator scores every tree;
    /// LightGbm grows leaf by leaf up to 31 leaves within it.
    /// </summary>
    public int MaxDepth { get; init; } = 5;

    /// <summary>Minimum hessian in a leaf; keeps leaves away from a handful of rare positives.</summary>
    public double MinChildWeight { get; init; } = 5;

    /// <summary>L2 penalty on leaf values.</summary>
    public double L2Regularization { get; init; } = 1;

    /// <summary>Row sampling per tree.</summary>
    public double Subsample { get; init; } = 0.8;

    /// <summary>Column sampling per tree.</summary>
    public double ColumnSampleByTree { get; init; } = 0.8;

    /// <summary>
    /// Most training rows. Beyond it every positive row is kept and negatives are sampled (deterministically, by
    /// household id and seed) and weighted by the inverse of their sampling rate, so LightGbm sees the same
    /// problem at a bounded cost; the calibration year is never sampled.
    /// </summary>
    public int MaxTrainingRows { get; init; } = 1_500_000;

    /// <summary>Test-year rows the permutation feature importance shuffles (each feature's shuffle is scored by ML.NET, about 5 µs a row).</summary>
    public int ImportanceRows { get; init; } = 30_000;

    internal LightGbmBinaryTrainer.Options ToLightGbm() => new()
    {
        LabelColumnName = "Label",
        FeatureColumnName = "Features",
        ExampleWeightColumnName = "Weight",
        NumberOfIterations = Rounds,
        LearningRate = LearningRate,
        NumberOfLeaves = (1 << MaxDepth) - 1,
        MinimumExampleCountPerLeaf = 20,
        NumberOfThreads = Threads,
        Seed = Seed,
        // The logistic link's scale. ML.NET's default of 0.5 puts the minimum hessian per leaf and the L2 penalty in
        // units of a quarter, so MinChildWeight 5 acted like 20; with 1 they mean what they mean in XGBoost.
        Sigmoid = 1,
        // LightGbm times row-wise against column-wise histograms at start and keeps the faster: a choice that depends
        // on the machine's load, and with it the sums' order. Fixing it keeps a seed's model the same.
        Deterministic = true,
        ForceColumnWise = true,
        UseCategoricalSplit = false,
        Booster = new GradientBooster.Options
        {
            MaximumTreeDepth = MaxDepth,
            MinimumChildWeight = MinChildWeight,
            // XGBoost's default L2 penalty on leaf values (ML.NET's default is 0.01); measured on the demo data: ROC-AUC
            // 0.668 against 0.660.
            L2Regularization = L2Regularization,
            SubsampleFraction = Subsample,
            SubsampleFrequency = 1,
            FeatureFraction = ColumnSampleByTree,
        },
    };

    internal Dictionary<string, string> ToParameters() => new(StringComparer.Ordinal)
    {
        ["engine"] = "ML.NET LightGbm",
        ["objective"] = "binary",
        ["rounds"] = Rounds.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["max_depth"] = MaxDepth.ToString(CultureInfo.InvariantCulture),
        ["num_leaves"] = ((1 << MaxDepth) - 1).ToString(CultureInfo.InvariantCulture),
        ["min_child_weight"] = MinChildWeight.ToString("R", CultureInfo.InvariantCulture),
        ["l2"] = L2Regularization.ToString("R", CultureInfo.InvariantCulture),
        ["sigmoid"] = "1",
        ["subsample"] = Subsample.ToString("R", CultureInfo.InvariantCulture),
        ["feature_fraction"] = ColumnSampleByTree.ToString("R", CultureInfo.InvariantCulture),
        ["threads"] = Threads.ToString(CultureInfo.InvariantCulture),
        ["calibration"] = "ML.NET Platt calibrator fitted on the calibration year",
        ["missing_value"] = RiskFeatures.Missing.ToString("R", CultureInfo.InvariantCulture),
        ["max_training_rows"] = MaxTrainingRows.ToString(CultureInfo.InvariantCulture),
        ["backtest"] = "rolling origin: one fold per earlier cutoff, trained on the shipped model's sample of its cutoffs",
        ["importance"] = "ML.NET permutation feature importance, ROC-AUC decrease, " + ImportanceRows.ToString(CultureInfo.InvariantCulture) + " test-year rows",
    };
}
