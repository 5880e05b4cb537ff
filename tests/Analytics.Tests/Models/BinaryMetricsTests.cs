using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Score_SmallExample_AucLogLossInBitsAndBrierByHand()
    {
        // Ranking 0.9(1) 0.8(0) 0.7(1) 0.1(0): AUC = 3 of 4 pairs; ML.NET's log-loss is in bits.
        float[] labels = [1, 0, 1, 0];
        double[] p = [0.9, 0.8, 0.7, 0.1];

        var scores = BinaryMetrics.Score(labels, p);

        Assert.Equal(0.75, scores.RocAuc, 6);
        Assert.Equal(-(Math.Log2(0.9) + Math.Log2(0.2) + Math.Log2(0.7) + Math.Log2(0.9)) / 4, scores.LogLoss, 5);
        Assert.Equal(((0.01 + 0.64 + 0.09 + 0.01) / 4), scores.Brier, 12);
        Assert.Equal(2, scores.Positives);
        Assert.Equal(2.5, scores.ExpectedPositives, 12);
    }

    [Fact]
    public void Score_PerfectRanking_PrAucOne()
    {
        var scores = BinaryMetrics.Score([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]);

        Assert.Equal(1.0, scores.RocAuc, 6);
        Assert.Equal(1.0, scores.PrAuc, 6);
    }

    [Fact]
    public void Score_OneClassOnly_AucUndefined()
    {
        var scores = BinaryMetrics.Score([0, 0, 0], [0.1, 0.2, 0.3]);

        Assert.True(double.IsNaN(scores.RocAuc) && double.IsNaN(scores.PrAuc));
        Assert.Equal((0.01 + 0.04 + 0.09) / 3, scores.Brier, 12);
    }

    [Fact]
    public void Score_TiedScores_CountHalf()
    {
        var scores = BinaryMetrics.Score([1, 0], [0.5, 0.5]);

        Assert.Equal(0.5, scores.RocAuc, 6);
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
