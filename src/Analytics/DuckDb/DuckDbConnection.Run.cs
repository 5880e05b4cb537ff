using System.Diagnostics;
using System.Runtime.InteropServices;
using RevivalAnalytics.DuckDb.Native;

namespace RevivalAnalytics.DuckDb;

// Statement execution: split, prepare, (sandbox check), bind, execute under timeout/cancellation, report progress.
public sealed partial class DuckDbConnection
{
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(200);
    private bool _progressTracked;

    internal DuckDbQueryResult Run(string sql, IReadOnlyList<DuckDbParameter> parameters, DuckDbRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var handle = Handle;
        options.CancellationToken.ThrowIfCancellationRequested();
        var sandbox = _database?.Sandbox;
        var timeout = options.Timeout ?? sandbox?.QueryTimeout;
        if (options.Streaming && (sandbox is not null || timeout is not null || options.Progress is not null))
        {
            // A streaming query does its work while chunks are fetched, outside the limits' reach.
            throw new ArgumentException("流式结果不能与沙箱、超时或进度同时使用。A streaming result cannot be combined with the sandbox, a timeout or progress.", nameof(options));
        }

        if (options.Progress is not null && !_progressTracked && sandbox is null)
        {
            // Connection-local settings: track progress for duckdb_query_progress, never print it.
            _progressTracked = true;
            Execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 100");
        }

        if (sandbox is not null)
        {
            EnsureOnlySelects(sql);
        }

        using var extracted = new ExtractedStatementsHandle();
        var count = (int)NativeMethods.ExtractStatements(handle, sql, out var extractedPtr);
        Marshal.InitHandle(extracted, extractedPtr);
        if (count == 0)
        {
            var error = NativeMethods.PtrToString(NativeMethods.ExtractStatementsError(extracted));
            throw DuckDbException.FromNative(error ?? "Parser Error: the SQL text holds no statement");
        }

        var statements = new PreparedStatementHandle?[count];
        try
        {
            // Trusted code prepares statement i only after running i-1 (CREATE, then INSERT into it). The sandbox
            // admits reads only, so it checks every statement before running any.
            if (sandbox is not null)
            {
                for (var i = 0; i < count; i++)
                {
                    statements[i] = PrepareOne(handle, extracted, i);
                    sandbox.EnsureAllowed(NativeMethods.StatementType(statements[i]!));
                }
            }

            for (var i = 0; i < count; i++)
            {
                var statement = statements[i] ??= PrepareOne(handle, extracted, i);
                if (count == 1 || NativeMethods.ParameterCount(statement) > 0)
                {
                    ParameterBinder.Bind(statement, parameters);
                }

                var result = Execute(statement, timeout, options);
                if (i == count - 1)
                {
                    return result;
                }

                result.Dispose();
            }

            throw new UnreachableException();
        }
        finally
        {
            foreach (var statement in statements)
            {
                statement?.Dispose();
            }
        }
    }

    /// <summary>
    /// The sandbox's first gate, before anything is prepared (preparing EXPORT already creates its directory):
    /// DuckDB's own parser serializes SELECT statements only and reports any other kind as an error.
    /// </summary>
    private void EnsureOnlySelects(string sql)
    {
        using var statement = PrepareSerializer();
        ParameterBinder.Bind(statement, [new DuckDbParameter(sql)]);
        using var result = Execute(statement, timeout: null, new DuckDbRunOptions());
        var json = result.NextChunk()?.GetString(0, 0) ?? "{}";
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.True)
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : null;
            var isParseError = root.TryGetProperty("error_type", out var t) && t.GetString() == "parser";
            throw isParseError
                ? DuckDbException.FromNative("Parser Error: " + message, DuckDbErrorType.Parser)
                : new DuckDbException(
                    $"只读沙箱只允许查询（SELECT）/ The read-only sandbox runs queries (SELECT) only: {message}",
                    DuckDbErrorType.Permission);
        }
    }

    private PreparedStatementHandle PrepareSerializer()
    {
        var statement = new PreparedStatementHandle();
        var state = NativeMethods.Prepare(Handle, "SELECT json_serialize_sql($1::VARCHAR)", out var ptr);
        Marshal.InitHandle(statement, ptr);
        NativeMethods.ThrowIfError(state, NativeMethods.PtrToString(NativeMethods.PrepareError(statement)), "prepare json_serialize_sql");
        return statement;
    }

    private static PreparedStatementHandle PrepareOne(ConnectionHandle handle, ExtractedStatementsHandle extracted, int index)
    {
        var statement = new PreparedStatementHandle();
        var state = NativeMethods.PrepareExtracted(handle, extracted, (ulong)index, out var statementPtr);
        Marshal.InitHandle(statement, statementPtr);
        if (state != DuckDbState.Success)
        {
            var message = NativeMethods.PtrToString(NativeMethods.PrepareError(statement));
            statement.Dispose();
            throw DuckDbException.FromNative(message ?? "Prepare failed");
        }

        return statement;
    }

    private unsafe DuckDbQueryResult Execute(PreparedStatementHandle statement, TimeSpan? timeout, DuckDbRunOptions options)
    {
        var result = new ResultHandle();
        var timedOut = false;
        DuckDbState state;
        var limit = timeout is { } t && t > TimeSpan.Zero ? t : (TimeSpan?)null;
        var progress = options.Progress;
        using (options.CancellationToken.Register(static c => ((DuckDbConnection)c!).Interrupt(), this))
        using (limit is not null || progress is not null
            ? new StatementWatch(
                limit,
                () => { timedOut = true; Interrupt(); },
                progress is null ? null : s_progressInterval,
                progress is null ? null : () => { if (GetProgress() is { } p) { progress.Report(p); } })
            : null)
        {
            state = options.Streaming
                ? NativeMethods.ExecutePreparedStreaming(statement, result.Pointer)
                : NativeMethods.ExecutePrepared(statement, result.Pointer);
        }

        if (state == DuckDbState.Success)
        {
            return new DuckDbQueryResult(result);
        }

        var message = NativeMethods.PtrToString(NativeMethods.ResultError(result.Pointer)) ?? "Query failed";
        var errorType = NativeMethods.ResultErrorType(result.Pointer);
        result.Dispose();
        if (errorType == DuckDbErrorType.Interrupt || message.StartsWith("INTERRUPT", StringComparison.Ordinal))
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            if (timedOut)
            {
                throw new DuckDbException(
                    $"查询超时（{timeout!.Value.TotalSeconds:0.#} 秒）已中止 / The query was stopped after its time limit of {timeout.Value.TotalSeconds:0.#} s.",
                    DuckDbErrorType.Interrupt);
            }
        }

        throw DuckDbException.FromNative(message, errorType);
    }
}
