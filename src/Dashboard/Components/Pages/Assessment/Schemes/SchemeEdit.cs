using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.Dashboard.Components.Pages.Assessment.Schemes;

/// <summary>Edits of an immutable scheme: each returns a copy with one part replaced, so the editor never changes the
/// scheme it was opened from (a saved change is always a new version), and the JSON paths the validator names stay the
/// indices used here.</summary>
internal static class SchemeEdit
{
    /// <summary>The rule types in the order the editor offers them (the file's <c>type</c> names).</summary>
    public static IReadOnlyList<string> RuleTypes { get; } = ["all_or_nothing", "deduction", "linear", "bands", "entered_points"];

    /// <summary>Where base indicators of dimension <paramref name="dimension"/> sit; bonus items pass -1.</summary>
    public static string IndicatorPath(string cardPath, int dimension, int indicator) =>
        dimension < 0 ? $"{cardPath}.bonus[{indicator}]" : $"{cardPath}.dimensions[{dimension}].indicators[{indicator}]";

    public static AssessmentScheme WithScorecard(AssessmentScheme scheme, int index, Scorecard card) =>
        scheme with { Scorecards = [.. scheme.Scorecards.Select((c, i) => i == index ? card : c)] };

    public static Scorecard WithDimension(Scorecard card, int index, SchemeDimension dimension) =>
        card with { Dimensions = [.. card.Dimensions.Select((d, i) => i == index ? dimension : d)] };

    /// <summary>Replaces a base indicator, or a bonus item when <paramref name="dimension"/> is -1.</summary>
    public static Scorecard WithIndicator(Scorecard card, int dimension, int index, SchemeIndicator indicator) =>
        dimension < 0
            ? card with { Bonus = [.. card.Bonus.Select((b, i) => i == index ? indicator : b)] }
            : WithDimension(card, dimension, card.Dimensions[dimension] with
            {
                Indicators = [.. card.Dimensions[dimension].Indicators.Select((x, i) => i == index ? indicator : x)],
            });

    public static Scorecard WithVeto(Scorecard card, int index, VetoItem veto) =>
        card with { Vetoes = [.. card.Vetoes.Select((v, i) => i == index ? veto : v)] };

    public static Scorecard WithWeight(Scorecard card, EntrySource source, double? weight)
    {
        var weights = card.SourceWeights.ToDictionary(w => w.Key, w => w.Value);
        if (weight is { } w)
        {
            weights[source] = w;
        }
        else
        {
            weights.Remove(source);
        }

        return card with { SourceWeights = weights };
    }

    /// <summary>The file's name of a rule's type.</summary>
    public static string TypeOf(ScoringRule rule) => rule switch
    {
        AllOrNothingRule => "all_or_nothing",
        DeductionRule => "deduction",
        LinearRule => "linear",
        BandsRule => "bands",
        _ => "entered_points",
    };

    /// <summary>A rule of another type, starting from what the current rule says (its target or threshold), for the
    /// administrator to adjust; the validator tells what does not fit yet.</summary>
    public static ScoringRule RuleOfType(string type, ScoringRule current, double points)
    {
        var (goal, direction) = current switch
        {
            AllOrNothingRule a => (a.Threshold, a.Direction),
            DeductionRule d => (d.Target, d.Direction),
            LinearRule l => (l.Target, l.Floor > l.Target ? RuleDirection.AtMost : RuleDirection.AtLeast),
            BandsRule { Bands.Count: > 0 } b => (b.Bands[0].Limit, b.Direction),
            _ => (100.0, RuleDirection.AtLeast),
        };
        return type switch
        {
            "all_or_nothing" => new AllOrNothingRule { Threshold = goal, Direction = direction },
            "deduction" => new DeductionRule { Target = goal, Step = 1, PointsPerStep = 1, Direction = direction },
            "linear" => new LinearRule { Floor = direction == RuleDirection.AtLeast ? goal - 10 : goal + 10, Target = goal },
            "bands" => new BandsRule { Direction = direction, Bands = [new ScoreBand(goal, points)], Otherwise = 0 },
            "entered_points" => new EnteredPointsRule(),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "未知规则类型 / unknown rule type"),
        };
    }
}
