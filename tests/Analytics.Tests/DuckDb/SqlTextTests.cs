using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

public sealed class SqlTextTests(DuckDbFixture fixture) : IClassFixture<DuckDbFixture>
{
    [Fact]
    public void Literal_TextWithQuotes_DuckDbReadsTheSameText()
    {
        const string Text = "/tmp/it's a \"path\"/数据";
        using var connection = fixture.Database.Connect();

        Assert.Equal("'/tmp/it''s a \"path\"/数据'", SqlText.Literal(Text));
        Assert.Equal(Text, connection.QueryColumns($"SELECT {SqlText.Literal(Text)} AS t").GetStrings("t")[0]);
    }

    [Fact]
    public void Identifier_NameWithQuotes_DuckDbNamesTheColumnSo()
    {
        const string Name = "odd \"name\"; DROP";
        using var connection = fixture.Database.Connect();

        Assert.Equal("\"odd \"\"name\"\"; DROP\"", SqlText.Identifier(Name));
        Assert.Equal(Name, connection.QueryColumns($"SELECT 1 AS {SqlText.Identifier(Name)}")[0].Name);
    }
}
