using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using RevivalAnalytics.AppStore.Accounts;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>
/// Runs on every authenticated request (the sign-in cookie's <c>OnValidatePrincipal</c>): the cookie only says who the
/// user is; roles, scope and the personal-data permission are taken from the app store, so an administrator's change
/// shows on the user's next page. A cookie whose security stamp no longer matches (signed out, password changed or
/// reset, account locked) or whose user is gone is rejected, which is what makes a signed-out cookie worthless. The
/// store is asked at most once per user every <c>Revival:Security:AccessRefreshSeconds</c> (default 5) on each app
/// instance; a change made on this instance is seen at once (<see cref="Invalidate"/>).
/// </summary>
internal sealed class UserAccessValidator(IMemoryCache cache, IConfiguration configuration, IOptions<IdentityOptions> identityOptions)
{
    private readonly TimeSpan _refresh = TimeSpan.FromSeconds(configuration.GetValue("Revival:Security:AccessRefreshSeconds", 5.0));

    public static Task ValidateAsync(CookieValidatePrincipalContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<UserAccessValidator>().ValidateCoreAsync(context);

    /// <summary>Forgets what is cached about a user, so their next request reads the store.</summary>
    public void Invalidate(string userId) => cache.Remove(Key(userId));

    private async Task ValidateCoreAsync(CookieValidatePrincipalContext context)
    {
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        var current = userId is null ? null : await CurrentAsync(context.HttpContext.RequestServices, userId);
        if (current is null || stamp is null || !string.Equals(current.Stamp, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        context.ReplacePrincipal(current.Principal);
    }

    private async Task<CurrentUser?> CurrentAsync(IServiceProvider services, string userId)
    {
        if (cache.TryGetValue(Key(userId), out CurrentUser? cached))
        {
            return cached;
        }

        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId);
        CurrentUser? current = null;
        if (user is not null && !await users.IsLockedOutAsync(user))
        {
            var principal = await services.GetRequiredService<SignInManager<AppUser>>().CreateUserPrincipalAsync(user);
            current = new CurrentUser(user.SecurityStamp ?? string.Empty, principal);
        }

        cache.Set(Key(userId), current, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _refresh, Size = 1 });
        return current;
    }

    private static string Key(string userId) => string.Create(CultureInfo.InvariantCulture, $"user-access|{userId}");

    private sealed record CurrentUser(string Stamp, ClaimsPrincipal Principal);
}
