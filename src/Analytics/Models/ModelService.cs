namespace RevivalAnalytics.Models;

/// <summary>
/// What the dashboard and the API read: the latest stored models, loaded without training, with every household
/// scored and every county forecast up front; immutable after <see cref="Load"/>, so one instance is one consistent set
/// of figures (the dashboard loads a new instance for a new model or data version and swaps it whole). A missing,
/// corrupt or mismatched model does not throw: its <see cref="ModelStatus"/> says why, its queries return empty
/// results, and everything else keeps working. Thread-safe after <see cref="Load"/>.
/// </summary>
public sealed partial class ModelService : IDisposable
{
    private readonly RiskModel? _risk;
    private readonly IncomeForecastModel? _income;
    private readonly RiskScores? _scores;
    private readonly Dictionary<int, ExpectedReturns> _countyRisk = [];
    private readonly Dictionary<int, RiskDistribution> _countyDistribution = [];
    private readonly Dictionary<long, HouseholdRiskScore> _households = [];
    private readonly IReadOnlyList<CountyIncomeForecast> _forecasts = [];
    private readonly IReadOnlyList<ClassComparison> _classes = [];

    private ModelService(RiskModel? risk, RiskScores? scores, ModelStatus riskStatus, IncomeForecastModel? income, IReadOnlyList<CountyIncomeForecast> forecasts, ModelStatus incomeStatus)
    {
        _risk = risk;
        _income = income;
        _scores = scores;
        _forecasts = forecasts;
        RiskStatus = riskStatus;
        IncomeStatus = incomeStatus;
        if (scores is not null)
        {
            foreach (var row in scores.ByCounty())
            {
                _countyRisk[row.Key] = row;
            }

            foreach (var row in scores.DistributionByCounty())
            {
                _countyDistribution[row.Key] = row;
            }

            foreach (var h in scores.Households)
            {
                _households[h.HouseholdId] = h;
            }
        }

        var classRisk = scores?.ByClass().ToDictionary(r => r.Key);
        var classDistribution = scores?.DistributionByClass().ToDictionary(r => r.Key);
        var firstYear = forecasts.Where(f => f.Horizon == 1).ToArray();
        var classes = (classRisk?.Keys.AsEnumerable() ?? []).Concat(firstYear.Select(f => f.CountyClass)).Distinct().Order();
        _classes = [.. classes.Select(c =>
        {
            var rows = firstYear.Where(f => f.CountyClass == c).ToArray();
            return new ClassComparison(
                c,
                classRisk?.GetValueOrDefault(c),
                classDistribution?.GetValueOrDefault(c),
                rows.Length,
                rows.Length == 0 ? double.NaN : rows.Average(f => f.AnnualGrowth),
                rows.Length == 0 ? double.NaN : rows.Average(f => f.Forecast));
        })];
    }

    /// <summary>The risk model's state.</summary>
    public ModelStatus RiskStatus { get; }

    /// <summary>The income model's state.</summary>
    public ModelStatus IncomeStatus { get; }

    /// <summary>The risk model's held-out evaluation, or null.</summary>
    public RiskEvaluation? RiskEvaluation => _risk?.Evaluation;

    /// <summary>The income model's backtest (accuracy per class and horizon, interval coverage), or null.</summary>
    public IncomeBacktest? IncomeBacktest => _income?.Backtest;

    /// <summary>Loads the latest models from <c><paramref name="dataDirectory"/>/models</c> and scores <paramref name="data"/>. Never throws for model problems.</summary>
    /// <param name="dataDirectory">The data directory (DATA_DIR).</param>
    /// <param name="data">The data to score (its last year is the cutoff / forecast origin).</param>
    /// <param name="threads">Prediction threads; null for all cores.</param>
    /// <returns>The service, which the caller disposes.</returns>
    public static ModelService Load(string dataDirectory, ModelDataSource data, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var store = new ModelStore(dataDirectory);
        RiskModel? risk = null;
        RiskScores? scores = null;
        ModelStatus riskStatus;
        try
        {
            risk = RiskModel.Load(store, threads: threads);
            scores = risk.Score(data, threads: threads);
            riskStatus = Available(RiskModel.Kind, risk.Metadata, data);
        }
        catch (ModelException error)
        {
            risk?.Dispose();
            risk = null;
            riskStatus = new ModelStatus(RiskModel.Kind, false, null, null, false, error.Kind, error.Message);
        }

        IncomeForecastModel? income = null;
        IReadOnlyList<CountyIncomeForecast> forecasts = [];
        ModelStatus incomeStatus;
        try
        {
            income = IncomeForecastModel.Load(store, threads: threads);
            forecasts = income.Forecast(data);
            incomeStatus = Available(IncomeForecastModel.Kind, income.Metadata, data);
        }
        catch (ModelException error)
        {
            income?.Dispose();
            income = null;
            incomeStatus = new ModelStatus(IncomeForecastModel.Kind, false, null, null, false, error.Kind, error.Message);
        }

        return new ModelService(risk, scores, riskStatus, income, forecasts, incomeStatus);
    }

