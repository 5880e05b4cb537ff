using DuckDB.NET.Data;
using System.Data.Common;
using DuckDB.NET.Native;
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

        Sandbox = DuckDbSandbox.Open(
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

    public DuckDbSandbox Sandbox { get; }

    public void Dispose()
    {
        Sandbox.Dispose();
        Root.Dispose();
    }
}

public sealed class DuckDbSandboxTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public void QueryColumns_ViewOverDataDirectory_Answers()
    {
        Assert.Equal(1000, fixture.Sandbox.QueryColumns("SELECT count(*) AS n FROM counties").GetInt64s("n")[0]);
    }

    [Fact]
    public void QueryColumns_ParquetInsideDataDirectory_IsReadable()
    {
        var path = Path.Combine(fixture.DataDirectory, "counties.parquet");

        Assert.Equal(1000, fixture.Sandbox.QueryColumns("SELECT count(*) AS n FROM read_parquet(?)", path).GetInt64s("n")[0]);
    }

    [Fact]
    public void ExecuteReader_NamedParameter_BindsValue()
    {
        using var reader = fixture.Sandbox.ExecuteReader("SELECT name FROM counties WHERE i = $i", [new DuckDBParameter("i", 7)], TestContext.Current.CancellationToken);

        Assert.True(reader.Read());
        Assert.Equal("county7", reader.GetString(0));
        Assert.False(reader.Read());
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
    public void ExecuteReader_EscapeAttempt_IsRefused(string template)
    {
        var sql = template.Replace("{secret}", fixture.SecretFile, StringComparison.Ordinal)
            .Replace("{data}", fixture.DataDirectory, StringComparison.Ordinal);

        // Refused by the parser gate (DuckDbSandboxException) or by DuckDB's settings (DuckDBException).
        var error = Assert.ThrowsAny<DbException>(() =>
        {
            using var reader = fixture.Sandbox.ExecuteReader(sql, null, TestContext.Current.CancellationToken);
            while (reader.Read())
            {
            }
        });

        if (error is DuckDBException duckDb)
        {
            Assert.Contains(duckDb.Category(), new[] { DuckDBErrorType.Permission, DuckDBErrorType.InvalidInput, DuckDBErrorType.Catalog, DuckDBErrorType.Io });
        }
        else
        {
            Assert.IsType<DuckDbSandboxException>(error);
            Assert.Contains("SELECT", error.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(fixture.DataDirectory, "out.csv")));
        Assert.False(File.Exists(Path.Combine(fixture.DataDirectory, "second.csv")));
        Assert.False(Directory.Exists(Path.Combine(fixture.DataDirectory, "export")));
    }

    [Fact]
    public void ExecuteReader_NotAQuery_RefusedNamingTheStatement()
    {
        var error = Assert.Throws<DuckDbSandboxException>(() => fixture.Sandbox.ExecuteReader("DROP VIEW counties", null, TestContext.Current.CancellationToken));

        Assert.Contains("DROP", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("已拒绝", error.MessageZh, StringComparison.Ordinal);
        Assert.Equal(1000, fixture.Sandbox.QueryColumns("SELECT count(*) AS n FROM counties").GetInt64s("n")[0]);
    }

    [Fact]
    public void ExecuteReader_TwoQueries_RefusedAsMoreThanOne()
    {
        var error = Assert.Throws<DuckDbSandboxException>(() => fixture.Sandbox.ExecuteReader("SELECT 1; SELECT 2", null, TestContext.Current.CancellationToken));

        Assert.Equal("run one query at a time", error.MessageEn);
    }

    [Fact]
    public void ExecuteReader_SyntaxError_DuckDbsParserMessage()
    {
        var error = Assert.Throws<DuckDBException>(() => fixture.Sandbox.ExecuteReader("SELEC name FROM counties", null, TestContext.Current.CancellationToken));

        Assert.Equal(DuckDBErrorType.Parser, error.Category());
        Assert.Contains("SELEC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecuteReader_MissingNamedParameter_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => fixture.Sandbox.ExecuteReader(
            "SELECT name FROM counties WHERE i = $i AND name = $county", [new DuckDBParameter("i", 1)], TestContext.Current.CancellationToken));

        Assert.Contains("$county", error.Message, StringComparison.Ordinal);
        Assert.Contains("缺少参数", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecuteReader_MissingPositionalParameter_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => fixture.Sandbox.ExecuteReader("SELECT name FROM counties WHERE i = ?", null, TestContext.Current.CancellationToken));

        Assert.Contains("Expected 1, got 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryColumns_OverMemoryLimit_FailsWithOutOfMemory()
    {
        // Its own sandbox with a generous time limit: on a loaded machine the shared fixture's 2 s could end the
        // statement before it reaches the memory limit, and this test is about the memory limit.
        using var sandbox = DuckDbSandbox.Open(new DuckDbSandboxOptions
        {
            DataDirectory = fixture.DataDirectory,
            MemoryLimit = "64MB",
            Threads = 1,
            QueryTimeout = TimeSpan.FromSeconds(120),
        });

        var error = Assert.Throws<DuckDBException>(() =>
            sandbox.QueryColumns("SELECT list(repeat('x', 100) || range) AS l FROM range(5000000)"));

        Assert.Equal(DuckDBErrorType.OutOfMemory, error.Category());
    }

    [Fact]
    public void QueryColumns_OverTimeLimit_ThrowsTimeout()
    {
        var error = Assert.Throws<TimeoutException>(() =>
            fixture.Sandbox.QueryColumns("SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3"));

        Assert.Contains("time limit of 2 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecuteReader_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAny<OperationCanceledException>(() =>
            fixture.Sandbox.ExecuteReader("SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3", null, cancellation.Token));
    }

    [Fact]
    public void Settings_AreLockedWithoutTempDirectory()
    {
        var settings = fixture.Sandbox.QueryColumns(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration', 'temp_directory', 'threads') ORDER BY name");

        Assert.Equal(new string?[] { "enable_external_access", "lock_configuration", "temp_directory", "threads" }, settings.GetStrings("name"));
        Assert.Equal(new string?[] { "false", "true", "", "1" }, settings.GetStrings("value"));
    }

    [Fact]
    public void Settings_ParquetFootersCached()
    {
        var settings = fixture.Sandbox.QueryColumns("SELECT value FROM duckdb_settings() WHERE name = 'parquet_metadata_cache'");

        Assert.Equal(new string?[] { "true" }, settings.GetStrings("value"));
    }

    [Fact]
    public void Check_Query_PassesAndNonQueryIsRefused()
    {
        fixture.Sandbox.Check("SELECT 1");

        Assert.Throws<DuckDbSandboxException>(() => fixture.Sandbox.Check("COPY counties TO 'x.csv'"));
    }
}
