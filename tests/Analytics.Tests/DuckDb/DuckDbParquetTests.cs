using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

public sealed class DuckDbParquetTests(DuckDbFixture fixture) : IClassFixture<DuckDbFixture>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public static TheoryData<string> Compressions => new() { "uncompressed", "snappy", "gzip", "zstd" };

    [Theory]
    [MemberData(nameof(Compressions))]
    public void CopyToParquet_EachCompression_RoundTripsColumns(string compression)
    {
        using var connection = fixture.Database.Connect();
        var path = _directory.File($"round-{compression}.parquet");
        connection.Execute($"""
            COPY (SELECT range::INTEGER AS id, range * 1.5 AS income, '县' || range AS name,
                         DATE '2021-01-01' + range::INTEGER AS day, (range * 0.01)::DECIMAL(18,2) AS amount
                  FROM range(100000)) TO '{path}' (FORMAT parquet, COMPRESSION {compression}, ROW_GROUP_SIZE 30000)
            """);

        var columns = connection.QueryColumns("SELECT * FROM read_parquet(?) ORDER BY id", path);

        Assert.Equal(100000, columns.RowCount);
        Assert.Equal(99999 * 1.5, columns.GetDoubles("income")[^1]);
        Assert.Equal("县99999", columns.GetStrings("name")[^1]);
        Assert.Equal(new DateOnly(2021, 1, 1).AddDays(99999), columns["day"].As<DateOnly>()[^1]);
        Assert.Equal(999.99m, columns["amount"].As<decimal>()[^1]);
    }

    [Fact]
    public void ColumnarChunks_TenThousandDoubles_SpanSumMatchesSql()
    {
        using var connection = fixture.Database.Connect();
        using var result = connection.Query("SELECT (range * 0.5)::DOUBLE AS x FROM range(10000)");
        var sum = 0.0;
        var rows = 0;
        while (result.NextChunk() is { } chunk)
        {
            foreach (var value in chunk.GetValues<double>(0))
            {
                sum += value;
            }

            rows += chunk.RowCount;
        }

        Assert.Equal(10000, rows);
        Assert.Equal(0.5 * 9999 * 10000 / 2, sum);
    }

    [Fact]
    public void ColumnarChunks_WrongSpanType_Throws()
    {
        using var connection = fixture.Database.Connect();
        using var result = connection.Query("SELECT 1::INTEGER AS x");
        var chunk = result.NextChunk()!;

        var error = Assert.Throws<InvalidCastException>(() => chunk.GetValues<double>(0));

        Assert.Contains("INTEGER", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
