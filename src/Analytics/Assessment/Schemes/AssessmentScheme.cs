namespace RevivalAnalytics.Assessment;

/// <summary>
/// A post-assessment scheme (后评估方案) for one year: one scorecard per county class. Plain data: it is read from and
/// written to a JSON file (<see cref="SchemeFile"/>), checked by <see cref="SchemeValidator"/>, and kept whole with every
/// result scored with it (<see cref="AssessmentResult.SchemeVersion"/>, <see cref="AssessmentResult.SchemeFingerprint"/>).
/// </summary>
public sealed record AssessmentScheme
{
    /// <summary>Stable identifier of the scheme family (lower case, digits, <c>-</c> and <c>_</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Version number, 1 and up; raise it for every published change.</summary>
    public required int Version { get; init; }

    /// <summary>The assessment year the scheme applies to.</summary>
    public required int Year { get; init; }

    /// <summary>Name in Chinese.</summary>
    public required string NameZh { get; init; }

    /// <summary>Name in English.</summary>
    public required string NameEn { get; init; }

    /// <summary>Notes (where the scheme comes from, what is still a proposal), Chinese.</summary>
    public string? NoteZh { get; init; }

    /// <summary>Notes, English.</summary>
    public string? NoteEn { get; init; }

    /// <summary>One scorecard per county class (1 先行示范, 2 整体推进, 3 重点帮扶).</summary>
    public required IReadOnlyList<Scorecard> Scorecards { get; init; }

    /// <summary>The scorecard of <paramref name="countyClass"/>.</summary>
    /// <param name="countyClass">1, 2 or 3.</param>
    /// <exception cref="ArgumentOutOfRangeException">The scheme has no scorecard for that class.</exception>
    public Scorecard ScorecardFor(int countyClass) =>
        Scorecards.FirstOrDefault(s => s.CountyClass == countyClass)
        ?? throw new ArgumentOutOfRangeException(nameof(countyClass), countyClass, $"方案没有第 {countyClass} 类县的评分表 / The scheme has no scorecard for county class {countyClass}.");
}

/// <summary>The scorecard of one county class: dimensions of indicators with points, bonus and veto items, source
/// weights, grade cut-offs and the field-check quotas.</summary>
public sealed record Scorecard
{
    /// <summary>1 先行示范县, 2 整体推进县, 3 重点帮扶县.</summary>
    public required int CountyClass { get; init; }

    /// <summary>Full marks of the base score (100, or 1,000 for 千分制); the dimensions' points add up to it.</summary>
    public required double TotalPoints { get; init; }

    /// <summary>The dimensions (责任落实, 政策落实, 工作落实, 巩固成效 …), each with its indicators.</summary>
    public required IReadOnlyList<SchemeDimension> Dimensions { get; init; }

    /// <summary>Bonus items (加分项), added on top of the base score up to <see cref="BonusCap"/>.</summary>
    public IReadOnlyList<SchemeIndicator> Bonus { get; init; } = [];

    /// <summary>At most this many bonus points count.</summary>
    public double BonusCap { get; init; }

    /// <summary>Veto items (一票否决): any one triggered grades the county 差 whatever its score.</summary>
    public IReadOnlyList<VetoItem> Vetoes { get; init; } = [];

    /// <summary>How entered scores from several sources combine into an indicator's value; the weights add up to 1.
    /// An indicator scored by one source takes that source's value whatever its weight.</summary>
    public required IReadOnlyDictionary<EntrySource, double> SourceWeights { get; init; }

    /// <summary>Grade cut-offs on the final score.</summary>
    public required GradeCutoffs Grades { get; init; }

    /// <summary>Field-check sample quotas for counties of this class.</summary>
    public required FieldCheckQuota FieldCheck { get; init; }

    /// <summary>Every base indicator, dimension by dimension.</summary>
    public IEnumerable<SchemeIndicator> Indicators => Dimensions.SelectMany(d => d.Indicators);

    /// <summary>Base and bonus indicators whose value is entered (not computed from a KPI).</summary>
    public IEnumerable<SchemeIndicator> EnteredIndicators => Indicators.Concat(Bonus).Where(i => i.Kpi is null);

    /// <summary>The base or bonus indicator, or veto item, with <paramref name="id"/>; null when there is none.</summary>
    /// <param name="id">Indicator id.</param>
    public IScoredItem? Find(string id) =>
        (IScoredItem?)Indicators.Concat(Bonus).FirstOrDefault(i => i.Id == id) ?? Vetoes.FirstOrDefault(v => v.Id == id);
}

/// <summary>A dimension (一级指标) of a scorecard.</summary>
public sealed record SchemeDimension
{
    /// <summary>Stable id within the scorecard.</summary>
    public required string Id { get; init; }

    /// <summary>Name in Chinese.</summary>
    public required string NameZh { get; init; }

    /// <summary>Name in English.</summary>
    public required string NameEn { get; init; }

    /// <summary>Points of the dimension; its indicators' points add up to it.</summary>
    public required double Points { get; init; }

    /// <summary>The indicators.</summary>
    public required IReadOnlyList<SchemeIndicator> Indicators { get; init; }
}

