using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

public sealed class DuckDbDatabaseTests(DuckDbFixture fixture) : IClassFixture<DuckDbFixture>
{
    [Fact]
    public void Connect_TwoConnections_ShareOneInMemoryDatabase()
    {
        using var first = fixture.Database.Connect();
        using var second = fixture.Database.Connect();
        first.Execute("CREATE OR REPLACE TABLE shared_probe AS SELECT 7 AS i");

        Assert.Equal(7, second.QueryColumns("SELECT i FROM shared_probe").GetInt64s("i")[0]);
    }

    [Fact]
    public void Open_TwoDatabases_AreSeparate()
    {
        using var one = DuckDbDatabase.Open();
        using var other = DuckDbDatabase.Open();
        using (var connection = one.Connect())
        {
            connection.Execute("CREATE TABLE only_in_one AS SELECT 1 AS i");
        }

        using var otherConnection = other.Connect();
        var error = Assert.Throws<DuckDBException>(() => otherConnection.QueryColumns("SELECT * FROM only_in_one"));
        Assert.Contains("only_in_one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_ManyThreadsManyConnections_AllAnswerCorrectly()
    {
        using (var connection = fixture.Database.Connect())
        {
            connection.Execute("CREATE TABLE IF NOT EXISTS shared_numbers AS SELECT range AS i FROM range(100000)");
        }

        var failures = 0;
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            using var own = fixture.Database.Connect();
            for (var q = 0; q < 25; q++)
            {
                var limit = (worker * 1000) + q;
                var sum = own.QueryColumns("SELECT sum(i) AS s FROM shared_numbers WHERE i < ?", limit).GetDoubles("s")[0];
                var expected = limit == 0 ? double.NaN : (double)limit * (limit - 1) / 2;
                if (!(double.IsNaN(expected) ? double.IsNaN(sum) : sum == expected))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Dispose_WhileAConnectionIsOpen_ConnectionKeepsWorkingAndNewOnesAreRefused()
    {
        var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        connection.Execute("CREATE TABLE kept AS SELECT 3 AS i");

        database.Dispose();

        Assert.Equal(3, connection.QueryColumns("SELECT i FROM kept").GetInt64s("i")[0]);
        Assert.Throws<ObjectDisposedException>(() => database.Connect());
    }

    [Fact]
    public void Open_Options_BecomeDuckDbSettings()
    {
        using var database = DuckDbDatabase.Open(null, new DuckDbOptions { Threads = 1, MemoryLimit = "300MB" });
        using var connection = database.Connect();

        var settings = connection.QueryColumns(
            "SELECT current_setting('threads')::VARCHAR AS t, current_setting('autoinstall_known_extensions')::VARCHAR AS a");

        Assert.Equal("1", settings.GetStrings("t")[0]);
        Assert.Equal("false", settings.GetStrings("a")[0]);
        Assert.StartsWith("v1.5.6", connection.ServerVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_InMemoryReadOnly_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => DuckDbDatabase.Open(null, new DuckDbOptions { ReadOnly = true }));

        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Open_ReadOnlyFile_RefusesWrites()
    {
        using var directory = new TempDirectory();
        var path = directory.File("ro.duckdb");
        using (var writable = DuckDbDatabase.Open(path))
        using (var connection = writable.Connect())
        {
            connection.Execute("CREATE TABLE t AS SELECT 1 AS i");
        }

        using var database = DuckDbDatabase.Open(path, new DuckDbOptions { ReadOnly = true });
        using var readOnly = database.Connect();

        Assert.Equal(1, readOnly.QueryColumns("SELECT i FROM t").GetInt64s("i")[0]);
        var error = Assert.Throws<DuckDBException>(() => readOnly.Execute("INSERT INTO t VALUES (2)"));
        Assert.Contains("read-only", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
