using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Tests.Assessment;

public sealed class SchemeValidatorTests
{
    private static AssessmentScheme WithCard(Func<Scorecard, Scorecard> change)
    {
        var scheme = TestSchemes.Small();
        return scheme with { Scorecards = [change(scheme.Scorecards[0]), .. scheme.Scorecards.Skip(1)] };
    }

    private static SchemeIndicator Medical(Scorecard card) => card.Dimensions[0].Indicators[0];

    private static Scorecard WithMedical(Scorecard card, SchemeIndicator medical) =>
        card with { Dimensions = [card.Dimensions[0] with { Indicators = [medical] }, card.Dimensions[1]] };

    public static TheoryData<string, string?, string> BadSchemes { get; } = new()
    {
        // (case, indicator named, field named)
        { "points", "data", "points" },
        { "kpi", "medical", "kpi" },
        { "monthly", "medical", "kpi" },
        { "weights", null, "source_weights" },
        { "cap", "medical", "rule.max_deduction" },
        { "grades", null, "grades" },
        { "both", "medical", "kpi" },
        { "entered_on_kpi", "medical", "rule" },
        { "duplicate", "duty", "id" },
        { "unweighted", "duty", "sources" },
        { "bands", "medical", "rule.bands[1].limit" },
    };

    private static AssessmentScheme Bad(string which) => which switch
    {
        "points" => WithCard(c => WithMedical(c, Medical(c) with { Points = 9 })),
        "kpi" => WithCard(c => WithMedical(c, Medical(c) with { Kpi = "no_such_kpi" })),
        "monthly" => WithCard(c => WithMedical(c, Medical(c) with { Kpi = KpiIds.MonitoredHouseholdsMonth })),
        "weights" => WithCard(c => c with { SourceWeights = new Dictionary<EntrySource, double> { [EntrySource.Self] = 0.2, [EntrySource.Cross] = 0.5, [EntrySource.ThirdParty] = 0.2 } }),
        "cap" => WithCard(c => WithMedical(c, Medical(c) with { Rule = new DeductionRule { Target = 100, Step = 0.1, PointsPerStep = 1, MaxDeduction = 12 } })),
        "grades" => WithCard(c => c with { Grades = new GradeCutoffs(16, 18, 12) }),
        "both" => WithCard(c => WithMedical(c, Medical(c) with { Sources = [EntrySource.Cross] })),
        "entered_on_kpi" => WithCard(c => WithMedical(c, Medical(c) with { Rule = new EnteredPointsRule() })),
        "duplicate" => WithCard(c => c with { Bonus = [c.Bonus[0] with { Id = "duty" }, c.Bonus[1]] }),
        "unweighted" => WithCard(c => c with { SourceWeights = new Dictionary<EntrySource, double> { [EntrySource.Cross] = 0.5, [EntrySource.ThirdParty] = 0.5 } }),
        "bands" => WithCard(c => WithMedical(c, Medical(c) with { Rule = new BandsRule { Bands = [new ScoreBand(97, 5), new ScoreBand(99, 3)] } })),
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };

    [Fact]
    public void Validate_DefaultAndSmall_NoProblems()
    {
        Assert.Empty(SchemeValidator.Validate(SchemeFile.Default(2025), KpiCatalog.Default));
        Assert.Empty(SchemeValidator.Validate(TestSchemes.Small(), KpiCatalog.Default));
    }

    [Theory]
    [MemberData(nameof(BadSchemes))]
    public void Validate_BadScheme_NamesIndicatorAndField(string which, string? indicator, string field)
    {
        var problems = SchemeValidator.Validate(Bad(which), KpiCatalog.Default);

        var problem = Assert.Single(problems, p => p.Field == field && p.IndicatorId == indicator);
        Assert.StartsWith("scorecards[0]", problem.Path);
        Assert.False(string.IsNullOrWhiteSpace(problem.MessageZh));
        Assert.False(string.IsNullOrWhiteSpace(problem.MessageEn));
        Assert.Contains(" / ", problem.ToString());
    }

    [Fact]
    public void Validate_MissingClass_NamesClass()
    {
        var scheme = TestSchemes.Small() with { Scorecards = [TestSchemes.Card(1), TestSchemes.Card(2)] };

        var problem = Assert.Single(SchemeValidator.Validate(scheme, KpiCatalog.Default));

        Assert.Equal("county_class", problem.Field);
        Assert.Contains("重点帮扶县", problem.MessageZh);
    }
}
