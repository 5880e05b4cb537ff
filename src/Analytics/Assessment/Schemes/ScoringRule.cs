using System.Globalization;
using System.Text.Json.Serialization;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// How an indicator's value becomes points. The file names the type in <c>type</c>: <c>all_or_nothing</c>,
/// <c>deduction</c> (扣分, 扣完为止), <c>linear</c>, <c>bands</c>, <c>entered_points</c>. Values are in the indicator's
/// unit (rates in %).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AllOrNothingRule), "all_or_nothing")]
[JsonDerivedType(typeof(DeductionRule), "deduction")]
[JsonDerivedType(typeof(LinearRule), "linear")]
[JsonDerivedType(typeof(BandsRule), "bands")]
[JsonDerivedType(typeof(EnteredPointsRule), "entered_points")]
public abstract record ScoringRule
{
    private protected ScoringRule()
    {
    }

    /// <summary>The points <paramref name="value"/> earns out of <paramref name="points"/>, with the working.</summary>
    internal abstract RuleOutcome Apply(double value, double points);

    /// <summary>The rule in words (Chinese, English), for tables and traces.</summary>
    /// <param name="points">The indicator's full points.</param>
    /// <param name="unit">The value's unit, or null.</param>
    public abstract (string Zh, string En) Describe(double points, string? unit);

    /// <summary>Parameter problems given the indicator's full points: (field, Chinese, English).</summary>
    internal abstract IEnumerable<(string Field, string Zh, string En)> Check(double points);

    internal static string N(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    internal static string Unit(string? unit) => unit is null or "points" or "flag" or "分" ? string.Empty : unit;

    internal static bool Meets(double value, double limit, RuleDirection direction) =>
        direction == RuleDirection.AtLeast ? value >= limit : value <= limit;

    internal static (string Zh, string En) Condition(double limit, RuleDirection direction, string? unit) =>
        direction == RuleDirection.AtLeast ? ($"≥ {N(limit)}{Unit(unit)}", $"≥ {N(limit)}{Unit(unit)}") : ($"≤ {N(limit)}{Unit(unit)}", $"≤ {N(limit)}{Unit(unit)}");
}

/// <summary>The points earned and how (Chinese, English).</summary>
/// <param name="Points">Points earned.</param>
/// <param name="WorkingZh">The working, Chinese.</param>
/// <param name="WorkingEn">The working, English.</param>
internal readonly record struct RuleOutcome(double Points, string WorkingZh, string WorkingEn);

/// <summary>Full points when the value meets <see cref="Threshold"/>, none otherwise (达标得满分,否则不得分).</summary>
public sealed record AllOrNothingRule : ScoringRule
{
    /// <summary>The threshold.</summary>
    public required double Threshold { get; init; }

    /// <summary>At least or at most the threshold.</summary>
    public RuleDirection Direction { get; init; } = RuleDirection.AtLeast;

    internal override RuleOutcome Apply(double value, double points)
    {
        var (zh, en) = Condition(Threshold, Direction, null);
        return Meets(value, Threshold, Direction)
            ? new RuleOutcome(points, $"{N(value)} {zh},得满分 {N(points)}", $"{N(value)} {en}: full {N(points)} points")
            : new RuleOutcome(0, $"{N(value)} 未达到 {zh},不得分", $"{N(value)} misses {en}: 0 points");
    }

    /// <inheritdoc />
    public override (string Zh, string En) Describe(double points, string? unit)
    {
        var (zh, en) = Condition(Threshold, Direction, unit);
        return ($"{zh} 得 {N(points)} 分,否则 0 分", $"{en}: {N(points)} points, else 0");
    }

    internal override IEnumerable<(string Field, string Zh, string En)> Check(double points)
    {
        if (!double.IsFinite(Threshold))
        {
            yield return ("threshold", "阈值必须是有限数", "the threshold must be a finite number");
        }
    }
}

/// <summary>How a shortfall counts in whole, started or fractional steps.</summary>
public enum DeductionUnits
{
    /// <summary>Only whole steps count (每低 0.1 扣 1 分: 0.15 below costs 1 point).</summary>
    WholeSteps,

    /// <summary>A started step counts whole (0.15 below costs 2 points).</summary>
    StartedSteps,

    /// <summary>In proportion (0.15 below costs 1.5 points).</summary>
    Proportional,
}

/// <summary>Full points at or beyond <see cref="Target"/>; each <see cref="Step"/> short of it costs
/// <see cref="PointsPerStep"/>, at most <see cref="MaxDeduction"/> (by default the indicator's points: 扣完为止).</summary>
public sealed record DeductionRule : ScoringRule
{
    /// <summary>The target (e.g. 100 %).</summary>
    public required double Target { get; init; }

    /// <summary>Size of one step of shortfall (e.g. 0.1 percentage points).</summary>
    public required double Step { get; init; }

    /// <summary>Points deducted per step.</summary>
    public required double PointsPerStep { get; init; }

