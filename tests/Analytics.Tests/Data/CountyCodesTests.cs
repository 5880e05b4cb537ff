using RevivalAnalytics.Data;

namespace RevivalAnalytics.Tests.Data;

public sealed class CountyCodesTests
{
    [Fact]
    public void TryParse_SixDigits_Code()
    {
        Assert.True(CountyCodes.TryParse("140121", out var code));
        Assert.Equal(140121, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("14012")]
    [InlineData("1401211")]
    [InlineData("+40121")]
    [InlineData(" 40121")]
    [InlineData("14o121")]
    [InlineData("١٤٠١٢١")]
    [InlineData("-14012")]
    public void TryParse_NotSixAsciiDigits_FalseAndZero(string? text)
    {
        Assert.False(CountyCodes.TryParse(text, out var code));
        Assert.Equal(0, code);
    }

    [Fact]
    public void Prefecture_CountyCode_FirstFourDigitsThen00()
    {
        Assert.Equal(140100, CountyCodes.Prefecture(140121));
        Assert.Equal(141100, CountyCodes.Prefecture(141182));
    }
}
