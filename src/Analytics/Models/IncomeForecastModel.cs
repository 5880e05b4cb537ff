using System.Globalization;

namespace RevivalAnalytics.Models;

/// <summary>
/// County rural per-capita disposable income 1–3 years ahead, as a shrunk trend model: the peer counties' growth
/// carried forward, plus the county's departure from its peers along its own trend (slopes shrunk across all
/// counties by empirical Bayes); intervals from the empirical distribution of backtest residuals scaled by the
/// peers' growth volatility (docs/models.md section 3). There is no learned component: a booster correcting the
/// trend earned a weight of 0.00–0.17 at earlier origins and was removed (the generator's counties are a level, a
/// drift and yearly noise around their peers, which the shrunk trend already captures).
/// </summary>
public sealed partial class IncomeForecastModel : IDisposable
{
    /// <summary>The model kind in the store.</summary>
    public const string Kind = "income";

    private IncomeForecastModel(ModelMetadata metadata)
    {
        Metadata = metadata;
    }

    /// <summary>How the model was made, with its backtest.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The rolling-origin backtest made at training time.</summary>
    public IncomeBacktest Backtest => Metadata.IncomeBacktest!;

    /// <summary>Runs the rolling-origin backtest and keeps its interval widths for forecasting from the data's last year.</summary>
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
        var backtest = RunBacktest(IncomePanel.Load(data), options, progress, cancellationToken);
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
            Features = IncomePanel.InputNames,
            Parameters = options.ToParameters(),
            Seed = 0,
            Metrics = metrics,
            IncomeBacktest = backtest,
        };
        return new IncomeForecastModel(metadata);
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
    /// <param name="threads">Ignored (the forecast is arithmetic); kept for callers that pass it.</param>
    /// <returns>The model, which the caller disposes.</returns>
    /// <exception cref="ModelException">The model is missing, corrupt, of an older method (retrain), or trained by the former XGBoost engine.</exception>
    public static IncomeForecastModel Load(ModelStore store, string? id = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (metadata, _) = store.Load(Kind, id, IncomePanel.InputNames);
        if (metadata.IncomeBacktest is null)
        {
            throw new ModelException(ModelErrorKind.ModelCorrupt, $"模型 {metadata.Id} 的元数据缺少回测结果。Model {metadata.Id} metadata lacks its backtest.");
        }

        // Reading residual quantiles of another method with this code would give wrong intervals, so such models are
        // refused like a changed feature list.
        if (!metadata.Parameters.TryGetValue("interval_method", out var intervals) || intervals != IncomeModelOptions.IntervalMethod
            || !metadata.Parameters.TryGetValue("method", out var method) || method != IncomeModelOptions.Method)
        {
            throw new ModelException(ModelErrorKind.ModelMismatch, $"模型 {metadata.Id} 的预测方法或区间方法与当前程序不同,请重新运行 revival train。Model {metadata.Id} was stored with another forecast or interval method; run revival train again.");
        }

        return new IncomeForecastModel(metadata);
    }

    /// <summary>Saves the model as a new version in <paramref name="store"/> (metadata only: there is no learned part).</summary>
    /// <param name="store">The model store.</param>
    /// <returns>The model's folder.</returns>
    public string Save(ModelStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Save(Metadata, writeModel: null);
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
        var forecasts = Predict(panel, panel.LastYear, maxHorizon, groups);
        return [.. forecasts.Select(f => WithInterval(f, Backtest.ResidualLower, Backtest.ResidualUpper, IntervalScale(panel, groups, f)))];
    }

    /// <summary>Nothing to free: the model is arithmetic over the data. Kept so callers can keep their <c>using</c>.</summary>
    public void Dispose()
    {
    }
}
