using System.Collections.ObjectModel;
using RevivalAnalytics.DuckDb.Native;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// A query result read chunk by chunk (the columnar path). Each chunk hands out typed spans over DuckDB's own
/// memory, so callers read columns without boxing a value. Dispose it to free the native result.
/// </summary>
public sealed unsafe class DuckDbQueryResult : IDisposable
{
    private readonly ResultHandle _result;
    private DuckDbChunk? _current;

    internal DuckDbQueryResult(ResultHandle result)
    {
        _result = result;
        var count = (int)NativeMethods.ColumnCount(result.Pointer);
        var names = new string[count];
        var types = new DuckDbType[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = NativeMethods.PtrToString(NativeMethods.ColumnName(result.Pointer, (ulong)i)) ?? $"column{i}";
            var type = NativeMethods.ColumnLogicalType(result.Pointer, (ulong)i);
            try
            {
                types[i] = DuckDbType.FromNative(type);
            }
            finally
            {
                NativeMethods.DestroyLogicalType(ref type);
            }
        }

        ColumnNames = names.AsReadOnly();
        ColumnTypes = types.AsReadOnly();
        RowsChanged = (long)NativeMethods.RowsChanged(result.Pointer);
        ReturnsRows = NativeMethods.ResultReturnType(*result.Pointer) == DuckDbResultType.QueryResult;
    }

    /// <summary>The result's column names, in order.</summary>
    public ReadOnlyCollection<string> ColumnNames { get; }

    /// <summary>The result's column types, in order.</summary>
    public ReadOnlyCollection<DuckDbType> ColumnTypes { get; }

    /// <summary>Rows inserted, updated or deleted by the statement (0 for queries).</summary>
    public long RowsChanged { get; }

    /// <summary>Whether the statement returned a row set (a query) rather than a change count.</summary>
    public bool ReturnsRows { get; }

