using Microsoft.AspNetCore.Components;
using RevivalAnalytics.Dashboard.Components.Shared;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Localization;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.Home;

/// <summary>The province overview: KPI cards, red line, trends, classes, prefectures and the county map for one year
/// and one map KPI, both from the URL (<c>?year=2024&amp;kpi=rural_income</c>).</summary>
public sealed partial class HomePage
{
    internal static readonly string[] TrendIds =
    [
        KpiIds.RuralIncome, KpiIds.RiskEliminationRate, KpiIds.ReturnToPovertyRate, KpiIds.MonitoredHouseholdsMonth,
    ];

    internal static readonly string[] PrefectureIds =
    [
        KpiIds.RuralIncome, KpiIds.RuralIncomeGrowth, KpiIds.MonitoredShare, KpiIds.RiskEliminationRate,
        KpiIds.ReturnToPovertyRate, KpiIds.ProblemRectificationRate,
    ];

    internal static readonly string[] ClassIds =
    [
        KpiIds.RuralIncome, KpiIds.RuralIncomeGrowth, KpiIds.PovertyAreaIncomeGrowth, KpiIds.MonitoredShare,
        KpiIds.RiskEliminationRate, KpiIds.ReturnToPovertyRate, KpiIds.BelowLineShare, KpiIds.ProblemRectificationRate,
        KpiIds.GuaranteeRectificationRate,
    ];

    [Inject]
    private KpiService Kpis { get; set; } = default!;

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    /// <summary>The period (<c>YYYY</c>); empty for the latest year.</summary>
    [SupplyParameterFromQuery(Name = "year")]
    public string? Year { get; set; }

    /// <summary>The KPI the map is coloured by.</summary>
    [SupplyParameterFromQuery(Name = "kpi")]
    public string? Kpi { get; set; }

    private ParameterProblem? Problem { get; set; }

    private ProvinceOverview? Overview { get; set; }

    private KpiDefinition MapKpi { get; set; } = default!;

    private IReadOnlyList<CountyMapEntry> MapEntries { get; set; } = [];

    private IReadOnlyList<(KpiDefinition Kpi, KpiSeries Series)> Trends { get; set; } = [];

    private IReadOnlyList<ClassComparison> Classes { get; set; } = [];

    private IReadOnlyList<PrefectureRow> Prefectures { get; set; } = [];

    private IReadOnlyList<int> Years => Kpis.Years;

    private string SelectedKpiId => Problem is null ? MapKpi.Id : Kpi ?? KpiIds.RuralIncome;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        try
        {
            MapKpi = Kpis.Catalog.Get(string.IsNullOrWhiteSpace(Kpi) ? KpiIds.RuralIncome : Kpi);
            var scope = HttpContext!.User.Scope();
            Overview = Kpis.GetProvinceOverview(Year, scope);
            var period = Overview.Period;
            var counties = Kpis.Counties;
            MapEntries = [.. Kpis.GetCountyValues(MapKpi.Id, period, scope).Select(v => new CountyMapEntry(
                v.CountyCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                v.CountyName,
                counties[v.CountyCode].PrefectureName,
                v.Value,
                KpiFormat.Value(MapKpi, v.Value)))];
            Trends = [.. TrendIds.Select(id => (Kpis.Catalog.Get(id), Kpis.GetTrend(id, scope: scope)))];
            Classes = [.. ClassIds.Select(id => Kpis.GetClassComparison(id, period, scope))];
            Prefectures = Kpis.GetPrefectureTable(period, PrefectureIds, scope);
        }
        catch (MetricArgumentException e)
        {
            Problem = ParameterProblem.From(e, ParameterProblem.PeriodIsYear);
            Overview = null;
            PageStatus.Set(HttpContext, Problem.Status);
        }
    }

    private RevivalAnalytics.Data.Scope.DataScope Scope => HttpContext!.User.Scope();

    // A scoped user's overview is the scope's own: its name in the heading, its county count in the lead.
    private string Heading => Scope.IsProvince
        ? UiText.HomeHeading.Current
        : KpiFormat.Label($"{ScopeLabels.Describe(Scope, Kpis)}总览", $"{ScopeLabels.Describe(Scope, Kpis)} overview");

    private string Intro => Scope.IsProvince
        ? HomeText.Intro.Current
        : KpiFormat.Label(
            $"您的数据范围：{ScopeLabels.Describe(Scope, Kpis)}（{Kpis.CountiesIn(Scope).Count} 个县）。以下指标只由范围内的县计算，与上期、上年比较，对照目标着色。",
            $"Your data scope: {ScopeLabels.Describe(Scope, Kpis)} ({Kpis.CountiesIn(Scope).Count} counties). Every figure below is computed from the counties in scope, compared with the previous period and year and coloured against its targets.");

    private string CountyHref(int code) => PageState.Url($"/county/{code}", ("year", Overview?.Period));

    private string MapLinkTemplate => "/county/{code}" + (Overview is null ? string.Empty : "?year=" + Overview.Period);
}
