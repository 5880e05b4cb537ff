using MathNet.Numerics.Distributions;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

/// <summary>
/// The range method on synthetic counties whose shared shocks are known: a province-year factor, a class-year factor and
/// county-year shocks drawn from a mixture like the generator's disasters (most years nothing, some a mild, a few a
/// severe shock). Histories and new years come from the same process, so coverage is checked by simulation.
/// </summary>
public sealed class ReturnRangesTests
{
    private const int Counties = 117;

    [Fact]
    public void Compute_KnownSharedShocks_CoverageNearNinetyPercentWhereIndependentRangesFail()
    {
        var world = new World(seed: 3, meanExpected: 300, provinceSd: 0.05, classSd: 0.10);
        var history = world.History(years: 6);
        var ranges = ReturnRanges.FromHistory(history).Compute(world.Expectations());

        var coverage = world.Coverage(ranges, newYears: 300);

        Assert.InRange(coverage.County, 0.85, 0.95);
        Assert.InRange(coverage.Class, 0.85, 1.0);
        Assert.InRange(coverage.Province, 0.85, 1.0);
        // The former range (households independent) misses most counties and classes under the same shocks.
        Assert.True(coverage.IndependentCounty < 0.5, $"independent county coverage {coverage.IndependentCounty}");
        Assert.True(coverage.IndependentClass < 0.5, $"independent class coverage {coverage.IndependentClass}");
    }

    [Fact]
    public void Compute_SmallSampleWithSharedShocks_CountyCoverageNearNinetyPercent()
    {
        // About four expected returns per county, as at 20,000 households: chance is half of what is seen.
        var world = new World(seed: 5, meanExpected: 4, provinceSd: 0.05, classSd: 0.10);
        var ranges = ReturnRanges.FromHistory(world.History(years: 6)).Compute(world.Expectations());

        var coverage = world.Coverage(ranges, newYears: 300);

        Assert.InRange(coverage.County, 0.85, 0.97);
        Assert.InRange(coverage.Class, 0.85, 1.0);
    }

    [Fact]
    public void FromHistory_KnownCountyShocks_EstimatesTheirSpread()
    {
        var world = new World(seed: 7, meanExpected: 300, provinceSd: 0, classSd: 0);

        var fit = ReturnRanges.FromHistory(world.History(years: 6)).Fit;

        Assert.InRange(fit.CountyShockSd, World.CountyShockSd * 0.8, World.CountyShockSd * 1.2);
        Assert.InRange(fit.ClassShockSd, 0, 0.06);
        Assert.Equal(6, fit.OutcomeYears.Count);
        Assert.Equal(Counties * 6, fit.CountyYears);
    }

    [Fact]
    public void FromHistory_NoSharedShocks_RangesCloseToIndependentHouseholds()
    {
        var world = new World(seed: 11, meanExpected: 300, provinceSd: 0, classSd: 0, countyShocks: false);
        var expectations = world.Expectations();
        var ranges = ReturnRanges.FromHistory(world.History(years: 6)).Compute(expectations);

        var independentWidth = expectations.Average(c => 2 * 1.645 * Math.Sqrt(c.Variance));
        var width = ranges.Counties.Average(c => c.Upper - c.Lower);

        Assert.InRange(width / independentWidth, 0.9, 1.25);
        Assert.InRange(world.Coverage(ranges, newYears: 200).County, 0.86, 0.95);
    }

    [Fact]
    public void FromHistory_ClassSystematicallyUnderestimated_CorrectsItsPointEstimate()
    {
        // The model expects a quarter too few in class 2 every year; the shocks are mild, so five years pin the offsets
        // down (with the disaster-like county shocks five years leave each class's mean ratio about 5% uncertain).
        var world = new World(seed: 13, meanExpected: 300, provinceSd: 0.02, classSd: 0.03, countyShocks: false, classBias: 1.25);
        var history = world.History(years: 5);

        var ranges = ReturnRanges.FromHistory(history);
        var set = ranges.Compute(world.Expectations());
        var offset = ranges.Fit.Classes.Single(c => c.CountyClass == 2);

        // Relative to the province, class 2 is a quarter too low and the others look a little high; the province's own
        // test over the test years finds its total too low, and together the classes land on the truth.
        Assert.True(offset.Corrected, $"t = {offset.TStatistic}, critical {offset.Critical}");
        Assert.InRange(offset.Correction, 1.1, 1.3);
        Assert.True(ranges.Fit.Province.Corrected, $"province t = {ranges.Fit.Province.TStatistic}");
        Assert.InRange(set.Classes.Single(c => c.Key == 2).ExpectedCount / world.TrueExpected(2), 0.95, 1.05);
        Assert.InRange(set.Classes.Single(c => c.Key == 3).ExpectedCount / world.TrueExpected(3), 0.95, 1.05);
        Assert.InRange(set.Province.ExpectedCount / (world.TrueExpected(1) + world.TrueExpected(2) + world.TrueExpected(3)), 0.97, 1.03);
    }

