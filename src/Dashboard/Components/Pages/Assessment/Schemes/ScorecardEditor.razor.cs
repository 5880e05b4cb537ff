using Microsoft.AspNetCore.Components;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.Assessment.Schemes;

/// <summary>Edits one county class's scorecard of a scheme. It never changes the scorecard it is given: every edit is
/// a new scorecard passed to <see cref="CardChanged"/>, which the page validates and shows again.</summary>
public sealed partial class ScorecardEditor
{
    /// <summary>The scorecard.</summary>
    /// <value>One class's scorecard.</value>
    [Parameter, EditorRequired]
    public Scorecard Card { get; set; } = default!;

    /// <summary>Its JSON path in the scheme, as the validator names it.</summary>
    /// <value>For example <c>scorecards[0]</c>.</value>
    [Parameter, EditorRequired]
    public string Path { get; set; } = string.Empty;

    /// <summary>The scheme's validation problems (all of them; those of this scorecard are shown).</summary>
    /// <value>From <see cref="SchemeValidator.Validate"/>.</value>
    [Parameter]
    public IReadOnlyList<SchemeProblem> Problems { get; set; } = [];

    /// <summary>Told every edited scorecard.</summary>
    /// <value>The callback.</value>
    [Parameter]
    public EventCallback<Scorecard> CardChanged { get; set; }

    /// <summary>Whether the scorecard can be changed.</summary>
    /// <value>True for a view only.</value>
    [Parameter]
    public bool ReadOnly { get; set; }

    /// <summary>Whether the page is English.</summary>
    /// <value>False for Chinese.</value>
    [Parameter]
    public bool English { get; set; }

    /// <summary>The KPIs an indicator may take its value from.</summary>
    /// <value>The metric layer's catalog.</value>
    [Parameter]
    public KpiCatalog Catalog { get; set; } = KpiCatalog.Default;

    private string L(string zh, string en) => English ? en : zh;

    private string S((string Zh, string En) text) => English ? text.En : text.Zh;

    private Task ChangeAsync(Scorecard card) => CardChanged.InvokeAsync(card);

    private bool Invalid(string path, string field, string? group = null) =>
        Problems.Any(p => p.Path == path && (p.Field == field || (group is not null && p.Field == group)));

    private IEnumerable<SchemeProblem> ProblemsAt(string path) => Problems.Where(p => p.Path == path);

    private string SourceText(IScoredItem item) => item.Kpi is { } kpi
        ? "KPI " + (Catalog.Contains(kpi) ? $"{L(Catalog.Get(kpi).NameZh, Catalog.Get(kpi).NameEn)} ({kpi})" : kpi)
        : string.Join(L("、", ", "), item.Sources.Select(s => S(AssessmentLabels.Of(s))));

    private IEnumerable<KpiDefinition> YearlyKpis => Catalog.All.Where(k => k.Grain == KpiGrain.Year);

    private Task ChangeSourceAsync(int dimension, int index, SchemeIndicator indicator, string? kpi) =>
        ChangeAsync(SchemeEdit.WithIndicator(Card, dimension, index, string.IsNullOrEmpty(kpi)
            ? indicator with { Kpi = null, Sources = indicator.Sources.Count > 0 ? indicator.Sources : [EntrySource.Self], Unit = indicator.Unit ?? "分" }
            : indicator with { Kpi = kpi, Sources = [], Unit = null, FieldMeasure = null }));

    private Task ToggleSourceAsync(int dimension, int index, SchemeIndicator indicator, EntrySource source, bool on) =>
        ChangeAsync(SchemeEdit.WithIndicator(Card, dimension, index, indicator with
        {
            Sources = on ? [.. indicator.Sources.Append(source).Distinct().Order()] : [.. indicator.Sources.Where(s => s != source)],
        }));
}
