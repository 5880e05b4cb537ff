using System.Globalization;

namespace RevivalAnalytics.Xgboost;

public sealed partial class XgbBooster
{
    // Metrics where larger is better, by their name before any "@k" cut-off; all others (logloss, rmse, mape...) fall.
    private static readonly string[] s_largerIsBetter = ["auc", "aucpr", "map", "ndcg", "pre"];

    /// <summary>
    /// Trains a model on <paramref name="train"/>. Deterministic: the same data, <see cref="XgbTrainOptions.Seed"/>
    /// and <see cref="XgbTrainOptions.Threads"/> give the same model.
    /// </summary>
    /// <param name="train">Labelled training data; its feature names, if any, go into the model.</param>
    /// <param name="options">The parameters.</param>
    /// <param name="evaluation">Labelled data scored after every round (named <c>eval</c>); needed for early stopping.</param>
    /// <param name="progress">Told after every round.</param>
    /// <param name="cancellationToken">Checked between rounds.</param>
    /// <returns>The trained booster, which the caller disposes.</returns>
    /// <exception cref="ArgumentException">An option is out of range, early stopping lacks an evaluation matrix, or the matrices disagree in width.</exception>
    /// <exception cref="XgboostException">XGBoost refused a parameter or the data.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between rounds.</exception>
    public static XgbBooster Train(
        XgbMatrix train,
        XgbTrainOptions options,
        XgbMatrix? evaluation = null,
        IProgress<XgbTrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.EarlyStoppingRounds is not null && evaluation is null)
        {
            throw new ArgumentException(
                "早停需要评估数据集 / early stopping needs an evaluation matrix.", nameof(evaluation));
        }

        if (evaluation is not null && evaluation.Columns != train.Columns)
        {
            throw new ArgumentException(
                $"评估数据有 {evaluation.Columns} 列，训练数据有 {train.Columns} 列 / the evaluation matrix has {evaluation.Columns} columns, the training matrix {train.Columns}.",
                nameof(evaluation));
        }

        var handle = CreateBooster(train, evaluation);
        try
        {
            Configure(handle, options);
            if (train.FeatureNames is { } names)
            {
                SetFeatureNames(handle, names);
            }

            var log = new List<string>();
            var best = default((int Round, double Score)?);
            for (var round = 0; round < options.Rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                NativeMethods.Check(
                    NativeMethods.XGBoosterUpdateOneIter(handle, round, train.Handle),
                    nameof(NativeMethods.XGBoosterUpdateOneIter));

                string? line = null;
                if (evaluation is not null)
                {
                    line = EvaluateRound(handle, round, evaluation, "eval");
                    log.Add(line);
                }

                progress?.Report(new XgbTrainingProgress(round + 1, options.Rounds, line));
                if (options.EarlyStoppingRounds is { } patience && line is not null)
                {
                    var (metric, score) = LastMetric(line);
                    if (best is null || (IsLargerBetter(metric) ? score > best.Value.Score : score < best.Value.Score))
                    {
                        best = (round, score);
                    }
                    else if (round - best.Value.Round >= patience)
                    {
                        break;
                    }
                }
            }

            if (best is { } b)
            {
                handle = KeepRounds(handle, b.Round + 1, options, train.FeatureNames);
                SetAttribute(handle, "best_iteration", b.Round.ToString(CultureInfo.InvariantCulture));
                SetAttribute(handle, "best_score", b.Score.ToString("R", CultureInfo.InvariantCulture));
            }

            return new XgbBooster(handle, options.Threads, log, best?.Round, best?.Score);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static unsafe BoosterHandle CreateBooster(XgbMatrix train, XgbMatrix? evaluation)
    {
        // The matrices are handed to XGBoost as a prediction cache; it keeps its own reference to them.
        var matrices = evaluation is null ? [train.Handle] : new[] { train.Handle, evaluation.Handle };
        var added = new bool[matrices.Length];
        try
        {
            var raw = stackalloc nint[matrices.Length];
            for (var i = 0; i < matrices.Length; i++)
            {
                matrices[i].DangerousAddRef(ref added[i]);
                raw[i] = matrices[i].DangerousGetHandle();
            }

            NativeMethods.Check(
                NativeMethods.XGBoosterCreate(raw, (ulong)matrices.Length, out var booster),
                nameof(NativeMethods.XGBoosterCreate));
            return booster;
        }
        finally
        {
            for (var i = 0; i < matrices.Length; i++)
            {
                if (added[i])
                {
                    matrices[i].DangerousRelease();
                }
            }
        }
    }

    private static void Configure(BoosterHandle booster, XgbTrainOptions options)
    {
        static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

        SetParameter(booster, "tree_method", "hist");
        SetParameter(booster, "nthread", Integer(options.Threads));
        SetParameter(booster, "objective", options.Objective);
        SetParameter(booster, "eta", Number(options.LearningRate));
        SetParameter(booster, "max_depth", Integer(options.MaxDepth));
        SetParameter(booster, "min_child_weight", Number(options.MinChildWeight));
        SetParameter(booster, "subsample", Number(options.Subsample));
        SetParameter(booster, "colsample_bytree", Number(options.ColumnSampleByTree));
        SetParameter(booster, "lambda", Number(options.Lambda));
        SetParameter(booster, "seed", Integer(options.Seed));
        foreach (var metric in options.EvalMetrics)
        {
            // XGBoost appends each eval_metric it is given rather than replacing the previous one.
            SetParameter(booster, "eval_metric", metric);
        }

        foreach (var (name, value) in options.AdditionalParameters)
        {
            SetParameter(booster, name, value);
        }
    }

    private static BoosterHandle KeepRounds(BoosterHandle booster, int rounds, XgbTrainOptions options, IReadOnlyList<string>? featureNames)
    {
        NativeMethods.Check(NativeMethods.XGBoosterBoostedRounds(booster, out var boosted), nameof(NativeMethods.XGBoosterBoostedRounds));
        if (rounds >= boosted)
        {
            return booster;
        }

        NativeMethods.Check(NativeMethods.XGBoosterSlice(booster, 0, rounds, 1, out var sliced), nameof(NativeMethods.XGBoosterSlice));
        booster.Dispose();
        try
        {
            SetParameter(sliced, "nthread", options.Threads.ToString(CultureInfo.InvariantCulture));
            if (featureNames is not null)
            {
                SetFeatureNames(sliced, featureNames);
            }

            return sliced;
        }
        catch
        {
            sliced.Dispose();
            throw;
        }
    }

    private static void SetAttribute(BoosterHandle booster, string key, string value) =>
        NativeMethods.Check(NativeMethods.XGBoosterSetAttr(booster, key, value), nameof(NativeMethods.XGBoosterSetAttr));

    /// <summary>Whether a larger value of an XGBoost metric (e.g. "auc", "map@5", "ndcg@10-") means a better model.</summary>
    internal static bool IsLargerBetter(string metric)
    {
        var cutOff = metric.IndexOf('@', StringComparison.Ordinal);
        return s_largerIsBetter.Contains(cutOff < 0 ? metric : metric[..cutOff], StringComparer.Ordinal);
    }

    /// <summary>Reads the last "name-metric:value" of an evaluation line such as "[3]\teval-logloss:0.41\teval-auc:0.88".</summary>
    internal static (string Metric, double Score) LastMetric(string line)
    {
        var last = line[(line.LastIndexOf('\t') + 1)..];
        var colon = last.LastIndexOf(':');
        var dash = last.IndexOf('-', StringComparison.Ordinal);
        var metric = last[(dash + 1)..colon];
        return (metric, double.Parse(last[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
