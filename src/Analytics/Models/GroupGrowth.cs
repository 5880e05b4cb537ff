namespace RevivalAnalytics.Models;

/// <summary>Cross-county means by year, computed once per panel.</summary>
internal sealed class GroupGrowth(IncomePanel panel)
{
    /// <summary>Earlier origins that must have scored the peer-growth windows before one other than last year's is chosen.</summary>
    public const int MinimumScoredOrigins = 3;

    private readonly Dictionary<(string, int, int), double> _cache = [];
    private readonly Dictionary<int, (double Gap, double Slope)[]> _anchors = [];

    public double ClassGrowth(int countyClass, int year) =>
        Mean(("class", countyClass, year), k => panel.Classes[k] == countyClass, k => panel.Growth(k, year));

    public double PeerGrowth((int Class, int Poverty) peer, int year) =>
        Mean(("peer", (peer.Class * 10) + peer.Poverty, year), k => panel.Classes[k] == peer.Class && (panel.PovertyStatus[k] == 0 ? 0 : 1) == peer.Poverty, k => panel.Growth(k, year));

    /// <summary>The peers' mean yearly growth over the last <paramref name="years"/> years up to <paramref name="year"/> (fewer when the data start later).</summary>
    public double PeerTrendGrowth((int Class, int Poverty) peer, int year, int years)
    {
        var from = Math.Max(panel.FirstYear, year - years);
        return year > from ? (PeerLogMean(peer, year) - PeerLogMean(peer, from)) / (year - from) : double.NaN;
    }

    /// <summary>
    /// The peers' growth carried forward from <paramref name="year"/>: last year's growth of the peers (what the
    /// class-average baseline carries), or their mean growth over the last 2 or 3 years when that forecast the peers'
    /// growth over the same horizon better at no fewer than <see cref="MinimumScoredOrigins"/> earlier origins
    /// (time-correct: only outcomes up to <paramref name="year"/> are scored). One year's growth swings with the
    /// province's (10.3% in 2021, 6.6% in 2022) and a longer mean lags a turn (poverty-area growth fell from 12.7% to
    /// 9.0% in 2022); with one or two scored origins the choice is noise, which made the key class lose three years
    /// ahead, so the default holds until the evidence is there.
    /// </summary>
    public double PeerBaseGrowth((int Class, int Poverty) peer, int year, int horizon)
    {
        var best = 1;
        var bestError = double.PositiveInfinity;
        for (var window = 1; window <= 3; window++)
        {
            double error = 0;
            var scored = 0;
            for (var origin = panel.FirstYear + 3; origin + horizon <= year; origin++)
            {
                var e = Math.Abs(PeerTrendGrowth(peer, origin + horizon, horizon) - PeerTrendGrowth(peer, origin, window));
                if (double.IsFinite(e))
                {
                    error += e;
                    scored++;
                }
            }

            if (scored < MinimumScoredOrigins)
            {
                return PeerTrendGrowth(peer, year, 1);
            }

            if (error / scored < bestError - 1e-12)
            {
                bestError = error / scored;
                best = window;
            }
        }

        return PeerTrendGrowth(peer, year, best);
    }

    /// <summary>
    /// Root mean square of the surprises in the peers' growth up to <paramref name="year"/>: how far each year's growth
    /// fell from the mean of the (up to) two years before. It is the scale of the error of carrying their growth
    /// forward. Year-to-year changes would count the zig-zag of the non-poverty groups (±2–3 points a year) twice,
    /// although their forecasts average it out; measured on three seeds, intervals from this scale cover as often
    /// and are a quarter narrower for those groups. If growth then moves like a random walk with this step, the error
    /// of the log level h years ahead has variance step²·h(h+1)(2h+1)/6, so intervals scale with
    /// <see cref="HorizonFactor"/>.
    /// </summary>
    public double PeerGrowthVolatility((int Class, int Poverty) peer, int year)
    {
        double sum = 0;
        var count = 0;
        for (var y = panel.FirstYear + 2; y <= year; y++)
        {
            var before = Math.Max(panel.FirstYear + 1, y - 2);
            var surprise = PeerTrendGrowth(peer, y, 1) - PeerTrendGrowth(peer, y - 1, y - 1 - (before - 1));
            if (double.IsFinite(surprise))
            {
                sum += surprise * surprise;
                count++;
            }
        }

        return count == 0 ? double.NaN : Math.Sqrt(sum / count);
    }

    /// <summary>√(h(h+1)(2h+1)/6): how the random-walk growth error of <see cref="PeerGrowthVolatility"/> adds up over h years.</summary>
    public static double HorizonFactor(int horizon) => Math.Sqrt(horizon * (horizon + 1) * ((2.0 * horizon) + 1) / 6);

