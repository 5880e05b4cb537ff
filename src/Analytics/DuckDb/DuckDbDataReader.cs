using System.Collections;
using System.Data.Common;

namespace RevivalAnalytics.DuckDb;

/// <summary>An ADO.NET reader over a DuckDB result, reading values straight out of the current data chunk.</summary>
public sealed unsafe class DuckDbDataReader : DbDataReader
{
    private readonly DuckDbQueryResult _result;
    private readonly DuckDbConnection? _closeWithReader;
    private DuckDbChunk? _chunk;
    private int _row = -1;
    private bool _closed;

    internal DuckDbDataReader(DuckDbQueryResult result, DuckDbConnection? closeWithReader)
    {
        _result = result;
        _closeWithReader = closeWithReader;
        foreach (var (name, type) in result.ColumnNames.Zip(result.ColumnTypes))
        {
            VectorReader.EnsureReadable(type, name);
        }
    }

    /// <inheritdoc />
    public override int FieldCount => _result.ColumnNames.Count;

    /// <inheritdoc />
    public override int RecordsAffected => _result.ReturnsRows ? -1 : (int)Math.Min(_result.RowsChanged, int.MaxValue);

    /// <inheritdoc />
    public override bool HasRows => _result.ReturnsRows;

    /// <inheritdoc />
    public override bool IsClosed => _closed;

    /// <inheritdoc />
    public override int Depth => 0;

    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <summary>The DuckDB type of a column.</summary>
    /// <param name="ordinal">Column index.</param>
    public DuckDbType GetDuckDbType(int ordinal) => _result.ColumnTypes[ordinal];

    /// <inheritdoc />
    public override bool Read()
    {
        if (_chunk is not null && _row + 1 < _chunk.RowCount)
        {
            _row++;
            return true;
        }

        while ((_chunk = _result.NextChunk()) is not null)
        {
            if (_chunk.RowCount > 0)
            {
                _row = 0;
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override bool NextResult() => false;

    /// <inheritdoc />
    public override string GetName(int ordinal) => _result.ColumnNames[ordinal];

    /// <inheritdoc />
    public override int GetOrdinal(string name)
    {
        var index = _result.IndexOf(name);
        return index >= 0 ? index : throw new IndexOutOfRangeException($"结果中没有列 \"{name}\" / The result has no column \"{name}\".");
    }

    /// <inheritdoc />
    public override string GetDataTypeName(int ordinal) => _result.ColumnTypes[ordinal].ToString();

    /// <inheritdoc />
    public override Type GetFieldType(int ordinal) => VectorReader.ClrType(_result.ColumnTypes[ordinal]);

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => Current.IsNull(ordinal, _row);

    /// <inheritdoc />
    public override object GetValue(int ordinal) => Current.GetValue(ordinal, _row) ?? DBNull.Value;

    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    /// <inheritdoc />
    public override T GetFieldValue<T>(int ordinal)
    {
        var value = Current.GetValue(ordinal, _row);
        if (value is null)
        {
            return default(T) is null && typeof(T) != typeof(DBNull)
                ? default!
                : throw new InvalidCastException($"列 {GetName(ordinal)} 为 NULL / Column {GetName(ordinal)} is NULL.");
        }

        if (value is T typed)
        {
            return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => GetFieldValue<bool>(ordinal);

    /// <inheritdoc />
    public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);

    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = GetFieldValue<byte[]>(ordinal);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc />
    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => Current.GetValue(ordinal, _row) switch
    {
        DateTime t => t,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTimeOffset o => o.UtcDateTime,
        var other => throw new InvalidCastException($"列 {GetName(ordinal)} 不是日期时间 / Column {GetName(ordinal)} holds {other?.GetType().Name ?? "NULL"}, not a date/time."),
    };

    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => GetFieldValue<decimal>(ordinal);

    /// <inheritdoc />
    public override double GetDouble(int ordinal)
    {
        var chunk = Current;
        if (_result.ColumnTypes[ordinal].Id == DuckDbTypeId.Double && !chunk.IsNull(ordinal, _row))
        {
            return ((double*)chunk.Data(ordinal))[_row];
        }

        return GetFieldValue<double>(ordinal);
    }

    /// <inheritdoc />
    public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);

    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);

    /// <inheritdoc />
    public override short GetInt16(int ordinal) => GetFieldValue<short>(ordinal);

    /// <inheritdoc />
    public override int GetInt32(int ordinal)
    {
        var chunk = Current;
        if (_result.ColumnTypes[ordinal].Id == DuckDbTypeId.Integer && !chunk.IsNull(ordinal, _row))
        {
            return ((int*)chunk.Data(ordinal))[_row];
        }

        return GetFieldValue<int>(ordinal);
    }

    /// <inheritdoc />
    public override long GetInt64(int ordinal)
    {
        var chunk = Current;
        if (_result.ColumnTypes[ordinal].Id == DuckDbTypeId.BigInt && !chunk.IsNull(ordinal, _row))
        {
            return ((long*)chunk.Data(ordinal))[_row];
        }

        return GetFieldValue<long>(ordinal);
    }

    /// <inheritdoc />
    public override string GetString(int ordinal) =>
        Current.GetString(ordinal, _row) ?? throw new InvalidCastException($"列 {GetName(ordinal)} 为 NULL / Column {GetName(ordinal)} is NULL.");

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <inheritdoc />
    public override void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _result.Dispose();
        _closeWithReader?.Close();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    private DuckDbChunk Current => _chunk is not null && _row >= 0
        ? _chunk
        : throw new InvalidOperationException("请先调用 Read() / Call Read() before reading values.");
}
