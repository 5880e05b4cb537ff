using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>GET /api/kpis</c> (the overview KPIs of the caller's scope, or of one class within it) and
/// <c>GET /api/kpis/{id}/counties</c> (one KPI for the counties of the caller's scope).</summary>
public static class KpisApi
{
    /// <summary>Maps the KPI endpoints.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapKpisApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/kpis").RequireAuthorization(Policies.ReadDashboards);
        api.MapGet("/", GetKpis);
        api.MapGet("/{id}/counties", GetCountyValues);
        return app;
    }

    internal static Results<Ok<KpiList>, ProblemHttpResult> GetKpis(KpiService kpis, ClaimsPrincipal user, string? year, string? @class)
    {
        if (!ApiProblems.TryParseOptionalInt(@class, "class", out var countyClass, out var problem))
        {
            return problem!;
        }

        if (countyClass is not null && !CodeLabels.CountyClass.ContainsKey(countyClass.Value))
        {
            return ApiProblems.BadParameter("class", $"未知的县类别 {countyClass}（应为 1 先行示范、2 整体推进、3 重点帮扶）", $"Unknown county class {countyClass}: expected 1 (pilot), 2 (overall advancement) or 3 (key assistance).");
        }

        try
        {
            var scope = user.Scope();
            var overview = kpis.GetProvinceOverview(year, scope);
            if (countyClass is null)
            {
                return TypedResults.Ok(new KpiList(overview.Period, overview.DataVersion, null, [.. overview.Cards.Select(KpiItem.FromCard)], RedLine.From(overview.RedLine)));
            }

            var items = overview.Cards.Select(card =>
            {
                var value = kpis.GetClassComparison(card.Kpi.Id, year, scope).Classes.Single(c => c.CountyClass == countyClass);
                return KpiItem.FromClass(card.Kpi, card.Period, value);
            }).ToList();
            return TypedResults.Ok(new KpiList(overview.Period, overview.DataVersion, countyClass, items, null));
        }
        catch (MetricArgumentException e)
        {
            return ApiProblems.From(e, ApiProblems.PeriodIsYear);
        }
    }

    internal static Results<Ok<CountyValueList>, ProblemHttpResult> GetCountyValues(KpiService kpis, ClaimsPrincipal user, string id, string? year)
    {
        if (!kpis.Catalog.Contains(id))
        {
            return ApiProblems.BadParameter("id", $"未知的指标编号 \"{ApiProblems.Shorten(id)}\"", $"Unknown KPI id \"{ApiProblems.Shorten(id)}\"; GET /api/kpis lists the ids.", StatusCodes.Status404NotFound);
        }

        try
        {
            var kpi = kpis.Catalog.Get(id);
            var period = kpis.ResolvePeriod(year).ToString();
            var counties = kpis.Counties;
            var values = kpis.GetCountyValues(id, year, user.Scope())
                .Select(v => new CountyValueItem(v.CountyCode, v.CountyName, v.PrefectureCode, counties[v.CountyCode].PrefectureName, v.CountyClass, v.Value, v.Status))
                .ToList();
            return TypedResults.Ok(new CountyValueList(KpiInfo.From(kpi), period, values));
        }
        catch (MetricArgumentException e)
        {
            return ApiProblems.From(e, ApiProblems.PeriodIsYear);
        }
    }
}

/// <summary>What a KPI is, without its SQL.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Unit">Unit in English.</param>
/// <param name="UnitZh">Unit in Chinese.</param>
/// <param name="Direction">Whether higher or lower is better.</param>
/// <param name="Decimals">Decimals to show.</param>
public sealed record KpiInfo(string Id, string NameZh, string NameEn, string Unit, string UnitZh, KpiDirection Direction, int Decimals)
{
    internal static KpiInfo From(KpiDefinition kpi) => new(kpi.Id, kpi.NameZh, kpi.NameEn, kpi.Unit, kpi.UnitZh, kpi.Direction, kpi.Decimals);
}

/// <summary>One KPI's value for the province or a class.</summary>
/// <param name="Kpi">The KPI.</param>
/// <param name="Period">Period of the value.</param>
/// <param name="Value">The value.</param>
/// <param name="PreviousPeriod">Previous period (province only).</param>
/// <param name="ChangeFromPreviousPeriod">Change on the previous period (province only).</param>
/// <param name="ChangeFromPreviousYear">Change on the same period a year earlier (province only).</param>
/// <param name="Target">Target, if any.</param>
/// <param name="Warning">Warning threshold, if any.</param>
/// <param name="Status">Traffic light.</param>
public sealed record KpiItem(
    KpiInfo Kpi, string Period, double? Value, string? PreviousPeriod, double? ChangeFromPreviousPeriod, double? ChangeFromPreviousYear,
    double? Target, double? Warning, KpiStatus Status)
{
    internal static KpiItem FromCard(KpiCard card) => new(
        KpiInfo.From(card.Kpi), card.Period, card.Value, card.PreviousPeriod, card.ChangeFromPreviousPeriod, card.ChangeFromPreviousYear,
        card.Thresholds?.Target, card.Thresholds?.Warning, card.Status);

    internal static KpiItem FromClass(KpiDefinition kpi, string period, ClassKpiValue value) => new(
        KpiInfo.From(kpi), period, value.Value, null, null, null, value.Thresholds?.Target, value.Thresholds?.Warning, value.Status);
}

/// <summary>The red line in the API.</summary>
/// <param name="ProvinceRate">Province return-to-poverty rate, %.</param>
/// <param name="Status">Its status.</param>
/// <param name="Held">Whether the line holds.</param>
/// <param name="CountiesAtRisk">Codes of counties amber or red, worst first.</param>
public sealed record RedLine(double? ProvinceRate, KpiStatus Status, bool Held, IReadOnlyList<int> CountiesAtRisk)
{
    internal static RedLine From(RedLineSummary summary) =>
        new(summary.ProvinceRate, summary.ProvinceStatus, summary.Held, [.. summary.CountiesAtRisk.Select(c => c.CountyCode)]);
}

/// <summary>Body of <c>GET /api/kpis</c>.</summary>
/// <param name="Period">The period (a year).</param>
/// <param name="DataVersion">Data version of the figures.</param>
/// <param name="CountyClass">The class asked for, or null for the province.</param>
/// <param name="Kpis">One item per overview KPI.</param>
/// <param name="RedLine">The red line (province only).</param>
public sealed record KpiList(string Period, string DataVersion, int? CountyClass, IReadOnlyList<KpiItem> Kpis, RedLine? RedLine);

/// <summary>A county's value of one KPI.</summary>
/// <param name="Code">GB/T 2260 code.</param>
/// <param name="Name">County name.</param>
/// <param name="PrefectureCode">Prefecture code.</param>
/// <param name="PrefectureName">Prefecture name.</param>
/// <param name="CountyClass">Class 1–3.</param>
/// <param name="Value">The value.</param>
/// <param name="Status">Against the class thresholds.</param>
public sealed record CountyValueItem(int Code, string Name, int PrefectureCode, string PrefectureName, int CountyClass, double? Value, KpiStatus Status);

/// <summary>Body of <c>GET /api/kpis/{id}/counties</c>.</summary>
/// <param name="Kpi">The KPI.</param>
/// <param name="Period">The period.</param>
/// <param name="Counties">117 rows.</param>
public sealed record CountyValueList(KpiInfo Kpi, string Period, IReadOnlyList<CountyValueItem> Counties);
