using System.Collections.ObjectModel;
using System.Globalization;
using RevivalAnalytics.DuckDb.Native;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// A DuckDB logical type, read once from the native type so that value readers never call back into DuckDB per row.
/// </summary>
public sealed class DuckDbType
{
    private DuckDbType(DuckDbTypeId id)
    {
        Id = id;
    }

    /// <summary>The type's id.</summary>
    public DuckDbTypeId Id { get; }

    /// <summary>DECIMAL width (total digits); 0 for other types.</summary>
    public int DecimalWidth { get; private init; }

    /// <summary>DECIMAL scale (digits after the point); 0 for other types.</summary>
    public int DecimalScale { get; private init; }

    /// <summary>The element type of a LIST or ARRAY, the value type of a MAP; null otherwise.</summary>
    public DuckDbType? ElementType { get; private init; }

    /// <summary>The key type of a MAP; null otherwise.</summary>
    public DuckDbType? KeyType { get; private init; }

    /// <summary>The fixed length of an ARRAY; 0 otherwise.</summary>
    public int ArrayLength { get; private init; }

    /// <summary>The named fields of a STRUCT; empty otherwise.</summary>
    public ReadOnlyCollection<KeyValuePair<string, DuckDbType>> Fields { get; private init; } = ReadOnlyCollection<KeyValuePair<string, DuckDbType>>.Empty;

    /// <summary>The dictionary of an ENUM; empty otherwise.</summary>
    public ReadOnlyCollection<string> EnumValues { get; private init; } = ReadOnlyCollection<string>.Empty;

    /// <summary>The physical storage of DECIMAL and ENUM values.</summary>
    internal DuckDbTypeId InternalId { get; private init; }

    /// <summary>The SQL spelling of the type, e.g. <c>DECIMAL(18,2)</c> or <c>STRUCT(a INTEGER, b VARCHAR[])</c>.</summary>
    public override string ToString() => Id switch
    {
        DuckDbTypeId.Decimal => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({DecimalWidth},{DecimalScale})"),
        DuckDbTypeId.List => $"{ElementType}[]",
        DuckDbTypeId.Array => string.Create(CultureInfo.InvariantCulture, $"{ElementType}[{ArrayLength}]"),
        DuckDbTypeId.Map => $"MAP({KeyType}, {ElementType})",
        DuckDbTypeId.Struct => $"STRUCT({string.Join(", ", Fields.Select(f => $"{f.Key} {f.Value}"))})",
        DuckDbTypeId.Enum => $"ENUM({EnumValues.Count} values)",
        _ => SqlName(Id),
    };

    internal static string SqlName(DuckDbTypeId id) => id switch
    {
        DuckDbTypeId.TinyInt => "TINYINT",
        DuckDbTypeId.SmallInt => "SMALLINT",
        DuckDbTypeId.Integer => "INTEGER",
        DuckDbTypeId.BigInt => "BIGINT",
        DuckDbTypeId.UTinyInt => "UTINYINT",
        DuckDbTypeId.USmallInt => "USMALLINT",
        DuckDbTypeId.UInteger => "UINTEGER",
        DuckDbTypeId.UBigInt => "UBIGINT",
        DuckDbTypeId.HugeInt => "HUGEINT",
        DuckDbTypeId.UHugeInt => "UHUGEINT",
        DuckDbTypeId.TimestampS => "TIMESTAMP_S",
        DuckDbTypeId.TimestampMs => "TIMESTAMP_MS",
        DuckDbTypeId.TimestampNs => "TIMESTAMP_NS",
        DuckDbTypeId.TimestampTz => "TIMESTAMP WITH TIME ZONE",
        DuckDbTypeId.TimeTz => "TIME WITH TIME ZONE",
        DuckDbTypeId.TimeNs => "TIME_NS",
        _ => id.ToString().ToUpperInvariant(),
    };

    /// <summary>Reads a native duckdb_logical_type (not taking ownership).</summary>
    internal static DuckDbType FromNative(IntPtr type)
    {
        var id = NativeMethods.GetTypeId(type);
        switch (id)
        {
            case DuckDbTypeId.Decimal:
                return new DuckDbType(id)
                {
                    DecimalWidth = NativeMethods.DecimalWidth(type),
                    DecimalScale = NativeMethods.DecimalScale(type),
                    InternalId = NativeMethods.DecimalInternalType(type),
                };
            case DuckDbTypeId.Enum:
                var size = NativeMethods.EnumDictionarySize(type);
                var values = new string[size];
                for (uint i = 0; i < size; i++)
                {
                    values[i] = NativeMethods.TakeString(NativeMethods.EnumDictionaryValue(type, i));
                }

                return new DuckDbType(id) { InternalId = NativeMethods.EnumInternalType(type), EnumValues = values.AsReadOnly() };
            case DuckDbTypeId.List:
                return new DuckDbType(id) { ElementType = TakeChild(NativeMethods.ListTypeChildType(type)) };
            case DuckDbTypeId.Array:
                return new DuckDbType(id)
                {
                    ElementType = TakeChild(NativeMethods.ArrayTypeChildType(type)),
                    ArrayLength = checked((int)NativeMethods.ArrayTypeArraySize(type)),
                };
            case DuckDbTypeId.Map:
                return new DuckDbType(id)
                {
                    KeyType = TakeChild(NativeMethods.MapTypeKeyType(type)),
                    ElementType = TakeChild(NativeMethods.MapTypeValueType(type)),
                };
            case DuckDbTypeId.Struct:
                var count = NativeMethods.StructTypeChildCount(type);
                var fields = new KeyValuePair<string, DuckDbType>[count];
                for (ulong i = 0; i < count; i++)
                {
                    fields[i] = new(
                        NativeMethods.TakeString(NativeMethods.StructTypeChildName(type, i)),
                        TakeChild(NativeMethods.StructTypeChildType(type, i)));
                }

                return new DuckDbType(id) { Fields = fields.AsReadOnly() };
            default:
                return new DuckDbType(id);
        }
    }

    private static DuckDbType TakeChild(IntPtr child)
    {
        try
        {
            return FromNative(child);
        }
        finally
        {
            NativeMethods.DestroyLogicalType(ref child);
        }
    }
}
