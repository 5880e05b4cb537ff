namespace RevivalAnalytics.Data.Generation;

/// <summary>One column of a generated table: contract name, DuckDB type and the values.</summary>
internal sealed record TableColumn(string Name, string SqlType, bool Nullable, Array Values);

/// <summary>The values of one column of a contract table, named; types and nullability come from the contract.</summary>
internal readonly record struct ColumnValues(string Name, Array Values);

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

    /// <summary>
    /// A table of the data contract: the columns' order, types and nullability are the contract's
    /// (<see cref="DataContract.Table"/>), and the arrays must name exactly the contract's columns in that order, so the
    /// generator cannot write a layout of its own.
    /// </summary>
    /// <exception cref="InvalidOperationException">The arrays name other columns than the contract, or another order.</exception>
    public static ColumnTable ForContract(string table, int rowCount, IReadOnlyList<ColumnValues> values)
    {
        var contract = DataContract.Table(table);
        var expected = contract.Columns.Select(c => c.Name);
        if (!expected.SequenceEqual(values.Select(v => v.Name)))
        {
            throw new InvalidOperationException(
                $"生成器的 {table} 列与数据契约不符:{string.Join(", ", values.Select(v => v.Name))} / the generator's columns of {table} differ from the contract's: {string.Join(", ", expected)}");
        }

        return new ColumnTable(table, rowCount, contract.Columns.Select((c, i) => new TableColumn(c.Name, c.Type, c.Nullable, values[i].Values)).ToList());
    }

    public string Name { get; }

    public int RowCount { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public T[] Get<T>(string column) => (T[])_byName[column].Values;

    public bool Has(string column) => _byName.ContainsKey(column);
}
