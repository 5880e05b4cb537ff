using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Queries;
using RevivalAnalytics.Tests.Metrics;

namespace RevivalAnalytics.Tests.Queries;

/// <summary>A data version's workspaces: one scope's build never holds up another scope, and a lease keeps its sandbox
/// open through eviction and through the version being freed.</summary>
public sealed class SqlWorkspacesTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>
{
    private const string Count = "SELECT count(*) AS n FROM households";

    [Fact]
    public async Task Open_AnotherScopeBeingBuilt_AnswersWithoutWaitingForIt()
    {
        using var analytics = AnalyticsContext.Open(fixture.Root);
        var workspaces = analytics.Sql;
        using var building = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var prefecture = DataScope.ForPrefecture(140100);
        workspaces.Building = key =>
        {
            if (key == prefecture.ToString())
            {
                building.Set();
                release.Wait(TimeSpan.FromSeconds(60));
            }
        };
        var held = Task.Run(() => workspaces.Open(prefecture, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        Assert.True(building.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        // The prefecture's build is stopped in the middle; the province's workspace is built and answers meanwhile.
        using (var province = workspaces.Open(DataScope.Province, TestContext.Current.CancellationToken))
        {
            Assert.Equal(fixture.Scalar("SELECT count(*) FROM households"), province.Sandbox.QueryColumns(Count).GetInt64s("n")[0]);
        }

        Assert.False(held.IsCompleted);
        release.Set();
        using var scoped = await held;
        Assert.Equal(fixture.Scalar("SELECT count(*) FROM households WHERE county_code // 100 * 100 = 140100"), scoped.Sandbox.QueryColumns(Count).GetInt64s("n")[0]);
    }

    [Fact]
    public void Open_BeyondTheLimit_EvictedWorkspaceStaysOpenForItsLease()
    {
        using var analytics = AnalyticsContext.Open(fixture.Root, new AnalyticsOptions { MaxSqlWorkspaces = 1 });
        using var first = analytics.Sql.Open(DataScope.ForPrefecture(140100), TestContext.Current.CancellationToken);
        var before = first.Sandbox.QueryColumns(Count).GetInt64s("n")[0];

        using var second = analytics.Sql.Open(DataScope.ForPrefecture(140200), TestContext.Current.CancellationToken);
        using var again = analytics.Sql.Open(DataScope.ForPrefecture(140100), TestContext.Current.CancellationToken);

        Assert.Equal(before, first.Sandbox.QueryColumns(Count).GetInt64s("n")[0]);
        Assert.NotSame(first.Sandbox, again.Sandbox);
        Assert.Equal(before, again.Sandbox.QueryColumns(Count).GetInt64s("n")[0]);
    }

    [Fact]
    public void Open_ContextDisposedWhileLeaseHeld_SandboxAnswersUntilTheLeaseEnds()
    {
        var analytics = AnalyticsContext.Open(fixture.Root);
        var lease = analytics.Sql.Open(DataScope.Province, TestContext.Current.CancellationToken);
        var version = analytics.DataVersion;

        analytics.Dispose();

        Assert.Equal(version, lease.DataVersion);
        Assert.Equal(fixture.Scalar("SELECT count(*) FROM households"), lease.Sandbox.QueryColumns(Count).GetInt64s("n")[0]);
        lease.Dispose();
        Assert.ThrowsAny<ObjectDisposedException>(() => lease.Sandbox.QueryColumns(Count));
    }
}
