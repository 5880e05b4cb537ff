using Microsoft.AspNetCore.Components;
using RevivalAnalytics.Dashboard.Components.Shared;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.Classes;

/// <summary>The three county classes compared on every KPI for one year (<c>?year=</c>), with the spread within each
/// class and its outliers named.</summary>
public sealed partial class ClassesPage
{
    [Inject]
    private KpiService Kpis { get; set; } = default!;

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    /// <summary>The period; empty for the latest year.</summary>
    [SupplyParameterFromQuery(Name = "year")]
    public string? Year { get; set; }

    private ParameterProblem? Problem { get; set; }

    private string? Period { get; set; }

    private IReadOnlyList<ClassComparison> Comparisons { get; set; } = [];

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        try
        {
            Period = Kpis.ResolvePeriod(Year).ToString();
            Comparisons = Kpis.GetClassComparisons(Period, HttpContext!.User.Scope());
        }
        catch (MetricArgumentException e)
        {
            Problem = ParameterProblem.From(e, ParameterProblem.PeriodIsYear);
            PageStatus.Set(HttpContext, Problem.Status);
        }
    }

    private static (double Min, double Max) Scale(ClassComparison comparison)
    {
        var values = comparison.Classes.SelectMany(c => new[] { c.Spread.Min, c.Spread.Max }).OfType<double>().ToList();
        return values.Count == 0 ? (0, 1) : (values.Min(), values.Max());
    }

    private string CountyHref(int code) => PageState.Url($"/county/{code}", ("year", Period));
}
