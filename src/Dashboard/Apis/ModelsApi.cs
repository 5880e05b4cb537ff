using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Data;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary>
/// <c>GET /api/models</c> (which models and data version the figures come from, and whether newer ones are loading), <c>/api/forecasts</c> (county income 1–3 years ahead with 90%
/// intervals), <c>/api/risk/counties</c> (expected households returning to poverty) and <c>/api/risk/households</c>
/// (highest-risk households with their top factors; ids only, no personal data; audited). Every list holds the caller's
/// scope only; a county outside it is a 403.
/// </summary>
public static class ModelsApi
{
    private const int MaxHouseholds = 500;

    /// <summary>Maps the model endpoints.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(string.Empty).RequireAuthorization(Policies.ReadDashboards);
        api.MapGet("/api/models", (AnalyticsSnapshot snapshot) =>
            TypedResults.Ok(new
            {
                risk = snapshot.RiskStatus,
                income = snapshot.IncomeStatus,
                refreshing = snapshot.Context.IsRefreshing,
                // The data version the pages and these models' scores share (one snapshot).
                dataVersion = snapshot.DataVersion,
            }));
        api.MapGet("/api/forecasts", GetForecasts);
        var risk = api.MapGroup("/api/risk");
        risk.MapGet("/counties", GetCountyRisks);
        risk.MapGet("/households", GetHouseholds);
        return app;
    }

    internal static Results<Ok<IReadOnlyList<ForecastJson>>, ProblemHttpResult> GetForecasts(AnalyticsSnapshot models, KpiService kpis, ClaimsPrincipal user, string? county)
    {
        var code = 0;
        var scope = user.Scope();
        if (county is not null && !ParseCounty(kpis, scope, county, out code, out var bad))
        {
            return bad!;
        }

        if (Unavailable(models.IncomeStatus) is { } problem)
        {
            return problem;
        }

        var covered = kpis.CountiesIn(scope).ToHashSet();
        return TypedResults.Ok(ForecastJson.From(county is null
            ? models.Models.Forecasts().Where(f => covered.Contains(f.CountyCode))
            : models.Models.CountyForecast(code)));
    }

    internal static Results<Ok<IReadOnlyList<ExpectedReturns>>, ProblemHttpResult> GetCountyRisks(AnalyticsSnapshot models, KpiService kpis, ClaimsPrincipal user)
    {
        if (Unavailable(models.RiskStatus) is { } problem)
        {
            return problem;
        }

        var covered = kpis.CountiesIn(user.Scope()).ToHashSet();
        return TypedResults.Ok<IReadOnlyList<ExpectedReturns>>([.. models.Models.CountyRisks().Where(r => covered.Contains(r.Key))]);
    }

    internal static async Task<Results<Ok<IReadOnlyList<HouseholdRisk>>, ProblemHttpResult>> GetHouseholds(
        AnalyticsSnapshot models, KpiService kpis, ClaimsPrincipal user, DashboardAudit audit, string? county, string? top)
    {
        var scope = user.Scope();
        // Parameters first: a malformed request is the caller's to fix whether or not a model is loaded.
        if (!ApiProblems.TryParseOptionalInt(top, "top", out var count, out var badTop))
        {
            return badTop!;
        }

        if (count is < 1 or > MaxHouseholds)
        {
            return ApiProblems.BadParameter("top", $"top 应在 1 到 {MaxHouseholds} 之间", $"top must be between 1 and {MaxHouseholds}.");
        }

        int? code = null;
        if (county is not null)
        {
            if (!ParseCounty(kpis, scope, county, out var parsed, out var bad))
            {
                return bad!;
            }

            code = parsed;
        }

        if (Unavailable(models.RiskStatus) is { } problem)
        {
            return problem;
        }

        var n = count ?? 50;
        // A scoped caller's province-wide list is the highest of its own counties' lists.
        IReadOnlyList<HouseholdRisk> households = code is not null || scope.IsProvince
            ? models.Models.HighestRisk(n, code)
            : [.. kpis.CountiesIn(scope).SelectMany(c => models.Models.HighestRisk(n, c)).OrderByDescending(h => h.Score.Probability).Take(n)];
        await audit.RecordAsync(AuditActions.HouseholdAccess, "/api/risk/households", $"county={county}; top={n}", households.Count);
        return TypedResults.Ok(households);
    }

    private static bool ParseCounty(KpiService kpis, DataScope scope, string text, out int code, out ProblemHttpResult? problem)
    {
        problem = null;
        if (!CountyCodes.TryParse(text, out code))
        {
            problem = ApiProblems.BadParameter("county", $"县级行政区划代码应为 6 位数字，收到 \"{ApiProblems.Shorten(text)}\"", $"A county code has 6 digits (GB/T 2260), got \"{ApiProblems.Shorten(text)}\".");
            return false;
        }

        if (!kpis.Counties.ContainsKey(code))
        {
            problem = ApiProblems.BadParameter("county", $"未知的县级行政区划代码 {code}", $"Unknown county code {code}.", StatusCodes.Status404NotFound);
            return false;
        }

        if (!scope.Covers(code, kpis.Counties[code].PrefectureCode))
        {
            problem = ApiProblems.OutOfScope(new OutOfScopeException("county", code, scope));
            return false;
        }

        return true;
    }

    private static ProblemHttpResult? Unavailable(ModelStatus status) => status.Available
        ? null
        : TypedResults.Problem(
            title: "模型不可用 / Model unavailable",
            detail: status.Error ?? "模型尚未训练，请运行 revival train / No model has been trained yet: run `revival train`.",
            statusCode: StatusCodes.Status503ServiceUnavailable);
}

/// <summary>A county income forecast as JSON (a future year has no actual value: null, not NaN).</summary>
/// <param name="CountyCode">GB/T 2260 code.</param>
/// <param name="CountyClass">County class code.</param>
/// <param name="OriginYear">Last observed year.</param>
/// <param name="Year">Forecast year.</param>
/// <param name="Horizon">Years ahead.</param>
/// <param name="OriginIncome">Income in the origin year.</param>
/// <param name="Forecast">Point forecast, yuan per person.</param>
/// <param name="Lower">Lower bound of the 90% interval.</param>
/// <param name="Upper">Upper bound of the 90% interval.</param>
/// <param name="AnnualGrowth">Forecast annual growth rate.</param>
/// <param name="Actual">Observed value where known.</param>
public sealed record ForecastJson(int CountyCode, int CountyClass, int OriginYear, int Year, int Horizon, double OriginIncome,
    double Forecast, double Lower, double Upper, double AnnualGrowth, double? Actual)
{
    internal static IReadOnlyList<ForecastJson> From(IEnumerable<CountyIncomeForecast> forecasts) =>
        [.. forecasts.Select(f => new ForecastJson(f.CountyCode, f.CountyClass, f.OriginYear, f.Year, f.Horizon, f.OriginIncome,
            f.Forecast, f.Lower, f.Upper, f.AnnualGrowth, double.IsNaN(f.Actual) ? null : f.Actual))];
}
