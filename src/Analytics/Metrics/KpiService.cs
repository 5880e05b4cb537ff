using System.Collections.Concurrent;
using System.Globalization;
using DuckDB.NET.Data;
using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Metrics;

/// <summary>
/// The metric layer's query service: province overview, trends, class comparison, prefecture table, county values for
/// the map, county detail. Every figure comes from <see cref="KpiCatalog"/> definitions evaluated over small aggregate
/// tables built once for the service's data version (on first use, or by <see cref="Warm"/>). Thread-safe:
/// each call takes its own connection. Invalid input raises <see cref="MetricArgumentException"/>. Every query takes an
/// optional <see cref="DataScope"/>: its figures are computed from the scope's counties only, and a place outside it
/// raises <see cref="OutOfScopeException"/> (docs/dashboard.md, "Data scope").
/// </summary>
public sealed partial class KpiService
{
    private const int MaxCachedResults = 2048;
    private readonly MetricStore _store;
    private readonly ConcurrentDictionary<string, object> _cache = new(StringComparer.Ordinal);
    private volatile MetricSnapshot? _cachedSnapshot;

    /// <summary>Creates the service over <paramref name="source"/> (hosts get it from <c>AnalyticsContext.Metrics</c>,
    /// one per data version).</summary>
    /// <param name="source">Connections with the contract views.</param>
    /// <param name="catalog">The KPIs; null for <see cref="KpiCatalog.Default"/>.</param>
    /// <param name="cacheDirectory">A folder where the aggregate tables are kept as Parquet, one sub-folder per data
    /// version, so a restart on the same data skips the build; null to keep them in memory only. The tables hold no
    /// unmasked personal data. Each sub-folder is keyed by the data version and a fingerprint of the aggregate
    /// definitions, so a cache written by other code is never read.</param>
    /// <param name="cacheWarning">Told (one bilingual sentence naming the folder) when the cache folder cannot be
    /// read or written; the service then works without it.</param>
    internal KpiService(IAnalyticsSource source, KpiCatalog? catalog = null, string? cacheDirectory = null, Action<string>? cacheWarning = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _store = new MetricStore(source, cacheDirectory, cacheWarning);
        Catalog = catalog ?? KpiCatalog.Default;
    }

    /// <summary>The aggregate tables' store (tests look at its cache).</summary>
    internal MetricStore Store => _store;

    /// <summary>The KPIs this service evaluates.</summary>
    public KpiCatalog Catalog { get; }

    /// <summary>The data version the figures come from (builds the aggregates if needed).</summary>
    public string DataVersion => _store.Current().DataVersion;

    /// <summary>Years with data, oldest first.</summary>
    public IReadOnlyList<int> Years => _store.Current().Years;

    /// <summary>Months with monitoring snapshots, oldest first, as <c>YYYY-MM</c>.</summary>
    public IReadOnlyList<string> Months => _store.Current().Months.Select(m => new MetricPeriod(m.Year, m.Month).ToString()).ToArray();

    /// <summary>The 117 county-level units, by code.</summary>
    public IReadOnlyDictionary<int, CountyInfo> Counties => _store.Current().Counties;

    /// <summary>A connection on which the aggregate tables of the current data version exist.</summary>
    internal DuckDBConnection Connect()
    {
        _store.Current();
        return _store.Source.Connect();
    }

    /// <summary>Builds the aggregate tables now (e.g. at start-up) instead of on the first query.</summary>
    public void Warm() => _store.Current();

    /// <summary>The aggregate tables analysts' SQL workspaces offer (the official definitions), built first if need be,
    /// so they exist on a <see cref="Connect"/>ion of the version's database.</summary>
    internal IReadOnlyList<MetricAggregateTable> AnalystTables()
    {
        _store.Current();
        return MetricStore.AnalystTables;
    }

    /// <summary>The county with <paramref name="countyCode"/>.</summary>
    /// <param name="countyCode">GB/T 2260 code.</param>
    /// <exception cref="MetricArgumentException">Not one of the 117 codes (parameter <c>county</c>).</exception>
    public CountyInfo GetCounty(int countyCode) => County(_store.Current(), countyCode);

    /// <summary>Parses and checks a period against the data: null or empty means the latest year.</summary>
    /// <param name="period"><c>YYYY</c> or <c>YYYY-MM</c>.</param>
    /// <exception cref="MetricArgumentException">Malformed, or no data for it (parameter <c>period</c>).</exception>
    public MetricPeriod ResolvePeriod(string? period) => Resolve(_store.Current(), period);

