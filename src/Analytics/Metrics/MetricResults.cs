namespace RevivalAnalytics.Metrics;

/// <summary>A KPI's value in one place and period, with its status.</summary>
/// <param name="KpiId">The KPI.</param>
/// <param name="Value">The value in the KPI's unit; null when the data do not define it (e.g. rates before 2021).</param>
/// <param name="Status">Traffic light against <paramref name="Thresholds"/>.</param>
/// <param name="Thresholds">The thresholds that applied, or null.</param>
public sealed record KpiValue(string KpiId, double? Value, KpiStatus Status, KpiThresholds? Thresholds);

/// <summary>A KPI card of the province overview.</summary>
/// <param name="Kpi">The definition (names, unit, direction, decimals).</param>
/// <param name="Period">The period of <paramref name="Value"/> (a year, or a month for monthly KPIs).</param>
/// <param name="Value">The province value.</param>
/// <param name="PreviousPeriod">The previous period (last year for yearly KPIs, last month for monthly ones).</param>
/// <param name="PreviousPeriodValue">The value then.</param>
/// <param name="PreviousYearValue">The value in the same period a year earlier.</param>
/// <param name="ChangeFromPreviousPeriod">Value − previous period (percentage points for % KPIs).</param>
/// <param name="ChangeFromPreviousYear">Value − same period last year.</param>
/// <param name="Thresholds">Province thresholds, or null.</param>
/// <param name="Status">Traffic light.</param>
public sealed record KpiCard(
    KpiDefinition Kpi,
    string Period,
    double? Value,
    string PreviousPeriod,
    double? PreviousPeriodValue,
    double? PreviousYearValue,
    double? ChangeFromPreviousPeriod,
    double? ChangeFromPreviousYear,
    KpiThresholds? Thresholds,
    KpiStatus Status);

/// <summary>A county's value of one KPI.</summary>
/// <param name="CountyCode">GB/T 2260 code (the choropleth's key).</param>
/// <param name="CountyName">Name.</param>
/// <param name="PrefectureCode">Prefecture.</param>
/// <param name="CountyClass">Class code.</param>
/// <param name="Value">The value.</param>
/// <param name="Status">Traffic light against the class thresholds.</param>
public sealed record CountyKpiValue(int CountyCode, string CountyName, int PrefectureCode, int CountyClass, double? Value, KpiStatus Status);

/// <summary>The red line: no large-scale return to poverty (规模性返贫).</summary>
/// <param name="ProvinceRate">Province return-to-poverty rate (%).</param>
/// <param name="ProvinceStatus">Its status; red means the province crossed the line.</param>
/// <param name="Held">Whether the line holds: the province is not red and no county is red.</param>
/// <param name="CountiesAtRisk">Counties amber or red, worst first.</param>
public sealed record RedLineSummary(double? ProvinceRate, KpiStatus ProvinceStatus, bool Held, IReadOnlyList<CountyKpiValue> CountiesAtRisk);

/// <summary>The province overview for one period.</summary>
/// <param name="Period">The requested period.</param>
/// <param name="DataVersion">The data version the figures come from.</param>
/// <param name="Cards">One card per overview KPI, in <see cref="KpiCatalog.OverviewIds"/> order.</param>
/// <param name="RedLine">The red line.</param>
public sealed record ProvinceOverview(string Period, string DataVersion, IReadOnlyList<KpiCard> Cards, RedLineSummary RedLine);

/// <summary>One point of a trend.</summary>
/// <param name="Period">Year or year-month.</param>
/// <param name="Value">The value.</param>
/// <param name="Status">Traffic light.</param>
public sealed record KpiPoint(string Period, double? Value, KpiStatus Status);

/// <summary>A KPI over time for one place.</summary>
/// <param name="KpiId">The KPI.</param>
/// <param name="Level">Province, class, prefecture or county.</param>
/// <param name="Code">Class, prefecture or county code; null for the province.</param>
/// <param name="Points">Oldest first.</param>
public sealed record KpiSeries(string KpiId, KpiLevel Level, int? Code, IReadOnlyList<KpiPoint> Points);

/// <summary>How county values spread within a group: quartiles by linear interpolation (DuckDB's quantile_cont)
/// and outliers beyond 1.5 × IQR from the quartiles.</summary>
/// <param name="Counties">Counties with a value.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Q1">First quartile.</param>
/// <param name="Median">Median.</param>
/// <param name="Q3">Third quartile.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Outliers">Counties outside [Q1 − 1.5 IQR, Q3 + 1.5 IQR], by distance, named.</param>
public sealed record SpreadSummary(int Counties, double? Min, double? Q1, double? Median, double? Q3, double? Max, IReadOnlyList<CountyKpiValue> Outliers);

