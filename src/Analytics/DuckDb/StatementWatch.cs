using System.Diagnostics;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// Stops one running statement at its time limit, from a thread of its own. Why: DuckDB.NET 1.5.6.1 ignores
/// <c>CommandTimeout</c>; only <c>Cancel()</c> (DuckDB's interrupt) stops a statement. A thread-pool timer would do the
/// same until every pool thread is blocked in a query (a busy dashboard, a parallel test run); then the limit would not
/// fire until the statement had finished.
/// </summary>
internal sealed class StatementWatch : IDisposable
{
    private readonly ManualResetEventSlim _finished = new();
    private readonly Thread _thread;

    /// <param name="timeLimit">When to call <paramref name="stop"/>.</param>
    /// <param name="stop">Interrupts the statement.</param>
    public StatementWatch(TimeSpan timeLimit, Action stop)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
        _thread = new Thread(() => Watch(deadline, stop)) { IsBackground = true, Name = "DuckDB statement watch" };
        _thread.Start();
    }

    /// <summary>The statement has finished: ends the watch and waits for its thread.</summary>
    public void Dispose()
    {
        _finished.Set();
        _thread.Join();
        _finished.Dispose();
    }

    private void Watch(long deadline, Action stop)
    {
        var wait = TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
        if (!_finished.Wait(wait))
        {
            stop();
        }
    }
}
