using RevivalAnalytics.Cli.Output;

namespace RevivalAnalytics.Cli.Tests.Output;

public sealed class DisplayWidthTests
{
    [Theory]
    [InlineData("abc", 3)]
    [InlineData("小店区", 6)]
    [InlineData("A县1", 4)]
    [InlineData("", 0)]
    public void Of_MixedText_CountsWideCharactersTwice(string text, int expected) =>
        Assert.Equal(expected, DisplayWidth.Of(text));

    [Fact]
    public void PadRight_ChineseText_FillsToColumnWidth()
    {
        Assert.Equal("县域  ", DisplayWidth.PadRight("县域", 6));
        Assert.Equal("  12", DisplayWidth.PadLeft("12", 4));
    }

    [Fact]
    public void Truncate_LongChineseText_CutsAtWidthWithEllipsis()
    {
        var cut = DisplayWidth.Truncate("巩固拓展脱贫攻坚成果", 9);

        Assert.Equal("巩固拓展…", cut);
        Assert.True(DisplayWidth.Of(cut) <= 9);
    }
}
