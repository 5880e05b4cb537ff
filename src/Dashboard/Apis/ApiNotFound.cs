using Microsoft.AspNetCore.Http.HttpResults;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary>Unknown <c>/api/...</c> paths answer with ProblemDetails, never with the HTML not-found page.</summary>
public static class ApiNotFound
{
    /// <summary>Maps the catch-all that answers unknown API paths with a 404 ProblemDetails.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapApiNotFound(this IEndpointRouteBuilder app)
    {
        // Lowest precedence: any real API route wins over this catch-all.
        app.Map("/api/{**path}", NotFound).WithOrder(int.MaxValue);
        return app;
    }

    internal static ProblemHttpResult NotFound(HttpContext context) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "接口不存在 / No such API endpoint",
            detail: $"没有 {context.Request.Path} 这个接口。/ There is no API endpoint at {context.Request.Path}.");
}
