using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>A household head's raw personal data (name, ID number, phone).</summary>
/// <param name="HeadName">户主姓名.</param>
/// <param name="IdNumber">身份证号.</param>
/// <param name="Phone">电话.</param>
internal sealed record PersonalData(string HeadName, string IdNumber, string Phone);

/// <summary>
/// Reads raw personal data for the households a page shows, and nothing else: the only code path to unmasked values,
/// called after the user's permission was checked and the act recorded (the warning list's "show personal data").
/// </summary>
internal sealed class PersonalDataLookup(IAnalyticsSource source)
{
    /// <summary>The raw values of <paramref name="householdIds"/>, by id.</summary>
    public IReadOnlyDictionary<long, PersonalData> For(IReadOnlyCollection<long> householdIds)
    {
        if (householdIds.Count == 0)
        {
            return new Dictionary<long, PersonalData>();
        }

        using var connection = source.Connect();
        var c = connection.QueryColumns(
            "SELECT household_id, head_name, head_id_number, head_phone FROM households WHERE list_contains($ids, household_id)",
            new DuckDBParameter("ids", householdIds.ToArray()));
        var ids = c.GetInt64s("household_id");
        var names = c.GetStrings("head_name");
        var numbers = c.GetStrings("head_id_number");
        var phones = c.GetStrings("head_phone");
        return Enumerable.Range(0, c.RowCount).ToDictionary(i => ids[i], i => new PersonalData(names[i] ?? string.Empty, numbers[i] ?? string.Empty, phones[i] ?? string.Empty));
    }
}
