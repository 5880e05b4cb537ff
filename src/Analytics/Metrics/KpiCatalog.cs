namespace RevivalAnalytics.Metrics;

/// <summary>
/// Every KPI of the dashboard, the API and the post-assessment, defined once. Ids are stable (they appear in URLs);
/// docs/metrics.md explains each definition, its targets and thresholds.
/// </summary>
public sealed class KpiCatalog
{
    private readonly Dictionary<string, KpiDefinition> _byId;

    /// <summary>Creates a catalog from <paramref name="kpis"/> (ids must be unique).</summary>
    /// <param name="kpis">The definitions, in display order.</param>
    /// <exception cref="ArgumentException">Two definitions share an id.</exception>
    public KpiCatalog(IEnumerable<KpiDefinition> kpis)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        All = kpis.ToList();
        _byId = new Dictionary<string, KpiDefinition>(StringComparer.Ordinal);
        foreach (var kpi in All)
        {
            if (!_byId.TryAdd(kpi.Id, kpi))
            {
                throw new ArgumentException($"指标编号重复:{kpi.Id} / Duplicate KPI id {kpi.Id}.", nameof(kpis));
            }
        }
    }

    /// <summary>The standard catalog (docs/metrics.md).</summary>
    public static KpiCatalog Default { get; } = new(StandardKpis());

    /// <summary>All KPIs in display order.</summary>
    public IReadOnlyList<KpiDefinition> All { get; }

    /// <summary>The KPIs shown as cards on the province overview, in order.</summary>
    public static IReadOnlyList<string> OverviewIds { get; } =
    [
        KpiIds.RuralIncome, KpiIds.RuralIncomeGrowth, KpiIds.PovertyAreaIncome, KpiIds.PovertyAreaIncomeGrowth,
        KpiIds.MonitoredHouseholds, KpiIds.MonitoredShare, KpiIds.RiskEliminationRate, KpiIds.AlleviatedLabourEmployed,
        KpiIds.GuaranteeProblemsFound, KpiIds.GuaranteeProblemsFixed, KpiIds.GuaranteeRectificationRate,
        KpiIds.ProblemsFound, KpiIds.ProblemsRectified, KpiIds.ProblemRectificationRate, KpiIds.ReturnToPovertyRate,
        KpiIds.MonitoredHouseholdsMonth,
    ];

    /// <summary>The KPI with <paramref name="id"/>.</summary>
    /// <param name="id">A KPI id.</param>
    /// <exception cref="MetricArgumentException">No KPI has this id (parameter name <c>kpi</c>).</exception>
    public KpiDefinition Get(string? id) =>
        id is not null && _byId.TryGetValue(id, out var kpi)
            ? kpi
            : throw new MetricArgumentException(
                "kpi",
                $"未知的指标编号 \"{MetricArgumentException.Shorten(id)}\",可用:{string.Join(", ", _byId.Keys)}",
                $"Unknown KPI id \"{MetricArgumentException.Shorten(id)}\"; known ids: {string.Join(", ", _byId.Keys)}.");

    /// <summary>Whether a KPI with <paramref name="id"/> exists.</summary>
    /// <param name="id">A KPI id.</param>
    public bool Contains(string id) => _byId.ContainsKey(id);

    private static Dictionary<int, KpiThresholds> SameForAllClasses(KpiThresholds thresholds) =>
        new() { [1] = thresholds, [2] = thresholds, [3] = thresholds };

    private static IEnumerable<KpiDefinition> StandardKpis()
    {
        const string Pct = "%";
        yield return new KpiDefinition
        {
            Id = KpiIds.RuralIncome, NameZh = "农村居民人均可支配收入", NameEn = "Rural per-capita disposable income",
            Unit = "yuan/person", UnitZh = "元/人", Direction = KpiDirection.HigherIsBetter,
            Numerator = "sum(rural_income_per_capita * rural_population)", Denominator = "sum(rural_population) FILTER (rural_income_per_capita IS NOT NULL)",
            DescriptionZh = "县域农村居民人均可支配收入按农村常住人口加权平均。",
            DescriptionEn = "County rural per-capita disposable income, weighted by rural resident population.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.RuralIncomeGrowth, NameZh = "农村居民人均可支配收入增速", NameEn = "Rural income growth",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.HigherIsBetter, Decimals = 1,
            Numerator = "sum(rural_income_per_capita * rural_population) FILTER (rural_income_prev IS NOT NULL)",
            Denominator = "sum(rural_income_prev * rural_population) FILTER (rural_income_per_capita IS NOT NULL)", Scale = 100, Offset = -100,
            ProvinceThresholds = new KpiThresholds(6.0, 4.0),
            ClassThresholds = new Dictionary<int, KpiThresholds>
            {
                [1] = new(6.0, 4.0), [2] = new(6.5, 4.5), [3] = new(7.0, 5.0),
            },
            DescriptionZh = "加权收入与上年同口径加权收入之比减一(名义增速)。",
            DescriptionEn = "Weighted income over last year's weighted income of the same counties, minus one (nominal).",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.PovertyAreaIncome, NameZh = "脱贫地区农村居民人均可支配收入", NameEn = "Poverty-area rural income",
            Unit = "yuan/person", UnitZh = "元/人", Direction = KpiDirection.HigherIsBetter,
            Numerator = "sum(rural_income_per_capita * rural_population) FILTER (poverty_county)",
            Denominator = "sum(rural_population) FILTER (poverty_county AND rural_income_per_capita IS NOT NULL)",
            DescriptionZh = "58个原贫困县的农村居民人均可支配收入按农村常住人口加权平均;非原贫困县无值。",
            DescriptionEn = "Rural income of the 58 former poverty counties, population-weighted; no value for other counties.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.PovertyAreaIncomeGrowth, NameZh = "脱贫地区农村居民收入增速", NameEn = "Poverty-area income growth",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.HigherIsBetter, Decimals = 1,
            Numerator = "sum(rural_income_per_capita * rural_population) FILTER (poverty_county AND rural_income_prev IS NOT NULL)",
            Denominator = "sum(rural_income_prev * rural_population) FILTER (poverty_county AND rural_income_per_capita IS NOT NULL)", Scale = 100, Offset = -100,
            ProvinceThresholds = new KpiThresholds(7.5, 5.5),
            ClassThresholds = SameForAllClasses(new KpiThresholds(7.5, 5.5)),
            DescriptionZh = "原贫困县加权收入的名义增速;目标是高于全省农民收入增速。",
            DescriptionEn = "Nominal growth of the former poverty counties' weighted income; meant to outpace the province.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.AlleviatedIncome, NameZh = "脱贫人口人均纯收入", NameEn = "Income of poverty-alleviated people",
            Unit = "yuan/person", UnitZh = "元/人", Direction = KpiDirection.HigherIsBetter,
            Numerator = "sum(poverty_alleviated_income_per_capita * poverty_alleviated_population)",
            Denominator = "sum(poverty_alleviated_population) FILTER (poverty_alleviated_income_per_capita IS NOT NULL)",
            DescriptionZh = "县域脱贫人口人均纯收入按脱贫人口加权平均。",
            DescriptionEn = "County income of poverty-alleviated people, weighted by that population.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.MonitoredHouseholds, NameZh = "监测对象(户,风险未消除)", NameEn = "Monitored households (risk not eliminated)",
            Unit = "households", UnitZh = "户", Direction = KpiDirection.LowerIsBetter,
            Numerator = "sum(monitored_w) FILTER (monitoring_year)",
            DescriptionZh = "年末监测状态为“监测中”的农户,按样本权数推算全省户数。",
            DescriptionEn = "Households with monitoring_status = 1 at year end, weighted by sample_weight (province estimate).",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.MonitoredShare, NameZh = "监测对象占农村人口比重", NameEn = "Monitored people, share of rural population",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.LowerIsBetter, Decimals = 2,
            Numerator = "sum(monitored_people_w) FILTER (monitoring_year)", Denominator = "sum(rural_population) FILTER (monitoring_year)",
            Scale = 100,
            DescriptionZh = "年末风险未消除监测户的人口(家庭人口×样本权数)÷农村常住人口。不设红绿灯:比重低也可能是漏识别。",
            DescriptionEn = "People in households still monitored at year end (size × weight) ÷ rural resident population. No traffic light: a low share can also mean missed identification.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.RiskEliminationRate, NameZh = "风险消除率", NameEn = "Risk-elimination rate",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.HigherIsBetter, Decimals = 1,
            Numerator = "sum(eliminated_w) FILTER (monitoring_year)", Denominator = "sum(identified_w) FILTER (monitoring_year)", Scale = 100,
            ProvinceThresholds = new KpiThresholds(60, 45),
            ClassThresholds = new Dictionary<int, KpiThresholds> { [1] = new(65, 50), [2] = new(60, 45), [3] = new(55, 40) },
            DescriptionZh = "截至年末累计识别的监测户中,风险已消除户所占比重(按样本权数)。",
            DescriptionEn = "Of all households ever identified by year end, the weighted share whose risk is eliminated (monitoring_status = 2).",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.NewlyIdentifiedHouseholds, NameZh = "本年新识别监测户", NameEn = "Newly identified households",
            Unit = "households", UnitZh = "户", Direction = KpiDirection.LowerIsBetter,
            Numerator = "sum(newly_identified_w) FILTER (monitoring_year)",
            DescriptionZh = "本年新纳入监测的农户,按样本权数推算。",
            DescriptionEn = "Households newly identified in the year, weighted.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.ReturnToPovertyRate, NameZh = "返贫风险发生率(红线)", NameEn = "Return-to-poverty rate (red line)",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.LowerIsBetter, Decimals = 2,
            Numerator = "sum(returned_w) FILTER (monitoring_year)", Denominator = "sum(alleviated_w) FILTER (monitoring_year)", Scale = 100,
            ProvinceThresholds = new KpiThresholds(0.3, 0.5),
            ClassThresholds = SameForAllClasses(new KpiThresholds(0.5, 1.0)),
            DescriptionZh = "本年新识别为监测对象且人均纯收入低于监测线的脱贫户 ÷ 全部脱贫户(按样本权数)。超过警戒值即视为规模性返贫。",
            DescriptionEn = "Poverty-alleviated households newly identified this year with income below the monitoring line ÷ all poverty-alleviated households (weighted). Beyond the warning value counts as large-scale return to poverty.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.BelowLineShare, NameZh = "收入低于监测线农户占比", NameEn = "Households below the monitoring line",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.LowerIsBetter, Decimals = 2,
            Numerator = "sum(below_line_w) FILTER (monitoring_year)", Denominator = "sum(households_w) FILTER (monitoring_year)", Scale = 100,
            ProvinceThresholds = new KpiThresholds(0.5, 1.0),
            ClassThresholds = SameForAllClasses(new KpiThresholds(0.5, 1.0)),
            DescriptionZh = "样本农户中本年人均纯收入低于当年监测线的比重(按样本权数)。",
            DescriptionEn = "Weighted share of sampled households whose per-capita net income is below the year's monitoring line.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.SharpDropShare, NameZh = "收入骤降农户占比", NameEn = "Households with a sharp income drop",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.LowerIsBetter, Decimals = 2,
            Numerator = "sum(sharp_drop_w) FILTER (monitoring_year)", Denominator = "sum(households_w) FILTER (monitoring_year)", Scale = 100,
            ProvinceThresholds = new KpiThresholds(1.0, 2.0),
            ClassThresholds = SameForAllClasses(new KpiThresholds(1.5, 3.0)),
            DescriptionZh = "本年人均纯收入低于上年60%的农户比重(按样本权数)。",
            DescriptionEn = "Weighted share of households whose income fell below 60% of last year's.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.AlleviatedLabourEmployed, NameZh = "脱贫劳动力务工就业", NameEn = "Poverty-alleviated labour in work",
            Unit = "people", UnitZh = "人", Direction = KpiDirection.HigherIsBetter,
            Numerator = "sum(poverty_alleviated_labour_employed)",
            ProvinceThresholds = new KpiThresholds(950_000, 900_000),
            DescriptionZh = "县域指标:脱贫劳动力务工就业人数合计。全省目标不低于95万人。",
            DescriptionEn = "County indicator total; the province keeps at least 950,000 in work.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.ProblemsFound, NameZh = "排查发现问题", NameEn = "Problems found",
            Unit = "problems", UnitZh = "个", Direction = KpiDirection.LowerIsBetter,
            Numerator = "sum(problems_found)",
            DescriptionZh = "巩固成果排查发现的问题数(2021年起)。",
            DescriptionEn = "Problems found in consolidation checks (from 2021).",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.ProblemsRectified, NameZh = "已完成整改问题", NameEn = "Problems rectified",
            Unit = "problems", UnitZh = "个", Direction = KpiDirection.HigherIsBetter,
            Numerator = "sum(problems_rectified)",
            DescriptionZh = "排查发现问题中已完成整改的数量。",
            DescriptionEn = "Problems found whose rectification is complete.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.ProblemRectificationRate, NameZh = "问题整改率", NameEn = "Problem rectification rate",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.HigherIsBetter, Decimals = 1,
            Numerator = "sum(problems_rectified)", Denominator = "sum(problems_found)", Scale = 100,
            ProvinceThresholds = new KpiThresholds(99.5, 98),
            ClassThresholds = SameForAllClasses(new KpiThresholds(99.0, 97.0)),
            DescriptionZh = "已整改问题 ÷ 发现问题。",
            DescriptionEn = "Problems rectified ÷ problems found.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.GuaranteeProblemsFound, NameZh = "三保障和饮水安全问题发现", NameEn = "Guarantee and drinking-water problems found",
            Unit = "problems", UnitZh = "个", Direction = KpiDirection.LowerIsBetter,
            Numerator = "sum(guarantee_problems_found)",
            DescriptionZh = "控辍保学发现辍学 + 住房安全隐患 + 饮水工程隐患。",
            DescriptionEn = "Dropouts found + unsafe houses found + drinking-water dangers found.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.GuaranteeProblemsFixed, NameZh = "三保障和饮水安全问题整改", NameEn = "Guarantee and drinking-water problems rectified",
            Unit = "problems", UnitZh = "个", Direction = KpiDirection.HigherIsBetter,
            Numerator = "sum(guarantee_problems_fixed)",
            DescriptionZh = "劝返复学 + 住房改造消除 + 饮水隐患整改。",
            DescriptionEn = "Pupils returned + houses fixed + water dangers fixed.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.GuaranteeRectificationRate, NameZh = "三保障和饮水安全问题整改率", NameEn = "Guarantee and water rectification rate",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.HigherIsBetter, Decimals = 1,
            Numerator = "sum(guarantee_problems_fixed)", Denominator = "sum(guarantee_problems_found)", Scale = 100,
            ProvinceThresholds = new KpiThresholds(95, 90),
            ClassThresholds = SameForAllClasses(new KpiThresholds(95, 90)),
            DescriptionZh = "三保障和饮水安全问题整改数 ÷ 发现数。",
            DescriptionEn = "Guarantee and drinking-water problems rectified ÷ found.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.WaterRectificationRate, NameZh = "饮水安全隐患整改率", NameEn = "Drinking-water danger rectification rate",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.HigherIsBetter, Decimals = 1,
            Numerator = "sum(water_dangers_fixed)", Denominator = "sum(water_dangers_found)", Scale = 100,
            ProvinceThresholds = new KpiThresholds(95, 90),
            ClassThresholds = SameForAllClasses(new KpiThresholds(95, 85)),
            DescriptionZh = "饮水工程隐患已整改 ÷ 发现。",
            DescriptionEn = "Water-supply dangers fixed ÷ found.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.MedicalInsuranceRate, NameZh = "脱贫人口基本医保参保率", NameEn = "Medical insurance coverage",
            Unit = Pct, UnitZh = Pct, Direction = KpiDirection.HigherIsBetter, Decimals = 2,
            Numerator = "sum(medical_insured)", Denominator = "sum(medical_insurance_target)", Scale = 100,
            ProvinceThresholds = new KpiThresholds(99.5, 99),
            ClassThresholds = SameForAllClasses(new KpiThresholds(99.5, 99)),
            DescriptionZh = "已参加基本医保 ÷ 应参保脱贫人口。",
            DescriptionEn = "Insured ÷ poverty-alleviated people who should be insured.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.MonitoredHouseholdsMonth, NameZh = "月末在监测户", NameEn = "Households in monitoring at month end",
            Unit = "households", UnitZh = "户", Direction = KpiDirection.LowerIsBetter, Grain = KpiGrain.Month,
            Numerator = "sum(monitored_w)",
            DescriptionZh = "月度快照中本月新识别或监测中的农户(不含本月风险消除),按样本权数推算。",
            DescriptionEn = "Households whose monthly snapshot is newly identified or monitored (not eliminated this month), weighted.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.NewlyIdentifiedMonth, NameZh = "本月新识别监测户", NameEn = "Households identified this month",
            Unit = "households", UnitZh = "户", Direction = KpiDirection.LowerIsBetter, Grain = KpiGrain.Month,
            Numerator = "sum(newly_identified_w)",
            DescriptionZh = "本月快照状态为“本月新识别”的农户,按样本权数推算。",
            DescriptionEn = "Households with snapshot status 1 (identified this month), weighted.",
        };
        yield return new KpiDefinition
        {
            Id = KpiIds.EliminatedMonth, NameZh = "本月风险消除户", NameEn = "Households cleared of risk this month",
            Unit = "households", UnitZh = "户", Direction = KpiDirection.HigherIsBetter, Grain = KpiGrain.Month,
            Numerator = "sum(eliminated_w)",
            DescriptionZh = "本月快照状态为“本月风险消除”的农户,按样本权数推算。",
            DescriptionEn = "Households with snapshot status 3 (risk eliminated this month), weighted.",
        };
    }
}

