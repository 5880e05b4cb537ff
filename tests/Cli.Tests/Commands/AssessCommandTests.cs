namespace RevivalAnalytics.Cli.Tests.Commands;

/// <summary>Runs the real <c>revival assess</c> over a small generated export.</summary>
public sealed class AssessCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("revival-assess-").FullName;

    public AssessCommandTests()
    {
        var (code, _, error) = RevivalProcess.Run("generate", "--out", Export, "--households", "4000", "--years", "2024-2025", "--seed", "3");
        Assert.True(code == 0, error);
    }

    private string Export => Path.Combine(_root, "export");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Assess_Demo_WritesWorkbookAndReports()
    {
        var output = Path.Combine(_root, "out");

        var (code, stdout, stderr) = RevivalProcess.Run("assess", "--data", Export, "--year", "2025", "--demo", "--out", output, "--county", "140425", "140105");

        Assert.True(code == 0, stderr);
        Assert.Contains("重点帮扶县", stdout);
        Assert.True(new FileInfo(Path.Combine(output, "scores-2025.xlsx")).Length > 10_000);
        Assert.True(new FileInfo(Path.Combine(output, "province-2025.pdf")).Length > 10_000);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, "counties"), "*.pdf").Length);
        Assert.Empty(Directory.GetDirectories(output, ".assess-*"));
    }

    [Fact]
    public void Assess_TemplateThenBadEntry_ExitsOneNamingRowAndColumn()
    {
        var template = Path.Combine(_root, "template.xlsx");
        Assert.Equal(0, RevivalProcess.Run("assess", "template", "--data", Export, "--year", "2025", "--out", template).Code);
        var text = Path.Combine(_root, "not-a-workbook.xlsx");
        File.WriteAllText(text, "县代码\n140105\n");

        var (code, _, stderr) = RevivalProcess.Run("assess", "--data", Export, "--year", "2025", "--entries", text, "--out", Path.Combine(_root, "out"));

        Assert.Equal(1, code);
        Assert.Contains("not-a-workbook.xlsx", stderr);
        Assert.Contains("nothing was imported", stderr);
        Assert.False(Directory.Exists(Path.Combine(_root, "out", "counties")));
    }

    [Fact]
    public void Assess_BadScheme_ExitsOneNamingIndicatorAndField()
    {
        var scheme = Path.Combine(_root, "scheme.json");
        Assert.Equal(0, RevivalProcess.Run("assess", "scheme", "--year", "2025", "--out", scheme).Code);
        File.WriteAllText(scheme, File.ReadAllText(scheme).Replace("\"kpi\": \"medical_insurance_rate\"", "\"kpi\": \"medical_rate\"", StringComparison.Ordinal));

        var (code, _, stderr) = RevivalProcess.Run("assess", "--data", Export, "--year", "2025", "--scheme", scheme, "--out", Path.Combine(_root, "out"));

        Assert.Equal(1, code);
        Assert.Contains("指标 medical_insurance 字段 kpi", stderr);
        Assert.Contains("medical_rate", stderr);
    }
}
