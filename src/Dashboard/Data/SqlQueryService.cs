using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Queries;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// Ad-hoc SQL for the dashboard's SQL page and <c>/api/sql</c>, on the request's snapshot: every statement runs in the
/// read-only sandbox of that data version's workspace for the user's data scope (<see cref="SqlWorkspaces.Open"/>:
/// parser gate, one SELECT only, time and memory limits, no personal data, the scope's rows only). The workspaces are
/// kept by the data version (at most <c>Revival:Sql:MaxWorkspaces</c>, default 8); this service holds a lease on each
/// one it uses until the request ends, so a version switch or an eviction never closes a sandbox under a running query.
/// Scoped: one per request.
/// </summary>
internal sealed class SqlQueryService(AnalyticsSnapshot snapshot) : IDisposable
{
    /// <summary>Longer text is refused before it reaches DuckDB.</summary>
    public const int MaxQueryLength = 20_000;

    public const int DefaultPageSize = 100;

    public const int MaxPageSize = 1_000;

    /// <summary>The CSV download stops after this many rows.</summary>
    public const int CsvRowCap = 1_000_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SqlWorkspaceLease> _leases = new(StringComparer.Ordinal);

    public SqlLimits Limits => snapshot.Sql.Limits;

    /// <summary>The scoped sandbox of the request's snapshot for <paramref name="scope"/> (built on first use by any
    /// request, then kept): what the analysts' workbench runs its statements in. Held until the request ends.</summary>
    /// <exception cref="DuckDBException">The data could not be read; the message is DuckDB's.</exception>
    public SqlWorkspaceLease Workspace(DataScope scope)
    {
        var key = scope.ToString();
        lock (_lock)
        {
            if (_leases.TryGetValue(key, out var held))
            {
                return held;
            }
        }

        // Built outside this request's lock too: another scope's request is never held up by it.
        var lease = snapshot.Sql.Open(scope);
        lock (_lock)
        {
            if (_leases.TryAdd(key, lease))
            {
                return lease;
            }
        }

        lease.Dispose();
        lock (_lock)
        {
            return _leases[key];
        }
    }

    /// <summary>The tables and views a query may name in <paramref name="scope"/>'s workspace, with their columns.</summary>
    public IReadOnlyList<SqlTable> Tables(DataScope scope) => Workspace(scope).Tables;

    /// <summary>One page of the query's rows (rows beyond the page are not read: one more row tells whether there are more).</summary>
    /// <exception cref="SqlQueryException">The query was refused, failed, or hit a limit.</exception>
    public SqlResultPage Run(string sql, int page, int pageSize, DataScope scope)
    {
        var offset = (long)(page - 1) * pageSize;
        using var reader = Execute(Workspace(scope).Sandbox, sql, $"LIMIT {pageSize + 1} OFFSET {offset}");
        var columns = Columns(reader);
        var rows = new List<object?[]>(Math.Min(pageSize, 1_000));
        var hasMore = false;
        while (Read(reader))
        {
            if (rows.Count == pageSize)
            {
                hasMore = true;
                break;
            }

            rows.Add(Enumerable.Range(0, columns.Count).Select(i => Cell(reader, i)).ToArray());
        }

        return new SqlResultPage(columns, rows, page, pageSize, hasMore);
    }

