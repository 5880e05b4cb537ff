using Microsoft.AspNetCore.Components;
using RevivalAnalytics.Dashboard.Components.Shared;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Data;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.County;

/// <summary>One county (<c>/county/{code}?year=</c>, or <c>/county?code=</c> from the form): KPI values against its
/// class targets, trends, monitored households by category and cause, assistance, problems and rectification, the
/// latest monthly snapshot and the slot for the models. Without a code: the list of counties.</summary>
public sealed partial class CountyPage
{
    internal static readonly string[] TrendIds =
    [
        KpiIds.RuralIncome, KpiIds.MonitoredHouseholds, KpiIds.RiskEliminationRate, KpiIds.BelowLineShare,
        KpiIds.ProblemRectificationRate, KpiIds.GuaranteeRectificationRate,
    ];

    [Inject]
    private KpiService Kpis { get; set; } = default!;

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    /// <summary>The county's GB/T 2260 code from the route.</summary>
    [Parameter]
    public string? Code { get; set; }

    /// <summary>The county's code from the GET form.</summary>
    [SupplyParameterFromQuery(Name = "code")]
    public string? QueryCode { get; set; }

    /// <summary>The period; empty for the latest year.</summary>
    [SupplyParameterFromQuery(Name = "year")]
    public string? Year { get; set; }

    private string? RequestedCode => string.IsNullOrWhiteSpace(Code) ? QueryCode : Code;

    private ParameterProblem? Problem { get; set; }

    private CountyDetail? Detail { get; set; }

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        var requested = RequestedCode?.Trim();
        if (string.IsNullOrEmpty(requested))
        {
            return;
        }

        if (!CountyCodes.TryParse(requested, out var code))
        {
            Fail(new ParameterProblem("code", $"县级行政区划代码应为 6 位数字，收到 \"{Short(requested)}\"", $"A county code has 6 digits (GB/T 2260), got \"{Short(requested)}\"."));
            return;
        }

        if (!Kpis.Counties.ContainsKey(code))
        {
            Fail(new ParameterProblem("code", $"未知的县级行政区划代码 {code}（应为山西省 117 个县级单位之一）", $"Unknown county code {code}: not one of Shanxi's 117 county-level units.", StatusCodes.Status404NotFound));
            return;
        }

        try
        {
            Detail = Kpis.GetCountyDetail(code, Year, Scope);
        }
        catch (MetricArgumentException e)
        {
            Fail(ParameterProblem.From(e, ParameterProblem.PeriodIsYear));
        }
        catch (OutOfScopeException e)
        {
            Fail(ParameterProblem.From(e));
        }
    }

    private void Fail(ParameterProblem problem)
    {
        Problem = problem;
        PageStatus.Set(HttpContext, problem.Status);
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private DataScope Scope => HttpContext!.User.Scope();

    // The list offers the counties of the user's scope only.
    private IEnumerable<IGrouping<string, CountyInfo>> CountiesByPrefecture =>
        Kpis.Counties.Values.Where(c => Scope.Covers(c.Code, c.PrefectureCode)).OrderBy(c => c.Code).GroupBy(c => c.PrefectureName);

    private string CountyHref(int code) => PageState.Url($"/county/{code}", ("year", Year));

    private static double Share(BreakdownItem item, IReadOnlyList<BreakdownItem> all)
    {
        var max = all.Count == 0 ? 0 : all.Max(i => i.WeightedHouseholds);
        return max <= 0 ? 0 : Math.Round(100 * item.WeightedHouseholds / max, 1);
    }

    private static string Label(BreakdownItem item) => KpiFormat.Label(item.LabelZh, item.LabelEn);
}
