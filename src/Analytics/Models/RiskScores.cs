namespace RevivalAnalytics.Models;

/// <summary>
/// Expected number of households returning to poverty in a group, with a 90% range. The households' outcomes are
/// independent Bernoulli draws with the calibrated probabilities, so the count is Poisson-binomial: mean Σp,
/// variance Σp(1−p), range by the normal approximation (clamped at 0). Weighted figures scale each household by
/// its sample weight to the province's households.
/// </summary>
/// <param name="Key">County code, or county class code.</param>
/// <param name="Households">Sample households scored.</param>
/// <param name="MeanProbability">Mean calibrated probability.</param>
/// <param name="ExpectedCount">Expected returning sample households.</param>
/// <param name="Lower">Lower end of the 90% range.</param>
/// <param name="Upper">Upper end of the 90% range.</param>
/// <param name="WeightedExpected">Expected returning households in the province (sample-weighted).</param>
/// <param name="WeightedLower">Lower end of the weighted 90% range.</param>
/// <param name="WeightedUpper">Upper end of the weighted 90% range.</param>
public sealed record ExpectedReturns(
    int Key,
    int Households,
    double MeanProbability,
    double ExpectedCount,
    double Lower,
    double Upper,
    double WeightedExpected,
    double WeightedLower,
    double WeightedUpper);

/// <summary>How a group's households spread over risk bands.</summary>
/// <param name="Key">County code, or county class code.</param>
/// <param name="BandUpperBounds">Upper bounds of the bands (the last is 1).</param>
/// <param name="Counts">Sample households per band.</param>
public sealed record RiskDistribution(int Key, IReadOnlyList<double> BandUpperBounds, IReadOnlyList<int> Counts);

/// <summary>The risk scores of every eligible household at one cutoff year, with explanation and aggregation.</summary>
public sealed class RiskScores
{
    /// <summary>Upper bounds of the risk bands used by <see cref="Distribution"/>: &lt;1%, 1–2%, 2–5%, 5–10%, 10–20%, 20–50%, ≥50%.</summary>
    public static IReadOnlyList<double> Bands { get; } = [0.01, 0.02, 0.05, 0.10, 0.20, 0.50, 1.0];

    // z for a two-sided 90% normal range.
    private const double Z90 = 1.6448536269514722;

    private readonly RiskModel _model;
    private readonly RiskFrame _frame;
    private readonly Dictionary<long, int> _rowOfHousehold;

    internal RiskScores(RiskModel model, RiskFrame frame, HouseholdRiskScore[] households)
    {
        _model = model;
        _frame = frame;
        Households = households;
        _rowOfHousehold = new Dictionary<long, int>(households.Length);
        for (var i = 0; i < households.Length; i++)
        {
            _rowOfHousehold[households[i].HouseholdId] = i;
        }
    }

    /// <summary>One score per household, in the order of the frame (household id within the cutoff year).</summary>
    public IReadOnlyList<HouseholdRiskScore> Households { get; }

    /// <summary>The top factors raising each requested household's risk (SHAP contributions, largest first).</summary>
    /// <param name="householdIds">Households to explain (unknown ids are skipped).</param>
    /// <param name="top">Factors per household.</param>
    /// <returns>Factors by household id.</returns>
    public IReadOnlyDictionary<long, IReadOnlyList<RiskFactor>> TopFactors(IEnumerable<long> householdIds, int top = 3)
    {
        ArgumentNullException.ThrowIfNull(householdIds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var ids = householdIds.Where(_rowOfHousehold.ContainsKey).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return new Dictionary<long, IReadOnlyList<RiskFactor>>();
        }

        var factors = _model.Explain(_frame, [.. ids.Select(id => _rowOfHousehold[id])], top);
        return ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => factors[x.i]);
    }

    /// <summary>The <paramref name="count"/> highest-risk households, optionally of one county, highest first.</summary>
    /// <param name="count">How many.</param>
    /// <param name="countyCode">A county code, or null for the province.</param>
    /// <returns>The scores.</returns>
    public IReadOnlyList<HouseholdRiskScore> Highest(int count, int? countyCode = null) =>
        [.. Households.Where(h => countyCode is null || h.CountyCode == countyCode)
            .OrderByDescending(h => h.Probability).ThenBy(h => h.HouseholdId).Take(count)];

    /// <summary>Expected returning households per county.</summary>
    /// <returns>One row per county, by county code.</returns>
    public IReadOnlyList<ExpectedReturns> ByCounty() => Aggregate(h => h.CountyCode);

    /// <summary>Expected returning households per county class.</summary>
    /// <returns>One row per class, by class code.</returns>
    public IReadOnlyList<ExpectedReturns> ByClass() => Aggregate(h => h.CountyClass);

    /// <summary>How households spread over <see cref="Bands"/>, per county.</summary>
    /// <returns>One distribution per county.</returns>
    public IReadOnlyList<RiskDistribution> DistributionByCounty() => Distribution(h => h.CountyCode);

    /// <summary>How households spread over <see cref="Bands"/>, per county class.</summary>
    /// <returns>One distribution per class.</returns>
    public IReadOnlyList<RiskDistribution> DistributionByClass() => Distribution(h => h.CountyClass);

    internal static ExpectedReturns Expected(int key, IReadOnlyCollection<HouseholdRiskScore> group)
    {
        double mean = 0;
        double variance = 0;
        double weightedMean = 0;
        double weightedVariance = 0;
        foreach (var h in group)
        {
            var p = h.Probability;
            mean += p;
            variance += p * (1 - p);
            weightedMean += h.SampleWeight * p;
            weightedVariance += h.SampleWeight * h.SampleWeight * p * (1 - p);
        }

        var sd = Math.Sqrt(variance);
        var weightedSd = Math.Sqrt(weightedVariance);
        return new ExpectedReturns(
            key,
            group.Count,
            group.Count == 0 ? 0 : mean / group.Count,
            mean,
            Math.Max(0, mean - (Z90 * sd)),
            mean + (Z90 * sd),
            weightedMean,
            Math.Max(0, weightedMean - (Z90 * weightedSd)),
            weightedMean + (Z90 * weightedSd));
    }

    private ExpectedReturns[] Aggregate(Func<HouseholdRiskScore, int> key) =>
        [.. Households.GroupBy(key).OrderBy(g => g.Key).Select(g => Expected(g.Key, g.ToArray()))];

    private RiskDistribution[] Distribution(Func<HouseholdRiskScore, int> key) =>
        [.. Households.GroupBy(key).OrderBy(g => g.Key).Select(g =>
        {
            var counts = new int[Bands.Count];
            foreach (var h in g)
            {
                var band = 0;
                while (band < Bands.Count - 1 && h.Probability >= Bands[band])
                {
                    band++;
                }

                counts[band]++;
            }

            return new RiskDistribution(g.Key, Bands, counts);
        })];
}
