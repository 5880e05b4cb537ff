using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>A published revision of a county's result. Rows are only ever added (the store's triggers refuse UPDATE and
/// DELETE): a correction is a new revision.</summary>
public sealed class PublishedRevision
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>Assessment year.</summary>
    public int Year { get; set; }

    /// <summary>County code.</summary>
    public int CountyCode { get; set; }

    /// <summary>1 for the first publication, then 2, 3 … for corrections.</summary>
    public int Revision { get; set; }

    /// <summary>County class when scored.</summary>
    public int CountyClass { get; set; }

    /// <summary>The scheme version it was scored with.</summary>
    public long SchemeRecordId { get; set; }

    /// <summary>That scheme's fingerprint.</summary>
    public string SchemeFingerprint { get; set; } = string.Empty;

    /// <summary>The data version the KPIs came from.</summary>
    public string DataVersion { get; set; } = string.Empty;

    /// <summary>Final score.</summary>
    public double Score { get; set; }

    /// <summary>Grade.</summary>
    public AssessmentGrade Grade { get; set; }

    /// <summary>The county's result with its whole trace, and its field-check estimates, as JSON.</summary>
    public string Json { get; set; } = string.Empty;

    /// <summary>Why this revision replaces the previous one (null for the first).</summary>
    public string? Reason { get; set; }

    /// <summary>Who reviewed it.</summary>
    public string ReviewedBy { get; set; } = string.Empty;

    /// <summary>Who published it.</summary>
    public string PublishedBy { get; set; } = string.Empty;

    /// <summary>When (UTC).</summary>
    public DateTime PublishedAtUtc { get; set; }
}
