using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

/// <summary>A data directory with one Parquet file, a secret file beside it, and a sandbox over the directory.</summary>
public sealed class SandboxFixture : IDisposable
{
    public SandboxFixture()
    {
        Root = new TempDirectory();
        DataDirectory = Directory.CreateDirectory(Root.File("data")).FullName;
        SecretFile = Root.File("secret.csv");
        File.WriteAllText(SecretFile, "id_number\n140105199001011234\n");
        using (var trusted = DuckDbDatabase.Open())
        using (var connection = trusted.Connect())
        {
            connection.Execute(
                $"COPY (SELECT range AS i, 'county' || range AS name FROM range(1000)) TO '{Path.Combine(DataDirectory, "counties.parquet")}' (FORMAT parquet)");
        }

        Database = DuckDbSandbox.Open(
            new DuckDbSandboxOptions
            {
                DataDirectory = DataDirectory,
                MemoryLimit = "64MB",
                Threads = 1,
                QueryTimeout = TimeSpan.FromSeconds(2),
            },
            setup => setup.Execute($"CREATE VIEW counties AS SELECT * FROM read_parquet('{Path.Combine(DataDirectory, "counties.parquet")}')"));
    }

    public TempDirectory Root { get; }

    public string DataDirectory { get; }

    public string SecretFile { get; }

    public DuckDbDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        Root.Dispose();
    }
}

public sealed class DuckDbSandboxTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public void Query_ViewOverDataDirectory_Answers()
    {
        using var connection = fixture.Database.Connect();

        Assert.Equal(1000, connection.QueryColumns("SELECT count(*) AS n FROM counties").GetInt64s("n")[0]);
    }

    [Fact]
    public void Query_ParquetInsideDataDirectory_IsReadable()
    {
        using var connection = fixture.Database.Connect();
        var path = Path.Combine(fixture.DataDirectory, "counties.parquet");

        Assert.Equal(1000, connection.QueryColumns("SELECT count(*) AS n FROM read_parquet(?)", path).GetInt64s("n")[0]);
    }

    public static TheoryData<string> Escapes => new()
    {
        // Reading files outside the data directory.
        "SELECT * FROM read_csv('{secret}')",
        "SELECT * FROM read_text('{secret}')",
        "SELECT * FROM read_text('{data}/../secret.csv')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_blob('/etc/passwd')",
        // Writing anything anywhere, even inside the data directory.
        "COPY (SELECT 1) TO '{data}/out.csv'",
        "COPY counties TO '/tmp/out.parquet' (FORMAT parquet)",
        "EXPORT DATABASE '{data}/export'",
        "CREATE TABLE t AS SELECT 1",
        "INSERT INTO counties VALUES (1, 'x')",
        "DROP VIEW counties",
        // Other databases and extensions.
        "ATTACH '{data}/other.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        // Lifting the limits.
        "SET memory_limit = '10GB'",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET memory_limit",
        "PRAGMA threads = 8",
        "SELECT 1; COPY (SELECT 1) TO '{data}/second.csv'",
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public void Query_EscapeAttempt_IsRefused(string template)
    {
        using var connection = fixture.Database.Connect();
        var sql = template.Replace("{secret}", fixture.SecretFile, StringComparison.Ordinal)
            .Replace("{data}", fixture.DataDirectory, StringComparison.Ordinal);

        var error = Assert.Throws<DuckDbException>(() =>
        {
            using var result = connection.Query(sql);
            result.ReadAll();
        });

        Assert.Contains(error.ErrorType, new[] { DuckDbErrorType.Permission, DuckDbErrorType.InvalidInput, DuckDbErrorType.Catalog, DuckDbErrorType.IO });
        Assert.False(File.Exists(Path.Combine(fixture.DataDirectory, "out.csv")));
        Assert.False(File.Exists(Path.Combine(fixture.DataDirectory, "second.csv")));
        Assert.False(Directory.Exists(Path.Combine(fixture.DataDirectory, "export")));
    }

    [Fact]
    public void Query_OverMemoryLimit_FailsWithOutOfMemory()
    {
        using var connection = fixture.Database.Connect();

        var error = Assert.Throws<DuckDbException>(() =>
            connection.QueryColumns("SELECT list(repeat('x', 100) || range) AS l FROM range(5000000)"));

        Assert.Equal(DuckDbErrorType.OutOfMemory, error.ErrorType);
    }

    [Fact]
    public void Query_OverTimeLimit_IsInterrupted()
    {
        using var connection = fixture.Database.Connect();

        var error = Assert.Throws<DuckDbException>(() =>
            connection.QueryColumns("SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3"));

        Assert.Equal(DuckDbErrorType.Interrupt, error.ErrorType);
        Assert.Contains("time limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_AreLocked()
    {
        using var connection = fixture.Database.Connect();
        var settings = connection.QueryColumns(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration', 'threads') ORDER BY name");

        Assert.Equal(new string?[] { "false", "true", "1" }, settings.GetStrings("value"));
    }
}
