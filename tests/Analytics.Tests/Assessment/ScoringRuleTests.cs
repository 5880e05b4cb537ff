using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.Tests.Assessment;

public sealed class ScoringRuleTests
{
    // (rule, indicator points, value, points by hand)
    public static TheoryData<ScoringRule, double, double, double> Cases { get; } = new()
    {
        // All or nothing: exactly at the threshold earns the points.
        { new AllOrNothingRule { Threshold = 95 }, 5, 95, 5 },
        { new AllOrNothingRule { Threshold = 95 }, 5, 94.99, 0 },
        { new AllOrNothingRule { Threshold = 2, Direction = RuleDirection.AtMost }, 4, 2, 4 },
        { new AllOrNothingRule { Threshold = 2, Direction = RuleDirection.AtMost }, 4, 2.01, 0 },

        // −1 per 0.1 pp below 100 %, down to zero: 99.2 is 8 steps → 10 − 8 = 2; 98.5 is 15 steps, capped at 10.
        { new DeductionRule { Target = 100, Step = 0.1, PointsPerStep = 1 }, 10, 99.2, 2 },
        { new DeductionRule { Target = 100, Step = 0.1, PointsPerStep = 1 }, 10, 98.5, 0 },
        { new DeductionRule { Target = 100, Step = 0.1, PointsPerStep = 1 }, 10, 100, 10 },
        // Whole steps: 0.15 below is 1 step; started steps: 2; proportional: 1.5.
        { new DeductionRule { Target = 100, Step = 0.1, PointsPerStep = 1 }, 10, 99.85, 9 },
        { new DeductionRule { Target = 100, Step = 0.1, PointsPerStep = 1, Units = DeductionUnits.StartedSteps }, 10, 99.85, 8 },
        { new DeductionRule { Target = 100, Step = 0.1, PointsPerStep = 1, Units = DeductionUnits.Proportional }, 10, 99.85, 8.5 },
        // A cap below the points: at most 3 deducted.
        { new DeductionRule { Target = 100, Step = 0.1, PointsPerStep = 1, MaxDeduction = 3 }, 10, 90, 7 },
        // Lower is better: 0.5 above a target of 0.2 with steps of 0.1 costing 2 → 5 steps × 2 = 10, capped at 8.
        { new DeductionRule { Target = 0.2, Step = 0.1, PointsPerStep = 2, Direction = RuleDirection.AtMost }, 8, 0.7, 0 },
        { new DeductionRule { Target = 0.2, Step = 0.1, PointsPerStep = 2, Direction = RuleDirection.AtMost }, 8, 0.3, 6 },

        // Linear: (5.5 − 4) ÷ (6 − 4) × 16 = 12; below the floor 0; above the target full.
        { new LinearRule { Floor = 4, Target = 6 }, 16, 5.5, 12 },
        { new LinearRule { Floor = 4, Target = 6 }, 16, 3, 0 },
        { new LinearRule { Floor = 4, Target = 6 }, 16, 7, 16 },
        // Lower is better: floor 3, target 1.5: 2.25 is half-way → 3.5 of 7.
        { new LinearRule { Floor = 3, Target = 1.5 }, 7, 2.25, 3.5 },

        // Bands: ≥ 99.5 → 5, ≥ 99 → 3.5, ≥ 97 → 2, else 0.
        { Bands(), 5, 99.5, 5 },
        { Bands(), 5, 99.49, 3.5 },
        { Bands(), 5, 97, 2 },
        { Bands(), 5, 96.9, 0 },
        { new BandsRule { Direction = RuleDirection.AtMost, Bands = [new ScoreBand(1, 5), new ScoreBand(2, 3)], Otherwise = 0 }, 5, 1.5, 3 },

        // Entered points are the points, within 0 and the indicator's points.
        { new EnteredPointsRule(), 7, 6.5, 6.5 },
        { new EnteredPointsRule(), 7, 9, 7 },
    };

    private static BandsRule Bands() => new() { Bands = [new ScoreBand(99.5, 5), new ScoreBand(99, 3.5), new ScoreBand(97, 2)], Otherwise = 0 };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_HandCalculation_SamePoints(ScoringRule rule, double points, double value, double expected)
    {
        var outcome = rule.Apply(value, points);

        Assert.Equal(expected, outcome.Points, 9);
        Assert.False(string.IsNullOrWhiteSpace(outcome.WorkingZh));
        Assert.False(string.IsNullOrWhiteSpace(outcome.WorkingEn));
    }

    [Fact]
    public void Describe_Deduction_NamesTargetStepAndCap()
    {
        var (zh, en) = new DeductionRule { Target = 99.5, Step = 0.1, PointsPerStep = 1 }.Describe(5, "%");

        Assert.Equal("目标 99.5%;每低于 0.1% 扣 1 分,扣完为止", zh);
        Assert.Equal("target 99.5%; −1 per 0.1% below, down to 0", en);
    }

    [Fact]
    public void Check_BandsOutOfOrder_NamesField()
    {
        var rule = new BandsRule { Bands = [new ScoreBand(97, 2), new ScoreBand(99, 3)] };

        var problems = rule.Check(5).ToList();

        Assert.Contains(problems, p => p.Field == "bands[1].limit");
        Assert.Contains(problems, p => p.Field == "bands[1].points");
    }
}
