using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

public sealed class DuckDbTypeTests(DuckDbFixture fixture) : IClassFixture<DuckDbFixture>
{
    [Theory]
    [MemberData(nameof(DuckDbTypeTestData.Scalars), MemberType = typeof(DuckDbTypeTestData))]
    public void Read_ScalarLiteral_MatchesClrValue(string type, string literal, object expected)
    {
        using var connection = fixture.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT CAST({literal} AS {type}) AS v, CAST(NULL AS {type}) AS n";
        using var reader = command.ExecuteReader();

        Assert.True(reader.Read());
        Assert.Equal(expected.GetType(), reader.GetFieldType(0));
        Assert.Equal(expected, reader.GetValue(0));
        Assert.True(reader.IsDBNull(1));
        Assert.Equal(DBNull.Value, reader.GetValue(1));
        Assert.False(reader.Read());
    }

    [Fact]
    public void Read_Enum_ReturnsLabel()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TYPE IF NOT EXISTS county_class AS ENUM ('先行示范县', '整体推进县', '重点帮扶县')");
        var columns = connection.QueryColumns("SELECT CAST(x AS county_class) AS c FROM (VALUES ('重点帮扶县'), (NULL), ('先行示范县')) t(x)");

        Assert.Equal(new string?[] { "重点帮扶县", null, "先行示范县" }, columns.GetStrings("c"));
        Assert.Equal(DuckDbTypeId.Enum, columns["c"].Type.Id);
        Assert.Equal(3, columns["c"].Type.EnumValues.Count);
    }

    [Fact]
    public void Read_ListOfIntegersWithNull_ReturnsList()
    {
        using var connection = fixture.Database.Connect();
        var value = ScalarOf(connection, "SELECT [1, NULL, 3]::INTEGER[]");

        Assert.Equal(new List<object?> { 1, null, 3 }, value);
    }

    [Fact]
    public void Read_ListOfVarchar_ReturnsStrings()
    {
        using var connection = fixture.Database.Connect();
        var value = ScalarOf(connection, "SELECT ['因病', '因残很长的一个风险原因描述文字']");

        Assert.Equal(new List<object?> { "因病", "因残很长的一个风险原因描述文字" }, value);
    }

    [Fact]
    public void Read_Struct_ReturnsNamedFields()
    {
        using var connection = fixture.Database.Connect();
        var value = (Dictionary<string, object?>)ScalarOf(connection, "SELECT {'code': 140105, 'name': '小店区', 'tags': ['a']}")!;

        Assert.Equal(140105, value["code"]);
        Assert.Equal("小店区", value["name"]);
        Assert.Equal(new List<object?> { "a" }, value["tags"]);
    }

    [Fact]
    public void Read_Map_ReturnsDictionary()
    {
        using var connection = fixture.Database.Connect();
        var value = (Dictionary<object, object?>)ScalarOf(connection, "SELECT MAP {'wages': 6860, 'transfers': 4274, 'none': NULL}")!;

        Assert.Equal(3, value.Count);
        Assert.Equal(6860, value["wages"]);
        Assert.Null(value["none"]);
    }

    [Fact]
    public void Read_Array_ReturnsFixedLengthList()
    {
        using var connection = fixture.Database.Connect();
        var value = ScalarOf(connection, "SELECT [1.5, 2.5, NULL]::DOUBLE[3]");

        Assert.Equal(new List<object?> { 1.5, 2.5, null }, value);
    }

    [Fact]
    public void Read_NestedListOfStructs_ReturnsNestedValues()
    {
        using var connection = fixture.Database.Connect();
        var value = (List<object?>)ScalarOf(connection, "SELECT [{'k': 1, 'v': [2, 3]}, NULL]")!;

        var first = (Dictionary<string, object?>)value[0]!;
        Assert.Equal(1, first["k"]);
        Assert.Equal(new List<object?> { 2, 3 }, first["v"]);
        Assert.Null(value[1]);
    }

    [Fact]
    public void Read_UnsupportedUnion_ThrowsClearError()
    {
        using var connection = fixture.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT union_value(num := 2)::UNION(num INTEGER, str VARCHAR) AS u";

        var error = Assert.Throws<DuckDbException>(() => command.ExecuteReader());
        Assert.Contains("UNION", error.Message, StringComparison.Ordinal);
        Assert.Contains("CAST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InfiniteDate_ThrowsOutOfRange()
    {
        using var connection = fixture.Database.Connect();
        using var result = connection.Query("SELECT 'infinity'::DATE");
        var chunk = result.NextChunk()!;

        var error = Assert.Throws<DuckDbException>(() => chunk.GetValue(0, 0));
        Assert.Equal(DuckDbErrorType.OutOfRange, error.ErrorType);
    }

    [Fact]
    public void Read_DecimalBeyondSystemDecimal_ThrowsOutOfRange()
    {
        using var connection = fixture.Database.Connect();
        using var result = connection.Query("SELECT 99999999999999999999999999999999999999::DECIMAL(38,0)");
        var chunk = result.NextChunk()!;

        var error = Assert.Throws<DuckDbException>(() => chunk.GetValue(0, 0));
        Assert.Equal(DuckDbErrorType.OutOfRange, error.ErrorType);
    }

    [Fact]
    public void Read_ManyRowsAcrossChunks_ReadsEveryRowAndNull()
    {
        using var connection = fixture.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'v' || i END AS s FROM range(10000) t(i)";
        using var reader = command.ExecuteReader();
        long sum = 0;
        var nulls = 0;
        var rows = 0;
        while (reader.Read())
        {
            sum += reader.GetInt64(0);
            if (reader.IsDBNull(1))
            {
                nulls++;
            }
            else
            {
                Assert.Equal("v" + reader.GetInt64(0), reader.GetString(1));
            }

            rows++;
        }

        Assert.Equal(10000, rows);
        Assert.Equal(49995000, sum);
        Assert.Equal(1429, nulls);
    }

    private static object? ScalarOf(DuckDbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
