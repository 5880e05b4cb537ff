using System.Diagnostics;
using Dapper;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

public sealed class DuckDbConnectionTests(DuckDbFixture fixture) : IClassFixture<DuckDbFixture>
{
    [Fact]
    public void Query_PositionalParameters_BindsTypedValues()
    {
        using var connection = fixture.Database.Connect();
        var columns = connection.QueryColumns("SELECT ? + 1 AS a, $2 || '县' AS b, ?::DATE AS c", 41, "平顺", new DateOnly(2021, 1, 1));

        Assert.Equal(42, columns.GetInt64s("a")[0]);
        Assert.Equal("平顺县", columns.GetStrings("b")[0]);
        Assert.Equal(new DateOnly(2021, 1, 1), columns["c"].As<DateOnly>()[0]);
    }

    [Fact]
    public void Command_NamedParameters_BindByName()
    {
        using var connection = fixture.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT $income * $rate AS v, $name AS n";
        command.Parameters.AddWithValue("rate", 1.103m);
        command.Parameters.AddWithValue("$income", 13878m);
        command.Parameters.AddWithValue("@name", "山西");

        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(13878m * 1.103m, reader.GetDecimal(0));
        Assert.Equal("山西", reader.GetString(1));
    }

    [Fact]
    public void Query_InjectionAttemptInParameter_IsTreatedAsValue()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TABLE IF NOT EXISTS injection_probe(name VARCHAR)");
        connection.Execute("INSERT INTO injection_probe VALUES ('safe')");
        var hostile = "x'); DROP TABLE injection_probe; --";

        var columns = connection.QueryColumns("SELECT count(*) AS n FROM injection_probe WHERE name = ?", hostile);

