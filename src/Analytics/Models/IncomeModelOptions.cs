using System.Globalization;

namespace RevivalAnalytics.Models;

/// <summary>Settings of the county income-growth forecast.</summary>
public sealed record IncomeModelOptions
{
    /// <summary>Years ahead to forecast (1–3).</summary>
    public int MaxHorizon { get; init; } = 3;

    /// <summary>Nominal coverage of the prediction intervals.</summary>
    public double IntervalLevel { get; init; } = 0.9;

    /// <summary>How <see cref="IncomeBacktest.ResidualLower"/> and <see cref="IncomeBacktest.ResidualUpper"/> are to be read; a stored model with another method is refused.</summary>
    internal const string IntervalMethod = "empirical quantiles of backtest log residuals divided by the peer group's growth surprise (RMS of a year's growth minus the mean of the two years before) x sqrt(h(h+1)(2h+1)/6)";

    /// <summary>What the forecast is; a stored model made another way (e.g. with the former learned correction) is refused.</summary>
    internal const string Method = "shrunk trend: peers (same class and former-poverty status) carried forward at last year's growth, or their mean growth of the last 2 or 3 years when that forecast the peers better over the same horizon at >= 3 earlier origins; plus the county's departure along its own trend relative to the peers, slope shrunk by empirical Bayes; no learned component";

    internal Dictionary<string, string> ToParameters() => new(StringComparer.Ordinal)
    {
        ["method"] = Method,
        ["max_horizon"] = MaxHorizon.ToString(CultureInfo.InvariantCulture),
        ["interval_level"] = IntervalLevel.ToString("R", CultureInfo.InvariantCulture),
        ["interval_method"] = IntervalMethod,
    };
}
