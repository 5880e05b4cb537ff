using System.Runtime.InteropServices;

namespace RevivalAnalytics.DuckDb.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "duckdb_extract_statements", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ulong ExtractStatements(ConnectionHandle connection, string query, out IntPtr extracted);

    [LibraryImport(Library, EntryPoint = "duckdb_extract_statements_error")]
    internal static partial IntPtr ExtractStatementsError(ExtractedStatementsHandle extracted);

    [LibraryImport(Library, EntryPoint = "duckdb_prepare_extracted_statement")]
    internal static partial DuckDbState PrepareExtracted(ConnectionHandle connection, ExtractedStatementsHandle extracted, ulong index, out IntPtr statement);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_extracted")]
    internal static partial void DestroyExtracted(ref IntPtr extracted);

    [LibraryImport(Library, EntryPoint = "duckdb_prepare", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState Prepare(ConnectionHandle connection, string query, out IntPtr statement);

    [LibraryImport(Library, EntryPoint = "duckdb_prepare_error")]
    internal static partial IntPtr PrepareError(PreparedStatementHandle statement);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_prepare")]
    internal static partial void DestroyPrepare(ref IntPtr statement);

    [LibraryImport(Library, EntryPoint = "duckdb_nparams")]
    internal static partial ulong ParameterCount(PreparedStatementHandle statement);

    [LibraryImport(Library, EntryPoint = "duckdb_parameter_name")]
    internal static partial IntPtr ParameterName(PreparedStatementHandle statement, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_parameter_index", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState BindParameterIndex(PreparedStatementHandle statement, out ulong index, string name);

    [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_type")]
    internal static partial DuckDbStatementType StatementType(PreparedStatementHandle statement);

    [LibraryImport(Library, EntryPoint = "duckdb_clear_bindings")]
    internal static partial DuckDbState ClearBindings(PreparedStatementHandle statement);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_value")]
    internal static partial DuckDbState BindValue(PreparedStatementHandle statement, ulong index, ValueHandle value);

    [LibraryImport(Library, EntryPoint = "duckdb_execute_prepared")]
    internal static unsafe partial DuckDbState ExecutePrepared(PreparedStatementHandle statement, DuckDbResultNative* result);

    // Deprecated upstream but present in the pinned 1.5.6; the non-deprecated pending API has no streaming switch.
    [LibraryImport(Library, EntryPoint = "duckdb_execute_prepared_streaming")]
    internal static unsafe partial DuckDbState ExecutePreparedStreaming(PreparedStatementHandle statement, DuckDbResultNative* result);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_result")]
    internal static unsafe partial void DestroyResult(DuckDbResultNative* result);

    [LibraryImport(Library, EntryPoint = "duckdb_result_error")]
    internal static unsafe partial IntPtr ResultError(DuckDbResultNative* result);

    [LibraryImport(Library, EntryPoint = "duckdb_result_error_type")]
    internal static unsafe partial DuckDbErrorType ResultErrorType(DuckDbResultNative* result);

    [LibraryImport(Library, EntryPoint = "duckdb_column_count")]
    internal static unsafe partial ulong ColumnCount(DuckDbResultNative* result);

    [LibraryImport(Library, EntryPoint = "duckdb_column_name")]
    internal static unsafe partial IntPtr ColumnName(DuckDbResultNative* result, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_column_logical_type")]
    internal static unsafe partial IntPtr ColumnLogicalType(DuckDbResultNative* result, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_rows_changed")]
    internal static unsafe partial ulong RowsChanged(DuckDbResultNative* result);

    [LibraryImport(Library, EntryPoint = "duckdb_row_count")]
    internal static unsafe partial ulong RowCount(DuckDbResultNative* result);

    [LibraryImport(Library, EntryPoint = "duckdb_result_return_type")]
    internal static partial DuckDbResultType ResultReturnType(DuckDbResultNative result);

    [LibraryImport(Library, EntryPoint = "duckdb_fetch_chunk")]
    internal static partial IntPtr FetchChunk(DuckDbResultNative result);
}

/// <summary>duckdb_result: six pointer-sized fields, passed by pointer and (to fetch_chunk) by value.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbResultNative
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public IntPtr DeprecatedColumns;
    public IntPtr DeprecatedErrorMessage;
    public IntPtr InternalData;
}

internal enum DuckDbResultType
{
    Invalid = 0,
    ChangedRows = 1,
    Nothing = 2,
    QueryResult = 3,
}

/// <summary>duckdb_statement_type: used by the sandbox to admit only read statements.</summary>
internal enum DuckDbStatementType
{
    Invalid = 0,
    Select = 1,
    Insert = 2,
    Update = 3,
    Explain = 4,
    Delete = 5,
    Prepare = 6,
    Create = 7,
    Execute = 8,
    Alter = 9,
    Transaction = 10,
    Copy = 11,
    Analyze = 12,
    VariableSet = 13,
    CreateFunction = 14,
    Drop = 15,
    Export = 16,
    Pragma = 17,
    Vacuum = 18,
    Call = 19,
    Set = 20,
    Load = 21,
    Relation = 22,
    Extension = 23,
    LogicalPlan = 24,
    Attach = 25,
    Detach = 26,
    Multi = 27,
}
