using DuckDB.NET.Data;
using DuckDBDateOnly = DuckDB.NET.Native.DuckDBDateOnly;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// Bulk load from whole column arrays. Why: DuckDB.NET's <see cref="DuckDBAppender"/> takes one row at a time
/// (<c>CreateRow().AppendValue(...)</c>), while the generator, the importer and the risk ranking hold their data as
/// columns; this walks the columns row by row with DuckDB.NET's typed <c>AppendValue</c> overloads (no boxing).
/// </summary>
public static class DuckDbAppenderExtensions
{
    /// <summary>Appends the first <paramref name="rows"/> values of each column array, one array per table column in order.</summary>
    /// <param name="appender">The appender.</param>
    /// <param name="rows">Rows to append (arrays may be longer).</param>
    /// <param name="columns">bool[], sbyte[], short[], int[], long[], byte[], ushort[], uint[], ulong[], float[], double[],
    /// decimal[], string?[], DateOnly[], DateTime[], Guid[], or the nullable form of any of the value types (null is SQL NULL).</param>
    /// <exception cref="ArgumentException">An array is shorter than <paramref name="rows"/> or of a type not listed.</exception>
    /// <exception cref="InvalidOperationException">The table has another number of columns, or a value does not fit its
    /// column's type (DuckDB.NET's message names the table or the type).</exception>
    /// <exception cref="DuckDBException">DuckDB refused the rows (e.g. NULL in a NOT NULL column).</exception>
    public static void AppendColumns(this DuckDBAppender appender, int rows, params Array[] columns)
    {
        ArgumentNullException.ThrowIfNull(appender);
        ArgumentNullException.ThrowIfNull(columns);
        var writers = new Action<IDuckDBAppenderRow, int>[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            if (columns[c].Length < rows)
            {
                throw new ArgumentException(
                    $"第 {c + 1} 列只有 {columns[c].Length} 个值，少于 {rows} 行 / Column {c + 1} has {columns[c].Length} values for {rows} rows.", nameof(columns));
            }

            writers[c] = Writer(columns[c]) ?? throw new ArgumentException(
                $"第 {c + 1} 列的类型 {columns[c].GetType().Name} 不能追加 / Column {c + 1}: arrays of {columns[c].GetType().GetElementType()?.Name} cannot be appended.",
                nameof(columns));
        }

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
