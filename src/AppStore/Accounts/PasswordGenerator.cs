using System.Security.Cryptography;

namespace RevivalAnalytics.AppStore.Accounts;

/// <summary>Initial and temporary passwords that meet the account rules.</summary>
public static class PasswordGenerator
{
    /// <summary>16 random characters with upper- and lower-case letters and digits, without look-alikes (0/O, 1/l/I).</summary>
    /// <returns>The password.</returns>
    public static string New()
    {
        const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string Lower = "abcdefghijkmnopqrstuvwxyz";
        const string Digits = "23456789";
        const string All = Upper + Lower + Digits;
        var chars = new char[16];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = All[RandomNumberGenerator.GetInt32(All.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
