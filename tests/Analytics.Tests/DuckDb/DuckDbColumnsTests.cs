using System.Numerics;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

/// <summary>Typed column arrays over DuckDB.NET's reader. The CLR types asserted are DuckDB.NET's own mapping
/// (e.g. HUGEINT as BigInteger, TIMESTAMPTZ as DateTime), which <see cref="DuckDbColumns"/> keeps.</summary>
public sealed class DuckDbColumnsTests(DuckDbFixture fixture) : IClassFixture<DuckDbFixture>
{
    public static TheoryData<string, string, object> Scalars => new()
    {
        { "BOOLEAN", "true", true },
        { "TINYINT", "(-128)", (sbyte)-128 },
        { "SMALLINT", "(-32768)", (short)-32768 },
        { "INTEGER", "2147483647", 2147483647 },
        { "BIGINT", "(-9223372036854775808)", long.MinValue },
        { "UTINYINT", "255", (byte)255 },
        { "USMALLINT", "65535", (ushort)65535 },
        { "UINTEGER", "4294967295", 4294967295u },
        { "UBIGINT", "18446744073709551615", ulong.MaxValue },
        { "HUGEINT", "'-170141183460469231731687303715884105728'", BigInteger.Parse("-170141183460469231731687303715884105728", System.Globalization.CultureInfo.InvariantCulture) },
        { "UHUGEINT", "'340282366920938463463374607431768211455'", BigInteger.Parse("340282366920938463463374607431768211455", System.Globalization.CultureInfo.InvariantCulture) },
        { "FLOAT", "1.5", 1.5f },
        { "DOUBLE", "-2.25e300", -2.25e300 },
        { "DECIMAL(4,1)", "-123.4", -123.4m },
        { "DECIMAL(9,3)", "123456.789", 123456.789m },
        { "DECIMAL(18,2)", "-1234567890123456.78", -1234567890123456.78m },
        { "DECIMAL(38,10)", "1234567890123456.7890123456", 1234567890123456.7890123456m },
        { "VARCHAR", "'乡村振兴局巩固拓展脱贫攻坚成果同乡村振兴有效衔接'", "乡村振兴局巩固拓展脱贫攻坚成果同乡村振兴有效衔接" },
        { "VARCHAR", "''", "" },
        { "DATE", "'2021-02-25'", new DateOnly(2021, 2, 25) },
        { "DATE", "'1900-01-01'", new DateOnly(1900, 1, 1) },
        { "TIMESTAMP", "'2023-12-31 08:30:00.123456'", new DateTime(2023, 12, 31, 8, 30, 0).AddTicks(1234560) },
        { "TIMESTAMP_S", "'2023-12-31 08:30:05'", new DateTime(2023, 12, 31, 8, 30, 5) },
        { "TIMESTAMP_MS", "'2023-12-31 08:30:05.123'", new DateTime(2023, 12, 31, 8, 30, 5, 123) },
        { "TIMESTAMP_NS", "'2023-12-31 08:30:05.1234567'", new DateTime(2023, 12, 31, 8, 30, 5).AddTicks(1234567) },
        { "UUID", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", Guid.Parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11") },
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Read_ScalarAndNull_TypedArrayWithNullMarked(string type, string literal, object expected)
    {
        using var connection = fixture.Database.Connect();

        var column = connection.QueryColumns($"SELECT CAST({literal} AS {type}) AS v UNION ALL SELECT NULL")["v"];

        Assert.Equal(expected.GetType(), column.Values.GetType().GetElementType());
        Assert.Equal(expected, column.Values.GetValue(0));
        Assert.False(column.IsNull(0));
        Assert.True(column.IsNull(1));
        Assert.True(column.HasNulls);
    }

    [Fact]
    public void GetDoubles_IntegerDecimalAndNull_ConvertsWithNaN()
    {
        using var connection = fixture.Database.Connect();
        var columns = connection.QueryColumns("SELECT * FROM (VALUES (1, 2.5::DECIMAL(9,2)), (NULL, NULL), (3, -1.25::DECIMAL(9,2))) t(i, m)");

        Assert.Equal(new[] { 1.0, double.NaN, 3.0 }, columns.GetDoubles("i"));
        Assert.Equal(new[] { 2.5, double.NaN, -1.25 }, columns.GetDoubles("m"));
        Assert.Equal(new[] { 1f, float.NaN, 3f }, columns.GetFloats("i"));
    }

    [Fact]
    public void GetInt64s_WithNull_ThrowsNamingColumn()
    {
        using var connection = fixture.Database.Connect();
        var columns = connection.QueryColumns("SELECT * FROM (VALUES (1), (NULL)) t(code)");

        var error = Assert.Throws<InvalidCastException>(() => columns.GetInt64s("code"));

        Assert.Contains("code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetStrings_EnumAndNull_LabelsAndNull()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TYPE IF NOT EXISTS county_class AS ENUM ('先行示范县', '整体推进县', '重点帮扶县')");

        var columns = connection.QueryColumns("SELECT CAST(x AS county_class) AS c FROM (VALUES ('重点帮扶县'), (NULL), ('先行示范县')) t(x)");

        Assert.Equal(new string?[] { "重点帮扶县", null, "先行示范县" }, columns.GetStrings("c"));
        Assert.Equal("Enum", columns["c"].DataTypeName);
    }

    [Fact]
    public void Indexer_UnknownName_ThrowsListingColumns()
    {
        using var connection = fixture.Database.Connect();
        var columns = connection.QueryColumns("SELECT 1 AS a, 2 AS b");

        var error = Assert.Throws<KeyNotFoundException>(() => columns["z"]);

        Assert.Contains("a, b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void As_WrongType_ThrowsNamingBoth()
    {
        using var connection = fixture.Database.Connect();
        var columns = connection.QueryColumns("SELECT 1::INTEGER AS x");

        var error = Assert.Throws<InvalidCastException>(() => columns["x"].As<double>());

        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
        Assert.Contains("Double", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ListColumn_BoxedLists()
    {
        using var connection = fixture.Database.Connect();

        var column = connection.QueryColumns("SELECT [1, 2, 3] AS l UNION ALL SELECT NULL")["l"];

        Assert.Equal(new List<int> { 1, 2, 3 }, column.As<object?>()[0]);
        Assert.True(column.IsNull(1));
    }

    [Fact]
    public void Read_EmptyResult_ZeroRowsTypedColumns()
    {
        using var connection = fixture.Database.Connect();

        var columns = connection.QueryColumns("SELECT 1.5::DOUBLE AS x WHERE false");

        Assert.Equal(0, columns.RowCount);
        Assert.Empty(columns["x"].As<double>());
    }
}
