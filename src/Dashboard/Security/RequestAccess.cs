using System.Security.Claims;
using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>The signed-in user's access on a request that authorization has already let through.</summary>
internal static class RequestAccess
{
    /// <summary>The user's access; a request without one never gets this far (the fallback policy).</summary>
    /// <exception cref="InvalidOperationException">Called for an anonymous request.</exception>
    public static UserAccess Access(this ClaimsPrincipal user) =>
        UserAccess.From(user) ?? throw new InvalidOperationException("请求没有已登录的用户 / the request has no signed-in user");

    /// <summary>The user's data scope.</summary>
    public static DataScope Scope(this ClaimsPrincipal user) => user.Access().Scope;
}
