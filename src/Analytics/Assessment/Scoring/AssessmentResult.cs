namespace RevivalAnalytics.Assessment;

/// <summary>A year's assessment of every county: the scheme it was scored with, the data version the KPIs came from,
/// and one <see cref="CountyAssessment"/> per county.</summary>
public sealed record AssessmentResult
{
    /// <summary>Assessment year.</summary>
    public required int Year { get; init; }

    /// <summary>The whole scheme the result was scored with, kept with it (a later edit of the scheme does not change
    /// what this result means).</summary>
    public required AssessmentScheme Scheme { get; init; }

    /// <summary>The scheme's id.</summary>
    public required string SchemeId { get; init; }

    /// <summary>The scheme's version.</summary>
    public required int SchemeVersion { get; init; }

    /// <summary><see cref="SchemeFile.Fingerprint"/> of the scheme used.</summary>
    public required string SchemeFingerprint { get; init; }

    /// <summary>The scheme's Chinese name.</summary>
    public required string SchemeNameZh { get; init; }

    /// <summary>The metric layer's data version.</summary>
    public required string DataVersion { get; init; }

    /// <summary>When it was computed.</summary>
    public required DateTimeOffset ComputedAt { get; init; }

    /// <summary>Every county, by class then rank.</summary>
    public required IReadOnlyList<CountyAssessment> Counties { get; init; }

    /// <summary>Field-check estimates of the counties that have them, by county code.</summary>
    public IReadOnlyDictionary<int, FieldCheckEstimates> FieldChecks { get; init; } = new Dictionary<int, FieldCheckEstimates>();

    /// <summary>The county with <paramref name="countyCode"/>, or null.</summary>
    /// <param name="countyCode">GB/T 2260 code.</param>
    public CountyAssessment? County(int countyCode) => Counties.FirstOrDefault(c => c.CountyCode == countyCode);
}

/// <summary>One county's result: total, grade, rank within its class, dimension scores, and every indicator with the
/// trace of its points.</summary>
public sealed record CountyAssessment
{
    /// <summary>GB/T 2260 code.</summary>
    public required int CountyCode { get; init; }

    /// <summary>Name.</summary>
    public required string CountyName { get; init; }

    /// <summary>Prefecture name.</summary>
    public required string PrefectureName { get; init; }

    /// <summary>County class (1–3), whose scorecard applied.</summary>
    public required int CountyClass { get; init; }

    /// <summary>Full marks of the base score.</summary>
    public required double TotalPoints { get; init; }

    /// <summary>Base score (sum of the indicators' points).</summary>
    public required double BaseScore { get; init; }

    /// <summary>Bonus points counted (after the cap).</summary>
    public required double Bonus { get; init; }

    /// <summary>Final score = base + bonus, kept to 4 decimals (the grade is read from it).</summary>
    public required double Score { get; init; }

    /// <summary>The grade; 差 when a veto item was triggered.</summary>
    public required AssessmentGrade Grade { get; init; }

    /// <summary>The veto items triggered.</summary>
    public required IReadOnlyList<ItemScore> Vetoes { get; init; }

    /// <summary>Rank within the class by score (1 = best; ties share a rank), vetoed counties last.</summary>
    public required int RankInClass { get; init; }

    /// <summary>Counties in the class.</summary>
    public required int ClassSize { get; init; }

    /// <summary>Dimension scores.</summary>
    public required IReadOnlyList<DimensionScore> Dimensions { get; init; }

    /// <summary>Every base and bonus indicator and veto item, with its trace.</summary>
    public required IReadOnlyList<ItemScore> Items { get; init; }

    /// <summary>Entries the scheme expects but that are missing (indicator and source).</summary>
    public required IReadOnlyList<MissingEntry> Missing { get; init; }

    /// <summary>Whether a veto item was triggered.</summary>
    public bool Vetoed => Vetoes.Count > 0;
}

