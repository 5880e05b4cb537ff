using RevivalAnalytics.Metrics;
using Xunit;

namespace RevivalAnalytics.Tests.Metrics;

public sealed class KpiThresholdsTests
{
    [Theory]
    [InlineData(99.5, KpiStatus.Green)]
    [InlineData(99.0, KpiStatus.Amber)]
    [InlineData(98.0, KpiStatus.Amber)]
    [InlineData(97.9, KpiStatus.Red)]
    public void Classify_HigherIsBetter_BoundsInclusive(double value, KpiStatus expected) =>
        Assert.Equal(expected, new KpiThresholds(99.5, 98).Classify(value, KpiDirection.HigherIsBetter));

    [Theory]
    [InlineData(0.3, KpiStatus.Green)]
    [InlineData(0.4, KpiStatus.Amber)]
    [InlineData(0.5, KpiStatus.Amber)]
    [InlineData(0.51, KpiStatus.Red)]
    public void Classify_LowerIsBetter_Mirrored(double value, KpiStatus expected) =>
        Assert.Equal(expected, new KpiThresholds(0.3, 0.5).Classify(value, KpiDirection.LowerIsBetter));

    [Fact]
    public void Classify_NoValue_None()
    {
        Assert.Equal(KpiStatus.None, new KpiThresholds(1, 2).Classify(null, KpiDirection.LowerIsBetter));
        Assert.Equal(KpiStatus.None, new KpiThresholds(1, 2).Classify(double.NaN, KpiDirection.LowerIsBetter));
    }
}
