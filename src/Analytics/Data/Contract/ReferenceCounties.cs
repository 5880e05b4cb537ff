using System.Globalization;
using System.Reflection;

namespace RevivalAnalytics.Data;

/// <summary>One of Shanxi's 117 county-level units as read from the reference list.</summary>
internal sealed record CountyReference(
    int Code,
    string Name,
    int PrefectureCode,
    string Prefecture,
    sbyte FormerPovertyStatus,
    short? ExitYear,
    bool ExitYearInferred);

/// <summary>
/// The contract's reference list of county-level units (section 3.1: <c>counties</c> holds exactly these 117 codes
/// and names): GB/T 2260 codes, prefecture, former-poverty status and exit year from the sources cited in the CSV.
/// The importer checks <c>counties</c> against it and the generator writes it.
/// </summary>
internal static class ReferenceCounties
{
    public const int Count = 117;

    private static readonly Lazy<IReadOnlyList<CountyReference>> s_counties = new(Load);

    public static IReadOnlyList<CountyReference> All => s_counties.Value;

    private static List<CountyReference> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("RevivalAnalytics.Data.shanxi_counties.csv")
            ?? throw new InvalidOperationException("内嵌县级名单缺失。Embedded county list shanxi_counties.csv is missing.");
        using var reader = new StreamReader(stream);
        var result = new List<CountyReference>(Count);
        reader.ReadLine();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            var code = int.Parse(fields[0], CultureInfo.InvariantCulture);
            var status = fields[4];
            var povertyStatus = status.StartsWith("国定", StringComparison.Ordinal) ? FormerPovertyStatus.National
                : status.StartsWith("省定", StringComparison.Ordinal) ? FormerPovertyStatus.Provincial
                : FormerPovertyStatus.None;
            short? exitYear = null;
            var yearAt = status.IndexOf("年度摘帽", StringComparison.Ordinal);
            if (povertyStatus != FormerPovertyStatus.None && yearAt >= 4)
            {
                exitYear = short.Parse(status.AsSpan(yearAt - 4, 4), CultureInfo.InvariantCulture);
            }

            result.Add(new CountyReference(
                code,
                fields[1],
                CountyCodes.Prefecture(code),
                fields[2],
                povertyStatus,
                exitYear,
                status.Contains("推断", StringComparison.Ordinal)));
        }

        return result;
    }
}
