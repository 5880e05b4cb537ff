using PdfSharp.Drawing;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>The county report's pages: summary and grade, dimension chart and table, indicators, field check, problems.</summary>
internal static class CountyReport
{
    public static void Write(PdfCanvas canvas, AssessmentResult result, CountyAssessment county, IReadOnlyList<AssessmentProblem> problems, DateOnly today)
    {
        var (gradeZh, gradeEn) = AssessmentLabels.Of(county.Grade);
        var classZh = CodeLabels.CountyClass[county.CountyClass].Zh;
        canvas.Heading($"{result.Year}年度巩固拓展脱贫攻坚成果后评估报告", 16);
        canvas.Paragraph($"{county.CountyName}({county.PrefectureName} · {classZh})  Post-assessment {result.Year}, {county.CountyName}", 10, XColors.DimGray);
        canvas.Gap(4);

        // Summary box: score, grade, rank.
        var top = canvas.Y;
        canvas.Rectangle(PdfCanvas.Margin, top, canvas.Width, 62, XColor.FromArgb(246, 248, 251), XColors.Silver);
        canvas.Text("总分 Score", PdfCanvas.Margin + 12, top + 8, 9, XColors.DimGray);
        canvas.Text($"{county.Score:0.00}", PdfCanvas.Margin + 12, top + 22, 22, XColors.Black, bold: true);
        canvas.Text($"满分 {county.TotalPoints:0} + 加分 {county.Bonus:0.##}", PdfCanvas.Margin + 12, top + 48, 8, XColors.DimGray);
        canvas.Text("等次 Grade", PdfCanvas.Margin + 170, top + 8, 9, XColors.DimGray);
        canvas.Text($"{gradeZh}", PdfCanvas.Margin + 170, top + 22, 22, AssessmentReports.GradeColor(county.Grade), bold: true);
        canvas.Text(gradeEn, PdfCanvas.Margin + 170, top + 48, 8, XColors.DimGray);
        canvas.Text("类内排名 Rank in class", PdfCanvas.Margin + 300, top + 8, 9, XColors.DimGray);
        canvas.Text($"{county.RankInClass} / {county.ClassSize}", PdfCanvas.Margin + 300, top + 22, 22, XColors.Black, bold: true);
        canvas.Text(classZh, PdfCanvas.Margin + 300, top + 48, 8, XColors.DimGray);
        canvas.Y = top + 70;
        if (county.Vetoed)
        {
            canvas.Paragraph($"一票否决:{string.Join("、", county.Vetoes.Select(v => v.NameZh))},等次评为“差”。 Vetoed: {string.Join(", ", county.Vetoes.Select(v => v.NameEn))}.", 10, XColors.DarkRed);
        }

        if (county.Missing.Count > 0)
        {
            canvas.Paragraph($"缺少 {county.Missing.Count} 项录入(按 0 分或其余来源计):{string.Join("、", county.Missing.Select(m => $"{m.IndicatorId}/{AssessmentLabels.Of(m.Source).Zh}"))}", 8.5, XColors.DarkOrange);
        }

        canvas.Paragraph($"方案 Scheme:{result.SchemeNameZh}({result.SchemeId} v{result.SchemeVersion},指纹 {result.SchemeFingerprint});数据版本 data version {result.DataVersion}", 7.5, XColors.Gray);

        canvas.Heading("一、各维度得分 Dimension scores");
        var peers = result.Counties.Where(c => c.CountyClass == county.CountyClass).ToList();
        canvas.Image(AssessmentCharts.Dimensions(county, peers), canvas.Width * 0.92);
        canvas.Table(
            [("维度 Dimension", 3), ("满分 Max", 1.2), ("得分 Score", 1.2), ("得分率 Rate", 1.2), ("同类县均值 Class mean", 1.6)],
            county.Dimensions.Select(d =>
            {
                var mean = peers.Average(p => p.Dimensions.First(x => x.Id == d.Id).Score);
                return new[] { $"{d.NameZh} {d.NameEn}", $"{d.Points:0.##}", $"{d.Score:0.00}", d.Points > 0 ? $"{100 * d.Score / d.Points:0.0}%" : "—", $"{mean:0.00}" };
            }));

        canvas.Heading("二、指标得分 Indicators");
        var dimensionNames = county.Dimensions.ToDictionary(d => d.Id, d => d.NameZh);
        canvas.Table(
            [("维度", 1.3), ("指标 Indicator", 2.6), ("值 Value", 1.3), ("来源 Source", 2.4), ("规则 Rule", 3.2), ("得分", 1.1)],
            county.Items.Select(i => new[]
            {
                i.Kind == ItemKind.Indicator ? dimensionNames.GetValueOrDefault(i.DimensionId ?? string.Empty, string.Empty) : AssessmentReports.KindZh(i.Kind),
                i.NameZh,
                i.Value is { } v ? $"{ScoringRule.N(Math.Round(v, 2))}{(i.Unit is "%" ? "%" : i.Unit is "分" or "flag" or null ? string.Empty : " " + i.Unit)}" : "无数值",
                AssessmentReports.Sources(i),
                i.RuleZh,
                i.Kind == ItemKind.Veto ? (i.Triggered ? "否决" : "—") : $"{i.Points:0.##}/{i.MaxPoints:0.##}",
            }),
            shade: (index, row) => county.Items[index].Failed ? XColor.FromArgb(253, 236, 234) : null);

        canvas.Heading("三、实地核查 Field check");
        if (result.FieldChecks.TryGetValue(county.CountyCode, out var field))
        {
            canvas.Table(
                [("指标 Measure", 2), ("估计值 Estimate", 1.3), ("95% 区间 Interval", 2), ("应答户 n", 1.1), ("发现户 Cases", 1.1), ("参考标准 Standard", 1.4)],
                Enum.GetValues<FieldMeasure>().Select(m => FieldRow(m, field.For(m))));
            canvas.Paragraph("两阶段分层抽样:先抽村,再按脱贫户(有/无劳动力)、监测对象、一般农户分层抽户;区间按村为初级抽样单位的设计方差计算(Korn–Graubard)。 Two-stage stratified sample; intervals from the design variance with villages as primary units.", 7.5, XColors.Gray);
        }
        else
        {
            canvas.Paragraph("本县尚无实地核查结果。 No field-check results for this county.", 9, XColors.DimGray);
        }

        canvas.Heading("四、问题整改 Problems to rectify");
        var summary = ProblemRules.Summarize(problems, today);
        canvas.Paragraph($"共 {summary.Total} 个问题,整改完成率 {AssessmentReports.F(summary.RectificationRate, 1)}%,销号率 {AssessmentReports.F(summary.ClosureRate, 1)}%,逾期 {summary.Overdue} 个。 {summary.Total} problems, rectification rate {AssessmentReports.F(summary.RectificationRate, 1)}%, {summary.Overdue} overdue.", 9);
        if (problems.Count > 0)
        {
            canvas.Table(
                [("序号", 0.6), ("指标 Indicator", 1.6), ("问题描述 Description", 4.6), ("责任单位 Owner", 1.8), ("整改期限 Deadline", 1.4), ("状态 State", 1.3)],
                problems.Select((p, i) => new[]
                {
                    (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), IndicatorName(county, p.IndicatorId), p.DescriptionZh, p.Owner,
                    p.Deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    ProblemRules.Label(p.State).Zh + (p.IsOverdue(today) ? "(逾期)" : string.Empty),
                }),
                size: 7.5,
                shade: (index, _) => problems[index].IsOverdue(today) ? XColor.FromArgb(253, 236, 234) : null);
        }
    }

    // Field findings name a measure, not an item of the scorecard.
    private static string IndicatorName(CountyAssessment county, string id) =>
        county.Items.FirstOrDefault(i => i.Id == id)?.NameZh ?? id switch
        {
            "wrongly_exited" => AssessmentLabels.Of(FieldMeasure.WronglyExitedRate).Zh,
            "missed" => AssessmentLabels.Of(FieldMeasure.MissedRate).Zh,
            "approval" => "群众认可度",
            _ => id,
        };

    internal static string[] FieldRow(FieldMeasure measure, RateEstimate e)
    {
        var (zh, en) = AssessmentLabels.Of(measure);
        var standard = measure == FieldMeasure.ApprovalRate ? "≥ 90%" : "≤ 2%";
        return
        [
            $"{zh} {en}",
            e.Estimate is { } v ? $"{v:0.00}%" : "—",
            e.Lower is { } lo && e.Upper is { } hi ? $"{lo:0.00}% – {hi:0.00}%" : "—",
            e.Respondents.ToString(System.Globalization.CultureInfo.InvariantCulture),
            e.Cases.ToString(System.Globalization.CultureInfo.InvariantCulture),
            standard,
        ];
    }
}
