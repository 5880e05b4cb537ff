using RevivalAnalytics.Queries;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using Radzen;
using Radzen.Blazor;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Data.Workbench;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Dashboard.Components.Pages.Sql;

/// <summary>
/// The analysts' SQL workbench (<c>/sql</c>, interactive): a CodeMirror editor that completes the workspace's tables,
/// columns and DuckDB's functions; run all, the selection or the statement under the cursor (Ctrl+Enter); a result grid
/// whose paging, sorting and filtering run in SQL over the whole result; cancel; the limits shown. Statements run in the
/// sandbox of the user's scope through <see cref="WorkbenchService"/>, and every one is audited.
/// </summary>
public sealed partial class WorkbenchPage : IAsyncDisposable
{
    private const string EditorId = "workbench-editor";
    private const int FirstPageSize = 50;
    private static readonly CultureInfo s_chinese = CultureInfo.GetCultureInfo("zh-CN");

    private readonly Dictionary<string, string> _parameterValues = new(StringComparer.Ordinal);
    private DotNetObjectReference<WorkbenchPage>? _self;
    private CancellationTokenSource? _running;
    private bool _editorCreated;
    private WorkbenchRequest? _lastRequest;
    private string _text = string.Empty;
    private DataScope _scope = DataScope.Province;
    private string _userName = "anonymous";

    private WorkbenchUser User => new(_userName, _scope);
    private long _runStarted;
    private WorkbenchQueueStatus? _queued;

