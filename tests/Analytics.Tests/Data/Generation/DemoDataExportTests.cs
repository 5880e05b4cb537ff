using System.Text.Json;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.DuckDb;
using Xunit;

namespace RevivalAnalytics.Tests.Data.Generation;

public sealed class DemoDataExportTests : IDisposable
{
    private static readonly GeneratorOptions s_options = new() { Households = 2_500, BatchSize = 1_000, FirstYear = 2019, LastYear = 2023, Seed = 5 };

    private readonly string _root = Path.Combine(Path.GetTempPath(), "revival-export-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Write_SmallRun_RowCountsMatchManifestAndGenerator()
    {
        var folder = Path.Combine(_root, "export");
        var written = DemoDataExport.Write(folder, s_options, cancellationToken: TestContext.Current.CancellationToken);

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "_manifest.json")));
        Assert.Equal("1.0", manifest.RootElement.GetProperty("contract_version").GetString());
        foreach (var table in written)
        {
            var rows = connection.QueryColumns(
                $"SELECT count(*) AS n FROM read_parquet('{folder}/{table.Table}/**/*.parquet', hive_partitioning = true)").GetInt64s("n")[0];
            Assert.Equal(table.Rows, rows);
            Assert.Equal(table.Rows, manifest.RootElement.GetProperty("tables").GetProperty(table.Table).GetProperty("rows").GetInt64());
        }

        Assert.Equal(8, written.Count);
        Assert.Equal(117, written.Single(t => t.Table == "counties").Rows);
        Assert.Equal(2_500, written.Single(t => t.Table == "households").Rows);
        Assert.Equal(2_500 * 5, written.Single(t => t.Table == "household_years").Rows);
    }

    [Fact]
    public void Write_SmallRun_PartitionsByYearAndMonthWithContractTypes()
    {
        var folder = Path.Combine(_root, "export");
        DemoDataExport.Write(folder, s_options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(Directory.Exists(Path.Combine(folder, "household_years", "year=2021")));
        Assert.True(Directory.Exists(Path.Combine(folder, "monitoring_snapshots", "year=2021", "month=6")));
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var schema = connection.QueryColumns(
            $"SELECT name, type FROM parquet_schema('{folder}/household_years/year=2021/*.parquet') WHERE name IN ('year', 'identified_date', 'monitored_category', 'per_capita_net_income')");
        var types = schema.GetStrings("name").Zip(schema.GetStrings("type")).ToDictionary(p => p.First!, p => p.Second);
        Assert.Equal("INT32", types["identified_date"]);
        Assert.Equal("DOUBLE", types["per_capita_net_income"]);
        Assert.Equal("INT32", types["monitored_category"]);
        var years = connection.QueryColumns($"SELECT DISTINCT year FROM read_parquet('{folder}/household_years/year=2021/*.parquet')");
        Assert.Equal([2021L], years.GetInt64s("year"));
    }

    [Fact]
    public void Write_SameSeed_SameIncomeTotals()
    {
        var first = Path.Combine(_root, "a");
        var second = Path.Combine(_root, "b");
        DemoDataExport.Write(first, s_options, cancellationToken: TestContext.Current.CancellationToken);
        DemoDataExport.Write(second, s_options, cancellationToken: TestContext.Current.CancellationToken);

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        // Whole cents times the id: an exact integer checksum, independent of the order DuckDB sums in.
        long Total(string folder) => connection.QueryColumns(
            $"SELECT CAST(sum(CAST(round(per_capita_net_income * 100) AS BIGINT) * household_id) AS BIGINT) AS s FROM read_parquet('{folder}/household_years/**/*.parquet', hive_partitioning = true)").GetInt64s("s")[0];
        var expected = new DemoDataGenerator(s_options);
        long inMemory = 0;
        expected.ForEachBatch(b =>
        {
            for (var r = 0; r < b.YearRows; r++)
            {
                inMemory += (long)Math.Round(b.Income[r] * 100) * b.YearHouseholdId[r];
            }
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Total(first), Total(second));
        Assert.Equal(inMemory, Total(first));
    }

    [Fact]
    public void Write_CancelledMidway_LeavesNothingBehind()
    {
        var folder = Path.Combine(_root, "cancelled");
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelOnHouseholds(cancellation);

        Assert.ThrowsAny<OperationCanceledException>(() => DemoDataExport.Write(folder, s_options, progress: progress, cancellationToken: cancellation.Token));

        Assert.False(Directory.Exists(folder));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void Write_NonEmptyFolderWithoutOverwrite_ThrowsAndKeepsIt()
    {
        var folder = Path.Combine(_root, "busy");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "x");

        var error = Assert.Throws<IOException>(() => DemoDataExport.Write(folder, s_options, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("--force", error.Message);
        Assert.True(File.Exists(Path.Combine(folder, "keep.txt")));
    }

    private sealed class CancelOnHouseholds(CancellationTokenSource cancellation) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value)
        {
            if (value.HouseholdsDone > 0)
            {
                cancellation.Cancel();
            }
        }
    }
}
