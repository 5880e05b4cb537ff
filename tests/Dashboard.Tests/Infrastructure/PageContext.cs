using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Radzen;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>A bunit context for the interactive post-assessment pages over a real dashboard's services: each DI scope the
/// page opens gets a scope of the dashboard (its app store and analytics), and the page's user is a test user's
/// claims.</summary>
internal sealed class PageContext : IDisposable
{
    private readonly BunitContext _context = new();

    public PageContext(DashboardFactoryBase factory)
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddRadzenComponents();
        _context.Services.AddScoped(_ => new DashboardScope(factory.Services.CreateScope()));
        _context.Services.AddScoped(sp => sp.GetRequiredService<DashboardScope>().Get<AssessmentWorkflow>());
        _context.Services.AddScoped(sp => sp.GetRequiredService<DashboardScope>().Get<AssessmentStore>());
    }

    /// <summary>Renders <typeparamref name="TPage"/> as <paramref name="user"/> at <paramref name="uri"/> (its query
    /// fills the page's query parameters).</summary>
    public IRenderedComponent<TPage> Render<TPage>(TestUser user, string uri, Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        _context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(uri);
        return _context.Render<TPage>(p =>
        {
            p.AddCascadingValue(Task.FromResult(new AuthenticationState(Principal(user))));
            parameters?.Invoke(p);
        });
    }

    public void Dispose() => _context.Dispose();

    // The claims the sign-in gives (AppUserClaimsFactory): id, name, roles, scope, personal data.
    private static ClaimsPrincipal Principal(TestUser user) => new(new ClaimsIdentity(
        [
            new(ClaimTypes.NameIdentifier, user.UserName), new(ClaimTypes.Name, user.UserName), new(AppClaims.Scope, user.Scope),
            new(AppClaims.PersonalData, user.PersonalData ? "true" : "false"),
            .. user.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ],
        "test"));

    private sealed class DashboardScope(IServiceScope scope) : IDisposable
    {
        public T Get<T>()
            where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

        public void Dispose() => scope.Dispose();
    }
}
