namespace RevivalAnalytics.Models;

/// <summary>Ranking and probability scores of a binary classifier on labelled rows.</summary>
/// <param name="Rows">Rows scored.</param>
/// <param name="Positives">Rows whose label is 1.</param>
/// <param name="RocAuc">Area under the ROC curve (ties count one half).</param>
/// <param name="PrAuc">Area under the precision-recall curve, as average precision.</param>
/// <param name="Brier">Mean squared difference between probability and label.</param>
/// <param name="ExpectedPositives">Sum of the probabilities.</param>
public sealed record BinaryScores(int Rows, int Positives, double RocAuc, double PrAuc, double Brier, double ExpectedPositives);

/// <summary>One bin of a reliability table: rows whose predicted probability falls in [Lower, Upper).</summary>
/// <param name="Lower">Lowest probability in the bin.</param>
/// <param name="Upper">Highest probability in the bin.</param>
/// <param name="Rows">Rows in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability.</param>
/// <param name="ObservedRate">Share of rows whose label is 1.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Rows, double MeanPredicted, double ObservedRate);

internal static class BinaryMetrics
{
    public static BinaryScores Score(ReadOnlySpan<float> labels, ReadOnlySpan<double> probabilities)
    {
        var n = labels.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var p = probabilities.ToArray();

        // Descending by probability through a primitive key sort (a comparison delegate was seconds at 2,000,000).
        var keys = new double[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = -p[i];
        }

        Array.Sort(keys, order);
        var positives = 0;
        double brier = 0;
        double expected = 0;
        for (var i = 0; i < n; i++)
        {
            positives += labels[i] > 0.5f ? 1 : 0;
            var d = p[i] - labels[i];
            brier += d * d;
            expected += p[i];
        }

        var negatives = n - positives;
        // Walk down the ranking one group of tied scores at a time: ROC area by trapezoids (ties = half),
        // average precision as the precision at each group weighted by the recall it adds.
        double auc = 0;
        double averagePrecision = 0;
        long truePositives = 0;
        long falsePositives = 0;
        var start = 0;
        while (start < n)
        {
            var end = start;
            long groupPositives = 0;
            while (end < n && p[order[end]] == p[order[start]])
            {
                groupPositives += labels[order[end]] > 0.5f ? 1 : 0;
                end++;
            }

            var groupNegatives = end - start - groupPositives;
            auc += groupNegatives * (truePositives + (groupPositives / 2.0));
            truePositives += groupPositives;
            falsePositives += groupNegatives;
            if (groupPositives > 0)
            {
                averagePrecision += groupPositives * ((double)truePositives / (truePositives + falsePositives));
            }

            start = end;
        }

        return new BinaryScores(
            n,
            positives,
            positives == 0 || negatives == 0 ? double.NaN : auc / ((double)positives * negatives),
            positives == 0 ? double.NaN : averagePrecision / positives,
            n == 0 ? double.NaN : brier / n,
            expected);
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

/// <summary>
/// Isotonic regression of the label on the raw score (pool-adjacent-violators), fitted on a calibration year the
/// booster never saw. Between fitted points the map is linear, beyond them constant.
/// </summary>
/// <param name="Scores">Increasing raw scores (block means).</param>
/// <param name="Probabilities">Non-decreasing calibrated probabilities at <paramref name="Scores"/>.</param>
public sealed record IsotonicCalibration(double[] Scores, double[] Probabilities)
{
    /// <summary>Fits the monotone map by pool-adjacent-violators.</summary>
    /// <param name="scores">Raw scores.</param>
    /// <param name="labels">1 / 0 outcomes.</param>
    /// <param name="minimumEndRows">
    /// Rows the lowest and the highest block must hold at least: PAV alone ends in blocks of a handful of rows whose
    /// rate is 0 or 1, and a household shown "100% risk" on the strength of two calibration rows is not calibrated.
    /// </param>
    internal static IsotonicCalibration Fit(ReadOnlySpan<double> scores, ReadOnlySpan<float> labels, int minimumEndRows = 0)
    {
        var s = scores.ToArray();
        var order = BinaryMetrics.AscendingOrder(s);
        var blockScore = new List<double>();
        var blockValue = new List<double>();
        var blockWeight = new List<double>();
        foreach (var i in order)
        {
            blockScore.Add(s[i]);
            blockValue.Add(labels[i]);
            blockWeight.Add(1);
            while (blockValue.Count > 1 && blockValue[^2] >= blockValue[^1])
            {
                Pool(blockScore, blockValue, blockWeight, blockValue.Count - 2);
            }
        }

        // Merging neighbours keeps the map monotone: the pooled rate lies between the two.
        while (blockWeight.Count > 1 && blockWeight[^1] < minimumEndRows)
        {
            Pool(blockScore, blockValue, blockWeight, blockWeight.Count - 2);
        }

        while (blockWeight.Count > 1 && blockWeight[0] < minimumEndRows)
        {
            Pool(blockScore, blockValue, blockWeight, 0);
        }

        return new IsotonicCalibration([.. blockScore], [.. blockValue]);
    }

    /// <summary>Pools block <paramref name="i"/> with block <paramref name="i"/> + 1.</summary>
    private static void Pool(List<double> score, List<double> value, List<double> weight, int i)
    {
        var w = weight[i] + weight[i + 1];
        value[i] = ((value[i] * weight[i]) + (value[i + 1] * weight[i + 1])) / w;
        score[i] = ((score[i] * weight[i]) + (score[i + 1] * weight[i + 1])) / w;
        weight[i] = w;
        value.RemoveAt(i + 1);
        score.RemoveAt(i + 1);
        weight.RemoveAt(i + 1);
    }

    internal double Apply(double score)
    {
        var x = Scores;
        var y = Probabilities;
        if (x.Length == 0)
        {
            return score;
        }

        if (score <= x[0])
        {
            return y[0];
        }

        if (score >= x[^1])
        {
            return y[^1];
        }

        var hi = Array.BinarySearch(x, score);
        if (hi >= 0)
        {
            return y[hi];
        }

        hi = ~hi;
        var lo = hi - 1;
        var t = (score - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + (t * (y[hi] - y[lo]));
    }
}
