using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>Who may act on which county of the post-assessment: the capability says what (entering or reviewing,
/// <see cref="RoleCapabilities"/>), the data scope says where. One place for both, used by the pages and the API.</summary>
internal static class AssessmentAccess
{
    /// <summary>The counties of <paramref name="access"/>'s scope, by code.</summary>
    public static IReadOnlySet<int> Counties(this UserAccess access, AssessmentService service) =>
        service.Counties.Values.Where(c => access.Scope.Covers(c.Code, c.PrefectureCode)).Select(c => c.Code).ToHashSet();

    /// <summary>Whether <paramref name="countyCode"/> is a known county inside the user's scope.</summary>
    public static bool Covers(this UserAccess access, AssessmentService service, int countyCode) =>
        service.Counties.TryGetValue(countyCode, out var county) && access.Scope.Covers(county.Code, county.PrefectureCode);

    /// <summary>The capability an act needs: submissions are the evaluators', review, send-back and corrections the
    /// reviewers'.</summary>
    public static Capability Needs(AppStore.Assessment.WorkflowAct act) => act is AppStore.Assessment.WorkflowAct.SubmitSelfAssessment or AppStore.Assessment.WorkflowAct.SubmitScores
        ? Capability.EnterAssessment
        : Capability.ReviewAssessment;

    /// <summary>The capability a rectification move needs: evaluators record that a problem was rectified; checking it
    /// (closing it, 销号, or sending it back to rectification) is the reviewers', so the one who records a rectification
    /// is not the one who accepts it.</summary>
    public static Capability Needs(ProblemState to) => to == ProblemState.Rectified ? Capability.EnterAssessment : Capability.ReviewAssessment;

    /// <summary>Why the user may not move a problem of <paramref name="countyCode"/> to <paramref name="to"/> (Chinese,
    /// English), or null when they may.</summary>
    public static (string Zh, string En)? RefuseMove(this UserAccess access, AssessmentService service, int countyCode, ProblemState to)
    {
        if (!access.Has(Needs(to)))
        {
            var label = ProblemRules.Label(to);
            return to == ProblemState.Rectified
                ? ($"只有评估员可以登记整改（改为“{label.Zh}”）", $"only evaluators record a rectification (move to {label.En})")
                : ($"只有审核人（领导）可以核验（改为“{label.Zh}”）", $"only reviewers (leaders) check a rectification (move to {label.En})");
        }

        return access.Covers(service, countyCode) ? null : ($"县 {countyCode} 不在您的数据范围内", $"county {countyCode} is outside your data scope");
    }

    /// <summary>The actor for the audit log.</summary>
    public static AuditActor Actor(this UserAccess access, string? clientAddress) => new(access.UserName, access.Scope.ToString(), clientAddress);
}
