using System.Buffers;
using System.Text;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using NativeAppender = DuckDB.NET.Native.DuckDBAppender;

namespace RevivalAnalytics.DuckDb;

// Whole columns into DuckDB data chunks, through DuckDB.NET.Bindings' NativeMethods: the one place in the product
// where a native call is justified. DuckDB.NET's appender takes a row at a time (a call per value: 600 million for the
// generator's 2,000,000 households), while DuckDB's C API appends whole data chunks of 2,048 rows whose vectors are
// plain arrays; copying a column slice into a vector is a memory copy. Used when every column has a plain physical
// layout (booleans, integers, floats, VARCHAR, DATE, TIMESTAMP); other types take the row path.
public static partial class DuckDbAppenderExtensions
{
    private static readonly int s_epochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    // Whether every column of the table can be filled by copying into its vector.
    private static bool ChunkAppendable(DuckDBType[] types) => types.All(t => t is DuckDBType.Boolean or DuckDBType.TinyInt or DuckDBType.SmallInt
        or DuckDBType.Integer or DuckDBType.BigInt or DuckDBType.UnsignedTinyInt or DuckDBType.UnsignedSmallInt or DuckDBType.UnsignedInteger
        or DuckDBType.UnsignedBigInt or DuckDBType.Float or DuckDBType.Double or DuckDBType.Varchar or DuckDBType.Date or DuckDBType.Timestamp);

    // DuckDB's type of each column, as its appender sees it.
    private static DuckDBType[] NativeColumnTypes(DuckDBConnection connection, string table)
    {
        using var appender = CreateNativeAppender(connection, table);
        var count = (int)NativeMethods.Appender.DuckDBAppenderColumnCount(appender);
        var types = new DuckDBType[count];
        for (var c = 0; c < count; c++)
        {
            using var type = NativeMethods.Appender.DuckDBAppenderColumnType(appender, (ulong)c);
            types[c] = NativeMethods.LogicalType.DuckDBGetTypeId(type);
        }

        return types;
    }

    private static NativeAppender CreateNativeAppender(DuckDBConnection connection, string table)
    {
        if (NativeMethods.Appender.DuckDBAppenderCreate(connection.NativeConnection, null, table, out var appender) != DuckDBState.Success)
        {
            string? message;
            using (var error = NativeMethods.Appender.DuckDBAppenderErrorData(appender))
            {
                message = error.Message;
            }

            appender.Dispose();
            throw new InvalidOperationException($"无法向表 {table} 追加数据 / Cannot append to table {table}: {message}");
        }

        return appender;
    }

