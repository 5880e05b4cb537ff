namespace RevivalAnalytics.Data;

/// <summary>
/// Masks personal data for display, following data-contract section 4: a name keeps its first character (the
/// surname) and the rest becomes one <c>*</c> (张*; the length of the given name is not revealed); an ID number
/// keeps its first 6 (the county) and last 4 characters; a phone number keeps 3 + 4 digits. The <c>*Sql</c> members
/// are the same rules as DuckDB expressions, for masking inside a query (tested against these methods).
/// </summary>
public static class PersonalDataMask
{
    /// <summary>张三丰 → 张*. Null or empty stays empty.</summary>
    /// <param name="name">The full name.</param>
    public static string Name(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }

        // A surrogate pair (rare CJK extension characters) counts as one character.
        var first = char.IsHighSurrogate(name[0]) && name.Length > 1 ? name[..2] : name[..1];
        return first + "*";
    }

    /// <summary>140121199001011234 → 140121********1234; shorter or odd values are starred whole.</summary>
    /// <param name="idNumber">The ID number.</param>
    public static string IdNumber(string? idNumber)
    {
        if (string.IsNullOrEmpty(idNumber))
        {
            return string.Empty;
        }

        return idNumber.Length == 18 ? idNumber[..6] + new string('*', 8) + idNumber[14..] : Stars(idNumber);
    }

    /// <summary>10012345678 → 100****5678; other lengths are starred whole.</summary>
    /// <param name="phone">The phone number.</param>
    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return string.Empty;
        }

        return phone.Length == 11 ? phone[..3] + "****" + phone[7..] : Stars(phone);
    }

    // One star per character as DuckDB counts them (code points), so the SQL form below gives the same text.
    private static string Stars(string text) => new('*', text.EnumerateRunes().Count());

    /// <summary>A DuckDB expression equal to <see cref="Name"/> applied to <paramref name="column"/>.</summary>
    /// <param name="column">A trusted column expression (e.g. <c>h.head_name</c>), never user text.</param>
    internal static string NameSql(string column) =>
        $"CASE WHEN {column} IS NULL OR {column} = '' THEN '' ELSE left({column}, 1) || '*' END";

    /// <summary>A DuckDB expression equal to <see cref="IdNumber"/> applied to <paramref name="column"/>.</summary>
    /// <param name="column">A trusted column expression.</param>
    internal static string IdNumberSql(string column) => KeepEndsSql(column, 18, 6, 4);

    /// <summary>A DuckDB expression equal to <see cref="Phone"/> applied to <paramref name="column"/>.</summary>
    /// <param name="column">A trusted column expression.</param>
    internal static string PhoneSql(string column) => KeepEndsSql(column, 11, 3, 4);

    private static string KeepEndsSql(string column, int length, int head, int tail) =>
        $"CASE WHEN length({column}) = {length} THEN left({column}, {head}) || '{new string('*', length - head - tail)}' || right({column}, {tail}) " +
        $"ELSE repeat('*', length(coalesce({column}, ''))) END";
}
