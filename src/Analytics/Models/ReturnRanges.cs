using MathNet.Numerics.Distributions;

namespace RevivalAnalytics.Models;

/// <summary>
/// The 90% ranges of returning households for counties, classes and the province, with the year-to-year variation of
/// shared shocks in them, and the point estimates' class offsets where the past years show one. Fitted from the
/// backtest's years (expected against observed returns per county, from models that had not seen the year) by the
/// method of moments, in three layers:
/// <list type="bullet">
/// <item>county-year shocks: each county's observed ÷ expected within its class and year, with the households'
/// own chance taken out (shrunk toward the mean until their spread is the shocks' spread), kept as an empirical
/// distribution: a severe disaster multiplies a county's returns several-fold, which no symmetric range reproduces;</item>
/// <item>class-year shocks: the spread of the classes' ratios (relative to the province) beyond what independent county
/// shocks explain;</item>
/// <item>province-year shocks: the spread of the province's ratio in test years beyond both (including the
/// calibration year's own shock, which the point estimate carries).</item>
/// </list>
/// A range is the 5th to 95th percentile of simulated totals: each county's expected count times a class factor, a
/// province factor and a county shock drawn from the past ones, then a Poisson draw for the households' own chance;
/// classes and the province add up the same simulated counties, so the ranges are consistent with each other.
/// </summary>
internal sealed class ReturnRanges
{
    /// <summary>The ranges' nominal coverage.</summary>
    public const double Level = 0.90;

    /// <summary>Simulated years; the percentiles move by well under 1% of a range between seeds.</summary>
    internal const int Simulations = 20_000;

    // A class is called systematically off only with at least this many years and a t-test at 5% (two-sided).
    private const int MinimumYearsForOffset = 3;
    private const double OffsetSignificance = 0.05;

    // Fixed: the same scores and history give the same ranges, on the dashboard and in the CLI.
    private const int SimulationSeed = 20210101;

    private readonly double[] _countyShocks;
    private readonly Layer _classLayer;
    private readonly Layer _provinceLayer;

    private ReturnRanges(double[] countyShocks, Layer classLayer, Layer provinceLayer, ReturnRangeFit fit)
    {
        _countyShocks = countyShocks;
        _classLayer = classLayer;
        _provinceLayer = provinceLayer;
        Fit = fit;
    }

    /// <summary>What was estimated, for reports.</summary>
    public ReturnRangeFit Fit { get; }

