namespace RevivalAnalytics.Models;

/// <summary>The risk scores of every eligible household at one cutoff year, with explanation and aggregation.</summary>
public sealed class RiskScores
{
    /// <summary>Upper bounds of the risk bands used by <see cref="Distribution"/>: &lt;1%, 1–2%, 2–5%, 5–10%, 10–20%, 20–50%, ≥50%.</summary>
    public static IReadOnlyList<double> Bands => s_bands;

    private static readonly double[] s_bands = [0.01, 0.02, 0.05, 0.10, 0.20, 0.50, 1.0];

    private readonly RiskModel _model;
    private readonly RiskFrame _frame;
    private readonly Dictionary<long, int> _rowOfHousehold;
    private readonly HouseholdRiskScore[] _households;
    private readonly Lazy<ReturnRangeSet> _ranges;

    internal RiskScores(RiskModel model, RiskFrame frame, HouseholdRiskScore[] households)
    {
        _model = model;
        _frame = frame;
        _households = households;
        _ranges = new Lazy<ReturnRangeSet>(ComputeRanges, LazyThreadSafetyMode.ExecutionAndPublication);
        _rowOfHousehold = new Dictionary<long, int>(households.Length);
        for (var i = 0; i < households.Length; i++)
        {
            _rowOfHousehold[households[i].HouseholdId] = i;
        }
    }

    /// <summary>One score per household, in the order of the frame (household id within the cutoff year).</summary>
    public IReadOnlyList<HouseholdRiskScore> Households => _households;

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

    /// <summary>Expected returning households per county, with 90% ranges that hold shared shocks.</summary>
    /// <returns>One row per county, by county code.</returns>
    public IReadOnlyList<ExpectedReturns> ByCounty() => _ranges.Value.Counties;

    /// <summary>Expected returning households per county class, with 90% ranges that hold shared shocks.</summary>
    /// <returns>One row per class, by class code.</returns>
    public IReadOnlyList<ExpectedReturns> ByClass() => _ranges.Value.Classes;

    /// <summary>Expected returning households in the whole province (key 0): the sample's and, weighted, the province's.</summary>
    /// <returns>The province's row.</returns>
    public ExpectedReturns Province() => _ranges.Value.Province;

    /// <summary>How households spread over <see cref="Bands"/>, per county.</summary>
    /// <returns>One distribution per county.</returns>
    public IReadOnlyList<RiskDistribution> DistributionByCounty() => Distribution(h => h.CountyCode);

    /// <summary>How households spread over <see cref="Bands"/>, per county class.</summary>
    /// <returns>One distribution per class.</returns>
    public IReadOnlyList<RiskDistribution> DistributionByClass() => Distribution(h => h.CountyClass);

    /// <summary>
    /// The expected-returns computation, in one place: one pass over the households sums each county's Σp, Σp(1−p) and
    /// their weighted forms (at 2,000,000 households grouping them into arrays first cost about a second of the
    /// dashboard's start-up), then the model's range method turns the counties into county, class and province rows.
    /// </summary>
    private ReturnRangeSet ComputeRanges()
    {
        var sums = new SortedDictionary<int, double[]>();
        var classes = new Dictionary<int, int>();
        foreach (var h in _households)
        {
            if (!sums.TryGetValue(h.CountyCode, out var s))
            {
                sums[h.CountyCode] = s = new double[5];
                classes[h.CountyCode] = h.CountyClass;
            }

            var p = h.Probability;
            s[0]++;
            s[1] += p;
            s[2] += p * (1 - p);
            s[3] += h.SampleWeight * p;
            s[4] += h.SampleWeight * h.SampleWeight * p * (1 - p);
        }

        return _model.Ranges.Compute([.. sums.Select(c => new CountyReturns(c.Key, classes[c.Key], (int)c.Value[0], c.Value[1], c.Value[2], c.Value[3], c.Value[4], 0, 0))]);
    }

    private RiskDistribution[] Distribution(Func<HouseholdRiskScore, int> key)
    {
        var counts = new SortedDictionary<int, int[]>();
        foreach (var h in _households)
        {
            var k = key(h);
            if (!counts.TryGetValue(k, out var bands))
            {
                counts[k] = bands = new int[s_bands.Length];
            }

            var band = 0;
            while (band < s_bands.Length - 1 && h.Probability >= s_bands[band])
            {
                band++;
            }

            bands[band]++;
        }

        return [.. counts.Select(c => new RiskDistribution(c.Key, Bands, c.Value))];
    }

}