    // Columns already fitted to their table types (same element type, or its nullable form).
    private static unsafe void AppendChunks(DuckDBConnection connection, string table, int rows, Array[] columns)
    {
        using var appender = CreateNativeAppender(connection, table);
        var count = columns.Length;
        var logicalTypes = new DuckDBLogicalType[count];
        try
        {
            for (var c = 0; c < count; c++)
            {
                logicalTypes[c] = NativeMethods.Appender.DuckDBAppenderColumnType(appender, (ulong)c);
            }

            using var chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk(logicalTypes.Select(t => t.DangerousGetHandle()).ToArray(), (ulong)count);
            var size = (int)NativeMethods.Helpers.DuckDBVectorSize();
            for (var start = 0; start < rows; start += size)
            {
                var length = Math.Min(size, rows - start);
                NativeMethods.DataChunks.DuckDBDataChunkReset(chunk);
                for (var c = 0; c < count; c++)
                {
                    WriteVector(NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, c), columns[c], start, length);
                }

                NativeMethods.DataChunks.DuckDBDataChunkSetSize(chunk, (ulong)length);
                if (NativeMethods.Appender.DuckDBAppendDataChunk(appender, chunk) != DuckDBState.Success)
                {
                    throw Refused(appender, table);
                }
            }

            if (NativeMethods.Appender.DuckDBAppenderClose(appender) != DuckDBState.Success)
            {
                throw Refused(appender, table);
            }
        }
        finally
        {
            foreach (var type in logicalTypes)
            {
                type?.Dispose();
            }
        }
    }

    private static InvalidOperationException Refused(NativeAppender appender, string table)
    {
        using var error = NativeMethods.Appender.DuckDBAppenderErrorData(appender);
        return new($"DuckDB 拒绝了追加到表 {table} 的行 / DuckDB refused the rows appended to table {table}: {error.Message}");
    }

    private static unsafe void WriteVector(IntPtr vector, Array values, int start, int length)
    {
        var data = NativeMethods.Vectors.DuckDBVectorGetData(vector);
        switch (values)
        {
            case bool[] v: Copy(v, start, length, data); break;
            case sbyte[] v: Copy(v, start, length, data); break;
            case short[] v: Copy(v, start, length, data); break;
            case int[] v: Copy(v, start, length, data); break;
            case long[] v: Copy(v, start, length, data); break;
            case byte[] v: Copy(v, start, length, data); break;
            case ushort[] v: Copy(v, start, length, data); break;
            case uint[] v: Copy(v, start, length, data); break;
            case ulong[] v: Copy(v, start, length, data); break;
            case float[] v: Copy(v, start, length, data); break;
            case double[] v: Copy(v, start, length, data); break;
            case bool?[] v: CopyNullable(vector, v, start, length, data); break;
            case sbyte?[] v: CopyNullable(vector, v, start, length, data); break;
            case short?[] v: CopyNullable(vector, v, start, length, data); break;
            case int?[] v: CopyNullable(vector, v, start, length, data); break;
            case long?[] v: CopyNullable(vector, v, start, length, data); break;
            case byte?[] v: CopyNullable(vector, v, start, length, data); break;
            case ushort?[] v: CopyNullable(vector, v, start, length, data); break;
            case uint?[] v: CopyNullable(vector, v, start, length, data); break;
            case ulong?[] v: CopyNullable(vector, v, start, length, data); break;
            case float?[] v: CopyNullable(vector, v, start, length, data); break;
            case double?[] v: CopyNullable(vector, v, start, length, data); break;
            case DateOnly[] v: ConvertInto<DateOnly, int>(v.AsSpan(start, length), data, Day); break;
            case DateOnly?[] v: ConvertNullableInto<DateOnly, int>(vector, v.AsSpan(start, length), data, Day); break;
            case DateTime[] v: ConvertInto<DateTime, long>(v.AsSpan(start, length), data, Microseconds); break;
            case DateTime?[] v: ConvertNullableInto<DateTime, long>(vector, v.AsSpan(start, length), data, Microseconds); break;
            case string?[] v: Strings(vector, v.AsSpan(start, length)); break;
            default: throw new InvalidOperationException($"unexpected column array {values.GetType().Name}");
        }
    }

    private static unsafe void Copy<T>(T[] values, int start, int length, void* data)
        where T : unmanaged => values.AsSpan(start, length).CopyTo(new Span<T>(data, length));

    private static unsafe void CopyNullable<T>(IntPtr vector, T?[] values, int start, int length, void* data)
        where T : unmanaged => ConvertNullableInto<T, T>(vector, values.AsSpan(start, length), data, static v => v);

    // DATE is the number of days since 1970-01-01 in an int32; TIMESTAMP the microseconds since then in an int64.
    private static int Day(DateOnly date) => date.DayNumber - s_epochDay;

    private static long Microseconds(DateTime time) => (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    private static unsafe void ConvertInto<TFrom, TTo>(ReadOnlySpan<TFrom> values, void* data, Func<TFrom, TTo> convert)
        where TTo : unmanaged
    {
        var target = new Span<TTo>(data, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            target[i] = convert(values[i]);
        }
    }

    private static unsafe void ConvertNullableInto<TFrom, TTo>(IntPtr vector, ReadOnlySpan<TFrom?> values, void* data, Func<TFrom, TTo> convert)
        where TFrom : struct
        where TTo : unmanaged
    {
        var target = new Span<TTo>(data, values.Length);
        ulong* validity = null;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                target[i] = convert(value);
                continue;
            }

            target[i] = default;
            if (validity is null)
            {
                validity = Validity(vector);
            }

            NativeMethods.ValidityMask.DuckDBValiditySetRowValidity(validity, (ulong)i, false);
        }
    }

    // VARCHAR: DuckDB copies each UTF-8 string into the vector's own heap.
    private static unsafe void Strings(IntPtr vector, ReadOnlySpan<string?> values)
    {
        ulong* validity = null;
        var buffer = ArrayPool<byte>.Shared.Rent(256);
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is not { } text)
                {
                    if (validity is null)
                    {
                        validity = Validity(vector);
                    }

                    NativeMethods.ValidityMask.DuckDBValiditySetRowValidity(validity, (ulong)i, false);
                    continue;
                }

                var bytes = Encoding.UTF8.GetMaxByteCount(text.Length);
                if (bytes > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(bytes);
                }

                var written = Encoding.UTF8.GetBytes(text, buffer);
                fixed (byte* utf8 = buffer)
                {
                    NativeMethods.Vectors.DuckDBVectorAssignStringElementLength(vector, (ulong)i, utf8, written);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static unsafe ulong* Validity(IntPtr vector)
    {
        NativeMethods.Vectors.DuckDBVectorEnsureValidityWritable(vector);
        return NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
    }
}
