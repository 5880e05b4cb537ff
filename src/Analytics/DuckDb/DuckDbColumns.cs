using System.Collections.ObjectModel;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// A whole result held as one typed array per column (int[], double[], string?[], DateOnly[], decimal[], ...):
/// what dashboards and model training want, without a boxed value per cell.
/// </summary>
public sealed class DuckDbColumns
{
    private readonly DuckDbColumn[] _columns;

    private DuckDbColumns(DuckDbColumn[] columns, int rowCount)
    {
        _columns = columns;
        RowCount = rowCount;
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The columns in result order.</summary>
    public ReadOnlyCollection<DuckDbColumn> Columns => _columns.AsReadOnly();

    /// <summary>A column by index.</summary>
    /// <param name="index">Column index.</param>
    public DuckDbColumn this[int index] => _columns[index];

    /// <summary>A column by name (case-insensitive).</summary>
    /// <param name="name">Column name.</param>
    /// <exception cref="KeyNotFoundException">No column has that name.</exception>
    public DuckDbColumn this[string name] =>
        Array.Find(_columns, c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"结果中没有列 \"{name}\" / The result has no column \"{name}\" (columns: {string.Join(", ", _columns.Select(c => c.Name))}).");

    /// <summary>A numeric column as doubles, NULL as NaN.</summary>
    /// <param name="name">Column name.</param>
    public double[] GetDoubles(string name) => this[name].ToDoubles();

    /// <summary>A numeric column as 32-bit floats, NULL as NaN (the layout XGBoost wants).</summary>
    /// <param name="name">Column name.</param>
    public float[] GetFloats(string name) => Array.ConvertAll(this[name].ToDoubles(), d => (float)d);

    /// <summary>An integer column as longs; NULL throws (use <see cref="DuckDbColumn.IsNull"/> or GetDoubles).</summary>
    /// <param name="name">Column name.</param>
    public long[] GetInt64s(string name) => this[name].ToInt64s();

    /// <summary>A column as strings (VARCHAR and ENUM as they are; other types formatted invariantly), NULL as null.</summary>
    /// <param name="name">Column name.</param>
    public string?[] GetStrings(string name) => this[name].ToStrings();

    internal static unsafe DuckDbColumns Read(DuckDbQueryResult result)
    {
        var builders = result.ColumnTypes.Select(t => ColumnBuilder.For(t)).ToArray();
        var rows = 0;
        while (result.NextChunk() is { } chunk)
        {
            for (var c = 0; c < builders.Length; c++)
            {
                builders[c].Append(chunk, c, rows);
            }

            rows += chunk.RowCount;
        }

        var columns = new DuckDbColumn[builders.Length];
        for (var c = 0; c < builders.Length; c++)
        {
            columns[c] = new DuckDbColumn(result.ColumnNames[c], result.ColumnTypes[c], builders[c].Finish(rows), builders[c].Nulls(rows));
        }

        return new DuckDbColumns(columns, rows);
    }

    private abstract class ColumnBuilder
    {
        private bool[]? _nulls;

        public static ColumnBuilder For(DuckDbType type) => type.Id switch
        {
            DuckDbTypeId.Boolean => new Blit<bool>(),
            DuckDbTypeId.TinyInt => new Blit<sbyte>(),
            DuckDbTypeId.SmallInt => new Blit<short>(),
            DuckDbTypeId.Integer => new Blit<int>(),
            DuckDbTypeId.BigInt => new Blit<long>(),
            DuckDbTypeId.UTinyInt => new Blit<byte>(),
            DuckDbTypeId.USmallInt => new Blit<ushort>(),
            DuckDbTypeId.UInteger => new Blit<uint>(),
            DuckDbTypeId.UBigInt => new Blit<ulong>(),
            DuckDbTypeId.Float => new Blit<float>(),
            DuckDbTypeId.Double => new Blit<double>(),
            DuckDbTypeId.HugeInt => new Blit<Int128>(),
            DuckDbTypeId.UHugeInt => new Blit<UInt128>(),
            DuckDbTypeId.Varchar => new Strings(),
            DuckDbTypeId.Enum => new Converted<string?>(),
            DuckDbTypeId.Date => new Converted<DateOnly>(),
            DuckDbTypeId.Decimal => new Converted<decimal>(),
            DuckDbTypeId.Timestamp or DuckDbTypeId.TimestampS or DuckDbTypeId.TimestampMs or DuckDbTypeId.TimestampNs => new Converted<DateTime>(),
            _ => new Converted<object?>(),
        };

        public abstract void Append(DuckDbChunk chunk, int column, int offset);

        public abstract Array Finish(int rows);

        public bool[]? Nulls(int rows) => _nulls is null ? null : _nulls.Length == rows ? _nulls : _nulls[..rows];

        protected unsafe void RecordNulls(DuckDbChunk chunk, int column, int offset)
        {
            var validity = chunk.Validity(column);
            if (validity == null)
            {
                return;
            }

            for (var row = 0; row < chunk.RowCount; row++)
            {
                if (!VectorReader.IsValid(validity, (ulong)row))
                {
                    if (_nulls is null || _nulls.Length < offset + chunk.RowCount)
                    {
                        Array.Resize(ref _nulls, Math.Max(offset + chunk.RowCount, (_nulls?.Length ?? 0) * 2));
                    }

                    _nulls[offset + row] = true;
                }
            }
        }

        protected static void Grow<T>(ref T[] values, int needed)
        {
            if (values.Length < needed)
            {
                Array.Resize(ref values, Math.Max(needed, values.Length * 2));
            }
        }

        private sealed class Blit<T> : ColumnBuilder
            where T : unmanaged
        {
            private T[] _values = [];

            public override unsafe void Append(DuckDbChunk chunk, int column, int offset)
            {
                Grow(ref _values, offset + chunk.RowCount);
                new ReadOnlySpan<T>(chunk.Data(column), chunk.RowCount).CopyTo(_values.AsSpan(offset));
                RecordNulls(chunk, column, offset);
            }

            public override Array Finish(int rows) => _values.Length == rows ? _values : _values[..rows];
        }

        private sealed class Strings : ColumnBuilder
        {
            private string?[] _values = [];

            public override unsafe void Append(DuckDbChunk chunk, int column, int offset)
            {
                Grow(ref _values, offset + chunk.RowCount);
                var data = chunk.Data(column);
                var validity = chunk.Validity(column);
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    _values[offset + row] = VectorReader.IsValid(validity, (ulong)row) ? VectorReader.ReadString(data, (ulong)row) : null;
                }

                RecordNulls(chunk, column, offset);
            }

            public override Array Finish(int rows) => _values.Length == rows ? _values : _values[..rows];
        }

        private sealed class Converted<T> : ColumnBuilder
        {
            private T[] _values = [];

            public override void Append(DuckDbChunk chunk, int column, int offset)
            {
                Grow(ref _values, offset + chunk.RowCount);
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    var value = chunk.GetValue(column, row);
                    _values[offset + row] = value is null ? default! : (T)value;
                }

                RecordNulls(chunk, column, offset);
            }

            public override Array Finish(int rows) => _values.Length == rows ? _values : _values[..rows];
        }
    }
}

