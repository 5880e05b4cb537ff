using Microsoft.ML;
using RevivalAnalytics.Models.MlNet;

namespace RevivalAnalytics.Models;

internal static class BinaryMetrics
{
    /// <summary>
    /// ROC-AUC, PR-AUC and log-loss from ML.NET's <c>BinaryClassification.Evaluate</c>; Brier and the expected count,
    /// which it lacks, here. <paramref name="scores"/> ranks the rows (the trees' score; the probability when empty).
    /// </summary>
    public static BinaryScores Score(ReadOnlySpan<float> labels, ReadOnlySpan<double> probabilities, ReadOnlySpan<double> scores = default)
    {
        var n = labels.Length;
        var label = labels.ToArray();
        var p = probabilities.ToArray();
        var s = scores.IsEmpty ? p : scores.ToArray();
        var positives = 0;
        double brier = 0;
        double expected = 0;
        for (var i = 0; i < n; i++)
        {
            positives += label[i] > 0.5f ? 1 : 0;
            var d = p[i] - label[i];
            brier += d * d;
            expected += p[i];
        }

        if (positives == 0 || positives == n)
        {
            // ML.NET cannot rank rows of one class; neither AUC is defined.
            return new BinaryScores(n, positives, double.NaN, double.NaN, n == 0 ? double.NaN : brier / n, double.NaN, expected);
        }

        var view = new ArrayDataView(n)
            .Boolean("Label", i => label[i] > 0.5f)
            .Single("Score", i => (float)s[i])
            .Single("Probability", i => (float)p[i])
            .Boolean("PredictedLabel", i => p[i] > 0.5);

        // A fixed seed: PR-AUC beyond 100,000 rows comes from ML.NET's reservoir sample.
        var metrics = new MLContext(seed: 1).BinaryClassification.Evaluate(view);
        return new BinaryScores(n, positives, metrics.AreaUnderRocCurve, metrics.AreaUnderPrecisionRecallCurve, brier / n, metrics.LogLoss, expected);
    }

    /// <summary>Row indexes ordered by ascending value; ties keep their row order, as a stable sort would.</summary>
    internal static int[] AscendingOrder(double[] values)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Array.Sort is unstable: put each run of equal values back in row order, as LINQ's OrderBy left them
        // (calibrated probabilities are steps, so runs are long and bins depend on it).
        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            Array.Sort(order, start, end - start);
            start = end;
        }

        return order;
    }

    /// <summary>Reliability table with bins of equal row counts (quantiles of the prediction), so rare events still fill every bin.</summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(ReadOnlySpan<float> labels, ReadOnlySpan<double> probabilities, int bins)
    {
        var n = labels.Length;
        var p = probabilities.ToArray();
        var order = AscendingOrder(p);
        var result = new List<ReliabilityBin>(bins);
        for (var b = 0; b < bins; b++)
        {
            var from = (int)((long)n * b / bins);
            var to = (int)((long)n * (b + 1) / bins);
            if (to <= from)
            {
                continue;
            }

            double sum = 0;
            double hits = 0;
            for (var r = from; r < to; r++)
            {
                sum += p[order[r]];
                hits += labels[order[r]] > 0.5f ? 1 : 0;
            }

            var count = to - from;
            result.Add(new ReliabilityBin(p[order[from]], p[order[to - 1]], count, sum / count, hits / count));
        }

        return result;
    }
}
