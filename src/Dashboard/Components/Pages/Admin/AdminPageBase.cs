using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Components.Pages.Admin;

/// <summary>
/// What the admin pages share. They run in a circuit (interactive server rendering), where the request's culture is
/// gone, so each reads the language from its own URL (<c>?lang=en</c>) instead of the culture; the acting administrator
/// comes from the authentication state, and every store operation takes a DI scope of its own (a circuit outlives many
/// operations, a DbContext should not).
/// </summary>
public abstract class AdminPageBase : ComponentBase
{
    /// <summary>The page's language from the URL.</summary>
    [SupplyParameterFromQuery(Name = "lang")]
    public string? Lang { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private protected IServiceScopeFactory ScopeFactory { get; set; } = default!;

    /// <summary>Whether the page is English.</summary>
    protected bool English => string.Equals(Lang, "en", StringComparison.OrdinalIgnoreCase);

    /// <summary>Text in the page's language.</summary>
    protected string L(string zh, string en) => English ? en : zh;

    /// <summary>A link on the admin pages, keeping the language.</summary>
    protected string Href(string path) => English ? path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=en" : path;

    /// <summary>The administrator acting, for the audit log.</summary>
    protected async Task<AuditActor> ActorAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        var access = UserAccess.From(state?.User) ?? throw new InvalidOperationException("没有已登录的管理员 / no signed-in administrator");
        return new AuditActor(access.UserName, access.Scope.ToString());
    }
}
