using System.Globalization;
using RevivalAnalytics.Dashboard.Localization;

namespace RevivalAnalytics.Dashboard.Tests.Localization;

public sealed class LocalizedTextTests
{
    [Theory]
    [InlineData("zh-CN", "县域")]
    [InlineData("en", "County")]
    public void ToString_UiCulture_PicksThatLanguage(string culture, string expected)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            Assert.Equal(expected, new LocalizedText("县域", "County").ToString());
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
