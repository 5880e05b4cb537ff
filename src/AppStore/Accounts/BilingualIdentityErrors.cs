using Microsoft.AspNetCore.Identity;

namespace RevivalAnalytics.AppStore.Accounts;

/// <summary>Identity's error messages, Chinese first, then English (the app's rule for every user-visible text).</summary>
public sealed class BilingualIdentityErrors : IdentityErrorDescriber
{
    /// <inheritdoc />
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"密码至少 {length} 个字符", $"Passwords must be at least {length} characters.");

    /// <inheritdoc />
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "密码须含数字", "Passwords must have at least one digit ('0'-'9').");

    /// <inheritdoc />
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "密码须含小写字母", "Passwords must have at least one lowercase letter ('a'-'z').");

    /// <inheritdoc />
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "密码须含大写字母", "Passwords must have at least one uppercase letter ('A'-'Z').");

    /// <inheritdoc />
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "当前密码不正确", "Incorrect password.");

    /// <inheritdoc />
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), $"用户名 {userName} 已被使用", $"User name '{userName}' is already taken.");

    /// <inheritdoc />
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), $"用户名 {userName} 无效，只能含字母、数字和 -._@", $"User name '{userName}' is invalid: use letters, digits and -._@ only.");

    /// <inheritdoc />
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "验证码或令牌无效", "Invalid token.");

    /// <inheritdoc />
    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "该用户未启用锁定", "Lockout is not enabled for this user.");

    /// <inheritdoc />
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "发生未知错误", "An unknown failure has occurred.");

    private static IdentityError Error(string code, string chinese, string english) => new() { Code = code, Description = $"{chinese} / {english}" };
}
