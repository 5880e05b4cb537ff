namespace RevivalAnalytics.Models;

/// <summary>Ranking and probability scores of a binary classifier on labelled rows.</summary>
/// <param name="Rows">Rows scored.</param>
/// <param name="Positives">Rows whose label is 1.</param>
/// <param name="RocAuc">Area under the ROC curve (ML.NET's <c>Evaluate</c>, over every row).</param>
/// <param name="PrAuc">Area under the precision-recall curve (ML.NET's <c>Evaluate</c>; beyond 100,000 rows it is computed on ML.NET's reservoir sample of 100,000).</param>
/// <param name="Brier">Mean squared difference between probability and label.</param>
/// <param name="LogLoss">Mean log-loss in bits (ML.NET's, base 2).</param>
/// <param name="ExpectedPositives">Sum of the probabilities.</param>
public sealed record BinaryScores(int Rows, int Positives, double RocAuc, double PrAuc, double Brier, double LogLoss, double ExpectedPositives);

/// <summary>One bin of a reliability table: rows whose predicted probability falls in [Lower, Upper).</summary>
/// <param name="Lower">Lowest probability in the bin.</param>
/// <param name="Upper">Highest probability in the bin.</param>
/// <param name="Rows">Rows in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability.</param>
/// <param name="ObservedRate">Share of rows whose label is 1.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Rows, double MeanPredicted, double ObservedRate);
