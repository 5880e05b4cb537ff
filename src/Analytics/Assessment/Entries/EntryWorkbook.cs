using System.Globalization;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// The entry template (录入模板): one row per county × entered item (base, bonus and entered veto items), one value
/// column per source; a source that does not score the item shows "—". The same file, filled in, is imported back:
/// every row and cell is checked, and one bad cell rejects the whole file (nothing is imported).
/// </summary>
public static class EntryWorkbook
{
    /// <summary>Sheet name of the template.</summary>
    public const string SheetName = "录入 Entries";

    private static readonly EntrySource[] s_sources = Enum.GetValues<EntrySource>();

    internal static IReadOnlyList<XlsxColumn> Columns { get; } =
    [
        new("年度 / Year", 8),
        new("县代码 / County code", 12),
        new("县名 / County", 12),
        new("所属市 / Prefecture", 10),
        new("县域类别 / Class", 12),
        new("维度 / Dimension", 12),
        new("指标编号 / Indicator id", 24),
        new("指标名称 / Indicator", 30),
        new("满分或取值 / Points or range", 14),
        new("评分规则 / Rule", 40),
        new("自评 / Self", 10),
        new("市际交叉评价 / Cross", 12),
        new("第三方评估 / Third party", 12),
        new("实地核查 / Field check", 12),
        new("暗访 / Covert visit", 12),
        new("备注 / Note", 30),
    ];

    private const int SourceColumn = 10;
    private const int NoteColumn = 15;

    /// <summary>Writes the template for the scheme's year, pre-filled with <paramref name="existing"/> entries.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="counties">The counties with their class.</param>
    /// <param name="stream">Where to write.</param>
    /// <param name="existing">Entries to show in the cells; null for an empty template.</param>
    public static void WriteTemplate(AssessmentScheme scheme, IReadOnlyDictionary<int, CountyInfo> counties, Stream stream, IEnumerable<AssessmentEntry>? existing = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(counties);
        ArgumentNullException.ThrowIfNull(stream);
        var values = (existing ?? []).ToDictionary(e => (e.CountyCode, e.IndicatorId, e.Source));
        Xlsx.Write(stream, new XlsxSheet(SheetName, Columns, Rows(scheme, counties, values)));
    }

    private static IEnumerable<object?[]> Rows(AssessmentScheme scheme, IReadOnlyDictionary<int, CountyInfo> counties, Dictionary<(int, string, EntrySource), AssessmentEntry> values)
    {
        foreach (var county in counties.Values.OrderBy(c => c.CountyClass).ThenBy(c => c.Code))
        {
            var card = scheme.ScorecardFor(county.CountyClass);
            foreach (var (item, dimension) in EnteredItems(card))
            {
                var row = new object?[Columns.Count];
                row[0] = scheme.Year;
                row[1] = county.Code;
                row[2] = county.Name;
                row[3] = county.PrefectureName;
                row[4] = CodeLabels.CountyClass[county.CountyClass].Zh;
                row[5] = dimension;
                row[6] = item.Id;
                row[7] = item.NameZh;
                var (min, max) = EntryRules.RangeOf(item);
                row[8] = item is SchemeIndicator { Rule: EnteredPointsRule } indicator ? indicator.Points : $"{ScoringRule.N(min)}–{ScoringRule.N(max)}{(item.Unit == "%" ? "%" : string.Empty)}";
                row[9] = item switch
                {
                    SchemeIndicator i => i.Rule.Describe(i.Points, i.Unit).Zh,
                    VetoItem v => $"否决项:发现填 1,未发现填 0 或留空 / veto: 1 if found",
                    _ => null,
                };
                for (var s = 0; s < s_sources.Length; s++)
                {
                    row[SourceColumn + s] = !item.Sources.Contains(s_sources[s]) ? "—"
                        : values.TryGetValue((county.Code, item.Id, s_sources[s]), out var entry) ? entry.Value : null;
                }

                row[NoteColumn] = item.Sources.Select(s => values.GetValueOrDefault((county.Code, item.Id, s))?.Note).FirstOrDefault(n => n is not null);
                yield return row;
            }
        }
    }

    private static IEnumerable<(IScoredItem Item, string Dimension)> EnteredItems(Scorecard card)
    {
        foreach (var dimension in card.Dimensions)
        {
            foreach (var indicator in dimension.Indicators.Where(i => i.Kpi is null))
            {
                yield return (indicator, dimension.NameZh);
            }
        }

        foreach (var bonus in card.Bonus.Where(b => b.Kpi is null))
        {
            yield return (bonus, "加分项");
        }

        foreach (var veto in card.Vetoes.Where(v => v.Kpi is null))
        {
            yield return (veto, "否决项");
        }
    }

