namespace RevivalAnalytics.Xgboost;

/// <summary>
/// Training parameters. The defaults are XGBoost's own except <see cref="Threads"/> and the tree method,
/// which is always <c>hist</c> (1.7 would otherwise pick <c>exact</c>, about 25× slower).
/// </summary>
public sealed record XgbTrainOptions
{
    /// <summary>The learning objective, e.g. <c>binary:logistic</c>, <c>reg:squarederror</c>.</summary>
    public string Objective { get; init; } = "binary:logistic";

    /// <summary>Boosting rounds (trees per output); with early stopping, the most.</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>Learning rate (eta).</summary>
    public double LearningRate { get; init; } = 0.3;

    /// <summary>Maximum tree depth.</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>Minimum sum of instance weight (hessian) in a child.</summary>
    public double MinChildWeight { get; init; } = 1;

    /// <summary>Share of rows sampled for each tree.</summary>
    public double Subsample { get; init; } = 1;

    /// <summary>Share of columns sampled for each tree.</summary>
    public double ColumnSampleByTree { get; init; } = 1;

    /// <summary>L2 regularisation on leaf weights (lambda).</summary>
    public double Lambda { get; init; } = 1;

    /// <summary>The random seed; with the same data, seed and <see cref="Threads"/>, training gives the same model.</summary>
    public int Seed { get; init; }

    /// <summary>Threads XGBoost uses; always passed to XGBoost, never left to its default.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Evaluation metrics (e.g. <c>auc</c>, <c>logloss</c>); empty uses the objective's default. The last one drives early stopping.</summary>
    public IReadOnlyList<string> EvalMetrics { get; init; } = [];

    /// <summary>
    /// Stop when the last metric on the evaluation matrix has not improved for this many rounds, and keep the
    /// trees up to the best round. Null trains all <see cref="Rounds"/>. Needs an evaluation matrix.
    /// </summary>
    public int? EarlyStoppingRounds { get; init; }

    /// <summary>Any further XGBoost parameter by its XGBoost name (e.g. <c>max_bin</c>, <c>scale_pos_weight</c>), applied last.</summary>
    public IReadOnlyDictionary<string, string> AdditionalParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Checks the values and throws on the first one out of range.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Objective);
        Require(Rounds > 0, nameof(Rounds), Rounds, "必须大于 0 / must be greater than 0");
        Require(LearningRate > 0, nameof(LearningRate), LearningRate, "必须大于 0 / must be greater than 0");
        Require(MaxDepth >= 0, nameof(MaxDepth), MaxDepth, "不能为负 / must not be negative");
        Require(MinChildWeight >= 0, nameof(MinChildWeight), MinChildWeight, "不能为负 / must not be negative");
        Require(Subsample is > 0 and <= 1, nameof(Subsample), Subsample, "必须在 (0, 1] 内 / must be in (0, 1]");
        Require(ColumnSampleByTree is > 0 and <= 1, nameof(ColumnSampleByTree), ColumnSampleByTree, "必须在 (0, 1] 内 / must be in (0, 1]");
        Require(Lambda >= 0, nameof(Lambda), Lambda, "不能为负 / must not be negative");
        Require(Threads > 0, nameof(Threads), Threads, "必须大于 0 / must be greater than 0");
        Require(EarlyStoppingRounds is null or > 0, nameof(EarlyStoppingRounds), EarlyStoppingRounds, "必须大于 0 / must be greater than 0");
    }

    private static void Require(bool condition, string name, object? value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"训练参数 {name} = {value} {rule}.");
        }
    }
}
