using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Components.Pages.Assessment;

/// <summary>The post-assessment workbench (interactive): a county of the user's scope, its entered items by source,
/// and the workflow's acts the user's capabilities allow. The store decides what a state allows; this page only hides
/// what cannot succeed. Each act takes a DI scope of its own (a circuit outlives many acts, a DbContext should not).</summary>
public sealed partial class AssessmentWorkPage
{
    private static readonly EntrySource[] s_sources = [EntrySource.Self, EntrySource.Cross, EntrySource.ThirdParty, EntrySource.CovertVisit];

    /// <summary>The page's language from the URL.</summary>
    [SupplyParameterFromQuery(Name = "lang")]
    public string? Lang { get; set; }

    /// <summary>The county to open first.</summary>
    [SupplyParameterFromQuery(Name = "county")]
    public int? CountyParameter { get; set; }

    /// <summary>The year; the latest started by default.</summary>
    [SupplyParameterFromQuery(Name = "year")]
    public int? YearParameter { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private IServiceScopeFactory ScopeFactory { get; set; } = default!;

    private sealed record EntryItem(string Id, string NameZh, string NameEn, double Min, double Max, IReadOnlyList<EntrySource> Sources);

    private sealed record Failure(string FileName, IReadOnlyList<EntryProblem> Problems);

    private sealed record CountyChoice(int Code, string Text);

    private UserAccess? Access { get; set; }

    private int Year { get; set; }

    private int County { get; set; }

    private CountyWorkflow? Row { get; set; }

    private double? DraftScore { get; set; }

    private IReadOnlyList<CountyWorkflow> Counties { get; set; } = [];

    private IReadOnlyList<CountyChoice> CountyChoices { get; set; } = [];

    private IReadOnlyList<EntryItem> Items { get; set; } = [];

    private IReadOnlyList<EntrySource> SourceColumns { get; set; } = [];

    private Dictionary<(string Id, EntrySource Source), double?> Values { get; set; } = [];

    private string? Note { get; set; }

    private string? Message { get; set; }

    private bool MessageIsError { get; set; }

    private Failure? ImportFailure { get; set; }

    private string TemplateUrl => string.Create(CultureInfo.InvariantCulture, $"/api/assessment/{Year}/template.xlsx");

    private bool English => string.Equals(Lang, "en", StringComparison.OrdinalIgnoreCase);

    private bool CanEnterAny => Row is not null && SourceColumns.Any(CanEnter);

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

        await LoadCountiesAsync(workflow);
        var first = CountyParameter is { } c && Counties.Any(r => r.CountyCode == c) ? c : Counties.FirstOrDefault()?.CountyCode ?? 0;
        if (first != 0)
        {
            await LoadCountyAsync(workflow, first);
        }
    }

    private string L(string zh, string en) => English ? en : zh;

    private string S((string Zh, string En) text) => English ? text.En : text.Zh;

    private bool Has(Capability capability) => Access?.Has(capability) == true;

    private bool CanEnter(EntrySource source) => Has(Capability.EnterAssessment) && Row is not null && AssessmentStore.AcceptsEntries(Row.State, source);

    private string PageLink(string path) => English ? path + "?lang=en&year=" + Year.ToString(CultureInfo.InvariantCulture) : path + "?year=" + Year.ToString(CultureInfo.InvariantCulture);

    private async Task LoadCountiesAsync(AssessmentWorkflow workflow)
    {
        var scoped = Access!.Counties(workflow.Service);
        Counties = [.. (await workflow.Store.GetCountiesAsync(Year)).Where(c => scoped.Contains(c.CountyCode))];
        CountyChoices = [.. Counties.Select(c => new CountyChoice(c.CountyCode,
            $"{workflow.Service.Counties[c.CountyCode].Name} {c.CountyCode} · {S(WorkflowLabels.Of(c.State))}"))];
    }

    private async Task LoadCountyAsync(AssessmentWorkflow workflow, int code)
    {
        County = code;
        Row = await workflow.Store.FindCountyAsync(Year, code);
        var (_, scheme) = (await workflow.FindYearAsync(Year))!.Value;
        var card = scheme.ScorecardFor(workflow.Service.Counties[code].CountyClass);
        Items =
        [
            .. card.Indicators.Where(i => i.Kpi is null && i.FieldMeasure is null && i.Sources.Count > 0).Select(i => new EntryItem(i.Id, i.NameZh, i.NameEn, 0, i.Points, i.Sources)),
            .. card.Bonus.Where(b => b.Kpi is null && b.Sources.Count > 0).Select(b => new EntryItem(b.Id, "加分：" + b.NameZh, "Bonus: " + b.NameEn, 0, b.Points, b.Sources)),
            // An entered veto is a flag: 1 found, 0 not found.
            .. card.Vetoes.Where(v => v.Kpi is null && v.Sources.Count > 0).Select(v => new EntryItem(v.Id, "否决：" + v.NameZh, "Veto: " + v.NameEn, 0, 1, v.Sources)),
        ];
        SourceColumns = [.. s_sources.Where(s => Items.Any(i => i.Sources.Contains(s)))];
        Values = (await workflow.Store.GetEntriesAsync(Year, code)).ToDictionary(e => (e.IndicatorId, e.Source), e => (double?)e.Value);
        DraftScore = (await workflow.ScoreAsync(Year))?.County(code)?.Score;
    }

