using System.Globalization;
using RevivalAnalytics.Xgboost;

namespace RevivalAnalytics.Models;

/// <summary>Training settings of the county income-growth model.</summary>
public sealed record IncomeModelOptions
{
    /// <summary>Random seed; the same data, seed and <see cref="Threads"/> give the same model.</summary>
    public int Seed { get; init; } = 20210101;

    /// <summary>Threads for XGBoost.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Years ahead to forecast (1–3).</summary>
    public int MaxHorizon { get; init; } = 3;

    /// <summary>Boosting rounds.</summary>
    public int Rounds { get; init; } = 200;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.03;

    /// <summary>Tree depth: shallow, the panel is a few hundred rows.</summary>
    public int MaxDepth { get; init; } = 2;

    /// <summary>Nominal coverage of the prediction intervals.</summary>
    public double IntervalLevel { get; init; } = 0.9;

    internal XgbTrainOptions ToXgboost() => new()
    {
        Objective = "reg:squarederror",
        Rounds = Rounds,
        LearningRate = LearningRate,
        MaxDepth = MaxDepth,
        MinChildWeight = 30,
        Lambda = 10,
        Subsample = 0.8,
        ColumnSampleByTree = 1,
        Seed = Seed,
        Threads = Threads,
        // The target is a departure from the peers, centred on 0; XGBoost 1.7 would start every row at 0.5.
        AdditionalParameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["base_score"] = "0" },
    };

    /// <summary>How <see cref="IncomeBacktest.ResidualLower"/> and <see cref="IncomeBacktest.ResidualUpper"/> are to be read; a stored model with another method is refused.</summary>
    internal const string IntervalMethod = "empirical quantiles of backtest log residuals divided by the peer group's growth surprise (RMS of a year's growth minus the mean of the two years before) x sqrt(h(h+1)(2h+1)/6)";

    internal Dictionary<string, string> ToParameters() => new(StringComparer.Ordinal)
    {
        ["objective"] = "reg:squarederror",
        ["target"] = "annualised log growth ln(I[o+h]/I[o])/h minus that of the peer counties (same class and former-poverty status) minus the county's shrunk-trend departure; the booster's correction is weighted per horizon by its least-squares weight on earlier origins (0-1); peers carried forward at last year's growth, or their mean growth of the last 2 or 3 years when that forecast the peers better over the same horizon at >= 3 earlier origins",
        ["tree_method"] = "hist",
        ["rounds"] = Rounds.ToString(CultureInfo.InvariantCulture),
        ["eta"] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["max_depth"] = MaxDepth.ToString(CultureInfo.InvariantCulture),
        ["min_child_weight"] = "30",
        ["lambda"] = "10",
        ["base_score"] = "0",
        ["subsample"] = "0.8",
        ["max_horizon"] = MaxHorizon.ToString(CultureInfo.InvariantCulture),
        ["interval_level"] = IntervalLevel.ToString("R", CultureInfo.InvariantCulture),
        ["interval_method"] = IntervalMethod,
        ["nthread"] = Threads.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>A county's income forecast for one year.</summary>
/// <param name="CountyCode">County code.</param>
/// <param name="CountyClass">County class code.</param>
/// <param name="OriginYear">The last year of data used.</param>
/// <param name="Year">The forecast year.</param>
/// <param name="Horizon">Years ahead of the origin.</param>
/// <param name="OriginIncome">Rural per-capita disposable income in the origin year (yuan).</param>
/// <param name="Forecast">Forecast income (yuan).</param>
/// <param name="Lower">Lower end of the prediction interval.</param>
/// <param name="Upper">Upper end of the prediction interval.</param>
/// <param name="Actual">The observed income (backtests only), else NaN.</param>
public sealed record CountyIncomeForecast(int CountyCode, int CountyClass, int OriginYear, int Year, int Horizon, double OriginIncome, double Forecast, double Lower, double Upper, double Actual)
{
    /// <summary>Forecast annual growth rate (e.g. 0.065 for +6.5% a year).</summary>
    public double AnnualGrowth => Math.Pow(Forecast / OriginIncome, 1.0 / Horizon) - 1;
}

/// <summary>Backtest accuracy of the model and the two naive baselines for one class (0 = all) and horizon (0 = all).</summary>
/// <param name="CountyClass">Class code, 0 for all counties.</param>
/// <param name="Horizon">Years ahead, 0 for all horizons.</param>
/// <param name="Forecasts">Forecasts scored.</param>
/// <param name="ModelMape">Model's mean absolute percentage error (%).</param>
/// <param name="LastGrowthMape">MAPE of "last year's growth continues" (%).</param>
/// <param name="ClassGrowthMape">MAPE of "the class's average growth last year" (%).</param>
/// <param name="ModelMase">Model's mean absolute scaled error (scale: the county's mean absolute yearly change up to the origin).</param>
/// <param name="LastGrowthMase">MASE of the last-growth baseline.</param>
/// <param name="ClassGrowthMase">MASE of the class-growth baseline.</param>
/// <param name="Coverage">Share of actuals inside the interval, over forecasts whose interval used only residuals known at the origin (NaN if none).</param>
/// <param name="CoverageForecasts">Forecasts behind <paramref name="Coverage"/>.</param>
public sealed record IncomeAccuracy(
    int CountyClass,
    int Horizon,
    int Forecasts,
    double ModelMape,
    double LastGrowthMape,
    double ClassGrowthMape,
    double ModelMase,
    double LastGrowthMase,
    double ClassGrowthMase,
    double Coverage,
    int CoverageForecasts);

/// <summary>The rolling-origin backtest: at each origin the model is trained on what was known then and forecasts 1–3 years ahead.</summary>
/// <param name="FirstOrigin">First origin year.</param>
/// <param name="LastOrigin">Last origin year.</param>
/// <param name="IntervalLevel">Nominal interval coverage.</param>
/// <param name="ResidualLower">Lower quantile of the normalised log residual (log residual ÷ (peer group's growth volatility × √(h(h+1)(2h+1)/6))), from all backtest forecasts (used by the final model).</param>
/// <param name="ResidualUpper">Upper quantile of the normalised log residual.</param>
/// <param name="Accuracy">Accuracy per class and horizon.</param>
public sealed record IncomeBacktest(int FirstOrigin, int LastOrigin, double IntervalLevel, double ResidualLower, double ResidualUpper, IReadOnlyList<IncomeAccuracy> Accuracy)
{
    /// <summary>Every backtest forecast (not stored in the model's metadata; present right after training or <see cref="IncomeForecastModel.Backtest"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<CountyIncomeForecast> Forecasts { get; init; } = [];

    /// <summary>Weight of the booster's correction for 1, 2, 3 years ahead, fitted on every backtest forecast (used by the final model; 0 = the booster adds nothing over the county's trend).</summary>
    public IReadOnlyList<double> CorrectionWeights { get; init; } = [];
}

/// <summary>
/// County rural per-capita disposable income 1–3 years ahead: the peer counties' growth carried forward, plus the
/// county's departure from its peers along its own trend (slopes shrunk across all counties), plus a correction
/// from one booster pooled across counties (lags of growth relative to the peers, deviation from the county's own
/// trend, level, class, former-poverty status) weighted by how well it did at earlier origins; intervals from the
/// empirical distribution of backtest residuals scaled by the peers' growth volatility (docs/models.md section 3).
/// </summary>
public sealed class IncomeForecastModel : IDisposable
{
    /// <summary>The model kind in the store.</summary>
    public const string Kind = "income";

    private const int MinimumYears = 5;
    private const int MinimumResidualsForCoverage = 50;
    private const int MinimumCorrectionsForWeight = 100;
    private const double MinimumVolatility = 0.002;


    private readonly XgbBooster _booster;

    private IncomeForecastModel(XgbBooster booster, ModelMetadata metadata)
    {
        _booster = booster;
        Metadata = metadata;
    }

    /// <summary>How the model was made, with its backtest.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The rolling-origin backtest made at training time.</summary>
    public IncomeBacktest Backtest => Metadata.IncomeBacktest!;

    /// <summary>Runs the rolling-origin backtest, then trains the final model on all years.</summary>
    /// <param name="data">The data.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">Receives one step per backtest origin.</param>
    /// <param name="cancellationToken">Stops between origins.</param>
    /// <returns>The model, which the caller disposes.</returns>
    /// <exception cref="ModelException">Fewer than five years of county incomes (<see cref="ModelErrorKind.InsufficientHistory"/>), or unreadable data.</exception>
    public static IncomeForecastModel Train(ModelDataSource data, IncomeModelOptions? options = null, IProgress<ModelProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new IncomeModelOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxHorizon, 1, nameof(options.MaxHorizon));
        var panel = IncomePanel.Load(data);
        var backtest = RunBacktest(panel, options, progress, cancellationToken);
        var booster = Fit(panel, panel.LastYear, options);
        var created = DateTimeOffset.UtcNow;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var a in backtest.Accuracy.Where(a => a.Horizon == 0))
        {
            var suffix = a.CountyClass == 0 ? "" : $"_class{a.CountyClass}";
            metrics["mape" + suffix] = a.ModelMape;
            metrics["mase" + suffix] = a.ModelMase;
            metrics["mape_last_growth" + suffix] = a.LastGrowthMape;
            metrics["mape_class_growth" + suffix] = a.ClassGrowthMape;
            metrics["coverage" + suffix] = a.Coverage;
        }

        var metadata = new ModelMetadata
        {
            Id = ModelStore.NewId(Kind, created, data.Fingerprint),
            Kind = Kind,
            CreatedUtc = created,
            DataFingerprint = data.Fingerprint,
            DataFirstYear = data.FirstYear,
            DataLastYear = data.LastYear,
            Features = IncomePanel.FeatureNames,
            Parameters = options.ToParameters(),
            Seed = options.Seed,
            Metrics = metrics,
            IncomeBacktest = backtest,
        };
        return new IncomeForecastModel(booster, metadata);
    }

    /// <summary>Runs only the rolling-origin backtest (what <see cref="Train"/> stores in the metadata, with every forecast).</summary>
    /// <param name="data">The data.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">Receives one step per origin.</param>
    /// <param name="cancellationToken">Stops between origins.</param>
    /// <returns>The backtest with its forecasts.</returns>
    /// <exception cref="ModelException">Too little history, or unreadable data.</exception>
    public static IncomeBacktest RunBacktest(ModelDataSource data, IncomeModelOptions? options = null, IProgress<ModelProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return RunBacktest(IncomePanel.Load(data), options ?? new IncomeModelOptions(), progress, cancellationToken);
    }

    /// <summary>Loads the latest (or the given) income model from <paramref name="store"/>.</summary>
    /// <param name="store">The model store.</param>
    /// <param name="id">A model id, or null for the latest.</param>
    /// <param name="threads">Prediction threads; null for all cores.</param>
    /// <returns>The model, which the caller disposes.</returns>
    /// <exception cref="ModelException">The model is missing, corrupt or was trained on other features.</exception>
    public static IncomeForecastModel Load(ModelStore store, string? id = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (metadata, booster) = store.Load(Kind, id, IncomePanel.FeatureNames, threads);
        if (metadata.IncomeBacktest is null)
        {
            booster.Dispose();
            throw new ModelException(ModelErrorKind.ModelCorrupt, $"模型 {metadata.Id} 的元数据缺少回测结果。Model {metadata.Id} metadata lacks its backtest.");
        }

        // Older models stored residual quantiles on another scale and no correction weights; reading them with this
        // code would give wrong intervals, so they are refused like a changed feature list.
        if (!metadata.Parameters.TryGetValue("interval_method", out var method) || method != IncomeModelOptions.IntervalMethod)
        {
            booster.Dispose();
            throw new ModelException(ModelErrorKind.ModelMismatch, $"模型 {metadata.Id} 的预测区间方法与当前程序不同,请重新运行 revival train。Model {metadata.Id} was stored with another interval method; run revival train again.");
        }

        return new IncomeForecastModel(booster, metadata);
    }

    /// <summary>Saves the model as a new version in <paramref name="store"/>.</summary>
    /// <param name="store">The model store.</param>
    /// <returns>The model's folder.</returns>
    public string Save(ModelStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Save(Metadata, _booster);
    }

    /// <summary>Forecasts every county 1..MaxHorizon years after the data's last year, with intervals.</summary>
    /// <param name="data">The data.</param>
    /// <returns>Forecasts by county, then horizon.</returns>
    /// <exception cref="ModelException">The data cannot be read.</exception>
    public IReadOnlyList<CountyIncomeForecast> Forecast(ModelDataSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var panel = IncomePanel.Load(data);
        var maxHorizon = int.Parse(Metadata.Parameters["max_horizon"], CultureInfo.InvariantCulture);
        var groups = new GroupGrowth(panel);
        var forecasts = Predict(_booster, panel, panel.LastYear, maxHorizon, groups, Backtest.CorrectionWeights);
        return [.. forecasts.Select(f => WithInterval(f, Backtest.ResidualLower, Backtest.ResidualUpper, IntervalScale(panel, groups, f)))];
    }

    /// <summary>Frees the booster.</summary>
    public void Dispose() => _booster.Dispose();

    private static IncomeBacktest RunBacktest(IncomePanel panel, IncomeModelOptions options, IProgress<ModelProgress>? progress, CancellationToken cancellationToken)
    {
        if (panel.Years < MinimumYears)
        {
            throw new ModelException(
                ModelErrorKind.InsufficientHistory,
                $"县域收入只有 {panel.Years} 年({panel.FirstYear}–{panel.LastYear}),滚动回测需要至少 {MinimumYears} 年。County incomes cover {panel.Years} years ({panel.FirstYear}–{panel.LastYear}); the rolling-origin backtest needs at least {MinimumYears}.");
        }

        var firstOrigin = panel.FirstYear + 2;
        var lastOrigin = panel.LastYear - 1;
        var groups = new GroupGrowth(panel);
        var forecasts = new List<CountyIncomeForecast>();
        var corrections = new List<Correction>();
        var steps = lastOrigin - firstOrigin + 1;
        for (var origin = firstOrigin; origin <= lastOrigin; origin++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ModelProgress("滚动回测 / rolling-origin backtest", origin - firstOrigin, steps));
            using var booster = Fit(panel, origin, options);
            var horizon = Math.Min(options.MaxHorizon, panel.LastYear - origin);

            // The correction's weight per horizon comes from forecasts made at earlier origins whose outcome is known
            // by this origin, never from this origin's own outcomes.
            var weights = CorrectionWeights(corrections.Where(c => c.Forecast.Year <= origin), options.MaxHorizon);
            foreach (var (f, predicted) in PredictWithCorrections(booster, panel, origin, horizon, groups, weights))
            {
                var k = Array.IndexOf(panel.CountyCodes, f.CountyCode);
                var scored = f with { Actual = panel.At(k, f.Year) };
                forecasts.Add(scored);
                corrections.Add(new Correction(scored, predicted, RealisedCorrection(panel, groups, k, origin, f.Horizon)));
            }
        }

        progress?.Report(new ModelProgress("滚动回测 / rolling-origin backtest", steps, steps));
        var tail = (1 - options.IntervalLevel) / 2;
        var scales = forecasts.ToDictionary(f => (f.CountyCode, f.OriginYear, f.Horizon), f => IntervalScale(panel, groups, f));
        double Normalised(CountyIncomeForecast f) => Math.Log(f.Actual / f.Forecast) / scales[(f.CountyCode, f.OriginYear, f.Horizon)];
        var normalised = forecasts.Select(Normalised).ToArray();
        var lower = Quantile(normalised, tail);
        var upper = Quantile(normalised, 1 - tail);

        // Coverage, time-correctly: a forecast made at origin o gets the interval from residuals of forecasts whose
        // target year is ≤ o, i.e. those that could have been scored at o.
        var withIntervals = new List<CountyIncomeForecast>();
        foreach (var f in forecasts)
        {
            var known = forecasts.Where(g => g.Year <= f.OriginYear).Select(Normalised).ToArray();
            if (known.Length >= MinimumResidualsForCoverage)
            {
                withIntervals.Add(WithInterval(f, Quantile(known, tail), Quantile(known, 1 - tail), scales[(f.CountyCode, f.OriginYear, f.Horizon)]));
            }
        }

        var accuracy = new List<IncomeAccuracy>();
        foreach (var countyClass in new[] { 0 }.Concat(panel.Classes.Distinct().Order()))
        {
            foreach (var horizon in new[] { 0 }.Concat(Enumerable.Range(1, options.MaxHorizon)))
            {
                bool Selected(CountyIncomeForecast f) => (countyClass == 0 || f.CountyClass == countyClass) && (horizon == 0 || f.Horizon == horizon);
                var rows = forecasts.Where(Selected).ToArray();
                if (rows.Length == 0)
                {
                    continue;
                }

                var covered = withIntervals.Where(Selected).ToArray();
                accuracy.Add(new IncomeAccuracy(
                    countyClass,
                    horizon,
                    rows.Length,
                    rows.Average(f => Ape(f.Forecast, f.Actual)),
                    rows.Average(f => Ape(LastGrowth(panel, f), f.Actual)),
                    rows.Average(f => Ape(ClassGrowth(panel, groups, f), f.Actual)),
                    rows.Average(f => Math.Abs(f.Forecast - f.Actual) / Scale(panel, f)),
                    rows.Average(f => Math.Abs(LastGrowth(panel, f) - f.Actual) / Scale(panel, f)),
                    rows.Average(f => Math.Abs(ClassGrowth(panel, groups, f) - f.Actual) / Scale(panel, f)),
                    covered.Length == 0 ? double.NaN : covered.Count(f => f.Actual >= f.Lower && f.Actual <= f.Upper) / (double)covered.Length,
                    covered.Length));
            }
        }

        return new IncomeBacktest(firstOrigin, lastOrigin, options.IntervalLevel, lower, upper, accuracy)
        {
            Forecasts = [.. withIntervals.Concat(forecasts.Where(f => !withIntervals.Any(w => w.CountyCode == f.CountyCode && w.OriginYear == f.OriginYear && w.Horizon == f.Horizon)))
                .OrderBy(f => f.OriginYear).ThenBy(f => f.CountyCode).ThenBy(f => f.Horizon)],
            CorrectionWeights = CorrectionWeights(corrections, options.MaxHorizon),
        };
    }

    /// <summary>
    /// Least-squares weight (clipped to 0–1) of the booster's predicted correction against the realised one, per
    /// horizon; 0 with fewer than <see cref="MinimumCorrectionsForWeight"/> scored forecasts. The booster learns on a
    /// few hundred noisy rows and over-extrapolates further ahead (measured: unweighted it made three-year forecasts
    /// worse than none); the weight lets earlier origins say how much of it to believe.
    /// </summary>
    private static double[] CorrectionWeights(IEnumerable<Correction> known, int maxHorizon)
    {
        var weights = new double[maxHorizon];
        foreach (var cell in known.Where(c => double.IsFinite(c.Realised) && double.IsFinite(c.Predicted)).GroupBy(c => c.Forecast.Horizon))
        {
            var rows = cell.ToArray();
            var squares = rows.Sum(c => c.Predicted * c.Predicted);
            if (rows.Length >= MinimumCorrectionsForWeight && squares > 0 && cell.Key <= maxHorizon)
            {
                weights[cell.Key - 1] = Math.Clamp(rows.Sum(c => c.Predicted * c.Realised) / squares, 0, 1);
            }
        }

        return weights;
    }

    /// <summary>What the booster should have predicted for county <paramref name="k"/>: its annualised growth relative to the peers, minus its trend departure.</summary>
    private static double RealisedCorrection(IncomePanel panel, GroupGrowth groups, int k, int origin, int horizon)
    {
        var peer = IncomePanel.Peer(panel, k);
        var peerGrowth = (groups.PeerLogMean(peer, origin + horizon) - groups.PeerLogMean(peer, origin)) / horizon;
        return (Math.Log(panel.At(k, origin + horizon) / panel.At(k, origin)) / horizon) - peerGrowth - groups.TrendAnchor(k, origin, horizon);
    }

    /// <summary>The interval's scale for a forecast: the peer group's growth volatility up to the origin × the horizon factor.</summary>
    private static double IntervalScale(IncomePanel panel, GroupGrowth groups, CountyIncomeForecast f)
    {
        var k = Array.IndexOf(panel.CountyCodes, f.CountyCode);
        var volatility = groups.PeerGrowthVolatility(IncomePanel.Peer(panel, k), f.OriginYear);

        // One peer year of history (or a flat series) gives no volatility; a floor keeps the interval finite.
        return Math.Max(double.IsFinite(volatility) ? volatility : 0, MinimumVolatility) * GroupGrowth.HorizonFactor(f.Horizon);
    }

    private sealed record Correction(CountyIncomeForecast Forecast, double Predicted, double Realised);

    /// <summary>Trains on every (county, origin, horizon) whose target year is ≤ <paramref name="lastKnownYear"/>.</summary>
    private static XgbBooster Fit(IncomePanel panel, int lastKnownYear, IncomeModelOptions options)
    {
        var groups = new GroupGrowth(panel);
        var width = IncomePanel.Features.Count;
        var features = new List<float>();
        var labels = new List<float>();
        var row = new float[width];
        for (var origin = panel.FirstYear + 1; origin < lastKnownYear; origin++)
        {
            for (var h = 1; h <= options.MaxHorizon && origin + h <= lastKnownYear; h++)
            {
                for (var k = 0; k < panel.Counties; k++)
                {
                    panel.Fill(row, k, origin, h, groups);
                    var peer = IncomePanel.Peer(panel, k);
                    var peerGrowth = (groups.PeerLogMean(peer, origin + h) - groups.PeerLogMean(peer, origin)) / h;
                    var target = (Math.Log(panel.At(k, origin + h) / panel.At(k, origin)) / h) - peerGrowth - groups.TrendAnchor(k, origin, h);
                    if (!double.IsFinite(target))
                    {
                        continue;
                    }

                    features.AddRange(row);
                    labels.Add((float)target);
                }
            }
        }

        using var matrix = XgbMatrix.FromDense(features.ToArray(), labels.Count, width, labels.ToArray(), featureNames: IncomePanel.FeatureNames);
        return XgbBooster.Train(matrix, options.ToXgboost());
    }

    private static List<CountyIncomeForecast> Predict(XgbBooster booster, IncomePanel panel, int origin, int maxHorizon, GroupGrowth groups, IReadOnlyList<double> weights) =>
        [.. PredictWithCorrections(booster, panel, origin, maxHorizon, groups, weights).Select(p => p.Forecast)];

    /// <summary>Forecast = origin income × exp(h × (peers' carried growth + trend departure + weight[h] × booster correction)).</summary>
    private static List<(CountyIncomeForecast Forecast, double Correction)> PredictWithCorrections(XgbBooster booster, IncomePanel panel, int origin, int maxHorizon, GroupGrowth groups, IReadOnlyList<double> weights)
    {
        var width = IncomePanel.Features.Count;
        var keys = new List<(int County, int Horizon)>();
        var features = new List<float>();
        var row = new float[width];
        for (var k = 0; k < panel.Counties; k++)
        {
            if (!double.IsFinite(panel.At(k, origin)))
            {
                continue;
            }

            for (var h = 1; h <= maxHorizon; h++)
            {
                panel.Fill(row, k, origin, h, groups);
                features.AddRange(row);
                keys.Add((k, h));
            }
        }

        var values = features.ToArray();
        using var matrix = XgbMatrix.FromDense(values, keys.Count, width, default, featureNames: IncomePanel.FeatureNames);
        var predicted = booster.Predict(matrix);
        var correction = predicted.Select(v => (double)v).ToArray();

        // A county's departure from its peers averages zero over the peers by definition; centring the predicted
        // corrections per peer group and horizon keeps the group's forecast on the peers' base. (The trend
        // departures average zero by construction: they are linear in the counties' values relative to the peers.)
        foreach (var cell in Enumerable.Range(0, keys.Count).GroupBy(i => (IncomePanel.Peer(panel, keys[i].County), keys[i].Horizon)))
        {
            var mean = cell.Average(i => correction[i]);
            foreach (var i in cell)
            {
                correction[i] -= mean;
            }
        }

        var result = new List<(CountyIncomeForecast, double)>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var (k, h) = keys[i];
            var start = panel.At(k, origin);
            var peerGrowth = groups.PeerBaseGrowth(IncomePanel.Peer(panel, k), origin, h);
            var weight = h <= weights.Count ? weights[h - 1] : 0;
            var departure = groups.TrendAnchor(k, origin, h) + (weight * correction[i]);
            var forecast = start * Math.Exp((departure + (double.IsFinite(peerGrowth) ? peerGrowth : 0)) * h);
            result.Add((new CountyIncomeForecast(panel.CountyCodes[k], panel.Classes[k], origin, origin + h, h, start, forecast, double.NaN, double.NaN, double.NaN), correction[i]));
        }

        return result;
    }

    private static CountyIncomeForecast WithInterval(CountyIncomeForecast f, double lower, double upper, double scale) =>
        f with { Lower = f.Forecast * Math.Exp(lower * scale), Upper = f.Forecast * Math.Exp(upper * scale) };

    private static double Ape(double forecast, double actual) => Math.Abs(forecast - actual) / actual * 100;

    private static double LastGrowth(IncomePanel panel, CountyIncomeForecast f)
    {
        var k = Array.IndexOf(panel.CountyCodes, f.CountyCode);
        return f.OriginIncome * Math.Exp(panel.Growth(k, f.OriginYear) * f.Horizon);
    }

    private static double ClassGrowth(IncomePanel panel, GroupGrowth groups, CountyIncomeForecast f) =>
        f.OriginIncome * Math.Exp(groups.ClassGrowth(f.CountyClass, f.OriginYear) * f.Horizon);

    /// <summary>MASE scale: the county's mean absolute yearly change of income up to the origin (the in-sample naive error).</summary>
    private static double Scale(IncomePanel panel, CountyIncomeForecast f)
    {
        var k = Array.IndexOf(panel.CountyCodes, f.CountyCode);
        double sum = 0;
        var count = 0;
        for (var y = panel.FirstYear + 1; y <= f.OriginYear; y++)
        {
            var change = Math.Abs(panel.At(k, y) - panel.At(k, y - 1));
            if (double.IsFinite(change))
            {
                sum += change;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
    }
}