    [Inject]
    private WorkbenchService Workbench { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private WorkbenchExportTickets ExportTickets { get; set; } = default!;

    [Inject]
    private IServiceScopeFactory ScopeFactory { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<WorkbenchPage> Logger { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>A saved query to open and run, from its URL (<c>/sql?saved=12&amp;p.county=140105</c>).</summary>
    /// <value>The saved query's id, or null.</value>
    [SupplyParameterFromQuery(Name = "saved")]
    public long? SavedId { get; set; }

    private QueryLibrary? Library { get; set; }

    private bool _ready;
    private bool _runOnOpen;

    /// <summary>The page's language from the URL (<c>?lang=en</c>; a circuit has no request culture).</summary>
    /// <value><c>en</c> for English, anything else Chinese.</value>
    [SupplyParameterFromQuery(Name = "lang")]
    public string? Lang { get; set; }

    /// <summary>SQL to open the editor with, from the URL.</summary>
    /// <value>The query text, or null for the first example.</value>
    [SupplyParameterFromQuery(Name = "q")]
    public string? Query { get; set; }

    private bool English => string.Equals(Lang, "en", StringComparison.OrdinalIgnoreCase);

    private ElementReference EditorElement { get; set; }

    private RadzenDataGrid<IDictionary<string, object>>? Grid { get; set; }

    private WorkbenchSchema? Schema { get; set; }

    private IReadOnlyList<string> ParameterNames { get; set; } = [];

    private IReadOnlyList<SqlColumn> Columns { get; set; } = [];

    private IReadOnlyList<IDictionary<string, object>> Rows { get; set; } = [];

    private long TotalRows { get; set; }

    private WorkbenchError? Error { get; set; }

    private bool Running => _running is not null;

    private string State { get; set; } = "idle";

    private string StatusText { get; set; } = string.Empty;

    private WorkbenchResult? LastResult { get; set; }

    private string LimitsText
    {
        get
        {
            var limits = Workbench.Sandbox.Limits;
            var seconds = limits.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            return L($"每条语句最长 {seconds} 秒、内存 {limits.MemoryLimit}；表格每页最多 {SqlQueryService.MaxPageSize:N0} 行，导出最多 {SqlQueryService.CsvRowCap:N0} 行；全站同时运行 {Workbench.Sandbox.Capacity} 条语句、每人最多 {Workbench.Sandbox.PerUserCap} 条，其余排队。只读沙箱，不含个人信息。",
                $"Each statement may run {seconds} s in {limits.MemoryLimit} of memory; the grid shows at most {SqlQueryService.MaxPageSize:N0} rows a page, exports at most {SqlQueryService.CsvRowCap:N0} rows; {Workbench.Sandbox.Capacity} statements run at once across the site, at most {Workbench.Sandbox.PerUserCap} per user, the rest wait in a queue. Read-only sandbox without personal data.");
        }
    }

    private static IReadOnlyList<((string Zh, string En) Title, string Sql)> Examples { get; } =
    [
        (("各县监测户数（按年份参数）", "Monitored households per county (year as a parameter)"),
            "SELECT c.county_code, c.county_name, count(*) AS households\nFROM household_years y\nJOIN counties c ON c.county_code = y.county_code\nWHERE y.year = $year\nGROUP BY ALL\nORDER BY households DESC;"),
        (("一个县的农村居民收入趋势", "A county's rural income trend"),
            "SELECT year, rural_income_per_capita, poverty_alleviated_income_per_capita\nFROM county_indicators\nWHERE county_code = $county\nORDER BY year;"),
        (("每年低于监测线的农户", "Households below the monitoring line each year"),
            "SELECT l.year, count(*) FILTER (WHERE y.per_capita_net_income < l.monitoring_line) AS below_line, count(*) AS households\nFROM household_years y\nJOIN monitoring_lines l ON l.year = y.year\nGROUP BY l.year\nORDER BY l.year;"),
    ];

    /// <summary>Called by the editor for Ctrl+Enter (<c>statement</c>) and Shift+Ctrl+Enter (<c>all</c>).</summary>
    /// <param name="mode">What to run.</param>
    /// <returns>When the statement has finished.</returns>
    [JSInvokable]
    public Task RunFromEditor(string mode) => InvokeAsync(() => RunAsync(mode));

    /// <summary>Called by the editor when its text changed (debounced), to show the parameters' fields.</summary>
    /// <param name="text">The whole text.</param>
    /// <returns>When the page is updated.</returns>
    [JSInvokable]
    public Task TextChanged(string text) => InvokeAsync(() =>
    {
        _text = text;
        var names = SqlParameterNames.Find(text);
        if (!names.SequenceEqual(ParameterNames))
        {
            ParameterNames = names;
            StateHasChanged();
        }
    });

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        var access = UserAccess.From(state?.User);
        _scope = access?.Scope ?? DataScope.Province;
        _userName = access?.UserName ?? "anonymous";
        _text = string.IsNullOrWhiteSpace(Query) ? Examples[0].Sql : Query;
        StatusText = L("就绪。", "Ready.");
        if (SavedId is { } id)
        {
            await OpenSavedAsync(id);
        }

        ParameterNames = SqlParameterNames.Find(_text);
        if (ParameterNames.Contains("year"))
        {
            _parameterValues.TryAdd("year", "2023");
        }

        _ready = true;
    }

    // A saved query's URL reproduces it: its SQL, its saved parameter values overridden by the URL's p.name values, run.
    private async Task OpenSavedAsync(long id)
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<RevivalAnalytics.AppStore.Queries.SqlQueryStore>().FindAsync(_userName, _scope.ToString(), id);
        if (saved is null)
        {
            Error = new WorkbenchError($"没有编号为 {id} 的已保存查询，或它未与你共享", $"there is no saved query {id}, or it is not shared with you", null, null);
            return;
        }

        _text = saved.Sql;
        foreach (var (name, value) in QueryLibrary.ParametersOf(saved.Parameters))
        {
            _parameterValues[name] = value;
        }

        var url = new Uri(Navigation.Uri);
        foreach (var (key, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query))
        {
            if (key.StartsWith("p.", StringComparison.Ordinal) && key.Length > 2)
            {
                _parameterValues[key[2..]] = values.ToString();
            }
        }

        _savedName = saved.Name;
        StatusText = L($"已打开保存的查询 “{saved.Name}”。", $"Opened the saved query \"{saved.Name}\".");
        _runOnOpen = true;
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            try
            {
                Schema = await Workbench.SchemaAsync(_scope, CancellationToken.None);
            }
            catch (WorkbenchQueryException e)
            {
                Error = e.Error;
            }

            StateHasChanged();
            return;
        }

        if (Schema is not null && !_editorCreated)
        {
            _editorCreated = true;
            _self = DotNetObjectReference.Create(this);
            var schemaJson = JsonSerializer.Serialize(new
            {
                tables = Schema.Tables.Select(t => new
                {
                    name = t.Name,
                    description = t.Description,
                    rowCount = t.RowCount,
                    columns = t.Columns.Select(c => new { name = c.Name, type = c.Type, description = c.Description, samples = c.Samples }),
                }),
                functions = Schema.Functions,
            });
            await JS.InvokeVoidAsync("revivalWorkbench.create", EditorElement, _self, _text, schemaJson);
            if (_runOnOpen)
            {
                _runOnOpen = false;
                await RunAsync("all");
                StateHasChanged();
            }
        }
    }

