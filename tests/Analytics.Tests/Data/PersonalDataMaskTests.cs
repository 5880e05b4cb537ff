using RevivalAnalytics.Data;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;
using Xunit;

namespace RevivalAnalytics.Tests.Data;

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

    [Theory]
    [InlineData("张三丰")]
    [InlineData("\U00020000三")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("14012119900101123X")]
    [InlineData("1401211990")]
    [InlineData("10012345678")]
    [InlineData("100123456789")]
    public void Sql_SameValue_SameMaskAsDotNet(string? value)
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();

        var c = connection.QueryColumns(
            $"SELECT {PersonalDataMask.NameSql("v")} AS name, {PersonalDataMask.IdNumberSql("v")} AS id, {PersonalDataMask.PhoneSql("v")} AS phone FROM (SELECT $1::VARCHAR AS v)",
            value);

        Assert.Equal(PersonalDataMask.Name(value), c.GetStrings("name")[0]);
        Assert.Equal(PersonalDataMask.IdNumber(value), c.GetStrings("id")[0]);
        Assert.Equal(PersonalDataMask.Phone(value), c.GetStrings("phone")[0]);
    }
}
