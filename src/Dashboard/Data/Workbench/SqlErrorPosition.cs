using System.Globalization;
using System.Text.RegularExpressions;

namespace RevivalAnalytics.Dashboard.Data.Workbench;

/// <summary>
/// Where DuckDB's error points in the analyst's text. DuckDB reports no offset through DuckDB.NET, only a "LINE n:" line
/// of the statement it ran with a caret under the spot, shortened with "..." when the line is long; the statement it ran
/// is the analyst's text wrapped so that the analyst's line <c>n</c> is DuckDB's line <c>n + lineShift</c>.
/// </summary>
internal static partial class SqlErrorPosition
{
    /// <summary>The 0-based character offset in <paramref name="sql"/> DuckDB's <paramref name="message"/> points at, or null.</summary>
    public static int? Find(string? message, string sql, int lineShift)
    {
        if (message is null || LineAndCaret().Match(message) is not { Success: true } match)
        {
            return null;
        }

        var line = int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture) - lineShift;
        var lines = sql.Split('\n');
        if (line < 1 || line > lines.Length)
        {
            return null;
        }

        var prefix = match.Groups["prefix"].Value.Length;
        var caret = match.Groups["spaces"].Value.Length - prefix;
        var shown = match.Groups["text"].Value;
        if (shown.StartsWith("...", StringComparison.Ordinal))
        {
            shown = shown[3..];
            caret -= 3;
        }

        if (shown.EndsWith("...", StringComparison.Ordinal))
        {
            shown = shown[..^3];
        }

        var text = lines[line - 1].TrimEnd('\r');
        var start = shown.Length == 0 ? 0 : Math.Max(0, text.IndexOf(shown, StringComparison.Ordinal));
        var column = Math.Clamp(start + caret, 0, text.Length);
        var offset = 0;
        for (var i = 0; i < line - 1; i++)
        {
            offset += lines[i].Length + 1;
        }

        return offset + column;
    }

    [GeneratedRegex(@"(?<prefix>LINE (?<line>\d+): )(?<text>[^\n]*)\n(?<spaces> *)\^")]
    private static partial Regex LineAndCaret();
}
