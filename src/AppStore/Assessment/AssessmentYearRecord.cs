namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>An assessment year: the scheme version it is scored with, the field-check sampling seed, and a change
/// counter every act on the year raises (caches of scores key on it).</summary>
public sealed class AssessmentYearRecord
{
    /// <summary>The assessment year (key).</summary>
    public int Year { get; set; }

    /// <summary>The <see cref="StoredScheme.Id"/> in use.</summary>
    public long SchemeRecordId { get; set; }

    /// <summary>The seed field-check samples of the year are drawn with.</summary>
    public long SamplingSeed { get; set; }

    /// <summary>Raised by one with every change to the year (entries, states, samples, results, problems).</summary>
    public long ChangeCount { get; set; }

    /// <summary>Who started the year.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>When (UTC).</summary>
    public DateTime CreatedAtUtc { get; set; }
}