    /// <summary>
    /// The county's expected yearly departure from its peers over the next <paramref name="horizon"/> years from its
    /// own trend, using years ≤ <paramref name="origin"/> only: the county's log income relative to its peers is
    /// fitted with a straight line whose slope is shrunk toward zero (empirical Bayes across all counties at this
    /// origin: slope variance between counties against the slope's sampling noise); the departure moves the county
    /// from its observed level to the fitted level and continues the shrunk slope. The generator's counties are a
    /// level, a small drift and yearly noise around their calibration group (data-generator.md section 4), so the
    /// observed origin carries a year of noise (s.d. ≈ 1.2%) that the fitted level does not, and a slope from three
    /// to nine points is mostly noise unless shrunk.
    /// </summary>
    public double TrendAnchor(int county, int origin, int horizon)
    {
        if (!_anchors.TryGetValue(origin, out var anchors))
        {
            anchors = FitAnchors(origin);
            _anchors[origin] = anchors;
        }

        var (gap, slope) = anchors[county];
        return double.IsFinite(gap) && double.IsFinite(slope) ? (gap / horizon) + slope : 0;
    }

    private (double Gap, double Slope)[] FitAnchors(int origin)
    {
        var fits = new (double MeanX, double MeanY, double Slope, double Sxx, double Rss, int N, double Last)[panel.Counties];
        double rss = 0;
        var freedom = 0;
        var slopes = new List<double>();
        for (var k = 0; k < panel.Counties; k++)
        {
            var peer = IncomePanel.Peer(panel, k);
            var points = new List<(double X, double Y)>();
            for (var y = panel.FirstYear; y <= origin; y++)
            {
                var v = panel.At(k, y);
                if (double.IsFinite(v) && v > 0)
                {
                    points.Add((y, Math.Log(v) - PeerLogMean(peer, y)));
                }
            }

            var last = double.IsFinite(panel.At(k, origin)) && points.Count > 0 && points[^1].X == origin ? points[^1].Y : double.NaN;
            if (points.Count < 3 || !double.IsFinite(last))
            {
                fits[k] = (0, 0, double.NaN, 0, 0, points.Count, double.NaN);
                continue;
            }

            var meanX = points.Average(p => p.X);
            var meanY = points.Average(p => p.Y);
            var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
            var slope = points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / sxx;
            var countyRss = points.Sum(p => Math.Pow(p.Y - (meanY + (slope * (p.X - meanX))), 2));
            fits[k] = (meanX, meanY, slope, sxx, countyRss, points.Count, last);
            rss += countyRss;
            freedom += points.Count - 2;
            slopes.Add(slope);
        }

        var result = new (double, double)[panel.Counties];
        if (slopes.Count < 2 || freedom == 0)
        {
            Array.Fill(result, (double.NaN, double.NaN));
            return result;
        }

        var noise = rss / freedom;
        var slopeMean = slopes.Average();
        var slopeVariance = slopes.Sum(b => (b - slopeMean) * (b - slopeMean)) / slopes.Count;
        var meanSamplingVariance = fits.Where(f => double.IsFinite(f.Slope)).Average(f => noise / f.Sxx);
        var between = Math.Max(slopeVariance - meanSamplingVariance, 0);
        for (var k = 0; k < panel.Counties; k++)
        {
            var f = fits[k];
            if (!double.IsFinite(f.Slope))
            {
                result[k] = (double.NaN, double.NaN);
                continue;
            }

            var weight = between / (between + (noise / f.Sxx));
            var slope = weight * f.Slope;
            var fittedAtOrigin = f.MeanY + (slope * (origin - f.MeanX));
            result[k] = (fittedAtOrigin - f.Last, slope);
        }

        return result;
    }

    public double PeerLogMean((int Class, int Poverty) peer, int year) =>
        Mean(("peerlevel", (peer.Class * 10) + peer.Poverty, year), k => panel.Classes[k] == peer.Class && (panel.PovertyStatus[k] == 0 ? 0 : 1) == peer.Poverty, k => Math.Log(panel.At(k, year)));

    private double Mean((string, int, int) key, Func<int, bool> include, Func<int, double> value)
    {
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        double sum = 0;
        var count = 0;
        for (var k = 0; k < panel.Counties; k++)
        {
            if (include(k))
            {
                var v = value(k);
                if (double.IsFinite(v))
                {
                    sum += v;
                    count++;
                }
            }
        }

        var mean = count == 0 ? double.NaN : sum / count;
        _cache[key] = mean;
        return mean;
    }
}
