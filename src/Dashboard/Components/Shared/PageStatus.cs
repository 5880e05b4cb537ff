using Microsoft.AspNetCore.Diagnostics;

namespace RevivalAnalytics.Dashboard.Components.Shared;

/// <summary>Sets a page's HTTP status for a bad parameter while keeping the page's own explanation: the status-code
/// page (which answers bodiless errors with the not-found page) is switched off for this response.</summary>
internal static class PageStatus
{
    public static void Set(HttpContext? context, int status)
    {
        if (context is null)
        {
            return;
        }

        // Blazor's SSR invoker writes no body for a 404 set during rendering (it expects the status-code page to
        // re-execute); setting the status as the headers go out keeps the page's own explanation.
        context.Response.OnStarting(() =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }
    }
}
