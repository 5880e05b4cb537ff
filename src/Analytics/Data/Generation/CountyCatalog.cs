using System.Globalization;
using System.Reflection;

namespace RevivalAnalytics.Data.Generation;

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
/// The reference list of county-level units (GB/T 2260 codes; former-poverty status and exit year from the
/// sources cited in the CSV) and the illustrative class assignment documented in docs/data-contract.md.
/// </summary>
internal static class CountyCatalog
{
    public const int CountyCount = 117;

    public const int KeyAssistanceCount = 46;

    private static readonly Lazy<IReadOnlyList<CountyReference>> s_counties = new(Load);

    public static IReadOnlyList<CountyReference> Counties => s_counties.Value;

    /// <summary>
    /// Illustrative assignment (the official list is not public in our sources): 重点帮扶县 = every national
    /// former poverty county (36) plus every provincial one that exited in 2018 or later (10), i.e. the 46
    /// latest and poorest; 先行示范县 = non-poverty districts (区) and county-level cities (市);
    /// 整体推进县 = everything else. Overrides (an export's official list) win.
    /// </summary>
    public static CountyClass IllustrativeClass(CountyReference county) => county switch
    {
        { FormerPovertyStatus: FormerPovertyStatus.National } => CountyClass.KeyAssistance,
        { FormerPovertyStatus: FormerPovertyStatus.Provincial, ExitYear: >= 2018 } => CountyClass.KeyAssistance,
        { FormerPovertyStatus: FormerPovertyStatus.None } when county.Name.EndsWith('区') || county.Name.EndsWith('市') => CountyClass.Pilot,
        _ => CountyClass.Overall,
    };

    private static List<CountyReference> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("RevivalAnalytics.Data.Generation.shanxi_counties.csv")
            ?? throw new InvalidOperationException("内嵌县级名单缺失。Embedded county list shanxi_counties.csv is missing.");
        using var reader = new StreamReader(stream);
        var result = new List<CountyReference>(CountyCount);
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
                code / 100 * 100,
                fields[2],
                povertyStatus,
                exitYear,
                status.Contains("推断", StringComparison.Ordinal)));
        }

        return result;
    }
}
