namespace RevivalAnalytics.Data.Generation;

/// <summary>One column of a generated table: contract name, DuckDB type and the values.</summary>
internal sealed record TableColumn(string Name, string SqlType, bool Nullable, Array Values);

/// <summary>
/// A table (or one batch of a table) held as column arrays in contract column order, ready for the
/// DuckDB appender. Arrays may be longer than <see cref="RowCount"/> (reused buffers); only the first
/// RowCount entries are rows.
/// </summary>
internal sealed class ColumnTable
{
    private readonly Dictionary<string, TableColumn> _byName;

    public ColumnTable(string name, int rowCount, IReadOnlyList<TableColumn> columns)
    {
        Name = name;
        RowCount = rowCount;
        Columns = columns;
        _byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (column.Values.Length < rowCount)
            {
                throw new InvalidOperationException($"列 {name}.{column.Name} 的长度 {column.Values.Length} 小于行数 {rowCount}。Column {name}.{column.Name} has {column.Values.Length} values for {rowCount} rows.");
            }
        }
    }

    public string Name { get; }

    public int RowCount { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public T[] Get<T>(string column) => (T[])_byName[column].Values;

    public bool Has(string column) => _byName.ContainsKey(column);
}
