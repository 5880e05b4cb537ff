using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.Assessment;

/// <summary>The scheme editor (administrators, interactive): the stored versions by year and version with where each is
/// used; a version's three class scorecards in forms, validated on every change with each message beside the indicator
/// and field it names; save as a new version (a stored version never changes); import and export of the JSON file; and
/// starting a year with a version. The store validates again and audits every save, import and start.</summary>
public sealed partial class AssessmentSchemesPage
{
    // A scheme file is a few tens of kilobytes; anything much larger is not one.
    private const long MaxImportBytes = 1024 * 1024;

    // Not a cascading parameter: the base page has one of that name already, and Blazor refuses two.
    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = default!;

    private IReadOnlyList<StoredScheme> Versions { get; set; } = [];

    private IReadOnlyDictionary<long, SchemeUsage> Usage { get; set; } = new Dictionary<long, SchemeUsage>();

    private IReadOnlyList<int> StartedYears { get; set; } = [];

    private long? SelectedId => Selected?.Id;

    private StoredScheme? Selected { get; set; }

    private AssessmentScheme? Original { get; set; }

    private AssessmentScheme? Draft { get; set; }

    private IReadOnlyList<SchemeProblem> Problems { get; set; } = [];

    private IReadOnlyList<SchemeProblem> ImportProblems { get; set; } = [];

    private int Tab { get; set; }

    private string? Note { get; set; }

    private string? Message { get; set; }

    private bool MessageIsError { get; set; }

    // Fingerprints compare content, whatever object the editor holds.
    private bool Changed => Draft is not null && Original is not null && SchemeFile.Fingerprint(Draft) != SchemeFile.Fingerprint(Original);

    private bool YearUsesIt => Selected is not null && Usage.GetValueOrDefault(Selected.Id)?.Years.Contains(Selected.Year) == true;

    // The store refuses the switch too (and also once a county is reviewed); the page only says so before anyone tries.
    private bool YearPublished => Selected is not null && Usage.Values.Any(u => u.PublishedYears.Contains(Selected.Year));

