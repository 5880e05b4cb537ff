using System.Runtime.InteropServices;

namespace RevivalAnalytics.DuckDb.Native;

// Data chunks and vectors: the columnar read path and the appender's write path.
internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "duckdb_destroy_data_chunk")]
    internal static partial void DestroyDataChunk(ref IntPtr chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_get_size")]
    [SuppressGCTransition]
    internal static partial ulong DataChunkGetSize(IntPtr chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_set_size")]
    [SuppressGCTransition]
    internal static partial void DataChunkSetSize(IntPtr chunk, ulong size);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_reset")]
    internal static partial void DataChunkReset(IntPtr chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_get_vector")]
    [SuppressGCTransition]
    internal static partial IntPtr DataChunkGetVector(IntPtr chunk, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_get_data")]
    [SuppressGCTransition]
    internal static partial IntPtr VectorGetData(IntPtr vector);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_get_validity")]
    [SuppressGCTransition]
    internal static partial IntPtr VectorGetValidity(IntPtr vector);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_ensure_validity_writable")]
    internal static partial void VectorEnsureValidityWritable(IntPtr vector);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_assign_string_element_len")]
    internal static unsafe partial void VectorAssignStringElement(IntPtr vector, ulong index, byte* text, ulong length);

    [LibraryImport(Library, EntryPoint = "duckdb_list_vector_get_child")]
    [SuppressGCTransition]
    internal static partial IntPtr ListVectorGetChild(IntPtr vector);

    [LibraryImport(Library, EntryPoint = "duckdb_list_vector_get_size")]
    [SuppressGCTransition]
    internal static partial ulong ListVectorGetSize(IntPtr vector);

    [LibraryImport(Library, EntryPoint = "duckdb_struct_vector_get_child")]
    [SuppressGCTransition]
    internal static partial IntPtr StructVectorGetChild(IntPtr vector, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_array_vector_get_child")]
    [SuppressGCTransition]
    internal static partial IntPtr ArrayVectorGetChild(IntPtr vector);

    [LibraryImport(Library, EntryPoint = "duckdb_create_data_chunk")]
    internal static unsafe partial IntPtr CreateDataChunk(IntPtr* types, ulong columnCount);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_size")]
    internal static partial ulong VectorSize();
}
