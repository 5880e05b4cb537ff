using System.Runtime.InteropServices;
using System.Text;
using RevivalAnalytics.DuckDb.Native;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// Bulk-loads whole columns into a table through DuckDB's appender and data chunks: the fast way to write
/// generated or imported data. Not thread-safe; dispose (or <see cref="Close"/>) to flush.
/// </summary>
public sealed unsafe class DuckDbAppender : IDisposable
{
    private static readonly int s_epochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private readonly AppenderHandle _handle = new();
    private readonly string _table;
    private readonly DuckDbType[] _types;
    private readonly IntPtr[] _nativeTypes;
    private readonly int _vectorSize;

    internal DuckDbAppender(DuckDbConnection connection, string? schema, string table)
    {
        _table = table;
        var state = NativeMethods.AppenderCreate(connection.Handle, schema, table, out var ptr);
        Marshal.InitHandle(_handle, ptr);
        if (state != DuckDbState.Success)
        {
            var message = NativeMethods.PtrToString(NativeMethods.AppenderError(_handle));
            _handle.Dispose();
            throw DuckDbException.FromNative(message ?? $"Cannot append to table {table}");
        }

        var count = (int)NativeMethods.AppenderColumnCount(_handle);
        _types = new DuckDbType[count];
        _nativeTypes = new IntPtr[count];
        for (var i = 0; i < count; i++)
        {
            _nativeTypes[i] = NativeMethods.AppenderColumnType(_handle, (ulong)i);
            _types[i] = DuckDbType.FromNative(_nativeTypes[i]);
        }

        _vectorSize = (int)NativeMethods.VectorSize();
    }

    /// <summary>The table's column types, in order.</summary>
    public IReadOnlyList<DuckDbType> ColumnTypes => _types;

    /// <summary>
    /// Appends <paramref name="rowCount"/> rows given as one array per table column, in table order. Element types:
    /// bool, integers, float, double, decimal (each also nullable), string (null = NULL), byte[] (BLOB), DateOnly,
    /// DateTime, DateTimeOffset, Guid. Integers widen to wider integer, floating or DECIMAL columns.
    /// </summary>
    /// <param name="rowCount">Rows to append (each array holds at least this many).</param>
    /// <param name="columns">One array per table column.</param>
    /// <exception cref="ArgumentException">The arrays do not match the table's columns.</exception>
    /// <exception cref="DuckDbException">DuckDB refused the data (e.g. a constraint).</exception>
    public void AppendColumns(int rowCount, params Array[] columns)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (columns.Length != _types.Length)
        {
            throw new ArgumentException(
                $"表 {_table} 有 {_types.Length} 列，提供了 {columns.Length} 列 / Table {_table} has {_types.Length} columns; {columns.Length} arrays were given.",
                nameof(columns));
        }

        for (var c = 0; c < columns.Length; c++)
        {
            if (columns[c].Length < rowCount)
            {
                throw new ArgumentException(
                    $"第 {c + 1} 列只有 {columns[c].Length} 个值，少于 {rowCount} 行 / Column {c + 1} holds {columns[c].Length} values, fewer than {rowCount} rows.",
                    nameof(columns));
            }
        }

