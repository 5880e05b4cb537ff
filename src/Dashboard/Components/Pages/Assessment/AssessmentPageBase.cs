using Microsoft.AspNetCore.Components;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Components.Shared;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Components.Pages.Assessment;

/// <summary>What the post-assessment's reading pages share (static rendering): the year (<c>?year=</c>, by default the
/// latest started), its published results, and the reader's scope; a county outside it is never shown.</summary>
public abstract class AssessmentPageBase : ComponentBase
{
    /// <summary>The assessment year; empty for the latest.</summary>
    [SupplyParameterFromQuery(Name = "year")]
    public int? Year { get; set; }

    [Inject]
    private protected AssessmentWorkflow Workflow { get; set; } = default!;

    [CascadingParameter]
    private protected HttpContext? HttpContext { get; set; }

    /// <summary>The year shown (0 when no year has started).</summary>
    protected int ShownYear { get; private set; }

    /// <summary>The years started, latest first.</summary>
    protected IReadOnlyList<int> Years { get; private set; } = [];

    /// <summary>The year's published results, or null.</summary>
    protected PublishedYear? Published { get; private set; }

    /// <summary>The workflow state of the year's counties in scope.</summary>
    protected IReadOnlyList<CountyWorkflow> States { get; private set; } = [];

    /// <summary>The year's problems of the counties in scope.</summary>
    protected IReadOnlyList<AssessmentProblem> Problems { get; private set; } = [];

    /// <summary>The reader's access.</summary>
    protected UserAccess Access => HttpContext!.User.Access();

    /// <summary>Published counties inside the reader's scope, by class and rank.</summary>
    protected IReadOnlyList<CountyAssessment> Visible { get; private set; } = [];

    /// <summary>The previous year's published results, when that year was assessed.</summary>
    protected PublishedYear? PreviousPublished { get; private set; }

    /// <summary>Counties published in both years (in the reader's scope, as <see cref="Visible"/> is), this year beside
    /// last year, by code.</summary>
    protected IReadOnlyDictionary<int, CountyYearOnYear> YearOnYear { get; private set; } = new Dictionary<int, CountyYearOnYear>();

    /// <summary>Today, for overdue problems.</summary>
    protected static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        Years = [.. (await Workflow.Store.ListYearsAsync()).Select(y => y.Year)];
        ShownYear = Year is { } y && Years.Contains(y) ? y : Years.FirstOrDefault();
        if (ShownYear == 0)
        {
            return;
        }

        var counties = Access.Counties(Workflow.Service);
        Published = await Workflow.GetPublishedAsync(ShownYear);
        Visible = Published is null ? [] : [.. Published.Result.Counties.Where(c => counties.Contains(c.CountyCode))];
        States = [.. (await Workflow.Store.GetCountiesAsync(ShownYear)).Where(c => counties.Contains(c.CountyCode))];
        Problems = await Workflow.Store.GetProblemsAsync(ShownYear, counties);
        if (Published is not null && Years.Contains(ShownYear - 1))
        {
            PreviousPublished = await Workflow.GetPublishedAsync(ShownYear - 1);
            YearOnYear = AssessmentYearOnYear.Compare(Published, PreviousPublished)
                .Where(p => counties.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        }

        await LoadAsync();
    }

    /// <summary>What a page loads beyond the shared state.</summary>
    /// <returns>A task.</returns>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>A link keeping the year and the language.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The link.</returns>
    protected string Href(string path) => PageState.Url(path, ("year", ShownYear.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A grade in the page's language.</summary>
    protected static string Grade(AssessmentGrade grade) => KpiFormat.Label(AssessmentLabels.Of(grade).Zh, AssessmentLabels.Of(grade).En);

    /// <summary>A workflow state in the page's language.</summary>
    protected static string State(WorkflowState state) => KpiFormat.Label(WorkflowLabels.Of(state).Zh, WorkflowLabels.Of(state).En);

    /// <summary>A score with two decimals.</summary>
    protected static string Score(double score) => score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A change with its sign and two decimals (+1.25, −0.50, 0.00).</summary>
    protected static string Change(double change) => change.ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A rank change as an arrow and places (↑2, ↓1, →), or a dash when not comparable.</summary>
    protected static string RankChange(int? places) => places switch
    {
        null => "—",
        > 0 => "↑" + places.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        < 0 => "↓" + (-places.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "→",
    };

    /// <summary>A rate in percent, or a dash.</summary>
    protected static string Percent(double? rate) => rate is { } r ? r.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %" : "—";

    /// <summary>The rectification summary of some counties' problems.</summary>
    protected RectificationSummary Rectification(Func<AssessmentProblem, bool> which) => ProblemRules.Summarize(Problems.Where(which), Today);
}
