using MathNet.Numerics.Distributions;

namespace RevivalAnalytics.Data.Generation;

/// <summary>The generator's probabilities of the risk model's outcome, with how precisely they are known.</summary>
/// <param name="Probabilities">By household: element <c>household_id − 1</c>.</param>
/// <param name="StandardErrors">The Monte Carlo standard error of each probability (what the simulated draws leave uncertain).</param>
/// <param name="Draws">Simulated draws per household.</param>
/// <param name="ProvinceYearKnown">Whether the outcome year's county disasters were known (the informed oracle) or averaged over (the oracle at the cutoff).</param>
public sealed record OracleProbabilities(IReadOnlyList<double> Probabilities, IReadOnlyList<double> StandardErrors, int Draws, bool ProvinceYearKnown);

public sealed partial class GeneratorOracle
{
    // Strata below this chance are left out: all of them together move a probability by well under 1e-5.
    private const double NeglectedStratumWeight = 1e-7;
    private const double ShockStratumSpreadFloor = 0.25;
    private const int IllnessStates = 3;
    private const int OtherShocks = 5;
    private const int StrataPerLevel = IllnessStates << OtherShocks;

    private static readonly int[] s_otherShocks = [ShockPlan.DisasterHit, ShockPlan.JobLoss, ShockPlan.Accident, ShockPlan.BusinessFailure, ShockPlan.Schooling];

    private int OutcomeYear(int cutoffYear)
    {
        var next = cutoffYear + 1;
        if (cutoffYear < Options.FirstYear || next > Options.LastYear || ProvinceTargets.MonitoringLine(next) is null)
        {
            throw new ArgumentOutOfRangeException(
                nameof(cutoffYear),
                cutoffYear,
                $"截止年 {cutoffYear} 的下一年须在 {Options.FirstYear}–{Options.LastYear} 之内且有监测线。The year after cutoff {cutoffYear} must lie within {Options.FirstYear}–{Options.LastYear} and have a monitoring line.");
        }

        return next;
    }

    /// <summary>The household's traits and its state at the end of <paramref name="cutoffYear"/>, replayed from its own stream.</summary>
    private (HouseholdTraits Traits, HouseholdState State) Replay(int index, int cutoffYear)
    {
        var rng = SimRandom.ForStream(Options.Seed, HouseholdSimulator.HouseholdStream, index);
        var traits = _simulator.DrawTraits(ref rng, out var state);
        for (var y = 0; y <= cutoffYear - Options.FirstYear; y++)
        {
            _simulator.SimulateYear(ref state, traits, y, ref rng);
        }

        return (traits, state);
    }

    /// <summary>
    /// Stratified estimate of one household's probability in <paramref name="year"/> and its standard error. Strata =
    /// the county's disaster level (when unknown) × which shocks happen, each with its exact chance. A few pilot draws per
    /// stratum measure how much its outcome varies; the rest go where weight × spread is largest (Neyman allocation).
    /// </summary>
    private (double Probability, double StandardError) Stratified(int index, HouseholdTraits traits, HouseholdState state, int year, int draws, bool provinceYearKnown)
    {
        var y = year - Options.FirstYear;
        Span<(sbyte Level, double Weight)> levels = stackalloc (sbyte, double)[3];
        var levelCount = 0;
        if (provinceYearKnown)
        {
            levels[levelCount++] = (_model.Disaster[traits.County, y], 1.0);
        }
        else
        {
            var (normal, severe) = ProvinceModel.DisasterChances(year);
            levels[levelCount++] = (DisasterLevel.None, 1 - normal - severe);
            levels[levelCount++] = (DisasterLevel.Normal, normal);
            levels[levelCount++] = (DisasterLevel.Severe, severe);
        }

        var strata = new List<Stratum>(64);
        for (var l = 0; l < levelCount; l++)
        {
            var (level, levelWeight) = levels[l];
            var chances = HouseholdSimulator.Chances(state, traits, year, level);
            ReadOnlySpan<double> other = [chances.DisasterHit, chances.JobLoss, chances.Accident, chances.BusinessFailure, chances.Schooling];
            for (var illness = 0; illness < IllnessStates; illness++)
            {
                var illnessWeight = illness switch
                {
                    1 => chances.Illness,
                    2 => (1 - chances.Illness) * chances.OngoingIllness,
                    _ => (1 - chances.Illness) * (1 - chances.OngoingIllness),
                };
                for (var mask = 0; mask < 1 << OtherShocks; mask++)
                {
                    var weight = levelWeight * illnessWeight;
                    var occurring = illness switch { 1 => ShockPlan.Illness, 2 => ShockPlan.OngoingIllness, _ => 0 };
                    for (var s = 0; s < OtherShocks; s++)
                    {
                        var happens = (mask & (1 << s)) != 0;
                        weight *= happens ? other[s] : 1 - other[s];
                        occurring |= happens ? s_otherShocks[s] : 0;
                    }

                    if (weight >= NeglectedStratumWeight)
                    {
                        var stream = (((long)index * 3) + l) * StrataPerLevel + (illness << OtherShocks) + mask;
                        strata.Add(new Stratum(level, new ShockPlan(occurring), weight, SimRandom.ForStream(Options.Seed, OracleStream, stream)));
                    }
                }
            }
        }

        // Pilot draws, then the rest of the budget in proportion to weight × spread.
        var used = 0;
        foreach (var stratum in strata)
        {
            used += Draw(stratum, traits, state, y, stratum.Weight >= 1e-3 ? 4 : 2);
        }

        var total = 0.0;
        foreach (var stratum in strata)
        {
            total += stratum.Weight * AllocationSpread(stratum);
        }

        var remaining = draws - used;
        if (remaining > 0 && total > 0)
        {
            foreach (var stratum in strata)
            {
                Draw(stratum, traits, state, y, (int)(remaining * stratum.Weight * AllocationSpread(stratum) / total));
            }
        }

        double probability = 0, variance = 0;
        foreach (var stratum in strata)
        {
            probability += stratum.Weight * stratum.Mean;
            variance += stratum.Weight * stratum.Weight * stratum.Spread * stratum.Spread / stratum.Count;
        }

        return (probability, Math.Sqrt(variance));
    }

