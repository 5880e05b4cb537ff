using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Tests.Assessment;

public sealed class ProblemRulesTests
{
    private static readonly DateOnly s_deadline = new(2026, 3, 31);

    private static AssessmentResult Result(double? medical = 99.5)
    {
        var values = new Dictionary<string, IReadOnlyDictionary<int, double?>>
        {
            [KpiIds.MedicalInsuranceRate] = new Dictionary<int, double?> { [1] = medical },
            [KpiIds.ReturnToPovertyRate] = new Dictionary<int, double?> { [1] = 1.5 },
        };
        AssessmentEntry[] entries =
        [
            TestSchemes.Entry(1, "duty", EntrySource.Self, 7), TestSchemes.Entry(1, "duty", EntrySource.Cross, 9), TestSchemes.Entry(1, "duty", EntrySource.ThirdParty, 9),
        ];
        return Scorer.Score(TestSchemes.Small(), [TestSchemes.County(1)], values, entries, new Dictionary<int, FieldCheckEstimates>(), "v", DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void FromResult_LostPointsVetoAndFindings_OneProblemEach()
    {
        // medical lost 5 points → problem; duty 8.6 of 10 is a judgement above 80 % → none; the red line veto → problem.
        var findings = new Dictionary<int, IReadOnlyList<FieldResult>>
        {
            [1] = [new FieldResult(11, false, null, true, "a"), new FieldResult(12, true, true, false, "a"), new FieldResult(13, true, false, true, "a")],
        };

        var problems = ProblemRules.FromResult(Result(), findings, new ProblemOptions { Deadline = s_deadline });

        Assert.Equal(
            [("medical", ProblemOrigin.Indicator, (long?)null), ("red_line", ProblemOrigin.Veto, null), ("wrongly_exited", ProblemOrigin.FieldFinding, 11),
             ("missed", ProblemOrigin.FieldFinding, 12), ("approval", ProblemOrigin.FieldFinding, 12)],
            problems.Select(p => (p.IndicatorId, p.Origin, p.HouseholdId)));
        Assert.All(problems, p => Assert.Equal((ProblemState.InProgress, s_deadline, "县1乡村振兴局"), (p.State, p.Deadline, p.Owner)));
        Assert.Contains("失分 5 分", problems[0].DescriptionZh);
        Assert.Equal(problems.Select(p => p.Id), ProblemRules.FromResult(Result(), findings, new ProblemOptions { Deadline = s_deadline }).Select(p => p.Id));
    }

    [Fact]
    public void FromResult_IndicatorWithoutValue_SaysNoDataInEachLanguage()
    {
        var problem = ProblemRules.FromResult(Result(medical: null), null, new ProblemOptions { Deadline = s_deadline }).Single(p => p.IndicatorId == "medical");

        Assert.Contains("(无数据;", problem.DescriptionZh, StringComparison.Ordinal);
        Assert.Contains("(no data; ", problem.DescriptionEn, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", problem.DescriptionEn);
    }

    [Fact]
    public void Move_AllowedPath_NotesKept()
    {
        var problem = ProblemRules.FromResult(Result(), null, new ProblemOptions { Deadline = s_deadline })[0];
        var at = DateTimeOffset.UnixEpoch;

        var rectified = ProblemRules.Move(problem, ProblemState.Rectified, "county", at, "已补缴");
        var reopened = ProblemRules.Move(rectified, ProblemState.InProgress, "checker", at, "核验未通过");
        var closed = ProblemRules.Move(ProblemRules.Move(reopened, ProblemState.Rectified, "county", at, "再次整改"), ProblemState.Closed, "checker", at, "销号");

        Assert.Equal(ProblemState.Closed, closed.State);
        Assert.Equal([ProblemState.Rectified, ProblemState.InProgress, ProblemState.Rectified, ProblemState.Closed], closed.Notes.Select(n => n.State));
        Assert.Equal(ProblemState.InProgress, problem.State);
    }

    [Theory]
    [InlineData(ProblemState.InProgress, ProblemState.Closed)]
    [InlineData(ProblemState.Closed, ProblemState.InProgress)]
    [InlineData(ProblemState.Closed, ProblemState.Rectified)]
    public void Move_NotAllowed_Throws(ProblemState from, ProblemState to)
    {
        var problem = ProblemRules.FromResult(Result(), null, new ProblemOptions { Deadline = s_deadline })[0] with { State = from };

        var error = Assert.Throws<InvalidOperationException>(() => ProblemRules.Move(problem, to, "u", DateTimeOffset.UnixEpoch, "x"));

        Assert.Contains(ProblemRules.Label(from).Zh, error.Message);
    }

    [Fact]
    public void Summarize_States_RatesAndOverdue()
    {
        var p = ProblemRules.FromResult(Result(), null, new ProblemOptions { Deadline = s_deadline })[0];
        AssessmentProblem[] problems =
        [
            p, p with { State = ProblemState.Rectified }, p with { State = ProblemState.Closed }, p with { State = ProblemState.Closed, Deadline = new DateOnly(2026, 1, 1) },
        ];

        var onTime = ProblemRules.Summarize(problems, s_deadline);
        var late = ProblemRules.Summarize(problems, s_deadline.AddDays(1));

        Assert.Equal((4, 1, 1, 2, 0), (onTime.Total, onTime.InProgress, onTime.Rectified, onTime.Closed, onTime.Overdue));
        Assert.Equal(75, onTime.RectificationRate);
        Assert.Equal(50, onTime.ClosureRate);
        Assert.Equal(2, late.Overdue);
        Assert.Null(ProblemRules.Summarize([], s_deadline).RectificationRate);
    }
}