    /// <summary>The province overview: a card per overview KPI with change on the previous period and year, target and
    /// status, and the red line with the counties at risk.</summary>
    /// <param name="period"><c>YYYY</c> or <c>YYYY-MM</c>; null for the latest year. Yearly KPIs use its year; monthly
    /// KPIs its month, or the year's last month with data.</param>
    /// <param name="scope">Whose overview: the cards and the red line aggregate the scope's counties only, against the
    /// thresholds of the scope's level (<see cref="ScopeLevel"/>); null for the province.</param>
    /// <exception cref="MetricArgumentException">Malformed or unknown period.</exception>
    public ProvinceOverview GetProvinceOverview(string? period = null, DataScope? scope = null)
    {
        var snapshot = _store.Current();
        var p = Resolve(snapshot, period);
        scope ??= DataScope.Province;
        return Cached(snapshot, $"overview|{p}|{scope}", () => Overview(snapshot, p, scope));
    }

    private ProvinceOverview Overview(MetricSnapshot snapshot, MetricPeriod p, DataScope scope)
    {
        var kpis = KpiCatalog.OverviewIds.Select(Catalog.Get).ToList();
        var filter = ScopeFilter(snapshot, scope);
        var (level, levelClass) = ScopeLevel(snapshot, scope);
        using var connection = _store.Source.Connect();
        var cards = new List<KpiCard>(kpis.Count);
        var yearly = kpis.Where(k => k.Grain == KpiGrain.Year).ToList();
        var monthly = kpis.Where(k => k.Grain == KpiGrain.Month).ToList();
        var yearRows = Evaluate(connection, yearly, KpiLevel.Province, filter, p.Year - 1, p.Year);
        var month = MonthFor(snapshot, p);
        var monthRows = monthly.Count == 0 || month is null
            ? []
            : Evaluate(connection, monthly, KpiLevel.Province, filter, MonthKey(month.Value.Year - 1, month.Value.Month), MonthKey(month.Value.Year, month.Value.Month));
        foreach (var kpi in kpis)
        {
            if (kpi.Grain == KpiGrain.Year)
            {
                var index = yearly.IndexOf(kpi);
                var value = Find(yearRows, 0, p.Year, 0, index);
                var previous = Find(yearRows, 0, p.Year - 1, 0, index);
                cards.Add(Card(kpi, level, levelClass, p.Year.ToString(CultureInfo.InvariantCulture), value, (p.Year - 1).ToString(CultureInfo.InvariantCulture), previous, previous));
            }
            else
            {
                var index = monthly.IndexOf(kpi);
                if (month is not { } m)
                {
                    cards.Add(Card(kpi, level, levelClass, p.ToString(), null, string.Empty, null, null));
                    continue;
                }

                var (py, pm) = m.Month == 1 ? (m.Year - 1, 12) : (m.Year, m.Month - 1);
                cards.Add(Card(
                    kpi,
                    level,
                    levelClass,
                    new MetricPeriod(m.Year, m.Month).ToString(),
                    Find(monthRows, 0, m.Year, m.Month, index),
                    new MetricPeriod(py, pm).ToString(),
                    Find(monthRows, 0, py, pm, index),
                    Find(monthRows, 0, m.Year - 1, m.Month, index)));
            }
        }

        var redLineKpi = Catalog.Get(KpiIds.ReturnToPovertyRate);
        var countyRates = CountyValues(connection, snapshot, redLineKpi, p, scope);
        var provinceRate = cards.FirstOrDefault(c => c.Kpi.Id == KpiIds.ReturnToPovertyRate)?.Value
            ?? Find(Evaluate(connection, [redLineKpi], KpiLevel.Province, filter, p.Year, p.Year), 0, p.Year, 0, 0);
        var provinceStatus = redLineKpi.Classify(provinceRate, level, levelClass);
        var atRisk = countyRates.Where(c => c.Status is KpiStatus.Amber or KpiStatus.Red)
            .OrderByDescending(c => c.Status).ThenByDescending(c => c.Value).ToList();
        var redLine = new RedLineSummary(provinceRate, provinceStatus, provinceStatus != KpiStatus.Red && atRisk.All(c => c.Status != KpiStatus.Red), atRisk);
        return new ProvinceOverview(p.ToString(), snapshot.DataVersion, cards, redLine);
    }