    private async Task RunAsync(string mode)
    {
        if (Running || !_editorCreated)
        {
            return;
        }

        var taken = await JS.InvokeAsync<TakenText?>("revivalWorkbench.take", EditorId, mode);
        if (taken is null || string.IsNullOrWhiteSpace(taken.Text))
        {
            Refuse(new WorkbenchError("没有要运行的语句", "there is no statement to run", null, null));
            return;
        }

        if (taken.Text.Length > SqlQueryService.MaxQueryLength)
        {
            Refuse(new WorkbenchError($"查询文本过长（{taken.Text.Length:N0} 个字符，最多 {SqlQueryService.MaxQueryLength:N0}）",
                $"the query text is too long ({taken.Text.Length:N0} characters, at most {SqlQueryService.MaxQueryLength:N0})", null, null));
            return;
        }

        _statementStart = taken.Start;
        Statistics = null;
        ChartKind = null;
        var request = new WorkbenchRequest(taken.Text, CurrentParameters(taken.Text)) { Take = FirstPageSize };
        var started = Environment.TickCount64;
        var result = await ExecuteAsync(request);
        if (result is not null)
        {
            _gridKey++;
            Columns = result.Columns;
        }

        try
        {
            await RememberAsync(request, result, Environment.TickCount64 - started);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The history is the analyst's convenience; the result is on the page already.
            Logger.LogError(e, "Keeping a workbench statement in {User}'s history failed", _userName);
        }

        StateHasChanged();
    }

    // Refused before it ran: a final state too (a run from the editor's keys renders nothing by itself).
    private void Refuse(WorkbenchError error)
    {
        Error = error;
        State = "failed";
        StatusText = L("查询失败。", "The query failed.");
        StateHasChanged();
    }

    // The analyst's own history (the audit log has the same act for oversight).
    private async Task RememberAsync(WorkbenchRequest request, WorkbenchResult? result, long milliseconds)
    {
        await using (var scope = ScopeFactory.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RevivalAnalytics.AppStore.Queries.SqlQueryStore>().AddHistoryAsync(new RevivalAnalytics.AppStore.Queries.SqlHistoryEntry
            {
                UserName = _userName,
                Sql = request.Sql,
                Parameters = request.Parameters.Count == 0 ? null : JsonSerializer.Serialize(request.Parameters),
                DataVersion = result?.DataVersion ?? _lastVersion,
                DurationMs = (long)(result?.Duration.TotalMilliseconds ?? milliseconds),
                RowCount = result?.TotalRows,
                Succeeded = result is not null,
                Error = result is null ? (Error is { } e ? e.MessageEn + (e.Detail is null ? string.Empty : ": " + e.Detail) : State) : null,
            });
        }

        if (result is not null)
        {
            _lastVersion = result.DataVersion;
        }

        if (Library is not null)
        {
            await Library.RefreshAsync();
        }
    }

    private string? _lastVersion;
    private string? _savedName;

    private (string Sql, string Parameters, string? Name, string Ticket)? _exportTicket;