/// <summary>One materialized column: its values as a typed array and which rows are NULL.</summary>
public sealed class DuckDbColumn
{
    private readonly bool[]? _nulls;

    internal DuckDbColumn(string name, DuckDbType type, Array values, bool[]? nulls)
    {
        Name = name;
        Type = type;
        Values = values;
        _nulls = nulls;
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>DuckDB type.</summary>
    public DuckDbType Type { get; }

    /// <summary>The values: an array of the type's CLR type (int[] for INTEGER, string?[] for VARCHAR, ...).</summary>
    public Array Values { get; }

    /// <summary>Whether any value is NULL.</summary>
    public bool HasNulls => _nulls is not null && Array.IndexOf(_nulls, true) >= 0;

    /// <summary>Whether the value at <paramref name="row"/> is NULL.</summary>
    /// <param name="row">Row index.</param>
    public bool IsNull(int row) => _nulls is not null && row < _nulls.Length && _nulls[row];

    /// <summary>The values as <typeparamref name="T"/>[] (the column's own CLR type).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <exception cref="InvalidCastException">The column holds another type.</exception>
    public T[] As<T>() => Values as T[] ?? throw new InvalidCastException(
        $"列 {Name} ({Type}) 不是 {typeof(T).Name} 类型 / Column {Name} ({Type}) holds {Values.GetType().GetElementType()?.Name}, not {typeof(T).Name}.");

    internal double[] ToDoubles()
    {
        var result = Values switch
        {
            double[] d => (double[])d.Clone(),
            float[] f => Array.ConvertAll(f, v => (double)v),
            int[] i => Array.ConvertAll(i, v => (double)v),
            long[] l => Array.ConvertAll(l, v => (double)v),
            short[] s => Array.ConvertAll(s, v => (double)v),
            sbyte[] b => Array.ConvertAll(b, v => (double)v),
            byte[] b => Array.ConvertAll(b, v => (double)v),
            ushort[] u => Array.ConvertAll(u, v => (double)v),
            uint[] u => Array.ConvertAll(u, v => (double)v),
            ulong[] u => Array.ConvertAll(u, v => (double)v),
            decimal[] m => Array.ConvertAll(m, v => (double)v),
            bool[] b => Array.ConvertAll(b, v => v ? 1.0 : 0.0),
            Int128[] h => Array.ConvertAll(h, v => (double)v),
            _ => throw new InvalidCastException($"列 {Name} ({Type}) 不是数值列 / Column {Name} ({Type}) is not numeric."),
        };
        if (_nulls is not null)
        {
            for (var i = 0; i < _nulls.Length; i++)
            {
                if (_nulls[i])
                {
                    result[i] = double.NaN;
                }
            }
        }

        return result;
    }

    internal long[] ToInt64s()
    {
        if (HasNulls)
        {
            throw new InvalidCastException($"列 {Name} 含 NULL，无法转为 long[] / Column {Name} has NULLs; read it with GetDoubles or check IsNull.");
        }

        return Values switch
        {
            long[] l => l,
            int[] i => Array.ConvertAll(i, v => (long)v),
            short[] s => Array.ConvertAll(s, v => (long)v),
            sbyte[] b => Array.ConvertAll(b, v => (long)v),
            byte[] b => Array.ConvertAll(b, v => (long)v),
            ushort[] u => Array.ConvertAll(u, v => (long)v),
            uint[] u => Array.ConvertAll(u, v => (long)v),
            Int128[] h => Array.ConvertAll(h, v => checked((long)v)),
            _ => throw new InvalidCastException($"列 {Name} ({Type}) 不是整数列 / Column {Name} ({Type}) is not an integer column."),
        };
    }

    internal string?[] ToStrings()
    {
        if (Values is string?[] strings)
        {
            return strings;
        }

        var result = new string?[Values.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = IsNull(i) ? null : Convert.ToString(Values.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }
}