/// <summary>The ids of the standard KPIs.</summary>
public static class KpiIds
{
    /// <summary>农村居民人均可支配收入.</summary>
    public const string RuralIncome = "rural_income";

    /// <summary>农村居民人均可支配收入增速.</summary>
    public const string RuralIncomeGrowth = "rural_income_growth";

    /// <summary>脱贫地区农村居民人均可支配收入.</summary>
    public const string PovertyAreaIncome = "poverty_area_income";

    /// <summary>脱贫地区农村居民收入增速.</summary>
    public const string PovertyAreaIncomeGrowth = "poverty_area_income_growth";

    /// <summary>脱贫人口人均纯收入.</summary>
    public const string AlleviatedIncome = "alleviated_income";

    /// <summary>监测对象(户).</summary>
    public const string MonitoredHouseholds = "monitored_households";

    /// <summary>监测对象占农村人口比重.</summary>
    public const string MonitoredShare = "monitored_share";

    /// <summary>风险消除率.</summary>
    public const string RiskEliminationRate = "risk_elimination_rate";

    /// <summary>本年新识别监测户.</summary>
    public const string NewlyIdentifiedHouseholds = "newly_identified_households";

    /// <summary>返贫风险发生率(红线).</summary>
    public const string ReturnToPovertyRate = "return_to_poverty_rate";

