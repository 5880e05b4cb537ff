using System.Globalization;
using PdfSharp.Drawing;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>The province report's pages: overview by class, charts, rankings per class, field-check rates, problems.</summary>
internal static class ProvinceReport
{
    public static void Write(PdfCanvas canvas, AssessmentResult result, IReadOnlyCollection<AssessmentProblem> problems, DateOnly today)
    {
        canvas.Heading($"{result.Year}年度巩固拓展脱贫攻坚成果后评估 全省汇总报告", 16);
        canvas.Paragraph($"Post-assessment {result.Year}: province summary · {result.Counties.Count} 个县级单位 county-level units", 10, XColors.DimGray);
        canvas.Paragraph($"方案 Scheme:{result.SchemeNameZh}({result.SchemeId} v{result.SchemeVersion},指纹 {result.SchemeFingerprint});数据版本 {result.DataVersion}", 7.5, XColors.Gray);

        canvas.Heading("一、分类等次 Grades by class");
        var grades = Enum.GetValues<AssessmentGrade>();
        canvas.Table(
            [("县域类别 Class", 2.2), ("县数 Counties", 1.1), .. grades.Select(g => ($"{AssessmentLabels.Of(g).Zh} {AssessmentLabels.Of(g).En}", 1.1)), ("平均分 Mean", 1.1), ("一票否决 Vetoed", 1.2)],
            Enumerable.Range(1, 3).Select(c =>
            {
                var counties = result.Counties.Where(x => x.CountyClass == c).ToList();
                return (string[])
                [
                    $"{CodeLabels.CountyClass[c].Zh} {CodeLabels.CountyClass[c].En}", counties.Count.ToString(CultureInfo.InvariantCulture),
                    .. grades.Select(g => counties.Count(x => x.Grade == g).ToString(CultureInfo.InvariantCulture)),
                    counties.Count > 0 ? counties.Average(x => x.Score).ToString("0.00", CultureInfo.InvariantCulture) : "—",
                    counties.Count(x => x.Vetoed).ToString(CultureInfo.InvariantCulture),
                ];
            }));
        canvas.Image(AssessmentCharts.Grades(result), canvas.Width * 0.8);
        canvas.Image(AssessmentCharts.Scores(result), canvas.Width * 0.8);

        canvas.Heading("二、分类排名 Ranking within each class");
        var dimensionNames = result.Counties.SelectMany(c => c.Dimensions).Select(d => (d.Id, d.NameZh)).Distinct().ToList();
        for (var c = 1; c <= 3; c++)
        {
            var counties = result.Counties.Where(x => x.CountyClass == c).OrderBy(x => x.RankInClass).ToList();
            canvas.Heading($"{CodeLabels.CountyClass[c].Zh}({counties.Count} 个)", 11);
            canvas.Table(
                [("排名", 0.7), ("县 County", 1.6), ("市", 1.1), ("总分", 1), ("等次", 0.8), .. dimensionNames.Select(d => (d.NameZh, 1.0)), ("否决 / 缺录", 1.5)],
                counties.Select(x => (string[])
                [
                    x.RankInClass.ToString(CultureInfo.InvariantCulture), x.CountyName, x.PrefectureName, x.Score.ToString("0.00", CultureInfo.InvariantCulture),
                    AssessmentLabels.Of(x.Grade).Zh,
                    .. dimensionNames.Select(d => (x.Dimensions.FirstOrDefault(y => y.Id == d.Id)?.Score ?? 0).ToString("0.0", CultureInfo.InvariantCulture)),
                    x.Vetoed ? "否决:" + string.Join("、", x.Vetoes.Select(v => v.NameZh)) : x.Missing.Count > 0 ? $"缺 {x.Missing.Count} 项" : string.Empty,
                ]),
                size: 7.5,
                shade: (index, _) => counties[index].Grade == AssessmentGrade.Poor ? XColor.FromArgb(253, 236, 234) : null);
        }

        canvas.Heading("三、实地核查 Field check (95% intervals)");
        if (result.FieldChecks.Count == 0)
        {
            canvas.Paragraph("本年度尚无实地核查结果。 No field-check results this year.", 9, XColors.DimGray);
        }
        else
        {
            var flagged = result.FieldChecks.Values
                .Where(f => f.WronglyExited.Estimate > 2 || f.Missed.Estimate > 2 || f.Approval.Estimate < 90)
                .OrderBy(f => f.CountyCode)
                .ToList();
            canvas.Paragraph($"{result.FieldChecks.Count} 个县完成实地核查;{flagged.Count} 个县至少一项估计值未达参考标准(错退率、漏评率 ≤ 2%,认可度 ≥ 90%)。 {result.FieldChecks.Count} counties checked; {flagged.Count} miss a standard on the estimate.", 9);
            static string Cell(RateEstimate e) => e.Estimate is { } v ? $"{v:0.0} [{e.Lower:0.0}, {e.Upper:0.0}]" : "—";
            var checks = result.FieldChecks.Values.OrderBy(f => f.CountyCode).ToList();

            // Names repeat across prefectures (城区, 郊区): name the prefecture, and shade by position, not by name.
            canvas.Table(
                [("县 County", 1.8), ("错退率 % wrong exit", 2), ("漏评率 % missed", 2), ("认可度 % approval", 2), ("样本户 n", 0.8)],
                checks.Select(f => new[]
                {
                    result.County(f.CountyCode) is { } c ? $"{c.CountyName}({c.PrefectureName})" : f.CountyCode.ToString(CultureInfo.InvariantCulture),
                    Cell(f.WronglyExited), Cell(f.Missed), Cell(f.Approval), f.Approval.Respondents.ToString(CultureInfo.InvariantCulture),
                }),
                size: 7,
                shade: (index, _) => flagged.Contains(checks[index]) ? XColor.FromArgb(255, 243, 224) : null);
        }

        canvas.Heading("四、问题整改 Problems and rectification");
        canvas.Table(
            [("县域类别 Class", 2), ("问题 Problems", 1.2), ("整改中", 1), ("已整改", 1), ("已销号", 1), ("逾期 Overdue", 1), ("整改完成率", 1.3)],
            Enumerable.Range(0, 4).Select(c =>
            {
                var list = c == 0 ? problems : problems.Where(p => result.County(p.CountyCode)?.CountyClass == c).ToList();
                var s = ProblemRules.Summarize(list, today);
                return new[]
                {
                    c == 0 ? "全省 Province" : CodeLabels.CountyClass[c].Zh, s.Total.ToString(CultureInfo.InvariantCulture),
                    s.InProgress.ToString(CultureInfo.InvariantCulture), s.Rectified.ToString(CultureInfo.InvariantCulture),
                    s.Closed.ToString(CultureInfo.InvariantCulture), s.Overdue.ToString(CultureInfo.InvariantCulture),
                    s.RectificationRate is { } r ? $"{r:0.0}%" : "—",
                };
            }));
    }
}
