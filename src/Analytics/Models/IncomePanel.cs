namespace RevivalAnalytics.Models;

/// <summary>County rural per-capita disposable income by year, with class and former-poverty status, as arrays.</summary>
internal sealed class IncomePanel
{
    public static IReadOnlyList<FeatureDefinition> Features { get; } =
    [
        new("horizon", "", "预测年数", "years ahead"),
        new("growth_last", "", "上年收入增速", "last year's income growth"),
        new("growth_lag1", "", "前年收入增速", "income growth the year before"),
        new("growth_lag2", "", "三年前收入增速", "income growth three years back"),
        new("growth_mean", "", "历史平均增速", "mean historical growth"),
        new("trend_residual", "", "收入偏离自身趋势", "income deviation from its own trend"),
        new("income_level", "", "收入水平(相对全省)", "income level relative to the province"),
        new("county_class", "", "县域类别", "county class"),
        new("former_poverty_county", "", "原贫困县", "former poverty county"),
        new("class_growth_last", "", "同类县上年平均增速", "class mean growth last year"),
        new("group_growth_last", "", "同组(原贫困县/其他)上年平均增速", "mean growth last year of former poverty counties or of the others"),
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

    /// <summary>The features of county <paramref name="k"/> at origin <paramref name="origin"/> for <paramref name="horizon"/> years ahead; uses years ≤ origin only.</summary>
    public void Fill(Span<float> row, int k, int origin, int horizon, GroupGrowth groups)
    {
        var history = new List<(double Year, double LogIncome)>();
        for (var y = FirstYear; y <= origin; y++)
        {
            var v = At(k, y);
            if (double.IsFinite(v) && v > 0)
            {
                history.Add((y, Math.Log(v)));
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

        var growthMean = history.Count >= 2 ? (history[^1].LogIncome - history[0].LogIncome) / (history[^1].Year - history[0].Year) : double.NaN;
        var level = Math.Log(At(k, origin)) - groups.LogMeanIncome(origin);
        row[0] = horizon;
        row[1] = Finite(Growth(k, origin));
        row[2] = Finite(Growth(k, origin - 1));
        row[3] = Finite(Growth(k, origin - 2));
        row[4] = Finite(growthMean);
        row[5] = Finite(trendResidual);
        row[6] = Finite(level);
        row[7] = Classes[k];
        row[8] = PovertyStatus[k];
        row[9] = Finite(groups.ClassGrowth(Classes[k], origin));
        row[10] = Finite(groups.PovertyGroupGrowth(PovertyStatus[k] != 0, origin));
    }

    private static float Finite(double value) => double.IsFinite(value) ? (float)value : float.NaN;
}

/// <summary>Cross-county means by year, computed once per panel.</summary>
internal sealed class GroupGrowth(IncomePanel panel)
{
    private readonly Dictionary<(string, int, int), double> _cache = [];

    public double ClassGrowth(int countyClass, int year) =>
        Mean(("class", countyClass, year), k => panel.Classes[k] == countyClass, k => panel.Growth(k, year));

    public double PovertyGroupGrowth(bool formerPoverty, int year) =>
        Mean(("poverty", formerPoverty ? 1 : 0, year), k => (panel.PovertyStatus[k] != 0) == formerPoverty, k => panel.Growth(k, year));

    public double LogMeanIncome(int year) =>
        Mean(("level", 0, year), _ => true, k => Math.Log(panel.At(k, year)));

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
