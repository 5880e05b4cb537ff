using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Tests.Assessment;

/// <summary>A small scheme whose totals are easy to work out by hand: 20 points per class in two dimensions.</summary>
internal static class TestSchemes
{
    public const int Year = 2025;

    public static Scorecard Card(int countyClass) => new()
    {
        CountyClass = countyClass,
        TotalPoints = 20,
        Dimensions =
        [
            new SchemeDimension
            {
                Id = "data", NameZh = "数据", NameEn = "Data", Points = 10,
                Indicators = [new SchemeIndicator { Id = "medical", NameZh = "医保参保率", NameEn = "Medical", Points = 10, Kpi = KpiIds.MedicalInsuranceRate, Rule = new DeductionRule { Target = 100, Step = 0.1, PointsPerStep = 1 } }],
            },
            new SchemeDimension
            {
                Id = "work", NameZh = "工作", NameEn = "Work", Points = 10,
                Indicators = [new SchemeIndicator { Id = "duty", NameZh = "责任", NameEn = "Duty", Points = 10, Sources = [EntrySource.Self, EntrySource.Cross, EntrySource.ThirdParty], Rule = new EnteredPointsRule() }],
            },
        ],
        Bonus =
        [
            new SchemeIndicator { Id = "practice", NameZh = "经验", NameEn = "Practice", Points = 3, Sources = [EntrySource.Cross], Rule = new EnteredPointsRule() },
            new SchemeIndicator { Id = "innovation", NameZh = "创新", NameEn = "Innovation", Points = 3, Sources = [EntrySource.ThirdParty], Rule = new EnteredPointsRule() },
        ],
        BonusCap = 4,
        Vetoes =
        [
            new VetoItem { Id = "red_line", NameZh = "规模性返贫", NameEn = "Red line", Kpi = KpiIds.ReturnToPovertyRate, Limit = 1, Direction = RuleDirection.AtMost },
            new VetoItem { Id = "fraud", NameZh = "造假", NameEn = "Fraud", Sources = [EntrySource.CovertVisit], Unit = "flag", Limit = 0, Direction = RuleDirection.AtMost },
        ],
        SourceWeights = new Dictionary<EntrySource, double> { [EntrySource.Self] = 0.2, [EntrySource.Cross] = 0.5, [EntrySource.ThirdParty] = 0.3 },
        Grades = new GradeCutoffs(18, 16, 12),
        FieldCheck = new FieldCheckQuota(2, 5, 5, 5, 5),
    };

    public static AssessmentScheme Small() => new()
    {
        Id = "test", Version = 3, Year = Year, NameZh = "测试方案", NameEn = "Test scheme",
        Scorecards = [Card(1), Card(2), Card(3)],
    };

    public static CountyInfo County(int code, int countyClass = 1) => new(code, $"县{code}", 1401, "太原市", countyClass, 0, 100_000);

    public static AssessmentEntry Entry(int county, string indicator, EntrySource source, double value) => new()
    {
        Year = Year, CountyCode = county, IndicatorId = indicator, Source = source, Value = value, EnteredBy = "tester",
    };
}
