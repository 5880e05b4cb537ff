using System.Runtime.CompilerServices;
using System.Text;
using RevivalAnalytics.DuckDb.Native;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// Reads values out of DuckDB vectors (the data-chunk API). Pointers are valid only while their chunk is alive.
/// </summary>
internal static unsafe class VectorReader
{
    private const long MaxTimeTzOffsetSeconds = (16 * 60 * 60) - 1;
    private static readonly int s_unixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsValid(ulong* validity, ulong row) =>
        validity == null || (validity[row >> 6] & (1UL << (int)(row & 63))) != 0;

    /// <summary>Fails early, with a message naming the type, for types this reader cannot turn into values.</summary>
    internal static void EnsureReadable(DuckDbType type, string column)
    {
        switch (type.Id)
        {
            case DuckDbTypeId.Union or DuckDbTypeId.Bit or DuckDbTypeId.BigNum or DuckDbTypeId.Any or DuckDbTypeId.Invalid
                or DuckDbTypeId.StringLiteral or DuckDbTypeId.IntegerLiteral:
                throw new DuckDbException(
                    $"列 \"{column}\" 的类型 {type} 暂不支持读取，请在 SQL 中 CAST 为 VARCHAR / Column \"{column}\" has type {type}, which this reader does not support; CAST it to VARCHAR in the query.",
                    DuckDbErrorType.NotImplemented);
            case DuckDbTypeId.List or DuckDbTypeId.Array:
                EnsureReadable(type.ElementType!, column);
                break;
            case DuckDbTypeId.Map:
                EnsureReadable(type.KeyType!, column);
                EnsureReadable(type.ElementType!, column);
                break;
            case DuckDbTypeId.Struct:
                foreach (var field in type.Fields)
                {
                    EnsureReadable(field.Value, column);
                }

                break;
        }
    }

    /// <summary>The CLR type <see cref="Read"/> returns for a DuckDB type.</summary>
    internal static Type ClrType(DuckDbType type) => type.Id switch
    {
        DuckDbTypeId.Boolean => typeof(bool),
        DuckDbTypeId.TinyInt => typeof(sbyte),
        DuckDbTypeId.SmallInt => typeof(short),
        DuckDbTypeId.Integer => typeof(int),
        DuckDbTypeId.BigInt => typeof(long),
        DuckDbTypeId.UTinyInt => typeof(byte),
        DuckDbTypeId.USmallInt => typeof(ushort),
        DuckDbTypeId.UInteger => typeof(uint),
        DuckDbTypeId.UBigInt => typeof(ulong),
        DuckDbTypeId.HugeInt => typeof(Int128),
        DuckDbTypeId.UHugeInt => typeof(UInt128),
        DuckDbTypeId.Float => typeof(float),
        DuckDbTypeId.Double => typeof(double),
        DuckDbTypeId.Decimal => typeof(decimal),
        DuckDbTypeId.Varchar or DuckDbTypeId.Enum => typeof(string),
        DuckDbTypeId.Blob => typeof(byte[]),
        DuckDbTypeId.Date => typeof(DateOnly),
        DuckDbTypeId.Time or DuckDbTypeId.TimeNs => typeof(TimeOnly),
        DuckDbTypeId.TimeTz => typeof(DuckDbTimeTz),
        DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampS or DuckDbTypeId.TimestampMs or DuckDbTypeId.TimestampNs => typeof(DateTime),
        DuckDbTypeId.TimestampTz => typeof(DateTimeOffset),
        DuckDbTypeId.Interval => typeof(DuckDbInterval),
        DuckDbTypeId.Uuid => typeof(Guid),
        DuckDbTypeId.List or DuckDbTypeId.Array => typeof(List<object?>),
        DuckDbTypeId.Struct => typeof(Dictionary<string, object?>),
        DuckDbTypeId.Map => typeof(Dictionary<object, object?>),
        _ => typeof(object),
    };

    /// <summary>Reads one value (null when invalid) at <paramref name="row"/> of <paramref name="vector"/>.</summary>
    internal static object? Read(IntPtr vector, DuckDbType type, ulong row)
    {
        var validity = (ulong*)NativeMethods.VectorGetValidity(vector);
        if (!IsValid(validity, row) || type.Id == DuckDbTypeId.SqlNull)
        {
            return null;
        }