        Assert.Equal(0, columns.GetInt64s("n")[0]);
        Assert.Equal(1, connection.QueryColumns("SELECT count(*) AS n FROM injection_probe").GetInt64s("n")[0]);
    }

    [Fact]
    public void Query_ListParameter_BindsAsList()
    {
        using var connection = fixture.Database.Connect();
        var columns = connection.QueryColumns(
            "SELECT count(*) AS n FROM range(10) t(i) WHERE list_contains(?, i)", new long[] { 1, 3, 5, 99 });

        Assert.Equal(3, columns.GetInt64s("n")[0]);
    }

    [Fact]
    public void Query_MissingParameter_ThrowsNamingIt()
    {
        using var connection = fixture.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT $county AS c";

        var error = Assert.Throws<DuckDbException>(() => command.ExecuteScalar());
        Assert.Contains("$county", error.Message, StringComparison.Ordinal);
        Assert.Equal(DuckDbErrorType.ParameterNotResolved, error.ErrorType);
    }

    [Fact]
    public void Query_UnknownTable_ThrowsDuckDbMessageAndCatalogType()
    {
        using var connection = fixture.Database.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.Query("SELECT * FROM no_such_table"));

        Assert.Equal(DuckDbErrorType.Catalog, error.ErrorType);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Catalog Error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_SyntaxError_ThrowsParserType()
    {
        using var connection = fixture.Database.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.Query("SELEC 1"));

        Assert.Equal(DuckDbErrorType.Parser, error.ErrorType);
        Assert.Contains("syntax error", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Query_RuntimeConversionError_ThrowsConversionType()
    {
        using var connection = fixture.Database.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.Query("SELECT 'abc'::INTEGER"));

        Assert.Equal(DuckDbErrorType.Conversion, error.ErrorType);
        Assert.Contains("abc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_MultipleStatements_RunsInOrderAndReturnsLast()
    {
        using var connection = fixture.Database.Connect();
        var columns = connection.QueryColumns(
            "CREATE TEMP TABLE multi(i INTEGER); INSERT INTO multi VALUES (1), (2); SELECT sum(i) AS s FROM multi");

        Assert.Equal(3, columns.GetInt64s("s")[0]);
    }

    [Fact]
    public void Query_Timeout_InterruptsWithClearMessage()
    {
        using var connection = fixture.Database.Connect();
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<DuckDbException>(() => connection.Query(
            "SELECT count(*) FROM range(10000000000) a, range(1000) b WHERE a.range % 7 = b.range",
            [],
            new DuckDbRunOptions { Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal(DuckDbErrorType.Interrupt, error.ErrorType);
        Assert.Contains("time limit", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"interrupt took {watch.Elapsed}");
        Assert.Equal(1, connection.QueryColumns("SELECT 1 AS one").GetInt64s("one")[0]);
    }

    [Fact]
    public void Query_Cancelled_ThrowsOperationCanceled()
    {
        using var connection = fixture.Database.Connect();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.ThrowsAny<OperationCanceledException>(() => connection.Query(
            "SELECT count(*) FROM range(10000000000) a, range(1000) b WHERE a.range % 7 = b.range",
            [],
            new DuckDbRunOptions { CancellationToken = cancellation.Token }));
        Assert.Equal(2, connection.QueryColumns("SELECT 2 AS two").GetInt64s("two")[0]);
    }

    [Fact]
    public void Query_Progress_ReportsPercentagesWhileRunning()
    {
        using var connection = fixture.Database.Connect();
        var reports = new List<DuckDbQueryProgress>();
        var progress = new SynchronousProgress(reports);

        connection.Execute("CREATE TEMP TABLE progress_probe AS SELECT range AS i FROM range(20000000)");
        using var result = connection.Query(
            "SELECT sum(hash(i::VARCHAR || '乡村')) AS h FROM progress_probe",
            [],
            new DuckDbRunOptions { Progress = progress });

        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.InRange(r.Percentage, 0, 100));
    }

    [Fact]
    public void Connection_ManyThreadsManyConnections_AllAnswerCorrectly()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TABLE IF NOT EXISTS shared_numbers AS SELECT range AS i FROM range(100000)");

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
    public void Query_Streaming_EveryRowInOrderAcrossChunks()
    {
        using var connection = fixture.Database.Connect();
        using var result = connection.Query("SELECT range AS i FROM range(100000)", [], new DuckDbRunOptions { Streaming = true });

        long rows = 0;
        long sum = 0;
        var ordered = true;
        while (result.NextChunk() is { } chunk)
        {
            var values = chunk.GetValues<long>(0);
            for (var i = 0; i < values.Length; i++)
            {
                ordered &= values[i] == rows + i;
                sum += values[i];
            }

            rows += chunk.RowCount;
        }

        Assert.Equal(100000, rows);
        Assert.Equal(100000L * 99999 / 2, sum);
        Assert.True(ordered);
    }

    [Fact]
    public void Query_StreamingFailsWhileRunning_ThrowsDuckDbsError()
    {
        using var connection = fixture.Database.Connect();

        // A streaming query may fail when it starts or while chunks are fetched; either way DuckDB's message arrives.
        var error = Assert.Throws<DuckDbException>(() =>
        {
            using var result = connection.Query("SELECT CAST(CASE WHEN range < 5000 THEN '1' ELSE 'x' END AS INTEGER) AS v FROM range(10000)", [], new DuckDbRunOptions { Streaming = true });
            while (result.NextChunk() is not null)
            {
            }
        });

        Assert.Contains("Conversion Error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_StreamingWithATimeout_ThrowsArgumentException()
    {
        using var connection = fixture.Database.Connect();

        var error = Assert.Throws<ArgumentException>(() => connection.Query("SELECT 1", [], new DuckDbRunOptions { Streaming = true, Timeout = TimeSpan.FromSeconds(1) }));

        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Dapper_QueryTypedRows_MapsColumns()
    {
        using var connection = fixture.Database.Connect();
        var rows = connection.Query<CountyRow>(
            "SELECT * FROM (VALUES (140105, '小店区', 15308.5), (140106, '迎泽区', 17677.0)) t(Code, Name, Income) WHERE Code >= $min ORDER BY Code",
            new { min = 140105 }).ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal("迎泽区", rows[1].Name);
        Assert.Equal(15308.5m, rows[0].Income);
    }

    [Fact]
    public void Transaction_Rollback_DiscardsChanges()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TABLE IF NOT EXISTS tx_probe(i INTEGER)");
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute("INSERT INTO tx_probe VALUES (1)");
            transaction.Rollback();
        }

        Assert.Equal(0, connection.QueryColumns("SELECT count(*) AS n FROM tx_probe").GetInt64s("n")[0]);
    }

    [Fact]
    public void ConnectionString_OpensOwnDatabase()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:;Threads=1");
        connection.Open();

        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        Assert.Equal("1", connection.QueryColumns("SELECT current_setting('threads')::VARCHAR AS t").GetStrings("t")[0]);
        Assert.StartsWith("v1.5", connection.ServerVersion, StringComparison.Ordinal);
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
        var error = Assert.Throws<DuckDbException>(() => readOnly.Execute("INSERT INTO t VALUES (2)"));
        Assert.Contains("read-only", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class SynchronousProgress(List<DuckDbQueryProgress> reports) : IProgress<DuckDbQueryProgress>
    {
        public void Report(DuckDbQueryProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }

    private sealed record CountyRow(int Code, string Name, decimal Income);
}
