using System.Globalization;
using RevivalAnalytics.Data.Versions;

namespace RevivalAnalytics.Cli.Tests.Commands;

/// <summary>Runs the real <c>revival versions prune</c> on a data directory filled by <c>revival import</c>.</summary>
public sealed class PruneCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("revival-prune-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Data => Path.Combine(_root, "data");

    [Fact]
    public void VersionsPrune_Default_DryRunListsSizesAndRemovesNothing()
    {
        ImportVersions(4);

        var (code, output, _) = RevivalProcess.Run("versions", "prune", "--data", Data);

        Assert.Equal(0, code);
        Assert.Contains("将删除 / would remove", output, StringComparison.Ordinal);
        Assert.Contains("KiB", output, StringComparison.Ordinal);
        Assert.Contains("dry run: 1 version would be removed", output, StringComparison.Ordinal);
        Assert.Contains("--yes", output, StringComparison.Ordinal);
        Assert.Equal(["v0001", "v0002", "v0003", "v0004"], DataStore.Open(Data).Versions().Select(v => v.Id));
    }

    [Fact]
    public void VersionsPrune_YesKeepOne_RemovesAllButCurrentAndNotesModel()
    {
        ImportVersions(2, years: "2018-2022");
        var train = RevivalProcess.Run("train", "--data", Data, "--data-dir", Data, "--model", "income", "--threads", "2", "--seed", "1");
        Assert.True(train.Code == 0, train.Error);
        Assert.Equal(0, RevivalProcess.Run("rollback", "v0001", "--data", Data).Code);
        Assert.Equal(0, RevivalProcess.Run("train", "--data", Data, "--data-dir", Data, "--model", "income", "--threads", "2", "--seed", "1").Code);
        Assert.Equal(0, RevivalProcess.Run("rollback", "v0002", "--data", Data).Code);
        Backdate();
        var before = RevivalProcess.Run("query", "SELECT count(*) AS n, sum(per_capita_net_income) AS s FROM household_years", "--data", Data, "--format", "csv");

        var (code, output, _) = RevivalProcess.Run("versions", "prune", "--keep", "1", "--yes", "--data", Data);

        Assert.Equal(0, code);
        Assert.Contains("removed 1 version, freed", output, StringComparison.Ordinal);
        Assert.Contains("trained on version v0001, now removed; the model stays", output, StringComparison.Ordinal);
        Assert.DoesNotContain("trained on version v0002", output, StringComparison.Ordinal);
        Assert.Equal(["v0002"], DataStore.Open(Data).Versions().Select(v => v.Id));
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(Data, "models")).Length);
        Assert.Equal(before, RevivalProcess.Run("query", "SELECT count(*) AS n, sum(per_capita_net_income) AS s FROM household_years", "--data", Data, "--format", "csv"));
        Assert.Empty(Directory.EnumerateDirectories(Data, ".removing-*"));
    }

    [Fact]
    public void VersionsPrune_YesWithStaleMetricCaches_RemovesThemAndCountsTheirSpace()
    {
        ImportVersions(2);
        Backdate();
        // A dashboard's caches: one of the version pruned, one of aggregate definitions no longer in the code.
        var removedVersion = Path.Combine(Data, "cache", "metrics", "v0001", "0123456789abcdef");
        var oldDefinitions = Path.Combine(Data, "cache", "metrics", "v0002", "0123456789abcdef");
        foreach (var folder in new[] { removedVersion, oldDefinitions })
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "metric_county_year.parquet"), new byte[300 * 1024]);
        }

        var (code, output, _) = RevivalProcess.Run("versions", "prune", "--keep", "1", "--yes", "--data", Data);

        Assert.Equal(0, code);
        Assert.Contains("removed 2 stale metric cache(s) (600 KiB)", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Data, "cache", "metrics", "v0001")));
        Assert.False(Directory.Exists(oldDefinitions));
        Assert.True(Directory.Exists(Path.Combine(Data, "cache", "metrics", "v0002")));
        Assert.Equal(["v0002"], DataStore.Open(Data).Versions().Select(v => v.Id));
        Assert.Empty(Directory.EnumerateDirectories(Data, ".removing-*"));
    }

    [Fact]
    public void VersionsPrune_KeepZero_ExitsTwo()
    {
        ImportVersions(1);

        var (code, _, error) = RevivalProcess.Run("versions", "prune", "--keep", "0", "--data", Data);

        Assert.Equal(2, code);
        Assert.Contains("--keep must be at least 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_AfterImport_ListsSize()
    {
        ImportVersions(1);

        var (code, output, _) = RevivalProcess.Run("versions", "--data", Data);

        Assert.Equal(0, code);
        Assert.Contains("大小 / size", output, StringComparison.Ordinal);
        Assert.Contains("KiB", output, StringComparison.Ordinal);
    }

    // Each version from its own seed, so each import publishes; the grace for the version current until moments ago
    // is tested in DataStoreTests, here `current` is made older than it.
    private void ImportVersions(int count, string years = "2021-2022")
    {
        for (var i = 1; i <= count; i++)
        {
            var export = Path.Combine(_root, "export" + i.ToString(CultureInfo.InvariantCulture));
            var generate = RevivalProcess.Run("generate", "--out", export, "--households", "200", "--years", years, "--seed", i.ToString(CultureInfo.InvariantCulture));
            Assert.True(generate.Code == 0, generate.Error);
            var import = RevivalProcess.Run("import", export, "--data", Data);
            Assert.True(import.Code == 0, import.Output);
        }

        Backdate();
    }

    private void Backdate() => File.SetLastWriteTimeUtc(Path.Combine(Data, "current"), DateTime.UtcNow - TimeSpan.FromMinutes(10));
}
