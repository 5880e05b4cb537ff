using RevivalAnalytics.Dashboard.Data.Workbench;

namespace RevivalAnalytics.Dashboard.Tests.Data.Workbench;

public sealed class SqlErrorPositionTests
{
    [Fact]
    public void Find_CaretUnderShiftedLine_OffsetInAnalystsText()
    {
        const string Sql = "SELECT a,\n  b\nFROM t";
        const string Message = "Binder Error: Referenced column \"b\" not found\n\nLINE 3:   b\n          ^";

        Assert.Equal(Sql.IndexOf('b', StringComparison.Ordinal), SqlErrorPosition.Find(Message, Sql, lineShift: 1));
    }

    [Fact]
    public void Find_ShortenedLine_LocatesTheShownText()
    {
        var sql = "SELECT " + string.Join(", ", Enumerable.Range(0, 60).Select(i => $"c{i}")) + ", missing FROM t";
        var shown = sql[^40..];
        var message = $"Binder Error: x\n\nLINE 1: ...{shown}\n" + new string(' ', "LINE 1: ...".Length + shown.IndexOf("missing", StringComparison.Ordinal)) + "^";

        Assert.Equal(sql.IndexOf("missing", StringComparison.Ordinal), SqlErrorPosition.Find(message, sql, lineShift: 0));
    }

    [Fact]
    public void Find_NoLineInMessage_Null()
    {
        Assert.Null(SqlErrorPosition.Find("Catalog Error: Table with name x does not exist!", "SELECT * FROM x", 0));
    }
}
