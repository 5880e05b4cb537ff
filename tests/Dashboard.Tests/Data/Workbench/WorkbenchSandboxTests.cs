using DuckDB.NET.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.Dashboard.Data.Workbench;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Dashboard.Tests.Data.Workbench;

/// <summary>The workbench's queue with real statements running at once in the test export's sandbox: 3 slots across
/// the site, 2 per user. A statement holds its slot until its reader is done, so each test holds statements open in
/// their readers (behind a gate) to fill the slots it needs.</summary>
public sealed class WorkbenchSandboxTests(SqlDashboardFactory factory) : IClassFixture<SqlDashboardFactory>
{
    private const string CountSql = "SELECT count(*) FROM household_years";

    private static readonly WorkbenchUser s_wang = new("wang", DataScope.Province);
    private static readonly WorkbenchUser s_li = new("li", DataScope.Province);
    private static readonly WorkbenchUser s_zhao = new("zhao", DataScope.Parse(TestUsers.PrefectureAnalyst.Scope));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_UserAtTheCap_FurtherStatementWaitsSayingWhyWhileAnotherUserRuns()
    {
        var sandbox = NewSandbox();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new[] { Held(sandbox, s_wang, gate.Task), Held(sandbox, s_wang, gate.Task) };
        await Until(() => sandbox.RunningFor(s_wang.Name) == 2);
        var statuses = new List<WorkbenchQueueStatus>();

        var third = sandbox.RunAsync(s_wang, CountSql, [], s => { lock (statuses) { statuses.Add(s); } }, Count, Token);
        await Until(() => sandbox.Waiting == 1);
        // Another user's statement goes ahead: a slot is free and li runs nothing.
        var other = await sandbox.RunAsync(s_li, "SELECT count(*) FROM counties", [], null, Count, Token);

        Assert.Equal((long)TestExport.Scalar("SELECT count(*) FROM counties")!.Value, other);
        Assert.False(third.IsCompleted);
        var queued = Assert.Single(statuses);
        Assert.True(queued.Queued);
        Assert.True(queued.WaitsForOwnQueries);
        Assert.Equal("排队中：您已有 2 个查询在运行（每人最多同时 2 个）", queued.Message.Zh);
        Assert.Equal("queued: you already have 2 queries running (at most 2 per user)", queued.Message.En);

        gate.SetResult();
        var expected = (long)TestExport.Scalar(CountSql)!.Value;
        Assert.Equal([expected, expected, expected], await Task.WhenAll(held[0], held[1], third));
        Assert.False(statuses[^1].Queued);
        Assert.Equal(0, sandbox.RunningFor(s_wang.Name));
        Assert.Equal(0, sandbox.Waiting);
    }

    [Fact]
    public async Task RunAsync_AllSlotsTaken_AnotherUserWaitsForTheSiteAndRunsWhenOneIsFree()
    {
        var sandbox = NewSandbox();
        var wangGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var liGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new[] { Held(sandbox, s_wang, wangGate.Task), Held(sandbox, s_wang, wangGate.Task), Held(sandbox, s_li, liGate.Task) };
        await Until(() => sandbox.RunningFor(s_wang.Name) == 2 && sandbox.RunningFor(s_li.Name) == 1);
        WorkbenchQueueStatus? status = null;

        var waiting = sandbox.RunAsync(s_zhao, "SELECT count(DISTINCT county_code) FROM counties", [], s => status ??= s, Count, Token);
        await Until(() => sandbox.Waiting == 1);

        Assert.False(waiting.IsCompleted);
        Assert.NotNull(status);
        Assert.False(status.WaitsForOwnQueries);
        Assert.Equal("排队中：等待空闲的查询位（全站同时运行 3 条）", status.Message.Zh);
        liGate.SetResult();
        // zhao's workspace holds 太原市's counties only.
        Assert.Equal(ScopeCheck.Counties.Count(c => c.Prefecture == 140100), await waiting.WaitAsync(TimeSpan.FromSeconds(60), Token));
        Assert.Equal(2, sandbox.RunningFor(s_wang.Name));
        wangGate.SetResult();
        await Task.WhenAll(held);
        Assert.Equal(0, sandbox.RunningFor(s_wang.Name));
    }

    [Fact]
    public async Task RunAsync_QueuedStatementCancelled_ThrowsAndTakesNoSlot()
    {
        var sandbox = NewSandbox();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new[] { Held(sandbox, s_wang, gate.Task), Held(sandbox, s_wang, gate.Task) };
        await Until(() => sandbox.RunningFor(s_wang.Name) == 2);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var third = sandbox.RunAsync(s_wang, CountSql, [], null, Count, cancel.Token);
        await Until(() => sandbox.Waiting == 1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        Assert.Equal(0, sandbox.Waiting);
        gate.SetResult();
        await Task.WhenAll(held);
        Assert.Equal(0, sandbox.RunningFor(s_wang.Name));
        // Both of wang's slots are free again: two statements run at once without waiting.
        var again = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pair = new[] { Held(sandbox, s_wang, again.Task), Held(sandbox, s_wang, again.Task) };
        await Until(() => sandbox.RunningFor(s_wang.Name) == 2);
        Assert.Equal(0, sandbox.Waiting);
        again.SetResult();
        await Task.WhenAll(pair);
    }

    private WorkbenchSandbox NewSandbox()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Revival:Sql:MaxConcurrentQueries"] = "3",
            ["Revival:Sql:MaxConcurrentQueriesPerUser"] = "2",
        }).Build();
        return new WorkbenchSandbox(factory.Services.GetRequiredService<AnalyticsContext>(), configuration);
    }

    // A real statement whose reader stays open (holding the slot) until the gate opens.
    private static Task<long> Held(WorkbenchSandbox sandbox, WorkbenchUser user, Task gate) =>
        sandbox.RunAsync(user, CountSql, [], null, async (reader, _) =>
        {
            var count = Count(reader, string.Empty);
            await gate;
            return count;
        }, Token);

    private static long Count(DuckDBDataReader reader, string version) => reader.Read() ? reader.GetInt64(0) : -1;

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "条件未在 60 秒内满足 / the condition was not met within 60 s");
            await Task.Delay(10, Token);
        }
    }
}
