using Microsoft.AspNetCore.Localization;

namespace RevivalAnalytics.Dashboard.Localization;

/// <summary>Wires the URL's <c>lang</c> parameter into request localization.</summary>
public static class LanguageExtensions
{
    /// <summary>
    /// Sets each request's culture from <c>?lang=</c> only. Cookies and Accept-Language are ignored on
    /// purpose: the same URL must show the same page to everyone it is shared with.
    /// </summary>
    /// <param name="app">The application pipeline.</param>
    /// <returns>The same pipeline, for chaining.</returns>
    public static IApplicationBuilder UseUrlLanguage(this IApplicationBuilder app)
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(UiLanguage.Chinese),
            SupportedCultures = [.. UiLanguage.SupportedCultures],
            SupportedUICultures = [.. UiLanguage.SupportedCultures],
            FallBackToParentCultures = false,
            FallBackToParentUICultures = false,
            RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider
                {
                    QueryStringKey = UiLanguage.QueryKey,
                    UIQueryStringKey = UiLanguage.QueryKey,
                },
            ],
        };
        return app.UseRequestLocalization(options);
    }
}
