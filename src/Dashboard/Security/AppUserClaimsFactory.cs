using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RevivalAnalytics.AppStore.Accounts;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>Identity's principal (id, name, security stamp, roles) plus the user's scope, personal-data permission and
/// display name.</summary>
internal sealed class AppUserClaimsFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.Scope, user.DataScope));
        identity.AddClaim(new Claim(AppClaims.PersonalData, user.PersonalDataAccess ? "true" : "false"));
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(AppClaims.MustChangePassword, user.MustChangePassword ? "true" : "false"));
        return identity;
    }
}