    /// <summary>
    /// Fits the layers from <paramref name="history"/>: one year per outcome year (its test year when a fold tested on
    /// it, else a calibration year), every county with households.
    /// </summary>
    /// <exception cref="ArgumentException">No year with expected returns.</exception>
    public static ReturnRanges FromHistory(IEnumerable<ReturnsYear> history)
    {
        var years = history
            .GroupBy(y => y.Cutoff)
            .Select(g => g.FirstOrDefault(y => y.Kind == ReturnsYearKind.Test) ?? g.First())
            .Where(y => y.Counties.Sum(c => c.Expected) > 0)
            .OrderBy(y => y.Cutoff)
            .Select(y => YearShape.Of(y))
            .ToArray();
        if (years.Length == 0)
        {
            throw new ArgumentException("没有可用于估计区间的回测年度。No backtest year with expected returns to fit the ranges on.", nameof(history));
        }

        var classes = years.SelectMany(y => y.Classes.Keys).Distinct().Order().ToArray();

        // 1. Is a class systematically off (relative to the province), or is each year's miss its own shock?
        var offsets = classes.Select(g => Offset(g, [.. years.Where(y => y.Classes.ContainsKey(g)).Select(y => y.Classes[g].Ratio)])).ToArray();
        var factor = offsets.ToDictionary(o => o.CountyClass, o => o.Correction);

        // 2. County shocks within class and year, and the households' own chance in them.
        var raw = new List<(double Shock, double Noise)>();
        foreach (var y in years)
        {
            foreach (var c in y.Counties.Where(c => c.Expected > 0))
            {
                var level = y.Ratio * y.Classes[c.CountyClass].Ratio;
                raw.Add((c.Observed / (c.Expected * level), c.Variance / (c.Expected * c.Expected * level)));
            }
        }

        var (mean, countyVariance) = ShockMoments(raw);

        // Each shock is pulled toward the mean by as much as chance widened it, so the pool's spread is the shocks' spread
        // (at 20,000 households a county expects about four returns and chance is half of what is seen).
        var shocks = raw.Select(r => countyVariance + r.Noise > 0 ? Math.Max(0, mean + ((r.Shock - mean) * Math.Sqrt(countyVariance / (countyVariance + r.Noise)))) : mean).ToArray();
        var shockMean = shocks.Average();
        if (shockMean > 0)
        {
            for (var i = 0; i < shocks.Length; i++)
            {
                shocks[i] /= shockMean;
            }
        }
        else
        {
            Array.Fill(shocks, 1.0);
        }

        // 3. Class-year shocks beyond independent counties: a class's ratio relative to the province moves with its own
        // variance and, through the province, with the others' (weights by expected share). Each year gives one degree of
        // freedom fewer than it has classes.
        double seen = 0, explained = 0, weight = 0;
        var classFreedom = 0;
        foreach (var y in years)
        {
            var g = y.Classes.Count;
            classFreedom += Math.Max(0, g - 1);
            foreach (var (code, shape) in y.Classes)
            {
                var share = shape.Expected / y.Expected;
                var a = ((1 - share) * (1 - share)) + ((g - 1) * share * share);
                var deviation = (shape.Ratio / factor[code]) - 1;
                seen += deviation * deviation;
                explained += a * shape.CountyVariance(countyVariance);
                weight += a;
            }
        }

        var classLayer = weight > 0 && classFreedom > 0 ? new Layer(seen / weight, explained / weight, classFreedom) : Layer.None;

        // 4. The province's ratio in test years: only there is it free (a calibration year matches its total by construction).
        var tests = years.Where(y => y.Kind == ReturnsYearKind.Test).ToArray();
        var province = Offset(0, [.. tests.Select(y => y.Ratio)]);
        var provinceLayer = tests.Length == 0
            ? Layer.None
            : new Layer(
                tests.Average(y => Math.Pow((y.Ratio / province.Correction) - 1, 2)),
                tests.Average(y => y.Classes.Values.Sum(c => Math.Pow(c.Expected / y.Expected, 2) * (c.CountyVariance(countyVariance) + classLayer.Variance))),
                tests.Length);

        var fit = new ReturnRangeFit(
            [.. years.Select(y => y.Cutoff + 1)],
            years.Sum(y => y.Counties.Count(c => c.Expected > 0)),
            Math.Sqrt(countyVariance),
            Quantile(shocks, 0.05),
            Quantile(shocks, 0.95),
            Math.Sqrt(classLayer.Variance),
            classLayer.DegreesOfFreedom,
            tests.Length == 0 ? double.NaN : Math.Sqrt(provinceLayer.Variance),
            provinceLayer.DegreesOfFreedom,
            offsets,
            province);
        return new ReturnRanges(shocks, classLayer, provinceLayer, fit);
    }

