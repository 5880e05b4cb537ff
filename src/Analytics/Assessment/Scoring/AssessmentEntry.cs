namespace RevivalAnalytics.Assessment;

/// <summary>
/// One entered value: a county's value (or score) of one indicator from one source, attributed to the user who entered
/// it. Plain data with an id, so a store can keep it; a later entry for the same county, indicator and source
/// replaces the earlier one.
/// </summary>
public sealed record AssessmentEntry
{
    /// <summary>Identity of the entry.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>Assessment year.</summary>
    public required int Year { get; init; }

    /// <summary>GB/T 2260 county code.</summary>
    public required int CountyCode { get; init; }

    /// <summary>Indicator, bonus or veto item id of the county's scorecard.</summary>
    public required string IndicatorId { get; init; }

    /// <summary>Who gave the value.</summary>
    public required EntrySource Source { get; init; }

    /// <summary>The value in the indicator's unit (points for <see cref="EnteredPointsRule"/>; 1 or 0 for a veto flag).</summary>
    public required double Value { get; init; }

    /// <summary>The user who entered or imported it.</summary>
    public required string EnteredBy { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset EnteredAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Evidence or remark.</summary>
    public string? Note { get; init; }
}
