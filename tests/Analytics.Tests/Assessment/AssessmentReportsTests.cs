using System.Diagnostics;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.Tests.Assessment;

public sealed class AssessmentReportsTests(AssessmentFixture fixture) : IClassFixture<AssessmentFixture>
{
    private (AssessmentResult Result, IReadOnlyList<AssessmentProblem> Problems) Year()
    {
        var samples = fixture.Service.DrawFieldSamples(fixture.Scheme, fixture.Service.Counties.Keys, 4);
        var results = new DemoFieldTeam(fixture.Root).Visit(samples.Values.ToList());
        var estimates = results.ToDictionary(r => r.Key, r => AssessmentService.EstimateFieldCheck(samples[r.Key], r.Value));
        var result = fixture.Service.Score(fixture.Scheme, DemoEntries.Create(fixture.Scheme, fixture.Service.Counties, 4), estimates);
        return (result, ProblemRules.FromResult(result, results, new ProblemOptions { Deadline = new DateOnly(2026, 6, 30) }));
    }

    private static string Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    [Fact]
    public void WriteCountyPdf_ReadBack_ChineseSummaryRatesAndProblems()
    {
        var (result, problems) = Year();
        var county = result.Counties.OrderBy(c => c.CountyCode).First(c => problems.Any(p => p.CountyCode == c.CountyCode));
        var path = Path.Combine(fixture.Root, $"county-{county.CountyCode}.pdf");
        using (var stream = File.Create(path))
        {
            AssessmentReports.WriteCountyPdf(result, county.CountyCode, problems, stream, new DateOnly(2026, 1, 1));
        }

        var text = Run("pdftotext", "-layout", path, "-");

        Assert.Contains("后评估报告", text);
        Assert.Contains(county.CountyName, text);
        Assert.Contains(AssessmentLabels.Of(county.Grade).Zh, text);
        Assert.Contains(county.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), text);
        Assert.Contains("错退率", text);
        Assert.Contains("认可度", text);
        Assert.Contains(problems.First(p => p.CountyCode == county.CountyCode).Owner, text);
        Assert.Contains("Pages:", Run("pdfinfo", path));
        Run("pdftoppm", "-r", "30", "-png", path, Path.Combine(fixture.Root, "county-page"));
        Assert.True(new FileInfo(Path.Combine(fixture.Root, "county-page-1.png")).Length > 10_000);
    }

    [Fact]
    public void WriteProvincePdf_ReadBack_EveryCountyRanked()
    {
        var (result, problems) = Year();
        var path = Path.Combine(fixture.Root, "province.pdf");
        using (var stream = File.Create(path))
        {
            AssessmentReports.WriteProvincePdf(result, problems, stream);
        }

        var text = Run("pdftotext", "-layout", path, "-");

        Assert.Contains("全省汇总报告", text);
        Assert.All(result.Counties, c => Assert.Contains(c.CountyName, text));
        Assert.Contains("重点帮扶县", text);
    }

    [Fact]
    public void WriteScoresWorkbook_ReadBack_TotalsAndItems()
    {
        var (result, _) = Year();
        using var stream = new MemoryStream();
        AssessmentReports.WriteScoresWorkbook(result, stream);

        stream.Position = 0;
        var totals = Xlsx.Read(stream, "s.xlsx", "总分 Totals")!;
        stream.Position = 0;
        var items = Xlsx.Read(stream, "s.xlsx", "指标得分 Indicators")!;

        Assert.Equal(118, totals.Count);
        foreach (var row in totals.Skip(1))
        {
            var county = result.County((int)Xlsx.Number(row["A"])!.Value)!;
            Assert.Equal(Math.Round(county.Score, 2), Xlsx.Number(row["G"]));
            Assert.Equal(AssessmentLabels.Of(county.Grade).Zh, row["I"]);
        }

        Assert.Equal(1 + result.Counties.Sum(c => c.Items.Count), items.Count);
    }
}
