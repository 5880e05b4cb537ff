using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// Scores counties against a scheme from KPI values and entries; a pure function, so tests can check it against hand
/// calculations without a database. <see cref="AssessmentService"/> feeds it the metric layer's values.
/// </summary>
internal static class Scorer
{
    internal const string FieldEstimateAuthor = "实地核查估计 / field-check estimate";

    /// <summary>Scores every county of <paramref name="counties"/>.</summary>
    /// <param name="scheme">A validated scheme.</param>
    /// <param name="counties">The counties with their class.</param>
    /// <param name="kpiValues">KPI id → county code → value (null or absent = no value).</param>
    /// <param name="entries">Entries checked by <see cref="EntryRules.CheckAll"/>.</param>
    /// <param name="fieldChecks">Field-check estimates by county.</param>
    /// <param name="dataVersion">The metric layer's data version.</param>
    /// <param name="computedAt">Time stamp of the result.</param>
    public static AssessmentResult Score(
        AssessmentScheme scheme,
        IReadOnlyCollection<CountyInfo> counties,
        IReadOnlyDictionary<string, IReadOnlyDictionary<int, double?>> kpiValues,
        IReadOnlyCollection<AssessmentEntry> entries,
        IReadOnlyDictionary<int, FieldCheckEstimates> fieldChecks,
        string dataVersion,
        DateTimeOffset computedAt)
    {
        var byCounty = entries.ToLookup(e => e.CountyCode);
        var scored = counties
            .Select(c => ScoreCounty(scheme.ScorecardFor(c.CountyClass), c, kpiValues, byCounty[c.Code].ToList(), fieldChecks.GetValueOrDefault(c.Code)))
            .ToList();

        // Competition ranking (1, 2, 2, 4) within each class; a vetoed county ranks after every county without a veto.
        var ranked = AssessmentRanking.Rank(scored);

        return new AssessmentResult
        {
            Year = scheme.Year,
            Scheme = scheme,
            SchemeId = scheme.Id,
            SchemeVersion = scheme.Version,
            SchemeFingerprint = SchemeFile.Fingerprint(scheme),
            SchemeNameZh = scheme.NameZh,
            DataVersion = dataVersion,
            ComputedAt = computedAt,
            Counties = ranked,
            FieldChecks = fieldChecks,
        };
    }

    private static CountyAssessment ScoreCounty(
        Scorecard card,
        CountyInfo county,
        IReadOnlyDictionary<string, IReadOnlyDictionary<int, double?>> kpiValues,
        List<AssessmentEntry> entries,
        FieldCheckEstimates? field)
    {
        var items = new List<ItemScore>();
        var missing = new List<MissingEntry>();
        var dimensions = new List<DimensionScore>();
        foreach (var dimension in card.Dimensions)
        {
            var scores = dimension.Indicators.Select(i => ScoreIndicator(i, ItemKind.Indicator, dimension.Id, card, county, kpiValues, entries, field, missing)).ToList();
            items.AddRange(scores);
            dimensions.Add(new DimensionScore(dimension.Id, dimension.NameZh, dimension.NameEn, dimension.Points, scores.Sum(s => s.Points)));
        }

        var bonusItems = card.Bonus.Select(b => ScoreIndicator(b, ItemKind.Bonus, null, card, county, kpiValues, entries, field, missing: null)).ToList();
        items.AddRange(bonusItems);
        var vetoes = card.Vetoes.Select(v => ScoreVeto(v, card, county, kpiValues, entries)).ToList();
        items.AddRange(vetoes);

        var baseScore = dimensions.Sum(d => d.Score);
        var bonus = Math.Min(card.BonusCap, bonusItems.Sum(b => b.Points));
        // Four decimals: sums of fractional points (0.1 + 0.2 …) must not fall a hair below a grade cut-off.
        var score = Math.Round(baseScore + bonus, 4);
        var triggered = vetoes.Where(v => v.Triggered).ToList();
        return new CountyAssessment
        {
            CountyCode = county.Code,
            CountyName = county.Name,
            PrefectureName = county.PrefectureName,
            CountyClass = county.CountyClass,
            TotalPoints = card.TotalPoints,
            BaseScore = Math.Round(baseScore, 4),
            Bonus = Math.Round(bonus, 4),
            Score = score,
            Grade = triggered.Count > 0 ? AssessmentGrade.Poor : card.Grades.GradeOf(score),
            Vetoes = triggered,
            RankInClass = 0,
            ClassSize = 0,
            Dimensions = dimensions,
            Items = items,
            Missing = missing,
        };
    }

