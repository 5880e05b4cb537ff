using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// The post-assessment over the metric layer: scores a year from a scheme, entries and field-check estimates
/// (data indicators are the KPI values <see cref="KpiService.GetCountyValues"/> gives for the year), draws field-check
/// samples and estimates the three rates. Thread-safe; every call reads the service's data version (one service per
/// version: a result's <c>DataVersion</c> names it).
/// </summary>
public sealed partial class AssessmentService
{
    private readonly KpiService _kpis;

    /// <summary>Creates the service over <paramref name="kpis"/> (hosts get it from <c>AnalyticsContext.Assessment</c>,
    /// one per data version).</summary>
    /// <param name="kpis">The metric layer.</param>
    internal AssessmentService(KpiService kpis)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        _kpis = kpis;
    }

    /// <summary>The 117 counties with their class.</summary>
    public IReadOnlyDictionary<int, CountyInfo> Counties => _kpis.Counties;

    /// <summary>The data version the KPIs come from now (a result records the one it was scored with).</summary>
    public string DataVersion => _kpis.DataVersion;

    /// <summary>Every problem of <paramref name="entries"/> against <paramref name="scheme"/>, checked as
    /// <see cref="Score"/> checks them (year, county, indicator of the county's scorecard, source, range, duplicates);
    /// empty when all can be scored.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="entries">Entries to check.</param>
    /// <returns>The problems; <see cref="EntryProblem.Column"/> names county, indicator, source and field.</returns>
    public IReadOnlyList<EntryProblem> CheckEntries(AssessmentScheme scheme, IEnumerable<AssessmentEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(entries);
        return EntryRules.CheckAll(scheme, _kpis.Counties, entries);
    }

    /// <summary>Scores every county for the scheme's year.</summary>
    /// <param name="scheme">The scheme (validated again here against the service's KPI catalog).</param>
    /// <param name="entries">Entered values of the year.</param>
    /// <param name="fieldChecks">Field-check estimates by county, which fill the indicators with a
    /// <see cref="SchemeIndicator.FieldMeasure"/> that have no field-check entry; null for none.</param>
    /// <returns>The result, with the scheme's version and fingerprint and the data version.</returns>
    /// <exception cref="SchemeValidationException">The scheme is invalid.</exception>
    /// <exception cref="EntryImportException">An entry is invalid (unknown county or indicator, source not allowed,
    /// value out of range, duplicate), or names an indicator that field results also fill.</exception>
    /// <exception cref="MetricArgumentException">The data hold no figures for the scheme's year (parameter <c>period</c>).</exception>
    public AssessmentResult Score(AssessmentScheme scheme, IEnumerable<AssessmentEntry> entries, IReadOnlyDictionary<int, FieldCheckEstimates>? fieldChecks = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(entries);
        var problems = SchemeValidator.Validate(scheme, _kpis.Catalog);
        if (problems.Count > 0)
        {
            throw new SchemeValidationException(problems);
        }

        var period = scheme.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _kpis.ResolvePeriod(period);
        var list = entries.ToList();
        var counties = _kpis.Counties;
        var entryProblems = EntryRules.CheckAll(scheme, counties, list);
        fieldChecks ??= new Dictionary<int, FieldCheckEstimates>();
        foreach (var entry in list.Where(e => e.Source == EntrySource.FieldCheck && fieldChecks.ContainsKey(e.CountyCode)))
        {
            if (counties.TryGetValue(entry.CountyCode, out var county)
                && scheme.ScorecardFor(county.CountyClass).Find(entry.IndicatorId) is SchemeIndicator { FieldMeasure: not null })
            {
                entryProblems.Add(new EntryProblem(null, $"{entry.CountyCode}/{entry.IndicatorId}/field_check",
                    "该指标既有实地核查录入,又有实地核查结果估计,只能取其一", "the indicator has both a field-check entry and field-check results; give one"));
            }
        }

        if (entryProblems.Count > 0)
        {
            throw new EntryImportException("录入数据 / entries", entryProblems);
        }

        var kpiIds = scheme.Scorecards
            .SelectMany(s => s.Indicators.Concat(s.Bonus).Cast<IScoredItem>().Concat(s.Vetoes))
            .Select(i => i.Kpi)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        var values = kpiIds.ToDictionary(
            id => id,
            id => (IReadOnlyDictionary<int, double?>)_kpis.GetCountyValues(id, period).ToDictionary(v => v.CountyCode, v => v.Value),
            StringComparer.Ordinal);
        return Scorer.Score(scheme, counties.Values.ToList(), values, list, fieldChecks, _kpis.DataVersion, DateTimeOffset.UtcNow);
    }
}
