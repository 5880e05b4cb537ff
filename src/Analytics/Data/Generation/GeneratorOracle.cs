using System.Text.Json;

namespace RevivalAnalytics.Data.Generation;

/// <summary>
/// The generator's own truth about an export it wrote, to measure the models against (docs/models.md, "The oracle").
/// The generator knows every household's hidden state (its income ratio, trend, volatility, scars, monitoring
/// episode) and every county's level and drift, which no model sees. Nothing here is read from the export's rows:
/// the world is rebuilt from the manifest's seed, size and years, as <c>revival generate</c> built it.
/// </summary>
public sealed partial class GeneratorOracle
{
    // Random streams of their own for the oracle's repeated years, apart from every stream the generator draws.
    private const ulong OracleStream = 90;
    private const ulong MonteCarloStream = 91;

    /// <summary>The fewest draws per household: enough for the pilot draws of every stratum that matters.</summary>
    internal const int MinimumDraws = 64;

    private readonly ProvinceModel _model;
    private readonly HouseholdSimulator _simulator;

    private GeneratorOracle(GeneratorOptions options)
    {
        options.Validate();
        Options = options;
        _model = new ProvinceModel(options);
        _simulator = new HouseholdSimulator(_model);
    }

    /// <summary>The generator settings the truth is rebuilt from.</summary>
    public GeneratorOptions Options { get; }

    /// <summary>The oracle of the world <paramref name="options"/> generate.</summary>
    /// <param name="options">Generator settings.</param>
    /// <returns>The oracle.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The settings are invalid.</exception>
    public static GeneratorOracle For(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GeneratorOracle(options);
    }

