using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>GET /api/classes</c>: the three county classes compared on every KPI, with spread and outliers.</summary>
public static class ClassesApi
{
    /// <summary>Maps the class endpoint.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapClassesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/classes").RequireAuthorization(Security.Policies.ReadDashboards);
        api.MapGet("/", GetClasses);
        return app;
    }

    internal static Results<Ok<IReadOnlyList<ClassComparison>>, ProblemHttpResult> GetClasses(KpiService kpis, System.Security.Claims.ClaimsPrincipal user, string? year)
    {
        try
        {
            return TypedResults.Ok(kpis.GetClassComparisons(year, Security.RequestAccess.Scope(user)));
        }
        catch (MetricArgumentException e)
        {
            return ApiProblems.From(e, ApiProblems.PeriodIsYear);
        }
    }
}
