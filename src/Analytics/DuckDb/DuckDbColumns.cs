using System.Collections.ObjectModel;
using System.Numerics;
using DuckDB.NET.Data;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// A whole result held as one typed array per column (int[], double[], string?[], DateOnly[], decimal[], ...):
/// what dashboards and model training want, without a boxed value per cell. Why it exists: DuckDB.NET reads row by
/// row (<see cref="DuckDBDataReader"/>) or as Arrow batches; our metrics and models want whole columns. It is filled
/// from DuckDB.NET's streaming reader with its typed getters, which measured as fast as the Arrow stream here
/// (docs/query-core.md) and keeps DuckDB.NET's own type mapping.
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

    /// <summary>Reads every row of <paramref name="reader"/>'s current result, column by column into typed arrays.</summary>
    internal static DuckDbColumns Read(DuckDBDataReader reader)
    {
        var builders = new ColumnBuilder[reader.FieldCount];
        for (var c = 0; c < builders.Length; c++)
        {
            builders[c] = ColumnBuilder.For(reader.GetFieldType(c));
        }

        var rows = 0;
        while (reader.Read())
        {
            for (var c = 0; c < builders.Length; c++)
            {
                builders[c].Append(reader, c, rows);
            }

            rows++;
        }

        var columns = new DuckDbColumn[builders.Length];
        for (var c = 0; c < builders.Length; c++)
        {
            columns[c] = new DuckDbColumn(reader.GetName(c), reader.GetDataTypeName(c), builders[c].Finish(rows), builders[c].Nulls(rows));
        }

        return new DuckDbColumns(columns, rows);
    }

    /// <summary>Typed storage for one column: DuckDB.NET's own CLR type for the column (its
    /// <see cref="DuckDBDataReader.GetFieldType"/>), read with the typed getter so numbers are never boxed.</summary>
    private abstract class ColumnBuilder
    {
        private bool[]? _nulls;

        public static ColumnBuilder For(Type type) => type switch
        {
            _ when type == typeof(bool) => new Typed<bool>(),
            _ when type == typeof(sbyte) => new Typed<sbyte>(),
            _ when type == typeof(short) => new Typed<short>(),
            _ when type == typeof(int) => new Typed<int>(),
            _ when type == typeof(long) => new Typed<long>(),
            _ when type == typeof(byte) => new Typed<byte>(),
            _ when type == typeof(ushort) => new Typed<ushort>(),
            _ when type == typeof(uint) => new Typed<uint>(),
            _ when type == typeof(ulong) => new Typed<ulong>(),
            _ when type == typeof(float) => new Typed<float>(),
            _ when type == typeof(double) => new Typed<double>(),
            _ when type == typeof(decimal) => new Typed<decimal>(),
            _ when type == typeof(BigInteger) => new Typed<BigInteger>(),
            _ when type == typeof(string) => new Typed<string?>(),
            _ when type == typeof(DateOnly) => new Typed<DateOnly>(),
            _ when type == typeof(DateTime) => new Typed<DateTime>(),
            _ when type == typeof(Guid) => new Typed<Guid>(),
            _ => new Boxed(),
        };

        public abstract void Append(DuckDBDataReader reader, int column, int row);

        public abstract Array Finish(int rows);

        public bool[]? Nulls(int rows) => _nulls is null ? null : _nulls.Length == rows ? _nulls : _nulls[..rows];

        protected void MarkNull(int row)
        {
            if (_nulls is null || _nulls.Length <= row)
            {
                Array.Resize(ref _nulls, Math.Max(row + 1, Math.Max(1024, (_nulls?.Length ?? 0) * 2)));
            }

            _nulls[row] = true;
        }

        protected static void Grow<T>(ref T[] values, int row)
        {
            if (values.Length <= row)
            {
                Array.Resize(ref values, Math.Max(row + 1, Math.Max(1024, values.Length * 2)));
            }
        }

        private sealed class Typed<T> : ColumnBuilder
        {
            private T[] _values = [];

            public override void Append(DuckDBDataReader reader, int column, int row)
            {
                Grow(ref _values, row);
                if (reader.IsDBNull(column))
                {
                    MarkNull(row);
                }
                else
                {
                    _values[row] = reader.GetFieldValue<T>(column);
                }
            }

            public override Array Finish(int rows) => _values.Length == rows ? _values : _values[..rows];
        }

        // Nested and rare types (LIST, STRUCT, MAP, INTERVAL, TIME ...) as DuckDB.NET's reader gives them.
        private sealed class Boxed : ColumnBuilder
        {
            private object?[] _values = [];

            public override void Append(DuckDBDataReader reader, int column, int row)
            {
                Grow(ref _values, row);
                if (reader.IsDBNull(column))
                {
                    MarkNull(row);
                }
                else
                {
                    _values[row] = reader.GetValue(column);
                }
            }

            public override Array Finish(int rows) => _values.Length == rows ? _values : _values[..rows];
        }
    }
}

/// <summary>One materialized column: its values as a typed array and which rows are NULL.</summary>
public sealed class DuckDbColumn
{
    private readonly bool[]? _nulls;

    internal DuckDbColumn(string name, string dataTypeName, Array values, bool[]? nulls)
    {
        Name = name;
        DataTypeName = dataTypeName;
        Values = values;
        _nulls = nulls;
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>DuckDB.NET's name of the DuckDB type (<see cref="DuckDBDataReader.GetDataTypeName"/>, e.g. <c>Integer</c>).</summary>
    public string DataTypeName { get; }

    /// <summary>The values: an array of DuckDB.NET's CLR type for the column (int[] for INTEGER, string?[] for VARCHAR
    /// and ENUM, DateOnly[] for DATE, BigInteger[] for HUGEINT, object?[] for nested types); a NULL cell holds the default.</summary>
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
        $"列 {Name} ({DataTypeName}) 不是 {typeof(T).Name} 类型 / Column {Name} ({DataTypeName}) holds {Values.GetType().GetElementType()?.Name}, not {typeof(T).Name}.");

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
            BigInteger[] h => Array.ConvertAll(h, v => (double)v),
            _ => throw new InvalidCastException($"列 {Name} ({DataTypeName}) 不是数值列 / Column {Name} ({DataTypeName}) is not numeric."),
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
            BigInteger[] h => Array.ConvertAll(h, v => (long)v),
            _ => throw new InvalidCastException($"列 {Name} ({DataTypeName}) 不是整数列 / Column {Name} ({DataTypeName}) is not an integer column."),
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