    /// <summary>Runs the query (checking it before anything is written) and returns a writer for its CSV, at most
    /// <see cref="CsvRowCap"/> rows, UTF-8 with a BOM like the other CSV downloads.</summary>
    /// <exception cref="SqlQueryException">The query was refused, failed, or hit a limit.</exception>
    public Func<Stream, CancellationToken, Task<long>> Csv(string sql, DataScope scope)
    {
        var reader = Execute(Workspace(scope).Sandbox, sql, $"LIMIT {CsvRowCap}");
        return async (stream, cancellationToken) =>
        {
            using (reader)
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
                var count = reader.FieldCount;
                await writer.WriteLineAsync(string.Join(",", Enumerable.Range(0, count).Select(i => RevivalAnalytics.Csv.Field(reader.GetName(i)))));
                var line = new StringBuilder();
                long rows = 0;
                while (Read(reader))
                {
                    rows++;
                    cancellationToken.ThrowIfCancellationRequested();
                    line.Clear();
                    for (var i = 0; i < count; i++)
                    {
                        if (i > 0)
                        {
                            line.Append(',');
                        }

                        line.Append(RevivalAnalytics.Csv.Field(Text(Cell(reader, i))));
                    }

                    await writer.WriteLineAsync(line, cancellationToken);
                }

                return rows;
            }
        };
    }

    /// <summary>Ends the request's leases; a workspace let go meanwhile closes when its last lease ends.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var lease in _leases.Values)
            {
                lease.Dispose();
            }

            _leases.Clear();
        }
    }

    /// <summary>A cell as the page and the CSV show it (the JSON API keeps numbers as numbers).</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private DuckDBDataReader Execute(DuckDbSandbox workspace, string sql, string limit)
    {
        var text = sql.Trim().TrimEnd(';').TrimEnd();
        // The user's statement becomes a subquery so only the rows needed are produced; the sandbox checks the
        // whole text again (checking the user's own text first only gives the precise message: a statement that is
        // not a query, or several). The user's first line stays line 1 of DuckDB's error messages; the newline ends a
        // trailing comment.
        try
        {
            workspace.Check(text);
            return workspace.ExecuteReader($"SELECT * FROM ({text}\n) AS q {limit}");
        }
        catch (Exception e) when (e is DbException or TimeoutException or ArgumentException)
        {
            throw Translate(e);
        }
    }

    private bool Read(DuckDBDataReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (DuckDBException e)
        {
            throw Translate(e);
        }
    }

    private SqlQueryException Translate(Exception e) => e switch
    {
        DuckDbSandboxException refused => new SqlQueryException(refused.MessageZh, refused.MessageEn, detail: null),
        TimeoutException => new SqlQueryException(
            $"查询超过时间限制（{Limits.Timeout.TotalSeconds:0.#} 秒）已中止，请缩小范围或先聚合",
            $"the query ran past the time limit ({Limits.Timeout.TotalSeconds:0.#} s) and was stopped; narrow it down or aggregate first",
            detail: null),
        DuckDBException d when d.Category() == DuckDBErrorType.OutOfMemory => new SqlQueryException(
            $"查询超出内存限制（{Limits.MemoryLimit}），请缩小范围或先聚合",
            $"the query needs more than the memory limit ({Limits.MemoryLimit}); narrow it down or aggregate first",
            e.Message),
        DuckDBException d when d.Category() is DuckDBErrorType.Permission or DuckDBErrorType.Io => new SqlQueryException(
            "只读沙箱拒绝了该操作（只能查询列出的表和视图，不能读写其他文件）",
            "the read-only sandbox refused this (only the tables and views listed can be read; no other files)",
            e.Message),
        DuckDBException d when d.Category() is DuckDBErrorType.Parser or DuckDBErrorType.Syntax => new SqlQueryException("SQL 语法错误", "SQL syntax error", e.Message),
        _ => new SqlQueryException("查询无法执行", "the query failed", e.Message),
    };

    private static List<SqlColumn> Columns(DuckDBDataReader reader) =>
        Enumerable.Range(0, reader.FieldCount).Select(i => new SqlColumn(reader.GetName(i), reader.GetSqlTypeName(i))).ToList();

    /// <summary>A value JSON can carry: numbers stay numbers, everything else (dates, decimals beyond double, lists) becomes text.</summary>
    private static object? Cell(DuckDBDataReader reader, int ordinal)
    {
        object? value;
        try
        {
            value = reader.GetValueForDisplay(ordinal);
        }
        catch (InvalidCastException e)
        {
            throw new SqlQueryException("结果中有无法读取的值", "a value in the result cannot be read", e.Message);
        }

        return value switch
        {
            null => null,
            Stream blob => BlobText(blob),
            DuckDBInterval i => string.Create(CultureInfo.InvariantCulture, $"{i.Months} months {i.Days} days {i.Micros} us"),
            DuckDBDateOnly { IsInfinity: true } d => d.IsPositiveInfinity ? "infinity" : "-infinity",
            bool or sbyte or byte or short or ushort or int or uint or long or ulong or decimal => value,
            double d => double.IsFinite(d) ? d : Text(d),
            float f => float.IsFinite(f) ? f : Text(f),
            string => value,
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => JsonSerializer.Serialize(value),
        };
    }

    // DuckDB.NET hands a BLOB out as a stream over DuckDB's memory.
    private static string BlobText(Stream blob)
    {
        using var copy = new MemoryStream();
        blob.CopyTo(copy);
        return "\\x" + Convert.ToHexString(copy.ToArray());
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}

