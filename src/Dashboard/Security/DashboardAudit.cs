using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>Writes the request's audit entries: actor, scope and client address come from the request. A write that
/// fails fails the request (the data is not shown without its record).</summary>
internal sealed class DashboardAudit(AuditLog log, IHttpContextAccessor accessor)
{
    /// <summary>Records an act of the signed-in user (or of <paramref name="actor"/>, for a failed sign-in).</summary>
    public Task RecordAsync(string action, string? target = null, string? detail = null, long? rowCount = null, bool succeeded = true, string? actor = null, CancellationToken cancellationToken = default)
    {
        var context = accessor.HttpContext;
        var access = UserAccess.From(context?.User);
        return log.AppendAsync(
            new AuditEntry
            {
                Action = action,
                Actor = actor ?? access?.UserName ?? "anonymous",
                Target = target,
                Detail = detail,
                RowCount = rowCount,
                Succeeded = succeeded,
                Scope = access?.Scope.ToString(),
                ClientAddress = context?.Connection.RemoteIpAddress?.ToString(),
            },
            cancellationToken);
    }

    /// <summary>The actor for account administration, from the signed-in user.</summary>
    public AuditActor Actor(UserAccess access) =>
        new(access.UserName, access.Scope.ToString(), accessor.HttpContext?.Connection.RemoteIpAddress?.ToString());
}
