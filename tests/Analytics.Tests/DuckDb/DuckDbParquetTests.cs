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

    public void Dispose() => _directory.Dispose();
}