    [Fact]
    public void FromHistory_OneYearsShockInAClass_NotCorrectedButCovered()
    {
        var world = new World(seed: 17, meanExpected: 300, provinceSd: 0.02, classSd: 0.03);
        var history = world.History(years: 5).ToList();
        var calm = ReturnRanges.FromHistory(history);
        // A bad year for class 2 only: 40% more returns than expected in the third year.
        history[2] = history[2] with
        {
            Counties = [.. history[2].Counties.Select(c => c.CountyClass == 2 ? c with { Observed = (int)Math.Round(c.Observed * 1.4) } : c)],
        };

        var shocked = ReturnRanges.FromHistory(history);
        var calmRange = calm.Compute(world.Expectations()).Classes.Single(c => c.Key == 2);
        var shockedRange = shocked.Compute(world.Expectations()).Classes.Single(c => c.Key == 2);

        Assert.All(shocked.Fit.Classes, c => Assert.False(c.Corrected, $"class {c.CountyClass}: t = {c.TStatistic}"));
        Assert.True(shocked.Fit.ClassShockSd > calm.Fit.ClassShockSd + 0.02, $"class-year s.d. {shocked.Fit.ClassShockSd} against {calm.Fit.ClassShockSd}");
        Assert.True(shockedRange.Upper - shockedRange.Lower > (calmRange.Upper - calmRange.Lower) * 1.1, $"{shockedRange} against {calmRange}");
        Assert.Equal(calmRange.ExpectedCount, shockedRange.ExpectedCount, 6);
    }

    [Fact]
    public void Compute_SameInputs_SameRangesAndClassesAddUpToProvince()
    {
        var world = new World(seed: 19, meanExpected: 50, provinceSd: 0.05, classSd: 0.1);
        var history = world.History(years: 4);

        var first = ReturnRanges.FromHistory(history).Compute(world.Expectations());
        var second = ReturnRanges.FromHistory(history).Compute(world.Expectations());

        Assert.Equal(first.Counties, second.Counties);
        Assert.Equal(first.Province, second.Province);
        Assert.Equal(first.Classes.Sum(c => c.ExpectedCount), first.Province.ExpectedCount, 6);
        Assert.Equal(first.Counties.Sum(c => c.Households), first.Province.Households);
        Assert.All(first.Counties.Concat(first.Classes).Append(first.Province), r => Assert.True(r.Lower <= r.ExpectedCount && r.ExpectedCount <= r.Upper, $"{r}"));
        // Weighted figures scale with the sample weight (every household stands for 75 here).
        Assert.Equal(first.Province.ExpectedCount * 75, first.Province.WeightedExpected, 6);
        Assert.Equal(first.Province.Upper * 75, first.Province.WeightedUpper, 6);
    }

    [Fact]
    public void Backtest_EachTestYear_UsesOnlyEarlierYears()
    {
        var world = new World(seed: 23, meanExpected: 100, provinceSd: 0.05, classSd: 0.1);
        var history = world.History(years: 5, firstCalibration: true);
        var changedLast = history.Take(4).Append(history[4] with
        {
            Counties = [.. history[4].Counties.Select(c => c with { Observed = c.Observed * 3 })],
        }).ToList();

        var backtest = ReturnRanges.Backtest(history);
        var changed = ReturnRanges.Backtest(changedLast);

        Assert.Equal(history.Skip(1).Select(y => y.Cutoff), backtest.TestCutoffs);
        var last = history[^1].Cutoff;
        Assert.Equal(backtest.Checks.Where(c => c.Cutoff < last), changed.Checks.Where(c => c.Cutoff < last));
        Assert.NotEqual(backtest.Checks.Where(c => c.Cutoff == last).Select(c => c.Observed), changed.Checks.Where(c => c.Cutoff == last).Select(c => c.Observed));
        var expected = ReturnRanges.FromHistory(history.Where(y => y.Cutoff < last)).Compute(history[^1].Counties);
        Assert.Equal(expected.Province.Upper, backtest.Checks.Single(c => c.Cutoff == last && c.Scope == RangeScope.Province).Upper);
    }

