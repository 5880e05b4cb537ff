using Microsoft.AspNetCore.WebUtilities;

namespace RevivalAnalytics.Dashboard.Components.Shared;

/// <summary>Builds a page's URL from its state: empty values are left out, so the default URL stays short.</summary>
internal static class PageState
{
    public static string Url(string path, params (string Key, string? Value)[] parameters) =>
        Localization.UiLanguage.Href(QueryHelpers.AddQueryString(path, parameters
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => KeyValuePair.Create(p.Key, p.Value))));
}
