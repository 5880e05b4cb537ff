namespace RevivalAnalytics.Data.Generation;

/// <summary>
/// Province-level series the generator is calibrated to. Published figures come from
/// /work/shared/reference/domain.md; every other year is derived by a rule written in
/// docs/data-generator.md ("Calibration targets"). Years outside 2016-2025 extrapolate the
/// last known growth so callers can ask for any range.
/// </summary>
internal static class ProvinceTargets
{
    public const int MonitoringStartYear = 2020;

    // Rural per-capita disposable income, yuan. 2016, 2021, 2023 published; 2020 and 2022 derived in domain.md;
    // 2017-2019 geometric interpolation 2016->2020; 2024 +6.5%, 2025 +6.0% (documented extrapolation).
    private static readonly Dictionary<int, double> s_ruralIncome = new()
    {
        [2016] = 10_082,
        [2017] = 10_921,
        [2018] = 11_830,
        [2019] = 12_814,
        [2020] = 13_878,
        [2021] = 15_308,
        [2022] = 16_323,
        [2023] = 17_677,
        [2024] = 18_826,
        [2025] = 19_955,
    };

    // Poverty-area (脱贫地区 / 贫困地区) rural income: 2017, 2018, 2021 published; 2016 = 2017/1.107;
    // 2020 = 2021/1.127; 2019 geometric mean of 2018 and 2020; 2022-2023 +9.0%, 2024 +8.0%, 2025 +7.5%.
    private static readonly Dictionary<int, double> s_povertyAreaIncome = new()
    {
        [2016] = 6_622,
        [2017] = 7_330,
        [2018] = 8_250,
        [2019] = 9_241,
        [2020] = 10_351,
        [2021] = 11_666,
        [2022] = 12_716,
        [2023] = 13_860,
        [2024] = 14_969,
        [2025] = 16_092,
    };

    // Component shares: 2021 and 2023 published (wages, business, property, transfers); linear in time
    // between them and beyond, clamped to the 2016-2025 window.
    private static readonly double[] s_shares2021 = [6_860 / 15_309.0, 3_959 / 15_309.0, 216 / 15_309.0, 4_274 / 15_309.0];
    private static readonly double[] s_shares2023 = [7_875 / 17_676.0, 4_676 / 17_676.0, 256 / 17_676.0, 4_869 / 17_676.0];

    // Poverty-alleviated labour in work (脱贫劳动力务工就业), people: 2021 published 951,100; 2022 "kept >= 950,000",
    // 2023 target >= 980,000; other years illustrative.
    private static readonly Dictionary<int, double> s_labourInWork = new()
    {
        [2016] = 700_000,
        [2017] = 780_000,
        [2018] = 850_000,
        [2019] = 900_000,
        [2020] = 930_000,
        [2021] = 951_100,
        [2022] = 962_000,
        [2023] = 985_000,
        [2024] = 990_000,
        [2025] = 995_000,
    };

    // National poverty line of the poverty-alleviation period at current prices (approximate), yuan per person.
    private static readonly Dictionary<int, double> s_nationalPovertyLine = new()
    {
        [2014] = 2_800,
        [2015] = 2_855,
        [2016] = 3_000,
        [2017] = 3_335,
        [2018] = 3_535,
        [2019] = 3_747,
        [2020] = 4_000,
    };

    // Monitoring line (防止返贫监测范围): 1.5x the 2020 national line = 6,000 for 2020-2021, then indexed
    // yearly in step with rural income (rounded to 100 yuan).
    private static readonly Dictionary<int, double> s_monitoringLine = new()
    {
        [2020] = 6_000,
        [2021] = 6_000,
        [2022] = 6_400,
        [2023] = 6_800,
        [2024] = 7_200,
        [2025] = 7_600,
    };

    /// <summary>Province total of county linkage funds (衔接补助资金) 2021: 6.055 bn for industry = 56.7%.</summary>
    public const double LinkageFunds2021 = 6_055_000_000 / 0.567;

    public const double LinkageFundsIndustry2021 = 6_055_000_000;

    public const int ProblemsFound2021 = 14_036;

    public const int ProblemsRectified2021 = 13_978;

    /// <summary>Illustrative province rural resident population (people), split over the 117 units.</summary>
    public const int RuralPopulation = 12_700_000;

    /// <summary>2014 registered poor people, the province scale of the poverty-alleviated population.</summary>
    public const int PovertyAlleviatedPopulation = 3_290_000;

    /// <summary>Households the sample represents: 脱贫户 (3.29 million people / about 2.6 per household) ...</summary>
    public const double PovertyAlleviatedHouseholds = 1_270_000;

    /// <summary>... and 一般农户 in the low-income monitoring pool.</summary>
    public const double LowIncomePoolHouseholds = 230_000;

    public static double RuralIncome(int year) => Extrapolate(s_ruralIncome, year);

    public static double PovertyAreaIncome(int year) => Extrapolate(s_povertyAreaIncome, year);

    public static double LabourInWork(int year) => Extrapolate(s_labourInWork, year, growthCap: 0.01);

    public static double NationalPovertyLine(int year) => Extrapolate(s_nationalPovertyLine, Math.Min(year, 2020));

    /// <summary>Monitoring line for the year, or null before monitoring started.</summary>
    public static double? MonitoringLine(int year) => year < MonitoringStartYear ? null : Extrapolate(s_monitoringLine, year);

    /// <summary>Monitoring line used for simulation: before 2020 the line 1.5x the national line would have been.</summary>
    public static double EffectiveMonitoringLine(int year) => MonitoringLine(year) ?? Math.Round(1.5 * NationalPovertyLine(year), 0);

    /// <summary>Wages, business, property, transfers shares of rural income for the year (sum 1).</summary>
    public static double[] ComponentShares(int year)
    {
        var t = (Math.Clamp(year, 2016, 2025) - 2021) / 2.0;
        var shares = new double[4];
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            shares[i] = Math.Max(0.005, s_shares2021[i] + t * (s_shares2023[i] - s_shares2021[i]));
            sum += shares[i];
        }

        for (var i = 0; i < 4; i++)
        {
            shares[i] /= sum;
        }

        return shares;
    }

    private static double Extrapolate(Dictionary<int, double> series, int year, double growthCap = 1)
    {
        if (series.TryGetValue(year, out var value))
        {
            return value;
        }

        var first = series.Keys.Min();
        var last = series.Keys.Max();
        if (year > last)
        {
            var growth = Math.Min(series[last] / series[last - 1], 1 + growthCap);
            return Math.Round(series[last] * Math.Pow(growth, year - last), 0);
        }

        var backGrowth = series[first + 1] / series[first];
        return Math.Round(series[first] / Math.Pow(backGrowth, first - year), 0);
    }
}
