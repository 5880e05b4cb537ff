using RevivalAnalytics.Dashboard.Components.Shared;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>
/// Shanxi's 117 county-level units from tests/data/shanxi_counties.csv (a copy of the project's
/// reference list), with their former-poverty-county status as real sample values for maps.
/// </summary>
internal static class ReferenceCounties
{
    public static string CsvPath => Path.Combine(AppContext.BaseDirectory, "data", "shanxi_counties.csv");

    public static IReadOnlyList<CountyMapEntry> FormerPovertyFlag() =>
        [.. File.ReadLines(CsvPath)
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(','))
            .Select(fields => new CountyMapEntry(
                Code: fields[0],
                Name: fields[1],
                Prefecture: fields[2],
                Value: fields[4].StartsWith("否", StringComparison.Ordinal) ? 0 : 1))];
}
