using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Radzen;
using Radzen.Blazor;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.Assessment;

/// <summary>The problems of the counties in the user's scope (interactive): a grid paged and sorted in the store's SQL,
/// filtered by class, county, state and overdue; evaluators record rectifications, leaders check and close them, each
/// move with a note through <see cref="AssessmentStore.MoveProblemAsync"/> (audited in the same transaction).</summary>
public sealed partial class AssessmentProblemsPage
{
    /// <summary>The county of <c>/assessment/problems/{code}</c>.</summary>
    /// <value>Null for every county of the scope.</value>
    [Parameter]
    public int? CountyCode { get; set; }

    /// <summary>The page's language from the URL.</summary>
    /// <value><c>en</c> for English.</value>
    [SupplyParameterFromQuery(Name = "lang")]
    public string? Lang { get; set; }

    /// <summary>The year; the latest started by default.</summary>
    /// <value>A started year.</value>
    [SupplyParameterFromQuery(Name = "year")]
    public int? YearParameter { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private IServiceScopeFactory ScopeFactory { get; set; } = default!;

    private sealed record Choice<T>(T Value, string Text);

    private RadzenDataGrid<StoredProblem>? Grid { get; set; }

    private UserAccess? Access { get; set; }

    private int Year { get; set; }

    private List<int> Codes { get; set; } = [];

    private Dictionary<int, CountyInfo> Counties { get; set; } = [];

    // Null until the grid's first LoadData: Radzen only asks for data while it has none.
    private IReadOnlyList<StoredProblem>? Rows { get; set; }

    private int Count { get; set; }

    private bool Loading { get; set; }

    private int? ClassFilter { get; set; }

    private int? CountyFilter { get; set; }

    private ProblemState? StateFilter { get; set; }

    private bool OverdueOnly { get; set; }

    private RectificationSummary? Summary { get; set; }

    private AssessmentProblem? Selected { get; set; }

    private string? Note { get; set; }

    private string? Message { get; set; }

    private bool MessageIsError { get; set; }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private bool English => string.Equals(Lang, "en", StringComparison.OrdinalIgnoreCase);

    private IReadOnlyList<Choice<int?>> ClassChoices => [.. new[] { 1, 2, 3 }.Select(c => new Choice<int?>(c, S(CodeLabels.CountyClass[c])))];

    private IReadOnlyList<Choice<int?>> CountyChoices =>
        [.. Codes.Where(c => ClassFilter is null || Counties[c].CountyClass == ClassFilter).Select(c => new Choice<int?>(c, $"{Counties[c].Name} {c}"))];

    private IReadOnlyList<Choice<ProblemState?>> StateChoices =>
        [.. Enum.GetValues<ProblemState>().Select(s => new Choice<ProblemState?>(s, S(ProblemRules.Label(s))))];

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        Access = UserAccess.From(state?.User);
        await using var scope = ScopeFactory.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var years = await workflow.Store.ListYearsAsync();
        Year = YearParameter is { } y && years.Any(r => r.Year == y) ? y : years.FirstOrDefault()?.Year ?? 0;
        if (Access is null || Year == 0)
        {
            return;
        }

        Counties = workflow.Service.Counties.ToDictionary(c => c.Key, c => c.Value);
        Codes = [.. Access.Counties(workflow.Service).Order()];
        if (CountyCode is { } code)
        {
            if (!Codes.Contains(code))
            {
                Message = L($"县 {code} 不在您的数据范围内", $"county {code} is outside your data scope");
                MessageIsError = true;
                Codes = [];
            }
            else
            {
                CountyFilter = code;
            }
        }

        await SummarizeAsync(workflow.Store);
    }

    private string L(string zh, string en) => English ? en : zh;

    private string S((string Zh, string En) text) => English ? text.En : text.Zh;

    private static string Rate(double? rate) => rate is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string CountyName(int code) => Counties.TryGetValue(code, out var county) ? county.Name : code.ToString(CultureInfo.InvariantCulture);

    private static bool IsOverdue(StoredProblem p) => p.State != ProblemState.Closed && p.Deadline < Today;

    private string MoveText(ProblemState to) => to switch
    {
        ProblemState.Rectified => L("登记已整改", "Record as rectified"),
        ProblemState.Closed => L("核验通过，销号", "Checked: close"),
        _ => L("核验不通过，退回整改", "Check failed: back to rectification"),
    };

    // The moves the rules allow from the problem's state that this user may make.
    private IEnumerable<ProblemState> MoveChoices(AssessmentProblem problem)
    {
        ProblemState[] next = problem.State switch
        {
            ProblemState.InProgress => [ProblemState.Rectified],
            ProblemState.Rectified => [ProblemState.Closed, ProblemState.InProgress],
            _ => [],
        };
        return next.Where(to => Access?.Has(AssessmentAccess.Needs(to)) == true);
    }

