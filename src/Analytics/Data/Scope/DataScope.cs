using System.Globalization;
using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Data.Scope;

/// <summary>How far a user's data reaches.</summary>
public enum DataScopeKind
{
    /// <summary>The whole province.</summary>
    Province,

    /// <summary>One prefecture (设区市) and its counties.</summary>
    Prefecture,

    /// <summary>A list of counties.</summary>
    Counties,
}

/// <summary>
/// The part of the province a user may see: the province, one prefecture, or a list of counties. Every row of the data
/// carries a county code (or a village code whose first six digits are it), so a scope is applied by the county codes it
/// covers (<see cref="ResolveCounties(IEnumerable{ValueTuple{int, int}})"/>). Stored as text: <c>province</c>,
/// <c>prefecture:140100</c>, <c>counties:140105,140106</c> (<see cref="Parse"/>, <see cref="ToString"/>).
/// </summary>
public sealed class DataScope : IEquatable<DataScope>
{
    private readonly int[] _counties;
    private readonly string _text;

    private DataScope(DataScopeKind kind, int? prefecture, int[] counties)
    {
        Kind = kind;
        PrefectureCode = prefecture;
        _counties = counties;
        _text = kind switch
        {
            DataScopeKind.Province => ProvinceText,
            DataScopeKind.Prefecture => PrefecturePrefix + prefecture!.Value.ToString(CultureInfo.InvariantCulture),
            _ => CountiesPrefix + string.Join(',', counties.Select(c => c.ToString(CultureInfo.InvariantCulture))),
        };
    }

    /// <summary>The whole province.</summary>
    public static DataScope Province { get; } = new(DataScopeKind.Province, null, []);

    /// <summary>Province, prefecture or counties.</summary>
    public DataScopeKind Kind { get; }

    /// <summary>The prefecture's code (e.g. 140100) when <see cref="Kind"/> is <see cref="DataScopeKind.Prefecture"/>.</summary>
    public int? PrefectureCode { get; }

    /// <summary>The counties named by a <see cref="DataScopeKind.Counties"/> scope, ascending; empty otherwise.</summary>
    public IReadOnlyList<int> CountyCodes => _counties;

    /// <summary>Whether the scope is the whole province (nothing is filtered).</summary>
    public bool IsProvince => Kind == DataScopeKind.Province;

    /// <summary>One prefecture.</summary>
    /// <param name="prefectureCode">A six-digit prefecture code ending in 00 (140100 太原市).</param>
    /// <returns>The scope.</returns>
    /// <exception cref="FormatException">Not a prefecture code.</exception>
    public static DataScope ForPrefecture(int prefectureCode)
    {
        if (prefectureCode is < 100000 or > 999999 || prefectureCode % 100 != 0 || prefectureCode % 10000 == 0)
        {
            throw Invalid($"prefecture:{prefectureCode}", $"{prefectureCode} 不是设区市代码（如 140100）", $"{prefectureCode} is not a prefecture code (e.g. 140100)");
        }

        return new DataScope(DataScopeKind.Prefecture, prefectureCode, []);
    }

    /// <summary>A list of counties.</summary>
    /// <param name="countyCodes">At least one six-digit county code; duplicates are ignored.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="FormatException">Empty, or a code that is not a county code.</exception>
    public static DataScope ForCounties(IEnumerable<int> countyCodes)
    {
        ArgumentNullException.ThrowIfNull(countyCodes);
        var codes = countyCodes.Distinct().Order().ToArray();
        if (codes.Length == 0)
        {
            throw Invalid(CountiesPrefix, "县列表为空", "the county list is empty");
        }

        if (codes.FirstOrDefault(c => c is < 100000 or > 999999 || c % 100 == 0) is var bad and not 0)
        {
            throw Invalid(CountiesPrefix + bad, $"{bad} 不是县级行政区划代码（如 140105）", $"{bad} is not a county code (e.g. 140105)");
        }

        return new DataScope(DataScopeKind.Counties, null, codes);
    }

    /// <summary>Reads the text form.</summary>
    /// <param name="text"><c>province</c>, <c>prefecture:140100</c> or <c>counties:140105,140106</c>.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="FormatException">Anything else; the message (Chinese, then English) says what is wrong.</exception>
    public static DataScope Parse(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed == ProvinceText)
        {
            return Province;
        }