    /// <summary>A KPI over all periods with data (years, or months for monthly KPIs) for the province or one place.</summary>
    /// <param name="kpiId">The KPI id.</param>
    /// <param name="level">Where: province, class, prefecture or county.</param>
    /// <param name="code">Class code (1–3), prefecture code or county code; ignored for the province.</param>
    /// <param name="scope">The caller's scope: the province and class series aggregate its counties only; null for the
    /// province.</param>
    /// <exception cref="MetricArgumentException">Unknown KPI (<c>kpi</c>), or an unknown class, prefecture or county (<c>code</c>).</exception>
    /// <exception cref="OutOfScopeException">A prefecture or county outside the scope.</exception>
    public KpiSeries GetTrend(string kpiId, KpiLevel level = KpiLevel.Province, int? code = null, DataScope? scope = null)
    {
        var snapshot = _store.Current();
        var kpi = Catalog.Get(kpiId);
        scope ??= DataScope.Province;
        var filter = FilterFor(snapshot, level, code, scope);
        return Cached(snapshot, $"trend|{kpi.Id}|{level}|{code}|{scope}", () => Trend(snapshot, kpi, level, code, filter, scope));
    }

    private KpiSeries Trend(MetricSnapshot snapshot, KpiDefinition kpi, KpiLevel level, int? code, Filter filter, DataScope scope)
    {
        using var connection = _store.Source.Connect();
        var (from, to) = kpi.Grain == KpiGrain.Year
            ? (snapshot.Years[0], snapshot.Years[^1])
            : snapshot.Months.Count == 0 ? (0, -1) : (MonthKey(snapshot.Months[0].Year, snapshot.Months[0].Month), MonthKey(snapshot.Months[^1].Year, snapshot.Months[^1].Month));
        var rows = Evaluate(connection, [kpi], KpiLevel.Province, filter, from, to);
        var countyClass = level switch
        {
            KpiLevel.CountyClass => code,
            KpiLevel.County => snapshot.Counties[code!.Value].CountyClass,
            _ => null,
        };
        // The "province" series of a scoped user is its scope's aggregate, judged at the scope's level.
        var (judgedLevel, judgedClass) = level == KpiLevel.Province ? ScopeLevel(snapshot, scope) : (level, countyClass);
        var points = rows.Select(r => new KpiPoint(
                kpi.Grain == KpiGrain.Year ? r.Year.ToString(CultureInfo.InvariantCulture) : new MetricPeriod(r.Year, r.Month).ToString(),
                r.Values[0],
                kpi.Classify(r.Values[0], judgedLevel, judgedClass)))
            .ToList();
        return new KpiSeries(kpi.Id, level, level == KpiLevel.Province ? null : code, points);
    }

    /// <summary>Every county's value of a KPI in a period, keyed by GB/T 2260 code (the choropleth's data).</summary>
    /// <param name="kpiId">The KPI id.</param>
    /// <param name="period">The period; null for the latest year.</param>
    /// <param name="scope">Only the counties of this scope are listed; null for all 117.</param>
    /// <exception cref="MetricArgumentException">Unknown KPI or malformed/unknown period.</exception>
    public IReadOnlyList<CountyKpiValue> GetCountyValues(string kpiId, string? period = null, DataScope? scope = null)
    {
        var snapshot = _store.Current();
        var kpi = Catalog.Get(kpiId);
        var p = Resolve(snapshot, period);
        scope ??= DataScope.Province;
        return Cached<IReadOnlyList<CountyKpiValue>>(snapshot, $"counties|{kpi.Id}|{p}|{scope}", () =>
        {
            using var connection = _store.Source.Connect();
            return CountyValues(connection, snapshot, kpi, p, scope);
        });
    }

    /// <summary>The three classes compared on one KPI: class aggregate, status, and the spread of county values with
    /// outliers named.</summary>
    /// <param name="kpiId">The KPI id.</param>
    /// <param name="period">The period; null for the latest year.</param>
    /// <param name="scope">The classes are aggregated over the scope's counties only; null for the province.</param>
    /// <exception cref="MetricArgumentException">Unknown KPI or malformed/unknown period.</exception>
    public ClassComparison GetClassComparison(string kpiId, string? period = null, DataScope? scope = null)
    {
        var snapshot = _store.Current();
        var kpi = Catalog.Get(kpiId);
        var p = Resolve(snapshot, period);
        scope ??= DataScope.Province;
        return Cached(snapshot, $"class|{kpi.Id}|{p}|{scope}", () =>
        {
            using var connection = _store.Source.Connect();
            return ClassComparisonsFor(connection, snapshot, [kpi], p, scope)[0];
        });
    }

