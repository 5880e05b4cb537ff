using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Tests.Assessment;

public sealed class ScorerTests
{
    private static AssessmentResult Score(IReadOnlyList<CountyInfo> counties, Dictionary<int, (double Medical, double Red)> kpis, IEnumerable<AssessmentEntry> entries)
    {
        var values = new Dictionary<string, IReadOnlyDictionary<int, double?>>
        {
            [KpiIds.MedicalInsuranceRate] = kpis.ToDictionary(k => k.Key, k => (double?)k.Value.Medical),
            [KpiIds.ReturnToPovertyRate] = kpis.ToDictionary(k => k.Key, k => (double?)k.Value.Red),
        };
        return Scorer.Score(TestSchemes.Small(), counties, values, entries.ToList(), new Dictionary<int, FieldCheckEstimates>(), "v-test", DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void Score_AllSources_TotalByHand()
    {
        // Medical 99.2 % → 8 steps below 100 → 10 − 8 = 2. Duty 0.2 × 9 + 0.5 × 7 + 0.3 × 8 = 7.7. Bonus 3 + 3 capped at 4.
        var county = TestSchemes.County(140105);
        var result = Score([county], new() { [140105] = (99.2, 0.1) },
        [
            TestSchemes.Entry(140105, "duty", EntrySource.Self, 9), TestSchemes.Entry(140105, "duty", EntrySource.Cross, 7),
            TestSchemes.Entry(140105, "duty", EntrySource.ThirdParty, 8), TestSchemes.Entry(140105, "practice", EntrySource.Cross, 3),
            TestSchemes.Entry(140105, "innovation", EntrySource.ThirdParty, 3),
        ]);

        var c = Assert.Single(result.Counties);
        Assert.Equal(2, c.Dimensions.Single(d => d.Id == "data").Score, 9);
        Assert.Equal(7.7, c.Dimensions.Single(d => d.Id == "work").Score, 9);
        Assert.Equal(9.7, c.BaseScore, 9);
        Assert.Equal(4, c.Bonus, 9);
        Assert.Equal(13.7, c.Score, 9);
        Assert.Equal(AssessmentGrade.Average, c.Grade);
        Assert.Empty(c.Missing);
        var duty = c.Items.Single(i => i.Id == "duty");
        Assert.Equal(ItemStatus.Complete, duty.Status);
        Assert.Equal([0.2, 0.5, 0.3], duty.Inputs.Select(i => Math.Round(i.Weight, 9)));
        Assert.All(duty.Inputs, i => Assert.Equal("tester", i.EnteredBy));
        Assert.Equal(KpiIds.MedicalInsuranceRate, c.Items.Single(i => i.Id == "medical").Inputs.Single().KpiId);
        Assert.Equal("test", result.SchemeId);
        Assert.Equal(3, result.SchemeVersion);
        Assert.Equal(SchemeFile.Fingerprint(TestSchemes.Small()), result.SchemeFingerprint);
        Assert.Equal(result.SchemeFingerprint, SchemeFile.Fingerprint(result.Scheme));
    }

    [Fact]
    public void Score_MissingSource_WeightsRenormalisedAndListed()
    {
        // Self missing: (0.5 × 6 + 0.3 × 10) ÷ 0.8 = 7.5.
        var result = Score([TestSchemes.County(1)], new() { [1] = (100, 0) },
            [TestSchemes.Entry(1, "duty", EntrySource.Cross, 6), TestSchemes.Entry(1, "duty", EntrySource.ThirdParty, 10)]);

        var c = result.Counties[0];
        var duty = c.Items.Single(i => i.Id == "duty");
        Assert.Equal(7.5, duty.Points, 9);
        Assert.Equal(ItemStatus.Partial, duty.Status);
        Assert.Equal(new MissingEntry("duty", EntrySource.Self), Assert.Single(c.Missing));
    }

    [Theory]
    [InlineData(8, 10, 18, AssessmentGrade.Good)]        // 10 + 8 = 18, exactly the cut-off of 好
    [InlineData(5.9, 10, 15.9, AssessmentGrade.Average)] // 15.9 < 16
    [InlineData(6, 10, 16, AssessmentGrade.FairlyGood)]  // exactly 16
    [InlineData(2, 10, 12, AssessmentGrade.Average)]     // exactly 12
    [InlineData(1.9, 10, 11.9, AssessmentGrade.Poor)]
    public void Score_AtCutOff_HigherGrade(double duty, double medicalPoints, double total, AssessmentGrade grade)
    {
        var medical = 100 - (10 - medicalPoints) / 10; // full points
        var result = Score([TestSchemes.County(1)], new() { [1] = (medical, 0) },
            [TestSchemes.Entry(1, "duty", EntrySource.Self, duty), TestSchemes.Entry(1, "duty", EntrySource.Cross, duty), TestSchemes.Entry(1, "duty", EntrySource.ThirdParty, duty)]);

        Assert.Equal(total, result.Counties[0].Score, 9);
        Assert.Equal(grade, result.Counties[0].Grade);
    }

    [Fact]
    public void Score_SumOfTenths_NotBelowCutOff()
    {
        // 0.1 + 0.2 style sums must not drop a county from 好 to 较好: 0.2×8.1 + 0.5×7.9 + 0.3×8.1 = 8.0 exactly by hand.
        var result = Score([TestSchemes.County(1)], new() { [1] = (100, 0) },
            [TestSchemes.Entry(1, "duty", EntrySource.Self, 8.1), TestSchemes.Entry(1, "duty", EntrySource.Cross, 7.9), TestSchemes.Entry(1, "duty", EntrySource.ThirdParty, 8.1)]);

        Assert.Equal(18, result.Counties[0].Score);
        Assert.Equal(AssessmentGrade.Good, result.Counties[0].Grade);
    }

    [Theory]
    [InlineData(1.01, 0, true)]  // the red line: 1.01 % > 1 %
    [InlineData(1.0, 0, false)]  // exactly at the limit holds
    [InlineData(0.2, 1, true)]   // a covert visit found falsified data
    public void Score_Veto_GradedPoorAndRankedLast(double red, double fraud, bool vetoed)
    {
        var result = Score([TestSchemes.County(1), TestSchemes.County(2)], new() { [1] = (100, red), [2] = (95, 0) },
        [
            TestSchemes.Entry(1, "duty", EntrySource.Self, 10), TestSchemes.Entry(1, "duty", EntrySource.Cross, 10), TestSchemes.Entry(1, "duty", EntrySource.ThirdParty, 10),
            TestSchemes.Entry(1, "fraud", EntrySource.CovertVisit, fraud),
        ]);

        var first = result.County(1)!;
        Assert.Equal(20, first.Score, 9);
        Assert.Equal(vetoed, first.Vetoed);
        Assert.Equal(vetoed ? AssessmentGrade.Poor : AssessmentGrade.Good, first.Grade);
        Assert.Equal(vetoed ? 2 : 1, first.RankInClass);
        Assert.Equal(vetoed ? 1 : 2, result.County(2)!.RankInClass);
    }

    [Fact]
    public void Score_Ties_ShareRankWithinClass()
    {
        var counties = new[] { TestSchemes.County(1, 1), TestSchemes.County(2, 1), TestSchemes.County(3, 1), TestSchemes.County(4, 2) };
        var result = Score(counties, new() { [1] = (99.5, 0), [2] = (99.5, 0), [3] = (99.2, 0), [4] = (90, 0) }, []);

        Assert.Equal([1, 1, 3], new[] { 1, 2, 3 }.Select(c => result.County(c)!.RankInClass));
        Assert.Equal(3, result.County(1)!.ClassSize);
        Assert.Equal(1, result.County(4)!.RankInClass);
        Assert.Equal(1, result.County(4)!.ClassSize);
    }

    [Fact]
    public void Score_NoKpiValue_ZeroAndNoValue()
    {
        var values = new Dictionary<string, IReadOnlyDictionary<int, double?>> { [KpiIds.MedicalInsuranceRate] = new Dictionary<int, double?> { [1] = null } };

        var result = Scorer.Score(TestSchemes.Small(), [TestSchemes.County(1)], values, [], new Dictionary<int, FieldCheckEstimates>(), "v", DateTimeOffset.UnixEpoch);

        var medical = result.Counties[0].Items.Single(i => i.Id == "medical");
        Assert.Equal(ItemStatus.NoValue, medical.Status);
        Assert.Equal(0, medical.Points);
        Assert.False(result.Counties[0].Vetoed);
    }
}
