using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Score_SmallExample_AucAveragePrecisionAndBrierByHand()
    {
        // Ranking 0.9(1) 0.8(0) 0.7(1) 0.1(0): AUC = 3 of 4 pairs; AP = (1/1 + 2/3) / 2.
        float[] labels = [1, 0, 1, 0];
        double[] p = [0.9, 0.8, 0.7, 0.1];

        var scores = BinaryMetrics.Score(labels, p);

        Assert.Equal(0.75, scores.RocAuc, 12);
        Assert.Equal((1 + (2.0 / 3)) / 2, scores.PrAuc, 12);
        Assert.Equal(((0.01 + 0.64 + 0.09 + 0.01) / 4), scores.Brier, 12);
        Assert.Equal(2, scores.Positives);
    }

    [Fact]
    public void Score_TiedScores_CountHalf()
    {
        var scores = BinaryMetrics.Score([1, 0], [0.5, 0.5]);

        Assert.Equal(0.5, scores.RocAuc, 12);
    }

    [Fact]
    public void IsotonicFit_ViolatingPairs_PooledIntoMonotoneMap()
    {
        var calibration = IsotonicCalibration.Fit([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);

        Assert.Equal([0, 0.5, 1], calibration.Probabilities);
        Assert.Equal(0.5, calibration.Apply(0.25), 12);
        Assert.Equal(0, calibration.Apply(0.0), 12);
        Assert.Equal(1, calibration.Apply(0.9), 12);
    }

    [Fact]
    public void IsotonicFit_SmallEndBlocks_PooledUntilEachEndHoldsTheMinimum()
    {
        // PAV alone: 0 (1 row), 1/3 (6), 1/2 (2), 2/3 (3), 1 (2 rows). With at least 3 rows at each end the 1-row
        // zero pools into 2/7 over 7 rows and the 2-row one into 4/5 over 5 rows; the middle stays.
        float[] labels = [0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1];
        var scores = Enumerable.Range(1, labels.Length).Select(i => i / 100.0).ToArray();

        var plain = IsotonicCalibration.Fit(scores, labels);
        var pooled = IsotonicCalibration.Fit(scores, labels, minimumEndRows: 3);

        Assert.Equal([0, 1.0 / 3, 0.5, 2.0 / 3, 1], plain.Probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([2.0 / 7, 0.5, 0.8], pooled.Probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void AscendingOrder_TiedValues_KeepRowOrder()
    {
        double[] values = [0.3, 0.1, 0.3, 0.2, 0.1, 0.3, 0.3];

        var order = BinaryMetrics.AscendingOrder(values);

        Assert.Equal([1, 4, 3, 0, 2, 5, 6], order);
    }

    [Fact]
    public void Reliability_TiedProbabilities_BinsFollowRowOrderWithinTies()
    {
        // Four rows tie at 0.5; the first two bins take them in row order, so the labels 1,1 | 0,0 split.
        var bins = BinaryMetrics.Reliability([1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5], 2);

        Assert.Equal([1.0, 0.0], bins.Select(b => b.ObservedRate));
    }
}
