using MathNet.Numerics.Distributions;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// Estimates the three rates from a sample and its results. Each rate is a weighted ratio over the households the
/// question applies to; its variance is the ultimate-cluster (Taylor linearisation) estimator over the drawn villages
/// with the finite-population correction 1 − m/M, which accounts for the clustering of the two-stage design and, through
/// the weights, for the strata. The 95 % interval is Korn and Graubard's: a Clopper–Pearson interval on the effective
/// sample size (n ÷ design effect, at most n), scaled by (z ÷ t with m − 1 degrees of freedom)², so that few villages
/// widen it and a rate of 0 still gets an upper bound.
/// </summary>
internal static class FieldEstimator
{
    public static FieldCheckEstimates Estimate(FieldSample sample, IReadOnlyCollection<FieldResult> results)
    {
        var byId = results.ToDictionary(r => r.HouseholdId);
        var villages = sample.Villages.Select(v => v.VillageCode).ToArray();
        RateEstimate Rate(Func<SampledHousehold, FieldResult, bool?> answer, Func<SampledHousehold, bool> applies) =>
            RateOf(sample, villages, sample.Households
                .Where(applies)
                .Select(h => (h, r: byId.GetValueOrDefault(h.HouseholdId)))
                .Where(x => x.r is not null && answer(x.h, x.r) is not null)
                .Select(x => (x.h.VillageCode, x.h.Weight, Case: answer(x.h, x.r!)!.Value))
                .ToList());

        return new FieldCheckEstimates(
            sample.CountyCode,
            Rate((_, r) => r.ExitCorrect is { } correct ? !correct : null, h => h.AskExit),
            Rate((_, r) => r.Missed, h => h.AskMissed),
            Rate((_, r) => r.Approves, _ => true));
    }

    private static RateEstimate RateOf(FieldSample sample, long[] villages, List<(long Village, double Weight, bool Case)> answers)
    {
        var n = answers.Count;
        if (n == 0)
        {
            return new RateEstimate(null, null, null, 0, 0, null);
        }

        var cases = answers.Count(a => a.Case);
        var totalWeight = answers.Sum(a => a.Weight);
        var rate = answers.Where(a => a.Case).Sum(a => a.Weight) / totalWeight;

        // Linearised values summed per village (villages without a respondent contribute 0).
        var m = villages.Length;
        var perVillage = villages.ToDictionary(v => v, _ => 0.0);
        foreach (var (village, weight, isCase) in answers)
        {
            perVillage[village] += weight * ((isCase ? 1 : 0) - rate) / totalWeight;
        }

        double? designEffect = null;
        var effective = (double)n;
        if (m >= 2)
        {
            var mean = perVillage.Values.Average();
            var fpc = sample.FrameVillages > 0 ? 1 - (double)m / sample.FrameVillages : 1;
            var variance = fpc * m / (m - 1) * perVillage.Values.Sum(z => (z - mean) * (z - mean));
            var srs = rate * (1 - rate) / n;
            if (variance > 0 && srs > 0)
            {
                designEffect = variance / srs;
                effective = Math.Min(n, rate * (1 - rate) / variance);
            }

            var t = StudentT.InvCDF(0, 1, m - 1, 0.975);
            effective *= Math.Pow(1.959963984540054 / t, 2);
        }

        var x = rate * effective;
        var lower = cases == 0 ? 0 : Beta.InvCDF(x, effective - x + 1, 0.025);
        var upper = cases == n ? 1 : Beta.InvCDF(x + 1, effective - x, 0.975);
        return new RateEstimate(100 * rate, 100 * lower, 100 * upper, n, cases, designEffect);
    }
}

/// <summary>How many households a field check needs for a chosen margin of error at county level, and what margin a
/// given number gives (normal approximation, 95 %, with a design effect for the clustering and the finite-population
/// correction).</summary>
public static class FieldSampleSize
{
    private const double Z = 1.959963984540054;

    /// <summary>Households needed so that the 95 % interval of a rate near <paramref name="expectedRatePercent"/> is
    /// ± <paramref name="marginPercent"/>.</summary>
    /// <param name="expectedRatePercent">The rate expected, % (e.g. 2 for 错退率, 90 for 认可度; 50 is the safe choice).</param>
    /// <param name="marginPercent">Half-width of the interval, percentage points.</param>
    /// <param name="population">Households the question applies to in the county.</param>
    /// <param name="designEffect">Variance inflation of the two-stage design (1.5 by default).</param>
    /// <returns>Households to sample (never more than <paramref name="population"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A rate outside (0, 100), a margin outside (0, 50], a population below
    /// 1 or a design effect below 1.</exception>
    public static int Required(double expectedRatePercent, double marginPercent, int population, double designEffect = 1.5)
    {
        Check(expectedRatePercent, marginPercent, population, designEffect);
        var p = expectedRatePercent / 100;
        var e = marginPercent / 100;
        var n0 = Z * Z * p * (1 - p) * designEffect / (e * e);
        var n = n0 / (1 + (n0 - 1) / population);
        return (int)Math.Min(population, Math.Ceiling(n - 1e-9));
    }

    /// <summary>The margin of error, percentage points, that <paramref name="households"/> give for a rate near
    /// <paramref name="expectedRatePercent"/>.</summary>
    /// <param name="expectedRatePercent">The rate expected, %.</param>
    /// <param name="households">Households sampled.</param>
    /// <param name="population">Households the question applies to.</param>
    /// <param name="designEffect">Variance inflation of the design.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument out of range.</exception>
    public static double Margin(double expectedRatePercent, int households, int population, double designEffect = 1.5)
    {
        Check(expectedRatePercent, 1, population, designEffect);
        ArgumentOutOfRangeException.ThrowIfLessThan(households, 1);
        var p = expectedRatePercent / 100;
        var fpc = population > 1 ? Math.Max(0, (double)(population - households) / (population - 1)) : 0;
        return 100 * Z * Math.Sqrt(designEffect * p * (1 - p) / households * fpc);
    }

    private static void Check(double rate, double margin, int population, double designEffect)
    {
        if (rate is <= 0 or >= 100 || !double.IsFinite(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "预期比率须在 0 与 100 之间(不含)/ the expected rate must lie strictly between 0 and 100 %");
        }

        if (margin is <= 0 or > 50 || !double.IsFinite(margin))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "误差范围须在 0 与 50 个百分点之间 / the margin must lie in (0, 50] percentage points");
        }

        if (population < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(population), population, "总体户数须 ≥ 1 / the population must be 1 or more");
        }

        if (designEffect < 1 || !double.IsFinite(designEffect))
        {
            throw new ArgumentOutOfRangeException(nameof(designEffect), designEffect, "设计效应须 ≥ 1 / the design effect must be 1 or more");
        }
    }
}
