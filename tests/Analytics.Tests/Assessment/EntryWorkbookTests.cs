using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Tests.Assessment;

public sealed class EntryWorkbookTests
{
    private static readonly IReadOnlyDictionary<int, CountyInfo> s_counties = new Dictionary<int, CountyInfo>
    {
        [140105] = TestSchemes.County(140105, 1), [140106] = TestSchemes.County(140106, 3),
    };

    private static MemoryStream Template(IEnumerable<AssessmentEntry>? existing = null)
    {
        var stream = new MemoryStream();
        EntryWorkbook.WriteTemplate(TestSchemes.Small(), s_counties, stream, existing);
        stream.Position = 0;
        return stream;
    }

    // The template's rows with one cell changed (row numbers as in Excel: the header is row 1).
    private static MemoryStream Edited(Action<List<object?[]>> edit, IEnumerable<AssessmentEntry>? existing = null)
    {
        using var template = Template(existing);
        var rows = Xlsx.Read(template, "t.xlsx", EntryWorkbook.SheetName)!.Skip(1)
            .Select(r => Enumerable.Range(0, EntryWorkbook.Columns.Count).Select(i => r[Xlsx.Letter(i)]).ToArray()).ToList();
        edit(rows);
        var stream = new MemoryStream();
        Xlsx.Write(stream, new XlsxSheet(EntryWorkbook.SheetName, EntryWorkbook.Columns, rows));
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public void WriteTemplate_OneRowPerCountyAndEnteredItem_ChineseHeaders()
    {
        using var stream = Template();

        var rows = Xlsx.Read(stream, "t.xlsx", EntryWorkbook.SheetName)!;

        // duty, practice, innovation, fraud per county; the KPI indicator and the KPI veto are not entered.
        Assert.Equal(1 + 2 * 4, rows.Count);
        Assert.Equal("县代码 / County code", rows[0]["B"]);
        Assert.Equal(["duty", "practice", "innovation", "fraud"], rows.Skip(1).Take(4).Select(r => Xlsx.Text(r["G"])));
        Assert.Equal("—", rows[1]["N"]); // duty takes no field-check value
    }

    [Fact]
    public void Read_TemplateWithExisting_SameEntriesAttributedToImporter()
    {
        AssessmentEntry[] existing =
        [
            TestSchemes.Entry(140105, "duty", EntrySource.Cross, 7.5), TestSchemes.Entry(140105, "duty", EntrySource.Self, 9),
            TestSchemes.Entry(140106, "practice", EntrySource.Cross, 2), TestSchemes.Entry(140106, "fraud", EntrySource.CovertVisit, 1),
        ];
        using var stream = Template(existing);

        var read = EntryWorkbook.Read(stream, "t.xlsx", TestSchemes.Small(), s_counties, "importer");

        Assert.Equal(existing.Select(e => (e.CountyCode, e.IndicatorId, e.Source, e.Value)).Order(), read.Select(e => (e.CountyCode, e.IndicatorId, e.Source, e.Value)).Order());
        Assert.All(read, e => Assert.Equal("importer", e.EnteredBy));
    }

    public static TheoryData<string, int, string, string> BadFiles { get; } = new()
    {
        // (case, row, column letter, words of the reason)
        { "out_of_range", 2, "L", "超出" },
        { "text", 2, "K", "不是数字" },
        { "wrong_source", 2, "N", "不接受" },
        { "unknown_county", 3, "B", "未知的县代码" },
        { "unknown_indicator", 2, "G", "没有可录入的指标" },
        { "year", 2, "A", "年度应为" },
        { "duplicate", 3, "G", "已在第 2 行出现" },
        { "flag", 5, "O", "否决项只能填" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Read_BadCell_RowAndColumnNamedNothingImported(string which, int row, string column, string reason)
    {
        var existing = new List<AssessmentEntry> { TestSchemes.Entry(140105, "duty", EntrySource.Cross, 7) };
        using var file = Edited(rows =>
        {
            switch (which)
            {
                case "out_of_range": rows[0][11] = 11.0; break;
                case "text": rows[0][10] = "优"; break;
                case "wrong_source": rows[0][13] = 5.0; break;
                case "unknown_county": rows[1][1] = 999999.0; break;
                case "unknown_indicator": rows[0][6] = "no_such"; break;
                case "year": rows[0][0] = 2024.0; break;
                case "duplicate": rows[1][6] = "duty"; break;
                case "flag": rows[3][14] = 0.5; break;
            }
        });

        var error = Assert.Throws<EntryImportException>(() => EntryWorkbook.Read(file, "bad.xlsx", TestSchemes.Small(), s_counties, "importer"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(row, problem.Row);
        Assert.StartsWith(column + " ", problem.Column);
        Assert.Contains(reason, problem.MessageZh);
        Assert.Single(existing);
        Assert.Equal(7, existing[0].Value);
    }

    [Fact]
    public void Read_ChangedHeader_Rejected()
    {
        using var template = Template();
        var rows = Xlsx.Read(template, "t.xlsx", EntryWorkbook.SheetName)!.Skip(1).Select(r => Enumerable.Range(0, 16).Select(i => r[Xlsx.Letter(i)]).ToArray()).ToList();
        var columns = EntryWorkbook.Columns.Select((c, i) => i == 2 ? c with { Header = "县" } : c).ToList();
        using var stream = new MemoryStream();
        Xlsx.Write(stream, new XlsxSheet(EntryWorkbook.SheetName, columns, rows));
        stream.Position = 0;

        var error = Assert.Throws<EntryImportException>(() => EntryWorkbook.Read(stream, "h.xlsx", TestSchemes.Small(), s_counties, "u"));

        Assert.Equal((1, "C"), (error.Problems[0].Row!.Value, error.Problems[0].Column!));
    }

    [Fact]
    public void Read_NotAWorkbook_ClearMessage()
    {
        using var stream = new MemoryStream("县代码,值\n140105,5\n"u8.ToArray());

        var error = Assert.Throws<EntryImportException>(() => EntryWorkbook.Read(stream, "entries.csv", TestSchemes.Small(), s_counties, "u"));

        Assert.Contains("entries.csv", error.Message);
        Assert.Contains("XLSX", error.Problems[0].MessageZh);
    }

    [Fact]
    public void Merge_ImportedValue_ReplacesSameCountyItemSource()
    {
        var existing = new[] { TestSchemes.Entry(1, "duty", EntrySource.Cross, 7), TestSchemes.Entry(1, "duty", EntrySource.Self, 9) };

        var merged = EntryWorkbook.Merge(existing, [TestSchemes.Entry(1, "duty", EntrySource.Cross, 8)]);

        Assert.Equal([(EntrySource.Self, 9.0), (EntrySource.Cross, 8.0)], merged.Select(e => (e.Source, e.Value)));
        Assert.Equal(7, existing[0].Value);
    }
}