    /// <summary>The three classes compared on every KPI of the catalog.</summary>
    /// <param name="period">The period; null for the latest year.</param>
    /// <param name="scope">The classes are aggregated over the scope's counties only; null for the province.</param>
    /// <exception cref="MetricArgumentException">Malformed/unknown period.</exception>
    public IReadOnlyList<ClassComparison> GetClassComparisons(string? period = null, DataScope? scope = null)
    {
        var snapshot = _store.Current();
        var p = Resolve(snapshot, period);
        scope ??= DataScope.Province;
        return Cached<IReadOnlyList<ClassComparison>>(snapshot, $"classes|{p}|{scope}", () =>
        {
            using var connection = _store.Source.Connect();
            return ClassComparisonsFor(connection, snapshot, Catalog.All, p, scope);
        });
    }

    /// <summary>The prefecture table: one row per prefecture with the given KPIs (default: the overview's yearly KPIs).</summary>
    /// <param name="period">The period; null for the latest year.</param>
    /// <param name="kpiIds">KPIs to show; null for the overview's yearly KPIs.</param>
    /// <param name="scope">Only prefectures the scope covers whole are listed (a prefecture's figure is never shown
    /// from part of its counties); null for all 11.</param>
    /// <exception cref="MetricArgumentException">Unknown KPI or malformed/unknown period.</exception>
    public IReadOnlyList<PrefectureRow> GetPrefectureTable(string? period = null, IReadOnlyList<string>? kpiIds = null, DataScope? scope = null)
    {
        var snapshot = _store.Current();
        var p = Resolve(snapshot, period);
        var kpis = (kpiIds ?? KpiCatalog.OverviewIds).Select(Catalog.Get).ToList();
        scope ??= DataScope.Province;
        return Cached<IReadOnlyList<PrefectureRow>>(snapshot, $"prefectures|{p}|{string.Join(',', kpis.Select(k => k.Id))}|{scope}", () =>
            PrefectureTable(snapshot, p, kpis).Where(row => CoversPrefecture(snapshot, scope, row.PrefectureCode)).ToList());
    }

    private List<PrefectureRow> PrefectureTable(MetricSnapshot snapshot, MetricPeriod p, List<KpiDefinition> kpis)
    {
        using var connection = _store.Source.Connect();
        var yearly = kpis.Where(k => k.Grain == KpiGrain.Year).ToList();
        var monthly = kpis.Where(k => k.Grain == KpiGrain.Month).ToList();
        var yearRows = Evaluate(connection, yearly, KpiLevel.Prefecture, Filter.None, p.Year, p.Year);
        var month = MonthFor(snapshot, p);
        var monthRows = monthly.Count == 0 || month is null
            ? []
            : Evaluate(connection, monthly, KpiLevel.Prefecture, Filter.None, MonthKey(month.Value.Year, month.Value.Month), MonthKey(month.Value.Year, month.Value.Month));
        return snapshot.Counties.Values
            .GroupBy(c => c.PrefectureCode)
            .OrderBy(g => g.Key)
            .Select(g => new PrefectureRow(g.Key, g.First().PrefectureName, g.Count(), kpis.Select(k =>
            {
                var value = k.Grain == KpiGrain.Year
                    ? Find(yearRows, g.Key, p.Year, 0, yearly.IndexOf(k))
                    : month is { } m ? Find(monthRows, g.Key, m.Year, m.Month, monthly.IndexOf(k)) : null;
                var thresholds = k.ThresholdsFor(KpiLevel.Prefecture);
                return new KpiValue(k.Id, value, k.Classify(value, KpiLevel.Prefecture), thresholds);
            }).ToList()))
            .ToList();
    }

    // Results are pure functions of (data version, arguments): cache them until the version changes. Bounded so a
    // crawler walking every period and county cannot grow it without limit.
    private T Cached<T>(MetricSnapshot snapshot, string key, Func<T> compute)
        where T : class
    {
        if (!ReferenceEquals(_cachedSnapshot, snapshot) || _cache.Count >= MaxCachedResults)
        {
            lock (_cache)
            {
                if (!ReferenceEquals(_cachedSnapshot, snapshot) || _cache.Count >= MaxCachedResults)
                {
                    _cache.Clear();
                    _cachedSnapshot = snapshot;
                }
            }
        }

        return (T)_cache.GetOrAdd(snapshot.DataVersion + "|" + key, _ => compute());
    }

