using System.Globalization;
using System.Security.Claims;
using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>What the signed-in user may see and do, read from the request's principal (whose claims
/// <see cref="UserAccessValidator"/> refreshes from the app store on every request).</summary>
/// <param name="UserId">Identity's user id.</param>
/// <param name="UserName">Sign-in name.</param>
/// <param name="DisplayName">Name shown on pages.</param>
/// <param name="Roles">Role names, sorted.</param>
/// <param name="Scope">The data scope.</param>
/// <param name="PersonalData">The per-user personal-data permission.</param>
/// <param name="MustChangePassword">An administrator reset the password.</param>
public sealed record UserAccess(string UserId, string UserName, string DisplayName, IReadOnlyList<string> Roles, DataScope Scope, bool PersonalData, bool MustChangePassword)
{
    /// <summary>Whether the user has <paramref name="capability"/>.</summary>
    /// <param name="capability">The capability.</param>
    /// <returns>True when a role (or, for unmasking, the permission) grants it.</returns>
    /// <remarks>After an administrator's password reset nothing is granted until the user chose a new password.</remarks>
    public bool Has(Capability capability) => !MustChangePassword && (capability == Capability.UnmaskPersonalData
        ? PersonalData
        : RoleCapabilities.Grant(Roles, capability));

    /// <summary>A key that differs whenever what the user sees may differ: scope, roles and permission (the output
    /// cache varies pages by it, so no page rendered for one scope is served to another).</summary>
    public string ViewKey => string.Create(CultureInfo.InvariantCulture, $"{Scope}|{string.Join(',', Roles)}|{(PersonalData ? 1 : 0)}");

    /// <summary>The access of a signed-in principal; null for an anonymous one or one without a valid scope (which
    /// then sees nothing).</summary>
    /// <param name="principal">The request's user.</param>
    /// <returns>The access, or null.</returns>
    public static UserAccess? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true
            || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id
            || !DataScope.TryParse(principal.FindFirstValue(AppClaims.Scope), out var scope))
        {
            return null;
        }

        return new UserAccess(
            id,
            principal.FindFirstValue(ClaimTypes.Name) ?? string.Empty,
            principal.FindFirstValue(AppClaims.DisplayName) ?? string.Empty,
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList(),
            scope!,
            principal.FindFirstValue(AppClaims.PersonalData) == "true",
            principal.FindFirstValue(AppClaims.MustChangePassword) == "true");
    }
}

/// <summary>The app's own claim types.</summary>
public static class AppClaims
{
    /// <summary>The data scope's text form.</summary>
    public const string Scope = "revival:scope";

    /// <summary><c>true</c> when the user may unmask personal data.</summary>
    public const string PersonalData = "revival:personal_data";

    /// <summary>The display name.</summary>
    public const string DisplayName = "revival:display_name";

    /// <summary><c>true</c> after an administrator's password reset.</summary>
    public const string MustChangePassword = "revival:must_change_password";
}