    // A shock's outcome is often all or nothing (an illness's cost pushes the household under the line or not), so a few
    // pilot draws can all land on one side: a stratum with a shock is never taken as less variable than this.
    private static double AllocationSpread(Stratum stratum) =>
        stratum.Plan.Occurring != 0 ? Math.Max(stratum.Spread, ShockStratumSpreadFloor) : stratum.Spread;

    private int Draw(Stratum stratum, HouseholdTraits traits, HouseholdState state, int y, int count)
    {
        for (var k = 0; k < count; k++)
        {
            var fork = state;
            var outcome = _simulator.SimulateYear(ref fork, traits, y, ref stratum.Random, stratum.Level, stratum.Plan);
            stratum.Add(OverIncomeNoise(outcome.Terms));
        }

        return count;
    }

    /// <summary>
    /// The probability of the outcome given every draw of the year but its income noise z ~ N(0, 1), averaged over z
    /// exactly: each condition of the outcome (assessed income under the line or within 15 % above it, a sharp drop,
    /// the final income under the line) holds on one side of a threshold of the base income, so the outcome is constant
    /// between the thresholds and each stretch is weighted by its normal probability. The identification draws and the
    /// guarantee gaps (schooling, medical care, housing, water) enter with their chances.
    /// </summary>
    internal static double OverIncomeNoise(in IncomeTerms terms)
    {
        var t = terms;
        var line = t.Line;
        var assessedSlope = t.IncomeFactor - t.ExpenseFactor;
        var assessedFixed = t.FixedIncome + t.Uplift - t.FixedExpense;
        Span<double> cuts = stackalloc double[4];
        var count = 0;
        void Cut(double slope, double target, Span<double> into, ref int n)
        {
            // The base income b at which slope · b reaches target, as a point of z.
            if (slope != 0 && target / slope is var b && b > 0 && double.IsFinite(b) && t.Volatility > 0)
            {
                into[n++] = Math.Log(b / t.NoiseFreeBase) / t.Volatility;
            }
        }

        Cut(assessedSlope, line - assessedFixed, cuts, ref count);
        Cut(assessedSlope, (HouseholdSimulator.NearLineBandOfLine * line) - assessedFixed, cuts, ref count);
        Cut(t.IncomeFactor, line - t.FixedIncome - t.Uplift, cuts, ref count);
        if (t.PreviousIncome > 0)
        {
            Cut(t.IncomeFactor, (HouseholdSimulator.SharpDropShareOfLastYear * t.PreviousIncome) - t.FixedIncome, cuts, ref count);
        }

        var points = cuts[..count];
        points.Sort();
        if (count == 0)
        {
            return At(t, 0);
        }

        var probability = 0.0;
        var below = 0.0;
        for (var i = 0; i <= count; i++)
        {
            var upper = i < count ? Normal.CDF(0, 1, points[i]) : 1.0;
            var z = i == 0 ? points[0] - 1 : i == count ? points[count - 1] + 1 : 0.5 * (points[i - 1] + points[i]);
            probability += (upper - below) * At(t, z);
            below = upper;
        }

        return probability;
    }

    // The outcome's probability at income noise z (the identification and guarantee draws by their chances).
    private static double At(in IncomeTerms t, double z)
    {
        var b = t.NoiseFreeBase * Math.Exp(t.Volatility * z);
        var income = (b * t.IncomeFactor) + t.FixedIncome;
        var belowLine = income + t.Uplift < t.Line ? 1.0 : 0.0;
        if (!t.Identifiable)
        {
            return belowLine;
        }

        var assessed = (b * (t.IncomeFactor - t.ExpenseFactor)) + t.FixedIncome + t.Uplift - t.FixedExpense;
        var sharpDrop = t.PreviousIncome > 0 && income < HouseholdSimulator.SharpDropShareOfLastYear * t.PreviousIncome;
        var nearLine = assessed < HouseholdSimulator.NearLineBandOfLine * t.Line;
        var withGuarantees = HouseholdSimulator.IdentificationChance(assessed < t.Line, sharpDrop, nearLine, t.Detection, t.NearLineChance);
        var identified = (t.GuaranteeGapChance * t.Detection) + ((1 - t.GuaranteeGapChance) * withGuarantees);
        return identified + ((1 - identified) * belowLine);
    }

    /// <summary>One stratum of the outcome year and the running mean and spread of its draws (Welford).</summary>
    private sealed class Stratum(sbyte level, ShockPlan plan, double weight, SimRandom random)
    {
        public SimRandom Random = random;
        private double _sumOfSquares;

        public sbyte Level { get; } = level;

        public ShockPlan Plan { get; } = plan;

        public double Weight { get; } = weight;

        public int Count { get; private set; }

        public double Mean { get; private set; }

        public double Spread => Count > 1 ? Math.Sqrt(_sumOfSquares / (Count - 1)) : 0;

        public void Add(double value)
        {
            Count++;
            var delta = value - Mean;
            Mean += delta / Count;
            _sumOfSquares += delta * (value - Mean);
        }
    }
}
