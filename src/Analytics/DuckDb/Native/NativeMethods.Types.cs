using System.Runtime.InteropServices;

namespace RevivalAnalytics.DuckDb.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "duckdb_create_logical_type")]
    internal static partial IntPtr CreateLogicalType(DuckDbTypeId type);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_logical_type")]
    internal static partial void DestroyLogicalType(ref IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_get_type_id")]
    [SuppressGCTransition]
    internal static partial DuckDbTypeId GetTypeId(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_decimal_width")]
    internal static partial byte DecimalWidth(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_decimal_scale")]
    internal static partial byte DecimalScale(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_decimal_internal_type")]
    internal static partial DuckDbTypeId DecimalInternalType(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_enum_internal_type")]
    internal static partial DuckDbTypeId EnumInternalType(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_enum_dictionary_size")]
    internal static partial uint EnumDictionarySize(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_enum_dictionary_value")]
    internal static partial IntPtr EnumDictionaryValue(IntPtr type, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_list_type_child_type")]
    internal static partial IntPtr ListTypeChildType(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_array_type_child_type")]
    internal static partial IntPtr ArrayTypeChildType(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_array_type_array_size")]
    internal static partial ulong ArrayTypeArraySize(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_map_type_key_type")]
    internal static partial IntPtr MapTypeKeyType(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_map_type_value_type")]
    internal static partial IntPtr MapTypeValueType(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_struct_type_child_count")]
    internal static partial ulong StructTypeChildCount(IntPtr type);

    [LibraryImport(Library, EntryPoint = "duckdb_struct_type_child_name")]
    internal static partial IntPtr StructTypeChildName(IntPtr type, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_struct_type_child_type")]
    internal static partial IntPtr StructTypeChildType(IntPtr type, ulong index);

    /// <summary>Reads a string DuckDB allocated and frees it with duckdb_free.</summary>
    internal static string TakeString(IntPtr ptr)
    {
        try
        {
            return Marshal.PtrToStringUTF8(ptr) ?? string.Empty;
        }
        finally
        {
            if (ptr != IntPtr.Zero)
            {
                Free(ptr);
            }
        }
    }
}
