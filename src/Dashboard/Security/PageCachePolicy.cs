using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>
/// The output cache of the pages, for signed-in users. ASP.NET Core's default policy caches no authenticated request,
/// so this policy states its own rules: GET and HEAD only; one entry per URL (every query parameter), data version,
/// model snapshot and <see cref="UserAccess.ViewKey"/> (scope, roles, personal-data permission), so a page rendered
/// for one scope is never served to another; only 200 responses without cookies are stored. Authorization runs before
/// the cache, so a cached page is only ever served to a user allowed to see it.
/// </summary>
internal sealed class PageCachePolicy : IOutputCachePolicy
{
    // The post-assessment's pages change with every act of its workflow; its own score cache keeps them fast.
    private static readonly string[] s_uncachedPrefixes = ["/admin", "/account", "/signin", "/denied", "/assessment"];

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var access = UserAccess.From(context.HttpContext.User);
        // Pages with forms (antiforgery tokens) or circuits (the admin pages) are per user and never kept.
        var cacheable = access is not null
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !s_uncachedPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(30);
        context.CacheVaryByRules.QueryKeys = "*";
        if (access is not null)
        {
            var services = context.HttpContext.RequestServices;
            // The request's snapshot (the one its page renders from): data version and generation, which changes with
            // every new model or refresh error shown, and whether newer figures are loading (the pages say so).
            var snapshot = services.GetRequiredService<AnalyticsSnapshot>();
            context.CacheVaryByRules.VaryByValues["data"] = string.Create(CultureInfo.InvariantCulture,
                $"{snapshot.DataVersion}|{snapshot.Generation}|{snapshot.Context.IsRefreshing}");
            context.CacheVaryByRules.VaryByValues["access"] = access.ViewKey;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Antiforgery marks a response that carries a token no-store; a Set-Cookie is someone's own.
        if (response.StatusCode != StatusCodes.Status200OK
            || !StringValues.IsNullOrEmpty(response.Headers.SetCookie)
            || response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
