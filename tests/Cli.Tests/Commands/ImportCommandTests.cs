using System.Diagnostics;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Cli.Tests.Commands;

/// <summary>Runs the real <c>revival import</c>, <c>versions</c> and <c>rollback</c> on small generated exports.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("revival-import-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Data => Path.Combine(_root, "data");

    [Fact]
    public void Import_ValidThenSameAgain_PublishesOnceAndSaysNothingChanged()
    {
        var export = Generate("a", seed: 3);

        var (first, firstOut, _) = Revival("import", export, "--data", Data);
        var (second, secondOut, _) = Revival("import", export, "--data", Data);
        var (listed, versions, _) = Revival("versions", "--data", Data);

        Assert.Equal((0, 0, 0), (first, second, listed));
        Assert.Contains("published version v0001", firstOut, StringComparison.Ordinal);
        Assert.Contains("nothing changed", secondOut, StringComparison.Ordinal);
        Assert.Contains("v0001", versions, StringComparison.Ordinal);
        Assert.DoesNotContain("v0002", versions, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ManifestMissing_ExitsOneAndNamesTheProblem()
    {
        var export = Generate("b", seed: 4);
        File.Delete(Path.Combine(export, "_manifest.json"));

        var (code, stdout, _) = Revival("import", export, "--data", Data);

        Assert.Equal(1, code);
        Assert.Contains("manifest_missing", stdout, StringComparison.Ordinal);
        Assert.Contains("批次被拒绝", stdout, StringComparison.Ordinal);
        Assert.Contains("batch rejected", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_HouseholdQuarantined_ListsTheReasonBeforeTheRowsQuarantinedWithIt()
    {
        var export = Generate("q", seed: 8);
        // An impossible household size: the household is quarantined, and its yearly rows and snapshots with it. By table
        // name (household_years < households) the knock-on rows would come first.
        var households = Directory.EnumerateFiles(Path.Combine(export, "households"), "*.parquet", SearchOption.AllDirectories).Single();
        using (var database = DuckDbDatabase.Open())
        using (var connection = database.Connect())
        {
            connection.Execute("CREATE TABLE t AS SELECT * FROM read_parquet(?, hive_partitioning = false)", households);
            connection.Execute("UPDATE t SET household_size = 99 WHERE rowid = 7");
            File.Delete(households);
            connection.Execute("COPY t TO ? (FORMAT parquet)", households);
        }

        var (code, stdout, _) = Revival("import", export, "--data", Data);

        Assert.Equal(0, code);
        // The listing's lines name a file and row (the counts table above it names rules only).
        var lines = stdout.Split('\n').Where(l => l.Contains(".parquet row ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 3, stdout);
        Assert.Contains("out_of_range", lines[0], StringComparison.Ordinal);
        Assert.Contains("row 7", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.Contains("parent_quarantined", l, StringComparison.Ordinal));
        // Knock-on rows keep table and file order: the household's years 2021 then 2022, then any snapshots.
        var knockOn = lines.Skip(1).Select(l => l[l.IndexOf("parent_quarantined", StringComparison.Ordinal)..]).ToList();
        Assert.StartsWith("parent_quarantined household_years/year=2021/", knockOn[0], StringComparison.Ordinal);
        Assert.StartsWith("parent_quarantined household_years/year=2022/", knockOn[1], StringComparison.Ordinal);
        Assert.All(knockOn.Skip(2), l => Assert.StartsWith("parent_quarantined monitoring_snapshots/", l, StringComparison.Ordinal));

        // The report file too: the version's problems.parquet.
        using var check = DuckDbDatabase.Open();
        using var read = check.Connect();
        var store = DataStore.Open(Data);
        var problems = Path.Combine(store.VersionDirectory(store.CurrentVersion!), "quarantine", "problems.parquet");
        var rules = read.QueryColumns("SELECT rule FROM read_parquet(?)", problems).GetStrings("rule");
        Assert.Equal("out_of_range", rules[0]);
        Assert.All(rules.Skip(1), r => Assert.Equal("parent_quarantined", r));
    }

    [Fact]
    public void Import_FolderMissing_ExitsTwo()
    {
        var (code, _, stderr) = Revival("import", Path.Combine(_root, "nowhere"), "--data", Data);

        Assert.Equal(2, code);
        Assert.Contains("export folder not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_UnknownThenKnownVersion_ExitsTwoThenZero()
    {
        Assert.Equal(0, Revival("import", Generate("c", seed: 5), "--data", Data).Code);
        Assert.Equal(0, Revival("import", Generate("d", seed: 6), "--data", Data).Code);

        var (unknown, _, stderr) = Revival("rollback", "v0099", "--data", Data);
        var (known, stdout, _) = Revival("rollback", "v0001", "--data", Data);

        Assert.Equal(2, unknown);
        Assert.Contains("v0099", stderr, StringComparison.Ordinal);
        Assert.Equal(0, known);
        Assert.Contains("current version is now v0001", stdout, StringComparison.Ordinal);
        Assert.Equal("v0001", DataStore.Open(Data).CurrentVersion);
    }

    [Fact]
    public void Import_KilledWithSigkillMidImport_PreviousVersionStaysCurrent()
    {
        Assert.Equal(0, Revival("import", Generate("e", seed: 7), "--data", Data).Code);
        var before = Answers();
        var next = Generate("f", seed: 8, households: 3000);

        using var process = Process.Start(new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "revival"), ["import", next, "--data", Data])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var watch = Stopwatch.StartNew();
        while (!Directory.EnumerateDirectories(Data, ".staging-*").Any() && !process.HasExited && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(5);
        }

        Assert.False(process.HasExited, "the import finished before it could be killed");
        process.Kill(); // SIGKILL on Linux: no finally block, no clean-up runs.
        process.WaitForExit();

        Assert.Equal(before, Answers());
        Assert.NotEmpty(Directory.EnumerateDirectories(Data, ".staging-*"));
        var (code, stdout, _) = Revival("import", next, "--data", Data);
        Assert.Equal(0, code);
        Assert.Contains("published version v0002", stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateDirectories(Data, ".staging-*"));
    }

    private (string Version, long HouseholdYears, double Income) Answers()
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        var version = DataStore.Open(Data).CreateViews(connection);
        var result = connection.QueryColumns("SELECT count(*) AS n, sum(per_capita_net_income) AS s FROM household_years");
        return (version, result.GetInt64s("n")[0], result.GetDoubles("s")[0]);
    }

    private string Generate(string name, int seed, int households = 200)
    {
        var output = Path.Combine(_root, name);
        var (code, _, stderr) = Revival("generate", "--out", output, "--households", households.ToString(System.Globalization.CultureInfo.InvariantCulture), "--years", "2021-2022", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(code == 0, stderr);
        return output;
    }

    private static (int Code, string Output, string Error) Revival(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "revival"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
