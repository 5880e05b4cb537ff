using System.Text.RegularExpressions;
using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>Whether a response body holds data of counties outside a scope: a county code standing alone (in a link,
/// a data attribute, a JSON field or a CSV cell) that the scope does not cover.</summary>
internal static partial class ScopeCheck
{
    private static readonly Lazy<IReadOnlyList<(int County, int Prefecture)>> s_counties = new(() =>
        [.. File.ReadLines(ReferenceCounties.CsvPath).Skip(1).Where(l => l.Length > 0)
            .Select(l => int.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Select(code => (code, code / 100 * 100))]);

    public static IReadOnlyList<(int County, int Prefecture)> Counties => s_counties.Value;

    /// <summary>The county codes in <paramref name="body"/> that <paramref name="scope"/> does not cover.</summary>
    public static IReadOnlyList<int> OutsideCodes(string body, DataScope scope)
    {
        var outside = Counties.Where(c => !scope.Covers(c.County, c.Prefecture)).Select(c => c.County).ToHashSet();
        return [.. CountyCode().Matches(body).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).Where(outside.Contains).Distinct()];
    }

    /// <summary>Every county code in <paramref name="body"/>.</summary>
    public static IReadOnlyList<int> Codes(string body)
    {
        var all = Counties.Select(c => c.County).ToHashSet();
        return [.. CountyCode().Matches(body).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).Where(all.Contains).Distinct()];
    }

    [GeneratedRegex(@"(?<![\d.])14\d{4}(?![\d.])")]
    private static partial Regex CountyCode();
}
