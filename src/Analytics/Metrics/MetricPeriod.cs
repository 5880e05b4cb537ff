using System.Globalization;

namespace RevivalAnalytics.Metrics;

/// <summary>A reporting period: a year (<c>2023</c>) or a month (<c>2023-06</c>).</summary>
/// <param name="Year">The year.</param>
/// <param name="Month">The month 1–12, or null for the whole year.</param>
public readonly record struct MetricPeriod(int Year, int? Month = null)
{
    /// <summary>Whether the period is a month.</summary>
    public bool IsMonth => Month is not null;

    /// <summary>Parses <c>YYYY</c> or <c>YYYY-MM</c>.</summary>
    /// <param name="text">The period text.</param>
    /// <param name="parameterName">The caller's name for the parameter, used in the error.</param>
    /// <exception cref="MetricArgumentException">The text is not a year or year-month.</exception>
    public static MetricPeriod Parse(string? text, string parameterName = "period")
    {
        var t = text?.Trim() ?? string.Empty;
        if (t.Length == 4 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 1900)
        {
            return new MetricPeriod(year);
        }

        if (t.Length is 6 or 7 && t[4] == '-'
            && int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year) && year >= 1900
            && int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
        {
            return new MetricPeriod(year, month);
        }

        throw new MetricArgumentException(
            parameterName,
            $"期间格式不正确:\"{MetricArgumentException.Shorten(text)}\",应为 YYYY 或 YYYY-MM(如 2023 或 2023-06)",
            $"Malformed period \"{MetricArgumentException.Shorten(text)}\": expected YYYY or YYYY-MM (e.g. 2023 or 2023-06).");
    }

    /// <summary><c>2023</c> or <c>2023-06</c>.</summary>
    public override string ToString() =>
        Month is { } m ? string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{m:D2}") : Year.ToString("D4", CultureInfo.InvariantCulture);
}
