using RevivalAnalytics.Dashboard.Localization;

namespace RevivalAnalytics.Dashboard.Tests.Localization;

public sealed class UiLanguageTests
{
    public static TheoryData<string, bool, string> Switches => new()
    {
        { "/", true, "/?lang=en" },
        { "/", false, "/" },
        { "", true, "/?lang=en" },
        { "/?lang=en", false, "/" },
        { "/?LANG=en", false, "/" },
        { "/county/140105?period=2024-06", true, "/county/140105?period=2024-06&lang=en" },
        { "/warnings?lang=en&sort=income&page=3", false, "/warnings?sort=income&page=3" },
        { "/warnings?lang=en&sort=income", true, "/warnings?sort=income&lang=en" },
        { "/classes?metric=a%20b#spread", true, "/classes?metric=a%20b&lang=en#spread" },
        { "/warnings?flag=a&flag=b", true, "/warnings?flag=a&flag=b&lang=en" },
    };

    [Theory]
    [MemberData(nameof(Switches))]
    public void WithLanguage_Url_KeepsOtherParametersAndSetsLang(string url, bool english, string expected)
    {
        Assert.Equal(expected, UiLanguage.WithLanguage(url, english));
    }
}
