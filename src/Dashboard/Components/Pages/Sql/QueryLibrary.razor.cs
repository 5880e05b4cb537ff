using System.Text.Json;
using Microsoft.AspNetCore.Components;
using RevivalAnalytics.AppStore.Queries;

namespace RevivalAnalytics.Dashboard.Components.Pages.Sql;

/// <summary>The workbench's history and saved queries: save the editor's query (name, description, tags, private or shared
/// with the same data scope), open a saved one by its URL, find and re-run a statement from the history. Every store
/// operation takes a DI scope of its own (a circuit outlives many operations; a DbContext should not).</summary>
public sealed partial class QueryLibrary
{
    [Inject]
    private IServiceScopeFactory ScopeFactory { get; set; } = default!;

    /// <summary>Whose history and saved queries.</summary>
    /// <value>The signed-in user's name.</value>
    [Parameter, EditorRequired]
    public string UserName { get; set; } = string.Empty;

    /// <summary>The user's data scope: shared queries are offered within one scope.</summary>
    /// <value><c>DataScope.ToString()</c>.</value>
    [Parameter, EditorRequired]
    public string Scope { get; set; } = string.Empty;

    /// <summary>Whether the page is English.</summary>
    /// <value>True for English.</value>
    [Parameter]
    public bool English { get; set; }

    /// <summary>Reads the editor's text and the parameter values, for saving.</summary>
    /// <value>A callback the page supplies.</value>
    [Parameter, EditorRequired]
    public Func<Task<(string Sql, IReadOnlyDictionary<string, string> Parameters)>> Current { get; set; } = default!;

    /// <summary>Runs a statement from the history again with its parameters.</summary>
    /// <value>A callback the page supplies.</value>
    [Parameter, EditorRequired]
    public EventCallback<SqlHistoryEntry> Rerun { get; set; }

    /// <summary>Called with the saved query's URL after saving.</summary>
    /// <value>A callback the page supplies.</value>
    [Parameter]
    public EventCallback<string> OnSaved { get; set; }

    private string? SaveName { get; set; }

    private string? SaveDescription { get; set; }

    private string? SaveTags { get; set; }

    private bool SaveShared { get; set; }

    private string? SaveMessage { get; set; }

    private string? SavedSearch { get; set; }

    private string? HistorySearch { get; set; }

    private IReadOnlyList<SavedQuery> Saved { get; set; } = [];

    private IReadOnlyList<SqlHistoryEntry> History { get; set; } = [];

    /// <summary>Reads the lists again (after a run, or a search).</summary>
    /// <returns>When they are read.</returns>
    public async Task RefreshAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<SqlQueryStore>();
        Saved = await store.VisibleAsync(UserName, Scope, SavedSearch);
        History = await store.HistoryAsync(UserName, HistorySearch, 20);
        StateHasChanged();
    }

    /// <summary>The URL that opens and runs a saved query with the given parameter values.</summary>
    internal static string Href(long id, IReadOnlyDictionary<string, string>? parameters, bool english)
    {
        var query = new Dictionary<string, string?> { ["saved"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            query["p." + name] = value;
        }

        if (english)
        {
            query["lang"] = "en";
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/sql", query);
    }

    /// <inheritdoc />
    protected override Task OnInitializedAsync() => RefreshAsync();

    private async Task SaveAsync()
    {
        var (sql, parameters) = await Current();
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var saved = await scope.ServiceProvider.GetRequiredService<SqlQueryStore>().SaveAsync(new SavedQuery
            {
                Owner = UserName,
                Scope = Scope,
                Name = SaveName?.Trim() ?? string.Empty,
                Description = string.IsNullOrWhiteSpace(SaveDescription) ? null : SaveDescription.Trim(),
                Tags = string.IsNullOrWhiteSpace(SaveTags) ? null : string.Join(",", SaveTags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
                Sql = sql,
                Parameters = parameters.Count == 0 ? null : JsonSerializer.Serialize(parameters),
                Shared = SaveShared,
            });
            SaveMessage = L($"已保存为 “{saved.Name}”。", $"Saved as \"{saved.Name}\".");
            await RefreshAsync();
            await OnSaved.InvokeAsync(Href(saved.Id, parameters, English));
        }
        catch (ArgumentException e)
        {
            SaveMessage = e.Message.Split(" (Parameter", 2)[0];
        }
    }

    private Task RerunAsync(SqlHistoryEntry entry) => Rerun.InvokeAsync(entry);

    private string SavedHref(SavedQuery query) => Href(query.Id, ParametersOf(query.Parameters), English);

    internal static IReadOnlyDictionary<string, string> ParametersOf(string? json) =>
        string.IsNullOrEmpty(json) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    private static string Shorten(string sql)
    {
        var line = string.Join(' ', sql.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 160 ? line : line[..160] + "…";
    }

    private string L(string zh, string en) => English ? en : zh;
}
