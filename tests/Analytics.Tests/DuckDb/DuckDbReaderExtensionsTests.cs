using DuckDB.NET.Data;
using DuckDB.NET.Native;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

public sealed class DuckDbReaderExtensionsTests(DuckDbFixture fixture) : IClassFixture<DuckDbFixture>
{
    public static TheoryData<string, string> TypeNames => new()
    {
        { "1::BIGINT", "BIGINT" },
        { "1::UINTEGER", "UINTEGER" },
        { "1.5::DOUBLE", "DOUBLE" },
        { "1.5::DECIMAL(9,2)", "DECIMAL" },
        { "'x'", "VARCHAR" },
        { "DATE '2021-01-01'", "DATE" },
        { "TIMESTAMP '2021-01-01'::TIMESTAMP_MS", "TIMESTAMP_MS" },
        { "TIMESTAMPTZ '2021-01-01 00:00:00+00'", "TIMESTAMP WITH TIME ZONE" },
        { "[1, 2]", "LIST" },
    };

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void GetSqlTypeName_Column_DuckDbsSpelling(string expression, string expected)
    {
        using var connection = fixture.Database.Connect();
        using var reader = Reader(connection, $"SELECT {expression} AS v");

        Assert.Equal(expected, reader.GetSqlTypeName(0));
    }

    [Fact]
    public void GetValueForDisplay_ListWithNull_KeepsNull()
    {
        using var connection = fixture.Database.Connect();
        using var reader = Reader(connection, "SELECT [1, NULL, 3]::INTEGER[] AS l, [1.5, NULL]::DOUBLE[2] AS a");

        Assert.Equal(new List<int?> { 1, null, 3 }, reader.GetValueForDisplay(0));
        Assert.Equal(new List<double?> { 1.5, null }, reader.GetValueForDisplay(1));
    }

    [Fact]
    public void GetValueForDisplay_MapWithNullValue_KeepsNull()
    {
        using var connection = fixture.Database.Connect();
        using var reader = Reader(connection, "SELECT MAP {'wages': 6860, 'none': NULL} AS m");

        var map = Assert.IsType<Dictionary<string, int?>>(reader.GetValueForDisplay(0));

        Assert.Equal(6860, map["wages"]);
        Assert.Null(map["none"]);
    }

    [Fact]
    public void GetValueForDisplay_StructWithList_NamedFields()
    {
        using var connection = fixture.Database.Connect();
        using var reader = Reader(connection, "SELECT {'code': 140105, 'name': '小店区'} AS s");

        var fields = Assert.IsType<Dictionary<string, object>>(reader.GetValueForDisplay(0));

        Assert.Equal(140105, fields["code"]);
        Assert.Equal("小店区", fields["name"]);
    }

    [Fact]
    public void GetValueForDisplay_Union_InvalidCastNamingTheColumnAndCast()
    {
        using var connection = fixture.Database.Connect();
        using var reader = Reader(connection, "SELECT union_value(k := 1) AS u");

        var error = Assert.Throws<InvalidCastException>(() => reader.GetValueForDisplay(0));

        Assert.Contains("Column u", error.Message, StringComparison.Ordinal);
        Assert.Contains("CAST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetValueForDisplay_IntervalWithMonths_DuckDbInterval()
    {
        using var connection = fixture.Database.Connect();
        using var reader = Reader(connection, "SELECT INTERVAL '1 year 2 months 3 days' AS i, INTERVAL '3 days' AS d");

        var interval = Assert.IsType<DuckDBInterval>(reader.GetValueForDisplay(0));
        Assert.Equal(14, interval.Months);
        Assert.Equal(3, interval.Days);
        Assert.Equal(TimeSpan.FromDays(3), reader.GetValueForDisplay(1));
    }

    [Fact]
    public void GetValueForDisplay_InfiniteDate_DuckDbDateOnly()
    {
        using var connection = fixture.Database.Connect();
        using var reader = Reader(connection, "SELECT 'infinity'::DATE AS d");

        var date = Assert.IsType<DuckDBDateOnly>(reader.GetValueForDisplay(0));

        Assert.True(date.IsPositiveInfinity);
    }

    [Fact]
    public void GetValueForDisplay_DecimalBeyondSystemDecimal_ThrowsNamingColumnAndCast()
    {
        using var connection = fixture.Database.Connect();
        using var reader = Reader(connection, "SELECT 99999999999999999999999999999999999999::DECIMAL(38,0) AS huge");

        var error = Assert.Throws<InvalidCastException>(() => reader.GetValueForDisplay(0));

        Assert.Contains("huge", error.Message, StringComparison.Ordinal);
        Assert.Contains("CAST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetValueForDisplay_Null_IsNull()
    {
        using var connection = fixture.Database.Connect();
        using var reader = Reader(connection, "SELECT NULL::INTEGER[] AS l");

        Assert.Null(reader.GetValueForDisplay(0));
    }

    private static DuckDBDataReader Reader(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return reader;
    }
}