    private string StartText => Selected is null ? string.Empty
        : StartedYears.Contains(Selected.Year)
            ? L($"让 {Selected.Year} 年度改用此版本", $"Switch {Selected.Year} to this version")
            : L($"用此版本开始 {Selected.Year} 年度", $"Start {Selected.Year} with this version");

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
        await LoadAsync(store);
        if (Versions.Count > 0)
        {
            await OpenAsync(store, Versions[0].Id);
        }
    }

    private async Task LoadAsync(AssessmentStore store)
    {
        Versions = [.. (await store.ListSchemesAsync()).OrderByDescending(v => v.Year).ThenByDescending(v => v.Version)];
        Usage = await store.GetSchemeUsageAsync();
        StartedYears = [.. (await store.ListYearsAsync()).Select(y => y.Year)];
    }

    private async Task OpenAsync(long id)
    {
        Message = null;
        ImportProblems = [];
        await using var scope = ScopeFactory.CreateAsyncScope();
        await OpenAsync(scope.ServiceProvider.GetRequiredService<AssessmentStore>(), id);
    }

    private async Task OpenAsync(AssessmentStore store, long id)
    {
        Selected = Versions.FirstOrDefault(v => v.Id == id);
        Original = Draft = await store.LoadSchemeAsync(id);
        Problems = [];
        Note = null;
    }

    private void Change(AssessmentScheme scheme)
    {
        Draft = scheme;
        Problems = SchemeValidator.Validate(scheme, KpiCatalog.Default);
    }

    private void Discard()
    {
        Draft = Original;
        Problems = [];
        Message = null;
    }

    private Task SaveAsync() => RunAsync(async workflow =>
    {
        var store = workflow.Store;
        Problems = SchemeValidator.Validate(Draft!, KpiCatalog.Default);
        if (Problems.Count > 0)
        {
            throw new SchemeValidationException(Problems);
        }

        var before = Versions.Select(v => v.Id).ToHashSet();
        var saved = await store.SaveSchemeAsync(Draft!, Note, await ActorAsync());
        await LoadAsync(store);
        await OpenAsync(store, saved.Id);
        return before.Contains(saved.Id)
            ? L($"与已保存的 v{saved.Version} 相同，未重复保存", $"equal to the stored v{saved.Version}: not stored again")
            : L($"已保存为新版本 v{saved.Version}（{saved.Year} 年度，指纹 {saved.Fingerprint}）", $"saved as new version v{saved.Version} ({saved.Year}, fingerprint {saved.Fingerprint})");
    });

    private Task ImportAsync(InputFileChangeEventArgs e) => RunAsync(async workflow =>
    {
        var store = workflow.Store;
        var file = e.File;
        if (file.Size > MaxImportBytes)
        {
            throw new SchemeValidationException([new SchemeProblem("$", null, "json",
                $"文件 {file.Name} 有 {file.Size:N0} 字节，超过方案文件上限 1 MB", $"file {file.Name} has {file.Size:N0} bytes, more than a scheme file's limit of 1 MB")]);
        }

        using var buffer = new MemoryStream();
        await using (var upload = file.OpenReadStream(MaxImportBytes))
        {
            await upload.CopyToAsync(buffer);
        }

        buffer.Position = 0;
        var before = Versions.Select(v => v.Id).ToHashSet();
        var saved = await store.ImportSchemeAsync(buffer, file.Name, await ActorAsync());
        await LoadAsync(store);
        await OpenAsync(store, saved.Id);
        return before.Contains(saved.Id)
            ? L($"{file.Name} 与已保存的 v{saved.Version} 相同，未重复保存", $"{file.Name} equals the stored v{saved.Version}: not stored again")
            : L($"已导入 {file.Name}，保存为 {saved.SchemeId} v{saved.Version}（{saved.Year} 年度）", $"imported {file.Name} as {saved.SchemeId} v{saved.Version} ({saved.Year})");
    }, import: true);

    private Task StartYearAsync() => RunAsync(async workflow =>
    {
        var year = Selected!.Year;
        await workflow.StartYearAsync(year, Selected.Id, await ActorAsync());
        await LoadAsync(workflow.Store);
        return L($"{year} 年度现用 {Selected.SchemeId} v{Selected.Version}", $"{year} now uses {Selected.SchemeId} v{Selected.Version}");
    });

    // Every act checks the capability again (the circuit outlives the check made when the page opened), takes a DI scope
    // of its own, and shows the store's refusal in Chinese and English; the scheme being edited stays as it was.
    private async Task RunAsync(Func<AssessmentWorkflow, Task<string>> act, bool import = false)
    {
        Message = null;
        ImportProblems = [];
        await using var scope = ScopeFactory.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        try
        {
            var state = await Authentication.GetAuthenticationStateAsync();
            if (UserAccess.From(state.User)?.Has(Capability.Administer) != true)
            {
                throw new AssessmentWorkflowException("只有管理员可以编辑评估方案", "only administrators edit assessment schemes");
            }

            Message = await act(workflow);
            MessageIsError = false;
        }
        catch (SchemeValidationException e)
        {
            Message = import
                ? L($"文件未导入，方案库未改动：{e.Problems.Count} 处问题", $"the file was not imported and nothing changed: {e.Problems.Count} problems")
                : L($"未保存：{e.Problems.Count} 处问题（见各指标旁）", $"not saved: {e.Problems.Count} problems (beside each indicator)");
            MessageIsError = true;
            if (import)
            {
                ImportProblems = e.Problems;
            }
        }
        catch (AssessmentWorkflowException e)
        {
            Message = L(e.MessageZh, e.MessageEn);
            MessageIsError = true;
        }
    }

    private string UsageText(long id)
    {
        if (Usage.GetValueOrDefault(id) is not { } used)
        {
            return L("未使用", "not used");
        }

        var parts = new List<string>();
        if (used.Years.Count > 0)
        {
            parts.Add(L($"{string.Join("、", used.Years)} 年度使用中", $"in use by {string.Join(", ", used.Years)}"));
        }

        if (used.Published)
        {
            parts.Add(L($"{string.Join("、", used.PublishedYears)} 年度已发布结果（锁定）", $"published results of {string.Join(", ", used.PublishedYears)} (locked)"));
        }

        return string.Join(L("；", "; "), parts);
    }

    private string Describe(SchemeProblem p) =>
        $"{p.Path}{(p.IndicatorId is null ? string.Empty : " · " + p.IndicatorId)} · {L("字段", "field")} {p.Field}：{L(p.MessageZh, p.MessageEn)}";

    private string ClassName(int countyClass) => CodeLabels.CountyClass.TryGetValue(countyClass, out var label) ? L(label.Zh, label.En) : countyClass.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
