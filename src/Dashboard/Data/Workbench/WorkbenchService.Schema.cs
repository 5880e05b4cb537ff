using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Dashboard.Data.Workbench;

internal sealed partial class WorkbenchService
{
    private const int SampleRows = 3;

    /// <summary>The tables and views of <paramref name="scope"/>'s workspace with columns, types, the data contract's
    /// Chinese descriptions and row counts, and DuckDB's function names; read once per scope and data version.</summary>
    /// <exception cref="WorkbenchQueryException">The workspace could not be read.</exception>
    public async Task<WorkbenchSchema> SchemaAsync(DataScope scope, CancellationToken cancellationToken)
    {
        var version = sandbox.DataVersion(scope);
        // The schema's reads queue as one user per scope (they are read once and kept).
        var user = new WorkbenchUser("(schema " + scope + ")", scope);
        var key = scope + "|" + version;
        if (_schemas.TryGetValue(key, out var known))
        {
            return known;
        }

        const string ColumnsSql = "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' ORDER BY table_name, ordinal_position";
        var columns = await RunWrappedAsync(ColumnsSql, ColumnsSql, [], user, null, (reader, _) =>
        {
            var list = new List<(string Table, string Column, string Type)>();
            while (reader.Read())
            {
                list.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }

            return list;
        }, cancellationToken);

        // The metric layer's aggregate tables carry their descriptions as DuckDB comments (the contract does not know them).
        const string TableCommentsSql = "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main' AND comment IS NOT NULL";
        var tableComments = await RunWrappedAsync(TableCommentsSql, TableCommentsSql, [], user, null, (reader, _) => ReadPairs(reader), cancellationToken);
        const string ColumnCommentsSql = "SELECT table_name || '.' || column_name, comment FROM duckdb_columns() WHERE schema_name = 'main' AND comment IS NOT NULL";
        var columnComments = await RunWrappedAsync(ColumnCommentsSql, ColumnCommentsSql, [], user, null, (reader, _) => ReadPairs(reader), cancellationToken);

        var tables = new List<WorkbenchTable>();
        foreach (var group in columns.GroupBy(c => c.Table, StringComparer.Ordinal))
        {
            var contract = DataContract.Tables.FirstOrDefault(t => t.Name == group.Key);
            var comment = contract is null ? tableComments.GetValueOrDefault(group.Key) : null;
            var countSql = $"SELECT count(*) FROM {Quote(group.Key)}";
            var rows = await RunWrappedAsync(countSql, countSql, [], user, null, (reader, _) => reader.Read() ? reader.GetInt64(0) : 0, cancellationToken);
            // Sample values from the first rows (cheap at any size; a scoped workspace's rows are its scope's).
            var sampleSql = $"SELECT * FROM {Quote(group.Key)} LIMIT {SampleRows}";
            var samples = await RunWrappedAsync(sampleSql, sampleSql, [], user, null, (reader, _) =>
            {
                var values = Enumerable.Range(0, reader.FieldCount).Select(_ => new List<string>()).ToList();
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (SqlQueryService.Text(SqlQueryService.Cell(reader, i)) is { } text && !values[i].Contains(text, StringComparer.Ordinal))
                        {
                            values[i].Add(text.Length <= 24 ? text : text[..24] + "…");
                        }
                    }
                }

                return values;
            }, cancellationToken);
            tables.Add(new WorkbenchTable(group.Key, contract?.Chinese ?? ChinesePart(comment), rows,
                group.Select((c, i) => new WorkbenchColumn(c.Column, c.Type, Describe(contract, c.Column) ?? columnComments.GetValueOrDefault(group.Key + "." + c.Column))
                {
                    Samples = i < samples.Count ? samples[i] : [],
                }).ToList())
            {
                IsMetricView = comment is not null,
            });
        }

        // The data's tables first, then the metric layer's.
        tables = [.. tables.OrderBy(t => t.IsMetricView)];

        const string FunctionsSql = "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('scalar', 'aggregate', 'macro') AND NOT starts_with(function_name, '__') ORDER BY 1";
        var functions = await RunWrappedAsync(FunctionsSql, FunctionsSql, [], user, null, (reader, _) =>
        {
            var list = new List<string>();
            while (reader.Read())
            {
                list.Add(reader.GetString(0));
            }

            return list;
        }, cancellationToken);

        var schema = new WorkbenchSchema(version, tables, functions);
        if (_schemas.Count >= 32)
        {
            _schemas.Clear();
        }

        _schemas[key] = schema;
        return schema;
    }

    private static Dictionary<string, string> ReadPairs(DuckDB.NET.Data.DuckDBDataReader reader)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            pairs[reader.GetString(0)] = reader.GetString(1);
        }

        return pairs;
    }

    // "中文 / English": the browser shows the Chinese part, like the contract's table names.
    private static string? ChinesePart(string? comment) =>
        comment?.Split(" / ", 2)[0];

    private static string? Describe(ContractTable? table, string column)
    {
        if (table?.Column(column) is not { } c)
        {
            return null;
        }

        return string.IsNullOrEmpty(c.Unit) ? c.Chinese : $"{c.Chinese}（{c.Unit}）";
    }
}