    /// <summary>At least the target (shortfall below it) or at most (excess above it).</summary>
    public RuleDirection Direction { get; init; } = RuleDirection.AtLeast;

    /// <summary>Largest deduction; null for the indicator's full points (扣完为止).</summary>
    public double? MaxDeduction { get; init; }

    /// <summary>Whole, started or fractional steps.</summary>
    public DeductionUnits Units { get; init; } = DeductionUnits.WholeSteps;

    internal override RuleOutcome Apply(double value, double points)
    {
        var shortfall = Direction == RuleDirection.AtLeast ? Target - value : value - Target;
        if (shortfall <= 0)
        {
            return new RuleOutcome(points, $"{N(value)} 达到目标 {N(Target)},得满分 {N(points)}", $"{N(value)} meets the target {N(Target)}: full {N(points)} points");
        }

        // Rounded first so that 100 − 99.2 = 0.79999… still counts as 8 steps of 0.1.
        var exact = Math.Round(shortfall / Step, 6);
        var steps = Units switch
        {
            DeductionUnits.WholeSteps => Math.Floor(exact),
            DeductionUnits.StartedSteps => Math.Ceiling(exact),
            _ => exact,
        };
        var cap = Math.Min(MaxDeduction ?? points, points);
        var deduction = Math.Min(steps * PointsPerStep, cap);
        var capped = steps * PointsPerStep > cap;
        return new RuleOutcome(
            points - deduction,
            $"{N(value)} 距目标 {N(Target)} 差 {N(shortfall)},计 {N(steps)} 档 × {N(PointsPerStep)} = 扣 {N(steps * PointsPerStep)} 分{(capped ? $",以 {N(cap)} 分为限" : string.Empty)},得 {N(points - deduction)}",
            $"{N(value)} is {N(shortfall)} short of {N(Target)}: {N(steps)} steps × {N(PointsPerStep)} = {N(steps * PointsPerStep)} deducted{(capped ? $", capped at {N(cap)}" : string.Empty)}: {N(points - deduction)} points");
    }

    /// <inheritdoc />
    public override (string Zh, string En) Describe(double points, string? unit)
    {
        var u = Unit(unit);
        var side = Direction == RuleDirection.AtLeast ? ("低于", "below") : ("高于", "above");
        var cap = MaxDeduction is { } max && max < points ? ($"最多扣 {N(max)} 分", $"at most {N(max)} deducted") : ("扣完为止", "down to 0");
        return ($"目标 {N(Target)}{u};每{side.Item1} {N(Step)}{u} 扣 {N(PointsPerStep)} 分,{cap.Item1}",
            $"target {N(Target)}{u}; −{N(PointsPerStep)} per {N(Step)}{u} {side.Item2}, {cap.Item2}");
    }

    internal override IEnumerable<(string Field, string Zh, string En)> Check(double points)
    {
        if (!double.IsFinite(Target))
        {
            yield return ("target", "目标必须是有限数", "the target must be a finite number");
        }

        if (!(Step > 0) || !double.IsFinite(Step))
        {
            yield return ("step", "扣分档距必须大于 0", "the step must be greater than 0");
        }

        if (!(PointsPerStep > 0) || !double.IsFinite(PointsPerStep))
        {
            yield return ("points_per_step", "每档扣分必须大于 0", "points per step must be greater than 0");
        }

        if (MaxDeduction is { } max && (!(max > 0) || max > points))
        {
            yield return ("max_deduction", $"最多扣分必须在 0 与指标分值 {N(points)} 之间", $"the largest deduction must lie in (0, {N(points)}], the indicator's points");
        }
    }
}

/// <summary>No points at or beyond <see cref="Floor"/>, full points at or beyond <see cref="Target"/>, in proportion
/// between. A floor above the target means lower is better.</summary>
public sealed record LinearRule : ScoringRule
{
    /// <summary>Value earning 0 points.</summary>
    public required double Floor { get; init; }

    /// <summary>Value earning full points.</summary>
    public required double Target { get; init; }

    internal override RuleOutcome Apply(double value, double points)
    {
        var share = Math.Clamp((value - Floor) / (Target - Floor), 0, 1);
        return new RuleOutcome(
            points * share,
            $"({N(value)} − {N(Floor)}) ÷ ({N(Target)} − {N(Floor)}) = {N(share)},得 {N(points * share)}",
            $"({N(value)} − {N(Floor)}) ÷ ({N(Target)} − {N(Floor)}) = {N(share)}: {N(points * share)} points");
    }

    /// <inheritdoc />
    public override (string Zh, string En) Describe(double points, string? unit)
    {
        var u = Unit(unit);
        return ($"{N(Floor)}{u} 得 0 分,{N(Target)}{u} 得 {N(points)} 分,其间按比例", $"{N(Floor)}{u}: 0, {N(Target)}{u}: {N(points)}, linear between");
    }

