namespace RevivalAnalytics.Metrics;

/// <summary>Whether a larger value of a KPI is good news or bad news.</summary>
public enum KpiDirection
{
    /// <summary>Larger is better (income, rectification rate).</summary>
    HigherIsBetter,

    /// <summary>Smaller is better (return-to-poverty rate, share below the line).</summary>
    LowerIsBetter,
}

/// <summary>The time grain a KPI is measured at.</summary>
public enum KpiGrain
{
    /// <summary>One value per county and year (county indicators, household years).</summary>
    Year,

    /// <summary>One value per county and month (monthly monitoring snapshots).</summary>
    Month,
}

/// <summary>The traffic-light status of a value against its thresholds.</summary>
public enum KpiStatus
{
    /// <summary>No threshold applies (a count, or no value).</summary>
    None,

    /// <summary>Target met.</summary>
    Green,

    /// <summary>Target missed, still within the warning band.</summary>
    Amber,

    /// <summary>Beyond the warning threshold.</summary>
    Red,
}

/// <summary>The level at which values are aggregated.</summary>
public enum KpiLevel
{
    /// <summary>The whole province.</summary>
    Province,

    /// <summary>One of the three county classes (三类县).</summary>
    CountyClass,

    /// <summary>A prefecture (设区市).</summary>
    Prefecture,

    /// <summary>A county-level unit.</summary>
    County,
}

/// <summary>
/// Target and warning threshold of a KPI. For a higher-is-better KPI a value ≥ <see cref="Target"/> is green,
/// ≥ <see cref="Warning"/> amber, below it red; for a lower-is-better KPI the comparisons are mirrored
/// (≤ target green, ≤ warning amber, above red).
/// </summary>
/// <param name="Target">The value to reach (green bound).</param>
/// <param name="Warning">The red bound.</param>
public sealed record KpiThresholds(double Target, double Warning)
{
    /// <summary>The status of <paramref name="value"/>.</summary>
    /// <param name="value">The value; null gives <see cref="KpiStatus.None"/>.</param>
    /// <param name="direction">The KPI's direction.</param>
    public KpiStatus Classify(double? value, KpiDirection direction)
    {
        if (value is not { } v || double.IsNaN(v))
        {
            return KpiStatus.None;
        }

        return direction == KpiDirection.HigherIsBetter
            ? v >= Target ? KpiStatus.Green : v >= Warning ? KpiStatus.Amber : KpiStatus.Red
            : v <= Target ? KpiStatus.Green : v <= Warning ? KpiStatus.Amber : KpiStatus.Red;
    }
}

/// <summary>
/// One KPI, defined once. Its value over any set of county rows of the fact table (<see cref="Grain"/> year:
/// <c>metric_county_year</c>, month: <c>metric_county_month</c>, both built from the contract views, see docs/metrics.md) is
/// <c>Scale × (Numerator ÷ Denominator) + Offset</c>, or <c>Scale × Numerator + Offset</c> when there is no denominator.
/// Numerator and denominator are SQL aggregate expressions, so the same definition yields county, prefecture, class
/// and province values (ratios of sums, never means of ratios).
/// </summary>
public sealed record KpiDefinition
{
    /// <summary>Stable identifier used in URLs and the API (snake_case).</summary>
    public required string Id { get; init; }

    /// <summary>Chinese name.</summary>
    public required string NameZh { get; init; }

    /// <summary>English name.</summary>
    public required string NameEn { get; init; }

    /// <summary>Unit in English (yuan/person, %, people, households, problems).</summary>
    public required string Unit { get; init; }

    /// <summary>Unit in Chinese.</summary>
    public required string UnitZh { get; init; }

    /// <summary>Whether larger values are better.</summary>
    public required KpiDirection Direction { get; init; }

    /// <summary>Year or month.</summary>
    public KpiGrain Grain { get; init; } = KpiGrain.Year;

    /// <summary>SQL aggregate expression over the fact table's columns (e.g. <c>sum(problems_rectified)</c>).</summary>
    public required string Numerator { get; init; }

    /// <summary>SQL aggregate expression of the denominator; null for a plain total.</summary>
    public string? Denominator { get; init; }

    /// <summary>Multiplier of the ratio (100 for percentages).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Added after scaling (−100 turns a ratio of this year to last year into a growth rate in %).</summary>
    public double Offset { get; init; }

    /// <summary>Decimals worth showing.</summary>
    public int Decimals { get; init; }

    /// <summary>Thresholds for the province and for prefectures; null when the KPI has no province target.</summary>
    public KpiThresholds? ProvinceThresholds { get; init; }

    /// <summary>Thresholds for counties and class aggregates, by county class code (1 先行示范, 2 整体推进, 3 重点帮扶);
    /// empty for totals, which have no meaning as a county target.</summary>
    public IReadOnlyDictionary<int, KpiThresholds> ClassThresholds { get; init; } = new Dictionary<int, KpiThresholds>();

    /// <summary>What the value means, in Chinese, for tooltips and docs.</summary>
    public required string DescriptionZh { get; init; }

    /// <summary>What the value means, in English.</summary>
    public required string DescriptionEn { get; init; }

    /// <summary>The fact table the expressions read.</summary>
    public string FactTable => Grain == KpiGrain.Year ? MetricStore.CountyYearTable : MetricStore.CountyMonthTable;

    /// <summary>The canonical query for the KPI's value per county in one period, with parameters <c>$year</c>
    /// (and <c>$month</c> for monthly KPIs), as documented in docs/metrics.md.</summary>
    public string Sql =>
        $"SELECT county_code, {ValueExpression} AS value FROM {FactTable} WHERE year = $year"
        + (Grain == KpiGrain.Month ? " AND month = $month" : string.Empty)
        + " GROUP BY county_code";

    /// <summary>The value as one SQL expression (aggregates inside).</summary>
    internal string ValueExpression
    {
        get
        {
            var ratio = Denominator is null ? $"({Numerator})" : $"(({Numerator}) / NULLIF({Denominator}, 0))";
            var scaled = Scale == 1 ? ratio : $"{Scale.ToString(System.Globalization.CultureInfo.InvariantCulture)} * {ratio}";
            return Offset == 0 ? scaled : $"({scaled} + ({Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)}))";
        }
    }

    /// <summary>The thresholds that apply at <paramref name="level"/> (for a class or county, its class).</summary>
    /// <param name="level">Province, class, prefecture or county.</param>
    /// <param name="countyClass">The class code for class and county levels.</param>
    public KpiThresholds? ThresholdsFor(KpiLevel level, int? countyClass = null) => level switch
    {
        KpiLevel.Province or KpiLevel.Prefecture => ProvinceThresholds,
        _ => countyClass is { } c && ClassThresholds.TryGetValue(c, out var t) ? t : null,
    };

    /// <summary>The value's status at <paramref name="level"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="level">Province, class, prefecture or county.</param>
    /// <param name="countyClass">The class code for class and county levels.</param>
    public KpiStatus Classify(double? value, KpiLevel level, int? countyClass = null) =>
        ThresholdsFor(level, countyClass)?.Classify(value, Direction) ?? KpiStatus.None;
}
