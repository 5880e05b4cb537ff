namespace RevivalAnalytics.Models;

/// <summary>County rural per-capita disposable income by year, with class and former-poverty status, as arrays.</summary>
internal sealed class IncomePanel
{
    // Every growth feature is relative to the county's peers (same class and former-poverty status), and so is the
    // target: the model learns how a county departs from its peers, never the year's common shock, which it cannot
    // know ahead. The peers' own growth is carried forward naively.
    public static IReadOnlyList<FeatureDefinition> Features { get; } =
    [
        new("horizon", "", "预测年数", "years ahead"),
        new("growth_last_rel", "", "上年增速高于同类县", "last year's growth above the peers'"),
        new("growth_lag1_rel", "", "前年增速高于同类县", "growth the year before above the peers'"),
        new("growth_lag2_rel", "", "三年前增速高于同类县", "growth three years back above the peers'"),
        new("growth_mean_rel", "", "历史平均增速高于同类县", "mean historical growth above the peers'"),
        new("trend_residual", "", "收入偏离自身趋势", "income deviation from its own trend"),
        new("income_level_rel", "", "收入水平(相对同类县)", "income level relative to the peers"),
        new("county_class", "", "县域类别", "county class"),
        new("former_poverty_county", "", "原贫困县", "former poverty county"),
    ];

    public static IReadOnlyList<string> FeatureNames { get; } = [.. Features.Select(f => f.Name)];

    public required int[] CountyCodes { get; init; }

    public required int[] Classes { get; init; }

    public required int[] PovertyStatus { get; init; }

    public required int FirstYear { get; init; }

    /// <summary>Income[county, year − FirstYear]; NaN where missing.</summary>
    public required double[,] Income { get; init; }

    public int Counties => CountyCodes.Length;

    public int Years => Income.GetLength(1);

    public int LastYear => FirstYear + Years - 1;

    public static IncomePanel Load(ModelDataSource data)
    {
        var columns = data.Query($"""
            SELECT ci.county_code, CAST(ci.year AS INTEGER) AS year, ci.rural_income_per_capita AS income,
                   c.county_class, c.former_poverty_status
            FROM {data.Table("county_indicators")} ci JOIN {data.Table("counties")} c USING (county_code)
            ORDER BY ci.county_code, year
            """);
        var codes = columns.GetInt64s("county_code");
        var years = columns.GetInt64s("year");
        var income = columns.GetDoubles("income");
        var classes = columns.GetInt64s("county_class");
        var poverty = columns.GetInt64s("former_poverty_status");
        if (codes.Length == 0)
        {
            throw new ModelException(ModelErrorKind.DataMissing, $"数据 {data.Location} 的 county_indicators 为空。Table county_indicators in {data.Location} is empty.");
        }

        var countyCodes = codes.Distinct().Order().Select(c => (int)c).ToArray();
        var index = countyCodes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var first = (int)years.Min();
        var last = (int)years.Max();
        var matrix = new double[countyCodes.Length, last - first + 1];
        for (var k = 0; k < countyCodes.Length; k++)
        {
            for (var y = 0; y <= last - first; y++)
            {
                matrix[k, y] = double.NaN;
            }
        }

        var classOf = new int[countyCodes.Length];
        var povertyOf = new int[countyCodes.Length];
        for (var r = 0; r < codes.Length; r++)
        {
            var k = index[(int)codes[r]];
            matrix[k, (int)years[r] - first] = income[r];
            classOf[k] = (int)classes[r];
            povertyOf[k] = (int)poverty[r];
        }

        return new IncomePanel { CountyCodes = countyCodes, Classes = classOf, PovertyStatus = povertyOf, FirstYear = first, Income = matrix };
    }

    public double At(int county, int year) =>
        year < FirstYear || year > LastYear ? double.NaN : Income[county, year - FirstYear];

    public double Growth(int county, int year) => Math.Log(At(county, year) / At(county, year - 1));

    public static (int Class, int Poverty) Peer(IncomePanel panel, int k) => (panel.Classes[k], panel.PovertyStatus[k] == 0 ? 0 : 1);

    /// <summary>The features of county <paramref name="k"/> at origin <paramref name="origin"/> for <paramref name="horizon"/> years ahead; uses years ≤ origin only.</summary>
    public void Fill(Span<float> row, int k, int origin, int horizon, GroupGrowth groups)
    {
        // The county's log income relative to its peers' mean: the trend and its residual then describe the county,
        // not the year's common shock (which every peer shares and which the model cannot forecast).
        var peer = Peer(this, k);
        var history = new List<(double Year, double LogIncome)>();
        for (var y = FirstYear; y <= origin; y++)
        {
            var v = At(k, y);
            if (double.IsFinite(v) && v > 0)
            {
                history.Add((y, Math.Log(v) - groups.PeerLogMean(peer, y)));
            }
        }

        var trendResidual = double.NaN;
        if (history.Count >= 3)
        {
            var meanX = history.Average(p => p.Year);
            var meanY = history.Average(p => p.LogIncome);
            var slope = history.Sum(p => (p.Year - meanX) * (p.LogIncome - meanY)) / history.Sum(p => (p.Year - meanX) * (p.Year - meanX));
            trendResidual = history[^1].LogIncome - (meanY + (slope * (history[^1].Year - meanX)));
        }

        var growthMeanRelative = history.Count >= 2 ? (history[^1].LogIncome - history[0].LogIncome) / (history[^1].Year - history[0].Year) : double.NaN;
        row[0] = horizon;
        row[1] = Finite(Growth(k, origin) - groups.PeerGrowth(peer, origin));
        row[2] = Finite(Growth(k, origin - 1) - groups.PeerGrowth(peer, origin - 1));
        row[3] = Finite(Growth(k, origin - 2) - groups.PeerGrowth(peer, origin - 2));
        row[4] = Finite(growthMeanRelative);
        row[5] = Finite(trendResidual);
        row[6] = Finite(Math.Log(At(k, origin)) - groups.PeerLogMean(peer, origin));
        row[7] = Classes[k];
        row[8] = PovertyStatus[k];
    }

    private static float Finite(double value) => double.IsFinite(value) ? (float)value : float.NaN;
}

/// <summary>Cross-county means by year, computed once per panel.</summary>
internal sealed class GroupGrowth(IncomePanel panel)
{
    private readonly Dictionary<(string, int, int), double> _cache = [];

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
    /// The peers' growth carried forward from <paramref name="year"/>: their mean growth over the last 1, 2 or 3
    /// years, whichever would have forecast the peers' growth over the same horizon best at the origins before (time-correct:
    /// only outcomes up to <paramref name="year"/> are scored). One year's growth swings with the province's
    /// (10.3% in 2021, 6.6% in 2022); a longer mean lags a trend. The data decide per peer group.
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

            if (scored > 0 && error / scored < bestError - 1e-12)
            {
                bestError = error / scored;
                best = window;
            }
        }

        return PeerTrendGrowth(peer, year, best);
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
