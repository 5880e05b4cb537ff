namespace RevivalAnalytics.Assessment;

/// <summary>
/// A county's field-check sample: villages drawn at the first stage (simple random sample without replacement), then
/// households by stratum in the drawn villages (quotas split across villages in proportion to their households, simple
/// random samples within). Reproducible: the same frame, quotas and seed draw the same sample. Plain data, so it can be
/// stored beside its results.
/// </summary>
public sealed record FieldSample
{
    /// <summary>County code.</summary>
    public required int CountyCode { get; init; }

    /// <summary>Assessment year (the strata are the households' status at the end of it).</summary>
    public required int Year { get; init; }

    /// <summary>The seed it was drawn with.</summary>
    public required long Seed { get; init; }

    /// <summary>Villages in the frame (with at least one household), M.</summary>
    public required int FrameVillages { get; init; }

    /// <summary>Households in the frame by stratum.</summary>
    public required IReadOnlyDictionary<FieldStratum, int> FrameHouseholds { get; init; }

    /// <summary>The villages drawn (m of them).</summary>
    public required IReadOnlyList<SampledVillage> Villages { get; init; }

    /// <summary>The households drawn, village by village.</summary>
    public required IReadOnlyList<SampledHousehold> Households { get; init; }

    /// <summary>Households drawn per stratum.</summary>
    public IReadOnlyDictionary<FieldStratum, int> SampledByStratum =>
        Enum.GetValues<FieldStratum>().ToDictionary(s => s, s => Households.Count(h => h.Stratum == s));
}

/// <summary>A village of the sample.</summary>
/// <param name="VillageCode">12-digit village code.</param>
/// <param name="VillageName">Name.</param>
/// <param name="FrameHouseholds">Households of the frame in the village.</param>
/// <param name="InclusionProbability">Probability of drawing the village, m ÷ M.</param>
public sealed record SampledVillage(long VillageCode, string VillageName, int FrameHouseholds, double InclusionProbability);

/// <summary>A household of the sample.</summary>
/// <param name="HouseholdId">Household id.</param>
/// <param name="VillageCode">Village.</param>
/// <param name="Stratum">Stratum.</param>
/// <param name="Weight">Design weight: households of the county it stands for (M/m × N_jh/n_jh).</param>
/// <param name="AskExit">Whether the exit question applies (a 脱贫户 not in monitoring, or a household whose risk was
/// eliminated): the denominator of 错退率.</param>
/// <param name="AskMissed">Whether the missed question applies (not in monitoring at year end): the denominator of 漏评率.</param>
public sealed record SampledHousehold(long HouseholdId, long VillageCode, FieldStratum Stratum, double Weight, bool AskExit, bool AskMissed);

/// <summary>What the field team found at one sampled household. A question that does not apply is null.</summary>
/// <param name="HouseholdId">Household id.</param>
/// <param name="ExitCorrect">Whether its exit (from poverty or from monitoring) meets the standard; false = 错退.</param>
/// <param name="Missed">Whether it meets the monitoring criteria but was not identified (漏评).</param>
/// <param name="Approves">Whether it approves of the assistance and its results (认可).</param>
/// <param name="CheckedBy">Who checked.</param>
/// <param name="Note">Finding in words.</param>
public sealed record FieldResult(long HouseholdId, bool? ExitCorrect, bool? Missed, bool? Approves, string CheckedBy, string? Note = null);

/// <summary>An estimated rate, %, with its 95 % interval from the two-stage design.</summary>
/// <param name="Estimate">The weighted rate, %; null when no sampled household answered.</param>
/// <param name="Lower">Lower bound, %.</param>
/// <param name="Upper">Upper bound, %.</param>
/// <param name="Respondents">Sampled households that answered the question.</param>
/// <param name="Cases">Of them, how many are cases (wrongly exited, missed, approving).</param>
/// <param name="DesignEffect">Estimated variance ÷ the variance of a simple random sample of the same size (null when
/// it cannot be estimated, e.g. no case at all).</param>
public sealed record RateEstimate(double? Estimate, double? Lower, double? Upper, int Respondents, int Cases, double? DesignEffect);

/// <summary>The three rates of a county's field check.</summary>
/// <param name="CountyCode">County.</param>
/// <param name="WronglyExited">错退率.</param>
/// <param name="Missed">漏评率.</param>
/// <param name="Approval">认可度.</param>
public sealed record FieldCheckEstimates(int CountyCode, RateEstimate WronglyExited, RateEstimate Missed, RateEstimate Approval)
{
    /// <summary>The estimate of <paramref name="measure"/>.</summary>
    /// <param name="measure">Which rate.</param>
    public RateEstimate For(FieldMeasure measure) => measure switch
    {
        FieldMeasure.WronglyExitedRate => WronglyExited,
        FieldMeasure.MissedRate => Missed,
        _ => Approval,
    };
}

/// <summary>The sizes of a county's sampling frame: what a field check draws from.</summary>
/// <param name="CountyCode">County.</param>
/// <param name="Year">Assessment year.</param>
/// <param name="Villages">Villages with at least one household.</param>
/// <param name="Households">Households by stratum.</param>
/// <param name="ExitQuestion">Households the exit question applies to (the population of 错退率).</param>
/// <param name="MissedQuestion">Households the missed question applies to (the population of 漏评率).</param>
public sealed record FieldFrameSize(int CountyCode, int Year, int Villages, IReadOnlyDictionary<FieldStratum, int> Households, int ExitQuestion, int MissedQuestion)
{
    /// <summary>All households (the population of 认可度).</summary>
    public int Total => Households.Values.Sum();
}
