using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Apis;

// Rectification: evaluators record that a problem was rectified, leaders check and close it (or send it back), each on
// the counties of their scope; the store audits every move in the same transaction.
public static partial class AssessmentApi
{
    /// <summary>A problem after a move.</summary>
    /// <param name="Id">The problem.</param>
    /// <param name="CountyCode">Its county.</param>
    /// <param name="State">Its new state (<c>InProgress</c>, <c>Rectified</c>, <c>Closed</c>).</param>
    /// <param name="Notes">Notes so far.</param>
    public sealed record ProblemMoved(Guid Id, int CountyCode, string State, int Notes);

    internal static async Task<Results<Ok<ProblemMoved>, ProblemHttpResult>> MoveProblemAsync(
        Guid id, string to, string? note, AssessmentWorkflow workflow, HttpContext context, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ProblemState>(to, ignoreCase: true, out var state) || !Enum.IsDefined(state))
        {
            return TypedResults.Problem(statusCode: 400, title: "参数错误：to / Invalid parameter: to",
                detail: $"未知的整改状态“{to}”（InProgress、Rectified、Closed）/ unknown state '{to}' (InProgress, Rectified, Closed)");
        }

        var access = context.User.Access();
        var problem = await workflow.Store.FindProblemAsync(id, cancellationToken);
        // A problem outside the scope is answered as absent: its existence is not the caller's to know.
        if (problem is null || !access.Covers(workflow.Service, problem.CountyCode))
        {
            return TypedResults.Problem(statusCode: 404, title: "没有该问题：id / No such problem: id", detail: $"没有问题 {id} / no problem {id}");
        }

        if (access.RefuseMove(workflow.Service, problem.CountyCode, state) is { } refusal)
        {
            return TypedResults.Problem(statusCode: 403, title: "无权操作 / Not allowed", detail: $"{refusal.Zh} / {refusal.En}");
        }

        try
        {
            var moved = await workflow.Store.MoveProblemAsync(id, state, note ?? string.Empty, access.Actor(context.Connection.RemoteIpAddress?.ToString()), cancellationToken);
            return TypedResults.Ok(new ProblemMoved(moved.Id, moved.CountyCode, moved.State.ToString(), moved.Notes.Count));
        }
        catch (AssessmentWorkflowException e)
        {
            return TypedResults.Problem(statusCode: 409, title: "流程不允许 / Refused by the workflow", detail: e.Message);
        }
    }
}