    /// <summary>Point estimates and ranges for every county, class and the province (key 0) of <paramref name="counties"/>.</summary>
    /// <param name="counties">Each county's sums over its scored households (observed counts are ignored).</param>
    public ReturnRangeSet Compute(IReadOnlyList<CountyReturns> counties)
    {
        var classes = counties.Select(c => c.CountyClass).Distinct().Order().ToArray();
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        // A class's offset is relative to the others: the factors are scaled so that the classes still add up to the
        // province's total, which only the province's own test moves. (A model calibrated on the province total that
        // under-predicts one class over-predicts the rest.)
        var relative = counties.Sum(c => c.Expected * Fit.CorrectionOf(c.CountyClass));
        var total = counties.Sum(c => c.Expected);
        var scale = relative > 0 ? Fit.Province.Correction * total / relative : Fit.Province.Correction;
        var correction = counties.Select(c => scale * Fit.CorrectionOf(c.CountyClass)).ToArray();
        var countySims = new double[counties.Count][];
        var countyWeighted = new double[counties.Count][];
        var classSims = classes.Select(_ => new double[Simulations]).ToArray();
        var classWeighted = classes.Select(_ => new double[Simulations]).ToArray();
        var provinceSims = new double[Simulations];
        var provinceWeighted = new double[Simulations];
        for (var c = 0; c < counties.Count; c++)
        {
            countySims[c] = new double[Simulations];
            countyWeighted[c] = new double[Simulations];
        }

        var classOf = counties.Select(c => classIndex[c.CountyClass]).ToArray();
        var random = new Random(SimulationSeed);
        var classFactors = new double[classes.Length];
        for (var s = 0; s < Simulations; s++)
        {
            var provinceFactor = MeanOneLogNormal(random, _provinceLayer.Draw(random));
            var classVariance = _classLayer.Draw(random);
            for (var g = 0; g < classes.Length; g++)
            {
                classFactors[g] = MeanOneLogNormal(random, classVariance);
            }

            for (var c = 0; c < counties.Count; c++)
            {
                var county = counties[c];
                var shock = _countyShocks[random.Next(_countyShocks.Length)];
                var g = classOf[c];
                var mean = county.Expected * correction[c] * provinceFactor * classFactors[g] * shock;
                double count = mean > 0 ? Poisson.Sample(random, mean) : 0;
                var weighted = county.Expected > 0 ? count * county.WeightedExpected / county.Expected : 0;
                countySims[c][s] = count;
                countyWeighted[c][s] = weighted;
                classSims[g][s] += count;
                classWeighted[g][s] += weighted;
                provinceSims[s] += count;
                provinceWeighted[s] += weighted;
            }
        }

        ExpectedReturns Row(int key, IEnumerable<int> members, double[] sims, double[] weightedSims)
        {
            var rows = members.ToArray();
            var households = rows.Sum(i => counties[i].Households);
            var sum = rows.Sum(i => counties[i].Expected);
            var expected = rows.Sum(i => counties[i].Expected * correction[i]);
            var weightedExpected = rows.Sum(i => counties[i].WeightedExpected * correction[i]);
            var (lower, upper) = RangeEnds(sims);
            var (weightedLower, weightedUpper) = RangeEnds(weightedSims);
            return new ExpectedReturns(
                key,
                households,
                households == 0 ? 0 : sum / households,
                expected,
                lower,
                upper,
                weightedExpected,
                weightedLower,
                weightedUpper)
            {
                Correction = sum > 0 ? expected / sum : 1,
            };
        }

        var countyRows = counties.Select((c, i) => Row(c.CountyCode, [i], countySims[i], countyWeighted[i])).ToArray();
        var classRows = classes.Select((g, k) => Row(g, Enumerable.Range(0, counties.Count).Where(i => counties[i].CountyClass == g), classSims[k], classWeighted[k])).ToArray();
        var provinceRow = Row(0, Enumerable.Range(0, counties.Count), provinceSims, provinceWeighted);
        return new ReturnRangeSet(countyRows, classRows, provinceRow);
    }

    /// <summary>
    /// The backtest of the ranges: each test year's ranges are fitted on the years before it only (its own fold's
    /// calibration year included: its returns were known at the cutoff), computed from the fold model's expected counts
    /// and set against what happened; the method fitted on every year is what the model's ranges use.
    /// </summary>
    public static ReturnsBacktest Backtest(IReadOnlyList<ReturnsYear> years)
    {
        var checks = new List<RangeCheck>();
        foreach (var test in years.Where(y => y.Kind == ReturnsYearKind.Test).OrderBy(y => y.Cutoff))
        {
            var ranges = FromHistory(years.Where(y => y.Cutoff < test.Cutoff));
            var set = ranges.Compute(test.Counties);
            foreach (var row in set.Counties)
            {
                var members = test.Counties.Where(c => c.CountyCode == row.Key).ToArray();
                checks.Add(Check(test.Cutoff, RangeScope.County, row, members[0].CountyClass, members, weighted: false));
            }

            foreach (var row in set.Classes)
            {
                checks.Add(Check(test.Cutoff, RangeScope.Class, row, row.Key, [.. test.Counties.Where(c => c.CountyClass == row.Key)], weighted: false));
            }

            checks.Add(Check(test.Cutoff, RangeScope.Province, set.Province, 0, test.Counties, weighted: false));
            checks.Add(Check(test.Cutoff, RangeScope.ProvinceWeighted, set.Province, 0, test.Counties, weighted: true));
        }

        return new ReturnsBacktest(years, checks, FromHistory(years).Fit);
    }

    private static RangeCheck Check(int cutoff, RangeScope scope, ExpectedReturns row, int countyClass, IReadOnlyList<CountyReturns> members, bool weighted)
    {
        var modelExpected = members.Sum(c => weighted ? c.WeightedExpected : c.Expected);
        var sd = Math.Sqrt(members.Sum(c => weighted ? c.WeightedVariance : c.Variance));
        var z = Normal.InvCDF(0, 1, 1 - ((1 - Level) / 2));
        return new RangeCheck(
            cutoff,
            scope,
            row.Key,
            countyClass,
            modelExpected,
            weighted ? row.WeightedExpected : row.ExpectedCount,
            weighted ? row.WeightedLower : row.Lower,
            weighted ? row.WeightedUpper : row.Upper,
            Math.Max(0, modelExpected - (z * sd)),
            modelExpected + (z * sd),
            members.Sum(c => weighted ? c.WeightedObserved : c.Observed));
    }

