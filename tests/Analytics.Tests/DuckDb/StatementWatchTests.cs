using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

public sealed class StatementWatchTests
{
    // Bounded waits for something that should happen within milliseconds; generous for a loaded machine.
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // Again and again until the statement has finished: DuckDB forgets an interrupt that lands before the statement starts.
    [Fact]
    public void Watch_TimeLimitPassed_StopsUntilDisposed()
    {
        using var stoppedTwice = new ManualResetEventSlim();
        var stops = 0;
        var byTimeLimit = true;

        using (new StatementWatch(TimeSpan.FromMilliseconds(20), CancellationToken.None, timeLimit =>
        {
            byTimeLimit &= timeLimit;
            if (Interlocked.Increment(ref stops) == 2)
            {
                stoppedTwice.Set();
            }
        }))
        {
            Assert.True(stoppedTwice.Wait(s_patience, Token));
        }

        var afterDispose = Volatile.Read(ref stops);
        Assert.True(afterDispose >= 2);
        Assert.True(byTimeLimit);
        // The watch's thread has ended: no stop after the statement finished.
        Assert.Equal(afterDispose, Volatile.Read(ref stops));
    }

    [Fact]
    public void Watch_Cancelled_StopsNotForTheTimeLimit()
    {
        using var cancellation = new CancellationTokenSource();
        using var stopped = new ManualResetEventSlim();
        bool? byTimeLimit = null;

        using (new StatementWatch(TimeSpan.FromHours(1), cancellation.Token, timeLimit => { byTimeLimit = timeLimit; stopped.Set(); }))
        {
            cancellation.Cancel();
            Assert.True(stopped.Wait(s_patience, Token));
        }

        Assert.False(byTimeLimit);
    }

    [Fact]
    public void Dispose_BeforeTheTimeLimit_NeverStops()
    {
        var stops = 0;

        using (new StatementWatch(TimeSpan.FromHours(1), () => Interlocked.Increment(ref stops)))
        {
        }

        Assert.Equal(0, stops);
    }

    [Fact]
    public async Task Watch_ThreadPoolBusy_StillStopsOnTime()
    {
        // Pool workers blocked, as when request threads wait in queries: the watch needs no pool thread to stop the
        // statement. (The pool adds threads over time, so this shows the watch works then, not that a timer would not.)
        ThreadPool.GetMinThreads(out var workers, out _);
        using var release = new ManualResetEventSlim();
        using var stopped = new ManualResetEventSlim();
        var blocked = Enumerable.Range(0, workers * 2).Select(_ => Task.Run(() => release.Wait(s_patience, Token), Token)).ToArray();
        try
        {
            using var watch = new StatementWatch(TimeSpan.FromMilliseconds(20), stopped.Set);

            Assert.True(stopped.Wait(s_patience, Token));
        }
        finally
        {
            release.Set();
            await Task.WhenAll(blocked);
        }
    }
}