    /// <summary>Reads a filled-in template. Every non-empty source cell becomes an entry attributed to
    /// <paramref name="enteredBy"/>; blank and "—" cells are no entry.</summary>
    /// <param name="stream">The XLSX file.</param>
    /// <param name="fileName">Its name, for messages.</param>
    /// <param name="scheme">The scheme it was made for.</param>
    /// <param name="counties">The counties with their class.</param>
    /// <param name="enteredBy">The user importing it.</param>
    /// <param name="acceptedCounties">The counties the importing user may enter for (their data scope); a row of another
    /// county is a problem naming it. Null accepts every county.</param>
    /// <returns>The entries, all valid.</returns>
    /// <exception cref="EntryImportException">Anything wrong: not an XLSX file, no sheet <see cref="SheetName"/>, a
    /// changed header, a wrong year, county or indicator, a value that is not a number or out of range, a value for a
    /// source that does not score the item, a county and item twice, a county outside <paramref name="acceptedCounties"/>.
    /// Each problem names row and column.</exception>
    public static IReadOnlyList<AssessmentEntry> Read(Stream stream, string fileName, AssessmentScheme scheme, IReadOnlyDictionary<int, CountyInfo> counties, string enteredBy, IReadOnlySet<int>? acceptedCounties = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(counties);
        ArgumentException.ThrowIfNullOrWhiteSpace(enteredBy);
        var rows = Xlsx.Read(stream, fileName, SheetName)
            ?? throw new EntryImportException(fileName, [new EntryProblem(null, "sheet", $"工作簿中没有名为“{SheetName}”的工作表", $"the workbook has no sheet named \"{SheetName}\"")]);
        var problems = Xlsx.CheckHeader(rows.FirstOrDefault(), Columns);
        if (problems.Count > 0)
        {
            throw new EntryImportException(fileName, problems);
        }

        var entries = new List<AssessmentEntry>();
        var seen = new Dictionary<(int, string), int>();
        var now = DateTimeOffset.UtcNow;
        foreach (var row in rows.Skip(1))
        {
            if (row.Cells.Values.All(v => Xlsx.Text(v).Length == 0))
            {
                continue;
            }

            string Col(int i) => $"{Xlsx.Letter(i)} {Columns[i].Header}";
            var year = Xlsx.Number(row[Xlsx.Letter(0)]);
            if (year != scheme.Year)
            {
                problems.Add(new EntryProblem(row.Number, Col(0), $"年度应为 {scheme.Year},实为“{Xlsx.Text(row[Xlsx.Letter(0)])}”", $"the year should be {scheme.Year}, found \"{Xlsx.Text(row[Xlsx.Letter(0)])}\""));
                continue;
            }

            var code = Xlsx.Number(row[Xlsx.Letter(1)]);
            if (code is not { } c || c != Math.Floor(c) || !counties.TryGetValue((int)c, out var county))
            {
                problems.Add(new EntryProblem(row.Number, Col(1), $"未知的县代码“{Xlsx.Text(row[Xlsx.Letter(1)])}”", $"unknown county code \"{Xlsx.Text(row[Xlsx.Letter(1)])}\""));
                continue;
            }

            if (acceptedCounties is not null && !acceptedCounties.Contains(county.Code))
            {
                problems.Add(new EntryProblem(row.Number, Col(1), $"{county.Name}({county.Code})不在您的数据范围内", $"{county.Name} ({county.Code}) is outside your data scope"));
                continue;
            }

            var id = Xlsx.Text(row[Xlsx.Letter(6)]);
            var item = scheme.ScorecardFor(county.CountyClass).Find(id);
            if (item is null || item.Kpi is not null)
            {
                problems.Add(new EntryProblem(row.Number, Col(6), $"{county.Name}的评分表中没有可录入的指标“{MetricArgumentException.Shorten(id)}”",
                    $"the scorecard of {county.Name} has no enterable indicator \"{MetricArgumentException.Shorten(id)}\""));
                continue;
            }

            if (seen.TryGetValue((county.Code, id), out var first))
            {
                problems.Add(new EntryProblem(row.Number, Col(6), $"{county.Name} 的指标 {id} 已在第 {first} 行出现", $"{county.Name}, indicator {id} already appears in row {first}"));
                continue;
            }

            seen[(county.Code, id)] = row.Number;
            var note = Xlsx.Text(row[Xlsx.Letter(NoteColumn)]);
            for (var s = 0; s < s_sources.Length; s++)
            {
                var cell = row[Xlsx.Letter(SourceColumn + s)];
                var value = Xlsx.Number(cell);
                if (value is null)
                {
                    continue;
                }

                if (double.IsNaN(value.Value))
                {
                    problems.Add(new EntryProblem(row.Number, Col(SourceColumn + s), $"“{MetricArgumentException.Shorten(Xlsx.Text(cell))}”不是数字", $"\"{MetricArgumentException.Shorten(Xlsx.Text(cell))}\" is not a number"));
                    continue;
                }

                var entry = new AssessmentEntry
                {
                    Year = scheme.Year,
                    CountyCode = county.Code,
                    IndicatorId = item.Id,
                    Source = s_sources[s],
                    Value = value.Value,
                    EnteredBy = enteredBy,
                    EnteredAt = now,
                    Note = note.Length == 0 ? null : note,
                };
                if (EntryRules.Check(scheme, counties, entry) is { } problem)
                {
                    problems.Add(new EntryProblem(row.Number, Col(SourceColumn + s), problem.Zh, problem.En));
                }
                else
                {
                    entries.Add(entry);
                }
            }
        }

        return problems.Count > 0 ? throw new EntryImportException(fileName, problems) : entries;
    }

    /// <summary>Merges imported entries into existing ones: an imported entry replaces the existing entry for the same
    /// county, item and source; the rest stay. Returns a new list; <paramref name="existing"/> is not changed.</summary>
    /// <param name="existing">Entries kept so far.</param>
    /// <param name="imported">Entries just imported.</param>
    public static IReadOnlyList<AssessmentEntry> Merge(IEnumerable<AssessmentEntry> existing, IEnumerable<AssessmentEntry> imported)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(imported);
        var merged = existing.ToDictionary(e => (e.Year, e.CountyCode, e.IndicatorId, e.Source));
        foreach (var entry in imported)
        {
            merged[(entry.Year, entry.CountyCode, entry.IndicatorId, entry.Source)] = entry;
        }

        return merged.Values.OrderBy(e => e.CountyCode).ThenBy(e => e.IndicatorId, StringComparer.Ordinal).ThenBy(e => e.Source).ToList();
    }

    internal static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