    /// <summary>收入低于监测线农户占比.</summary>
    public const string BelowLineShare = "below_line_share";

    /// <summary>收入骤降农户占比.</summary>
    public const string SharpDropShare = "sharp_drop_share";

    /// <summary>脱贫劳动力务工就业.</summary>
    public const string AlleviatedLabourEmployed = "alleviated_labour_employed";

    /// <summary>排查发现问题.</summary>
    public const string ProblemsFound = "problems_found";

    /// <summary>已完成整改问题.</summary>
    public const string ProblemsRectified = "problems_rectified";

    /// <summary>问题整改率.</summary>
    public const string ProblemRectificationRate = "problem_rectification_rate";

    /// <summary>三保障和饮水安全问题发现.</summary>
    public const string GuaranteeProblemsFound = "guarantee_problems_found";

    /// <summary>三保障和饮水安全问题整改.</summary>
    public const string GuaranteeProblemsFixed = "guarantee_problems_fixed";

    /// <summary>三保障和饮水安全问题整改率.</summary>
    public const string GuaranteeRectificationRate = "guarantee_rectification_rate";

    /// <summary>饮水安全隐患整改率.</summary>
    public const string WaterRectificationRate = "water_rectification_rate";

    /// <summary>脱贫人口基本医保参保率.</summary>
    public const string MedicalInsuranceRate = "medical_insurance_rate";

    /// <summary>月末在监测户.</summary>
    public const string MonitoredHouseholdsMonth = "monitored_households_month";

    /// <summary>本月新识别监测户.</summary>
    public const string NewlyIdentifiedMonth = "newly_identified_month";

    /// <summary>本月风险消除户.</summary>
    public const string EliminatedMonth = "eliminated_month";
}
