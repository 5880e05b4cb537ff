using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.WebUtilities;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Components.Shared;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Dashboard.Localization;
using RevivalAnalytics.Queries;

namespace RevivalAnalytics.Dashboard.Components.Pages.Sql;

/// <summary>Ad-hoc SQL over the data (<c>/sql?q=SELECT…&amp;page=2</c>), run in the read-only sandbox without personal
/// data, in the workspace of the user's scope (which holds that scope's rows only); every statement is audited with its
/// text and row count; a refused or failed query is explained on the page (status 200), a bad parameter is a 400.</summary>
public sealed partial class SqlPage
{
    [Inject]
    private SqlQueryService Sql { get; set; } = default!;

    [Inject]
    private DashboardAudit Audit { get; set; } = default!;

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    /// <summary>The query.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? Query { get; set; }

    /// <summary>Page from 1.</summary>
    [SupplyParameterFromQuery(Name = "page")]
    public string? PageNumber { get; set; }

    /// <summary>Rows per page.</summary>
    [SupplyParameterFromQuery(Name = "pageSize")]
    public string? PageSize { get; set; }

    private ParameterProblem? Problem { get; set; }

    private SqlRequest? Request { get; set; }

    private SqlQueryException? Error { get; set; }

    private SqlResultPage? Result { get; set; }

    private IReadOnlyList<SqlTable> Tables { get; set; } = [];

    /// <summary>Examples an analyst starts from: each link fills the form through the URL.</summary>
    private static readonly (LocalizedText Title, string Sql)[] s_examples =
    [
        (new("最近一年各类县的监测户数", "Monitored households per county class, last year"),
            """
            SELECT c.county_class, count(*) AS monitored_households, round(sum(h.sample_weight)) AS weighted_households
            FROM household_years y
            JOIN households h USING (household_id)
            JOIN counties c ON c.county_code = h.county_code
            WHERE y.year = (SELECT max(year) FROM household_years) AND y.monitoring_status = 1
            GROUP BY c.county_class
            ORDER BY c.county_class
            """),
        (new("一个县的农村居民收入趋势（阳曲县）", "A county's rural income trend (阳曲县)"),
            """
            SELECT year, rural_income_per_capita, poverty_alleviated_income_per_capita
            FROM county_indicators
            WHERE county_code = 140122
            ORDER BY year
            """),
        (new("每年低于监测线的农户", "Households below the monitoring line each year"),
            """
            SELECT l.year, count(*) FILTER (WHERE y.per_capita_net_income < l.monitoring_line) AS below_line, count(*) AS households
            FROM household_years y
            JOIN monitoring_lines l ON l.year = y.year
            GROUP BY l.year
            ORDER BY l.year
            """),
    ];

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        var scope = HttpContext!.User.Scope();
        Request = SqlRequest.Parse(Query, PageNumber, PageSize, out var problem);
        Tables = Sql.Tables(scope);
        if (Request is null)
        {
            Problem = problem;
            PageStatus.Set(HttpContext, problem!.Status);
            return;
        }

        if (Request.IsEmpty)
        {
            return;
        }

        // Every statement is recorded with its row count, so a result page is never served from the output cache.
        if (HttpContext?.Features.Get<IOutputCacheFeature>() is { } cache)
        {
            cache.Context.AllowCacheStorage = false;
        }

        try
        {
            Result = Sql.Run(Request.Query, Request.Page, Request.PageSize, scope);
            await Audit.RecordAsync(AuditActions.SqlQuery, "/sql", Request.Query, Result.Rows.Count);
        }
        catch (SqlQueryException e)
        {
            await Audit.RecordAsync(AuditActions.SqlQuery, "/sql", Request.Query, succeeded: false);
            Error = e;
        }
    }

    private string QueryText => Request?.Query ?? Query ?? string.Empty;

    private long FirstRow => ((long)Result!.Page - 1) * Result.PageSize + 1;

    private string PageUrl(int page) => PageState.Url(
        "/sql",
        ("q", Request!.Query),
        ("page", page == 1 ? null : page.ToString(CultureInfo.InvariantCulture)),
        ("pageSize", Request.PageSize == SqlQueryService.DefaultPageSize ? null : Request.PageSize.ToString(CultureInfo.InvariantCulture)));

    private static string ExampleUrl(string sql) => PageState.Url("/sql", ("q", sql));

    private string CsvUrl => QueryHelpers.AddQueryString("/api/sql.csv", "q", Request!.Query);

    private string Limits => KpiFormat.Label(
        $"只读；每条查询最长 {Seconds} 秒、内存上限 {Sql.Limits.MemoryLimit}；每页 {SqlQueryService.DefaultPageSize} 行；CSV 最多 {SqlQueryService.CsvRowCap:N0} 行；查询文本最多 {SqlQueryService.MaxQueryLength:N0} 个字符。农户表不含户主姓名、身份证号和电话（个人信息）。没有 ORDER BY 时行的顺序不固定，分页请加 ORDER BY。",
        $"Read-only; each query may run {Seconds} s and use {Sql.Limits.MemoryLimit} of memory; {SqlQueryService.DefaultPageSize} rows per page; CSV up to {SqlQueryService.CsvRowCap:N0} rows; query text up to {SqlQueryService.MaxQueryLength:N0} characters. The households table has no head name, ID number or phone (personal data). Without ORDER BY the row order is not fixed: add one to page through a result.");

    private string Seconds => Sql.Limits.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string? Cell(object? value) => SqlQueryService.Text(value);
}
