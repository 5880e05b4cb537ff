using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.Assessment;

/// <summary>The evaluators' field-check page (interactive): for a county of the user's scope, the sample a margin of
/// error needs, the draw with the year's seed, the field list's export (through the API, which audits it) and the
/// results' import through <see cref="AssessmentWorkflow.ImportFieldResultsAsync"/> (all or nothing), and the three
/// rates with their 95 % intervals.</summary>
public sealed partial class AssessmentFieldPage
{
    /// <summary>The page's language from the URL.</summary>
    /// <value><c>en</c> for English.</value>
    [SupplyParameterFromQuery(Name = "lang")]
    public string? Lang { get; set; }

    /// <summary>The county to open first.</summary>
    /// <value>A county of the user's scope.</value>
    [SupplyParameterFromQuery(Name = "county")]
    public int? CountyParameter { get; set; }

    /// <summary>The year; the latest started by default.</summary>
    /// <value>A started year.</value>
    [SupplyParameterFromQuery(Name = "year")]
    public int? YearParameter { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private IServiceScopeFactory ScopeFactory { get; set; } = default!;

    private sealed record CountyChoice(int Code, string Text);

    private sealed record Failure(string FileName, IReadOnlyList<EntryProblem> Problems);

    private UserAccess? Access { get; set; }

    private int Year { get; set; }

    private int County { get; set; }

    private CountyWorkflow? Row { get; set; }

    private IReadOnlyList<CountyChoice> CountyChoices { get; set; } = [];

    private FieldFrameSize? Frame { get; set; }

    private FieldCheckQuota? Quota { get; set; }

    private FieldSample? Sample { get; set; }

    private int Results { get; set; }

    private FieldCheckEstimates? Estimates { get; set; }

    private double Margin { get; set; } = 2;

    private double? MarginInput { get; set; } = 2;

    private string? Message { get; set; }

    private bool MessageIsError { get; set; }

    private Failure? ImportFailure { get; set; }

    private bool English => string.Equals(Lang, "en", StringComparison.OrdinalIgnoreCase);

    private bool CanFieldWork => Row is not null && Has(Capability.EnterAssessment) && AssessmentStore.AcceptsEntries(Row.State, EntrySource.FieldCheck);

    // A sample with results is kept: redrawing would orphan what the teams found.
    private bool CanDraw => CanFieldWork && Results == 0;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        Access = UserAccess.From(state?.User);
        await using var scope = ScopeFactory.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var years = await workflow.Store.ListYearsAsync();
        Year = YearParameter is { } y && years.Any(r => r.Year == y) ? y : years.FirstOrDefault()?.Year ?? 0;
        if (Year == 0 || Access is null)
        {
            return;
        }

        var scoped = Access.Counties(workflow.Service);
        var rows = (await workflow.Store.GetCountiesAsync(Year)).Where(c => scoped.Contains(c.CountyCode)).ToList();
        CountyChoices = [.. rows.Select(c => new CountyChoice(c.CountyCode, $"{workflow.Service.Counties[c.CountyCode].Name} {c.CountyCode} · {S(WorkflowLabels.Of(c.State))}"))];
        var first = CountyParameter is { } c && rows.Any(r => r.CountyCode == c) ? c : rows.FirstOrDefault()?.CountyCode ?? 0;
        if (first != 0)
        {
            await LoadCountyAsync(workflow, first);
        }
    }

    private string L(string zh, string en) => English ? en : zh;

    private string S((string Zh, string En) text) => English ? text.En : text.Zh;

    private bool Has(Capability capability) => Access?.Has(capability) == true;

    private string PageLink(string path) =>
        path + "?year=" + Year.ToString(CultureInfo.InvariantCulture) + "&county=" + County.ToString(CultureInfo.InvariantCulture) + (English ? "&lang=en" : string.Empty);

    private string FieldListUrl(bool personal) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/assessment/{Year}/counties/{County}/field-list.xlsx{(personal ? "?personal=true" : string.Empty)}");

    private void SetMargin(double? value)
    {
        MarginInput = value;
        // Refused, not clamped: the table keeps the last valid margin and the message says what is allowed.
        if (value is { } m && m > 0 && m <= 50)
        {
            Margin = m;
            Message = null;
        }
        else
        {
            Message = L($"误差界须大于 0 且不超过 50 个百分点，“{value?.ToString(CultureInfo.InvariantCulture) ?? "空"}”无效",
                $"the margin must be above 0 and at most 50 percentage points; \"{value?.ToString(CultureInfo.InvariantCulture) ?? "empty"}\" is not valid");
            MessageIsError = true;
        }
    }

    private async Task LoadCountyAsync(AssessmentWorkflow workflow, int code)
    {
        County = code;
        Row = await workflow.Store.FindCountyAsync(Year, code);
        var (_, scheme) = (await workflow.FindYearAsync(Year))!.Value;
        Quota = scheme.ScorecardFor(workflow.Service.Counties[code].CountyClass).FieldCheck;
        try
        {
            Frame = workflow.Service.DescribeFieldFrame(Year, code);
        }
        catch (MetricArgumentException e)
        {
            // A year started without data for it: the page says so instead of losing the circuit.
            Frame = null;
            Message = e.Message;
            MessageIsError = true;
        }

        Sample = await workflow.Store.GetFieldSampleAsync(Year, code);
        Results = (await workflow.Store.GetFieldResultsAsync(Year, code)).Count;
        Estimates = await workflow.GetFieldEstimatesAsync(Year, code);
    }

    private async Task SelectAsync(int code)
    {
        Message = null;
        ImportFailure = null;
        await using var scope = ScopeFactory.CreateAsyncScope();
        await LoadCountyAsync(scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>(), code);
    }

    private Task DrawAsync() => RunAsync(async workflow =>
    {
        var sample = await workflow.DrawFieldSampleAsync(Year, County, Access!.Actor(null));
        return L($"已抽取 {sample.Villages.Count} 个村、{sample.Households.Count} 户", $"drawn: {sample.Villages.Count} villages, {sample.Households.Count} households");
    });

    private async Task ImportAsync(InputFileChangeEventArgs args)
    {
        var file = args.File;
        using var buffer = await AssessmentUpload.ReadAsync(file);
        if (buffer is null)
        {
            ImportFailure = null;
            var (zh, en) = AssessmentUpload.Unread(file);
            Message = L(zh, en);
            MessageIsError = true;
            return;
        }

        await RunAsync(async workflow =>
        {
            var count = await workflow.ImportFieldResultsAsync(Year, County, buffer, file.Name, Access!.Actor(null));
            return L($"已导入 {count} 户的核查结果", $"{count} household results imported");
        }, file.Name);
    }

    private async Task RunAsync(Func<AssessmentWorkflow, Task<string>> act, string? fileName = null)
    {
        ImportFailure = null;
        await using var scope = ScopeFactory.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        try
        {
            if (Access is null || !Has(Capability.EnterAssessment) || !Access.Covers(workflow.Service, County))
            {
                throw new AssessmentWorkflowException($"县 {County} 不在您的数据范围内，或您的角色不能做实地核查", $"county {County} is outside your data scope, or your roles do not allow field work");
            }

            Message = await act(workflow);
            MessageIsError = false;
        }
        catch (EntryImportException e)
        {
            ImportFailure = new Failure(fileName ?? string.Empty, e.Problems);
            Message = null;
        }
        catch (AssessmentWorkflowException e)
        {
            Message = e.Message;
            MessageIsError = true;
        }

        await LoadCountyAsync(workflow, County);
    }
}
