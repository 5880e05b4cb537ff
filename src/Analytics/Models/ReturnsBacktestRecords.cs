using System.Text.Json.Serialization;

namespace RevivalAnalytics.Models;

/// <summary>The part a year played in its backtest fold.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReturnsYearKind>))]
public enum ReturnsYearKind
{
    /// <summary>The year the fold's Platt calibrator was fitted on: the trees never saw it, but the province total matches by construction.</summary>
    Calibration,

    /// <summary>The year after the calibration year: neither the trees nor the calibrator saw it.</summary>
    Test,
}

/// <summary>One county in one backtest year: the fold model's expected returning households against what happened.</summary>
/// <param name="CountyCode">County code.</param>
/// <param name="CountyClass">County class code.</param>
/// <param name="Households">Sample households scored.</param>
/// <param name="Expected">Σp: expected returning sample households.</param>
/// <param name="Variance">Σp(1−p): the count's variance if households were independent.</param>
/// <param name="WeightedExpected">Σwp: expected returning households in the province (sample-weighted).</param>
/// <param name="WeightedVariance">Σw²p(1−p).</param>
/// <param name="Observed">Sample households that returned.</param>
/// <param name="WeightedObserved">Σw over those that returned.</param>
public sealed record CountyReturns(
    int CountyCode,
    int CountyClass,
    int Households,
    double Expected,
    double Variance,
    double WeightedExpected,
    double WeightedVariance,
    int Observed,
    double WeightedObserved);

/// <summary>
/// One year of the rolling-origin backtest: a model trained only on cutoffs up to <paramref name="TrainLastCutoff"/>
/// scored every household at <paramref name="Cutoff"/>, and its expected counts per county are set against the returns
/// of the year after.
/// </summary>
/// <param name="Cutoff">The cutoff year whose features were scored; the returns are those of the year after.</param>
/// <param name="TrainLastCutoff">The last cutoff the fold's trees were trained on.</param>
/// <param name="Kind">Calibration year (Platt fitted on it) or test year (seen by nothing).</param>
/// <param name="Counties">One row per county, by county code.</param>
public sealed record ReturnsYear(int Cutoff, int TrainLastCutoff, ReturnsYearKind Kind, IReadOnlyList<CountyReturns> Counties)
{
    /// <summary>The year whose returns are counted.</summary>
    [JsonIgnore]
    public int OutcomeYear => Cutoff + 1;

    /// <summary>Sums the rows' probabilities and labels per county.</summary>
    internal static ReturnsYear Of(RiskFrame rows, double[] probabilities, int trainLastCutoff, ReturnsYearKind kind)
    {
        // Running sums in place: one record per row would be millions of allocations at province scale.
        var sums = new SortedDictionary<int, double[]>();
        var classes = new Dictionary<int, int>();
        for (var i = 0; i < rows.Rows; i++)
        {
            var code = rows.CountyCodes[i];
            if (!sums.TryGetValue(code, out var s))
            {
                sums[code] = s = new double[7];
                classes[code] = rows.CountyClasses[i];
            }

            var p = probabilities[i];
            var w = rows.SampleWeights[i];
            var returned = rows.Labels[i] > 0.5f ? 1 : 0;
            s[0]++;
            s[1] += p;
            s[2] += p * (1 - p);
            s[3] += w * p;
            s[4] += w * w * p * (1 - p);
            s[5] += returned;
            s[6] += returned * w;
        }

        var cutoff = rows.Rows == 0 ? 0 : rows.CutoffYears[0];
        return new ReturnsYear(cutoff, trainLastCutoff, kind, [.. sums.Select(c => new CountyReturns(
            c.Key, classes[c.Key], (int)c.Value[0], c.Value[1], c.Value[2], c.Value[3], c.Value[4], (int)c.Value[5], c.Value[6]))]);
    }
}

/// <summary>What a range check is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RangeScope>))]
public enum RangeScope
{
    /// <summary>A county's sample households.</summary>
    County,

    /// <summary>A county class's sample households.</summary>
    Class,

    /// <summary>The province's sample households.</summary>
    Province,

    /// <summary>The province's households, estimated by weighting the sample (<c>sample_weight</c>).</summary>
    ProvinceWeighted,
}

/// <summary>One backtest range set against what happened: a test year's point estimate and 90% range, fitted only on earlier years.</summary>
/// <param name="Cutoff">The test cutoff year; the returns are those of the year after.</param>
/// <param name="Scope">County, class, province or weighted province.</param>
/// <param name="Key">County code, class code, or 0 for the province.</param>
/// <param name="CountyClass">The county's class (the class itself; 0 for the province).</param>
/// <param name="ModelExpected">The fold model's Σp (Σwp for the weighted province).</param>
/// <param name="Expected">The point estimate (Σp times any class or province correction the earlier years called for).</param>
/// <param name="Lower">Lower end of the 90% range.</param>
/// <param name="Upper">Upper end of the 90% range.</param>
/// <param name="IndependentLower">Lower end of the former range Σp − 1.645·√Σp(1−p), which assumes independent households.</param>
/// <param name="IndependentUpper">Upper end of that range.</param>
/// <param name="Observed">Returns that happened.</param>
public sealed record RangeCheck(
    int Cutoff,
    RangeScope Scope,
    int Key,
    int CountyClass,
    double ModelExpected,
    double Expected,
    double Lower,
    double Upper,
    double IndependentLower,
    double IndependentUpper,
    double Observed)
{
    /// <summary>True when the range holds what happened (ends included).</summary>
    [JsonIgnore]
    public bool Covered => Observed >= Lower && Observed <= Upper;

    /// <summary>True when the former independent-households range holds what happened.</summary>
    [JsonIgnore]
    public bool IndependentCovered => Observed >= IndependentLower && Observed <= IndependentUpper;
}

