using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace RevivalAnalytics.Dashboard.Localization;

/// <summary>
/// The dashboard's language lives in the URL only: no parameter means Chinese (zh-CN), <c>?lang=en</c>
/// means English. Request localization turns the parameter into the request's UI culture, and every
/// link and GET form built through this class carries it on, so each page stays bookmarkable.
/// </summary>
public static class UiLanguage
{
    /// <summary>The query-string parameter that selects the language.</summary>
    public const string QueryKey = "lang";

    /// <summary>The culture name of the default language.</summary>
    public const string Chinese = "zh-CN";

    /// <summary>The culture name and <see cref="QueryKey"/> value of the alternative language.</summary>
    public const string English = "en";

    /// <summary>Whether the current request asked for English.</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The current language as a BCP 47 tag, for <c>&lt;html lang&gt;</c> and scripts.</summary>
    public static string Current => IsEnglish ? English : Chinese;

    /// <summary>
    /// Returns <paramref name="url"/> (a path, optionally with a query) carrying the current language.
    /// </summary>
    /// <param name="url">An app-relative or absolute path such as <c>/county/140105?period=2024-06</c>.</param>
    public static string Href(string url) => WithLanguage(url, IsEnglish);

    /// <summary>
    /// Returns <paramref name="url"/> switched to the given language, keeping its path and every other
    /// query parameter; Chinese drops the parameter so the default URL stays the short one.
    /// </summary>
    /// <param name="url">A path with an optional query string and fragment.</param>
    /// <param name="english">True for English, false for Chinese.</param>
    public static string WithLanguage(string url, bool english)
    {
        ArgumentNullException.ThrowIfNull(url);
        var fragmentStart = url.IndexOf('#', StringComparison.Ordinal);
        var fragment = fragmentStart >= 0 ? url[fragmentStart..] : string.Empty;
        var withoutFragment = fragmentStart >= 0 ? url[..fragmentStart] : url;
        var queryStart = withoutFragment.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart >= 0 ? withoutFragment[..queryStart] : withoutFragment;
        var query = queryStart >= 0 ? QueryHelpers.ParseQuery(withoutFragment[queryStart..]) : [];

        var kept = query
            .Where(pair => !string.Equals(pair.Key, QueryKey, StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value, (pair, value) => KeyValuePair.Create(pair.Key, (string?)value));
        if (english)
        {
            kept = kept.Append(KeyValuePair.Create(QueryKey, (string?)English));
        }

        return QueryHelpers.AddQueryString(path.Length == 0 ? "/" : path, kept) + fragment;
    }

    /// <summary>The cultures request localization accepts, default first.</summary>
    internal static IReadOnlyList<CultureInfo> SupportedCultures { get; } =
        [CultureInfo.GetCultureInfo(Chinese), CultureInfo.GetCultureInfo(English)];
}
