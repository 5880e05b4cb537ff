using System.Globalization;

namespace RevivalAnalytics.Data;

/// <summary>
/// County codes as the contract defines them (section 3.1): six-digit GB/T 2260 codes whose prefecture is the first
/// four digits followed by 00. Every place that reads a county code from text (a URL, an API parameter) parses it here.
/// </summary>
public static class CountyCodes
{
    /// <summary>Reads a county code: exactly six ASCII digits, no sign, space or separator. Whether the code is one of
    /// the 117 units is the caller's question.</summary>
    /// <param name="text">The text, e.g. <c>140121</c>.</param>
    /// <param name="code">The code, or 0 when the text is not one.</param>
    /// <returns>Whether <paramref name="text"/> has the form of a county code.</returns>
    public static bool TryParse(string? text, out int code)
    {
        code = 0;
        return text is { Length: 6 } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code);
    }

    /// <summary>The prefecture (设区市) of a county: 140121 → 140100.</summary>
    /// <param name="countyCode">A county code.</param>
    public static int Prefecture(int countyCode) => countyCode / 100 * 100;
}
