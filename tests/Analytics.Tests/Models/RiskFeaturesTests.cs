using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

[Collection(ModelCollection.Name)]
public sealed class RiskFeaturesTests(ModelFixture fixture)
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    public void Load_WithoutLabels_SameRowsAndFeaturesAsWithLabelsBitForBit(int yearsBeforeLast, int span)
    {
        var last = fixture.Data.LastYear - yearsBeforeLast;
        var first = last - span + 1;

        var labelled = RiskFeatures.Load(fixture.Data, first, last);
        var scoring = RiskFeatures.Load(fixture.Data, first, last, labels: false);

        Assert.True(scoring.Rows > 1_000, $"{scoring.Rows} rows");
        Assert.Equal(labelled.HouseholdIds, scoring.HouseholdIds);
        Assert.Equal(labelled.CutoffYears, scoring.CutoffYears);
        Assert.Equal(labelled.CountyCodes, scoring.CountyCodes);
        Assert.Equal(labelled.CountyClasses, scoring.CountyClasses);
        Assert.Equal(labelled.SampleWeights, scoring.SampleWeights);
        Assert.Equal(
            Array.ConvertAll(labelled.Features, BitConverter.SingleToInt32Bits),
            Array.ConvertAll(scoring.Features, BitConverter.SingleToInt32Bits));
        Assert.All(scoring.Labels, label => Assert.True(float.IsNaN(label)));
    }

    [Fact]
    public void Load_WithLabels_EarlierCutoffsHaveLabels()
    {
        var cutoff = fixture.Data.LastYear - 1;

        var frame = RiskFeatures.Load(fixture.Data, cutoff, cutoff);

        Assert.DoesNotContain(frame.Labels, float.IsNaN);
        Assert.Contains(1f, frame.Labels);
    }
}
