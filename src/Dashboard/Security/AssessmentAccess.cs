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

    /// <summary>The actor for the audit log.</summary>
    public static AuditActor Actor(this UserAccess access, string? clientAddress) => new(access.UserName, access.Scope.ToString(), clientAddress);
}
