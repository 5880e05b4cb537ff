using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Warnings;

/// <summary>A household head's raw personal data (name, ID number, phone).</summary>
/// <param name="HeadName">户主姓名.</param>
/// <param name="IdNumber">身份证号.</param>
/// <param name="Phone">电话.</param>
public sealed record HouseholdPersonalData(string HeadName, string IdNumber, string Phone);

// The one code path to unmasked values: the warning list's "show personal data", for households a page shows, after the
// caller checked the user's permission and recorded the act. Same data version as the list it annotates.
public sealed partial class EarlyWarningService
{
    /// <summary>The raw personal data of <paramref name="householdIds"/> (the households a page shows), by id. The caller
    /// checks the user's permission and records the act first.</summary>
    /// <param name="householdIds">Household ids; unknown ids are skipped.</param>
    /// <returns>The values found, by household id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="householdIds"/> is null.</exception>
    public IReadOnlyDictionary<long, HouseholdPersonalData> PersonalData(IReadOnlyCollection<long> householdIds)
    {
        ArgumentNullException.ThrowIfNull(householdIds);
        if (householdIds.Count == 0)
        {
            return new Dictionary<long, HouseholdPersonalData>();
        }

        using var connection = _kpis.Connect();
        var c = connection.QueryColumns(
            "SELECT household_id, head_name, head_id_number, head_phone FROM households WHERE list_contains($ids, household_id)",
            new DuckDBParameter("ids", householdIds.ToArray()));
        var ids = c.GetInt64s("household_id");
        var names = c.GetStrings("head_name");
        var numbers = c.GetStrings("head_id_number");
        var phones = c.GetStrings("head_phone");
        return Enumerable.Range(0, c.RowCount).ToDictionary(
            i => ids[i],
            i => new HouseholdPersonalData(names[i] ?? string.Empty, numbers[i] ?? string.Empty, phones[i] ?? string.Empty));
    }
}
