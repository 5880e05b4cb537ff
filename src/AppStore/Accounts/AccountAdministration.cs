using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore.Audit;

namespace RevivalAnalytics.AppStore.Accounts;

/// <summary>What an account is: name, roles, data scope and personal-data permission.</summary>
/// <param name="UserName">Sign-in name (letters, digits, <c>-._@</c>).</param>
/// <param name="DisplayName">Name shown on pages.</param>
/// <param name="Roles">Some of <see cref="AppRoles.All"/>.</param>
/// <param name="DataScope">Scope text (<c>province</c>, <c>prefecture:140100</c>, <c>counties:140105,140106</c>), checked by the caller.</param>
/// <param name="PersonalDataAccess">May unmask personal data.</param>
public sealed record AccountSpec(string UserName, string DisplayName, IReadOnlyList<string> Roles, string DataScope, bool PersonalDataAccess);

/// <summary>Who does an administrative act, for the audit log.</summary>
/// <param name="Name">User name, or <c>cli:&lt;account&gt;</c>.</param>
/// <param name="Scope">The actor's scope, if any.</param>
/// <param name="ClientAddress">The client's address, if any.</param>
public sealed record AuditActor(string Name, string? Scope = null, string? ClientAddress = null);

/// <summary>The outcome of an administrative act: success, or the reasons (Chinese, then English).</summary>
/// <param name="Errors">Empty on success.</param>
public sealed record AccountResult(IReadOnlyList<string> Errors)
{
    /// <summary>Whether it succeeded.</summary>
    public bool Succeeded => Errors.Count == 0;

    internal static AccountResult Success { get; } = new([]);

    internal static AccountResult From(IdentityResult result) => result.Succeeded ? Success : new(result.Errors.Select(e => e.Description).ToList());
}