    // The export repeats the last statement with its parameters (never the grid's sorting and filtering, which are views).
    // The statement stays on the server (a ticket): a long one would not fit in the link.
    private string ExportHref(string format)
    {
        if (_lastRequest is null)
        {
            return "/api/workbench/export?format=" + format;
        }

        // One ticket per statement, parameters and name (the grid's pages and sorts reuse it).
        var parameters = string.Join("\n", _lastRequest.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        if (_exportTicket is not { } issued || issued.Sql != _lastRequest.Sql || issued.Parameters != parameters || issued.Name != _savedName)
        {
            issued = (_lastRequest.Sql, parameters, _savedName, ExportTickets.Issue(User, _lastRequest.Sql, _lastRequest.Parameters, _savedName));
            _exportTicket = issued;
        }

        return $"/api/workbench/export?format={format}&ticket={issued.Ticket}";
    }

    private async Task<(string Sql, IReadOnlyDictionary<string, string> Parameters)> CurrentAsync()
    {
        var text = await JS.InvokeAsync<string>("revivalWorkbench.text", EditorId);
        return (text, CurrentParameters(text));
    }

    private async Task RerunAsync(RevivalAnalytics.AppStore.Queries.SqlHistoryEntry entry)
    {
        foreach (var (name, value) in QueryLibrary.ParametersOf(entry.Parameters))
        {
            _parameterValues[name] = value;
        }

        await JS.InvokeVoidAsync("revivalWorkbench.setText", EditorId, entry.Sql);
        await TextChanged(entry.Sql);
        await RunAsync("all");
    }

    private Task OnSavedAsync(string url)
    {
        Navigation.NavigateTo(url, new NavigationOptions { ReplaceHistoryEntry = true });
        return Task.CompletedTask;
    }

    private int _statementStart;
    private int _gridKey;

    private async Task LoadAsync(LoadDataArgs args)
    {
        // One statement at a time per page: a second run would share the page's state with the first.
        if (_lastRequest is null || Running)
        {
            return;
        }

        var request = _lastRequest with
        {
            Skip = args.Skip ?? 0,
            Take = args.Top ?? FirstPageSize,
            Sorts = args.Sorts?.Where(s => s.SortOrder is not null && ColumnOf(s.Property) is not null)
                .Select(s => new WorkbenchSort(ColumnOf(s.Property)!, s.SortOrder == SortOrder.Descending)).ToList() ?? [],
            Filters = args.Filters?.Where(f => ColumnOf(f.Property) is not null).SelectMany(Filters).ToList() ?? [],
        };
        if (Same(request, _lastRequest))
        {
            return;
        }

        await ExecuteAsync(request);
    }

    // Runs one page: the queue and the clock are shown while it waits and runs; the audit log records it either way.
    // Every way out ends in a final state (done, failed, cancelled; a time limit is a failure that says so), written
    // only after the clock has stopped: the clock's ticks reach the page through the dispatcher, and one that ran
    // after the final state (while the page awaited the browser moving the cursor to an error, an asynchronous audit
    // store, or the timer's disposal waiting for a tick in flight) put "running 2.8 s" back on the page for good, with
    // the clock gone (the benchmark's hang).
    private async Task<WorkbenchResult?> ExecuteAsync(WorkbenchRequest request)
    {
        var running = new CancellationTokenSource();
        var clock = new RunClock();
        _running = running;
        _queued = null;
        Error = null;
        State = "running";
        _runStarted = Environment.TickCount64;
        UpdateRunningStatus();
        var ticker = new Timer(_ => InvokeAsync(() =>
        {
            // On the dispatcher, like the final state: a tick queued before the clock stopped finds it stopped.
            if (!clock.Stopped)
            {
                UpdateRunningStatus();
                StateHasChanged();
            }
        }), null, 250, 250);
        StateHasChanged();
        WorkbenchResult? result = null;
        Exception? failure = null;
        try
        {
            result = await Workbench.RunAsync(request, User, status => Volatile.Write(ref _queued, status), running.Token);
        }
        catch (Exception e)
        {
            failure = e;
        }

        clock.Stopped = true;
        ticker.Dispose();
        try
        {
            ShowOutcome(request, result, failure);
            // Runs also start from the editor's keys (a JS call, not a UI event), which re-render nothing by themselves.
            StateHasChanged();
            await AfterRunAsync(request, result, failure);
        }
        finally
        {
            running.Dispose();
            if (ReferenceEquals(_running, running))
            {
                _running = null;
            }

            StateHasChanged();
        }

        return result;
    }

    // The final state, set synchronously on the dispatcher; an exception we did not foresee is a failure the analyst
    // sees (and the log keeps), never a page left "running".
    private void ShowOutcome(WorkbenchRequest request, WorkbenchResult? result, Exception? failure)
    {
        switch (failure)
        {
            case null:
                _lastRequest = request;
                LastResult = result;
                TotalRows = result!.TotalRows;
                Rows = result.Rows.Select(row => (IDictionary<string, object>)ToDictionary(result.Columns, row)).ToList();
                State = "done";
                StatusText = L($"{result.TotalRows.ToString("N0", s_chinese)} 行 · {result.Duration.TotalSeconds:0.00} 秒 · 数据版本 {result.DataVersion}",
                    $"{result.TotalRows.ToString("N0", s_chinese)} rows · {result.Duration.TotalSeconds:0.00} s · data version {result.DataVersion}");
                break;
            case WorkbenchQueryException e:
                Error = e.Error;
                State = "failed";
                StatusText = L("查询失败。", "The query failed.");
                break;
            case OperationCanceledException:
                State = "cancelled";
                StatusText = L("已取消：DuckDB 已中止该语句。", "Cancelled: DuckDB stopped the statement.");
                break;
            default:
                Logger.LogError(failure, "A workbench statement failed unexpectedly for {User}", _userName);
                Error = new WorkbenchError("查询无法执行", "the query failed", failure.Message, null);
                State = "failed";
                StatusText = L("查询失败。", "The query failed.");
                break;
        }
    }

    // The audit entry and the cursor at DuckDB's error position, after the state is on the page: a failure here (the
    // store busy, the browser gone) is logged and changes nothing the analyst sees.
    private async Task AfterRunAsync(WorkbenchRequest request, WorkbenchResult? result, Exception? failure)
    {
        try
        {
            await AuditAsync(request.Sql, result?.TotalRows, succeeded: failure is null);
            if (failure is WorkbenchQueryException { Error.Offset: { } offset })
            {
                await JS.InvokeVoidAsync("revivalWorkbench.focusAt", EditorId, _statementStart + offset);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Logger.LogError(e, "Recording a workbench statement for {User} failed", _userName);
        }
    }

    private void UpdateRunningStatus()
    {
        if (_running is null)
        {
            return;
        }

        var seconds = (Environment.TickCount64 - _runStarted) / 1000.0;
        var limit = Workbench.Sandbox.Limits.Timeout.TotalSeconds;
        var queued = Volatile.Read(ref _queued) is { Queued: true } status ? status.Message : default;
        StatusText = queued.Zh is not null
            ? L($"{queued.Zh}… {seconds:0.0} 秒", $"{char.ToUpperInvariant(queued.En[0])}{queued.En[1..]}… {seconds:0.0} s")
            : L($"运行中… {seconds:0.0} 秒（上限 {limit:0.#} 秒）", $"Running… {seconds:0.0} s (limit {limit:0.#} s)");
        State = queued.Zh is not null ? "queued" : "running";
    }

    private void Cancel() => _running?.Cancel();

    private WorkbenchResult? Statistics { get; set; }

    private string? ChartKind { get; set; }

    // A result with a county code column can be drawn on the county map.
    private SqlColumn? CountyColumn => Columns.FirstOrDefault(c => c.Name.Equals("county_code", StringComparison.OrdinalIgnoreCase));

    // Values are the measures: numeric columns that are not codes, ids or years; the first other column is the axis.
    private async Task ChartAsync(string kind)
    {
        var measures = Columns.Where(c => c.IsNumeric && !IsIdentifier(c.Name)).ToList();
        if (measures.Count == 0)
        {
            Error = new WorkbenchError("结果中没有可作图的数值列（编码、年份除外）", "the result has no numeric column to chart (codes and years aside)", null, null);
            return;
        }

        var axis = Columns.FirstOrDefault(c => !measures.Contains(c)) ?? Columns[0];
        static double? Number(object? value) => value is null or string ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);
        object spec = kind switch
        {
            "map" => new
            {
                kind,
                title = measures[0].Name,
                values = Rows.Where(r => r.TryGetValue(CountyColumn!.Name, out var code) && code is not null)
                    .GroupBy(r => Convert.ToString(r[CountyColumn!.Name], CultureInfo.InvariantCulture)!)
                    .ToDictionary(g => g.Key, g => Number(g.First()[measures[0].Name])),
            },
            "scatter" => new
            {
                kind,
                title = measures.Count > 1 ? $"{measures[1].Name} ~ {measures[0].Name}" : measures[0].Name,
                xName = measures.Count > 1 ? measures[0].Name : axis.Name,
                x = Rows.Select(r => measures.Count > 1 ? Number(r[measures[0].Name]) : (object?)r[axis.Name]).ToList(),
                series = new[] { new { name = (measures.Count > 1 ? measures[1] : measures[0]).Name, data = Rows.Select(r => Number(r[(measures.Count > 1 ? measures[1] : measures[0]).Name])).ToList() } },
            },
            _ => new
            {
                kind,
                title = string.Join(" · ", measures.Take(4).Select(m => m.Name)),
                xName = axis.Name,
                x = Rows.Select(r => r[axis.Name]).ToList(),
                series = measures.Take(4).Select(m => new { name = m.Name, data = Rows.Select(r => Number(r[m.Name])).ToList() }).ToArray(),
            },
        };
        ChartKind = kind;
        StateHasChanged();
        await JS.InvokeAsync<bool>("revivalWorkbench.chart", "workbench-chart", JsonSerializer.Serialize(spec));
    }

    // DuckDB's SUMMARIZE over the whole result of the last statement (not the grid's page), in the same queue.
    private async Task SummarizeAsync()
    {
        if (_lastRequest is null || Running)
        {
            return;
        }

        _running = new CancellationTokenSource();
        try
        {
            Statistics = await Workbench.SummarizeAsync(_lastRequest, User, _running.Token);
            await AuditAsync("SUMMARIZE " + _lastRequest.Sql, Statistics.Rows.Count, succeeded: true);
        }
        catch (WorkbenchQueryException e)
        {
            Error = e.Error;
            await AuditAsync("SUMMARIZE " + _lastRequest.Sql, null, succeeded: false);
        }
        catch (OperationCanceledException)
        {
            StatusText = L("已取消。", "Cancelled.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Logger.LogError(e, "Column statistics failed for {User}", _userName);
            Error = new WorkbenchError("列统计无法计算", "the column statistics failed", e.Message, null);
        }
        finally
        {
            _running.Dispose();
            _running = null;
        }
    }

    private async Task FormatAsync() => await JS.InvokeAsync<bool>("revivalWorkbench.format", EditorId);

    private async Task InsertAsync(string name) => await JS.InvokeVoidAsync("revivalWorkbench.insert", EditorId,
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? name : WorkbenchService.Quote(name));

    private async Task LoadExampleAsync(string sql)
    {
        await JS.InvokeVoidAsync("revivalWorkbench.setText", EditorId, sql);
        await TextChanged(sql);
    }

    private void SetParameter(string name, string? value) => _parameterValues[name] = value ?? string.Empty;

    private string ParameterValue(string name) => _parameterValues.GetValueOrDefault(name) ?? string.Empty;

    private Dictionary<string, string> CurrentParameters(string sql) =>
        SqlParameterNames.Find(sql).ToDictionary(n => n, n => _parameterValues.GetValueOrDefault(n) ?? string.Empty, StringComparer.Ordinal);

    private async Task AuditAsync(string sql, long? rows, bool succeeded)
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(new AuditEntry
        {
            Action = AuditActions.SqlQuery,
            Actor = _userName,
            Target = "/sql",
            Detail = sql,
            RowCount = rows,
            Succeeded = succeeded,
            Scope = _scope.ToString(),
        });
    }

    private IEnumerable<WorkbenchFilter> Filters(FilterDescriptor filter)
    {
        var column = ColumnOf(filter.Property)!;
        yield return new WorkbenchFilter(column, Operator(filter.FilterOperator), Convert.ToString(filter.FilterValue, CultureInfo.InvariantCulture));
        if (filter.SecondFilterValue is not null || filter.SecondFilterOperator is FilterOperator.IsNull or FilterOperator.IsNotNull)
        {
            yield return new WorkbenchFilter(column, Operator(filter.SecondFilterOperator), Convert.ToString(filter.SecondFilterValue, CultureInfo.InvariantCulture));
        }
    }

    private static WorkbenchFilterOperator Operator(FilterOperator op) => op switch
    {
        FilterOperator.Equals => WorkbenchFilterOperator.Equals,
        FilterOperator.NotEquals => WorkbenchFilterOperator.NotEquals,
        FilterOperator.LessThan => WorkbenchFilterOperator.LessThan,
        FilterOperator.LessThanOrEquals => WorkbenchFilterOperator.LessThanOrEquals,
        FilterOperator.GreaterThan => WorkbenchFilterOperator.GreaterThan,
        FilterOperator.GreaterThanOrEquals => WorkbenchFilterOperator.GreaterThanOrEquals,
        FilterOperator.StartsWith => WorkbenchFilterOperator.StartsWith,
        FilterOperator.IsNull or FilterOperator.IsEmpty => WorkbenchFilterOperator.IsNull,
        FilterOperator.IsNotNull or FilterOperator.IsNotEmpty => WorkbenchFilterOperator.IsNotNull,
        _ => WorkbenchFilterOperator.Contains,
    };

    // Radzen names a dynamic column by its property expression; the grid's sorts and filters come back under that name.
    private string? ColumnOf(string? property) =>
        Columns.FirstOrDefault(c => property == c.Name || property == PropertyAccess.GetDynamicPropertyExpression(c.Name, ClrType(c)))?.Name;

    private static bool Same(WorkbenchRequest a, WorkbenchRequest b) =>
        a.Sql == b.Sql && a.Skip == b.Skip && a.Take == b.Take && a.Sorts.SequenceEqual(b.Sorts) && a.Filters.SequenceEqual(b.Filters)
        && a.Parameters.Count == b.Parameters.Count && a.Parameters.All(p => b.Parameters.TryGetValue(p.Key, out var v) && v == p.Value);

    private static Dictionary<string, object> ToDictionary(IReadOnlyList<SqlColumn> columns, object?[] row)
    {
        var result = new Dictionary<string, object>(columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            result[columns[i].Name] = row[i]!;
        }

        return result;
    }

    private static Type ClrType(SqlColumn column) => column.IsNumeric ? typeof(double) : typeof(string);

    private static string FormatCell(IDictionary<string, object> row, SqlColumn column) =>
        !row.TryGetValue(column.Name, out var value) ? string.Empty
        : IsIdentifier(column.Name) && value is not null ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty
        : FormatValue(value);

    // Codes, ids and years are names, not quantities: 140105 and 2023, never 140,105.
    internal static bool IsIdentifier(string column) =>
        column.EndsWith("code", StringComparison.OrdinalIgnoreCase) || column.EndsWith("_id", StringComparison.OrdinalIgnoreCase)
        || column.Equals("id", StringComparison.OrdinalIgnoreCase) || column.EndsWith("year", StringComparison.OrdinalIgnoreCase);

    /// <summary>A cell as shown: numbers grouped the Chinese way (also in English: the digits are the same), NULL as NULL.</summary>
    internal static string FormatValue(object? value) => value switch
    {
        null => "NULL",
        sbyte or byte or short or ushort or int or uint or long or ulong => ((IFormattable)value).ToString("N0", s_chinese),
        decimal d => d.ToString("#,##0.################", s_chinese),
        double d => d.ToString("#,##0.######", s_chinese),
        float f => f.ToString("#,##0.######", s_chinese),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string FormatCount(long count) => count.ToString("N0", s_chinese);

    private string L(string zh, string en) => English ? en : zh;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _running?.Cancel();

        if (_editorCreated)
        {
            try
            {
                await JS.InvokeVoidAsync("revivalWorkbench.dispose", EditorId);
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone with the browser tab; so is the editor.
            }
        }

        _self?.Dispose();
    }

    internal sealed record TakenText(string Text, int Start);

    // Whether a run's clock has stopped; read and written on the dispatcher only.
    private sealed class RunClock
    {
        public bool Stopped { get; set; }
    }
}
