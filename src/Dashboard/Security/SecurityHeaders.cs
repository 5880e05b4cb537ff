namespace RevivalAnalytics.Dashboard.Security;

/// <summary>
/// Headers on every response. The content security policy allows our own scripts only (blazor.web.js, Radzen's script
/// on the admin pages, county-map.js, which loads ECharts and the county shapes from our own origin); inline styles are
/// allowed because Radzen's components set style attributes; images may be data: URIs (the TOTP QR code). Framing is
/// refused (<c>frame-ancestors 'none'</c>), and so is MIME sniffing.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next(context);
    });
}
