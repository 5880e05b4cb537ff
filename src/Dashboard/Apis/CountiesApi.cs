using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Data;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>GET /api/counties/{code}</c>: everything the county page shows, as JSON.</summary>
public static class CountiesApi
{
    /// <summary>Maps the county endpoint.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapCountiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/counties").RequireAuthorization(Policies.ReadDashboards);
        api.MapGet("/{code}", GetCounty);
        return app;
    }

    internal static Results<Ok<CountyDetail>, ProblemHttpResult> GetCounty(KpiService kpis, ClaimsPrincipal user, string code, string? year)
    {
        if (!CountyCodes.TryParse(code, out var countyCode))
        {
            return ApiProblems.BadParameter("code", $"县级行政区划代码应为 6 位数字，收到 \"{ApiProblems.Shorten(code)}\"", $"A county code has 6 digits (GB/T 2260), got \"{ApiProblems.Shorten(code)}\".");
        }

        if (!kpis.Counties.ContainsKey(countyCode))
        {
            return ApiProblems.BadParameter("code", $"未知的县级行政区划代码 {countyCode}（应为山西省 117 个县级单位之一，如 140121）", $"Unknown county code {countyCode}: expected one of Shanxi's 117 county-level codes (e.g. 140121).", StatusCodes.Status404NotFound);
        }

        try
        {
            return TypedResults.Ok(kpis.GetCountyDetail(countyCode, year, user.Scope()));
        }
        catch (OutOfScopeException e)
        {
            return ApiProblems.OutOfScope(e);
        }
        catch (MetricArgumentException e)
        {
            return ApiProblems.From(e, ApiProblems.PeriodIsYear);
        }
    }
}
