using Microsoft.AspNetCore.Components;
using RevivalAnalytics.Dashboard.Apis;
using RevivalAnalytics.Dashboard.Localization;

namespace RevivalAnalytics.Dashboard.Components.Pages.Account;

/// <summary>The first page: user name and password, posted to <c>/account/signin</c> with an antiforgery token.
/// Outcomes come back as a code (<c>?error=invalid|locked|throttled|not_allowed|expired</c>).</summary>
public sealed partial class SignInPage
{
    /// <summary>Where to go after signing in (a local path; anything else becomes the overview).</summary>
    [SupplyParameterFromQuery(Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    [SupplyParameterFromQuery(Name = "error")]
    public string? Error { get; set; }

    /// <summary><c>1</c> after signing out.</summary>
    [SupplyParameterFromQuery(Name = "signedOut")]
    public string? SignedOut { get; set; }

    private string ReturnTarget => AccountApi.SafeReturnUrl(ReturnUrl);

    private LocalizedText? ErrorText => Error switch
    {
        "invalid" => AccountText.ErrorInvalid,
        "locked" => AccountText.ErrorLocked,
        "throttled" => AccountText.ErrorThrottled,
        "not_allowed" => AccountText.ErrorNotAllowed,
        "expired" => AccountText.ErrorExpired,
        null or "" => null,
        _ => AccountText.ErrorInvalid,
    };
}
