namespace RevivalAnalytics.AppStore.Audit;

/// <summary>The audit log's one settings row (id 1). The store's triggers read <see cref="RetentionDays"/>: rows younger
/// than that cannot be deleted.</summary>
public sealed class AuditSettings
{
    /// <summary>The least retention the store accepts (a CHECK constraint): six months, as China's Cybersecurity Law
    /// (art. 21) asks of network logs.</summary>
    public const int MinimumRetentionDays = 180;

    /// <summary>Always 1.</summary>
    public int Id { get; set; } = 1;

    /// <summary>Days an entry is kept before the retention clean-up may delete it.</summary>
    public int RetentionDays { get; set; } = 365;
}
