using System.Runtime.InteropServices;

namespace RevivalAnalytics.DuckDb.Native;

// duckdb_value constructors, used to bind parameters without ever splicing user values into SQL.
internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "duckdb_destroy_value")]
    internal static partial void DestroyValue(ref IntPtr value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_null_value")]
    internal static partial IntPtr CreateNull();

    [LibraryImport(Library, EntryPoint = "duckdb_create_bool")]
    internal static partial IntPtr CreateBool([MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_int8")]
    internal static partial IntPtr CreateInt8(sbyte value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_int16")]
    internal static partial IntPtr CreateInt16(short value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_int32")]
    internal static partial IntPtr CreateInt32(int value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_int64")]
    internal static partial IntPtr CreateInt64(long value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uint8")]
    internal static partial IntPtr CreateUInt8(byte value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uint16")]
    internal static partial IntPtr CreateUInt16(ushort value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uint32")]
    internal static partial IntPtr CreateUInt32(uint value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uint64")]
    internal static partial IntPtr CreateUInt64(ulong value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_hugeint")]
    internal static partial IntPtr CreateHugeInt(HugeIntNative value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uhugeint")]
    internal static partial IntPtr CreateUHugeInt(HugeIntNative value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_float")]
    internal static partial IntPtr CreateFloat(float value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_double")]
    internal static partial IntPtr CreateDouble(double value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_decimal")]
    internal static partial IntPtr CreateDecimal(DecimalNative value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_varchar_length")]
    internal static unsafe partial IntPtr CreateVarchar(byte* text, ulong length);

    [LibraryImport(Library, EntryPoint = "duckdb_create_blob")]
    internal static unsafe partial IntPtr CreateBlob(byte* data, ulong length);

    [LibraryImport(Library, EntryPoint = "duckdb_create_date")]
    internal static partial IntPtr CreateDate(int days);

    [LibraryImport(Library, EntryPoint = "duckdb_create_time")]
    internal static partial IntPtr CreateTime(long micros);

    [LibraryImport(Library, EntryPoint = "duckdb_create_timestamp")]
    internal static partial IntPtr CreateTimestamp(long micros);

    [LibraryImport(Library, EntryPoint = "duckdb_create_timestamp_tz")]
    internal static partial IntPtr CreateTimestampTz(long micros);

    [LibraryImport(Library, EntryPoint = "duckdb_create_interval")]
    internal static partial IntPtr CreateInterval(IntervalNative value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uuid")]
    internal static partial IntPtr CreateUuid(HugeIntNative value);

    [LibraryImport(Library, EntryPoint = "duckdb_get_value_type")]
    internal static partial IntPtr GetValueType(ValueHandle value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_list_value")]
    internal static unsafe partial IntPtr CreateListValue(IntPtr childType, IntPtr* values, ulong count);
}

[StructLayout(LayoutKind.Sequential)]
internal struct HugeIntNative
{
    public ulong Lower;
    public ulong Upper;
}

[StructLayout(LayoutKind.Sequential)]
internal struct DecimalNative
{
    public byte Width;
    public byte Scale;
    public HugeIntNative Value;
}

[StructLayout(LayoutKind.Sequential)]
internal struct IntervalNative
{
    public int Months;
    public int Days;
    public long Micros;
}

/// <summary>duckdb_string_t: 4-byte length, then 12 inlined bytes or a 4-byte prefix and a pointer.</summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal struct StringNative
{
    public uint Length;
    public uint Prefix;
    public IntPtr Pointer;

    internal const int InlineLength = 12;
}

[StructLayout(LayoutKind.Sequential)]
internal struct ListEntryNative
{
    public ulong Offset;
    public ulong Length;
}
