namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>One version of an assessment scheme, kept whole as its JSON file. Rows are only ever added (the store's
/// triggers refuse UPDATE and DELETE), so a published result always finds the scheme it was scored with.</summary>
public sealed class StoredScheme
{
    /// <summary>Row id; results and years refer to it.</summary>
    public long Id { get; set; }

    /// <summary>The scheme family's id (<c>AssessmentScheme.Id</c>).</summary>
    public string SchemeId { get; set; } = string.Empty;

    /// <summary>Version within the family, 1 and up.</summary>
    public int Version { get; set; }

    /// <summary>The year the scheme was written for.</summary>
    public int Year { get; set; }

    /// <summary>Chinese name.</summary>
    public string NameZh { get; set; } = string.Empty;

    /// <summary>English name.</summary>
    public string NameEn { get; set; } = string.Empty;

    /// <summary>SHA-256 fingerprint of the canonical JSON (16 hex digits).</summary>
    public string Fingerprint { get; set; } = string.Empty;

    /// <summary>The scheme file (indented JSON, snake_case).</summary>
    public string Json { get; set; } = string.Empty;

    /// <summary>What changed, in the editor's words.</summary>
    public string? Note { get; set; }

    /// <summary>Who saved it.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>When (UTC).</summary>
    public DateTime CreatedAtUtc { get; set; }
}