    [Fact]
    public void Backtest_Coverage_CountsTheChecksThatHeld()
    {
        var world = new World(seed: 29, meanExpected: 100, provinceSd: 0.05, classSd: 0.1);
        var backtest = ReturnRanges.Backtest(world.History(years: 5, firstCalibration: true));

        var coverage = backtest.Coverage();
        var counties = coverage.Single(c => c.Scope == RangeScope.County && c.CountyClass == 0);
        var class2 = coverage.Single(c => c.Scope == RangeScope.Class && c.CountyClass == 2);

        Assert.Equal(Counties * 4, counties.Checks);
        Assert.Equal(backtest.Checks.Count(c => c.Scope == RangeScope.County && c.Observed >= c.Lower && c.Observed <= c.Upper), counties.Covered);
        Assert.Equal(4, class2.Checks);
        Assert.Equal(backtest.Checks.Count(c => c.Scope == RangeScope.Class && c.Key == 2 && c.Covered), class2.Covered);
        Assert.Equal(
            backtest.Checks.Where(c => c.Scope == RangeScope.County && c.CountyClass == 2).GroupBy(c => c.Cutoff).Select(g => g.Sum(c => c.Observed)),
            backtest.Checks.Where(c => c.Scope == RangeScope.Class && c.Key == 2).Select(c => c.Observed));
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(7, 4.0)]
    [InlineData(20_000, 3.0)]
    [InlineData(20_000, 350.0)]
    [InlineData(20_001, 0.0)]
    public void RangeEnds_SimulatedCounts_SameAsTheSortedValuesPercentiles(int count, double mean)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => mean > 0 ? (double)Poisson.Sample(random, mean) : 0.0).ToArray();
        var sorted = values.Order().ToArray();
        var low = sorted[Math.Clamp((int)Math.Ceiling(0.05 * count) - 1, 0, count - 1)];
        var high = sorted[Math.Clamp((int)Math.Ceiling(0.95 * count) - 1, 0, count - 1)];

        var (lower, upper) = ReturnRanges.RangeEnds(values);

        Assert.Equal(low, lower);
        Assert.Equal(high, upper);
        Assert.Equal(sorted, values.Order().ToArray());
    }

    [Fact]
    public void FromHistory_NoYears_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ReturnRanges.FromHistory([]));

        Assert.Contains("No backtest year", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Synthetic counties with known shocks: expected returns per county, and observed returns drawn around them.</summary>
    private sealed class World
    {
        /// <summary>Severe shocks (×4) in 6% of county-years, mild ones (×1.5) in 14%, normalised to mean one.</summary>
        public static readonly (double Multiplier, double Probability)[] CountyMixture = [(1, 0.80), (1.5, 0.14), (4, 0.06)];

        private readonly Random _random;
        private readonly double _provinceSd;
        private readonly double _classSd;
        private readonly bool _countyShocks;
        private readonly double _classBias;
        private readonly int[] _classes;
        private readonly double[] _expected;

        public World(int seed, double meanExpected, double provinceSd, double classSd, bool countyShocks = true, double classBias = 1)
        {
            _random = new Random(seed);
            _provinceSd = provinceSd;
            _classSd = classSd;
            _countyShocks = countyShocks;
            _classBias = classBias;
            _classes = [.. Enumerable.Range(0, Counties).Select(i => i < 34 ? 1 : i < 71 ? 2 : 3)];
            // County sizes vary as real ones do: log-normal around the mean.
            _expected = [.. Enumerable.Range(0, Counties).Select(_ => meanExpected * Math.Exp((0.6 * Normal.Sample(_random, 0, 1)) - 0.18))];
        }

        public static double CountyShockSd
        {
            get
            {
                var mean = CountyMixture.Sum(m => m.Multiplier * m.Probability);
                return Math.Sqrt(CountyMixture.Sum(m => m.Probability * Math.Pow((m.Multiplier / mean) - 1, 2)));
            }
        }

        /// <summary>What the model expects per county (the truth divided by the class bias), with no observed returns.</summary>
        public IReadOnlyList<CountyReturns> Expectations() =>
            [.. Enumerable.Range(0, Counties).Select(i =>
            {
                var e = _expected[i] / (_classes[i] == 2 ? _classBias : 1);
                return new CountyReturns(140000 + i, _classes[i], (int)(e * 50), e, e * 0.98, e * 75, e * 0.98 * 75 * 75, 0, 0);
            })];

        public double TrueExpected(int countyClass) => Enumerable.Range(0, Counties).Where(i => _classes[i] == countyClass).Sum(i => _expected[i]);

        public IReadOnlyList<ReturnsYear> History(int years, bool firstCalibration = false) =>
            [.. Enumerable.Range(0, years).Select(y => new ReturnsYear(
                2020 + y,
                2018 + y,
                firstCalibration && y == 0 ? ReturnsYearKind.Calibration : ReturnsYearKind.Test,
                Draw()))];

        /// <summary>Coverage of fixed ranges over <paramref name="newYears"/> new years of the same world.</summary>
        public (double County, double Class, double Province, double IndependentCounty, double IndependentClass) Coverage(ReturnRangeSet ranges, int newYears)
        {
            var expectations = Expectations();
            int county = 0, cls = 0, province = 0, independentCounty = 0, independentClass = 0;
            for (var n = 0; n < newYears; n++)
            {
                var year = Draw();
                for (var i = 0; i < Counties; i++)
                {
                    var r = ranges.Counties[i];
                    county += Within(year[i].Observed, r.Lower, r.Upper);
                    independentCounty += WithinIndependent(year[i].Observed, [expectations[i]]);
                }

                foreach (var r in ranges.Classes)
                {
                    var members = Enumerable.Range(0, Counties).Where(i => _classes[i] == r.Key).ToArray();
                    var observed = members.Sum(i => year[i].Observed);
                    cls += Within(observed, r.Lower, r.Upper);
                    independentClass += WithinIndependent(observed, [.. members.Select(i => expectations[i])]);
                }

                province += Within(year.Sum(c => c.Observed), ranges.Province.Lower, ranges.Province.Upper);
            }

            return ((double)county / (newYears * Counties), (double)cls / (newYears * 3), (double)province / newYears,
                (double)independentCounty / (newYears * Counties), (double)independentClass / (newYears * 3));
        }

        private static int Within(double observed, double lower, double upper) => observed >= lower && observed <= upper ? 1 : 0;

        private static int WithinIndependent(double observed, IReadOnlyList<CountyReturns> members)
        {
            var e = members.Sum(c => c.Expected);
            var sd = Math.Sqrt(members.Sum(c => c.Variance));
            return Within(observed, e - (1.645 * sd), e + (1.645 * sd));
        }

        private IReadOnlyList<CountyReturns> Draw()
        {
            var expectations = Expectations();
            var province = MeanOne(_provinceSd);
            var classFactor = new[] { 0, MeanOne(_classSd), MeanOne(_classSd), MeanOne(_classSd) };
            var mean = CountyMixture.Sum(m => m.Multiplier * m.Probability);
            return [.. expectations.Select((c, i) =>
            {
                var shock = 1.0;
                if (_countyShocks)
                {
                    var u = _random.NextDouble();
                    shock = (u < CountyMixture[2].Probability ? CountyMixture[2].Multiplier : u < CountyMixture[2].Probability + CountyMixture[1].Probability ? CountyMixture[1].Multiplier : 1) / mean;
                }

                var observed = Poisson.Sample(_random, _expected[i] * province * classFactor[_classes[i]] * shock);
                return c with { Observed = observed, WeightedObserved = observed * 75.0 };
            })];
        }

        private double MeanOne(double sd) =>
            sd <= 0 ? 1 : Math.Exp((Math.Sqrt(Math.Log(1 + (sd * sd))) * Normal.Sample(_random, 0, 1)) - (Math.Log(1 + (sd * sd)) / 2));
    }
}
