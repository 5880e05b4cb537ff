namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>What someone does to move a county through the workflow (publishing is
/// <see cref="AssessmentStore.PublishAsync"/>).</summary>
public enum WorkflowAct
{
    /// <summary>Draft → self-assessment submitted (every self-assessment entry given).</summary>
    SubmitSelfAssessment,

    /// <summary>Self-assessment submitted → scores entered (every cross, third-party and field score given).</summary>
    SubmitScores,

    /// <summary>Scores entered → reviewed, by someone other than who submitted the scores.</summary>
    Review,

    /// <summary>Scores entered or reviewed → back to self-assessment submitted, with a note saying what to fix.</summary>
    SendBack,

    /// <summary>Published → draft for a correction, with its reason; the next publication is a new revision.</summary>
    OpenCorrection,
}

/// <summary>The workflow's states and acts in both languages, defined once.</summary>
public static class WorkflowLabels
{
    /// <summary>Label of a state.</summary>
    /// <param name="state">The state.</param>
    /// <returns>Chinese and English.</returns>
    public static (string Zh, string En) Of(WorkflowState state) => state switch
    {
        WorkflowState.Draft => ("草稿", "draft"),
        WorkflowState.SelfSubmitted => ("自评已提交", "self-assessment submitted"),
        WorkflowState.ScoresEntered => ("评分已录入", "scores entered"),
        WorkflowState.Reviewed => ("已审核", "reviewed"),
        _ => ("已发布", "published"),
    };

    /// <summary>Label of an act.</summary>
    /// <param name="act">The act.</param>
    /// <returns>Chinese and English.</returns>
    public static (string Zh, string En) Of(WorkflowAct act) => act switch
    {
        WorkflowAct.SubmitSelfAssessment => ("提交自评", "submit the self-assessment"),
        WorkflowAct.SubmitScores => ("提交评分待审核", "submit the scores for review"),
        WorkflowAct.Review => ("审核通过", "approve in review"),
        WorkflowAct.SendBack => ("退回修改", "send back"),
        _ => ("发起更正", "open a correction"),
    };

    /// <summary>The state a county must be in for <paramref name="act"/>, and the one it moves to.</summary>
    /// <param name="act">The act.</param>
    /// <returns>The allowed starting states and the target state.</returns>
    public static (WorkflowState[] From, WorkflowState To) Transition(WorkflowAct act) => act switch
    {
        WorkflowAct.SubmitSelfAssessment => ([WorkflowState.Draft], WorkflowState.SelfSubmitted),
        WorkflowAct.SubmitScores => ([WorkflowState.SelfSubmitted], WorkflowState.ScoresEntered),
        WorkflowAct.Review => ([WorkflowState.ScoresEntered], WorkflowState.Reviewed),
        WorkflowAct.SendBack => ([WorkflowState.ScoresEntered, WorkflowState.Reviewed], WorkflowState.SelfSubmitted),
        _ => ([WorkflowState.Published], WorkflowState.Draft),
    };

    /// <summary>The state's id in the audit log (<c>self_submitted</c> …).</summary>
    /// <param name="state">The state.</param>
    /// <returns>The id.</returns>
    public static string Id(WorkflowState state) => state switch
    {
        WorkflowState.Draft => "draft",
        WorkflowState.SelfSubmitted => "self_submitted",
        WorkflowState.ScoresEntered => "scores_entered",
        WorkflowState.Reviewed => "reviewed",
        _ => "published",
    };
}
