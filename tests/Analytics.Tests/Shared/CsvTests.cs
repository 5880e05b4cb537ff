namespace RevivalAnalytics.Tests.Shared;

public sealed class CsvTests
{
    public static TheoryData<string?, string> Fields => new()
    {
        { null, "" },
        { "", "" },
        { "五台县", "五台县" },
        { "a,b", "\"a,b\"" },
        { "say \"hi\"", "\"say \"\"hi\"\"\"" },
        { "two\nlines", "\"two\nlines\"" },
        { "cr\rhere", "\"cr\rhere\"" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Field_Text_QuotedOnlyWhenNeeded(string? text, string expected)
    {
        Assert.Equal(expected, Csv.Field(text));
    }
}