/// <summary>One class of a class comparison.</summary>
/// <param name="CountyClass">1 先行示范, 2 整体推进, 3 重点帮扶.</param>
/// <param name="NameZh">Class name in Chinese.</param>
/// <param name="NameEn">Class name in English.</param>
/// <param name="Value">The class aggregate (ratio of sums over its counties).</param>
/// <param name="Status">Against the class thresholds.</param>
/// <param name="Thresholds">The class thresholds, or null.</param>
/// <param name="Spread">Spread of the class's county values.</param>
public sealed record ClassKpiValue(int CountyClass, string NameZh, string NameEn, double? Value, KpiStatus Status, KpiThresholds? Thresholds, SpreadSummary Spread);

/// <summary>The three classes compared on one KPI.</summary>
/// <param name="KpiId">The KPI.</param>
/// <param name="Period">The period.</param>
/// <param name="Classes">Classes 1, 2, 3.</param>
public sealed record ClassComparison(string KpiId, string Period, IReadOnlyList<ClassKpiValue> Classes);

/// <summary>A row of the prefecture table.</summary>
/// <param name="PrefectureCode">Code.</param>
/// <param name="PrefectureName">Name.</param>
/// <param name="Counties">County-level units in it.</param>
/// <param name="Values">One value per requested KPI, in order.</param>
public sealed record PrefectureRow(int PrefectureCode, string PrefectureName, int Counties, IReadOnlyList<KpiValue> Values);

/// <summary>Monitored households in one category, cause or assistance measure.</summary>
/// <param name="Code">The code of the contract's code list.</param>
/// <param name="LabelZh">Label in Chinese.</param>
/// <param name="LabelEn">Label in English.</param>
/// <param name="SampleHouseholds">Sample households.</param>
/// <param name="WeightedHouseholds">Weighted (province-scale estimate).</param>
public sealed record BreakdownItem(int Code, string LabelZh, string LabelEn, long SampleHouseholds, double WeightedHouseholds);

/// <summary>Found vs rectified for one kind of problem.</summary>
/// <param name="ItemZh">The kind, in Chinese.</param>
/// <param name="ItemEn">The kind, in English.</param>
/// <param name="Found">Found.</param>
/// <param name="Rectified">Rectified.</param>
/// <param name="RatePercent">Rectified ÷ found, %.</param>
public sealed record ProblemLine(string ItemZh, string ItemEn, double? Found, double? Rectified, double? RatePercent);

/// <summary>A county's latest monthly monitoring snapshot (weighted households).</summary>
/// <param name="Period">Year-month.</param>
/// <param name="MonitoredSample">Sample households in monitoring at month end.</param>
/// <param name="Monitored">Weighted households in monitoring.</param>
/// <param name="NewlyIdentified">Weighted households identified this month.</param>
/// <param name="Eliminated">Weighted households cleared of risk this month.</param>
/// <param name="BelowLine">Weighted monitored households whose 12-month income is below the line.</param>
/// <param name="GuaranteeGaps">Weighted monitored households with a 两不愁三保障 or water gap.</param>
public sealed record MonthlySnapshotSummary(string Period, long MonitoredSample, double Monitored, double NewlyIdentified, double Eliminated, double BelowLine, double GuaranteeGaps);

/// <summary>Everything the county page shows.</summary>
/// <param name="County">The county.</param>
/// <param name="Period">The period.</param>
/// <param name="Values">Every yearly KPI's value in the period's year, with class-threshold status.</param>
/// <param name="Trends">Every yearly KPI over all years.</param>
/// <param name="Categories">Monitored households (risk not eliminated, year end) by category.</param>
/// <param name="Causes">By primary risk cause.</param>
/// <param name="Assistance">By assistance measure (a household may have several).</param>
/// <param name="Problems">Problems and rectification.</param>
/// <param name="LatestSnapshot">The latest monthly snapshot up to the period, or null before monitoring began.</param>
public sealed record CountyDetail(
    CountyInfo County,
    string Period,
    IReadOnlyList<KpiValue> Values,
    IReadOnlyList<KpiSeries> Trends,
    IReadOnlyList<BreakdownItem> Categories,
    IReadOnlyList<BreakdownItem> Causes,
    IReadOnlyList<BreakdownItem> Assistance,
    IReadOnlyList<ProblemLine> Problems,
    MonthlySnapshotSummary? LatestSnapshot);
