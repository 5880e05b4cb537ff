using RevivalAnalytics.Metrics;
using Xunit;

namespace RevivalAnalytics.Tests.Metrics;

public sealed class PersonalDataMaskTests
{
    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳明月", "欧*")]
    [InlineData("李", "李*")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Name_Various_KeepsSurnameCharacterOnly(string? name, string expected) => Assert.Equal(expected, PersonalDataMask.Name(name));

    [Theory]
    [InlineData("14012119900101123X", "140121********123X")]
    [InlineData("1401211990", "**********")]
    public void IdNumber_Various_KeepsFirstSixAndLastFour(string id, string expected) => Assert.Equal(expected, PersonalDataMask.IdNumber(id));

    [Fact]
    public void Phone_ElevenDigits_MasksTheMiddleFour() => Assert.Equal("100****5678", PersonalDataMask.Phone("10012345678"));
}