/// <summary>Something scored from a value: an indicator or a veto item.</summary>
public interface IScoredItem
{
    /// <summary>Stable id within the scorecard; entries refer to it.</summary>
    string Id { get; }

    /// <summary>Name in Chinese.</summary>
    string NameZh { get; }

    /// <summary>Name in English.</summary>
    string NameEn { get; }

    /// <summary>The metric-layer KPI id whose county value is the item's value; null when the value is entered.</summary>
    string? Kpi { get; }

    /// <summary>The sources that enter the value when <see cref="Kpi"/> is null.</summary>
    IReadOnlyList<EntrySource> Sources { get; }

    /// <summary>Unit of an entered value (<c>%</c> values must lie in 0–100); null when the KPI gives it.</summary>
    string? Unit { get; }
}

/// <summary>An indicator (指标) with its points, where its value comes from and the rule that turns the value into points.</summary>
public sealed record SchemeIndicator : IScoredItem
{
    /// <inheritdoc />
    public required string Id { get; init; }

    /// <inheritdoc />
    public required string NameZh { get; init; }

    /// <inheritdoc />
    public required string NameEn { get; init; }

    /// <summary>Full points of the indicator.</summary>
    public required double Points { get; init; }

    /// <inheritdoc />
    public string? Kpi { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<EntrySource> Sources { get; init; } = [];

    /// <summary>For an indicator entered by the field check: which of the three rates (错退率, 漏评率, 认可度) fills it
    /// when field results are imported; null otherwise.</summary>
    public FieldMeasure? FieldMeasure { get; init; }

    /// <inheritdoc />
    public string? Unit { get; init; }

    /// <summary>How the value becomes points.</summary>
    public required ScoringRule Rule { get; init; }

    /// <summary>What is checked, for the evaluator (Chinese).</summary>
    public string? DescriptionZh { get; init; }

    /// <summary>What is checked (English).</summary>
    public string? DescriptionEn { get; init; }
}

/// <summary>A veto item (一票否决): triggered when its value breaks <see cref="Limit"/> in <see cref="Direction"/>.</summary>
public sealed record VetoItem : IScoredItem
{
    /// <inheritdoc />
    public required string Id { get; init; }

    /// <inheritdoc />
    public required string NameZh { get; init; }

    /// <inheritdoc />
    public required string NameEn { get; init; }

    /// <inheritdoc />
    public string? Kpi { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<EntrySource> Sources { get; init; } = [];

    /// <inheritdoc />
    public string? Unit { get; init; }

    /// <summary>The value must be at least (or at most) this; otherwise the veto is triggered. An entered flag uses
    /// <c>at_most</c> 0: an entry of 1 triggers it.</summary>
    public required double Limit { get; init; }

    /// <summary>Whether the value must stay at or above, or at or below, <see cref="Limit"/>.</summary>
    public required RuleDirection Direction { get; init; }
}

/// <summary>Grade cut-offs: a final score at or above <see cref="Good"/> is 好, at or above <see cref="FairlyGood"/>
/// 较好, at or above <see cref="Average"/> 一般, below it 差.</summary>
/// <param name="Good">Lowest score graded 好.</param>
/// <param name="FairlyGood">Lowest score graded 较好.</param>
/// <param name="Average">Lowest score graded 一般.</param>
public sealed record GradeCutoffs(double Good, double FairlyGood, double Average)
{
    /// <summary>The grade of <paramref name="score"/> (a cut-off belongs to the higher grade).</summary>
    /// <param name="score">The final score.</param>
    public AssessmentGrade GradeOf(double score) =>
        score >= Good ? AssessmentGrade.Good
        : score >= FairlyGood ? AssessmentGrade.FairlyGood
        : score >= Average ? AssessmentGrade.Average
        : AssessmentGrade.Poor;
}

/// <summary>How many villages and households per stratum a county's field check samples.</summary>
/// <param name="Villages">Villages drawn at the first stage (at least 2; more are drawn when these would hold too few
/// households for the quotas).</param>
/// <param name="AlleviatedWithLabour">脱贫户(有劳动力) to sample.</param>
/// <param name="AlleviatedWithoutLabour">脱贫户(无劳动力) to sample.</param>
/// <param name="Monitored">监测对象 to sample.</param>
/// <param name="Ordinary">一般农户 to sample.</param>
public sealed record FieldCheckQuota(int Villages, int AlleviatedWithLabour, int AlleviatedWithoutLabour, int Monitored, int Ordinary)
{
    /// <summary>The quota of <paramref name="stratum"/>.</summary>
    /// <param name="stratum">A stratum.</param>
    public int For(FieldStratum stratum) => stratum switch
    {
        FieldStratum.AlleviatedWithLabour => AlleviatedWithLabour,
        FieldStratum.AlleviatedWithoutLabour => AlleviatedWithoutLabour,
        FieldStratum.Monitored => Monitored,
        _ => Ordinary,
    };

    /// <summary>Households over all strata.</summary>
    public int Households => AlleviatedWithLabour + AlleviatedWithoutLabour + Monitored + Ordinary;
}
