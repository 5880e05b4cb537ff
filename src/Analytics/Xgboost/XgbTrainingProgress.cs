namespace RevivalAnalytics.Xgboost;

/// <summary>Reported after each boosting round.</summary>
/// <param name="Round">The round just finished, counting from 1.</param>
/// <param name="Rounds">The most rounds training will run.</param>
/// <param name="Evaluation">XGBoost's evaluation line for this round (e.g. <c>[9]\ttrain-auc:0.91\teval-auc:0.88</c>), or null without an evaluation matrix.</param>
public readonly record struct XgbTrainingProgress(int Round, int Rounds, string? Evaluation);