    /// <summary>
    /// The county shocks' mean and variance by the method of moments: each county-year's squared deviation less the
    /// variance chance alone gives it, weighted by its precision 1 / (τ² + chance)², iterated from equal weights. A county
    /// expecting one return says almost nothing about shocks, and with equal weights such counties swamped the estimate
    /// at 20,000 households.
    /// </summary>
    private static (double Mean, double Variance) ShockMoments(IReadOnlyList<(double Shock, double Noise)> raw)
    {
        var weights = new double[raw.Count];
        Array.Fill(weights, 1.0);
        double mean = 0, variance = 0;
        for (var iteration = 0; iteration < 5; iteration++)
        {
            var total = weights.Sum();
            mean = raw.Select((r, i) => weights[i] * r.Shock).Sum() / total;
            var m = mean;
            var excess = raw.Select((r, i) => weights[i] * (((r.Shock - m) * (r.Shock - m)) - r.Noise)).Sum() / total;
            variance = Math.Max(0, excess * raw.Count / Math.Max(1, raw.Count - 1));
            for (var i = 0; i < weights.Length; i++)
            {
                var spread = variance + raw[i].Noise;
                weights[i] = spread > 0 ? 1 / (spread * spread) : 1;
            }
        }

        return (mean, variance);
    }

    /// <summary>A t-test of the log ratios against 0: significant means systematically off, and the geometric mean ratio is the correction.</summary>
    private static ReturnOffset Offset(int countyClass, double[] ratios)
    {
        var logs = ratios.Where(r => r > 0).Select(r => Math.Log(r)).ToArray();
        if (logs.Length == 0)
        {
            return new ReturnOffset(countyClass, 0, 1, double.NaN, double.NaN, 1);
        }

        var mean = logs.Average();
        if (logs.Length < MinimumYearsForOffset)
        {
            return new ReturnOffset(countyClass, logs.Length, Math.Exp(mean), double.NaN, double.NaN, 1);
        }

        var sd = Math.Sqrt(logs.Sum(l => (l - mean) * (l - mean)) / (logs.Length - 1));
        var t = sd > 0 ? mean / (sd / Math.Sqrt(logs.Length)) : double.PositiveInfinity * Math.Sign(mean);
        var critical = StudentT.InvCDF(0, 1, logs.Length - 1, 1 - (OffsetSignificance / 2));
        return new ReturnOffset(countyClass, logs.Length, Math.Exp(mean), t, critical, Math.Abs(t) > critical ? Math.Exp(mean) : 1);
    }

    /// <summary>A factor with mean 1 and variance <paramref name="variance"/> (log-normal: never negative, skewed up as shocks are).</summary>
    private static double MeanOneLogNormal(Random random, double variance)
    {
        if (variance <= 0)
        {
            return 1;
        }

        var logVariance = Math.Log(1 + variance);
        return Math.Exp((Math.Sqrt(logVariance) * Normal.Sample(random, 0, 1)) - (logVariance / 2));
    }