/// <summary>One page of an ad-hoc query's result.</summary>
/// <param name="Columns">Result columns.</param>
/// <param name="Rows">The page's rows; a null cell is SQL NULL.</param>
/// <param name="Page">Page from 1.</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="HasMore">Whether rows follow this page.</param>
public sealed record SqlResultPage(IReadOnlyList<SqlColumn> Columns, IReadOnlyList<object?[]> Rows, int Page, int PageSize, bool HasMore);

/// <summary>An ad-hoc query that was refused, failed or hit a limit; the messages say what, Chinese and English.</summary>
public sealed class SqlQueryException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="messageZh">What is wrong, in Chinese.</param>
    /// <param name="messageEn">The same in English.</param>
    /// <param name="detail">DuckDB's own message, if it helps the user.</param>
    public SqlQueryException(string messageZh, string messageEn, string? detail)
        : base($"{messageZh} / {messageEn}")
    {
        MessageZh = messageZh;
        MessageEn = messageEn;
        Detail = detail;
    }

    /// <summary>Chinese.</summary>
    public string MessageZh { get; }

    /// <summary>English.</summary>
    public string MessageEn { get; }

    /// <summary>DuckDB's message (English), or null.</summary>
    public string? Detail { get; }
}

/// <summary>The SQL page's and API's parameters, checked: <c>q</c> (the query, at most
/// <see cref="SqlQueryService.MaxQueryLength"/> characters), <c>page</c> from 1, <c>pageSize</c> up to
/// <see cref="SqlQueryService.MaxPageSize"/>.</summary>
internal sealed record SqlRequest(string Query, int Page, int PageSize)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Query);

    public static SqlRequest? Parse(string? q, string? page, string? pageSize, out ParameterProblem? problem)
    {
        problem = null;
        q ??= string.Empty;
        if (q.Length > SqlQueryService.MaxQueryLength)
        {
            problem = new ParameterProblem("q",
                $"查询文本过长（{q.Length:N0} 个字符，最多 {SqlQueryService.MaxQueryLength:N0}）",
                $"the query text is too long ({q.Length:N0} characters, at most {SqlQueryService.MaxQueryLength:N0}).");
            return null;
        }

        if (!TryParse(page, "page", 1, int.MaxValue / SqlQueryService.MaxPageSize, out var pageNumber, ref problem)
            || !TryParse(pageSize, "pageSize", SqlQueryService.DefaultPageSize, SqlQueryService.MaxPageSize, out var size, ref problem))
        {
            return null;
        }

        return new SqlRequest(q, pageNumber, size);
    }

    private static bool TryParse(string? text, string parameter, int fallback, int max, out int value, ref ParameterProblem? problem)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max)
        {
            return true;
        }

        var shown = text.Length <= 20 ? text : text[..20] + "…";
        problem = new ParameterProblem(parameter, $"{parameter} 应为 1 到 {max} 之间的整数，收到 \"{shown}\"", $"{parameter} must be a whole number from 1 to {max}, got \"{shown}\".");
        return false;
    }
}