    private static ItemScore ScoreIndicator(
        SchemeIndicator indicator,
        ItemKind kind,
        string? dimensionId,
        Scorecard card,
        CountyInfo county,
        IReadOnlyDictionary<string, IReadOnlyDictionary<int, double?>> kpiValues,
        List<AssessmentEntry> entries,
        FieldCheckEstimates? field,
        List<MissingEntry>? missing)
    {
        var (value, inputs, status) = ValueOf(indicator, card, county, kpiValues, entries, field, missing);
        var (ruleZh, ruleEn) = indicator.Rule.Describe(indicator.Points, UnitOf(indicator));
        var outcome = value is { } v
            ? indicator.Rule.Apply(v, indicator.Points)
            : new RuleOutcome(0, "无数值,不得分", "no value: 0 points");
        return new ItemScore
        {
            Id = indicator.Id,
            NameZh = indicator.NameZh,
            NameEn = indicator.NameEn,
            Kind = kind,
            DimensionId = dimensionId,
            MaxPoints = indicator.Points,
            Points = outcome.Points,
            Value = value,
            Unit = UnitOf(indicator),
            Status = status,
            Inputs = inputs,
            RuleZh = ruleZh,
            RuleEn = ruleEn,
            WorkingZh = outcome.WorkingZh,
            WorkingEn = outcome.WorkingEn,
            ScoredDirectly = indicator.Rule is EnteredPointsRule,
        };
    }

    private static ItemScore ScoreVeto(
        VetoItem veto,
        Scorecard card,
        CountyInfo county,
        IReadOnlyDictionary<string, IReadOnlyDictionary<int, double?>> kpiValues,
        List<AssessmentEntry> entries)
    {
        // An entered veto without an entry means nothing was found: not triggered, and not a missing entry.
        var (value, inputs, status) = ValueOf(veto, card, county, kpiValues, entries, field: null, missing: null);
        var (zh, en) = ScoringRule.Condition(veto.Limit, veto.Direction, UnitOf(veto));
        var triggered = value is { } v && !ScoringRule.Meets(v, veto.Limit, veto.Direction);
        return new ItemScore
        {
            Id = veto.Id,
            NameZh = veto.NameZh,
            NameEn = veto.NameEn,
            Kind = ItemKind.Veto,
            MaxPoints = 0,
            Points = 0,
            Value = value,
            Unit = UnitOf(veto),
            Status = status,
            Inputs = inputs,
            RuleZh = $"须 {zh},否则一票否决(评为“差”)",
            RuleEn = $"must be {en}, else vetoed (graded poor)",
            WorkingZh = value is null ? "无数值,不触发" : triggered ? $"{ScoringRule.N(value.Value)} 不满足 {zh},触发一票否决" : $"{ScoringRule.N(value.Value)} 满足 {zh},未触发",
            WorkingEn = value is null ? "no value: not triggered" : triggered ? $"{ScoringRule.N(value.Value)} breaks {en}: vetoed" : $"{ScoringRule.N(value.Value)} meets {en}: not triggered",
            Triggered = triggered,
        };
    }

    private static (double? Value, IReadOnlyList<ScoreInput> Inputs, ItemStatus Status) ValueOf(
        IScoredItem item,
        Scorecard card,
        CountyInfo county,
        IReadOnlyDictionary<string, IReadOnlyDictionary<int, double?>> kpiValues,
        List<AssessmentEntry> entries,
        FieldCheckEstimates? field,
        List<MissingEntry>? missing)
    {
        if (item.Kpi is { } kpi)
        {
            var value = kpiValues.GetValueOrDefault(kpi)?.GetValueOrDefault(county.Code);
            return value is { } v && double.IsFinite(v)
                ? (v, [new ScoreInput(kpi, null, v, 1, null, null)], ItemStatus.Complete)
                : (null, [], ItemStatus.NoValue);
        }

        var given = new List<(EntrySource Source, double Value, Guid? Id, string By)>();
        foreach (var source in item.Sources)
        {
            var entry = entries.FirstOrDefault(e => e.IndicatorId == item.Id && e.Source == source);
            if (entry is not null)
            {
                given.Add((source, entry.Value, entry.Id, entry.EnteredBy));
            }
            else if (source == EntrySource.FieldCheck && item is SchemeIndicator { FieldMeasure: { } measure } && field?.For(measure).Estimate is { } estimate)
            {
                given.Add((source, estimate, null, FieldEstimateAuthor));
            }
            else
            {
                missing?.Add(new MissingEntry(item.Id, source));
            }
        }

        if (given.Count == 0)
        {
            return (null, [], ItemStatus.NoValue);
        }

        if (item.Sources.Count == 1)
        {
            var only = given[0];
            return (only.Value, [new ScoreInput(null, only.Source, only.Value, 1, only.Id, only.By)], ItemStatus.Complete);
        }

        // Weights renormalised over the sources present, so a missing self-assessment does not drag the others down.
        var total = given.Sum(g => card.SourceWeights[g.Source]);
        var inputs = given.Select(g => new ScoreInput(null, g.Source, g.Value, card.SourceWeights[g.Source] / total, g.Id, g.By)).ToList();
        var combined = inputs.Sum(i => i.Value * i.Weight);
        return (combined, inputs, given.Count == item.Sources.Count ? ItemStatus.Complete : ItemStatus.Partial);
    }

    internal static string? UnitOf(IScoredItem item) =>
        item.Kpi is { } kpi && KpiCatalog.Default.Contains(kpi) ? KpiCatalog.Default.Get(kpi).UnitZh
        : item.Unit ?? (item is SchemeIndicator { Rule: EnteredPointsRule } ? "分" : null);
}
