using System.Globalization;
using DuckDB.NET.Data;

namespace RevivalAnalytics.Dashboard.Data.Workbench;

/// <summary>The <c>$name</c> parameters an analyst's SQL uses (outside strings, quoted names and comments), which the
/// workbench shows as form fields, and their typed values, which are bound, never spliced.</summary>
internal static class SqlParameterNames
{
    /// <summary>The distinct names in order of first use, without the <c>$</c>.</summary>
    public static IReadOnlyList<string> Find(string sql)
    {
        var names = new List<string>();
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                i = sql.IndexOf(c, i + 1) is var end and >= 0 ? end : sql.Length;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                i = sql.IndexOf('\n', i) is var end and >= 0 ? end : sql.Length;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 1 : sql.Length;
            }
            else if (c == '$' && i + 1 < sql.Length && (char.IsAsciiLetter(sql[i + 1]) || sql[i + 1] == '_'))
            {
                var start = i + 1;
                var stop = start;
                while (stop < sql.Length && (char.IsAsciiLetterOrDigit(sql[stop]) || sql[stop] == '_'))
                {
                    stop++;
                }

                var name = sql[start..stop];
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }

                i = stop - 1;
            }
        }

        return names;
    }

    /// <summary>A typed value for a parameter typed in a form: whole numbers as BIGINT, decimals as DOUBLE, else text.</summary>
    public static DuckDBParameter Bind(string name, string? text)
    {
        text = text?.Trim();
        object? value = text switch
        {
            null or "" => null,
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => whole,
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            _ => text,
        };
        return new DuckDBParameter(name, value);
    }
}
