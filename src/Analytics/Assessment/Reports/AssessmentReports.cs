using System.Globalization;
using PdfSharp.Drawing;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// The year's reports: a PDF per county and one for the province, in Chinese (summary and grade, dimension chart,
/// indicator table, field-check rates with 95 % intervals, problems), and an XLSX of all scores.
/// </summary>
public static class AssessmentReports
{
    /// <summary>Writes every county's scores as XLSX: totals (one row per county), indicators (one row per county and
    /// item, with value, rule, working and sources) and field-check rates.</summary>
    /// <param name="result">The year's result.</param>
    /// <param name="stream">Where to write.</param>
    public static void WriteScoresWorkbook(AssessmentResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        var dimensionIds = result.Counties.SelectMany(c => c.Dimensions.Select(d => (d.Id, d.NameZh))).Distinct().ToList();
        IReadOnlyList<XlsxColumn> totalColumns =
        [
            new("县代码 / County code", 12), new("县名 / County", 12), new("所属市 / Prefecture", 10), new("县域类别 / Class", 12),
            new("基础得分 / Base score", 12), new("加分 / Bonus", 8), new("总分 / Score", 10), new("满分 / Full marks", 8),
            new("等次 / Grade", 8), new("类内排名 / Rank in class", 10), new("一票否决 / Vetoed by", 20),
            .. dimensionIds.Select(d => new XlsxColumn($"{d.NameZh} / {d.Id}", 10)),
            new("缺少录入 / Missing entries", 30), new("方案 / Scheme", 24), new("数据版本 / Data version", 24),
        ];
        var totals = result.Counties.OrderBy(c => c.CountyClass).ThenBy(c => c.RankInClass).Select(c => (object?[])
        [
            c.CountyCode, c.CountyName, c.PrefectureName, CodeLabels.CountyClass[c.CountyClass].Zh,
            Math.Round(c.BaseScore, 2), Math.Round(c.Bonus, 2), Math.Round(c.Score, 2), c.TotalPoints,
            AssessmentLabels.Of(c.Grade).Zh, c.RankInClass, string.Join("、", c.Vetoes.Select(v => v.NameZh)),
            .. dimensionIds.Select(d => (object?)Math.Round(c.Dimensions.FirstOrDefault(x => x.Id == d.Id)?.Score ?? 0, 2)),
            string.Join("; ", c.Missing.Select(m => $"{m.IndicatorId}/{AssessmentLabels.Id(m.Source)}")),
            $"{result.SchemeId} v{result.SchemeVersion} ({result.SchemeFingerprint})", result.DataVersion,
        ]);
        IReadOnlyList<XlsxColumn> itemColumns =
        [
            new("县代码 / County code", 12), new("县名 / County", 12), new("县域类别 / Class", 12), new("类型 / Kind", 8),
            new("维度 / Dimension", 12), new("指标编号 / Indicator id", 22), new("指标 / Indicator", 28), new("值 / Value", 10),
            new("单位 / Unit", 8), new("得分 / Points", 8), new("满分 / Max", 8), new("评分规则 / Rule", 40), new("计算过程 / Working", 50),
            new("来源 / Sources", 40), new("状态 / Status", 10),
        ];
        var items = result.Counties.OrderBy(c => c.CountyCode).SelectMany(c => c.Items.Select(i => new object?[]
        {
            c.CountyCode, c.CountyName, CodeLabels.CountyClass[c.CountyClass].Zh, KindZh(i.Kind),
            c.Dimensions.FirstOrDefault(d => d.Id == i.DimensionId)?.NameZh, i.Id, i.NameZh,
            i.Value is { } v ? Math.Round(v, 4) : null, i.Unit, Math.Round(i.Points, 4), i.MaxPoints, i.RuleZh, i.WorkingZh,
            Sources(i), StatusZh(i.Status),
        }));
        IReadOnlyList<XlsxColumn> fieldColumns =
        [
            new("县代码 / County code", 12), new("县名 / County", 12), new("指标 / Measure", 10), new("估计值 % / Estimate", 12),
            new("95%下限 / Lower", 10), new("95%上限 / Upper", 10), new("应答户 / Respondents", 10), new("发现户 / Cases", 10), new("设计效应 / Design effect", 10),
        ];
        var field = result.FieldChecks.OrderBy(f => f.Key).SelectMany(f => Enum.GetValues<FieldMeasure>().Select(m =>
        {
            var e = f.Value.For(m);
            var county = result.County(f.Key);
            return new object?[]
            {
                f.Key, county?.CountyName, AssessmentLabels.Of(m).Zh, Round(e.Estimate), Round(e.Lower), Round(e.Upper), e.Respondents, e.Cases, Round(e.DesignEffect),
            };
        }));
        Xlsx.Write(stream,
            new XlsxSheet("总分 Totals", totalColumns, totals),
            new XlsxSheet("指标得分 Indicators", itemColumns, items),
            new XlsxSheet("实地核查 Field check", fieldColumns, field));
    }

