using RevivalAnalytics.Metrics;
using Xunit;

namespace RevivalAnalytics.Tests.Metrics;

public sealed class MetricPeriodTests
{
    [Theory]
    [InlineData("2023", 2023, null, "2023")]
    [InlineData("2023-06", 2023, 6, "2023-06")]
    [InlineData("2023-6", 2023, 6, "2023-06")]
    [InlineData(" 2024-12 ", 2024, 12, "2024-12")]
    public void Parse_Valid_YearAndMonth(string text, int year, int? month, string formatted)
    {
        var period = MetricPeriod.Parse(text);
        Assert.Equal(year, period.Year);
        Assert.Equal(month, period.Month);
        Assert.Equal(formatted, period.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("23")]
    [InlineData("2023-00")]
    [InlineData("2023-13")]
    [InlineData("2023-Q1")]
    [InlineData("-2023")]
    public void Parse_Malformed_ThrowsWithParameterName(string text)
    {
        var error = Assert.Throws<MetricArgumentException>(() => MetricPeriod.Parse(text, "from"));
        Assert.Equal("from", error.ParamName);
        Assert.Contains("YYYY-MM", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("期间格式不正确", error.MessageZh, StringComparison.Ordinal);
    }
}
