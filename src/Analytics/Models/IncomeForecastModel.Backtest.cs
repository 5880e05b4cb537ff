namespace RevivalAnalytics.Models;

public sealed partial class IncomeForecastModel
{
    private const int MinimumYears = 5;
    private const int MinimumResidualsForCoverage = 50;
    private const double MinimumVolatility = 0.002;

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
        var steps = lastOrigin - firstOrigin + 1;
        for (var origin = firstOrigin; origin <= lastOrigin; origin++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ModelProgress("滚动回测 / rolling-origin backtest", origin - firstOrigin, steps));
            var horizon = Math.Min(options.MaxHorizon, panel.LastYear - origin);
            foreach (var f in Predict(panel, origin, horizon, groups))
            {
                var k = Array.IndexOf(panel.CountyCodes, f.CountyCode);
                forecasts.Add(f with { Actual = panel.At(k, f.Year) });
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
        };
    }

    /// <summary>The interval's scale for a forecast: the peer group's growth volatility up to the origin × the horizon factor.</summary>
    private static double IntervalScale(IncomePanel panel, GroupGrowth groups, CountyIncomeForecast f)
    {
        var k = Array.IndexOf(panel.CountyCodes, f.CountyCode);
        var volatility = groups.PeerGrowthVolatility(IncomePanel.Peer(panel, k), f.OriginYear);

        // One peer year of history (or a flat series) gives no volatility; a floor keeps the interval finite.
        return Math.Max(double.IsFinite(volatility) ? volatility : 0, MinimumVolatility) * GroupGrowth.HorizonFactor(f.Horizon);
    }

    /// <summary>Forecast = origin income × exp(h × (peers' carried growth + the county's shrunk-trend departure)).</summary>
    private static List<CountyIncomeForecast> Predict(IncomePanel panel, int origin, int maxHorizon, GroupGrowth groups)
    {
        var result = new List<CountyIncomeForecast>();
        for (var k = 0; k < panel.Counties; k++)
        {
            var start = panel.At(k, origin);
            if (!double.IsFinite(start))
            {
                continue;
            }

            for (var h = 1; h <= maxHorizon; h++)
            {
                var peerGrowth = groups.PeerBaseGrowth(IncomePanel.Peer(panel, k), origin, h);
                var departure = groups.TrendAnchor(k, origin, h);
                var forecast = start * Math.Exp((departure + (double.IsFinite(peerGrowth) ? peerGrowth : 0)) * h);
                result.Add(new CountyIncomeForecast(panel.CountyCodes[k], panel.Classes[k], origin, origin + h, h, start, forecast, double.NaN, double.NaN, double.NaN));
            }
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
