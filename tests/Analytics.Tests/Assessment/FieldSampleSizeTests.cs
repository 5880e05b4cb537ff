using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.Tests.Assessment;

public sealed class FieldSampleSizeTests
{
    [Theory]
    [InlineData(50, 5, 1_000_000_000, 1.0, 385)]   // 1.96² × 0.25 ÷ 0.05² = 384.1
    [InlineData(2, 1, 1_000_000_000, 1.0, 753)]    // 1.96² × 0.0196 ÷ 0.0001 = 752.9
    [InlineData(2, 1, 1_000_000_000, 1.5, 1130)]   // × 1.5 = 1129.4
    [InlineData(50, 5, 1000, 1.0, 278)]            // 384.1 ÷ (1 + 383.1 ÷ 1000) = 277.7
    [InlineData(50, 5, 100, 1.0, 80)]              // 384.1 ÷ (1 + 383.1 ÷ 100) = 79.5
    public void Required_KnownCases_ByHand(double rate, double margin, int population, double deff, int expected) =>
        Assert.Equal(expected, FieldSampleSize.Required(rate, margin, population, deff));

    [Fact]
    public void Margin_OfRequiredSize_AtMostTheMarginAsked()
    {
        var n = FieldSampleSize.Required(10, 3, 5_000);

        Assert.InRange(FieldSampleSize.Margin(10, n, 5_000), 2.99, 3.0);
        Assert.True(FieldSampleSize.Margin(10, n - 1, 5_000) > 3);
    }

    [Theory]
    [InlineData(0, 2, 100, 1.5)]
    [InlineData(50, 0, 100, 1.5)]
    [InlineData(50, 2, 0, 1.5)]
    [InlineData(50, 2, 100, 0.5)]
    public void Required_OutOfRange_Throws(double rate, double margin, int population, double deff) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FieldSampleSize.Required(rate, margin, population, deff));
}