        if (trimmed.StartsWith(PrefecturePrefix, StringComparison.Ordinal)
            && int.TryParse(trimmed.AsSpan(PrefecturePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var prefecture))
        {
            return ForPrefecture(prefecture);
        }

        if (trimmed.StartsWith(CountiesPrefix, StringComparison.Ordinal))
        {
            var codes = new List<int>();
            foreach (var part in trimmed[CountiesPrefix.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                {
                    throw Invalid(trimmed, $"\"{Shorten(part)}\" 不是县级行政区划代码", $"\"{Shorten(part)}\" is not a county code");
                }

                codes.Add(code);
            }

            return ForCounties(codes);
        }

        throw Invalid(trimmed, "应为 province、prefecture:设区市代码 或 counties:县代码,县代码", "expected province, prefecture:<code> or counties:<code>,<code>");
    }

    /// <summary>Like <see cref="Parse"/>, without throwing.</summary>
    /// <param name="text">The text form.</param>
    /// <param name="scope">The scope, or null.</param>
    /// <returns>Whether the text was valid.</returns>
    public static bool TryParse(string? text, out DataScope? scope)
    {
        try
        {
            scope = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            scope = null;
            return false;
        }
    }

    /// <summary>Whether a county of <paramref name="prefectureCode"/> is in the scope.</summary>
    /// <param name="countyCode">The county.</param>
    /// <param name="prefectureCode">Its prefecture (<c>county_code / 100 * 100</c> in the contract).</param>
    /// <returns>True when the scope covers it.</returns>
    public bool Covers(int countyCode, int prefectureCode) => Kind switch
    {
        DataScopeKind.Province => true,
        DataScopeKind.Prefecture => prefectureCode == PrefectureCode,
        _ => Array.BinarySearch(_counties, countyCode) >= 0,
    };

    /// <summary>The county codes the scope covers among <paramref name="counties"/> (the data's counties table).</summary>
    /// <param name="counties">Every county with its prefecture.</param>
    /// <returns>The covered codes, ascending. A county named by the scope but absent from the data is not returned.</returns>
    public IReadOnlyList<int> ResolveCounties(IEnumerable<(int CountyCode, int PrefectureCode)> counties)
    {
        ArgumentNullException.ThrowIfNull(counties);
        return counties.Where(c => Covers(c.CountyCode, c.PrefectureCode)).Select(c => c.CountyCode).Distinct().Order().ToList();
    }

    /// <summary>The county codes the scope covers, read from the <c>counties</c> table or view on
    /// <paramref name="connection"/>.</summary>
    /// <param name="connection">A connection where <c>counties</c> exists.</param>
    /// <returns>The covered codes, ascending.</returns>
    /// <exception cref="DuckDBException">No <c>counties</c> table.</exception>
    public IReadOnlyList<int> ResolveCounties(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var columns = connection.QueryColumns("SELECT county_code::INTEGER AS c, prefecture_code::INTEGER AS p FROM counties");
        var codes = columns.GetInt64s("c");
        var prefectures = columns.GetInt64s("p");
        return ResolveCounties(Enumerable.Range(0, columns.RowCount).Select(i => ((int)codes[i], (int)prefectures[i])));
    }

    /// <summary>Codes the scope names that <paramref name="counties"/> does not know (an administrator's typo, or a
    /// county re-divided since): a prefecture without counties, or listed counties absent from the data.</summary>
    /// <param name="counties">Every county with its prefecture.</param>
    /// <returns>The unknown codes; empty when all are known.</returns>
    public IReadOnlyList<int> UnknownCodes(IEnumerable<(int CountyCode, int PrefectureCode)> counties)
    {
        ArgumentNullException.ThrowIfNull(counties);
        var list = counties.ToList();
        return Kind switch
        {
            DataScopeKind.Province => [],
            DataScopeKind.Prefecture => list.Any(c => c.PrefectureCode == PrefectureCode) ? [] : [PrefectureCode!.Value],
            _ => _counties.Where(code => !list.Exists(c => c.CountyCode == code)).ToList(),
        };
    }

    /// <summary>The text form (<see cref="Parse"/> reads it back); also a stable key for caches.</summary>
    /// <returns><c>province</c>, <c>prefecture:140100</c> or <c>counties:140105,140106</c>.</returns>
    public override string ToString() => _text;

    /// <inheritdoc />
    public bool Equals(DataScope? other) => other is not null && other._text == _text;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DataScope);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    private const string ProvinceText = "province";
    private const string PrefecturePrefix = "prefecture:";
    private const string CountiesPrefix = "counties:";

    private static FormatException Invalid(string text, string chinese, string english) =>
        new($"数据范围 \"{Shorten(text)}\" 无效：{chinese} / invalid data scope \"{Shorten(text)}\": {english}");

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
