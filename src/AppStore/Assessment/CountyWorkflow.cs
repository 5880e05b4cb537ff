namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>Where a county's assessment of a year stands.</summary>
public enum WorkflowState
{
    /// <summary>草稿: entries are being made (also after a correction was opened).</summary>
    Draft,

    /// <summary>自评已提交: the self-assessment is complete and submitted; cross, third-party and field scores follow.</summary>
    SelfSubmitted,

    /// <summary>评分已录入: every expected score is in; waiting for review.</summary>
    ScoresEntered,

    /// <summary>已审核: reviewed, ready to publish.</summary>
    Reviewed,

    /// <summary>已发布: published; the result is immutable, a correction is a new revision.</summary>
    Published,
}

/// <summary>One county's workflow state for a year.</summary>
public sealed class CountyWorkflow
{
    /// <summary>Assessment year.</summary>
    public int Year { get; set; }

    /// <summary>County code.</summary>
    public int CountyCode { get; set; }

    /// <summary>Current state.</summary>
    public WorkflowState State { get; set; }

    /// <summary>The latest published revision (0: never published).</summary>
    public int PublishedRevision { get; set; }

    /// <summary>Who moved the county to <see cref="WorkflowState.ScoresEntered"/> (may not review it).</summary>
    public string? ScoresSubmittedBy { get; set; }

    /// <summary>Who reviewed it.</summary>
    public string? ReviewedBy { get; set; }

    /// <summary>The reason of an open correction, or of the last send-back.</summary>
    public string? Note { get; set; }

    /// <summary>Who changed the state last.</summary>
    public string UpdatedBy { get; set; } = string.Empty;

    /// <summary>When (UTC).</summary>
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Optimistic concurrency: raised with every change, so two people moving the same county at once cannot
    /// both succeed.</summary>
    public int Version { get; set; }
}