    /// <summary>Every county's forecasts (1–3 years) with intervals; empty without an income model.</summary>
    /// <returns>Forecasts by county, then horizon.</returns>
    public IReadOnlyList<CountyIncomeForecast> Forecasts() => _forecasts;

    /// <summary>One county's forecasts (1–3 years) with intervals.</summary>
    /// <param name="countyCode">County code.</param>
    /// <returns>The forecasts by horizon; empty for an unknown county or without an income model.</returns>
    public IReadOnlyList<CountyIncomeForecast> CountyForecast(int countyCode) => [.. _forecasts.Where(f => f.CountyCode == countyCode)];

    /// <summary>A county's expected returning households with a 90% range.</summary>
    /// <param name="countyCode">County code.</param>
    /// <returns>The figures, or null for an unknown county or without a risk model.</returns>
    public ExpectedReturns? CountyRisk(int countyCode) => _countyRisk.GetValueOrDefault(countyCode);

    /// <summary>Every county's expected returning households.</summary>
    /// <returns>One row per county; empty without a risk model.</returns>
    public IReadOnlyList<ExpectedReturns> CountyRisks() => [.. _countyRisk.Values.OrderBy(r => r.Key)];

    /// <summary>How a county's households spread over the risk bands (<see cref="RiskScores.Bands"/>).</summary>
    /// <param name="countyCode">County code.</param>
    /// <returns>The distribution, or null.</returns>
    public RiskDistribution? CountyRiskDistribution(int countyCode) => _countyDistribution.GetValueOrDefault(countyCode);

    /// <summary>The highest-risk households (province or one county) with their top factors, for the early-warning list.</summary>
    /// <param name="count">How many.</param>
    /// <param name="countyCode">A county, or null for the province.</param>
    /// <returns>Highest risk first; empty without a risk model.</returns>
    public IReadOnlyList<HouseholdRisk> HighestRisk(int count, int? countyCode = null)
    {
        if (_scores is null)
        {
            return [];
        }

        var highest = _scores.Highest(count, countyCode);
        var factors = _scores.TopFactors(highest.Select(h => h.HouseholdId));
        return [.. highest.Select(h => new HouseholdRisk(h, factors[h.HouseholdId]))];
    }

    /// <summary>Every scored household's probability, without factors (cheap: computed at load), e.g. to rank a list in SQL.</summary>
    /// <returns>One score per household; empty without a risk model.</returns>
    public IReadOnlyList<HouseholdRiskScore> HouseholdScores() => _scores?.Households ?? [];

    /// <summary>Risk and top factors of given households (e.g. the page of a list the dashboard shows).</summary>
    /// <param name="householdIds">Household ids; unknown ids are skipped.</param>
    /// <returns>The households found, in the order asked.</returns>
    public IReadOnlyList<HouseholdRisk> Households(IEnumerable<long> householdIds)
    {
        ArgumentNullException.ThrowIfNull(householdIds);
        if (_scores is null)
        {
            return [];
        }

        var ids = householdIds.Where(_households.ContainsKey).ToArray();
        var factors = _scores.TopFactors(ids);
        return [.. ids.Select(id => new HouseholdRisk(_households[id], factors[id]))];
    }

    /// <summary>The three classes compared on expected returns, risk bands and forecast growth.</summary>
    /// <returns>One row per class.</returns>
    public IReadOnlyList<ClassComparison> ClassComparisons() => _classes;

    /// <summary>Frees the models.</summary>
    public void Dispose()
    {
        _risk?.Dispose();
        _income?.Dispose();
    }

    private static ModelStatus Available(string kind, ModelMetadata metadata, ModelDataSource data) =>
        new(kind, true, metadata.Id, metadata.CreatedUtc, metadata.DataFingerprint == data.Fingerprint, null, null) { DataFingerprint = data.Fingerprint };
}
