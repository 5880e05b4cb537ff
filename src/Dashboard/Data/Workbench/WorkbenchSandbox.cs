using DuckDB.NET.Data;
using RevivalAnalytics.Data.Scope;

using RevivalAnalytics.Queries;

namespace RevivalAnalytics.Dashboard.Data.Workbench;

/// <summary>
/// The one place the workbench reaches the query core: it obtains a scope's sandbox and its data version, and runs and
/// cancels statements there, under a global limit on concurrent statements with a first-come queue (so one analyst
/// cannot starve the others). A page lives in a circuit, which outlives requests, so each statement takes its own
/// snapshot of the <see cref="AnalyticsContext"/> and a lease on the scope's workspace of that data version, held until
/// its rows are read: a version switch never closes a sandbox under a running statement.
/// </summary>
internal sealed class WorkbenchSandbox(AnalyticsContext analytics, IConfiguration configuration) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(MaxConcurrent(configuration));
    private int _waiting;

    /// <summary>Statements that may run at once (<c>Revival:Sql:MaxConcurrentQueries</c>, default 4).</summary>
    public int Capacity { get; } = MaxConcurrent(configuration);

    /// <summary>Statements waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>The time and memory limits every statement runs under.</summary>
    public SqlLimits Limits => analytics.Sql.Limits;

    /// <summary>The current data version.</summary>
    public string DataVersion(DataScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return analytics.DataVersion;
    }

    /// <summary>Runs one untrusted statement in <paramref name="scope"/>'s sandbox once a slot is free, and hands the
    /// materialized reader to <paramref name="read"/> (on a worker thread; the reader is disposed afterwards).</summary>
    /// <param name="scope">Whose workspace.</param>
    /// <param name="sql">The statement (checked by the sandbox's parser gate).</param>
    /// <param name="parameters">Bound values, never spliced.</param>
    /// <param name="queued">Called with the number of statements ahead when this one has to wait.</param>
    /// <param name="read">Reads the result.</param>
    /// <param name="cancellationToken">Cancels the wait, or interrupts DuckDB while the statement runs.</param>
    /// <exception cref="SqlQueryException">Refused, failed, or hit a limit.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public Task<T> RunAsync<T>(DataScope scope, string sql, IReadOnlyList<DuckDBParameter> parameters, Action<int>? queued,
        Func<DuckDBDataReader, string, T> read, CancellationToken cancellationToken) =>
        RunAsync(scope, sql, parameters, queued, (reader, version) => Task.FromResult(read(reader, version)), cancellationToken);

    /// <summary>Like the other overload, with a reader that writes asynchronously (exports); the slot is held until it is done.</summary>
    /// <exception cref="SqlQueryException">Refused, failed, or hit a limit.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<T> RunAsync<T>(DataScope scope, string sql, IReadOnlyList<DuckDBParameter> parameters, Action<int>? queued,
        Func<DuckDBDataReader, string, Task<T>> read, CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            var ahead = Interlocked.Increment(ref _waiting);
            queued?.Invoke(ahead);
            try
            {
                await _slots.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        try
        {
            return await Task.Run(async () =>
            {
                using var snapshot = analytics.Acquire();
                using var lease = snapshot.Sql.Open(scope, cancellationToken);
                DuckDBDataReader reader;
                try
                {
                    reader = lease.Sandbox.ExecuteReader(sql, parameters, cancellationToken);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or ArgumentException)
                {
                    throw SqlQueryService.Translate(e, Limits);
                }

                using (reader)
                {
                    try
                    {
                        return await read(reader, lease.DataVersion);
                    }
                    catch (DuckDBException e)
                    {
                        throw SqlQueryService.Translate(e, Limits);
                    }
                }
            }, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The parser gate alone on the user's own text, for its precise message (not a query, several statements).</summary>
    /// <exception cref="SqlQueryException">Refused.</exception>
    public void Check(DataScope scope, string sql, IReadOnlyList<DuckDBParameter> parameters)
    {
        try
        {
            using var snapshot = analytics.Acquire();
            using var lease = snapshot.Sql.Open(scope);
            lease.Sandbox.Check(sql, parameters);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or ArgumentException)
        {
            throw SqlQueryService.Translate(e, Limits);
        }
    }

    public void Dispose() => _slots.Dispose();

    private static int MaxConcurrent(IConfiguration configuration) => Math.Max(1, configuration.GetValue("Revival:Sql:MaxConcurrentQueries", 4));
}
