namespace RevivalAnalytics.Models;

/// <summary>
/// How far a ROC-AUC can be trusted: the sampling error of two AUCs on the same rows and of their difference (a
/// paired bootstrap over the rows), and how much an estimated reference probability's own noise moves its AUC.
/// </summary>
internal static class AucUncertainty
{
    /// <summary>
    /// ROC-AUC of <paramref name="scores"/> with row weights (a bootstrap's counts; null for one each): the chance that a
    /// positive row outranks a negative one, ties counting half.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<float> labels, double[] scores, int[] order, ReadOnlySpan<int> weights = default)
    {
        double negativesBelow = 0;
        double concordant = 0;
        double positives = 0;
        for (var start = 0; start < order.Length;)
        {
            double groupPositives = 0;
            double groupNegatives = 0;
            var end = start;
            for (; end < order.Length && scores[order[end]] == scores[order[start]]; end++)
            {
                var row = order[end];
                double weight = weights.IsEmpty ? 1 : weights[row];
                if (labels[row] > 0.5f)
                {
                    groupPositives += weight;
                }
                else
                {
                    groupNegatives += weight;
                }
            }

            concordant += groupPositives * (negativesBelow + (0.5 * groupNegatives));
            negativesBelow += groupNegatives;
            positives += groupPositives;
            start = end;
        }

        return positives == 0 || negativesBelow == 0 ? double.NaN : concordant / (positives * negativesBelow);
    }

    /// <summary>
    /// Standard errors of the AUC of <paramref name="a"/>, of <paramref name="b"/> and of AUC(a) − AUC(b) over
    /// <paramref name="resamples"/> bootstrap resamples of the rows (the same resample for both, so what the rows
    /// share cancels in the difference).
    /// </summary>
    public static (double A, double B, double Difference) PairedBootstrap(ReadOnlySpan<float> labels, double[] a, double[] b, int resamples, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        var orderA = BinaryMetrics.AscendingOrder(a);
        var orderB = BinaryMetrics.AscendingOrder(b);
        var random = new Random(seed);
        var counts = new int[labels.Length];
        var aucA = new double[resamples];
        var aucB = new double[resamples];
        var difference = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            for (var i = 0; i < counts.Length; i++)
            {
                counts[random.Next(counts.Length)]++;
            }

            aucA[r] = RocAuc(labels, a, orderA, counts);
            aucB[r] = RocAuc(labels, b, orderB, counts);
            difference[r] = aucA[r] - aucB[r];
        }

        return (StandardDeviation(aucA), StandardDeviation(aucB), StandardDeviation(difference));
    }

    /// <summary>
    /// How an estimated probability's own noise (a standard error per row) moves its AUC: the AUC is recomputed
    /// <paramref name="repeats"/> times with each probability moved by a normal draw of its standard error. The spread
    /// is the AUC's error from the estimate; the mean drop estimates how far that noise has already pulled the AUC down
    /// (noise reorders rows, so it only lowers an AUC on average).
    /// </summary>
    public static (double StandardError, double Drop) EstimatorNoise(ReadOnlySpan<float> labels, double[] probabilities, double[] standardErrors, int repeats, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 2);
        var baseline = RocAuc(labels, probabilities, BinaryMetrics.AscendingOrder(probabilities));
        var random = new Random(seed);
        var moved = new double[probabilities.Length];
        var aucs = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            for (var i = 0; i < moved.Length; i++)
            {
                moved[i] = probabilities[i] + (standardErrors[i] * Normal(random));
            }

            aucs[r] = RocAuc(labels, moved, BinaryMetrics.AscendingOrder(moved));
        }

        return (StandardDeviation(aucs), baseline - aucs.Average());
    }

    private static double Normal(Random random)
    {
        // Box–Muller; 1 − u keeps the logarithm finite.
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
