using System.Diagnostics;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// Watches one running statement from a thread of its own: stops it at its time limit and reports its progress at an
/// interval. A thread-pool timer would do the same until every pool thread is blocked in a query (a busy dashboard, a
/// parallel test run); then neither the limit nor the progress would fire until the statement had finished.
/// </summary>
internal sealed class StatementWatch : IDisposable
{
    private readonly ManualResetEventSlim _finished = new();
    private readonly Thread _thread;

    /// <param name="timeLimit">When to call <paramref name="stop"/>; null for no limit.</param>
    /// <param name="stop">Interrupts the statement.</param>
    /// <param name="interval">How often to call <paramref name="tick"/>; null for never.</param>
    /// <param name="tick">Reports progress.</param>
    public StatementWatch(TimeSpan? timeLimit, Action stop, TimeSpan? interval, Action? tick)
    {
        var deadline = timeLimit is { } limit ? Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        _thread = new Thread(() => Watch(deadline, stop, interval, tick)) { IsBackground = true, Name = "DuckDB statement watch" };
        _thread.Start();
    }

    /// <summary>The statement has finished: ends the watch and waits for its thread.</summary>
    public void Dispose()
    {
        _finished.Set();
        _thread.Join();
        _finished.Dispose();
    }

    private void Watch(long deadline, Action stop, TimeSpan? interval, Action? tick)
    {
        while (true)
        {
            var untilDeadline = deadline == long.MaxValue
                ? Timeout.InfiniteTimeSpan
                : TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            var wait = interval is { } every && (untilDeadline == Timeout.InfiniteTimeSpan || every < untilDeadline) ? every : untilDeadline;
            if (_finished.Wait(wait))
            {
                return;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                stop();
                return;
            }

            tick?.Invoke();
        }
    }
}
