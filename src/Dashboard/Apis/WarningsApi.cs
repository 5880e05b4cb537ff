using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>GET /api/warnings</c> (a page of the county or household early-warning list of the caller's scope, sorted
/// and paged in SQL; household pages are audited) and <c>GET /api/warnings.csv</c> (the whole household list as CSV, for
/// exporters, audited with its row count). Rows carry the risk model's output
/// (<c>riskProbability</c>, <c>riskFactors</c>; <c>expectedReturns</c> for counties), null without a risk model.</summary>
public static class WarningsApi
{
    /// <summary>Maps the early-warning endpoints.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapWarningsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.ReadDashboards);
        api.MapGet("/warnings", GetWarnings);
        api.MapGet("/warnings.csv", GetWarningsCsv).RequireAuthorization(Policies.Export);
        return app;
    }

    internal static async Task<Results<Ok<WarningList<CountyWarning>>, Ok<WarningList<HouseholdWarning>>, ProblemHttpResult>> GetWarnings(
        EarlyWarningService warnings, WarningRisk risk, ClaimsPrincipal user, DashboardAudit audit, string? level, string? year, string? county, string? prefecture, string? flag, string? sort, string? desc,
        string? page, string? pageSize)
    {
        var request = WarningRequest.Parse(level, year, county, prefecture, flag, sort, desc, page, pageSize, out var problem);
        if (request is null)
        {
            return ApiProblems.From(problem!);
        }

        var query = request.Query with { Scope = user.Scope() };
        try
        {
            if (request.Level != WarningRequest.HouseholdLevel)
            {
                return TypedResults.Ok(risk.ToList(risk.Annotate(warnings.GetCountyWarnings(query))));
            }

            var households = warnings.GetHouseholdWarnings(query);
            await audit.RecordAsync(AuditActions.HouseholdAccess, "/api/warnings", Describe(query), households.Rows.Count);
            return TypedResults.Ok(risk.ToList(risk.Annotate(households)));
        }
        catch (MetricArgumentException e)
        {
            return ApiProblems.From(e, ApiProblems.PeriodIsYear);
        }
        catch (OutOfScopeException e)
        {
            return ApiProblems.OutOfScope(e);
        }
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetWarningsCsv(
        HttpContext context, EarlyWarningService warnings, WarningRisk risk, DashboardAudit audit, string? year, string? county, string? prefecture, string? flag, string? sort, string? desc)
    {
        var request = WarningRequest.Parse(WarningRequest.HouseholdLevel, year, county, prefecture, flag, sort, desc, null, null, out var problem);
        if (request is null)
        {
            return ApiProblems.From(problem!);
        }

        // Validate (period, flag, sort, place) with a one-row page before the first byte goes out: once streaming has
        // started, an error can no longer become a ProblemDetails.
        var scoped = request.Query with { Scope = context.User.Scope() };
        try
        {
            warnings.GetHouseholdWarnings(scoped with { Page = 1, PageSize = 1 });
        }
        catch (MetricArgumentException e)
        {
            return ApiProblems.From(e, ApiProblems.PeriodIsYear);
        }
        catch (OutOfScopeException e)
        {
            return ApiProblems.OutOfScope(e);
        }

        var query = scoped;
        var name = $"warnings-households-{query.Period ?? "latest"}.csv";
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        // A CSV has no room for a status field: a header says why the risk columns are empty.
        context.Response.Headers["X-Risk-Status"] = risk.ApiStatus;
        var rows = await warnings.WriteHouseholdWarningsCsvAsync(query, context.Response.Body, risk.Annotate, context.RequestAborted);
        await audit.RecordAsync(AuditActions.Export, "/api/warnings.csv", Describe(query), rows);
        return TypedResults.Empty;
    }

    /// <summary>The filter of a household list, for the audit log.</summary>
    internal static string Describe(WarningQuery query) => string.Create(CultureInfo.InvariantCulture,
        $"year={query.Period}; prefecture={query.Prefecture}; county={query.County}; flag={query.Flag}; sort={query.Sort}; desc={query.Descending}; page={query.Page}; pageSize={query.PageSize}");
}
