using System.Collections.Concurrent;
using System.Reflection;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// What showing an arbitrary result (ad-hoc SQL) needs beyond DuckDB.NET's reader: DuckDB's SQL type names (DuckDB.NET's
/// <see cref="DuckDBDataReader.GetDataTypeName"/> gives its enum's names, <c>BigInt</c>, <c>UnsignedInteger</c>), and
/// every value readable (DuckDB.NET's <see cref="DuckDBDataReader.GetValue"/> throws for a NULL inside a list or map,
/// an INTERVAL with months and an infinite date).
/// </summary>
public static class DuckDbReaderExtensions
{
    private static readonly MethodInfo s_getFieldValue = typeof(DuckDBDataReader).GetMethod(nameof(DuckDBDataReader.GetFieldValue))!;
    private static readonly ConcurrentDictionary<Type, MethodInfo> s_typedGetters = new();

    /// <summary>Column <paramref name="ordinal"/>'s value for display: null for SQL NULL; lists and maps with NULL
    /// elements as <c>List&lt;int?&gt;</c> and the like; an INTERVAL with months as <see cref="DuckDBInterval"/>, an infinite
    /// date as <see cref="DuckDBDateOnly"/>; otherwise what <see cref="DuckDBDataReader.GetValue"/> gives.</summary>
    /// <param name="reader">A reader on a row.</param>
    /// <param name="ordinal">The column.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="InvalidCastException">The value has no .NET form (e.g. a DECIMAL beyond 28 digits, a UNION); the message names the column and says to CAST it.</exception>
    public static object? GetValueForDisplay(this DuckDBDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        try
        {
            // Inside the try: DuckDB.NET has no .NET type for some of DuckDB's (a UNION) and says so with an
            // ArgumentException here, which a caller expecting the documented InvalidCastException did not catch.
            var type = reader.GetFieldType(ordinal);
            var withNulls = WithNullableElements(type);
            if (withNulls != type)
            {
                return s_typedGetters.GetOrAdd(withNulls, t => s_getFieldValue.MakeGenericMethod(t)).Invoke(reader, [ordinal]);
            }

            try
            {
                return reader.GetValue(ordinal);
            }
            catch (Exception error) when (error is ArgumentOutOfRangeException or InvalidOperationException)
            {
                return reader.GetProviderSpecificValue(ordinal);
            }
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or OverflowException or TargetInvocationException)
        {
            var cause = (error as TargetInvocationException)?.InnerException ?? error;
            var name = reader.GetName(ordinal);
            throw new InvalidCastException(
                $"列 {name} 的值无法读取，请用 CAST 转换（如 ::VARCHAR）/ Column {name}: the value cannot be read ({cause.Message}); CAST it, e.g. ::VARCHAR.", cause);
        }
    }

    // List<int> -> List<int?>, Dictionary<string, int> -> Dictionary<string, int?>, nested too.
    private static Type WithNullableElements(Type type)
    {
        if (!type.IsGenericType)
        {
            return type;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition != typeof(List<>) && definition != typeof(Dictionary<,>))
        {
            return type;
        }

        var arguments = type.GetGenericArguments();
        var last = arguments.Length - 1;
        var element = WithNullableElements(arguments[last]);
        arguments[last] = element.IsValueType && Nullable.GetUnderlyingType(element) is null ? typeof(Nullable<>).MakeGenericType(element) : element;
        return definition.MakeGenericType(arguments);
    }

    /// <summary>The SQL name of column <paramref name="ordinal"/>'s type, e.g. <c>BIGINT</c> (DECIMAL without its width).</summary>
    /// <param name="reader">An open reader.</param>
    /// <param name="ordinal">The column.</param>
    /// <returns>The name in DuckDB's spelling.</returns>
    public static string GetSqlTypeName(this DuckDBDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ToSql(reader.GetDataTypeName(ordinal));
    }

    internal static string ToSql(string name) => name switch
    {
        "UnsignedTinyInt" => "UTINYINT",
        "UnsignedSmallInt" => "USMALLINT",
        "UnsignedInteger" => "UINTEGER",
        "UnsignedBigInt" => "UBIGINT",
        "UnsignedHugeInt" => "UHUGEINT",
        "TimestampS" => "TIMESTAMP_S",
        "TimestampMs" => "TIMESTAMP_MS",
        "TimestampNs" => "TIMESTAMP_NS",
        "TimestampTz" => "TIMESTAMP WITH TIME ZONE",
        "TimeTz" => "TIME WITH TIME ZONE",
        "VarInt" => "BIGNUM",
        "SqlNull" => "NULL",
        _ => name.ToUpperInvariant(),
    };
}
