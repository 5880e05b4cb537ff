using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Tests.Data.Scope;

public sealed class DataScopeTests
{
    private static readonly (int, int)[] s_counties = [(140105, 140100), (140106, 140100), (140121, 140100), (140202, 140200), (140211, 140200)];

    [Theory]
    [InlineData("province")]
    [InlineData("prefecture:140100")]
    [InlineData("counties:140105,140121")]
    public void Parse_TextForm_RoundTrips(string text)
    {
        var scope = DataScope.Parse(text);

        Assert.Equal(text, scope.ToString());
        Assert.Equal(scope, DataScope.Parse(scope.ToString()));
    }

    [Fact]
    public void ForCounties_DuplicatesAndOrder_NormalisedToOneKey()
    {
        var scope = DataScope.ForCounties([140121, 140105, 140121]);

        Assert.Equal("counties:140105,140121", scope.ToString());
        Assert.Equal(DataScope.Parse("counties: 140121 ,140105"), scope);
    }

    [Theory]
    [InlineData("", "expected province")]
    [InlineData("prefecture:140105", "140105 is not a prefecture code")]
    [InlineData("prefecture:140000", "140000 is not a prefecture code")]
    [InlineData("counties:", "the county list is empty")]
    [InlineData("counties:140100", "140100 is not a county code")]
    [InlineData("counties:14010x", "\"14010x\" is not a county code")]
    [InlineData("county:140105", "expected province")]
    public void Parse_Invalid_ThrowsBilingualNamingTheProblem(string text, string english)
    {
        var e = Assert.Throws<FormatException>(() => DataScope.Parse(text));

        Assert.StartsWith("数据范围", e.Message, StringComparison.Ordinal);
        Assert.Contains(english, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveCounties_EachKind_CoversItsCounties()
    {
        Assert.Equal([140105, 140106, 140121, 140202, 140211], DataScope.Province.ResolveCounties(s_counties));
        Assert.Equal([140202, 140211], DataScope.ForPrefecture(140200).ResolveCounties(s_counties));
        Assert.Equal([140121], DataScope.ForCounties([140121, 149999]).ResolveCounties(s_counties));
    }

    [Fact]
    public void UnknownCodes_TypoedCountyAndEmptyPrefecture_Named()
    {
        Assert.Equal([149999], DataScope.ForCounties([140121, 149999]).UnknownCodes(s_counties));
        Assert.Equal([140300], DataScope.ForPrefecture(140300).UnknownCodes(s_counties));
        Assert.Empty(DataScope.ForPrefecture(140100).UnknownCodes(s_counties));
    }

    [Fact]
    public void Covers_PrefectureScope_OnlyItsCounties()
    {
        var scope = DataScope.ForPrefecture(140100);

        Assert.True(scope.Covers(140105, 140100));
        Assert.False(scope.Covers(140202, 140200));
        Assert.False(scope.IsProvince);
        Assert.True(DataScope.Province.Covers(140202, 140200));
    }

    [Fact]
    public void TryParse_Invalid_ReturnsFalse()
    {
        Assert.False(DataScope.TryParse("prefecture:1", out var scope));
        Assert.Null(scope);
        Assert.True(DataScope.TryParse("province", out scope));
        Assert.Same(DataScope.Province, scope);
    }
}