    private static KpiCard Card(KpiDefinition kpi, KpiLevel level, int? countyClass, string period, double? value, string previousPeriod, double? previousPeriodValue, double? previousYearValue)
    {
        var thresholds = kpi.ThresholdsFor(level, countyClass);
        return new KpiCard(
            kpi, period, value, previousPeriod, previousPeriodValue, previousYearValue,
            value - previousPeriodValue, value - previousYearValue, thresholds, kpi.Classify(value, level, countyClass));
    }

    private List<CountyKpiValue> CountyValues(DuckDBConnection connection, MetricSnapshot snapshot, KpiDefinition kpi, MetricPeriod p, DataScope scope)
    {
        var (year, month) = kpi.Grain == KpiGrain.Year ? (p.Year, 0) : MonthFor(snapshot, p) is { } m ? m : (0, 0);
        var rows = year == 0
            ? []
            : kpi.Grain == KpiGrain.Year
                ? Evaluate(connection, [kpi], KpiLevel.County, Filter.None, year, year)
                : Evaluate(connection, [kpi], KpiLevel.County, Filter.None, MonthKey(year, month), MonthKey(year, month));
        var byCode = rows.ToDictionary(r => r.Key, r => r.Values[0]);
        return snapshot.Counties.Values.Where(c => scope.Covers(c.Code, c.PrefectureCode)).Select(c =>
        {
            var value = byCode.GetValueOrDefault(c.Code);
            return new CountyKpiValue(c.Code, c.Name, c.PrefectureCode, c.CountyClass, value, kpi.Classify(value, KpiLevel.County, c.CountyClass));
        }).ToList();
    }

    // All KPIs in four queries (county and class level, per grain) rather than two per KPI.
    private List<ClassComparison> ClassComparisonsFor(DuckDBConnection connection, MetricSnapshot snapshot, IReadOnlyList<KpiDefinition> kpis, MetricPeriod p, DataScope scope)
    {
        var filter = ScopeFilter(snapshot, scope);
        var results = new Dictionary<KpiDefinition, ClassComparison>();
        foreach (var group in kpis.GroupBy(k => k.Grain))
        {
            var list = group.ToList();
            var (from, to, year, month) = group.Key == KpiGrain.Year
                ? (p.Year, p.Year, p.Year, 0)
                : MonthFor(snapshot, p) is { } m ? (MonthKey(m.Year, m.Month), MonthKey(m.Year, m.Month), m.Year, m.Month) : (0, -1, 0, 0);
            var countyRows = Evaluate(connection, list, KpiLevel.County, filter, from, to);
            var classRows = Evaluate(connection, list, KpiLevel.CountyClass, filter, from, to);
            for (var i = 0; i < list.Count; i++)
            {
                var kpi = list[i];
                var byCode = countyRows.ToDictionary(r => r.Key, r => r.Values[i]);
                var counties = snapshot.Counties.Values.Where(c => scope.Covers(c.Code, c.PrefectureCode)).Select(c =>
                {
                    var value = byCode.GetValueOrDefault(c.Code);
                    return new CountyKpiValue(c.Code, c.Name, c.PrefectureCode, c.CountyClass, value, kpi.Classify(value, KpiLevel.County, c.CountyClass));
                }).ToList();
                var classes = CodeLabels.CountyClass.OrderBy(c => c.Key).Select(c =>
                {
                    var value = Find(classRows, c.Key, year, month, i);
                    return new ClassKpiValue(
                        c.Key, c.Value.Zh, c.Value.En, value, kpi.Classify(value, KpiLevel.CountyClass, c.Key),
                        kpi.ThresholdsFor(KpiLevel.CountyClass, c.Key), Spread(counties.Where(v => v.CountyClass == c.Key).ToList()));
                }).ToList();
                results[kpi] = new ClassComparison(kpi.Id, p.ToString(), classes);
            }
        }

        return kpis.Select(k => results[k]).ToList();
    }

