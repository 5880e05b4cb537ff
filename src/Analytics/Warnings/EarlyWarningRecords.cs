using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Warnings;

/// <summary>What an early-warning list shows: period, place, flag, sort and page.</summary>
public sealed record WarningQuery
{
    /// <summary><c>YYYY</c> (a month's year is used); null for the latest year.</summary>
    public string? Period { get; init; }

    /// <summary>Only this county.</summary>
    public int? County { get; init; }

    /// <summary>Only this prefecture.</summary>
    public int? Prefecture { get; init; }

    /// <summary>Households only: <c>below_line</c>, <c>sharp_drop</c>, <c>guarantee_gap</c>; null for any.</summary>
    public string? Flag { get; init; }

    /// <summary>A column from the list's whitelist (<see cref="EarlyWarningService.HouseholdSortColumns"/>,
    /// <see cref="EarlyWarningService.CountySortColumns"/>); null for the list's default.</summary>
    public string? Sort { get; init; }

    /// <summary>Sort descending; null for the list's default direction (counties: descending severity; households:
    /// ascending income).</summary>
    public bool? Descending { get; init; }

    /// <summary>Page number from 1.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Rows per page, 1–1000.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>The caller's data scope: only its counties' rows are listed, and a county or prefecture outside it is
    /// refused (<see cref="OutOfScopeException"/>); null for the province.</summary>
    public DataScope? Scope { get; init; }
}

/// <summary>One page of a list.</summary>
/// <typeparam name="T">Row type.</typeparam>
/// <param name="Rows">The rows of the page.</param>
/// <param name="Total">Rows in the whole list.</param>
/// <param name="Page">Page number from 1.</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="Sort">The sort column applied.</param>
/// <param name="Descending">Whether descending.</param>
public sealed record WarningPage<T>(IReadOnlyList<T> Rows, long Total, int Page, int PageSize, string Sort, bool Descending);

/// <summary>A household crossing a threshold. Personal data are masked (张*, 140121********1234); no phone.</summary>
/// <param name="HouseholdId">户编号.</param>
/// <param name="CountyCode">County code.</param>
/// <param name="CountyName">County name.</param>
/// <param name="HeadNameMasked">Head of household, masked.</param>
/// <param name="HeadIdNumberMasked">ID number, masked.</param>
/// <param name="HouseholdSize">Members.</param>
/// <param name="Income">Per-capita net income this year.</param>
/// <param name="PreviousIncome">Last year's, if any.</param>
/// <param name="IncomeChangePercent">Change on last year, %.</param>
/// <param name="MonitoringLine">The year's monitoring line (null before 2020).</param>
/// <param name="MonitoringStatus">0 not monitored, 1 monitored, 2 risk eliminated.</param>
/// <param name="MonitoredCategory">Category if ever identified.</param>
/// <param name="PrimaryRiskCause">Main risk cause, if any.</param>
/// <param name="BelowLine">Income below the monitoring line.</param>
/// <param name="SharpDrop">Income below 60% of last year's.</param>
/// <param name="GuaranteeGap">A 两不愁三保障 or drinking-water guarantee not met (unrectified).</param>
public sealed record HouseholdWarning(
    long HouseholdId, int CountyCode, string CountyName, string HeadNameMasked, string HeadIdNumberMasked, int HouseholdSize,
    double Income, double? PreviousIncome, double? IncomeChangePercent, double? MonitoringLine, int MonitoringStatus,
    int? MonitoredCategory, int? PrimaryRiskCause, bool BelowLine, bool SharpDrop, bool GuaranteeGap)
{
    /// <summary>The risk model's calibrated probability of returning to poverty in the next 12 months; null when no
    /// risk model is loaded or the household is not scored. Filled by the caller from <see cref="ModelService"/>.</summary>
    public double? RiskProbability { get; init; }

    /// <summary>Up to three factors raising the household's risk most; null like <see cref="RiskProbability"/>.</summary>
    public IReadOnlyList<RiskFactor>? RiskFactors { get; init; }
}

/// <summary>A county with at least one KPI off target (not green against its class thresholds).</summary>
/// <param name="CountyCode">Code.</param>
/// <param name="CountyName">Name.</param>
/// <param name="PrefectureCode">Prefecture.</param>
/// <param name="CountyClass">Class.</param>
/// <param name="BelowLineShare">Households below the line, %.</param>
/// <param name="SharpDropShare">Households with a sharp income drop, %.</param>
/// <param name="ReturnToPovertyRate">Red-line rate, %.</param>
/// <param name="ProblemRectificationRate">Problems rectified ÷ found, %.</param>
/// <param name="GuaranteeRectificationRate">Guarantee and water problems rectified ÷ found, %.</param>
/// <param name="UnrectifiedProblems">Problems found − rectified.</param>
/// <param name="UnrectifiedGuaranteeProblems">Guarantee and water problems found − rectified.</param>
/// <param name="Flags">KPIs off target.</param>
/// <param name="Severity">Worst status among them.</param>
public sealed record CountyWarning(
    int CountyCode, string CountyName, int PrefectureCode, int CountyClass, double? BelowLineShare, double? SharpDropShare,
    double? ReturnToPovertyRate, double? ProblemRectificationRate, double? GuaranteeRectificationRate,
    double? UnrectifiedProblems, double? UnrectifiedGuaranteeProblems, int Flags, KpiStatus Severity)
{
    /// <summary>The risk model's expected households returning to poverty next year, with its 90% range; null when no
    /// risk model is loaded. Filled by the caller from <see cref="ModelService.CountyRisk"/>.</summary>
    public ExpectedReturns? ExpectedReturns { get; init; }
}