/// <summary>How often the backtest's 90% ranges held what happened, for one scope and class.</summary>
/// <param name="Scope">County-years, class-years, province-years or weighted province-years.</param>
/// <param name="CountyClass">The class (0: all).</param>
/// <param name="Checks">Ranges checked.</param>
/// <param name="Covered">Ranges that held.</param>
/// <param name="IndependentCovered">Former independent-households ranges that held, of the same checks.</param>
public sealed record RangeCoverage(RangeScope Scope, int CountyClass, int Checks, int Covered, int IndependentCovered)
{
    /// <summary>Share of ranges that held (NaN without checks).</summary>
    [JsonIgnore]
    public double Share => Checks == 0 ? double.NaN : (double)Covered / Checks;

    /// <summary>Share of the former ranges that held.</summary>
    [JsonIgnore]
    public double IndependentShare => Checks == 0 ? double.NaN : (double)IndependentCovered / Checks;
}

/// <summary>
/// Whether a class's expected returns (relative to the province's), or the province's, were systematically off in past
/// years. A class's correction is relative: applied, the class factors are scaled so that the classes still add up to
/// the province's total, which only the province's own correction moves (<see cref="ExpectedReturns.Correction"/> is the
/// factor that results).
/// </summary>
/// <param name="CountyClass">The class, or 0 for the province.</param>
/// <param name="Years">Past years compared.</param>
/// <param name="MeanRatio">Geometric mean of observed ÷ expected over those years.</param>
/// <param name="TStatistic">t of the mean log ratio against 0 (NaN with fewer than three years).</param>
/// <param name="Critical">The t quantile the statistic must exceed (5%, two-sided).</param>
/// <param name="Correction">The factor applied to the point estimate: the mean ratio when systematic, else 1.</param>
public sealed record ReturnOffset(int CountyClass, int Years, double MeanRatio, double TStatistic, double Critical, double Correction)
{
    /// <summary>True when the years show a systematic offset and the point estimate is corrected.</summary>
    [JsonIgnore]
    public bool Corrected => Correction != 1;
}

/// <summary>What the range method estimated from the backtest's years (docs/models.md, section 2a).</summary>
/// <param name="OutcomeYears">The years whose returns the fit used.</param>
/// <param name="CountyYears">County-years in the county-shock distribution.</param>
/// <param name="CountyShockSd">Standard deviation of a county's shock multiplier within its class and year (households' own chance taken out).</param>
/// <param name="CountyShockLow">5th percentile of the county shock multiplier.</param>
/// <param name="CountyShockHigh">95th percentile of the county shock multiplier.</param>
/// <param name="ClassShockSd">Standard deviation of a class-year factor beyond independent county shocks (0: none seen).</param>
/// <param name="ClassDegreesOfFreedom">Degrees of freedom behind it (classes less one, per year); the simulation draws the layer's variance with this uncertainty.</param>
/// <param name="ProvinceShockSd">Standard deviation of a province-year factor beyond class and county shocks, from test years (NaN: no test year yet, none applied).</param>
/// <param name="ProvinceDegreesOfFreedom">Test years behind it.</param>
/// <param name="Classes">Per class: systematically off or not.</param>
/// <param name="Province">The province's level over test years: systematically off or not.</param>
public sealed record ReturnRangeFit(
    IReadOnlyList<int> OutcomeYears,
    int CountyYears,
    double CountyShockSd,
    double CountyShockLow,
    double CountyShockHigh,
    double ClassShockSd,
    int ClassDegreesOfFreedom,
    double ProvinceShockSd,
    int ProvinceDegreesOfFreedom,
    IReadOnlyList<ReturnOffset> Classes,
    ReturnOffset Province)
{
    /// <summary>The relative correction of a class's point estimate (1 when none, or for a class the history has not seen), before the scaling that keeps the province's total.</summary>
    /// <param name="countyClass">Class code.</param>
    /// <returns>The factor.</returns>
    public double CorrectionOf(int countyClass) => Classes.FirstOrDefault(c => c.CountyClass == countyClass)?.Correction ?? 1;
}

/// <summary>The rolling-origin backtest of expected returning households, stored with the risk model.</summary>
/// <param name="Years">Every fold's calibration and test year, by fold, then calibration before test.</param>
/// <param name="Checks">Every test year's ranges (fitted on the years before it) against what happened.</param>
/// <param name="Fit">The range method fitted on all the years: what the model's ranges use.</param>
public sealed record ReturnsBacktest(IReadOnlyList<ReturnsYear> Years, IReadOnlyList<RangeCheck> Checks, ReturnRangeFit Fit)
{
    /// <summary>Coverage per scope, overall and per class (class 0 first), in scope order.</summary>
    /// <returns>The coverage rows.</returns>
    public IReadOnlyList<RangeCoverage> Coverage() =>
        [.. Checks.GroupBy(c => c.Scope).OrderBy(g => g.Key).SelectMany(g =>
            new[] { Summary(g.Key, 0, g) }.Concat(g.Key is RangeScope.County or RangeScope.Class
                ? g.GroupBy(c => c.CountyClass).OrderBy(c => c.Key).Select(c => Summary(g.Key, c.Key, c))
                : []))];

    /// <summary>The test cutoff years whose ranges were checked.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> TestCutoffs => [.. Checks.Select(c => c.Cutoff).Distinct().Order()];

    private static RangeCoverage Summary(RangeScope scope, int countyClass, IEnumerable<RangeCheck> checks)
    {
        var all = checks.ToArray();
        return new RangeCoverage(scope, countyClass, all.Length, all.Count(c => c.Covered), all.Count(c => c.IndependentCovered));
    }
}
