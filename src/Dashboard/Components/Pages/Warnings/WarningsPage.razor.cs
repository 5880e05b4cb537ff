using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.OutputCaching;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Apis;
using RevivalAnalytics.Dashboard.Components.Shared;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics.Dashboard.Components.Pages.Warnings;

/// <summary>The early-warning lists (counties, households), sorted and paged in SQL; every state is in the URL
/// (<c>?level=household&amp;year=2024&amp;flag=below_line&amp;sort=income&amp;desc=false&amp;page=2</c>). Only the rows of the
/// user's scope are listed; every household page is audited; <c>personal=1</c> unmasks the page's personal data for a user
/// with that permission (audited, never cached).</summary>
public sealed partial class WarningsPage
{
    [Inject]
    private KpiService Kpis { get; set; } = default!;

    [Inject]
    private EarlyWarningService Warnings { get; set; } = default!;

    [Inject]
    private WarningRisk Risk { get; set; } = default!;

    [Inject]
    private DashboardAudit Audit { get; set; } = default!;

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    /// <summary><c>county</c> (default) or <c>household</c>.</summary>
    [SupplyParameterFromQuery(Name = "level")]
    public string? Level { get; set; }

    /// <summary>The year.</summary>
    [SupplyParameterFromQuery(Name = "year")]
    public string? Year { get; set; }

    /// <summary>Only this prefecture.</summary>
    [SupplyParameterFromQuery(Name = "prefecture")]
    public string? Prefecture { get; set; }

    /// <summary>Only this county (households).</summary>
    [SupplyParameterFromQuery(Name = "county")]
    public string? County { get; set; }

    /// <summary>Household flag.</summary>
    [SupplyParameterFromQuery(Name = "flag")]
    public string? Flag { get; set; }

    /// <summary>Sort column.</summary>
    [SupplyParameterFromQuery(Name = "sort")]
    public string? Sort { get; set; }

    /// <summary><c>true</c> for descending.</summary>
    [SupplyParameterFromQuery(Name = "desc")]
    public string? Desc { get; set; }

    /// <summary>Page from 1.</summary>
    [SupplyParameterFromQuery(Name = "page")]
    public string? PageNumber { get; set; }

    /// <summary>Rows per page.</summary>
    [SupplyParameterFromQuery(Name = "pageSize")]
    public string? PageSize { get; set; }

    /// <summary><c>1</c> to show the page's personal data unmasked (needs the permission; audited).</summary>
    [SupplyParameterFromQuery(Name = "personal")]
    public string? Personal { get; set; }

    private ParameterProblem? Problem { get; set; }

    private WarningRequest? Request { get; set; }

    private string? Period { get; set; }

    private WarningPage<CountyWarning>? CountyList { get; set; }

    private WarningPage<HouseholdWarning>? HouseholdList { get; set; }

    private bool IsHousehold => Request?.Level == WarningRequest.HouseholdLevel;

    private UserAccess Access => HttpContext!.User.Access();

    /// <summary>Raw personal data of the shown rows, when the user asked and may (<c>personal=1</c>).</summary>
    private IReadOnlyDictionary<long, HouseholdPersonalData>? Unmasked { get; set; }

    private bool MayUnmask => Access.Has(Capability.UnmaskPersonalData);

    private bool MayExport => Access.Has(Capability.Export);

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        var parsed = WarningRequest.Parse(Level, Year, County, Prefecture, Flag, Sort, Desc, PageNumber, PageSize, out var problem);
        if (parsed is null)
        {
            Fail(problem!);
            return;
        }

        Request = parsed with { Query = parsed.Query with { Scope = Access.Scope } };
        var unmask = Personal == "1";
        if (unmask && (!IsHousehold || !MayUnmask))
        {
            Fail(new ParameterProblem(
                "personal",
                "您没有查看个人信息的权限（或不是农户名单）",
                "you may not see personal data (or this is not the household list)",
                StatusCodes.Status403Forbidden));
            return;
        }

