namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>A county's field-check sample of a year, kept whole as JSON (villages, households, weights).</summary>
public sealed class StoredFieldSample
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>Assessment year.</summary>
    public int Year { get; set; }

    /// <summary>County code.</summary>
    public int CountyCode { get; set; }

    /// <summary>The seed it was drawn with.</summary>
    public long Seed { get; set; }

    /// <summary>Households drawn.</summary>
    public int Households { get; set; }

    /// <summary>The sample (<c>FieldSample</c>) as JSON.</summary>
    public string Json { get; set; } = string.Empty;

    /// <summary>Who drew it.</summary>
    public string DrawnBy { get; set; } = string.Empty;

    /// <summary>When (UTC).</summary>
    public DateTime DrawnAtUtc { get; set; }
}

/// <summary>What the field team found at one sampled household.</summary>
public sealed class StoredFieldResult
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The sample.</summary>
    public long SampleId { get; set; }

    /// <summary>Household id.</summary>
    public long HouseholdId { get; set; }

    /// <summary>Exit correct (null: not asked).</summary>
    public bool? ExitCorrect { get; set; }

    /// <summary>Missed (null: not asked).</summary>
    public bool? Missed { get; set; }

    /// <summary>Approves (null: not asked).</summary>
    public bool? Approves { get; set; }

    /// <summary>Who checked, as the team wrote it.</summary>
    public string CheckedBy { get; set; } = string.Empty;

    /// <summary>Finding in words.</summary>
    public string? Note { get; set; }

    /// <summary>Who imported it.</summary>
    public string ImportedBy { get; set; } = string.Empty;

    /// <summary>When (UTC).</summary>
    public DateTime ImportedAtUtc { get; set; }
}
