using RevivalAnalytics.Dashboard.Data.Workbench;
using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Dashboard.Tests.Data.Workbench;

public sealed class WorkbenchExportTicketsTests
{
    private static readonly WorkbenchUser s_wang = new("wang", DataScope.ForPrefecture(140100));
    private static readonly Dictionary<string, string> s_parameters = new(StringComparer.Ordinal) { ["county"] = "140105" };

    [Fact]
    public void Find_SameUserAndScope_ReturnsTheStatement()
    {
        var tickets = new WorkbenchExportTickets(new ManualTime());
        var sql = "SELECT 1 -- " + new string('x', 20_000);

        var id = tickets.Issue(s_wang, sql, s_parameters, "各县收入");
        var ticket = tickets.Find(id, new WorkbenchUser("wang", DataScope.ForPrefecture(140100)));

        Assert.Matches("^[A-Za-z0-9_-]{22}$", id);
        Assert.NotNull(ticket);
        Assert.Equal(sql, ticket.Sql);
        Assert.Equal("140105", ticket.Parameters["county"]);
        Assert.Equal("各县收入", ticket.QueryName);
    }

    [Theory]
    [InlineData("li", "prefecture:140100")]
    [InlineData("wang", "province")]
    [InlineData("wang", "prefecture:140200")]
    public void Find_OtherUserOrScope_Null(string user, string scope)
    {
        var tickets = new WorkbenchExportTickets(new ManualTime());
        var id = tickets.Issue(s_wang, "SELECT 1", s_parameters, null);

        Assert.Null(tickets.Find(id, new WorkbenchUser(user, DataScope.Parse(scope))));
        Assert.NotNull(tickets.Find(id, s_wang));
    }

    [Fact]
    public void Find_AfterTheLifetime_Null()
    {
        var time = new ManualTime();
        var tickets = new WorkbenchExportTickets(time);
        var id = tickets.Issue(s_wang, "SELECT 1", s_parameters, null);

        time.Now += WorkbenchExportTickets.Lifetime - TimeSpan.FromSeconds(1);
        Assert.NotNull(tickets.Find(id, s_wang));
        time.Now += TimeSpan.FromSeconds(1);
        Assert.Null(tickets.Find(id, s_wang));
    }

    [Fact]
    public void Issue_BeyondThePerUserLimit_OldestDropped()
    {
        var time = new ManualTime();
        var tickets = new WorkbenchExportTickets(time);
        var ids = new List<string>();
        for (var i = 0; i <= WorkbenchExportTickets.PerUser; i++)
        {
            ids.Add(tickets.Issue(s_wang, $"SELECT {i}", s_parameters, null));
            time.Now += TimeSpan.FromSeconds(1);
        }

        Assert.Null(tickets.Find(ids[0], s_wang));
        Assert.All(ids.Skip(1), id => Assert.NotNull(tickets.Find(id, s_wang)));
        Assert.Equal("SELECT 1", tickets.Find(ids[1], s_wang)!.Sql);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    public void Find_UnknownId_Null(string? id)
    {
        Assert.Null(new WorkbenchExportTickets(new ManualTime()).Find(id, s_wang));
    }

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
