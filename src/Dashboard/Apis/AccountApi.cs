using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary>
/// The account's form posts (from the static pages <c>/signin</c>, <c>/signin/2fa</c> and <c>/account</c>), each
/// protected by an antiforgery token and answered by a redirect: <c>POST /account/signin</c> (rate-limited per client
/// address; lockout after repeated failures), <c>/account/signin/2fa</c>, <c>/account/signout</c> (ends every session
/// of the user), <c>/account/password</c>, <c>/account/2fa/key</c>, <c>/account/2fa/enable</c>,
/// <c>/account/2fa/disable</c>. Outcomes travel as a code in the query string, never as user text.
/// </summary>
public static class AccountApi
{
    /// <summary>Maps the account endpoints.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var anonymous = app.MapGroup("/account")
            .AllowAnonymous()
            .RequireRateLimiting(DashboardSecurity.SignInRateLimit)
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter(RequireAntiforgery);
        anonymous.MapPost("/signin", SignInAsync).WithName("SignIn").WithSummary("Signs in with user name and password.");
        anonymous.MapPost("/signin/2fa", SignInTwoFactorAsync).WithName("SignInTwoFactor").WithSummary("Completes a sign-in with an authenticator code.");

        var signedIn = app.MapGroup("/account")
            .RequireAuthorization()
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter(RequireAntiforgery);
        signedIn.MapPost("/signout", SignOutAsync).WithName("SignOut").WithSummary("Signs out and ends every session of the user.");
        signedIn.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword").WithSummary("Changes the user's own password.");
        signedIn.MapPost("/2fa/key", NewAuthenticatorKeyAsync).WithName("NewAuthenticatorKey").WithSummary("Makes a new authenticator key.");
        signedIn.MapPost("/2fa/enable", EnableTwoFactorAsync).WithName("EnableTwoFactor").WithSummary("Turns on the second factor after checking a code.");
        signedIn.MapPost("/2fa/disable", DisableTwoFactorAsync).WithName("DisableTwoFactor").WithSummary("Turns off the second factor.");
        return app;
    }

    internal static async Task<IResult> SignInAsync(
        [FromForm(Name = "userName")] string? userName,
        [FromForm(Name = "password")] string? password,
        [FromForm(Name = "returnUrl")] string? returnUrl,
        SignInManager<AppUser> signIn,
        DashboardAudit audit)
    {
        var name = (userName ?? string.Empty).Trim();
        var target = SafeReturnUrl(returnUrl);
        var result = name.Length == 0 || string.IsNullOrEmpty(password)
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(name, password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return Results.Redirect(WithReturnUrl("/signin/2fa", target));
        }

        var reason = result.Succeeded ? null : result.IsLockedOut ? "locked" : result.IsNotAllowed ? "not_allowed" : "invalid";
        await audit.RecordAsync(AuditActions.SignIn, detail: reason ?? "password", succeeded: result.Succeeded, actor: name.Length == 0 ? "(empty)" : name);
        return result.Succeeded
            ? Results.Redirect(target)
            : Results.Redirect(WithReturnUrl("/signin?error=" + reason, target));
    }

    internal static async Task<IResult> SignInTwoFactorAsync(
        [FromForm(Name = "code")] string? code,
        [FromForm(Name = "returnUrl")] string? returnUrl,
        SignInManager<AppUser> signIn,
        DashboardAudit audit)
    {
        var target = SafeReturnUrl(returnUrl);
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Results.Redirect(WithReturnUrl("/signin?error=expired", target));
        }

        var digits = new string((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(digits, isPersistent: false, rememberClient: false);
        var reason = result.Succeeded ? null : result.IsLockedOut ? "locked" : "code";
        await audit.RecordAsync(AuditActions.SignIn, detail: reason ?? "authenticator", succeeded: result.Succeeded, actor: user.UserName);
        return result.Succeeded
            ? Results.Redirect(target)
            : Results.Redirect(WithReturnUrl(result.IsLockedOut ? "/signin?error=locked" : "/signin/2fa?error=code", target));
    }

    internal static async Task<IResult> SignOutAsync(HttpContext context, SignInManager<AppUser> signIn, UserManager<AppUser> users, UserAccessValidator validator, DashboardAudit audit)
    {
        if (await users.GetUserAsync(context.User) is { } user)
        {
            await audit.RecordAsync(AuditActions.SignOut);
            // A new stamp makes every cookie issued so far worthless, a copied one included.
            await users.UpdateSecurityStampAsync(user);
            validator.Invalidate(user.Id);
        }

        await signIn.SignOutAsync();
        return Results.Redirect("/signin?signedOut=1");
    }

    internal static async Task<IResult> ChangePasswordAsync(
        HttpContext context,
        [FromForm(Name = "currentPassword")] string? currentPassword,
        [FromForm(Name = "newPassword")] string? newPassword,
        [FromForm(Name = "confirmPassword")] string? confirmPassword,
        SignInManager<AppUser> signIn,
        UserManager<AppUser> users,
        UserAccessValidator validator,
        DashboardAudit audit)
    {
        if (await users.GetUserAsync(context.User) is not { } user)
        {
            return Results.Redirect("/signin");
        }

        if (!string.Equals(newPassword, confirmPassword, StringComparison.Ordinal))
        {
            return Results.Redirect("/account?error=ConfirmMismatch");
        }

        var result = await users.ChangePasswordAsync(user, currentPassword ?? string.Empty, newPassword ?? string.Empty);
        if (!result.Succeeded)
        {
            await audit.RecordAsync(AuditActions.AccountChange, detail: "password change refused: " + string.Join(",", result.Errors.Select(e => e.Code)), succeeded: false);
            return Results.Redirect("/account?error=" + Uri.EscapeDataString(string.Join(",", result.Errors.Select(e => e.Code))));
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        validator.Invalidate(user.Id);
        await audit.RecordAsync(AuditActions.AccountChange, detail: "password changed");
        // The change renewed the security stamp: this browser gets a new cookie, every other session ends.
        await signIn.RefreshSignInAsync(user);
        return Results.Redirect("/account?done=password");
    }

    internal static async Task<IResult> NewAuthenticatorKeyAsync(HttpContext context, UserManager<AppUser> users, UserAccessValidator validator, SignInManager<AppUser> signIn, DashboardAudit audit)
    {
        if (await users.GetUserAsync(context.User) is not { } user)
        {
            return Results.Redirect("/signin");
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        validator.Invalidate(user.Id);
        await audit.RecordAsync(AuditActions.AccountChange, detail: "new authenticator key");
        await signIn.RefreshSignInAsync(user);
        return Results.Redirect("/account#two-factor");
    }

    internal static async Task<IResult> EnableTwoFactorAsync(
        HttpContext context, [FromForm(Name = "code")] string? code, UserManager<AppUser> users, UserAccessValidator validator, SignInManager<AppUser> signIn, DashboardAudit audit)
    {
        if (await users.GetUserAsync(context.User) is not { } user)
        {
            return Results.Redirect("/signin");
        }

        var digits = new string((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return Results.Redirect("/account?error=TwoFactorCode#two-factor");
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        validator.Invalidate(user.Id);
        await audit.RecordAsync(AuditActions.AccountChange, detail: "second factor on");
        await signIn.RefreshSignInAsync(user);
        return Results.Redirect("/account?done=2fa-on#two-factor");
    }

    internal static async Task<IResult> DisableTwoFactorAsync(HttpContext context, UserManager<AppUser> users, UserAccessValidator validator, SignInManager<AppUser> signIn, DashboardAudit audit)
    {
        if (await users.GetUserAsync(context.User) is not { } user)
        {
            return Results.Redirect("/signin");
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        validator.Invalidate(user.Id);
        await audit.RecordAsync(AuditActions.AccountChange, detail: "second factor off");
        await signIn.RefreshSignInAsync(user);
        return Results.Redirect("/account?done=2fa-off#two-factor");
    }

    /// <summary>Where to go after signing in: a path on this site only (an absolute URL, <c>//host</c> or
    /// <c>/\host</c> would be an open redirect), else the overview.</summary>
    /// <param name="returnUrl">The requested return address.</param>
    /// <returns>A local path.</returns>
    internal static string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/' || returnUrl.Length > 2_000)
        {
            return "/";
        }

        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
        {
            return "/";
        }

        return returnUrl.Any(c => char.IsControl(c) || c == '\\') ? "/" : returnUrl;
    }

    private static string WithReturnUrl(string path, string returnUrl) =>
        returnUrl == "/" ? path : path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "returnUrl=" + Uri.EscapeDataString(returnUrl);

    // The antiforgery middleware records a bad or missing token; endpoints without form binding must refuse it themselves.
    private static async ValueTask<object?> RequireAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "表单已过期或来源无效 / Form expired or from another site",
                detail: "请返回页面重新提交（防跨站请求伪造令牌无效） / Go back and submit the form again (the antiforgery token is invalid).");
        }

        return await next(context);
    }
}
