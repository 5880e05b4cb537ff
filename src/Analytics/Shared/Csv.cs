namespace RevivalAnalytics;

/// <summary>
/// CSV as the product writes it (RFC 4180): a field holding a comma, a quote or a line break is quoted, with its
/// quotes doubled; any other field is written as it is. Every CSV the product writes (the early-warning export, the SQL
/// page's download, <c>revival query --format csv</c>) escapes its fields here.
/// </summary>
public static class Csv
{
    /// <summary>One field: <c>a,b</c> → <c>"a,b"</c>, <c>say "hi"</c> → <c>"say ""hi"""</c>; null → empty.</summary>
    /// <param name="text">The field's text.</param>
    /// <returns>The field as it goes between the commas.</returns>
    public static string Field(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty
        : text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : text;
}
