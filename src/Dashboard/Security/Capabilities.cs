using Microsoft.AspNetCore.Authorization;
using RevivalAnalytics.AppStore.Accounts;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>What a signed-in user may do. Roles grant capabilities (<see cref="RoleCapabilities"/>); pages and APIs ask
/// for a capability through a policy of the same name, never for a role.</summary>
public enum Capability
{
    /// <summary>Read the dashboards: overview, classes, counties, the warning lists (masked), models.</summary>
    ReadDashboards,

    /// <summary>Run ad-hoc SQL in the workspace.</summary>
    RunSql,

    /// <summary>Download CSV exports.</summary>
    Export,

    /// <summary>Users, roles, scopes and the audit log.</summary>
    Administer,

    /// <summary>Unmask personal data (a per-user permission, not a role).</summary>
    UnmaskPersonalData,

    /// <summary>Post-assessment work on the counties of one's scope: enter scores, import templates, draw field-check
    /// samples, import field results, submit the self-assessment and the scores, record rectification.</summary>
    EnterAssessment,

    /// <summary>Review the submitted scores of the counties of one's scope, send them back, publish, open a
    /// correction.</summary>
    ReviewAssessment,
}

/// <summary>The one place roles become capabilities.</summary>
public static class RoleCapabilities
{
    private static readonly Dictionary<string, Capability[]> s_byRole = new(StringComparer.Ordinal)
    {
        [AppRoles.Analyst] = [Capability.ReadDashboards, Capability.RunSql, Capability.Export],
        [AppRoles.Leader] = [Capability.ReadDashboards, Capability.ReviewAssessment],
        [AppRoles.Evaluator] = [Capability.ReadDashboards, Capability.EnterAssessment],
        // Administration grants no data access of its own: an administrator who should see data holds another role too.
        [AppRoles.Admin] = [Capability.Administer],
    };

    /// <summary>The capabilities a role grants.</summary>
    /// <param name="role">A role name.</param>
    /// <returns>The capabilities; none for an unknown role.</returns>
    public static IReadOnlyList<Capability> Of(string role) => s_byRole.TryGetValue(role, out var capabilities) ? capabilities : [];

    /// <summary>Whether any of <paramref name="roles"/> grants <paramref name="capability"/>.</summary>
    /// <param name="roles">Role names.</param>
    /// <param name="capability">The capability.</param>
    /// <returns>True when granted.</returns>
    public static bool Grant(IEnumerable<string> roles, Capability capability) => roles.Any(r => Of(r).Contains(capability));
}

/// <summary>The authorization policies, one per <see cref="Capability"/>.</summary>
public static class Policies
{
    /// <summary><see cref="Capability.ReadDashboards"/>.</summary>
    public const string ReadDashboards = nameof(Capability.ReadDashboards);

    /// <summary><see cref="Capability.RunSql"/>.</summary>
    public const string RunSql = nameof(Capability.RunSql);

    /// <summary><see cref="Capability.Export"/>.</summary>
    public const string Export = nameof(Capability.Export);

    /// <summary><see cref="Capability.Administer"/>.</summary>
    public const string Administer = nameof(Capability.Administer);

    /// <summary><see cref="Capability.UnmaskPersonalData"/>.</summary>
    public const string UnmaskPersonalData = nameof(Capability.UnmaskPersonalData);

    /// <summary><see cref="Capability.EnterAssessment"/>.</summary>
    public const string EnterAssessment = nameof(Capability.EnterAssessment);

    /// <summary><see cref="Capability.ReviewAssessment"/>.</summary>
    public const string ReviewAssessment = nameof(Capability.ReviewAssessment);

    internal static void Add(AuthorizationOptions options)
    {
        foreach (var capability in Enum.GetValues<Capability>())
        {
            options.AddPolicy(capability.ToString(), policy => policy.RequireAuthenticatedUser().AddRequirements(new CapabilityRequirement(capability)));
        }

        // Everything not marked otherwise needs a signed-in user.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}

/// <summary>Requires one capability.</summary>
/// <param name="capability">The capability.</param>
public sealed class CapabilityRequirement(Capability capability) : IAuthorizationRequirement
{
    /// <summary>The capability required.</summary>
    public Capability Capability { get; } = capability;
}

/// <summary>Grants a <see cref="CapabilityRequirement"/> from the user's current roles and permission claims.</summary>
internal sealed class CapabilityHandler : AuthorizationHandler<CapabilityRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CapabilityRequirement requirement)
    {
        var access = UserAccess.From(context.User);
        if (access is not null && access.Has(requirement.Capability))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
