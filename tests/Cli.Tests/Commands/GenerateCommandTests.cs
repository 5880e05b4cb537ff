using System.Text.Json;

namespace RevivalAnalytics.Cli.Tests.Commands;

/// <summary>Runs the real <c>revival generate</c> with a small sample.</summary>
public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("revival-generate-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Generate_SmallSample_WritesExportWithManifest()
    {
        var output = Path.Combine(_root, "export");

        var (code, stdout, _) = RevivalProcess.Run("generate", "--out", output, "--households", "300", "--years", "2020-2022", "--seed", "9");

        Assert.Equal(0, code);
        Assert.Contains("household_years", stdout, StringComparison.Ordinal);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "_manifest.json")));
        var tables = manifest.RootElement.GetProperty("tables");
        Assert.Equal(300, tables.GetProperty("households").GetProperty("rows").GetInt64());
        Assert.Equal(900, tables.GetProperty("household_years").GetProperty("rows").GetInt64());
        Assert.Equal(117, tables.GetProperty("counties").GetProperty("rows").GetInt64());
        Assert.True(Directory.Exists(Path.Combine(output, "household_years", "year=2022")));
    }

    [Fact]
    public void Generate_BadYears_ExitsTwoWithBilingualMessage()
    {
        var (code, _, stderr) = RevivalProcess.Run("generate", "--out", Path.Combine(_root, "x"), "--years", "2025-2016");

        Assert.Equal(2, code);
        Assert.Contains("参数 --years 无效", stderr, StringComparison.Ordinal);
        Assert.Contains("Invalid --years \"2025-2016\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_NonEmptyFolder_RefusedWithoutForceAndReplacedWithForce()
    {
        var output = Path.Combine(_root, "busy");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "x");

        var (refused, _, stderr) = RevivalProcess.Run("generate", "--out", output, "--households", "50", "--years", "2021");
        Assert.Equal(1, refused);
        Assert.Contains("--force", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "keep.txt")));

        var (replaced, _, _) = RevivalProcess.Run("generate", "--out", output, "--households", "50", "--years", "2021", "--force");
        Assert.Equal(0, replaced);
        Assert.False(File.Exists(Path.Combine(output, "keep.txt")));
        Assert.True(File.Exists(Path.Combine(output, "_manifest.json")));
    }
}
