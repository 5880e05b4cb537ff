using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>One problem of an entry or of a row of an imported file: where (row and column, for a file), and why.</summary>
/// <param name="Row">1-based spreadsheet row, or null for an entry given in code.</param>
/// <param name="Column">Column letter and header (e.g. <c>H 交叉评价</c>), or the entry's field.</param>
/// <param name="MessageZh">Why, Chinese.</param>
/// <param name="MessageEn">Why, English.</param>
public sealed record EntryProblem(int? Row, string? Column, string MessageZh, string MessageEn)
{
    /// <summary>One line, Chinese then English.</summary>
    public override string ToString() => Row is { } row
        ? $"第 {row} 行 {Column} 列:{MessageZh} / row {row}, column {Column}: {MessageEn}"
        : $"{Column}:{MessageZh} / {Column}: {MessageEn}";
}

/// <summary>Entries (or a file of entries, or of field results) that cannot be taken; nothing was changed.</summary>
public sealed class EntryImportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="what">What was read (a file name), for the first line.</param>
    /// <param name="problems">Every problem found (at least one).</param>
    public EntryImportException(string what, IReadOnlyList<EntryProblem> problems)
        : base($"{what} 有 {problems.Count} 处错误,未导入任何数据 / {what} has {problems.Count} problem(s); nothing was imported:\n"
            + string.Join('\n', problems.Take(50).Select(p => "  " + p)) + (problems.Count > 50 ? $"\n  … 另有 {problems.Count - 50} 处 / {problems.Count - 50} more" : string.Empty))
    {
        Problems = problems;
    }

    /// <summary>Every problem.</summary>
    public IReadOnlyList<EntryProblem> Problems { get; }
}

/// <summary>What an entry must satisfy against a scheme: the year, a known county, an entered item of the county's
/// scorecard, one of its sources, a finite value in range, and no second entry for the same county, item and source.</summary>
internal static class EntryRules
{
    /// <summary>The problem of one entry's fields (null when fine); duplicates are checked by the caller.</summary>
    public static (string Field, string Zh, string En)? Check(AssessmentScheme scheme, IReadOnlyDictionary<int, CountyInfo> counties, AssessmentEntry entry)
    {
        if (entry.Year != scheme.Year)
        {
            return ("year", $"年度 {entry.Year} 与方案年度 {scheme.Year} 不符", $"year {entry.Year} differs from the scheme's year {scheme.Year}");
        }

        if (!counties.TryGetValue(entry.CountyCode, out var county))
        {
            return ("county_code", $"未知的县代码 {entry.CountyCode}", $"unknown county code {entry.CountyCode}");
        }

        var card = scheme.ScorecardFor(county.CountyClass);
        var item = card.Find(entry.IndicatorId);
        var classZh = CodeLabels.CountyClass[county.CountyClass].Zh;
        if (item is null)
        {
            return ("indicator_id", $"{county.Name}({classZh})的评分表中没有指标 {MetricArgumentException.Shorten(entry.IndicatorId)}",
                $"the scorecard of {county.Name} (class {county.CountyClass}) has no indicator {MetricArgumentException.Shorten(entry.IndicatorId)}");
        }

        if (item.Kpi is not null)
        {
            return ("indicator_id", $"指标 {item.Id}({item.NameZh})由数据计算(KPI {item.Kpi}),不能录入", $"indicator {item.Id} is computed from KPI {item.Kpi} and cannot be entered");
        }

        if (!item.Sources.Contains(entry.Source))
        {
            var (zh, en) = AssessmentLabels.Of(entry.Source);
            return ("source", $"指标 {item.Id}({item.NameZh})不接受{zh}的评分,只接受:{string.Join("、", item.Sources.Select(s => AssessmentLabels.Of(s).Zh))}",
                $"indicator {item.Id} takes no {en} score, only: {string.Join(", ", item.Sources.Select(s => AssessmentLabels.Of(s).En))}");
        }

        if (!double.IsFinite(entry.Value))
        {
            return ("value", "数值无效", "the value is not a finite number");
        }

        var (min, max) = RangeOf(item);
        if (entry.Value < min || entry.Value > max)
        {
            return ("value", $"数值 {ScoringRule.N(entry.Value)} 超出 {ScoringRule.N(min)}–{ScoringRule.N(max)}({item.NameZh})",
                $"value {ScoringRule.N(entry.Value)} is outside {ScoringRule.N(min)}–{ScoringRule.N(max)} ({item.NameEn})");
        }

        if (item.Unit == "flag" && entry.Value is not (0 or 1))
        {
            return ("value", "否决项只能填 1(发现)或 0(未发现)", "a veto flag takes 1 (found) or 0 (not found)");
        }

        if (string.IsNullOrWhiteSpace(entry.EnteredBy))
        {
            return ("entered_by", "未注明录入人", "the entry names no user");
        }

        return null;
    }

    /// <summary>The values an item accepts.</summary>
    public static (double Min, double Max) RangeOf(IScoredItem item) => item switch
    {
        SchemeIndicator { Rule: EnteredPointsRule } indicator => (0, indicator.Points),
        { Unit: "%" } => (0, 100),
        { Unit: "flag" } => (0, 1),
        _ => (double.MinValue, double.MaxValue),
    };

    /// <summary>Every problem of <paramref name="entries"/>, or none.</summary>
    public static List<EntryProblem> CheckAll(AssessmentScheme scheme, IReadOnlyDictionary<int, CountyInfo> counties, IEnumerable<AssessmentEntry> entries)
    {
        var problems = new List<EntryProblem>();
        var seen = new HashSet<(int, string, EntrySource)>();
        foreach (var entry in entries)
        {
            var where = $"{entry.CountyCode}/{entry.IndicatorId}/{AssessmentLabels.Id(entry.Source)}";
            if (Check(scheme, counties, entry) is { } problem)
            {
                problems.Add(new EntryProblem(null, $"{where} {problem.Field}", problem.Zh, problem.En));
            }
            else if (!seen.Add((entry.CountyCode, entry.IndicatorId, entry.Source)))
            {
                problems.Add(new EntryProblem(null, where, "同一县、指标和来源有两条录入", "two entries for the same county, indicator and source"));
            }
        }

        return problems;
    }
}
