using System.Text.RegularExpressions;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>One problem of a scheme: where (a JSON path), which indicator, which field, and why.</summary>
/// <param name="Path">Where in the scheme, e.g. <c>scorecards[2].dimensions[0].indicators[1]</c>.</param>
/// <param name="IndicatorId">The indicator, dimension or item concerned, or null.</param>
/// <param name="Field">The field (snake_case, as in the file).</param>
/// <param name="MessageZh">Why, in Chinese.</param>
/// <param name="MessageEn">Why, in English.</param>
public sealed record SchemeProblem(string Path, string? IndicatorId, string Field, string MessageZh, string MessageEn)
{
    /// <summary>One line, Chinese then English.</summary>
    public override string ToString() =>
        IndicatorId is null ? $"{Path} {Field}: {MessageZh} / {MessageEn}" : $"{Path} 指标 {IndicatorId} 字段 {Field}:{MessageZh} / indicator {IndicatorId}, field {Field}: {MessageEn}";
}

/// <summary>A scheme that cannot be used, with every problem found.</summary>
public sealed class SchemeValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">What is wrong (at least one).</param>
    public SchemeValidationException(IReadOnlyList<SchemeProblem> problems)
        : base("评估方案无效 / invalid assessment scheme:\n" + string.Join('\n', problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    /// <summary>What is wrong.</summary>
    public IReadOnlyList<SchemeProblem> Problems { get; }
}

/// <summary>Checks a scheme's content: one scorecard per class; points add up (indicators to their dimension,
/// dimensions to the total); every KPI exists in the catalog and is yearly; every indicator has exactly one kind of
/// source; rule parameters fit the indicator's points; source weights lie in 0–1 and add up to 1; grade cut-offs fall.</summary>
public static partial class SchemeValidator
{
    private const double Tolerance = 1e-6;

    /// <summary>Every problem of <paramref name="scheme"/>; empty when it can be used.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="catalog">The KPIs it may name.</param>
    public static IReadOnlyList<SchemeProblem> Validate(AssessmentScheme scheme, KpiCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<SchemeProblem>();
        void Add(string path, string? id, string field, string zh, string en) => problems.Add(new SchemeProblem(path, id, field, zh, en));

        if (string.IsNullOrWhiteSpace(scheme.Id) || !IdPattern().IsMatch(scheme.Id))
        {
            Add("$", null, "id", "方案编号只能包含小写字母、数字、- 和 _", "the scheme id may hold only lower-case letters, digits, - and _");
        }

        if (scheme.Version < 1)
        {
            Add("$", null, "version", "版本号必须 ≥ 1", "the version must be 1 or more");
        }

        if (scheme.Year is < 2016 or > 2100)
        {
            Add("$", null, "year", $"评估年度 {scheme.Year} 不在 2016–2100 之间", $"assessment year {scheme.Year} is outside 2016–2100");
        }

        if (string.IsNullOrWhiteSpace(scheme.NameZh) || string.IsNullOrWhiteSpace(scheme.NameEn))
        {
            Add("$", null, "name_zh", "方案须有中英文名称", "the scheme needs a Chinese and an English name");
        }

        var classes = (scheme.Scorecards ?? []).Select(s => s.CountyClass).ToList();
        foreach (var missing in new[] { 1, 2, 3 }.Where(c => !classes.Contains(c)))
        {
            Add("scorecards", null, "county_class", $"缺少第 {missing} 类县({CodeLabels.CountyClass[missing].Zh})的评分表", $"no scorecard for county class {missing} ({CodeLabels.CountyClass[missing].En})");
        }

        for (var s = 0; s < (scheme.Scorecards?.Count ?? 0); s++)
        {
            var card = scheme.Scorecards![s];
            var path = $"scorecards[{s}]";
            if (card.CountyClass is < 1 or > 3)
            {
                Add(path, null, "county_class", $"县域类别 {card.CountyClass} 不是 1、2 或 3", $"county class {card.CountyClass} is not 1, 2 or 3");
            }
            else if (classes.Count(c => c == card.CountyClass) > 1 && classes.IndexOf(card.CountyClass) != s)
            {
                Add(path, null, "county_class", $"第 {card.CountyClass} 类县有不止一个评分表", $"more than one scorecard for county class {card.CountyClass}");
            }

            ValidateScorecard(card, path, catalog, Add);
        }

        return problems;
    }

    private static void ValidateScorecard(Scorecard card, string path, KpiCatalog catalog, Action<string, string?, string, string, string> add)
    {
        if (!(card.TotalPoints > 0))
        {
            add(path, null, "total_points", "满分必须大于 0", "total points must be greater than 0");
        }

        if (card.Dimensions is null || card.Dimensions.Count == 0)
        {
            add(path, null, "dimensions", "评分表至少需要一个维度", "a scorecard needs at least one dimension");
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        void CheckId(string itemPath, string id)
        {
            if (string.IsNullOrWhiteSpace(id) || !IdPattern().IsMatch(id))
            {
                add(itemPath, id, "id", "编号只能包含小写字母、数字、- 和 _", "an id may hold only lower-case letters, digits, - and _");
            }
            else if (!ids.Add(id))
            {
                add(itemPath, id, "id", $"编号 {id} 在评分表中重复", $"id {id} appears twice in the scorecard");
            }
        }

        for (var d = 0; d < card.Dimensions.Count; d++)
        {
            var dimension = card.Dimensions[d];
            var dimensionPath = $"{path}.dimensions[{d}]";
            CheckId(dimensionPath, dimension.Id);
            var indicators = dimension.Indicators ?? [];
            if (indicators.Count == 0)
            {
                add(dimensionPath, dimension.Id, "indicators", "维度至少需要一个指标", "a dimension needs at least one indicator");
            }

            var sum = indicators.Sum(i => i.Points);
            if (Math.Abs(sum - dimension.Points) > Tolerance)
            {
                add(dimensionPath, dimension.Id, "points", $"维度分值 {ScoringRule.N(dimension.Points)} 与其指标分值之和 {ScoringRule.N(sum)} 不一致",
                    $"the dimension's points {ScoringRule.N(dimension.Points)} differ from the sum of its indicators' points {ScoringRule.N(sum)}");
            }

            for (var i = 0; i < indicators.Count; i++)
            {
                var indicatorPath = $"{dimensionPath}.indicators[{i}]";
                CheckId(indicatorPath, indicators[i].Id);
                ValidateIndicator(indicators[i], indicatorPath, card, catalog, add);
            }
        }

        var total = card.Dimensions.Sum(d => d.Points);
        if (Math.Abs(total - card.TotalPoints) > Tolerance)
        {
            add(path, null, "total_points", $"各维度分值之和 {ScoringRule.N(total)} 不等于满分 {ScoringRule.N(card.TotalPoints)}",
                $"the dimensions' points add up to {ScoringRule.N(total)}, not the total {ScoringRule.N(card.TotalPoints)}");
        }

        for (var b = 0; b < card.Bonus.Count; b++)
        {
            CheckId($"{path}.bonus[{b}]", card.Bonus[b].Id);
            ValidateIndicator(card.Bonus[b], $"{path}.bonus[{b}]", card, catalog, add);
        }

        if (card.BonusCap < 0 || (card.Bonus.Count == 0 && card.BonusCap > 0))
        {
            add(path, null, "bonus_cap", "加分上限必须 ≥ 0,且只在有加分项时大于 0", "the bonus cap must be 0 or more, and above 0 only with bonus items");
        }

        for (var v = 0; v < card.Vetoes.Count; v++)
        {
            var veto = card.Vetoes[v];
            var vetoPath = $"{path}.vetoes[{v}]";
            CheckId(vetoPath, veto.Id);
            ValidateSource(veto, vetoPath, catalog, add);
            if (!double.IsFinite(veto.Limit))
            {
                add(vetoPath, veto.Id, "limit", "否决界限必须是有限数", "the veto limit must be a finite number");
            }
        }

        ValidateWeights(card, path, add);
        ValidateGrades(card, path, add);
        var quota = card.FieldCheck;
        if (quota is null)
        {
            add(path, null, "field_check", "缺少实地核查抽样配额", "the field-check quotas are missing");
        }
        else
        {
            if (quota.Villages < 2)
            {
                add(path, null, "field_check.villages", "抽样村数至少为 2(两阶段抽样需要估计村间方差)", "at least 2 villages (the two-stage design needs the variance between villages)");
            }

            if (quota.AlleviatedWithLabour < 0 || quota.AlleviatedWithoutLabour < 0 || quota.Monitored < 0 || quota.Ordinary < 0 || quota.Households == 0)
            {
                add(path, null, "field_check", "各层户数配额必须 ≥ 0 且合计大于 0", "household quotas must be 0 or more and add up to more than 0");
            }
        }
    }

    private static void ValidateIndicator(SchemeIndicator indicator, string path, Scorecard card, KpiCatalog catalog, Action<string, string?, string, string, string> add)
    {
        if (string.IsNullOrWhiteSpace(indicator.NameZh) || string.IsNullOrWhiteSpace(indicator.NameEn))
        {
            add(path, indicator.Id, "name_zh", "指标须有中英文名称", "an indicator needs a Chinese and an English name");
        }

        if (!(indicator.Points > 0) || !double.IsFinite(indicator.Points))
        {
            add(path, indicator.Id, "points", "分值必须大于 0", "points must be greater than 0");
        }

        ValidateSource(indicator, path, catalog, add);
        if (indicator.Rule is null)
        {
            add(path, indicator.Id, "rule", "缺少评分规则", "the scoring rule is missing");
            return;
        }

        foreach (var (field, zh, en) in indicator.Rule.Check(indicator.Points))
        {
            add(path, indicator.Id, "rule." + field, zh, en);
        }

        if (indicator.Rule is EnteredPointsRule && indicator.Kpi is not null)
        {
            add(path, indicator.Id, "rule", "entered_points 规则只能用于录入的指标,不能用于 KPI", "an entered_points rule needs an entered indicator, not a KPI");
        }

        if (indicator.FieldMeasure is not null && (indicator.Sources.Count != 1 || indicator.Sources[0] != EntrySource.FieldCheck))
        {
            add(path, indicator.Id, "field_measure", "field_measure 只能用于来源仅为 field_check 的指标", "field_measure needs an indicator whose only source is field_check");
        }

        if (indicator.Sources.Count > 1)
        {
            foreach (var source in indicator.Sources.Where(s => !(card.SourceWeights?.GetValueOrDefault(s) > 0)))
            {
                add(path, indicator.Id, "sources", $"来源 {AssessmentLabels.Id(source)} 在 source_weights 中没有正权重,无法与其他来源合成",
                    $"source {AssessmentLabels.Id(source)} has no positive weight in source_weights, so it cannot be combined with the others");
            }
        }
    }

    private static void ValidateSource(IScoredItem item, string path, KpiCatalog catalog, Action<string, string?, string, string, string> add)
    {
        var sources = item.Sources ?? [];
        if (item.Kpi is null == (sources.Count == 0))
        {
            add(path, item.Id, "kpi", "须且只能给出 kpi 或 sources 之一", "give exactly one of kpi or sources");
        }

        if (item.Kpi is { } kpi)
        {
            if (!catalog.Contains(kpi))
            {
                add(path, item.Id, "kpi", $"指标层中没有 KPI \"{MetricArgumentException.Shorten(kpi)}\"", $"the metric layer has no KPI \"{MetricArgumentException.Shorten(kpi)}\"");
            }
            else if (catalog.Get(kpi).Grain != KpiGrain.Year)
            {
                add(path, item.Id, "kpi", $"KPI {kpi} 是月度指标,考核需要年度指标", $"KPI {kpi} is monthly; the assessment needs a yearly KPI");
            }
        }

        if (sources.Distinct().Count() != sources.Count)
        {
            add(path, item.Id, "sources", "来源重复", "a source is listed twice");
        }

        if (item.Unit is not null && item.Kpi is not null)
        {
            add(path, item.Id, "unit", "KPI 指标的单位由指标层给出,不能另设", "a KPI's unit comes from the metric layer and cannot be set here");
        }
    }

    private static void ValidateWeights(Scorecard card, string path, Action<string, string?, string, string, string> add)
    {
        var weights = card.SourceWeights;
        if (weights is null || weights.Count == 0)
        {
            add(path, null, "source_weights", "缺少来源权重", "source weights are missing");
            return;
        }

        foreach (var (source, weight) in weights)
        {
            if (weight is < 0 or > 1 || !double.IsFinite(weight))
            {
                add(path, null, $"source_weights.{AssessmentLabels.Id(source)}", $"权重 {ScoringRule.N(weight)} 不在 0–1 之间", $"weight {ScoringRule.N(weight)} is outside 0–1");
            }
        }

        var sum = weights.Values.Sum();
        if (Math.Abs(sum - 1) > Tolerance)
        {
            add(path, null, "source_weights", $"来源权重之和为 {ScoringRule.N(sum)},应为 1", $"source weights add up to {ScoringRule.N(sum)}, not 1");
        }
    }

    private static void ValidateGrades(Scorecard card, string path, Action<string, string?, string, string, string> add)
    {
        var grades = card.Grades;
        if (grades is null)
        {
            add(path, null, "grades", "缺少等次分数线", "grade cut-offs are missing");
            return;
        }

        if (!(grades.Good > grades.FairlyGood && grades.FairlyGood > grades.Average && grades.Average >= 0))
        {
            add(path, null, "grades", "等次分数线须满足 好 > 较好 > 一般 ≥ 0", "cut-offs must satisfy good > fairly_good > average ≥ 0");
        }

        if (grades.Good > card.TotalPoints + card.BonusCap)
        {
            add(path, null, "grades.good", $"“好”的分数线 {ScoringRule.N(grades.Good)} 高于可得最高分 {ScoringRule.N(card.TotalPoints + card.BonusCap)}",
                $"the 'good' cut-off {ScoringRule.N(grades.Good)} is above the highest possible score {ScoringRule.N(card.TotalPoints + card.BonusCap)}");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex IdPattern();
}
