using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>A household of the field list with what the team needs to find it.</summary>
internal sealed record FieldListHousehold(long HouseholdId, string HeadName, string HeadIdNumber, string HeadPhone, int HouseholdSize);

/// <summary>
/// The field list (实地核查名单) for the teams: one row per sampled household with its village, stratum and weight,
/// the head's name, ID number and phone (masked unless the caller may see personal data), and the three questions to
/// answer with 是 or 否 ("—" where a question does not apply). The same file, filled in, is read back as results.
/// </summary>
public static class FieldListWorkbook
{
    /// <summary>Sheet name.</summary>
    public const string SheetName = "核查名单 Field list";

    private const string NotApplicable = "—";

    internal static IReadOnlyList<XlsxColumn> Columns { get; } =
    [
        new("序号 / No.", 6),
        new("县代码 / County code", 12),
        new("村代码 / Village code", 16),
        new("村名 / Village", 12),
        new("户编号 / Household id", 12),
        new("抽样层 / Stratum", 18),
        new("户主姓名 / Head of household", 12),
        new("身份证号 / ID number", 22),
        new("联系电话 / Phone", 14),
        new("家庭人口 / Household size", 10),
        new("抽样权数 / Weight", 10),
        new("退出是否准确 / Exit correct", 14),
        new("是否漏评 / Missed", 12),
        new("是否认可 / Approves", 12),
        new("核查人 / Checked by", 12),
        new("备注 / Note", 30),
    ];

    internal static void Write(FieldSample sample, IReadOnlyDictionary<long, FieldListHousehold> details, Stream stream)
    {
        var villages = sample.Villages.ToDictionary(v => v.VillageCode, v => v.VillageName);
        var rows = sample.Households.Select((h, i) =>
        {
            var d = details[h.HouseholdId];
            return new object?[]
            {
                i + 1, sample.CountyCode, h.VillageCode, villages.GetValueOrDefault(h.VillageCode), h.HouseholdId,
                AssessmentLabels.Of(h.Stratum).Zh, d.HeadName, d.HeadIdNumber, d.HeadPhone, d.HouseholdSize, Math.Round(h.Weight, 2),
                h.AskExit ? null : NotApplicable, h.AskMissed ? null : NotApplicable, null, null, null,
            };
        });
        Xlsx.Write(stream, new XlsxSheet(SheetName, Columns, rows));
    }

    /// <summary>Reads the results the teams entered in the field list of <paramref name="sample"/>. Rows whose three
    /// questions are all blank are households not (yet) visited and are left out.</summary>
    /// <param name="sample">The sample the list was made from.</param>
    /// <param name="stream">The filled-in XLSX file.</param>
    /// <param name="fileName">Its name, for messages.</param>
    /// <returns>One result per visited household.</returns>
    /// <exception cref="EntryImportException">Not the field list (sheet, headers), a household outside the sample or
    /// twice, an answer other than 是/否, an answer to a question that does not apply, no checker; each problem names row
    /// and column, and nothing is returned.</exception>
    public static IReadOnlyList<FieldResult> ReadResults(FieldSample sample, Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(stream);
        var rows = Xlsx.Read(stream, fileName, SheetName)
            ?? throw new EntryImportException(fileName, [new EntryProblem(null, "sheet", $"工作簿中没有名为“{SheetName}”的工作表", $"the workbook has no sheet named \"{SheetName}\"")]);
        var problems = Xlsx.CheckHeader(rows.FirstOrDefault(), Columns);
        if (problems.Count > 0)
        {
            throw new EntryImportException(fileName, problems);
        }

        var results = new List<(int? Row, FieldResult Result)>();
        foreach (var row in rows.Skip(1))
        {
            if (row.Cells.Values.All(v => Xlsx.Text(v).Length == 0))
            {
                continue;
            }

            var id = Xlsx.Number(row["E"]);
            if (id is not { } value || double.IsNaN(value) || value != Math.Floor(value))
            {
                problems.Add(new EntryProblem(row.Number, FieldListColumns.HouseholdId, $"户编号“{MetricArgumentException.Shorten(Xlsx.Text(row["E"]))}”无效", $"household id \"{MetricArgumentException.Shorten(Xlsx.Text(row["E"]))}\" is not valid"));
                continue;
            }

            bool? Answer(string letter, string column)
            {
                var text = Xlsx.Text(row[letter]);
                switch (text)
                {
                    case "" or NotApplicable:
                        return null;
                    case "是" or "1":
                        return true;
                    case "否" or "0":
                        return false;
                    default:
                        problems.Add(new EntryProblem(row.Number, column, $"应填“是”或“否”,实为“{MetricArgumentException.Shorten(text)}”", $"expected 是 (yes) or 否 (no), found \"{MetricArgumentException.Shorten(text)}\""));
                        return null;
                }
            }

            var exit = Answer("L", FieldListColumns.ExitCorrect);
            var missed = Answer("M", FieldListColumns.Missed);
            var approves = Answer("N", FieldListColumns.Approves);
            if (exit is null && missed is null && approves is null)
            {
                continue;
            }

            var note = Xlsx.Text(row["P"]);
            results.Add((row.Number, new FieldResult((long)value, exit, missed, approves, Xlsx.Text(row["O"]), note.Length == 0 ? null : note)));
        }

        problems.AddRange(FieldResultRules.Check(sample, results));
        return problems.Count > 0
            ? throw new EntryImportException(fileName, problems.OrderBy(p => p.Row).ToList())
            : results.Select(r => r.Result).ToList();
    }
}
