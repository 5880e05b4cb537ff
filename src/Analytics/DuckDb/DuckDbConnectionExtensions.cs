using System.Globalization;
using DuckDB.NET.Data;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// What DuckDB.NET's <see cref="DuckDBConnection"/> lacks for our code: a one-line statement with positional values
/// (<see cref="Execute"/>), a whole result as typed column arrays (<see cref="QueryColumns(DuckDBConnection, string, object?[])"/>,
/// for metrics and models), and a time limit that is honoured (DuckDB.NET 1.5.6.1 ignores <c>CommandTimeout</c>).
/// Parameters always travel as typed values, never as SQL text.
/// </summary>
public static class DuckDbConnectionExtensions
{
    /// <summary>Runs statements that return no rows (DDL, INSERT, COPY ...). Arguments bind to <c>?</c>/<c>$1</c> in order.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">One or more SQL statements; each is prepared after the one before it ran.</param>
    /// <param name="args">Positional parameter values, or <see cref="DuckDBParameter"/>s for named ones.</param>
    /// <returns>Rows changed.</returns>
    /// <exception cref="DuckDBException">DuckDB reported an error; the message is DuckDB's.</exception>
    public static int Execute(this DuckDBConnection connection, string sql, params object?[] args)
    {
        using var command = CreateCommand(connection, sql, Parameters(args));
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and reads the whole result into typed column arrays.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The SQL query (statements before the last may prepare it, e.g. CREATE TEMP TABLE).</param>
    /// <param name="args">Positional parameter values, or <see cref="DuckDBParameter"/>s for named ones.</param>
    /// <returns>The result's columns.</returns>
    /// <exception cref="DuckDBException">DuckDB reported an error; the message is DuckDB's.</exception>
    /// <exception cref="NotSupportedException">A column's type has no typed array (<see cref="DuckDbColumns"/>).</exception>
    public static DuckDbColumns QueryColumns(this DuckDBConnection connection, string sql, params object?[] args)
    {
        using var command = CreateCommand(connection, sql, Parameters(args));
        return ReadColumns(command);
    }

    /// <summary>Runs a query with named or positional parameters, a time limit and cancellation, and reads the whole
    /// result into typed column arrays.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The SQL query.</param>
    /// <param name="parameters">Parameters, named (<c>$name</c>) or positional.</param>
    /// <param name="options">Time limit and cancellation.</param>
    /// <returns>The result's columns.</returns>
    /// <exception cref="DuckDBException">DuckDB reported an error; the message is DuckDB's.</exception>
    /// <exception cref="TimeoutException">The statement ran past <see cref="DuckDbRunOptions.Timeout"/> and was stopped.</exception>
    /// <exception cref="OperationCanceledException">The cancellation token fired.</exception>
    public static DuckDbColumns QueryColumns(this DuckDBConnection connection, string sql, IEnumerable<DuckDBParameter> parameters, DuckDbRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var command = CreateCommand(connection, sql, parameters);
        return RunLimited(connection, options.Timeout, options.CancellationToken, () => ReadColumns(command));
    }

    /// <summary>Runs <paramref name="run"/> (one statement on <paramref name="connection"/>) under a time limit and a
    /// cancellation token, both of which interrupt DuckDB; DuckDB.NET reports either as a bare
    /// <see cref="OperationCanceledException"/>, which this turns into a message that says which.</summary>
    internal static T RunLimited<T>(DuckDBConnection connection, TimeSpan? timeout, CancellationToken cancellationToken, Func<T> run)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var timedOut = false;
        var native = connection.NativeConnection;
        var limit = timeout is { } given && given > TimeSpan.Zero ? given : (TimeSpan?)null;
        // The watch, not a token registration, interrupts for a cancel too: DuckDB forgets an interrupt that arrives
        // before the statement starts, and the watch repeats it until the statement has finished.
        using var watch = limit is not null || cancellationToken.CanBeCanceled
            ? new StatementWatch(limit, cancellationToken, byTimeLimit =>
            {
                if (byTimeLimit)
                {
                    Volatile.Write(ref timedOut, true);
                }

                native.Interrupt();
            })
            : null;
        try
        {
            return run();
        }
        catch (OperationCanceledException) when (Volatile.Read(ref timedOut) && !cancellationToken.IsCancellationRequested)
        {
            throw TimeLimitReached(timeout!.Value);
        }
        catch (OperationCanceledException error) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(error.Message, error, cancellationToken);
        }
    }

    internal static TimeoutException TimeLimitReached(TimeSpan limit) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"查询超过时间限制（{limit.TotalSeconds:0.#} 秒）已中止 / The query was stopped after its time limit of {limit.TotalSeconds:0.#} s."));

    internal static DuckDBCommand CreateCommand(DuckDBConnection connection, string sql, IEnumerable<DuckDBParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sql);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    // Streaming: rows are produced while they are read instead of being materialized inside DuckDB first (faster, and
    // half the memory for a large result); the time limit of RunLimited covers the reading too.
    private static DuckDbColumns ReadColumns(DuckDBCommand command)
    {
        command.UseStreamingMode = true;
        using var reader = command.ExecuteReader();
        return DuckDbColumns.Read(reader);
    }

    internal static IEnumerable<DuckDBParameter> Parameters(object?[] args) =>
        args.Select(a => a as DuckDBParameter ?? new DuckDBParameter { Value = a ?? DBNull.Value });
}
