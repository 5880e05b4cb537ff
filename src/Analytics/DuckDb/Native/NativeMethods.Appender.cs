using System.Runtime.InteropServices;

namespace RevivalAnalytics.DuckDb.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "duckdb_appender_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState AppenderCreate(ConnectionHandle connection, string? schema, string table, out IntPtr appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_error")]
    internal static partial IntPtr AppenderError(AppenderHandle appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_column_count")]
    internal static partial ulong AppenderColumnCount(AppenderHandle appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_column_type")]
    internal static partial IntPtr AppenderColumnType(AppenderHandle appender, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_append_data_chunk")]
    internal static partial DuckDbState AppendDataChunk(AppenderHandle appender, IntPtr chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_flush")]
    internal static partial DuckDbState AppenderFlush(AppenderHandle appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_destroy")]
    internal static partial DuckDbState AppenderDestroy(ref IntPtr appender);
}