    /// <summary>The oracle of an export written by <c>revival generate</c>, from its manifest's seed, households and years.</summary>
    /// <param name="exportFolder">The export folder (holding <c>_manifest.json</c>).</param>
    /// <returns>The oracle.</returns>
    /// <exception cref="InvalidOperationException">The folder has no manifest, or its manifest has no generator section (real data have no known truth).</exception>
    public static GeneratorOracle ForExport(string exportFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exportFolder);
        var path = Path.Combine(exportFolder, "_manifest.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} 不存在,无法重建生成器的真值。{path} does not exist; the generator's truth cannot be rebuilt.");
        }

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = manifest.RootElement;
        if (!root.TryGetProperty("generator", out var generator) || !generator.TryGetProperty("seed", out var seed) || !generator.TryGetProperty("households", out var households))
        {
            throw new InvalidOperationException(
                $"{path} 中没有 generator(种子与户数):该数据不是 revival generate 生成的,没有已知真值。{path} has no generator section (seed and households): these data were not made by revival generate and have no known truth.");
        }

        return new GeneratorOracle(new GeneratorOptions
        {
            Seed = seed.GetInt64(),
            Households = households.GetInt32(),
            FirstYear = root.GetProperty("first_year").GetInt32(),
            LastYear = root.GetProperty("last_year").GetInt32(),
        });
    }

    /// <summary>
    /// Each household's true probability of the risk model's outcome for the year after <paramref name="cutoffYear"/>:
    /// newly identified as a monitored object in that year, or ending it with a per-capita net income below that year's
    /// monitoring line, given its state at the end of the cutoff year (docs/models.md, "The oracle"). The year after is
    /// not simulated at random as a whole: its shocks are taken stratum by stratum (which of illness, disaster, job loss,
    /// accident, business failure and schooling costs happen), each weighted by its exact chance; within a stratum the
    /// remaining draws (severities, months, costs, assistance) are simulated, the income noise and the identification
    /// and guarantee draws are averaged over exactly, and the draws go where the strata vary most. The estimate's
    /// noise is therefore small and stated: <see cref="OracleProbabilities.StandardErrors"/>.
    /// </summary>
    /// <param name="cutoffYear">The cutoff year; the data must hold the year after it, with a monitoring line.</param>
    /// <param name="draws">Simulated draws per household (spread over the strata); more give a smaller standard error.</param>
    /// <param name="provinceYearKnown">
    /// True: the year after keeps the province's generated course (which counties a disaster hits): the generator's own
    /// probability, which no model can reach from what is known at the cutoff. False: the county's disaster level of the
    /// year after is averaged over with its chances, as the generator draws it: the best a model could do at the cutoff
    /// if it saw the household's hidden state.
    /// </param>
    /// <param name="threads">Threads; null for all cores.</param>
    /// <returns>By household: element <c>household_id − 1</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The year after the cutoff is not simulated or has no monitoring line, or <paramref name="draws"/> &lt; 64.</exception>
    public OracleProbabilities ReturnProbabilities(int cutoffYear, int draws = 256, bool provinceYearKnown = true, int? threads = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, MinimumDraws);
        var next = OutcomeYear(cutoffYear);
        var probabilities = new double[Options.Households];
        var errors = new double[Options.Households];
        Parallel.For(0, Options.Households, new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount }, index =>
        {
            var (traits, state) = Replay(index, cutoffYear);
            (probabilities[index], errors[index]) = Stratified(index, traits, state, next, draws, provinceYearKnown);
        });
        return new OracleProbabilities(probabilities, errors, draws, provinceYearKnown);
    }

    /// <summary>
    /// The same probability by plain Monte Carlo, for the households at <paramref name="indexes"/>: the whole year after
    /// is simulated <paramref name="replicates"/> times and only the last draw, whether an at-risk household is detected,
    /// is replaced by its chance (the estimator before the strata; kept to check them against).
    /// </summary>
    internal double[] MonteCarloProbabilities(int cutoffYear, int replicates, bool provinceYearKnown, IReadOnlyList<int> indexes)
    {
        var next = OutcomeYear(cutoffYear);
        var line = ProvinceTargets.MonitoringLine(next)!.Value;
        var result = new double[indexes.Count];
        for (var i = 0; i < indexes.Count; i++)
        {
            var index = indexes[i];
            var (traits, state) = Replay(index, cutoffYear);
            double sum = 0;
            for (var r = 0; r < replicates; r++)
            {
                var fork = state;
                var rng = SimRandom.ForStream(Options.Seed, MonteCarloStream, ((long)index * replicates) + r);
                sbyte? disaster = provinceYearKnown ? null : ProvinceModel.DisasterLevelOf(next, rng.NextDouble());
                var outcome = _simulator.SimulateYear(ref fork, traits, next - Options.FirstYear, ref rng, disaster);
                var below = Math.Round(outcome.IncomeIfNotIdentified, 2) < line ? 1.0 : 0.0;
                sum += outcome.IdentificationProbability + ((1 - outcome.IdentificationProbability) * below);
            }

            result[i] = sum / replicates;
        }

        return result;
    }

    /// <summary>The per-capita net income the household ends <paramref name="year"/> with, replayed from its stream (checks the replay against the export).</summary>
    internal double ReplayedIncome(long householdId, int year)
    {
        var index = householdId - 1;
        var rng = SimRandom.ForStream(Options.Seed, HouseholdSimulator.HouseholdStream, index);
        var traits = _simulator.DrawTraits(ref rng, out var state);
        var income = double.NaN;
        for (var y = 0; y <= year - Options.FirstYear; y++)
        {
            income = _simulator.SimulateYear(ref state, traits, y, ref rng).Income;
        }

        return Math.Round(income, 2);
    }

    /// <summary>A county's rural per-capita disposable income in <paramref name="year"/> without the yearly noise: the path its forecast aims at.</summary>
    /// <param name="countyCode">GB/T 2260 county code.</param>
    /// <param name="year">A simulated year.</param>
    /// <returns>Yuan per person.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown county or year outside the data.</exception>
    public double ExpectedIncome(int countyCode, int year)
    {
        var county = -1;
        for (var i = 0; i < _model.Count; i++)
        {
            if (_model.References[i].Code == countyCode)
            {
                county = i;
                break;
            }
        }

        if (county < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(countyCode), countyCode, $"未知县代码 {countyCode}。Unknown county code {countyCode}.");
        }

        if (year < Options.FirstYear || year > Options.LastYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"年份 {year} 不在 {Options.FirstYear}–{Options.LastYear} 之内。Year {year} is outside {Options.FirstYear}–{Options.LastYear}.");
        }

        return _model.ExpectedRuralIncome[county, year - Options.FirstYear];
    }
}
