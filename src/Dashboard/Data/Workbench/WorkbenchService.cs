using RevivalAnalytics.Queries;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace RevivalAnalytics.Dashboard.Data.Workbench;

/// <summary>
/// The analysts' workbench over the SQL sandbox: one page of a statement's result with sorting and filtering done in SQL
/// over the whole result, column statistics (DuckDB's SUMMARIZE), and the schema the editor completes from. The
/// analyst's text is only ever wrapped as a subquery on a line of its own (so DuckDB's "LINE n" is the analyst's line
/// n + 1); grid values are bound as parameters and column names are checked against the result and quoted.
/// </summary>
internal sealed partial class WorkbenchService(WorkbenchSandbox sandbox)
{
    /// <summary>The analyst's line n is line n + 1 of what DuckDB runs.</summary>
    internal const int LineShift = 1;

    private const string TotalColumn = "__workbench_total";

    private readonly ConcurrentDictionary<string, WorkbenchSchema> _schemas = new(StringComparer.Ordinal);

    /// <summary>The sandbox the workbench runs in (limits, queue).</summary>
    public WorkbenchSandbox Sandbox => sandbox;

    /// <summary>Runs <paramref name="request"/> and returns the requested page and the size of the filtered result.</summary>
    /// <exception cref="WorkbenchQueryException">Refused, failed or hit a limit; carries the position DuckDB reported.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<WorkbenchResult> RunAsync(WorkbenchRequest request, WorkbenchUser user, Action<WorkbenchQueueStatus>? queued, CancellationToken cancellationToken)
    {
        var text = Trimmed(request.Sql);
        var parameters = Parameters(text, request.Parameters);
        var started = Stopwatch.GetTimestamp();
        var columns = await ColumnsAsync(text, parameters, user, queued, cancellationToken);
        var sql = new StringBuilder($"SELECT *, count(*) OVER () AS {TotalColumn} FROM (\n{text}\n) AS q");
        AppendFilters(sql, request.Filters, columns, parameters);
        AppendSorts(sql, request.Sorts, columns);
        sql.Append(CultureInfo.InvariantCulture, $" LIMIT {Math.Clamp(request.Take, 1, SqlQueryService.MaxPageSize)} OFFSET {Math.Max(0, request.Skip)}");
        return await RunWrappedAsync(text, sql.ToString(), parameters, user, queued, (reader, version) =>
        {
            var count = reader.FieldCount - 1;
            var rows = new List<object?[]>();
            long total = 0;
            while (reader.Read())
            {
                var row = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    row[i] = SqlQueryService.Cell(reader, i);
                }

                total = reader.GetInt64(count);
                rows.Add(row);
            }

            return new WorkbenchResult(columns, rows, total, version, Stopwatch.GetElapsedTime(started));
        }, cancellationToken);
    }

    /// <summary>DuckDB's SUMMARIZE of the whole result: per column min, max, distinct count, mean, quartiles, nulls.</summary>
    /// <exception cref="WorkbenchQueryException">Refused, failed or hit a limit.</exception>
    public Task<WorkbenchResult> SummarizeAsync(WorkbenchRequest request, WorkbenchUser user, CancellationToken cancellationToken)
    {
        var text = Trimmed(request.Sql);
        var parameters = Parameters(text, request.Parameters);
        var started = Stopwatch.GetTimestamp();
        return RunWrappedAsync(text, $"SELECT * FROM (SUMMARIZE SELECT * FROM (\n{text}\n) AS q)", parameters, user, null, (reader, version) =>
        {
            var columns = SqlQueryService.Columns(reader);
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                rows.Add(Enumerable.Range(0, columns.Count).Select(i => SqlQueryService.Cell(reader, i)).ToArray());
            }

            return new WorkbenchResult(columns, rows, rows.Count, version, Stopwatch.GetElapsedTime(started));
        }, cancellationToken);
    }

    internal static string Trimmed(string sql) => sql.Trim().TrimEnd(';').TrimEnd();

    internal static List<DuckDBParameter> Parameters(string sql, IReadOnlyDictionary<string, string> values) =>
        SqlParameterNames.Find(sql)
            .Where(values.ContainsKey)
            .Select(name => SqlParameterNames.Bind(name, values[name]))
            .ToList();

    // The result's columns, from DuckDB's DESCRIBE of the statement (it binds, it does not run): the gate on the
    // analyst's own text first, for the precise refusal.
    private async Task<IReadOnlyList<SqlColumn>> ColumnsAsync(string text, List<DuckDBParameter> parameters, WorkbenchUser user, Action<WorkbenchQueueStatus>? queued, CancellationToken cancellationToken)
    {
        try
        {
            sandbox.Check(user.Scope, text, parameters);
        }
        catch (SqlQueryException e)
        {
            throw new WorkbenchQueryException(new WorkbenchError(e.MessageZh, e.MessageEn, e.Detail, SqlErrorPosition.Find(e.Detail, text, 0)), e);
        }

        return await RunWrappedAsync(text, $"SELECT * FROM (DESCRIBE SELECT * FROM (\n{text}\n) AS q)", parameters, user, queued, (reader, _) =>
        {
            var columns = new List<SqlColumn>();
            while (reader.Read())
            {
                columns.Add(new SqlColumn(reader.GetString(0), reader.GetString(1)));
            }

            return columns;
        }, cancellationToken);
    }

    private async Task<T> RunWrappedAsync<T>(string text, string sql, List<DuckDBParameter> parameters, WorkbenchUser user, Action<WorkbenchQueueStatus>? queued,
        Func<DuckDBDataReader, string, T> read, CancellationToken cancellationToken)
    {
        try
        {
            return await sandbox.RunAsync(user, sql, parameters, queued, read, cancellationToken);
        }
        catch (SqlQueryException e)
        {
            throw new WorkbenchQueryException(new WorkbenchError(e.MessageZh, e.MessageEn, e.Detail, SqlErrorPosition.Find(e.Detail, text, LineShift)), e);
        }
    }

    private static void AppendFilters(StringBuilder sql, IReadOnlyList<WorkbenchFilter> filters, IReadOnlyList<SqlColumn> columns, List<DuckDBParameter> parameters)
    {
        var first = true;
        foreach (var filter in filters)
        {
            var column = Column(columns, filter.Column);
            var name = Quote(column.Name);
            var value = "$workbench_filter" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            string condition = filter.Operator switch
            {
                WorkbenchFilterOperator.IsNull => $"{name} IS NULL",
                WorkbenchFilterOperator.IsNotNull => $"{name} IS NOT NULL",
                WorkbenchFilterOperator.Contains => $"contains(lower(CAST({name} AS VARCHAR)), lower({value}))",
                WorkbenchFilterOperator.StartsWith => $"starts_with(CAST({name} AS VARCHAR), {value})",
                _ => $"{(column.IsNumeric ? name : $"CAST({name} AS VARCHAR)")} {Comparison(filter.Operator)} {value}",
            };
            if (condition.Contains(value, StringComparison.Ordinal))
            {
                parameters.Add(column.IsNumeric && filter.Operator is not (WorkbenchFilterOperator.Contains or WorkbenchFilterOperator.StartsWith)
                    ? new DuckDBParameter(value[1..], Number(filter))
                    : new DuckDBParameter(value[1..], filter.Value ?? string.Empty));
            }

            sql.Append(first ? " WHERE " : " AND ").Append(condition);
            first = false;
        }
    }

    private static void AppendSorts(StringBuilder sql, IReadOnlyList<WorkbenchSort> sorts, IReadOnlyList<SqlColumn> columns)
    {
        if (sorts.Count > 0)
        {
            sql.Append(" ORDER BY ").AppendJoin(", ", sorts.Select(s => $"{Quote(Column(columns, s.Column).Name)} {(s.Descending ? "DESC" : "ASC")} NULLS LAST"));
        }
    }

    private static string Comparison(WorkbenchFilterOperator op) => op switch
    {
        WorkbenchFilterOperator.Equals => "=",
        WorkbenchFilterOperator.NotEquals => "<>",
        WorkbenchFilterOperator.LessThan => "<",
        WorkbenchFilterOperator.LessThanOrEquals => "<=",
        WorkbenchFilterOperator.GreaterThan => ">",
        _ => ">=",
    };

    private static double Number(WorkbenchFilter filter) =>
        double.TryParse(filter.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new WorkbenchQueryException(new WorkbenchError(
                $"列 {filter.Column} 的筛选值应为数字，收到 \"{filter.Value}\"",
                $"the filter on column {filter.Column} needs a number, got \"{filter.Value}\"", null, null), null);

    private static SqlColumn Column(IReadOnlyList<SqlColumn> columns, string name) =>
        columns.FirstOrDefault(c => c.Name == name)
        ?? throw new WorkbenchQueryException(new WorkbenchError($"结果中没有列 {name}", $"the result has no column {name}", null, null), null);

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A workbench statement that was refused, failed or hit a limit.</summary>
internal sealed class WorkbenchQueryException(WorkbenchError error, Exception? inner) : Exception($"{error.MessageZh} / {error.MessageEn}", inner)
{
    public WorkbenchError Error { get; } = error;
}