    internal override IEnumerable<(string Field, string Zh, string En)> Check(double points)
    {
        if (!double.IsFinite(Floor) || !double.IsFinite(Target))
        {
            yield return ("floor", "下限和目标必须是有限数", "floor and target must be finite numbers");
        }
        else if (Floor == Target)
        {
            yield return ("target", $"目标不能等于下限 {N(Floor)}", $"the target cannot equal the floor {N(Floor)}");
        }
    }
}

/// <summary>One band: a value meeting <see cref="Limit"/> earns <see cref="Points"/>.</summary>
/// <param name="Limit">The band's limit.</param>
/// <param name="Points">Points of the band.</param>
public sealed record ScoreBand(double Limit, double Points);

/// <summary>The first band whose limit the value meets gives the points, otherwise <see cref="Otherwise"/>. For
/// <c>at_least</c> the limits fall from band to band, for <c>at_most</c> they rise.</summary>
public sealed record BandsRule : ScoringRule
{
    /// <summary>At least or at most each band's limit.</summary>
    public RuleDirection Direction { get; init; } = RuleDirection.AtLeast;

    /// <summary>The bands, best first.</summary>
    public required IReadOnlyList<ScoreBand> Bands { get; init; }

    /// <summary>Points when no band is met.</summary>
    public double Otherwise { get; init; }

    internal override RuleOutcome Apply(double value, double points)
    {
        for (var i = 0; i < Bands.Count; i++)
        {
            if (Meets(value, Bands[i].Limit, Direction))
            {
                var (zh, en) = Condition(Bands[i].Limit, Direction, null);
                return new RuleOutcome(Bands[i].Points, $"{N(value)} {zh},第 {i + 1} 档,得 {N(Bands[i].Points)}", $"{N(value)} {en}: band {i + 1}, {N(Bands[i].Points)} points");
            }
        }

        return new RuleOutcome(Otherwise, $"{N(value)} 未达到任何档,得 {N(Otherwise)}", $"{N(value)} meets no band: {N(Otherwise)} points");
    }

    /// <inheritdoc />
    public override (string Zh, string En) Describe(double points, string? unit)
    {
        var zh = string.Join(";", Bands.Select(b => $"{Condition(b.Limit, Direction, unit).Zh} 得 {N(b.Points)}"));
        var en = string.Join("; ", Bands.Select(b => $"{Condition(b.Limit, Direction, unit).En}: {N(b.Points)}"));
        return ($"{zh};否则 {N(Otherwise)}", $"{en}; else {N(Otherwise)}");
    }

    internal override IEnumerable<(string Field, string Zh, string En)> Check(double points)
    {
        if (Bands is null || Bands.Count == 0)
        {
            yield return ("bands", "至少需要一个分档", "at least one band is needed");
            yield break;
        }

        for (var i = 0; i < Bands.Count; i++)
        {
            var band = Bands[i];
            if (!double.IsFinite(band.Limit))
            {
                yield return ($"bands[{i}].limit", "分档界限必须是有限数", "a band's limit must be a finite number");
            }

            if (band.Points < 0 || band.Points > points)
            {
                yield return ($"bands[{i}].points", $"分档得分 {N(band.Points)} 必须在 0 与指标分值 {N(points)} 之间", $"band points {N(band.Points)} must lie within 0–{N(points)}, the indicator's points");
            }

            if (i > 0)
            {
                var previous = Bands[i - 1];
                var ordered = Direction == RuleDirection.AtLeast ? band.Limit < previous.Limit : band.Limit > previous.Limit;
                if (!ordered)
                {
                    yield return ($"bands[{i}].limit", Direction == RuleDirection.AtLeast ? "at_least 的分档界限必须逐档递减" : "at_most 的分档界限必须逐档递增",
                        Direction == RuleDirection.AtLeast ? "at_least band limits must fall from band to band" : "at_most band limits must rise from band to band");
                }

                if (band.Points > previous.Points)
                {
                    yield return ($"bands[{i}].points", "后一档得分不能高于前一档", "a later band cannot earn more than the one before");
                }
            }
        }

        if (Otherwise < 0 || Otherwise > Bands[^1].Points)
        {
            yield return ("otherwise", $"未达档得分必须在 0 与最后一档得分 {N(Bands[^1].Points)} 之间", $"'otherwise' must lie within 0 and the last band's points {N(Bands[^1].Points)}");
        }
    }
}

/// <summary>The entered value is the points themselves (评分人直接打分), from 0 to the indicator's points.</summary>
public sealed record EnteredPointsRule : ScoringRule
{
    internal override RuleOutcome Apply(double value, double points)
    {
        var awarded = Math.Clamp(value, 0, points);
        return new RuleOutcome(awarded, $"评分 {N(value)},得 {N(awarded)}", $"scored {N(value)}: {N(awarded)} points");
    }

    /// <inheritdoc />
    public override (string Zh, string En) Describe(double points, string? unit) =>
        ($"评价组直接评分,0–{N(points)} 分", $"scored directly by the evaluators, 0–{N(points)}");

    internal override IEnumerable<(string Field, string Zh, string En)> Check(double points) => [];
}