    private static double Quantile(double[] values, double p)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return SortedQuantile(sorted, p);
    }

    /// <summary>
    /// The 5th and 95th percentiles of simulated totals (type 1, as <see cref="SortedQuantile"/> on the sorted values):
    /// two selections instead of a sort. At 2,000,000 households sorting the 242 arrays of simulated totals took about
    /// half of the ranges' time; the values found are the same. Reorders <paramref name="values"/>.
    /// </summary>
    internal static (double Lower, double Upper) RangeEnds(double[] values)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        var low = OrderIndex(values.Length, (1 - Level) / 2);
        var high = OrderIndex(values.Length, 1 - ((1 - Level) / 2));
        var lower = Select(values, 0, values.Length - 1, low);

        // After the first selection everything from low + 1 on is at least the lower end: the upper end is among them.
        var upper = high == low ? lower : Select(values, low + 1, values.Length - 1, high);
        return (lower, upper);
    }

    private static int OrderIndex(int count, double p) => Math.Clamp((int)Math.Ceiling(p * count) - 1, 0, count - 1);

    /// <summary>
    /// The <paramref name="k"/>-th smallest of <paramref name="values"/>[<paramref name="left"/>..<paramref name="right"/>]
    /// (Hoare's selection, median-of-three pivots), leaving smaller values before position k and larger after.
    /// </summary>
    private static double Select(double[] values, int left, int right, int k)
    {
        while (left < right)
        {
            var middle = left + ((right - left) / 2);
            if (values[middle] < values[left])
            {
                (values[middle], values[left]) = (values[left], values[middle]);
            }

            if (values[right] < values[left])
            {
                (values[right], values[left]) = (values[left], values[right]);
            }

            if (values[right] < values[middle])
            {
                (values[right], values[middle]) = (values[middle], values[right]);
            }

            var pivot = values[middle];
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    /// <summary>The empirical quantile (type 1: the smallest value with at least p of the values at or below it).</summary>
    private static double SortedQuantile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[OrderIndex(sorted.Length, p)];

    /// <summary>
    /// A shared layer (class-years or province-years): the mean square of its ratios' deviations (<paramref name="Seen"/>)
    /// and what the layers below explain of it (<paramref name="Explained"/>). Estimated from few years, so each simulated
    /// year draws the layer's total variance from its uncertainty — the scaled inverse χ² of a variance seen with ν
    /// degrees of freedom, with a conjugate prior centred on <paramref name="Explained"/> — and adds what exceeds the part
    /// below (whose estimate rests on hundreds of county-years). With a handful of years this gives the layer
    /// Student-t-like tails rather than pretending its variance is known.
    /// </summary>
    private sealed record Layer(double Seen, double Explained, int DegreesOfFreedom)
    {
        /// <summary>
        /// The prior's weight: the layer's variance starts at what the layers below explain, worth two degrees of freedom
        /// (what one year gives the class layer). Without it one or two years leave the variance's distribution without a
        /// mean (with one test year the province ranges came out ±55%); the years' own degrees of freedom soon outweigh it.
        /// </summary>
        private const int PriorDegreesOfFreedom = 2;

        public static Layer None { get; } = new(0, 0, 0);

        /// <summary>The method-of-moments estimate of the layer's own variance.</summary>
        public double Variance => Math.Max(0, Seen - Explained);

        public double Draw(Random random)
        {
            var total = ((Math.Max(Seen, Explained) * DegreesOfFreedom) + (PriorDegreesOfFreedom * Explained)) / ChiSquared.Sample(random, DegreesOfFreedom + PriorDegreesOfFreedom);
            return Math.Max(0, total - Explained);
        }
    }

    /// <summary>A year of the history reduced to what the fit needs.</summary>
    private sealed record YearShape(int Cutoff, ReturnsYearKind Kind, double Expected, double Ratio, IReadOnlyList<CountyReturns> Counties, IReadOnlyDictionary<int, ClassShape> Classes)
    {
        public static YearShape Of(ReturnsYear year)
        {
            var expected = year.Counties.Sum(c => c.Expected);
            var ratio = year.Counties.Sum(c => c.Observed) / expected;
            var classes = year.Counties.Where(c => c.Expected > 0).GroupBy(c => c.CountyClass).ToDictionary(
                g => g.Key,
                g =>
                {
                    var e = g.Sum(c => c.Expected);

                    // Half a household on both sides keeps the ratio of a tiny class with no returns off zero.
                    var r = (g.Sum(c => c.Observed) + 0.5) / ((e * ratio) + 0.5);
                    return new ClassShape(e, r, g.Sum(c => c.Expected * c.Expected), g.Sum(c => c.Variance));
                });
            return new YearShape(year.Cutoff, year.Kind, expected, ratio, year.Counties, classes);
        }
    }

    /// <summary>A class in a year: expected returns, its ratio to the province's, and the sums its variance needs.</summary>
    private sealed record ClassShape(double Expected, double Ratio, double SquaredExpected, double Variance)
    {
        /// <summary>The variance of the class's ratio from independent county shocks and the households' own chance.</summary>
        public double CountyVariance(double countyShockVariance) =>
            ((countyShockVariance * SquaredExpected) + Variance) / (Expected * Expected);
    }
}

/// <summary>Ranges of one scoring: per county, per class and for the province.</summary>
internal sealed record ReturnRangeSet(IReadOnlyList<ExpectedReturns> Counties, IReadOnlyList<ExpectedReturns> Classes, ExpectedReturns Province);
