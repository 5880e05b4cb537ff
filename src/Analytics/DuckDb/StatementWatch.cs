using System.Diagnostics;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// Stops one running statement at its time limit or when it is cancelled, from a thread of its own. Why: DuckDB.NET
/// 1.5.6.1 ignores <c>CommandTimeout</c>; only <c>Cancel()</c> (DuckDB's interrupt) stops a statement. A thread-pool
/// timer would do the same until every pool thread is blocked in a query (a busy dashboard, a parallel test run); then
/// the limit would not fire until the statement had finished. And DuckDB clears an interrupt when a statement starts, so
/// one that lands before (a cancel while the statement is still being prepared) is lost: once stopping, the watch
/// interrupts again every <see cref="Again"/> until the statement has finished.
/// </summary>
internal sealed class StatementWatch : IDisposable
{
    /// <summary>How often the watch interrupts again until the statement has finished.</summary>
    internal static readonly TimeSpan Again = TimeSpan.FromMilliseconds(50);

    private readonly ManualResetEventSlim _finished = new();
    private readonly Thread _thread;

    /// <param name="timeLimit">When to call <paramref name="stop"/>.</param>
    /// <param name="stop">Interrupts the statement.</param>
    public StatementWatch(TimeSpan timeLimit, Action stop)
        : this(timeLimit, CancellationToken.None, _ => stop())
    {
    }

    /// <param name="timeLimit">When to call <paramref name="stop"/> with true; null for no limit.</param>
    /// <param name="cancellationToken">When it fires, <paramref name="stop"/> is called with false.</param>
    /// <param name="stop">Interrupts the statement; told whether the time limit is the reason.</param>
    public StatementWatch(TimeSpan? timeLimit, CancellationToken cancellationToken, Action<bool> stop)
    {
        var deadline = timeLimit is { } limit ? Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency) : (long?)null;
        _thread = new Thread(() => Watch(deadline, cancellationToken, stop)) { IsBackground = true, Name = "DuckDB statement watch" };
        _thread.Start();
    }

    /// <summary>The statement has finished: ends the watch and waits for its thread.</summary>
    public void Dispose()
    {
        _finished.Set();
        _thread.Join();
        _finished.Dispose();
    }

    private void Watch(long? deadline, CancellationToken cancellationToken, Action<bool> stop)
    {
        var wait = deadline is { } end
            ? TimeSpan.FromSeconds(Math.Max(0, end - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency)
            : Timeout.InfiniteTimeSpan;
        WaitHandle[] handles = cancellationToken.CanBeCanceled ? [_finished.WaitHandle, cancellationToken.WaitHandle] : [_finished.WaitHandle];
        var signalled = WaitHandle.WaitAny(handles, wait);
        if (signalled == 0)
        {
            return;
        }

        var timedOut = signalled == WaitHandle.WaitTimeout;
        do
        {
            stop(timedOut);
        }
        while (!_finished.Wait(Again));
    }
}