    internal static SpreadSummary Spread(IReadOnlyList<CountyKpiValue> counties)
    {
        var withValue = counties.Where(c => c.Value is not null).OrderBy(c => c.Value).ToList();
        if (withValue.Count == 0)
        {
            return new SpreadSummary(0, null, null, null, null, null, []);
        }

        var values = withValue.Select(c => c.Value!.Value).ToArray();
        var q1 = Quantile(values, 0.25);
        var q3 = Quantile(values, 0.75);
        var fence = 1.5 * (q3 - q1);
        var outliers = withValue
            .Where(c => c.Value < q1 - fence || c.Value > q3 + fence)
            .OrderByDescending(c => Math.Max(q1 - c.Value!.Value, c.Value!.Value - q3))
            .ToList();
        return new SpreadSummary(values.Length, values[0], q1, Quantile(values, 0.5), q3, values[^1], outliers);
    }

    // Linear interpolation between order statistics, as DuckDB's quantile_cont and R's type 7.
    internal static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    private static CountyInfo County(MetricSnapshot snapshot, int countyCode) =>
        snapshot.Counties.TryGetValue(countyCode, out var county)
            ? county
            : throw new MetricArgumentException(
                "county",
                $"未知的县级行政区划代码 {countyCode}(应为山西省117个县级单位之一,如 140121)",
                $"Unknown county code {countyCode}: expected one of Shanxi's 117 county-level GB/T 2260 codes (e.g. 140121).");

    private static Filter FilterFor(MetricSnapshot snapshot, KpiLevel level, int? code, DataScope scope)
    {
        var scoped = ScopeFilter(snapshot, scope);
        switch (level)
        {
            case KpiLevel.Province:
                return scoped;
            case KpiLevel.CountyClass when code is >= 1 and <= 3:
                return scoped with { CountyClass = code.Value };
            case KpiLevel.Prefecture when code is { } prefecture && snapshot.Counties.Values.Any(c => c.PrefectureCode == prefecture):
                if (!CoversPrefecture(snapshot, scope, prefecture))
                {
                    throw new OutOfScopeException("code", prefecture, scope);
                }

                return Filter.None with { Prefecture = prefecture };
            case KpiLevel.County when code is { } county:
                EnsureCovered(scope, County(snapshot, county), "code");
                return Filter.None with { County = county };
            default:
                var text = code?.ToString(CultureInfo.InvariantCulture) ?? "(null)";
                throw new MetricArgumentException(
                    "code",
                    $"{LevelZh(level)}代码 {text} 不存在",
                    $"No {level} with code {text}.");
        }
    }

    private static string LevelZh(KpiLevel level) => level switch
    {
        KpiLevel.CountyClass => "县域类别",
        KpiLevel.Prefecture => "设区市",
        KpiLevel.County => "县",
        _ => "省",
    };

    private static MetricPeriod Resolve(MetricSnapshot snapshot, string? period)
    {
        if (snapshot.Years.Count == 0)
        {
            throw new InvalidOperationException("数据中没有任何年度的县域指标 / The data hold no county indicators for any year.");
        }

        if (string.IsNullOrWhiteSpace(period))
        {
            return new MetricPeriod(snapshot.Years[^1]);
        }

        var p = MetricPeriod.Parse(period);
        if (!snapshot.Years.Contains(p.Year))
        {
            throw new MetricArgumentException(
                "period",
                $"没有 {p.Year} 年的数据,可用年份 {snapshot.Years[0]}–{snapshot.Years[^1]}",
                $"No data for {p.Year}; years with data: {snapshot.Years[0]}–{snapshot.Years[^1]}.");
        }

        if (p.Month is { } month && !snapshot.Months.Contains((p.Year, month)))
        {
            throw new MetricArgumentException(
                "period",
                $"没有 {p} 的月度监测数据",
                $"No monthly monitoring data for {p}.");
        }

        return p;
    }

    // The month a monthly KPI shows for a period: the month itself, or the year's last month with snapshots.
    private static (int Year, int Month)? MonthFor(MetricSnapshot snapshot, MetricPeriod p)
    {
        if (p.Month is { } month)
        {
            return (p.Year, month);
        }

        var inYear = snapshot.Months.Where(m => m.Year == p.Year).ToList();
        return inYear.Count == 0 ? null : inYear[^1];
    }

    private static int MonthKey(int year, int month) => year * 100 + month;

    private static double? Find(List<EvaluatedRow> rows, int key, int year, int month, int index)
    {
        foreach (var row in rows)
        {
            if (row.Key == key && row.Year == year && row.Month == month)
            {
                return row.Values[index];
            }
        }

        return null;
    }
}
