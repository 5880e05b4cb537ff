using DuckDB.NET.Data;
using DuckDBDateOnly = DuckDB.NET.Native.DuckDBDateOnly;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// Bulk load from whole column arrays. Why: DuckDB.NET's <see cref="DuckDBAppender"/> takes one row at a time
/// (<c>CreateRow().AppendValue(...)</c>), while the generator, the importer and the risk ranking hold their data as
/// columns; so columns of plain types are copied into DuckDB data chunks (<c>DuckDbAppenderExtensions.Chunks.cs</c>),
/// and other types (DECIMAL, UUID …) go through DuckDB.NET's appender row by row. DuckDB.NET 1.5.6.1 also writes a value
/// of another width than its column's type into the wrong bytes (a <c>short</c> into a TINYINT column) without an
/// error, so the types are checked here first and safely widened, whichever path appends.
/// </summary>
public static partial class DuckDbAppenderExtensions
{
    /// <summary>Appends the first <paramref name="rows"/> values of each column array to <paramref name="table"/>, one
    /// array per table column in order.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="table">The table (an identifier as it would appear in SQL; from our code, never from a user).</param>
    /// <param name="rows">Rows to append (arrays may be longer).</param>
    /// <param name="columns">bool[], sbyte[], short[], int[], long[], byte[], ushort[], uint[], ulong[], float[], double[],
    /// decimal[], string?[], DateOnly[], DateTime[], Guid[], or the nullable form of any of the value types (null is SQL
    /// NULL). An integer or float array may fill a wider column (int[] into BIGINT, float[] into DOUBLE).</param>
    /// <exception cref="ArgumentException">The table has another number of columns, an array is shorter than
    /// <paramref name="rows"/>, or its type does not fit its column (the message names both).</exception>
    /// <exception cref="DuckDBException">The table does not exist.</exception>
    /// <exception cref="InvalidOperationException">DuckDB refused the rows (e.g. NULL in a NOT NULL column); the message is
    /// DuckDB's. Rows of chunks appended before the refused one may stay in the table.</exception>
    public static void AppendColumns(this DuckDBConnection connection, string table, int rows, params Array[] columns)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentNullException.ThrowIfNull(columns);
        var types = ColumnTypes(connection, table);
        if (types.Length != columns.Length)
        {
            throw new ArgumentException(
                $"表 {table} 有 {types.Length} 列，提供了 {columns.Length} 列 / Table {table} has {types.Length} columns; {columns.Length} arrays were given.", nameof(columns));
        }

        var fitted = new Array[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            if (columns[c].Length < rows)
            {
                throw new ArgumentException(
                    $"表 {table} 第 {c + 1} 列只有 {columns[c].Length} 个值，少于 {rows} 行 / Table {table}, column {c + 1} has {columns[c].Length} values for {rows} rows.", nameof(columns));
            }

            fitted[c] = Fitted(columns[c], types[c], rows)
                ?? throw new ArgumentException(
                    $"表 {table} 第 {c + 1} 列是 {types[c].Name}，不能追加 {ElementName(columns[c])}[] / Table {table}, column {c + 1} holds {types[c].Name}; an array of {ElementName(columns[c])} cannot fill it.",
                    nameof(columns));
            if (Writer(fitted[c]) is null)
            {
                throw new ArgumentException(
                    $"表 {table} 第 {c + 1} 列不能追加 {ElementName(columns[c])}[] / Table {table}, column {c + 1}: arrays of {ElementName(columns[c])} cannot be appended.",
                    nameof(columns));
            }
        }

        if (rows == 0)
        {
            return;
        }

