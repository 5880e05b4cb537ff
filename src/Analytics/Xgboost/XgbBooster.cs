namespace RevivalAnalytics.Xgboost;

/// <summary>
/// A gradient-boosted tree model in XGBoost's memory: trained with <see cref="Train"/> or read with
/// <see cref="Load"/>. Calls are serialised, so one booster may be shared between threads. Dispose it to
/// free the native memory.
/// </summary>
public sealed partial class XgbBooster : IDisposable
{
    private readonly BoosterHandle _handle;
    private readonly Lock _gate = new();
    private (SimdForest? Forest, string? Reason)? _prediction;

    private XgbBooster(BoosterHandle handle, int threads, IReadOnlyList<string> evaluationLog, int? bestIteration, double? bestScore)
    {
        _handle = handle;
        Threads = threads;
        EvaluationLog = evaluationLog;
        BestIteration = bestIteration;
        BestScore = bestScore;
    }

    /// <summary>The threads XGBoost uses for this booster.</summary>
    public int Threads { get; }

    /// <summary>XGBoost's evaluation line for every training round; empty for a loaded model or without an evaluation matrix.</summary>
    public IReadOnlyList<string> EvaluationLog { get; }

    /// <summary>With early stopping, the best round counting from 0 (the model keeps the trees up to it, and the file records it); otherwise null.</summary>
    public int? BestIteration { get; }

    /// <summary>With early stopping, the evaluation score at <see cref="BestIteration"/>; otherwise null.</summary>
    public double? BestScore { get; }

    /// <summary>The number of boosting rounds the model holds.</summary>
    public int BoostedRounds
    {
        get
        {
            lock (_gate)
            {
                NativeMethods.Check(NativeMethods.XGBoosterBoostedRounds(Handle, out var rounds), nameof(NativeMethods.XGBoosterBoostedRounds));
                return rounds;
            }
        }
    }

    /// <summary>The number of features the model was trained on.</summary>
    public int FeatureCount
    {
        get
        {
            lock (_gate)
            {
                NativeMethods.Check(NativeMethods.XGBoosterGetNumFeature(Handle, out var count), nameof(NativeMethods.XGBoosterGetNumFeature));
                return checked((int)count);
            }
        }
    }

    /// <summary>The feature names the model was trained with (saved in the model file), or an empty list.</summary>
    public unsafe IReadOnlyList<string> FeatureNames
    {
        get
        {
            lock (_gate)
            {
                NativeMethods.Check(
                    NativeMethods.XGBoosterGetStrFeatureInfo(Handle, "feature_name", out var count, out var names),
                    nameof(NativeMethods.XGBoosterGetStrFeatureInfo));
                return NativeMethods.CopyStrings(names, count);
            }
        }
    }

    private BoosterHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>
    /// Evaluates the model's metrics on <paramref name="matrix"/> (its labels), as XGBoost formats them,
    /// e.g. <c>[100]\tholdout-auc:0.912</c>.
    /// </summary>
    /// <param name="matrix">Labelled data.</param>
    /// <param name="name">The name XGBoost puts before each metric.</param>
    /// <returns>XGBoost's evaluation line.</returns>
    /// <exception cref="XgboostException">XGBoost refused (for example a matrix without labels).</exception>
    public string Evaluate(XgbMatrix matrix, string name = "eval")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            NativeMethods.Check(NativeMethods.XGBoosterBoostedRounds(Handle, out var rounds), nameof(NativeMethods.XGBoosterBoostedRounds));
            return EvaluateRound(Handle, rounds, matrix, name);
        }
    }

    /// <summary>Frees the native booster; safe to call more than once.</summary>
    public void Dispose() => _handle.Dispose();

    private static unsafe string EvaluateRound(BoosterHandle booster, int iteration, XgbMatrix matrix, string name)
    {
        var matrixHandle = matrix.Handle;
        var added = false;
        try
        {
            matrixHandle.DangerousAddRef(ref added);
            var raw = matrixHandle.DangerousGetHandle();
            using var names = new Utf8StringArray([name]);
            NativeMethods.Check(
                NativeMethods.XGBoosterEvalOneIter(booster, iteration, &raw, names.Pointers, 1, out var result),
                nameof(NativeMethods.XGBoosterEvalOneIter));
            return NativeMethods.CopyString(result);
        }
        finally
        {
            if (added)
            {
                matrixHandle.DangerousRelease();
            }
        }
    }

    private static unsafe void SetFeatureNames(BoosterHandle booster, IReadOnlyList<string> names)
    {
        using var strings = new Utf8StringArray(names);
        NativeMethods.Check(
            NativeMethods.XGBoosterSetStrFeatureInfo(booster, "feature_name", strings.Pointers, (ulong)names.Count),
            nameof(NativeMethods.XGBoosterSetStrFeatureInfo));
    }

    private static void SetParameter(BoosterHandle booster, string name, string value) =>
        NativeMethods.Check(NativeMethods.XGBoosterSetParam(booster, name, value), $"{nameof(NativeMethods.XGBoosterSetParam)}({name}={value})");
}
