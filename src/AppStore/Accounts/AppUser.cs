using Microsoft.AspNetCore.Identity;

namespace RevivalAnalytics.AppStore.Accounts;

/// <summary>An account of the app: Identity's user (name, password hash, lockout, authenticator key) plus what the
/// user may see.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>The name shown on pages and in the audit log, e.g. 张明 (太原市乡村振兴局).</summary>
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>The data the user may see, as text: <c>province</c>, <c>prefecture:140100</c> or
    /// <c>counties:140105,140106</c> (the dashboard parses it as a <c>DataScope</c>). New accounts see nothing until an
    /// administrator gives them a scope other than the default of the creating tool.</summary>
    public string DataScope { get; set; } = "province";

    /// <summary>Whether the user may unmask personal data (names, ID numbers, phones). Unmasking stays an explicit,
    /// audited act even then.</summary>
    public bool PersonalDataAccess { get; set; }

    /// <summary>When the account was created (UTC).</summary>
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Set by an administrator's password reset: the user is asked for a new password after signing in.</summary>
    public bool MustChangePassword { get; set; }
}

/// <summary>A role (Identity's). The app knows the four of <see cref="AppRoles"/>; what each may do is defined by the
/// authorization policies of the hosts, never by role names in pages.</summary>
public sealed class AppRole : IdentityRole
{
    /// <summary>Creates an empty role (for EF Core).</summary>
    public AppRole()
    {
    }

    /// <summary>Creates the role <paramref name="name"/>.</summary>
    /// <param name="name">One of <see cref="AppRoles.All"/>.</param>
    public AppRole(string name)
        : base(name)
    {
    }
}