        if (ChunkAppendable(NativeColumnTypes(connection, table)))
        {
            AppendChunks(connection, table, rows, fitted);
        }
        else
        {
            AppendRows(connection, table, rows, fitted);
        }
    }

    private static void AppendRows(DuckDBConnection connection, string table, int rows, Array[] columns)
    {
        var writers = columns.Select(c => Writer(c)!).ToArray();
        try
        {
            using var appender = connection.CreateAppender(table);
            for (var r = 0; r < rows; r++)
            {
                var row = appender.CreateRow();
                foreach (var write in writers)
                {
                    write(row, r);
                }

                row.EndRow();
            }
        }
        catch (DuckDBException error)
        {
            throw new InvalidOperationException($"DuckDB 拒绝了追加到表 {table} 的行 / DuckDB refused the rows appended to table {table}: {error.Message}", error);
        }
    }

    private static string ElementName(Array values)
    {
        var element = values.GetType().GetElementType()!;
        return Nullable.GetUnderlyingType(element) is { } underlying ? underlying.Name + "?" : element.Name;
    }

    // DuckDB.NET's CLR type for each column of the table.
    private static Type[] ColumnTypes(DuckDBConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} LIMIT 0";
        using var reader = command.ExecuteReader();
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetFieldType).ToArray();
    }

    // The array itself when its element type is the column's (or its nullable form); a widened copy when every value
    // fits the column's type without loss; null when it does not fit.
    private static Array? Fitted(Array values, Type column, int rows)
    {
        var element = values.GetType().GetElementType()!;
        var underlying = Nullable.GetUnderlyingType(element) ?? element;
        if (underlying == column)
        {
            return values;
        }

        if (!s_widening.TryGetValue(column, out var from) || !from.Contains(underlying))
        {
            return null;
        }

        var target = element == underlying ? column : typeof(Nullable<>).MakeGenericType(column);
        var widened = Array.CreateInstance(target, rows);
        for (var i = 0; i < rows; i++)
        {
            if (values.GetValue(i) is { } value)
            {
                widened.SetValue(Convert.ChangeType(value, column, System.Globalization.CultureInfo.InvariantCulture), i);
            }
        }

        return widened;
    }

    private static readonly Dictionary<Type, Type[]> s_widening = new()
    {
        [typeof(short)] = [typeof(sbyte), typeof(byte)],
        [typeof(int)] = [typeof(sbyte), typeof(byte), typeof(short), typeof(ushort)],
        [typeof(long)] = [typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint)],
        [typeof(double)] = [typeof(float), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint)],
    };

    private static Action<IDuckDBAppenderRow, int>? Writer(Array values) => values switch
    {
        bool[] v => (row, r) => row.AppendValue(v[r]),
        sbyte[] v => (row, r) => row.AppendValue(v[r]),
        short[] v => (row, r) => row.AppendValue(v[r]),
        int[] v => (row, r) => row.AppendValue(v[r]),
        long[] v => (row, r) => row.AppendValue(v[r]),
        byte[] v => (row, r) => row.AppendValue(v[r]),
        ushort[] v => (row, r) => row.AppendValue(v[r]),
        uint[] v => (row, r) => row.AppendValue(v[r]),
        ulong[] v => (row, r) => row.AppendValue(v[r]),
        float[] v => (row, r) => row.AppendValue(v[r]),
        double[] v => (row, r) => row.AppendValue(v[r]),
        decimal[] v => (row, r) => row.AppendValue(v[r]),
        string?[] v => (row, r) => row.AppendValue(v[r]),
        DateOnly[] v => (row, r) => row.AppendValue((DuckDBDateOnly)v[r]),
        DateTime[] v => (row, r) => row.AppendValue(v[r]),
        Guid[] v => (row, r) => row.AppendValue(v[r]),
        bool?[] v => (row, r) => row.AppendValue(v[r]),
        sbyte?[] v => (row, r) => row.AppendValue(v[r]),
        short?[] v => (row, r) => row.AppendValue(v[r]),
        int?[] v => (row, r) => row.AppendValue(v[r]),
        long?[] v => (row, r) => row.AppendValue(v[r]),
        byte?[] v => (row, r) => row.AppendValue(v[r]),
        ushort?[] v => (row, r) => row.AppendValue(v[r]),
        uint?[] v => (row, r) => row.AppendValue(v[r]),
        ulong?[] v => (row, r) => row.AppendValue(v[r]),
        float?[] v => (row, r) => row.AppendValue(v[r]),
        double?[] v => (row, r) => row.AppendValue(v[r]),
        decimal?[] v => (row, r) => row.AppendValue(v[r]),
        DateOnly?[] v => (row, r) => row.AppendValue(v[r] is { } d ? (DuckDBDateOnly?)d : null),
        DateTime?[] v => (row, r) => row.AppendValue(v[r]),
        Guid?[] v => (row, r) => row.AppendValue(v[r]),
        _ => null,
    };
}