        fixed (IntPtr* types = _nativeTypes)
        {
            using var chunk = DataChunkHandle.Own(NativeMethods.CreateDataChunk(types, (ulong)_types.Length));
            var raw = chunk.DangerousGetHandle();
            for (var start = 0; start < rowCount; start += _vectorSize)
            {
                var count = Math.Min(_vectorSize, rowCount - start);
                NativeMethods.DataChunkReset(raw);
                for (var c = 0; c < columns.Length; c++)
                {
                    Fill(NativeMethods.DataChunkGetVector(raw, (ulong)c), _types[c], columns[c], start, count, c);
                }

                NativeMethods.DataChunkSetSize(raw, (ulong)count);
                if (NativeMethods.AppendDataChunk(_handle, raw) != DuckDbState.Success)
                {
                    throw DuckDbException.FromNative(NativeMethods.PtrToString(NativeMethods.AppenderError(_handle)) ?? "Append failed");
                }
            }
        }
    }

    /// <summary>Flushes appended rows into the table.</summary>
    /// <exception cref="DuckDbException">DuckDB refused the data.</exception>
    public void Flush()
    {
        if (NativeMethods.AppenderFlush(_handle) != DuckDbState.Success)
        {
            throw DuckDbException.FromNative(NativeMethods.PtrToString(NativeMethods.AppenderError(_handle)) ?? "Flush failed");
        }
    }

    /// <summary>Flushes and releases the appender.</summary>
    public void Close()
    {
        if (_handle.IsClosed)
        {
            return;
        }

        try
        {
            Flush();
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>Releases the appender (flushing what it holds) and its column types.</summary>
    public void Dispose()
    {
        if (_handle.IsClosed)
        {
            return;
        }

        _handle.Dispose();
        for (var i = 0; i < _nativeTypes.Length; i++)
        {
            NativeMethods.DestroyLogicalType(ref _nativeTypes[i]);
        }
    }

    private void Fill(IntPtr vector, DuckDbType type, Array source, int start, int count, int column)
    {
        var data = (byte*)NativeMethods.VectorGetData(vector);
        switch (source)
        {
            case string?[] strings:
                Expect(type, column, DuckDbTypeId.Varchar, source);
                for (var i = 0; i < count; i++)
                {
                    if (strings[start + i] is { } s)
                    {
                        AssignString(vector, i, s);
                    }
                    else
                    {
                        SetNull(vector, i);
                    }
                }

                return;
            case byte[]?[] blobs:
                Expect(type, column, DuckDbTypeId.Blob, source);
                for (var i = 0; i < count; i++)
                {
                    if (blobs[start + i] is { } b)
                    {
                        fixed (byte* p = b)
                        {
                            NativeMethods.VectorAssignStringElement(vector, (ulong)i, p, (ulong)b.Length);
                        }
                    }
                    else
                    {
                        SetNull(vector, i);
                    }
                }

                return;
            case bool[] b: Store(b, start, count, data, vector, type, column, v => v ? 1L : 0L); return;
            case bool?[] b: Store(b, start, count, data, vector, type, column, v => v!.Value ? 1L : 0L); return;
            case sbyte[] a: Store(a, start, count, data, vector, type, column, v => v); return;
            case sbyte?[] a: Store(a, start, count, data, vector, type, column, v => v!.Value); return;
            case byte?[] a: Store(a, start, count, data, vector, type, column, v => v!.Value); return;
            case short[] a: Store(a, start, count, data, vector, type, column, v => v); return;
            case short?[] a: Store(a, start, count, data, vector, type, column, v => v!.Value); return;
            case int[] a: Store(a, start, count, data, vector, type, column, v => v); return;
            case int?[] a: Store(a, start, count, data, vector, type, column, v => v!.Value); return;
            case long[] a: Store(a, start, count, data, vector, type, column, v => v); return;
            case long?[] a: Store(a, start, count, data, vector, type, column, v => v!.Value); return;
            case byte[] a: Store(a, start, count, data, vector, type, column, v => v); return;
            case ushort[] a: Store(a, start, count, data, vector, type, column, v => v); return;
            case uint[] a: Store(a, start, count, data, vector, type, column, v => v); return;
            case float[] a: StoreReal(a, start, count, data, vector, type, column, v => v); return;
            case float?[] a: StoreReal(a, start, count, data, vector, type, column, v => v!.Value); return;
            case double[] a: StoreReal(a, start, count, data, vector, type, column, v => v); return;
            case double?[] a: StoreReal(a, start, count, data, vector, type, column, v => v!.Value); return;
            case decimal[] a: StoreDecimal(a, start, count, data, vector, type, column, v => v); return;
            case decimal?[] a: StoreDecimal(a, start, count, data, vector, type, column, v => v!.Value); return;
            case DateOnly[] a: StoreTemporal(a, start, count, data, vector, type, column, DuckDbTypeId.Date, v => v.DayNumber - s_epochDay); return;
            case DateOnly?[] a: StoreTemporal(a, start, count, data, vector, type, column, DuckDbTypeId.Date, v => v!.Value.DayNumber - s_epochDay); return;
            case DateTime[] a: StoreTemporal(a, start, count, data, vector, type, column, type.Id, v => TimestampUnits(v.Ticks, type.Id)); return;
            case DateTime?[] a: StoreTemporal(a, start, count, data, vector, type, column, type.Id, v => TimestampUnits(v!.Value.Ticks, type.Id)); return;
            case DateTimeOffset[] a: StoreTemporal(a, start, count, data, vector, type, column, DuckDbTypeId.TimestampTz, v => TimestampUnits(v.UtcTicks, DuckDbTypeId.TimestampTz)); return;
            case Guid[] a:
                Expect(type, column, DuckDbTypeId.Uuid, source);
                for (var i = 0; i < count; i++)
                {
                    ((HugeIntNative*)data)[i] = VectorReader.FromGuid(a[start + i]);
                }

                return;
            default:
                throw Mismatch(type, column, source);
        }
    }

    private static long TimestampUnits(long ticks, DuckDbTypeId id)
    {
        var sinceEpoch = ticks - DateTime.UnixEpoch.Ticks;
        return id switch
        {
            DuckDbTypeId.TimestampS => sinceEpoch / TimeSpan.TicksPerSecond,
            DuckDbTypeId.TimestampMs => sinceEpoch / TimeSpan.TicksPerMillisecond,
            DuckDbTypeId.TimestampNs => sinceEpoch * 100,
            _ => sinceEpoch / 10,
        };
    }

    private void Store<T>(T[] source, int start, int count, byte* data, IntPtr vector, DuckDbType type, int column, Func<T, long> value)
    {
        var physical = type.Id == DuckDbTypeId.Decimal ? type.InternalId : type.Id;
        var scale = type.Id == DuckDbTypeId.Decimal ? Pow10(type.DecimalScale) : 1;
        for (var i = 0; i < count; i++)
        {
            var item = source[start + i];
            if (item is null)
            {
                SetNull(vector, i);
                continue;
            }

            var v = value(item);
            switch (physical)
            {
                case DuckDbTypeId.Boolean: data[i] = v != 0 ? (byte)1 : (byte)0; break;
                case DuckDbTypeId.TinyInt: ((sbyte*)data)[i] = checked((sbyte)(v * scale)); break;
                case DuckDbTypeId.SmallInt: ((short*)data)[i] = checked((short)(v * scale)); break;
                case DuckDbTypeId.Integer: ((int*)data)[i] = checked((int)(v * scale)); break;
                case DuckDbTypeId.BigInt: ((long*)data)[i] = checked(v * scale); break;
                case DuckDbTypeId.UTinyInt: data[i] = checked((byte)v); break;
                case DuckDbTypeId.USmallInt: ((ushort*)data)[i] = checked((ushort)v); break;
                case DuckDbTypeId.UInteger: ((uint*)data)[i] = checked((uint)v); break;
                case DuckDbTypeId.UBigInt: ((ulong*)data)[i] = checked((ulong)v); break;
                case DuckDbTypeId.HugeInt: ((Int128*)data)[i] = (Int128)v * scale; break;
                case DuckDbTypeId.Float: ((float*)data)[i] = v; break;
                case DuckDbTypeId.Double: ((double*)data)[i] = v; break;
                default: throw Mismatch(type, column, source);
            }
        }
    }

    private void StoreReal<T>(T[] source, int start, int count, byte* data, IntPtr vector, DuckDbType type, int column, Func<T, double> value)
    {
        for (var i = 0; i < count; i++)
        {
            var item = source[start + i];
            if (item is null)
            {
                SetNull(vector, i);
                continue;
            }

            var v = value(item);
            switch (type.Id)
            {
                case DuckDbTypeId.Double: ((double*)data)[i] = v; break;
                case DuckDbTypeId.Float: ((float*)data)[i] = (float)v; break;
                case DuckDbTypeId.Decimal: WriteDecimal(data, i, type, (decimal)v); break;
                default: throw Mismatch(type, column, source);
            }
        }
    }

    private void StoreDecimal<T>(T[] source, int start, int count, byte* data, IntPtr vector, DuckDbType type, int column, Func<T, decimal> value)
    {
        for (var i = 0; i < count; i++)
        {
            var item = source[start + i];
            if (item is null)
            {
                SetNull(vector, i);
                continue;
            }

            var v = value(item);
            switch (type.Id)
            {
                case DuckDbTypeId.Decimal: WriteDecimal(data, i, type, v); break;
                case DuckDbTypeId.Double: ((double*)data)[i] = (double)v; break;
                case DuckDbTypeId.Float: ((float*)data)[i] = (float)v; break;
                default: throw Mismatch(type, column, source);
            }
        }
    }

    private void StoreTemporal<T>(T[] source, int start, int count, byte* data, IntPtr vector, DuckDbType type, int column, DuckDbTypeId expected, Func<T, long> units)
    {
        var ok = type.Id == expected && expected is DuckDbTypeId.Date or DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampS
            or DuckDbTypeId.TimestampMs or DuckDbTypeId.TimestampNs or DuckDbTypeId.TimestampTz;
        if (!ok)
        {
            throw Mismatch(type, column, source);
        }

        for (var i = 0; i < count; i++)
        {
            var item = source[start + i];
            if (item is null)
            {
                SetNull(vector, i);
                continue;
            }

            if (expected == DuckDbTypeId.Date)
            {
                ((int*)data)[i] = (int)units(item);
            }
            else
            {
                ((long*)data)[i] = units(item);
            }
        }
    }

    private static void WriteDecimal(byte* data, int i, DuckDbType type, decimal value)
    {
        var scaled = decimal.Round(value * Pow10(type.DecimalScale), MidpointRounding.AwayFromZero);
        switch (type.InternalId)
        {
            case DuckDbTypeId.SmallInt: ((short*)data)[i] = (short)scaled; break;
            case DuckDbTypeId.Integer: ((int*)data)[i] = (int)scaled; break;
            case DuckDbTypeId.BigInt: ((long*)data)[i] = (long)scaled; break;
            default: ((Int128*)data)[i] = (Int128)scaled; break;
        }
    }

    private static long Pow10(int exponent)
    {
        var result = 1L;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static void AssignString(IntPtr vector, int row, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 512)
        {
            var buffer = stackalloc byte[max];
            var length = Encoding.UTF8.GetBytes(value, new Span<byte>(buffer, max));
            NativeMethods.VectorAssignStringElement(vector, (ulong)row, buffer, (ulong)length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        fixed (byte* p = bytes)
        {
            NativeMethods.VectorAssignStringElement(vector, (ulong)row, p, (ulong)bytes.Length);
        }
    }

    private static void SetNull(IntPtr vector, int row)
    {
        NativeMethods.VectorEnsureValidityWritable(vector);
        var validity = (ulong*)NativeMethods.VectorGetValidity(vector);
        validity[row >> 6] &= ~(1UL << (row & 63));
    }

    private void Expect(DuckDbType type, int column, DuckDbTypeId id, Array source)
    {
        if (type.Id != id)
        {
            throw Mismatch(type, column, source);
        }
    }

    private ArgumentException Mismatch(DuckDbType type, int column, Array source) => new(
        $"表 {_table} 第 {column + 1} 列类型为 {type}，不能写入 {source.GetType().Name} / Table {_table} column {column + 1} is {type}; it cannot take {source.GetType().Name}.");
}