        try
        {
            Period = Kpis.ResolvePeriod(Request.Query.Period).Year.ToString(CultureInfo.InvariantCulture);
            if (IsHousehold)
            {
                HouseholdList = Risk.Annotate(Warnings.GetHouseholdWarnings(Request.Query));
                // Every look at household rows is recorded, so the page is never served from the output cache.
                DoNotCache();
                await Audit.RecordAsync(AuditActions.HouseholdAccess, "/warnings", WarningsApi.Describe(Request.Query), HouseholdList.Rows.Count);
                if (unmask)
                {
                    var ids = HouseholdList.Rows.Select(r => r.HouseholdId).ToList();
                    // Recorded before the values are read: no unmasked value leaves without its audit entry.
                    await Audit.RecordAsync(AuditActions.Unmask, "/warnings", "households=" + string.Join(',', ids), ids.Count);
                    Unmasked = Warnings.PersonalData(ids);
                }
            }
            else
            {
                CountyList = Risk.Annotate(Warnings.GetCountyWarnings(Request.Query));
            }
        }
        catch (MetricArgumentException e)
        {
            Fail(ParameterProblem.From(e, ParameterProblem.PeriodIsYear));
        }
        catch (OutOfScopeException e)
        {
            Fail(ParameterProblem.From(e));
        }
    }

    private void DoNotCache()
    {
        if (HttpContext?.Features.Get<IOutputCacheFeature>() is { } cache)
        {
            cache.Context.AllowCacheStorage = false;
        }
    }

    private void Fail(ParameterProblem problem)
    {
        Problem = problem;
        PageStatus.Set(HttpContext, problem.Status);
    }

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>This page's URL with some state changed; a new sort or filter goes back to page 1.</summary>
    private string Url(string? level = null, string? sort = null, bool? desc = null, int? page = null, bool keepSort = true, bool keepCounty = true, bool personal = false)
    {
        var q = Request!.Query;
        return PageState.Url(
            "/warnings",
            ("level", level ?? Request.Level),
            ("year", q.Period),
            ("prefecture", Text(q.Prefecture)),
            ("county", keepCounty ? Text(q.County) : null),
            ("flag", q.Flag),
            ("sort", sort ?? (keepSort ? q.Sort : null)),
            ("desc", (desc ?? (keepSort ? q.Descending : null))?.ToString().ToLowerInvariant()),
            ("page", page is null or 1 ? null : Text(page)),
            ("pageSize", q.PageSize == WarningRequest.DefaultPageSize ? null : Text(q.PageSize)),
            ("personal", personal ? "1" : null));
    }

    private string SortUrl(string column, string currentSort, bool currentDescending) =>
        Url(sort: column, desc: column == currentSort ? !currentDescending : column is "severity" or "flags" or "unrectified_problems" or "unrectified_guarantee_problems" or "risk", page: 1);

    private static string SortMark(string column, string currentSort, bool descending) =>
        column != currentSort ? string.Empty : descending ? " ▼" : " ▲";

    private static string? AriaSort(string column, string currentSort, bool descending) =>
        column != currentSort ? null : descending ? "descending" : "ascending";

    private string CsvUrl
    {
        get
        {
            var q = Request!.Query;
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/warnings.csv", new[]
            {
                KeyValuePair.Create("year", q.Period),
                KeyValuePair.Create("prefecture", Text(q.Prefecture)),
                KeyValuePair.Create("county", Text(q.County)),
                KeyValuePair.Create("flag", q.Flag),
                KeyValuePair.Create("sort", q.Sort),
                KeyValuePair.Create("desc", q.Descending?.ToString().ToLowerInvariant()),
            }.Where(p => !string.IsNullOrEmpty(p.Value)));
        }
    }

    private string? FilteredCountyName =>
        Request?.Query.County is { } code && Kpis.Counties.TryGetValue(code, out var county) ? county.Name : null;

    private static int PageCount(long total, int pageSize) => (int)Math.Max(1, (total + pageSize - 1) / pageSize);

    private string CountyHref(int code) => PageState.Url($"/county/{code}", ("year", Period));

    private KpiDefinition Kpi(string id) => Kpis.Catalog.Get(id);

    private static string Percent(double? value) =>
        value is null ? "—" : value.Value.ToString("N1", CultureInfo.InvariantCulture) + "%";

    private static string Probability(double? value) =>
        value is null ? "—" : (value.Value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string? RiskValue(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static string Factors(IReadOnlyList<RevivalAnalytics.Models.RiskFactor>? factors) =>
        factors is null ? "—" : factors.Count == 0 ? KpiFormat.Label("无明显因素", "none stands out")
            : string.Join(KpiFormat.Label("、", ", "), factors.Select(f => KpiFormat.Label(f.Chinese, f.English)));

    private static string Returns(RevivalAnalytics.Models.ExpectedReturns? expected) =>
        expected is null
            ? "—"
            : string.Create(CultureInfo.InvariantCulture, $"{expected.ExpectedCount:0.0} ({expected.Lower:0}–{expected.Upper:0})");

    /// <summary>The risk model is missing (never trained), as opposed to present but unusable.</summary>
    private bool RiskNeverTrained => Risk.Status.ErrorKind == RevivalAnalytics.Models.ModelErrorKind.ModelMissing;

    private static string Money(double? value) =>
        value is null ? "—" : value.Value.ToString("N0", CultureInfo.InvariantCulture);

    private string PrefectureName(int code) =>
        Kpis.Counties.Values.FirstOrDefault(c => c.PrefectureCode == code)?.PrefectureName ?? code.ToString(CultureInfo.InvariantCulture);

    private IEnumerable<(int Code, string Name)> PrefectureOptions =>
        Kpis.Counties.Values.Where(c => Access.Scope.Covers(c.Code, c.PrefectureCode))
            .Select(c => (c.PrefectureCode, c.PrefectureName)).Distinct().OrderBy(p => p.PrefectureCode);
}