/// <summary>A dimension's score.</summary>
/// <param name="Id">Dimension id.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Points">Full points.</param>
/// <param name="Score">Points earned.</param>
public sealed record DimensionScore(string Id, string NameZh, string NameEn, double Points, double Score);

/// <summary>What kind of scored item.</summary>
public enum ItemKind
{
    /// <summary>A base indicator of a dimension.</summary>
    Indicator,

    /// <summary>A bonus item.</summary>
    Bonus,

    /// <summary>A veto item.</summary>
    Veto,
}

/// <summary>How an item's value was found.</summary>
public enum ItemStatus
{
    /// <summary>Every source gave a value.</summary>
    Complete,

    /// <summary>Some of several sources are missing; the others were combined with their weights renormalised.</summary>
    Partial,

    /// <summary>No value: no KPI value for the county, or no entry. The item earns 0 (a veto is not triggered).</summary>
    NoValue,
}

/// <summary>One indicator, bonus or veto item of a county: the value, where it came from, the rule and the points.</summary>
public sealed record ItemScore
{
    /// <summary>Item id.</summary>
    public required string Id { get; init; }

    /// <summary>Chinese name.</summary>
    public required string NameZh { get; init; }

    /// <summary>English name.</summary>
    public required string NameEn { get; init; }

    /// <summary>Indicator, bonus or veto.</summary>
    public required ItemKind Kind { get; init; }

    /// <summary>The dimension of a base indicator; null for bonus and veto items.</summary>
    public string? DimensionId { get; init; }

    /// <summary>Full points (0 for a veto item).</summary>
    public required double MaxPoints { get; init; }

    /// <summary>Points earned (0 for a veto item).</summary>
    public required double Points { get; init; }

    /// <summary>The value the rule was applied to; null when there was none.</summary>
    public double? Value { get; init; }

    /// <summary>Unit of the value (<c>%</c>, <c>元/人</c>, <c>points</c> …).</summary>
    public string? Unit { get; init; }

    /// <summary>Complete, partial or no value.</summary>
    public required ItemStatus Status { get; init; }

    /// <summary>Where the value came from: a KPI, or the entries with their weights.</summary>
    public required IReadOnlyList<ScoreInput> Inputs { get; init; }

    /// <summary>The rule in words, Chinese.</summary>
    public required string RuleZh { get; init; }

    /// <summary>The rule in words, English.</summary>
    public required string RuleEn { get; init; }

    /// <summary>How the points follow from the value, Chinese.</summary>
    public required string WorkingZh { get; init; }

    /// <summary>How the points follow from the value, English.</summary>
    public required string WorkingEn { get; init; }

    /// <summary>Whether the value is points given directly by evaluators (<see cref="EnteredPointsRule"/>).</summary>
    public bool ScoredDirectly { get; init; }

    /// <summary>For a veto item: whether it was triggered.</summary>
    public bool Triggered { get; init; }

    /// <summary>Whether the item lost points (or, for a veto, was triggered): such items become problems.</summary>
    public bool Failed => Kind == ItemKind.Veto ? Triggered : Kind == ItemKind.Indicator && Points < MaxPoints - 1e-9;
}

/// <summary>One input of an item's value.</summary>
/// <param name="KpiId">The KPI (for a data indicator), else null.</param>
/// <param name="Source">The source (for an entry), else null.</param>
/// <param name="Value">The input's value.</param>
/// <param name="Weight">Its weight in the combined value (1 for a single input).</param>
/// <param name="EntryId">The entry, if any.</param>
/// <param name="EnteredBy">Who entered it, if an entry.</param>
public sealed record ScoreInput(string? KpiId, EntrySource? Source, double Value, double Weight, Guid? EntryId, string? EnteredBy);

/// <summary>An entry the scheme expects that was not given.</summary>
/// <param name="IndicatorId">The item.</param>
/// <param name="Source">The source that did not enter it.</param>
public sealed record MissingEntry(string IndicatorId, EntrySource Source);