    /// <summary>Writes a county's report as PDF.</summary>
    /// <param name="result">The year's result.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="problems">Problems (those of other counties are ignored).</param>
    /// <param name="stream">Where to write.</param>
    /// <param name="today">The day overdue problems are judged on; null for today.</param>
    /// <exception cref="ArgumentException">The result has no such county.</exception>
    /// <exception cref="FileNotFoundException">A report font is missing (the message names the Debian package).</exception>
    public static void WriteCountyPdf(AssessmentResult result, int countyCode, IReadOnlyCollection<AssessmentProblem> problems, Stream stream, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(stream);
        var county = result.County(countyCode)
            ?? throw new ArgumentException($"结果中没有县 {countyCode} / the result has no county {countyCode}", nameof(countyCode));
        var day = today ?? DateOnly.FromDateTime(DateTime.Today);
        var canvas = new PdfCanvas($"{result.Year} {county.CountyName} 后评估报告", $"{result.Year}年度巩固拓展脱贫攻坚成果后评估 · {county.CountyName}");
        CountyReport.Write(canvas, result, county, problems.Where(p => p.CountyCode == countyCode).ToList(), day);
        canvas.Save(stream);
    }

    /// <summary>Writes the province report as PDF: grades by class, rankings, field-check rates, problems.</summary>
    /// <param name="result">The year's result.</param>
    /// <param name="problems">All problems of the year.</param>
    /// <param name="stream">Where to write.</param>
    /// <param name="today">The day overdue problems are judged on; null for today.</param>
    /// <exception cref="FileNotFoundException">A report font is missing.</exception>
    public static void WriteProvincePdf(AssessmentResult result, IReadOnlyCollection<AssessmentProblem> problems, Stream stream, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(stream);
        var canvas = new PdfCanvas($"{result.Year} 全省后评估报告", $"{result.Year}年度巩固拓展脱贫攻坚成果后评估 · 全省汇总");
        ProvinceReport.Write(canvas, result, problems, today ?? DateOnly.FromDateTime(DateTime.Today));
        canvas.Save(stream);
    }

    internal static string Sources(ItemScore item) => string.Join("; ", item.Inputs.Select(i => i.KpiId is { } kpi
        ? $"KPI {kpi}"
        : $"{AssessmentLabels.Of(i.Source!.Value).Zh} {ScoringRule.N(Math.Round(i.Value, 2))}{(item.Inputs.Count > 1 ? $" ×{i.Weight:0.##}" : string.Empty)}{(i.EnteredBy is { } by ? $"({by})" : string.Empty)}"));

    internal static string KindZh(ItemKind kind) => kind switch
    {
        ItemKind.Indicator => "指标",
        ItemKind.Bonus => "加分项",
        _ => "否决项",
    };

    internal static string StatusZh(ItemStatus status) => status switch
    {
        ItemStatus.Complete => "完整",
        ItemStatus.Partial => "部分来源",
        _ => "无数值",
    };

    internal static string F(double? value, int decimals = 2) =>
        value is { } v ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "—";

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    internal static XColor GradeColor(AssessmentGrade grade) => grade switch
    {
        AssessmentGrade.Good => XColor.FromArgb(46, 125, 50),
        AssessmentGrade.FairlyGood => XColor.FromArgb(124, 179, 66),
        AssessmentGrade.Average => XColor.FromArgb(230, 160, 0),
        _ => XColor.FromArgb(198, 40, 40),
    };
}
