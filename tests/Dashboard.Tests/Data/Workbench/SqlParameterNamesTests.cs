using RevivalAnalytics.Dashboard.Data.Workbench;

namespace RevivalAnalytics.Dashboard.Tests.Data.Workbench;

public sealed class SqlParameterNamesTests
{
    [Fact]
    public void Find_ParametersOutsideStringsAndComments_InOrderOnce()
    {
        const string Sql = "SELECT '$notme', \"$nor_me\" -- $comment\nFROM t /* $block */ WHERE a = $county AND b = $year AND c = $county";

        Assert.Equal(["county", "year"], SqlParameterNames.Find(Sql));
    }

    [Theory]
    [InlineData("140105", 140105L)]
    [InlineData("-3", -3L)]
    [InlineData("2.5", 2.5)]
    [InlineData("太原", "太原")]
    public void Bind_TypedText_NumbersAsNumbers(string text, object expected)
    {
        Assert.Equal(expected, SqlParameterNames.Bind("p", text).Value);
    }
}
