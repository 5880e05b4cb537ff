using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>GET /api/warnings</c> (a page of the county or household early-warning list, sorted and paged in SQL)
/// and <c>GET /api/warnings.csv</c> (the whole household list as CSV). Rows carry the risk model's output
/// (<c>riskProbability</c>, <c>riskFactors</c>; <c>expectedReturns</c> for counties), null without a risk model.</summary>
public static class WarningsApi
{
    /// <summary>Maps the early-warning endpoints.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapWarningsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/warnings", GetWarnings);
        api.MapGet("/warnings.csv", GetWarningsCsv);
        return app;
    }

    internal static Results<Ok<WarningList<CountyWarning>>, Ok<WarningList<HouseholdWarning>>, ProblemHttpResult> GetWarnings(
        EarlyWarningService warnings, WarningRisk risk, string? level, string? year, string? county, string? prefecture, string? flag, string? sort, string? desc,
        string? page, string? pageSize)
    {
        var request = WarningRequest.Parse(level, year, county, prefecture, flag, sort, desc, page, pageSize, out var problem);
        if (request is null)
        {
            return ApiProblems.From(problem!);
        }

        try
        {
            return request.Level == WarningRequest.HouseholdLevel
                ? TypedResults.Ok(risk.ToList(risk.Annotate(warnings.GetHouseholdWarnings(risk.Ranked(request.Query)))))
                : TypedResults.Ok(risk.ToList(risk.Annotate(warnings.GetCountyWarnings(request.Query))));
        }
        catch (MetricArgumentException e)
        {
            return ApiProblems.From(e, ApiProblems.PeriodIsYear);
        }
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetWarningsCsv(
        HttpContext context, EarlyWarningService warnings, WarningRisk risk, string? year, string? county, string? prefecture, string? flag, string? sort, string? desc)
    {
        var request = WarningRequest.Parse(WarningRequest.HouseholdLevel, year, county, prefecture, flag, sort, desc, null, null, out var problem);
        if (request is null)
        {
            return ApiProblems.From(problem!);
        }

        // Validate (period, flag, sort, place) with a one-row page before the first byte goes out: once streaming has
        // started, an error can no longer become a ProblemDetails.
        try
        {
            warnings.GetHouseholdWarnings(request.Query with { Page = 1, PageSize = 1 });
        }
        catch (MetricArgumentException e)
        {
            return ApiProblems.From(e, ApiProblems.PeriodIsYear);
        }

        var query = risk.Ranked(request.Query);
        var name = $"warnings-households-{query.Period ?? "latest"}.csv";
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        // A CSV has no room for a status field: a header says why the risk columns are empty.
        context.Response.Headers["X-Risk-Status"] = risk.ApiStatus;
        await warnings.WriteHouseholdWarningsCsvAsync(query, context.Response.Body, risk.Annotate, context.RequestAborted);
        return TypedResults.Empty;
    }
}