    /// <summary>Index of a column by name (ordinal, case-insensitive as SQL is), or -1.</summary>
    /// <param name="name">The column name.</param>
    public int IndexOf(string name)
    {
        for (var i = 0; i < ColumnNames.Count; i++)
        {
            if (string.Equals(ColumnNames[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Fetches the next chunk (up to 2,048 rows). The previous chunk is released: spans taken from it are invalid.
    /// </summary>
    /// <returns>The chunk, or null when the result is exhausted.</returns>
    public DuckDbChunk? NextChunk()
    {
        ObjectDisposedException.ThrowIf(_result.IsClosed, this);
        _current?.Release();
        _current = null;
        var chunk = NativeMethods.FetchChunk(*_result.Pointer);
        if (chunk == IntPtr.Zero)
        {
            // A streaming result runs the query while it is fetched, so its errors surface here.
            if (NativeMethods.ResultError(_result.Pointer) is var error && error != IntPtr.Zero)
            {
                throw DuckDbException.FromNative(NativeMethods.PtrToString(error) ?? "Query failed", NativeMethods.ResultErrorType(_result.Pointer));
            }

            return null;
        }

        _current = new DuckDbChunk(DataChunkHandle.Own(chunk), this);
        return _current;
    }

    /// <summary>Reads every remaining row into whole typed columns.</summary>
    public DuckDbColumns ReadAll() => DuckDbColumns.Read(this);

    /// <summary>Frees the native result and the current chunk.</summary>
    public void Dispose()
    {
        _current?.Release();
        _current = null;
        _result.Dispose();
    }
}

/// <summary>One chunk of a result: up to 2,048 rows, column by column. Valid until the next chunk is fetched.</summary>
public sealed unsafe class DuckDbChunk
{
    private readonly DataChunkHandle _chunk;
    private readonly DuckDbQueryResult _owner;
    private readonly IntPtr[] _vectors;
    private readonly byte*[] _data;
    private readonly ulong*[] _validity;

    internal DuckDbChunk(DataChunkHandle chunk, DuckDbQueryResult owner)
    {
        _chunk = chunk;
        _owner = owner;
        var raw = chunk.DangerousGetHandle();
        RowCount = (int)NativeMethods.DataChunkGetSize(raw);
        var columns = owner.ColumnTypes.Count;
        _vectors = new IntPtr[columns];
        _data = new byte*[columns];
        _validity = new ulong*[columns];
        for (var i = 0; i < columns; i++)
        {
            _vectors[i] = NativeMethods.DataChunkGetVector(raw, (ulong)i);
            _data[i] = (byte*)NativeMethods.VectorGetData(_vectors[i]);
            _validity[i] = (ulong*)NativeMethods.VectorGetValidity(_vectors[i]);
        }
    }

    /// <summary>Rows in this chunk.</summary>
    public int RowCount { get; }

    /// <summary>The column types of the result this chunk belongs to.</summary>
    public ReadOnlyCollection<DuckDbType> ColumnTypes => _owner.ColumnTypes;

    /// <summary>Whether the value at (column, row) is NULL.</summary>
    /// <param name="column">Column index.</param>
    /// <param name="row">Row index within the chunk.</param>
    public bool IsNull(int column, int row)
    {
        EnsureAlive();
        return !VectorReader.IsValid(_validity[column], (ulong)row);
    }

    /// <summary>Whether the column has any NULL in this chunk (false lets callers skip per-row checks).</summary>
    /// <param name="column">Column index.</param>
    public bool HasNulls(int column)
    {
        EnsureAlive();
        var validity = _validity[column];
        if (validity == null)
        {
            return false;
        }

        for (var row = 0; row < RowCount; row++)
        {
            if (!VectorReader.IsValid(validity, (ulong)row))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The column's values as a span over DuckDB's memory, for fixed-width types whose storage is <typeparamref name="T"/>:
    /// bool, sbyte/short/int/long, byte/ushort/uint/ulong, float, double, Int128/UInt128 (HUGEINT), and raw storage of
    /// DATE (int days), TIME/TIMESTAMP (long micros). Values under NULLs are undefined: check <see cref="IsNull"/>.
    /// </summary>
    /// <typeparam name="T">The storage type.</typeparam>
    /// <param name="column">Column index.</param>
    /// <exception cref="InvalidCastException">The column's storage is not <typeparamref name="T"/>.</exception>
    public ReadOnlySpan<T> GetValues<T>(int column)
        where T : unmanaged
    {
        EnsureAlive();
        var type = _owner.ColumnTypes[column];
        if (!StorageMatches<T>(type.Id))
        {
            throw new InvalidCastException(
                $"列 {_owner.ColumnNames[column]} 的类型 {type} 不能按 {typeof(T).Name} 读取 / Column {_owner.ColumnNames[column]} of type {type} is not stored as {typeof(T).Name}.");
        }

        return new ReadOnlySpan<T>(_data[column], RowCount);
    }

    /// <summary>The string at (column, row) of a VARCHAR column; null for NULL.</summary>
    /// <param name="column">Column index.</param>
    /// <param name="row">Row index within the chunk.</param>
    public string? GetString(int column, int row)
    {
        EnsureAlive();
        if (!VectorReader.IsValid(_validity[column], (ulong)row))
        {
            return null;
        }

        return _owner.ColumnTypes[column].Id == DuckDbTypeId.Varchar
            ? VectorReader.ReadString(_data[column], (ulong)row)
            : Convert.ToString(GetValue(column, row), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The value at (column, row) as its CLR type (see the README's type table); null for NULL.</summary>
    /// <param name="column">Column index.</param>
    /// <param name="row">Row index within the chunk.</param>
    public object? GetValue(int column, int row)
    {
        EnsureAlive();
        return VectorReader.Read(_vectors[column], _owner.ColumnTypes[column], (ulong)row);
    }

    internal byte* Data(int column) => _data[column];

    internal ulong* Validity(int column) => _validity[column];

    internal void Release() => _chunk.Dispose();

    private void EnsureAlive() => ObjectDisposedException.ThrowIf(_chunk.IsClosed, this);

    private static bool StorageMatches<T>(DuckDbTypeId id)
        where T : unmanaged => id switch
        {
            DuckDbTypeId.Boolean => typeof(T) == typeof(bool) || typeof(T) == typeof(byte),
            DuckDbTypeId.TinyInt => typeof(T) == typeof(sbyte),
            DuckDbTypeId.SmallInt => typeof(T) == typeof(short),
            DuckDbTypeId.Integer or DuckDbTypeId.Date => typeof(T) == typeof(int),
            DuckDbTypeId.BigInt or DuckDbTypeId.Time or DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampS
                or DuckDbTypeId.TimestampMs or DuckDbTypeId.TimestampNs or DuckDbTypeId.TimestampTz or DuckDbTypeId.TimeNs => typeof(T) == typeof(long),
            DuckDbTypeId.UTinyInt => typeof(T) == typeof(byte),
            DuckDbTypeId.USmallInt => typeof(T) == typeof(ushort),
            DuckDbTypeId.UInteger => typeof(T) == typeof(uint),
            DuckDbTypeId.UBigInt => typeof(T) == typeof(ulong),
            DuckDbTypeId.Float => typeof(T) == typeof(float),
            DuckDbTypeId.Double => typeof(T) == typeof(double),
            DuckDbTypeId.HugeInt => typeof(T) == typeof(Int128),
            DuckDbTypeId.UHugeInt => typeof(T) == typeof(UInt128),
            _ => false,
        };
}