        var data = (byte*)NativeMethods.VectorGetData(vector);
        switch (type.Id)
        {
            case DuckDbTypeId.Boolean: return data[row] != 0;
            case DuckDbTypeId.TinyInt: return ((sbyte*)data)[row];
            case DuckDbTypeId.SmallInt: return ((short*)data)[row];
            case DuckDbTypeId.Integer: return ((int*)data)[row];
            case DuckDbTypeId.BigInt: return ((long*)data)[row];
            case DuckDbTypeId.UTinyInt: return data[row];
            case DuckDbTypeId.USmallInt: return ((ushort*)data)[row];
            case DuckDbTypeId.UInteger: return ((uint*)data)[row];
            case DuckDbTypeId.UBigInt: return ((ulong*)data)[row];
            case DuckDbTypeId.HugeInt: return ReadHugeInt(data, row);
            case DuckDbTypeId.UHugeInt:
                var u = ((HugeIntNative*)data)[row];
                return new UInt128(u.Upper, u.Lower);
            case DuckDbTypeId.Float: return ((float*)data)[row];
            case DuckDbTypeId.Double: return ((double*)data)[row];
            case DuckDbTypeId.Decimal: return ReadDecimal(data, type, row);
            case DuckDbTypeId.Varchar: return ReadString(data, row);
            case DuckDbTypeId.Blob: return ReadBlob(data, row);
            case DuckDbTypeId.Enum: return type.EnumValues[(int)ReadEnumIndex(data, type, row)];
            case DuckDbTypeId.Date: return ToDate(((int*)data)[row]);
            case DuckDbTypeId.Time: return new TimeOnly(((long*)data)[row] * 10);
            case DuckDbTypeId.TimeNs: return new TimeOnly(((long*)data)[row] / 100);
            case DuckDbTypeId.TimeTz: return ToTimeTz(((ulong*)data)[row]);
            case DuckDbTypeId.Timestamp: return ToDateTime(((long*)data)[row], 10, type);
            case DuckDbTypeId.TimestampS: return ToDateTime(((long*)data)[row], TimeSpan.TicksPerSecond, type);
            case DuckDbTypeId.TimestampMs: return ToDateTime(((long*)data)[row], TimeSpan.TicksPerMillisecond, type);
            case DuckDbTypeId.TimestampNs: return ToDateTime(((long*)data)[row] / 100, 1, type);
            case DuckDbTypeId.TimestampTz: return new DateTimeOffset(ToDateTime(((long*)data)[row], 10, type), TimeSpan.Zero);
            case DuckDbTypeId.Interval:
                var interval = ((IntervalNative*)data)[row];
                return new DuckDbInterval(interval.Months, interval.Days, interval.Micros);
            case DuckDbTypeId.Uuid: return ToGuid(((HugeIntNative*)data)[row]);
            case DuckDbTypeId.List: return ReadList(vector, data, type, row);
            case DuckDbTypeId.Array: return ReadArray(vector, type, row);
            case DuckDbTypeId.Map: return ReadMap(vector, data, type, row);
            case DuckDbTypeId.Struct: return ReadStruct(vector, type, row);
            default:
                EnsureReadable(type, "?");
                throw new DuckDbException($"类型 {type} 无法读取 / Type {type} cannot be read.", DuckDbErrorType.NotImplemented);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static string ReadString(byte* data, ulong row)
    {
        var s = (StringNative*)(data + (row * 16));
        var length = (int)s->Length;
        var bytes = length <= StringNative.InlineLength ? (byte*)s + 4 : (byte*)s->Pointer;
        return Encoding.UTF8.GetString(bytes, length);
    }

    internal static byte[] ReadBlob(byte* data, ulong row)
    {
        var s = (StringNative*)(data + (row * 16));
        var length = (int)s->Length;
        var bytes = length <= StringNative.InlineLength ? (byte*)s + 4 : (byte*)s->Pointer;
        return new ReadOnlySpan<byte>(bytes, length).ToArray();
    }

    internal static Int128 ReadHugeInt(byte* data, ulong row)
    {
        var h = ((HugeIntNative*)data)[row];
        return new Int128(h.Upper, h.Lower);
    }

    internal static decimal ReadDecimal(byte* data, DuckDbType type, ulong row)
    {
        Int128 unscaled = type.InternalId switch
        {
            DuckDbTypeId.SmallInt => ((short*)data)[row],
            DuckDbTypeId.Integer => ((int*)data)[row],
            DuckDbTypeId.BigInt => ((long*)data)[row],
            _ => ReadHugeInt(data, row),
        };
        return ToDecimal(unscaled, type.DecimalScale);
    }

    internal static decimal ToDecimal(Int128 unscaled, int scale)
    {
        var negative = Int128.IsNegative(unscaled);
        var magnitude = (UInt128)(negative ? -unscaled : unscaled);
        if (magnitude >> 96 != 0)
        {
            throw new DuckDbException(
                $"DECIMAL 值超出 .NET decimal 的范围，请 CAST 为 DOUBLE 或 VARCHAR / A DECIMAL value exceeds System.Decimal's 96-bit range; CAST it to DOUBLE or VARCHAR.",
                DuckDbErrorType.OutOfRange);
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }

    internal static DateOnly ToDate(int days)
    {
        var dayNumber = (long)s_unixEpochDayNumber + days;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            throw new DuckDbException(
                $"DATE 值超出 .NET 可表示范围（含 infinity）/ DATE value ({days} days from 1970-01-01, or infinity) is outside DateOnly's range.",
                DuckDbErrorType.OutOfRange);
        }

        return DateOnly.FromDayNumber((int)dayNumber);
    }

    internal static DateTime ToDateTime(long units, long ticksPerUnit, DuckDbType type)
    {
        var maxUnits = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / ticksPerUnit;
        var minUnits = -DateTime.UnixEpoch.Ticks / ticksPerUnit;
        if (units > maxUnits || units < minUnits)
        {
            throw new DuckDbException(
                $"{type} 值超出 .NET DateTime 可表示范围（含 infinity）/ {type} value is outside DateTime's range (or infinite).",
                DuckDbErrorType.OutOfRange);
        }

        return new DateTime(DateTime.UnixEpoch.Ticks + (units * ticksPerUnit), DateTimeKind.Unspecified);
    }

    internal static DuckDbTimeTz ToTimeTz(ulong bits)
    {
        // 40 high bits of microseconds, 24 low bits of (max offset - offset) in seconds.
        var micros = (long)(bits >> 24);
        var offsetSeconds = MaxTimeTzOffsetSeconds - (long)(bits & 0xFFFFFF);
        return new DuckDbTimeTz(new TimeOnly(micros * 10), TimeSpan.FromSeconds(offsetSeconds));
    }

    internal static Guid ToGuid(HugeIntNative value)
    {
        // DuckDB flips the top bit so that UUIDs sort as unsigned numbers.
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, value.Upper ^ (1UL << 63));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], value.Lower);
        return new Guid(bytes, bigEndian: true);
    }

    internal static HugeIntNative FromGuid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return new HugeIntNative
        {
            Upper = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes) ^ (1UL << 63),
            Lower = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        };
    }

    private static uint ReadEnumIndex(byte* data, DuckDbType type, ulong row) => type.InternalId switch
    {
        DuckDbTypeId.UTinyInt => data[row],
        DuckDbTypeId.USmallInt => ((ushort*)data)[row],
        _ => ((uint*)data)[row],
    };

    private static List<object?> ReadList(IntPtr vector, byte* data, DuckDbType type, ulong row)
    {
        var entry = ((ListEntryNative*)data)[row];
        var child = NativeMethods.ListVectorGetChild(vector);
        var items = new List<object?>((int)entry.Length);
        for (var i = entry.Offset; i < entry.Offset + entry.Length; i++)
        {
            items.Add(Read(child, type.ElementType!, i));
        }

        return items;
    }

    private static List<object?> ReadArray(IntPtr vector, DuckDbType type, ulong row)
    {
        var child = NativeMethods.ArrayVectorGetChild(vector);
        var length = (ulong)type.ArrayLength;
        var items = new List<object?>(type.ArrayLength);
        for (var i = row * length; i < (row + 1) * length; i++)
        {
            items.Add(Read(child, type.ElementType!, i));
        }

        return items;
    }

    private static Dictionary<object, object?> ReadMap(IntPtr vector, byte* data, DuckDbType type, ulong row)
    {
        var entry = ((ListEntryNative*)data)[row];
        var entries = NativeMethods.ListVectorGetChild(vector);
        var keys = NativeMethods.StructVectorGetChild(entries, 0);
        var values = NativeMethods.StructVectorGetChild(entries, 1);
        var map = new Dictionary<object, object?>((int)entry.Length);
        for (var i = entry.Offset; i < entry.Offset + entry.Length; i++)
        {
            map[Read(keys, type.KeyType!, i)!] = Read(values, type.ElementType!, i);
        }

        return map;
    }

    private static Dictionary<string, object?> ReadStruct(IntPtr vector, DuckDbType type, ulong row)
    {
        var fields = new Dictionary<string, object?>(type.Fields.Count, StringComparer.Ordinal);
        for (var i = 0; i < type.Fields.Count; i++)
        {
            var field = type.Fields[i];
            fields[field.Key] = Read(NativeMethods.StructVectorGetChild(vector, (ulong)i), field.Value, row);
        }

        return fields;
    }
}
