using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>A problem sent back to a county, tracked until checked and closed (销号).</summary>
public sealed class StoredProblem
{
    /// <summary>Identity (stable: the same year, county, indicator and household give the same id).</summary>
    public Guid Id { get; set; }

    /// <summary>Assessment year.</summary>
    public int Year { get; set; }

    /// <summary>County code.</summary>
    public int CountyCode { get; set; }

    /// <summary>County class (for filters by class).</summary>
    public int CountyClass { get; set; }

    /// <summary>Indicator, veto item or field measure.</summary>
    public string IndicatorId { get; set; } = string.Empty;

    /// <summary>Where it comes from.</summary>
    public ProblemOrigin Origin { get; set; }

    /// <summary>The household of a field finding.</summary>
    public long? HouseholdId { get; set; }

    /// <summary>What is wrong, Chinese.</summary>
    public string DescriptionZh { get; set; } = string.Empty;

    /// <summary>What is wrong, English.</summary>
    public string DescriptionEn { get; set; } = string.Empty;

    /// <summary>Who must rectify it.</summary>
    public string Owner { get; set; } = string.Empty;

    /// <summary>Rectify by.</summary>
    public DateOnly Deadline { get; set; }

    /// <summary>Rectification state.</summary>
    public ProblemState State { get; set; }

    /// <summary>The result revision that raised it.</summary>
    public int Revision { get; set; }

    /// <summary>When it was raised (UTC).</summary>
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Optimistic concurrency.</summary>
    public int Version { get; set; }

    /// <summary>The notes, oldest first.</summary>
    public List<StoredProblemNote> Notes { get; set; } = [];
}

/// <summary>A note on a problem: who moved it to which state, when and why. Only ever added.</summary>
public sealed class StoredProblemNote
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The problem.</summary>
    public Guid ProblemId { get; set; }

    /// <summary>The state it moved to.</summary>
    public ProblemState State { get; set; }

    /// <summary>Who.</summary>
    public string By { get; set; } = string.Empty;

    /// <summary>When (UTC).</summary>
    public DateTime AtUtc { get; set; }

    /// <summary>Why, or what was done.</summary>
    public string Text { get; set; } = string.Empty;
}