    private async Task SelectAsync(int code)
    {
        Message = null;
        await using var scope = ScopeFactory.CreateAsyncScope();
        await LoadCountyAsync(scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>(), code);
    }

    private static string Range(EntryItem item) =>
        string.Create(CultureInfo.InvariantCulture, $"{item.Min:0.##}–{item.Max:0.##}");

    // Every value outside its item's range, named with the item, the source and the range (Chinese, then English).
    private List<string> OutOfRange() =>
    [
        .. Items.SelectMany(item => SourceColumns.Where(s => item.Sources.Contains(s) && CanEnter(s)).Select(source => (item, source)))
            .Where(x => Values.GetValueOrDefault((x.item.Id, x.source)) is { } v && (v < x.item.Min || v > x.item.Max || !double.IsFinite(v)))
            .Select(x =>
            {
                var value = Values[(x.item.Id, x.source)]!.Value.ToString("0.####", CultureInfo.InvariantCulture);
                var source = AssessmentLabels.Of(x.source);
                return $"“{x.item.NameZh}”（{source.Zh}）的值 {value} 超出允许范围 {Range(x.item)} / \"{x.item.NameEn}\" ({source.En}): {value} is outside the allowed range {Range(x.item)}";
            }),
    ];

    private Task SaveAsync()
    {
        // Refused before anything is sent, and the typed values stay in the form for the user to correct.
        if (OutOfRange() is { Count: > 0 } refused)
        {
            Message = "未保存：" + string.Join("；", refused.Select(r => r.Split(" / ")[0])) + " / nothing saved: " + string.Join("; ", refused.Select(r => r.Split(" / ")[1]));
            MessageIsError = true;
            ImportFailure = null;
            return Task.CompletedTask;
        }

        return SaveEntriesAsync();
    }

    private Task SaveEntriesAsync() => RunAsync(async workflow =>
    {
        var stored = (await workflow.Store.GetEntriesAsync(Year, County)).ToDictionary(e => (e.IndicatorId, e.Source), e => e.Value);
        var edits = Values.Where(v => CanEnter(v.Key.Source) && (stored.TryGetValue(v.Key, out var old) ? old != v.Value : v.Value is not null))
            .Select(v => new EntryEdit(County, v.Key.Id, v.Key.Source, v.Value))
            .ToList();
        var changed = edits.Count == 0 ? 0 : await workflow.SaveEntriesAsync(Year, edits, "form", Actor());
        return L($"已保存 {changed} 项录入", $"{changed} entries saved");
    });

    private Task ActAsync(WorkflowAct act) => RunAsync(async workflow =>
    {
        if (!Has(AssessmentAccess.Needs(act)))
        {
            throw new AssessmentWorkflowException("您的角色不能执行此操作", "your roles do not allow this act");
        }

        var row = await workflow.MoveAsync(Year, County, act, Note, Actor());
        Note = null;
        return L($"{S(WorkflowLabels.Of(act))}：完成，当前“{S(WorkflowLabels.Of(row.State))}”", $"{S(WorkflowLabels.Of(act))}: done, now {S(WorkflowLabels.Of(row.State))}");
    });

    private Task PublishAsync() => RunAsync(async workflow =>
    {
        if (!Has(Capability.ReviewAssessment))
        {
            throw new AssessmentWorkflowException("您的角色不能发布", "your roles do not allow publishing");
        }

        var revisions = await workflow.PublishAsync(Year, [County], Actor());
        return L($"已发布第 {revisions[0].Revision} 版，得分 {revisions[0].Score:0.00}", $"published revision {revisions[0].Revision}, score {revisions[0].Score:0.00}");
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
            var changed = await workflow.ImportEntriesAsync(Year, buffer, file.Name, Access!.Counties(workflow.Service), Actor());
            return L($"已从 {file.Name} 导入，改动 {changed} 项录入", $"imported from {file.Name}: {changed} entries changed");
        }, file.Name);
    }

    private async Task RunAsync(Func<AssessmentWorkflow, Task<string>> act, string? fileName = null)
    {
        ImportFailure = null;
        await using var scope = ScopeFactory.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        try
        {
            if (Access is null || !Access.Covers(workflow.Service, County))
            {
                throw new AssessmentWorkflowException($"县 {County} 不在您的数据范围内", $"county {County} is outside your data scope");
            }

            Message = await act(workflow);
            MessageIsError = false;
        }
        catch (EntryImportException e) when (fileName is not null)
        {
            ImportFailure = new Failure(fileName, e.Problems);
            Message = null;
        }
        catch (Exception e) when (e is AssessmentWorkflowException or EntryImportException)
        {
            Message = e.Message;
            MessageIsError = true;
        }

        await LoadCountiesAsync(workflow);
        await LoadCountyAsync(workflow, County);
    }

    private AppStore.Accounts.AuditActor Actor() => Access!.Actor(null);
}