/// <summary>
/// Creates and changes accounts: each act and its audit entry commit in one transaction, so a process killed halfway
/// leaves either the whole change with its record or nothing. Used by the admin pages and <c>revival users</c>.
/// </summary>
/// <param name="users">Identity's user manager over the store.</param>
/// <param name="store">The store (the same scoped context as the user manager's).</param>
/// <param name="audit">The audit log on the same context.</param>
public sealed class AccountAdministration(UserManager<AppUser> users, AppStoreDbContext store, AuditLog audit)
{
    /// <summary>Creates an account with a password.</summary>
    /// <param name="spec">Name, roles, scope, permission.</param>
    /// <param name="password">The initial password (Identity's rules).</param>
    /// <param name="actor">Who creates it.</param>
    /// <param name="mustChangePassword">Ask for a new password at the first sign-in.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>Success, or why not (name taken, weak password, unknown role).</returns>
    public async Task<AccountResult> CreateAsync(AccountSpec spec, string password, AuditActor actor, bool mustChangePassword = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(actor);
        if (UnknownRoles(spec.Roles) is { } unknown)
        {
            return unknown;
        }

        var user = new AppUser
        {
            UserName = spec.UserName,
            DisplayName = spec.DisplayName,
            DataScope = spec.DataScope,
            PersonalDataAccess = spec.PersonalDataAccess,
            CreatedAtUtc = DateTime.UtcNow,
            MustChangePassword = mustChangePassword,
        };
        return await InTransactionAsync(async () =>
        {
            var result = await users.CreateAsync(user, password).ConfigureAwait(false);
            if (result.Succeeded && spec.Roles.Count > 0)
            {
                result = await users.AddToRolesAsync(user, spec.Roles.Distinct(StringComparer.Ordinal)).ConfigureAwait(false);
            }

            if (!result.Succeeded)
            {
                return AccountResult.From(result);
            }

            await audit.AppendAsync(Entry(actor, AuditActions.UserCreate, spec.UserName, Describe(spec)), cancellationToken).ConfigureAwait(false);
            return AccountResult.Success;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets an account's display name, roles, scope and personal-data permission to <paramref name="spec"/>
    /// (the user name cannot change). Recorded with what changed; nothing is written when nothing changed.</summary>
    /// <param name="spec">The account as it should be.</param>
    /// <param name="actor">Who changes it.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>Success, or why not (unknown user or role).</returns>
    public async Task<AccountResult> UpdateAsync(AccountSpec spec, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(actor);
        if (UnknownRoles(spec.Roles) is { } unknown)
        {
            return unknown;
        }

        var user = await users.FindByNameAsync(spec.UserName).ConfigureAwait(false);
        if (user is null)
        {
            return UnknownUser(spec.UserName);
        }

        return await InTransactionAsync(async () =>
        {
            var before = await DescribeAsync(user).ConfigureAwait(false);
            var current = await users.GetRolesAsync(user).ConfigureAwait(false);
            var wanted = spec.Roles.Distinct(StringComparer.Ordinal).ToList();
            var result = await users.RemoveFromRolesAsync(user, current.Except(wanted, StringComparer.Ordinal)).ConfigureAwait(false);
            if (result.Succeeded)
            {
                result = await users.AddToRolesAsync(user, wanted.Except(current, StringComparer.Ordinal)).ConfigureAwait(false);
            }

            if (result.Succeeded)
            {
                user.DisplayName = spec.DisplayName;
                user.DataScope = spec.DataScope;
                user.PersonalDataAccess = spec.PersonalDataAccess;
                result = await users.UpdateAsync(user).ConfigureAwait(false);
            }

            if (!result.Succeeded)
            {
                return AccountResult.From(result);
            }

            var after = Describe(spec);
            if (after != before)
            {
                await audit.AppendAsync(Entry(actor, AuditActions.UserChange, spec.UserName, $"{before} → {after}"), cancellationToken).ConfigureAwait(false);
            }

            return AccountResult.Success;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An administrator's password reset: the new password replaces the old one, every session of the user
    /// ends (new security stamp), and the user must choose a new password after signing in.</summary>
    /// <param name="userName">The account.</param>
    /// <param name="newPassword">The temporary password.</param>
    /// <param name="actor">Who resets it.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>Success, or why not.</returns>
    public async Task<AccountResult> ResetPasswordAsync(string userName, string newPassword, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByNameAsync(userName).ConfigureAwait(false);
        if (user is null)
        {
            return UnknownUser(userName);
        }

        return await InTransactionAsync(async () =>
        {
            // Both steps renew the security stamp; a new password that breaks the rules rolls the removal back.
            var result = await users.RemovePasswordAsync(user).ConfigureAwait(false);
            if (result.Succeeded)
            {
                result = await users.AddPasswordAsync(user, newPassword).ConfigureAwait(false);
            }

            if (!result.Succeeded)
            {
                return AccountResult.From(result);
            }

            user.MustChangePassword = true;
            await users.UpdateAsync(user).ConfigureAwait(false);
            await audit.AppendAsync(Entry(actor, AuditActions.UserChange, userName, "password reset"), cancellationToken).ConfigureAwait(false);
            return AccountResult.Success;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Locks an account (indefinitely) or unlocks it; locking ends its sessions.</summary>
    /// <param name="userName">The account.</param>
    /// <param name="locked">Lock or unlock.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>Success, or why not.</returns>
    public async Task<AccountResult> SetLockedAsync(string userName, bool locked, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByNameAsync(userName).ConfigureAwait(false);
        if (user is null)
        {
            return UnknownUser(userName);
        }

        return await InTransactionAsync(async () =>
        {
            var result = await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null).ConfigureAwait(false);
            if (result.Succeeded && locked)
            {
                result = await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
            }

            if (result.Succeeded && !locked)
            {
                result = await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
            }

            if (!result.Succeeded)
            {
                return AccountResult.From(result);
            }

            await audit.AppendAsync(Entry(actor, AuditActions.UserChange, userName, locked ? "locked" : "unlocked"), cancellationToken).ConfigureAwait(false);
            return AccountResult.Success;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An account as its spec, or null when unknown.</summary>
    /// <param name="userName">The account.</param>
    /// <returns>The spec.</returns>
    public async Task<AccountSpec?> FindAsync(string userName)
    {
        var user = await users.FindByNameAsync(userName).ConfigureAwait(false);
        return user is null ? null : await SpecAsync(user).ConfigureAwait(false);
    }

    private async Task<AccountSpec> SpecAsync(AppUser user)
    {
        var roles = await users.GetRolesAsync(user).ConfigureAwait(false);
        return new AccountSpec(user.UserName!, user.DisplayName, roles.Order(StringComparer.Ordinal).ToList(), user.DataScope, user.PersonalDataAccess);
    }

    private async Task<string> DescribeAsync(AppUser user) => Describe(await SpecAsync(user).ConfigureAwait(false));

    private static string Describe(AccountSpec spec) =>
        $"name={spec.DisplayName}; roles={string.Join(',', spec.Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}; scope={spec.DataScope}; personal_data={(spec.PersonalDataAccess ? "yes" : "no")}";

    private static AuditEntry Entry(AuditActor actor, string action, string target, string detail) => new()
    {
        Action = action,
        Actor = actor.Name,
        Target = target,
        Detail = detail,
        Scope = actor.Scope,
        ClientAddress = actor.ClientAddress,
    };

    private static AccountResult? UnknownRoles(IReadOnlyList<string> roles)
    {
        var unknown = roles.Where(r => !AppRoles.IsKnown(r)).ToList();
        return unknown.Count == 0
            ? null
            : new AccountResult([$"未知的角色 {string.Join(", ", unknown)}，可用 {string.Join(", ", AppRoles.All)} / unknown role {string.Join(", ", unknown)}; known: {string.Join(", ", AppRoles.All)}"]);
    }

    private static AccountResult UnknownUser(string userName) =>
        new([$"没有用户 {userName} / no user {userName}"]);

    // The user manager saves after each step; one transaction around them makes the act and its audit entry atomic.
    private async Task<AccountResult> InTransactionAsync(Func<Task<AccountResult>> act, CancellationToken cancellationToken)
    {
        var strategy = store.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await store.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await act().ConfigureAwait(false);
            if (result.Succeeded)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                store.ChangeTracker.Clear();
            }

            return result;
        }).ConfigureAwait(false);
    }
}
