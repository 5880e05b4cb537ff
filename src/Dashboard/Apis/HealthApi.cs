using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>GET /api/health</c>: a liveness probe for load balancers, scripts and tests.</summary>
public static class HealthApi
{
    private static readonly string s_version =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Maps <c>GET /api/health</c>.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // Load balancers and scripts probe it without signing in; it holds no data.
        var api = app.MapGroup("/api/health").AllowAnonymous();
        api.MapGet("/", GetHealth);
        return app;
    }

    internal static Ok<HealthStatus> GetHealth(TimeProvider clock) =>
        TypedResults.Ok(new HealthStatus("ok", s_version, clock.GetUtcNow()));
}

/// <summary>The body of <c>GET /api/health</c>.</summary>
/// <param name="Status">Always <c>ok</c> when the app answers.</param>
/// <param name="Version">The dashboard assembly's informational version.</param>
/// <param name="ServerTime">The server's clock, in UTC.</param>
public sealed record HealthStatus(string Status, string Version, DateTimeOffset ServerTime);
