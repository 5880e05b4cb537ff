using RevivalAnalytics.Dashboard.Localization;

namespace RevivalAnalytics.Dashboard.Components.Pages.Account;

/// <summary>Text of the sign-in and account pages.</summary>
internal static class AccountText
{
    public static LocalizedText SignInTitle { get; } = new("登录", "Sign in");
    public static LocalizedText SignInIntro { get; } = new(
        "本系统含农户个人信息，仅限授权人员使用。所有访问均记入审计日志。",
        "This system holds households' personal data and is for authorised staff only. Every access is recorded in the audit log.");
    public static LocalizedText UserName { get; } = new("用户名", "User name");
    public static LocalizedText Password { get; } = new("密码", "Password");
    public static LocalizedText SignInButton { get; } = new("登录", "Sign in");
    public static LocalizedText SignedOut { get; } = new("您已退出登录。", "You have signed out.");
    public static LocalizedText ErrorInvalid { get; } = new("用户名或密码不正确。", "The user name or password is wrong.");
    public static LocalizedText ErrorLocked { get; } = new("登录失败次数过多，账户已暂时锁定，请 15 分钟后再试或联系管理员。", "Too many failed sign-ins: the account is locked for a while. Try again in 15 minutes or ask an administrator.");
    public static LocalizedText ErrorThrottled { get; } = new("登录尝试过于频繁，请一分钟后再试。", "Too many sign-in attempts from here: try again in a minute.");
    public static LocalizedText ErrorNotAllowed { get; } = new("该账户不允许登录。", "This account may not sign in.");
    public static LocalizedText ErrorExpired { get; } = new("登录步骤已过期，请重新输入用户名和密码。", "The sign-in step expired: enter your user name and password again.");
    public static LocalizedText ErrorCode { get; } = new("验证码不正确。", "The code is wrong.");
    public static LocalizedText TwoFactorTitle { get; } = new("两步验证", "Two-step verification");
    public static LocalizedText TwoFactorIntro { get; } = new("请输入身份验证器应用中显示的 6 位验证码。", "Enter the 6-digit code shown by your authenticator app.");
    public static LocalizedText Code { get; } = new("验证码", "Code");
    public static LocalizedText Verify { get; } = new("验证", "Verify");
    public static LocalizedText AccountTitle { get; } = new("我的账户", "My account");
    public static LocalizedText Roles { get; } = new("角色", "Roles");
    public static LocalizedText Scope { get; } = new("数据范围", "Data scope");
    public static LocalizedText PersonalData { get; } = new("个人信息权限", "Personal-data permission");
    public static LocalizedText Yes { get; } = new("有（查看时记入审计）", "yes (each view is audited)");
    public static LocalizedText No { get; } = new("无（一律脱敏）", "no (always masked)");
    public static LocalizedText ChangePassword { get; } = new("修改密码", "Change password");
    public static LocalizedText MustChange { get; } = new("管理员已重置您的密码：请先设置新密码，再使用其他页面。", "An administrator reset your password: choose a new one before using the other pages.");
    public static LocalizedText CurrentPassword { get; } = new("当前密码", "Current password");
    public static LocalizedText NewPassword { get; } = new("新密码（至少 10 位，含大小写字母和数字）", "New password (10+ characters with upper- and lower-case letters and digits)");
    public static LocalizedText ConfirmPassword { get; } = new("确认新密码", "Confirm new password");
    public static LocalizedText Save { get; } = new("保存", "Save");
    public static LocalizedText PasswordChanged { get; } = new("密码已修改，其他设备上的登录已失效。", "Password changed; sessions on other devices have ended.");
    public static LocalizedText ConfirmMismatch { get; } = new("两次输入的新密码不一致。", "The two new passwords differ.");
    public static LocalizedText TwoFactorHeading { get; } = new("两步验证（TOTP）", "Two-step verification (TOTP)");
    public static LocalizedText TwoFactorOn { get; } = new("已开启：登录时需输入身份验证器的验证码。", "On: signing in asks for your authenticator's code.");
    public static LocalizedText TwoFactorOff { get; } = new("未开启。用身份验证器应用扫描二维码（或输入密钥），再输入验证码开启。", "Off. Scan the QR code with an authenticator app (or type the key), then enter a code to turn it on.");
    public static LocalizedText NewKey { get; } = new("生成密钥", "Make a key");
    public static LocalizedText Enable { get; } = new("开启两步验证", "Turn on");
    public static LocalizedText Disable { get; } = new("关闭两步验证", "Turn off");
    public static LocalizedText Key { get; } = new("密钥", "Key");
    public static LocalizedText SignOut { get; } = new("退出登录", "Sign out");
    public static LocalizedText SignOutNote { get; } = new("退出后，本账户在所有设备上的登录都将失效。", "Signing out ends this account's sessions on every device.");
    public static LocalizedText DeniedTitle { get; } = new("无权访问", "Access denied");
    public static LocalizedText DeniedText { get; } = new(
        "您的角色不允许打开此页面。如需权限，请联系管理员。",
        "Your roles do not allow this page. Ask an administrator if you need access.");
    public static LocalizedText MyAccount { get; } = new("账户", "Account");
    public static LocalizedText Admin { get; } = new("管理", "Admin");
    public static LocalizedText Done { get; } = new("已保存。", "Saved.");
}
