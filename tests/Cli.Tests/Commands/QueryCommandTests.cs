using System.Text.Json;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Cli.Tests.Commands;

/// <summary>Runs the real <c>revival</c> executable over a small Parquet folder.</summary>
public sealed class QueryCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("revival-cli-").FullName;

    public QueryCommandTests()
    {
        WriteCounties();
        WriteHouseholds();
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("table")]
    public void Query_PersonalColumnsWithoutFlag_MaskedInEveryFormatWithNote(string format)
    {
        var (code, output, error) = RevivalProcess.Run("query", "SELECT head_name, head_id_number, head_phone FROM households ORDER BY household_id", "--data", _data, "--format", format);

        Assert.Equal(0, code);
        Assert.Contains("张*", output, StringComparison.Ordinal);
        Assert.Contains("140105********567X", output, StringComparison.Ordinal);
        Assert.Contains("139****5678", output, StringComparison.Ordinal);
        AssertNoRawPersonalData(output);
        Assert.Contains("已遮蔽", error, StringComparison.Ordinal);
        Assert.Contains("masked", error, StringComparison.Ordinal);
        Assert.Contains("--personal-data", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT head_name AS x FROM households")]
    [InlineData("SELECT upper(head_id_number) AS x, lower(head_name) AS y FROM households")]
    [InlineData("SELECT substr(head_phone, 1, 11) AS x FROM households")]
    [InlineData("SELECT h.* FROM households AS h")]
    [InlineData("SELECT head_id_number[7:14] AS birth, reverse(head_phone) AS p FROM households")]
    [InlineData("SELECT string_agg(head_name || head_id_number || head_phone, ';') AS x FROM households")]
    [InlineData("SELECT count(*) AS n FROM households WHERE head_id_number LIKE '%19900101%' OR head_name = '张三丰' HAVING count(*) > 0")]
    [InlineData("WITH q AS (SELECT * FROM households) SELECT to_json(q) AS j FROM q")]
    public void Query_AliasOrExpressionWithoutFlag_NeverShowsRawValues(string sql)
    {
        var (code, output, _) = RevivalProcess.Run("query", sql, "--data", _data, "--format", "csv");

        Assert.Equal(0, code);
        AssertNoRawPersonalData(output);
    }

    [Fact]
    public void Query_CastErrorWithoutFlag_MessageHasMaskedValueOnly()
    {
        var (code, _, error) = RevivalProcess.Run("query", "SELECT head_id_number::BIGINT FROM households", "--data", _data);

        Assert.Equal(1, code);
        Assert.Contains("140105********567X", error, StringComparison.Ordinal);
        AssertNoRawPersonalData(error);
    }

    [Fact]
    public void Query_RawHouseholdFileWithoutFlag_Refused()
    {
        var file = Path.Combine(_data, "households.parquet");
        var (code, output, error) = RevivalProcess.Run("query", "SELECT head_id_number FROM read_parquet($f)", "--data", _data, "--param", $"f={file}", "--format", "csv");

        Assert.Equal(1, code);
        Assert.Empty(output);
        AssertNoRawPersonalData(error);
    }

    [Fact]
    public void Query_PersonalDataFlag_ShowsRawValuesWithoutNote()
    {
        var (code, output, error) = RevivalProcess.Run("query", "SELECT upper(head_id_number) AS x, head_name, head_phone FROM households ORDER BY household_id",
            "--data", _data, "--format", "csv", "--personal-data");

        Assert.Equal(0, code);
        Assert.Equal("x,head_name,head_phone\n14010519900101567X,张三丰,13912345678\n14010519851231002X,李四,13800001111\n", output.Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.Empty(error);
    }

    [Fact]
    public void Query_NoPersonalTableNamed_NoNote()
    {
        var (code, _, error) = RevivalProcess.Run("query", "SELECT count(*) FROM counties", "--data", _data);

        Assert.Equal(0, code);
        Assert.Empty(error);
    }

    [Fact]
    public void Help_PersonalDataFlag_SaysItIsPersonalData()
    {
        var (code, output, _) = RevivalProcess.Run("query", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--personal-data", output, StringComparison.Ordinal);
        Assert.Contains("个人信息", output, StringComparison.Ordinal);
        Assert.Contains("personal data", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_TableFormat_AlignsChineseColumns()
    {
        var (code, output, _) = RevivalProcess.Run("query", "SELECT county_name AS 名称, county_code AS code FROM counties ORDER BY code", "--data", _data);

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("名称   │   code", lines[0]);
        Assert.Equal("小店区 │ 140105", lines[2]);
        Assert.Equal("平顺县 │ 140423", lines[3]);
        Assert.Contains("(2 行 / rows)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_ValuesDuckDbNetsGetValueRefuses_PrintedAsText()
    {
        var (code, output, _) = RevivalProcess.Run("query", "SELECT [1, NULL, 3] AS l, INTERVAL '1 month 2 days' AS i, 'infinity'::DATE AS d, '\\xAA\\x00'::BLOB AS b", "--data", _data, "--format", "csv");

        Assert.Equal(0, code);
        Assert.Contains("\"[1, NULL, 3]\",1 months 2 days 0 us,infinity,\\xAA00", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_MissingParameter_Exit2NamingIt()
    {
        var (code, _, error) = RevivalProcess.Run("query", "SELECT county_name FROM counties WHERE county_code = $code", "--data", _data);

        Assert.Equal(2, code);
        Assert.Contains("$code", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_CsvFormat_QuotesFieldsWithCommas()
    {
        var (code, output, _) = RevivalProcess.Run("query", "SELECT 'a,b' AS x, NULL AS y, 3 AS z", "--data", _data, "--format", "csv");

        Assert.Equal(0, code);
        Assert.Equal("x,y,z\n\"a,b\",,3\n", output.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Query_JsonFormatWithParameter_ReturnsTypedValues()
    {
        var (code, output, _) = RevivalProcess.Run("query", "SELECT county_name, county_code, income FROM counties WHERE county_code = $c",
            "--data", _data, "--param", "c=140423", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("平顺县", row.GetProperty("county_name").GetString());
        Assert.Equal(140423, row.GetProperty("county_code").GetInt32());
        Assert.Equal(9876.5, row.GetProperty("income").GetDouble());
    }

    [Fact]
    public void Query_ReadParquetFileInsideData_Answers()
    {
        var file = Path.Combine(_data, "counties.parquet");
        var (code, output, _) = RevivalProcess.Run("query", "SELECT count(*) AS n FROM read_parquet($f)", "--data", _data, "--param", $"f={file}", "--format", "csv");

        Assert.Equal(0, code);
        Assert.Equal("n\n2\n", output.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Query_UnknownTable_PrintsDuckDbMessageToStderrAndFails()
    {
        var (code, output, error) = RevivalProcess.Run("query", "SELECT * FROM no_such_table", "--data", _data);

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("Catalog Error", error, StringComparison.Ordinal);
        Assert.Contains("no_such_table", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_MalformedParam_FailsWithUsageCode()
    {
        var (code, _, error) = RevivalProcess.Run("query", "SELECT 1", "--data", _data, "--param", "novalue");

        Assert.Equal(2, code);
        Assert.Contains("name=value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_MissingDataFolder_FailsNamingIt()
    {
        var (code, _, error) = RevivalProcess.Run("query", "SELECT 1", "--data", "/nonexistent/folder");

        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_Timeout_StopsLongQuery()
    {
        var (code, _, error) = RevivalProcess.Run("query", "SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3", "--data", _data, "--timeout", "1");

        Assert.Equal(1, code);
        Assert.Contains("time limit", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static void AssertNoRawPersonalData(string text)
    {
        foreach (var raw in new[] { "三丰", "19900101", "19851231", "1234", "0000", "李四" })
        {
            Assert.DoesNotContain(raw, text, StringComparison.Ordinal);
        }
    }

    private void WriteHouseholds()
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        connection.Execute($"""
            COPY (SELECT * FROM (VALUES (1, 140105, '张三丰', '14010519900101567X', '13912345678'), (2, 140423, '李四', '14010519851231002X', '13800001111'))
                  t(household_id, county_code, head_name, head_id_number, head_phone))
            TO '{Path.Combine(_data, "households.parquet")}' (FORMAT parquet)
            """);
    }

    private void WriteCounties()
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        connection.Execute($"""
            COPY (SELECT * FROM (VALUES (140105, '小店区', 21000.25), (140423, '平顺县', 9876.5)) t(county_code, county_name, income))
            TO '{Path.Combine(_data, "counties.parquet")}' (FORMAT parquet)
            """);
    }
}
