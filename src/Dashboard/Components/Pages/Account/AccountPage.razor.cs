using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Dashboard.Localization;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.Account;

/// <summary>The user's own account: who they are and what they may see, password change, the TOTP second factor
/// (Identity's authenticator key, shown as a QR code) and sign-out. Every form posts to <see cref="Apis.AccountApi"/>.</summary>
public sealed partial class AccountPage
{
    [Inject]
    private UserManager<AppUser> Users { get; set; } = default!;

    [Inject]
    private KpiService Kpis { get; set; } = default!;

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    /// <summary>What was just saved (<c>password</c>, <c>2fa-on</c>, <c>2fa-off</c>).</summary>
    [SupplyParameterFromQuery(Name = "done")]
    public string? Done { get; set; }

    /// <summary>Identity error codes of the last attempt, comma-separated.</summary>
    [SupplyParameterFromQuery(Name = "error")]
    public string? Error { get; set; }

    private UserAccess Access => HttpContext!.User.Access();

    private bool TwoFactorEnabled { get; set; }

    private string? AuthenticatorKey { get; set; }

    private string? QrCodeDataUri { get; set; }

    private string FormattedKey => string.Join(' ', Enumerable.Range(0, (AuthenticatorKey!.Length + 3) / 4)
        .Select(i => AuthenticatorKey.Substring(i * 4, Math.Min(4, AuthenticatorKey.Length - (i * 4)))));

    private string RoleNames => Access.Roles.Count == 0 ? "—" : string.Join(KpiFormatLabel("、", ", "), Access.Roles.Select(r => RoleLabels.Of(r).Current));

    private string ScopeLabel => ScopeLabels.Describe(Access.Scope, Kpis);

    private IEnumerable<string> ErrorMessages
    {
        get
        {
            if (string.IsNullOrEmpty(Error))
            {
                yield break;
            }

            var describer = new BilingualIdentityErrors();
            foreach (var code in Error.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return code switch
                {
                    "ConfirmMismatch" => AccountText.ConfirmMismatch.Current,
                    "TwoFactorCode" => AccountText.ErrorCode.Current,
                    nameof(IdentityErrorDescriber.PasswordTooShort) => describer.PasswordTooShort(10).Description,
                    nameof(IdentityErrorDescriber.PasswordRequiresDigit) => describer.PasswordRequiresDigit().Description,
                    nameof(IdentityErrorDescriber.PasswordRequiresLower) => describer.PasswordRequiresLower().Description,
                    nameof(IdentityErrorDescriber.PasswordRequiresUpper) => describer.PasswordRequiresUpper().Description,
                    nameof(IdentityErrorDescriber.PasswordMismatch) => describer.PasswordMismatch().Description,
                    _ => describer.DefaultError().Description,
                };
            }
        }
    }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        if (await Users.GetUserAsync(HttpContext!.User) is not { } user)
        {
            return;
        }

        TwoFactorEnabled = await Users.GetTwoFactorEnabledAsync(user);
        AuthenticatorKey = TwoFactorEnabled ? null : await Users.GetAuthenticatorKeyAsync(user);
        if (AuthenticatorKey is not null)
        {
            var uri = $"otpauth://totp/RevivalAnalytics:{Uri.EscapeDataString(user.UserName!)}?secret={AuthenticatorKey}&issuer=RevivalAnalytics&digits=6";
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
            QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
        }
    }

    private static string KpiFormatLabel(string zh, string en) => UiLanguage.IsEnglish ? en : zh;
}