    private void RenderRow(RowRenderEventArgs<StoredProblem> args)
    {
        args.Attributes["data-problem"] = args.Data!.Id.ToString();
        if (IsOverdue(args.Data))
        {
            args.Attributes["class"] = "overdue";
        }
    }

    // The filters as a store query: the scope's counties first, so nothing outside the scope is ever read.
    private IQueryable<StoredProblem> Query(AssessmentStore store)
    {
        var codes = CountyFilter is { } one ? Codes.Where(c => c == one).ToList() : Codes;
        var year = Year;
        var query = store.Problems.Where(p => p.Year == year && codes.Contains(p.CountyCode));
        if (ClassFilter is { } cls)
        {
            query = query.Where(p => p.CountyClass == cls);
        }

        if (StateFilter is { } state)
        {
            query = query.Where(p => p.State == state);
        }

        if (OverdueOnly)
        {
            var today = Today;
            query = query.Where(p => p.State != ProblemState.Closed && p.Deadline < today);
        }

        return query;
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        Loading = true;
        await using var scope = ScopeFactory.CreateAsyncScope();
        var query = Query(scope.ServiceProvider.GetRequiredService<AssessmentStore>());
        Count = await query.CountAsync();
        var sort = args.Sorts?.FirstOrDefault();
        var descending = sort?.SortOrder == SortOrder.Descending;
        var ordered = sort?.Property switch
        {
            nameof(StoredProblem.Deadline) => descending ? query.OrderByDescending(p => p.Deadline) : query.OrderBy(p => p.Deadline),
            nameof(StoredProblem.State) => descending ? query.OrderByDescending(p => p.State) : query.OrderBy(p => p.State),
            nameof(StoredProblem.CountyCode) => descending ? query.OrderByDescending(p => p.CountyCode) : query.OrderBy(p => p.CountyCode),
            nameof(StoredProblem.IndicatorId) => descending ? query.OrderByDescending(p => p.IndicatorId) : query.OrderBy(p => p.IndicatorId),
            _ => query.OrderBy(p => p.Deadline).ThenBy(p => p.CountyCode),
        };
        Rows = await ordered.ThenBy(p => p.Id).Skip(args.Skip ?? 0).Take(args.Top ?? 20).ToListAsync();
        Loading = false;
    }

    private async Task SearchAsync()
    {
        Selected = null;
        Message = null;
        await using (var scope = ScopeFactory.CreateAsyncScope())
        {
            await SummarizeAsync(scope.ServiceProvider.GetRequiredService<AssessmentStore>());
        }

        if (Grid is not null)
        {
            await Grid.FirstPage(forceReload: true);
        }
    }

    private async Task SelectAsync(StoredProblem row)
    {
        Message = null;
        Note = null;
        await using var scope = ScopeFactory.CreateAsyncScope();
        Selected = await scope.ServiceProvider.GetRequiredService<AssessmentStore>().FindProblemAsync(row.Id);
    }

    private async Task MoveAsync(ProblemState to)
    {
        if (Selected is null || Access is null)
        {
            return;
        }

        await using var scope = ScopeFactory.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        try
        {
            if (Access.RefuseMove(workflow.Service, Selected.CountyCode, to) is { } refusal)
            {
                throw new AssessmentWorkflowException(refusal.Zh, refusal.En);
            }

            Selected = await workflow.Store.MoveProblemAsync(Selected.Id, to, Note ?? string.Empty, Access.Actor(null));
            Message = L($"已改为“{S(ProblemRules.Label(to))}”", $"now {S(ProblemRules.Label(to))}");
            MessageIsError = false;
            Note = null;
        }
        catch (AssessmentWorkflowException e)
        {
            Message = e.Message;
            MessageIsError = true;
        }

        await SummarizeAsync(workflow.Store);
        if (Grid is not null)
        {
            await Grid.Reload();
        }
    }

    private async Task SummarizeAsync(AssessmentStore store)
    {
        if (Year == 0)
        {
            return;
        }

        var codes = CountyFilter is { } one ? [one] : Codes.Where(c => ClassFilter is null || Counties[c].CountyClass == ClassFilter).ToList();
        var problems = await store.GetProblemsAsync(Year, codes);
        Summary = ProblemRules.Summarize(problems.Where(p => StateFilter is null || p.State == StateFilter).Where(p => !OverdueOnly || p.IsOverdue(Today)), Today);
    }
}
