using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

public sealed class AucUncertaintyTests
{
    [Fact]
    public void RocAuc_TiedScores_TiesCountHalf()
    {
        // Positives at 0.5 and 0.9, negatives at 0.1 and 0.5: 1 + ½ + 2 of 4 pairs.
        float[] labels = [0, 1, 0, 1];
        double[] scores = [0.1, 0.5, 0.5, 0.9];

        var auc = AucUncertainty.RocAuc(labels, scores, BinaryMetrics.AscendingOrder(scores));

        Assert.Equal(0.875, auc, 12);
    }

    [Fact]
    public void RocAuc_RandomRows_EqualsMlNetsAuc()
    {
        var (labels, scores) = Binormal(5_000, separation: 0.8, seed: 3);

        var auc = AucUncertainty.RocAuc(labels, scores, BinaryMetrics.AscendingOrder(scores));

        Assert.Equal(BinaryMetrics.Score(labels, scores).RocAuc, auc, 9);
    }

    [Fact]
    public void RocAuc_BootstrapCounts_EqualsAucOfTheRepeatedRows()
    {
        float[] labels = [0, 1, 0, 1, 0];
        double[] scores = [0.2, 0.3, 0.4, 0.9, 0.1];
        int[] counts = [2, 1, 0, 3, 1];
        float[] repeatedLabels = [0, 0, 1, 1, 1, 1, 0];
        double[] repeatedScores = [0.2, 0.2, 0.3, 0.9, 0.9, 0.9, 0.1];

        var weighted = AucUncertainty.RocAuc(labels, scores, BinaryMetrics.AscendingOrder(scores), counts);

        Assert.Equal(AucUncertainty.RocAuc(repeatedLabels, repeatedScores, BinaryMetrics.AscendingOrder(repeatedScores)), weighted, 12);
    }

    [Fact]
    public void PairedBootstrap_BinormalRows_NearHanleyMcNeilAndNoGapForTheSameScores()
    {
        var (labels, scores) = Binormal(4_000, separation: 0.8, seed: 5);
        var auc = AucUncertainty.RocAuc(labels, scores, BinaryMetrics.AscendingOrder(scores));
        double positives = labels.Count(l => l > 0.5f);
        var negatives = labels.Length - positives;
        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        var hanleyMcNeil = Math.Sqrt(((auc * (1 - auc)) + ((positives - 1) * (q1 - (auc * auc))) + ((negatives - 1) * (q2 - (auc * auc)))) / (positives * negatives));

        var errors = AucUncertainty.PairedBootstrap(labels, scores, scores, resamples: 300, seed: 7);

        Assert.InRange(errors.A, hanleyMcNeil * 0.8, hanleyMcNeil * 1.25);
        Assert.Equal(errors.A, errors.B, 12);
        Assert.Equal(0, errors.Difference, 12);
    }

    [Fact]
    public void EstimatorNoise_NoErrors_NoSpreadAndNoDrop()
    {
        var (labels, scores) = Binormal(2_000, separation: 0.8, seed: 9);

        var noise = AucUncertainty.EstimatorNoise(labels, scores, new double[scores.Length], repeats: 5, seed: 1);

        Assert.Equal(0, noise.StandardError, 12);
        Assert.Equal(0, noise.Drop, 12);
    }

    [Fact]
    public void EstimatorNoise_NoiseAsLargeAsTheSignal_LowersTheAuc()
    {
        var (labels, scores) = Binormal(4_000, separation: 1.0, seed: 11);
        var errors = Enumerable.Repeat(1.0, scores.Length).ToArray();

        var noise = AucUncertainty.EstimatorNoise(labels, scores, errors, repeats: 10, seed: 1);

        // Adding a unit of noise to a unit-spread score shrinks a binormal separation d to d/√2: AUC Φ(d/√2) → Φ(d/2).
        Assert.InRange(noise.Drop, 0.04, 0.12);
        Assert.InRange(noise.StandardError, 0.001, 0.02);
    }

    private static (float[] Labels, double[] Scores) Binormal(int rows, double separation, int seed)
    {
        var random = new Random(seed);
        var labels = new float[rows];
        var scores = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            labels[i] = random.NextDouble() < 0.2 ? 1 : 0;
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            scores[i] = normal + (labels[i] * separation);
        }

        return (labels, scores);
    }
}
