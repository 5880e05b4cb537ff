using Bunit;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Components.Pages.Assessment;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Assessment;

public sealed class ImportProblemListTests : IDisposable
{
    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Render_ProblemsWithRowsAndColumns_OneLineEachChineseThenEnglish()
    {
        EntryProblem[] problems =
        [
            new(5, "K 自评 / Self", "数值 11 超出 0–10", "value 11 is outside 0–10"),
            new(null, "sheet", "工作簿中没有工作表", "the workbook has no such sheet"),
        ];

        var list = _context.Render<ImportProblemList>(p => p
            .Add(c => c.FileName, "entries.xlsx")
            .Add(c => c.Problems, problems));

        Assert.Equal("entries.xlsx：2 处错误，未导入任何数据", list.Find("p strong").TextContent);
        var rows = list.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["5", "K 自评 / Self", "数值 11 超出 0–10 / value 11 is outside 0–10"], rows[0].QuerySelectorAll("td").Select(td => td.TextContent).ToArray());
        Assert.Equal("—", rows[1].QuerySelector("td")!.TextContent);
    }

    [Fact]
    public void Render_MoreThanAHundred_ListsAHundredAndCountsTheRest()
    {
        var problems = Enumerable.Range(2, 130).Select(r => new EntryProblem(r, "B 县代码 / County code", "未知的县代码", "unknown county code")).ToList();

        var list = _context.Render<ImportProblemList>(p => p
            .Add(c => c.FileName, "big.xlsx")
            .Add(c => c.Problems, problems)
            .Add(c => c.English, true));

        Assert.Equal(100, list.FindAll("tbody tr").Count);
        Assert.Equal("30 more not listed", list.Find("p.muted").TextContent);
        Assert.Equal("big.xlsx: 130 problem(s); nothing was imported", list.Find("p strong").TextContent);
    }
}
