using RevivalAnalytics.Xgboost;
using Xunit;

namespace RevivalAnalytics.Tests.Xgboost;

/// <summary>One synthetic data set and one model trained on it, shared by the booster tests to keep them fast.</summary>
public sealed class XgbModelFixture : IDisposable
{
    public const int TrainRows = 16_000;
    public const int TestRows = 4_000;
    public const int Columns = 8;

    public XgbModelFixture()
    {
        Data = SyntheticRiskData.Create(TrainRows + TestRows, Columns, seed: 20261122);
        Train = ToMatrix(Data.Slice(0, TrainRows), Data.FeatureNames);
        Test = ToMatrix(Data.Slice(TrainRows, TestRows), Data.FeatureNames);
        Booster = XgbBooster.Train(Train, Options);
    }

    public static XgbTrainOptions Options { get; } = new()
    {
        Objective = "binary:logistic",
        Rounds = 60,
        LearningRate = 0.1,
        MaxDepth = 4,
        Subsample = 0.8,
        ColumnSampleByTree = 0.8,
        Seed = 7,
        Threads = 2,
        EvalMetrics = ["logloss", "auc"],
    };

    internal SyntheticRiskData Data { get; }

    public XgbMatrix Train { get; }

    public XgbMatrix Test { get; }

    public XgbBooster Booster { get; }

    public float[] TestLabels => Data.Labels[TrainRows..];

    public float[] TestTrueProbabilities => Data.TrueProbabilities[TrainRows..];

    internal static XgbMatrix ToMatrix(XgbMatrixParts parts, IReadOnlyList<string>? names = null) =>
        XgbMatrix.FromDense(parts.Features.Span, parts.Rows, parts.Columns, parts.Labels.Span, featureNames: names, threads: 2);

    public void Dispose()
    {
        Booster.Dispose();
        Train.Dispose();
        Test.Dispose();
    }
}
