using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using RevivalAnalytics.Dashboard.Components.Shared;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

/// <summary>
/// Serves <c>/e2e/county-map</c> in the test host only: the CountyMap component coloured by the
/// reference list's former-poverty-county flag, inside a minimal page that loads the app's own
/// stylesheet and county-map.js, so the browser exercises exactly what a real page ships.
/// </summary>
internal sealed class CountyMapSamplePage : IStartupFilter
{
    public const string Path = "/e2e/county-map";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map(Path, branch => branch.Run(WriteAsync));
        next(app);
    };

    private static async Task WriteAsync(HttpContext context)
    {
        var culture = context.Request.Query["lang"] == "en" ? "en" : "zh-CN";
        var map = await ComponentHtml.RenderAsync<CountyMap>(
            new Dictionary<string, object?>
            {
                [nameof(CountyMap.Counties)] = ReferenceCounties.FormerPovertyFlag(),
                [nameof(CountyMap.Metric)] = culture == "en" ? "Former poverty county (1 = yes)" : "原贫困县（1 = 是）",
                [nameof(CountyMap.HigherIsBetter)] = false,
            },
            culture);
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{culture}\"><head><meta charset=\"utf-8\"><base href=\"/\">")
            .Append("<link rel=\"stylesheet\" href=\"css/app.css\"><title>CountyMap</title></head><body><main class=\"shell-main\">")
            .Append(map)
            .Append("</main><script src=\"js/county-map.js\" defer></script></body></html>")
            .ToString();
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }
}
