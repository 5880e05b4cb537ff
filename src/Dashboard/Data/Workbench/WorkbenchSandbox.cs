using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using RevivalAnalytics.Data.Scope;

using RevivalAnalytics.Queries;

namespace RevivalAnalytics.Dashboard.Data.Workbench;

/// <summary>
/// The one place the workbench reaches the query core: it obtains a scope's sandbox and its data version, and runs and
/// cancels statements there, under a global limit on concurrent statements and a per-user cap on them, with a
/// first-come queue (so one analyst cannot starve the others): a waiting statement runs as soon as a slot is free and
/// its user holds fewer than <see cref="PerUserCap"/>, so a user at the cap lets the others' statements go ahead. A page lives in a circuit, which outlives requests, so each statement takes its own
/// snapshot of the <see cref="AnalyticsContext"/> and a lease on the scope's workspace of that data version, held until
/// its rows are read: a version switch never closes a sandbox under a running statement.
/// </summary>
internal sealed class WorkbenchSandbox(AnalyticsContext analytics, IConfiguration configuration)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly Dictionary<string, int> _runningByUser = new(StringComparer.Ordinal);
    private int _running;

    /// <summary>Statements that may run at once (<c>Revival:Sql:MaxConcurrentQueries</c>, default 4).</summary>
    public int Capacity { get; } = Math.Max(1, configuration.GetValue("Revival:Sql:MaxConcurrentQueries", 4));

    /// <summary>Statements one user may run at once (<c>Revival:Sql:MaxConcurrentQueriesPerUser</c>, default 2, at most
    /// <see cref="Capacity"/>); their further statements wait.</summary>
    public int PerUserCap { get; } = Math.Clamp(configuration.GetValue("Revival:Sql:MaxConcurrentQueriesPerUser", 2), 1,
        Math.Max(1, configuration.GetValue("Revival:Sql:MaxConcurrentQueries", 4)));

    /// <summary>Statements waiting for a slot now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The time and memory limits every statement runs under.</summary>
    public SqlLimits Limits => analytics.Sql.Limits;

    /// <summary>The current data version.</summary>
    public string DataVersion(DataScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return analytics.DataVersion;
    }

    /// <summary>Statements <paramref name="user"/> is running now.</summary>
    public int RunningFor(string user)
    {
        lock (_lock)
        {
            return _runningByUser.GetValueOrDefault(user);
        }
    }

    /// <summary>Runs one untrusted statement in the user's scope's sandbox once a slot is free, and hands the
    /// materialized reader to <paramref name="read"/> (on a worker thread; the reader is disposed afterwards).</summary>
    /// <param name="user">Whose statement (the per-user cap) and workspace (the scope).</param>
    /// <param name="sql">The statement (checked by the sandbox's parser gate).</param>
    /// <param name="parameters">Bound values, never spliced.</param>
    /// <param name="queued">Told why the statement waits when it has to, and when it starts after waiting.</param>
    /// <param name="read">Reads the result.</param>
    /// <param name="cancellationToken">Cancels the wait, or interrupts DuckDB while the statement runs.</param>
    /// <exception cref="SqlQueryException">Refused, failed, or hit a limit.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public Task<T> RunAsync<T>(WorkbenchUser user, string sql, IReadOnlyList<DuckDBParameter> parameters, Action<WorkbenchQueueStatus>? queued,
        Func<DuckDBDataReader, string, T> read, CancellationToken cancellationToken) =>
        RunAsync(user, sql, parameters, queued, (reader, version) => Task.FromResult(read(reader, version)), cancellationToken);

    /// <summary>Like the other overload, with a reader that writes asynchronously (exports); the slot is held until it is done.</summary>
    /// <exception cref="SqlQueryException">Refused, failed, or hit a limit.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<T> RunAsync<T>(WorkbenchUser user, string sql, IReadOnlyList<DuckDBParameter> parameters, Action<WorkbenchQueueStatus>? queued,
        Func<DuckDBDataReader, string, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await AcquireAsync(user.Name, queued, cancellationToken);
        try
        {
            return await Task.Run(async () =>
            {
                using var snapshot = analytics.Acquire();
                using var lease = snapshot.Sql.Open(user.Scope, cancellationToken);
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
            Release(user.Name);
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

    // A newcomer runs at once when a slot is free and its user is under the cap: every waiter that could run was
    // granted when the last slot was released, so the ones left wait for their own user's statements.
    private async Task AcquireAsync(string user, Action<WorkbenchQueueStatus>? queued, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        WorkbenchQueueStatus status;
        lock (_lock)
        {
            if (CanRun(user))
            {
                Take(user);
                return;
            }

            waiter = new Waiter(user);
            waiter.Node = _queue.AddLast(waiter);
            var own = _runningByUser.GetValueOrDefault(user);
            status = new WorkbenchQueueStatus(Queued: true, Ahead: _queue.Count - 1, OwnRunning: own, PerUserCap: PerUserCap, Capacity: Capacity);
        }

        queued?.Invoke(status);
        using (cancellationToken.Register(() => Abandon(waiter, cancellationToken)))
        {
            await waiter.Granted.Task;
        }

        queued?.Invoke(new WorkbenchQueueStatus(Queued: false, Ahead: 0, OwnRunning: 0, PerUserCap: PerUserCap, Capacity: Capacity));
    }

    private void Abandon(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Granted meanwhile: the slot is released by the caller's finally, once the cancelled run gives up.
            if (waiter.Node?.List is not null)
            {
                _queue.Remove(waiter.Node);
                waiter.Granted.TrySetCanceled(cancellationToken);
            }
        }
    }

    private void Release(string user)
    {
        lock (_lock)
        {
            _running--;
            if (--CollectionsMarshal.GetValueRefOrNullRef(_runningByUser, user) == 0)
            {
                _runningByUser.Remove(user);
            }

            // First come, first served among those allowed to run.
            for (var node = _queue.First; node is not null && _running < Capacity;)
            {
                var next = node.Next;
                if (CanRun(node.Value.User))
                {
                    _queue.Remove(node);
                    Take(node.Value.User);
                    node.Value.Granted.TrySetResult();
                }

                node = next;
            }
        }
    }

    private bool CanRun(string user) => _running < Capacity && _runningByUser.GetValueOrDefault(user) < PerUserCap;

    private void Take(string user)
    {
        _running++;
        CollectionsMarshal.GetValueRefOrAddDefault(_runningByUser, user, out _)++;
    }

    private sealed class Waiter(string user)
    {
        public string User { get; } = user;

        public LinkedListNode<Waiter>? Node { get; set; }

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
