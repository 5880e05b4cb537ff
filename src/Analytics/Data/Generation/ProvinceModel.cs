namespace RevivalAnalytics.Data.Generation;

/// <summary>
/// The province-scale part of the synthetic world: counties, villages, county-year economy and disasters.
/// It depends only on the seed and the years, never on the household sample size, so county indicators are
/// province-scale figures whatever the sample (docs/data-generator.md, "Sample and province scale").
/// </summary>
internal sealed class ProvinceModel
{
    private const ulong CountyStream = 1;
    private const ulong VillageStream = 2;

    public ProvinceModel(GeneratorOptions options)
    {
        Options = options;
        FirstYear = options.FirstYear;
        YearCount = options.YearCount;
        var counties = CountyCatalog.Counties;
        Count = counties.Count;
        References = counties;
        Classes = new CountyClass[Count];
        ClassSources = new sbyte[Count];
        RuralPopulation = new int[Count];
        PovertyPopulation = new int[Count];
        RuralIncome = new double[Count, YearCount];
        Components = new double[Count, YearCount, 4];
        Disaster = new sbyte[Count, YearCount];
        ExpectedRuralIncome = new double[Count, YearCount];

        AssignClassesAndPopulation(options);
        BuildIncome(options.Seed);
        BuildDisasters(options.Seed);
        BuildVillages(options.Seed);
        BuildHouseholdSampling();
    }

    public GeneratorOptions Options { get; }

    public int FirstYear { get; }

    public int YearCount { get; }

    public int Count { get; }

    public IReadOnlyList<CountyReference> References { get; }

    public CountyClass[] Classes { get; }

    public sbyte[] ClassSources { get; }

    public int[] RuralPopulation { get; }

    public int[] PovertyPopulation { get; }

    /// <summary>County rural per-capita disposable income [county, year index], calibrated.</summary>
    public double[,] RuralIncome { get; }

    /// <summary>Wages, business, property, transfers [county, year index, component].</summary>
    public double[,,] Components { get; }

    public sbyte[,] Disaster { get; }

    /// <summary>
    /// County rural income without its yearly noise [county, year index]: the calibrated group scale times the county's
    /// level and drift. The truth an income forecast is measured against (<see cref="GeneratorOracle"/>).
    /// </summary>
    public double[,] ExpectedRuralIncome { get; }

    /// <summary>Village codes per county, and for each village whether it was a registered poor village.</summary>
    public long[][] VillageCodes { get; private set; } = [];

    public bool[][] FormerPovertyVillage { get; private set; } = [];

    /// <summary>Cumulative household weights per county, for drawing a household's county.</summary>
    public double[] HouseholdCountyCumulative { get; private set; } = [];

    /// <summary>Probability that a sampled household of the county is a 脱贫户 (else low-income pool).</summary>
    public double[] PovertyHouseholdShare { get; private set; } = [];

    /// <summary>County income relative to province in 2021 (or the nearest simulated year).</summary>
    public double[] RelativeIncome { get; private set; } = [];

    public bool IsPovertyCounty(int county) => References[county].FormerPovertyStatus != FormerPovertyStatus.None;

    public int YearIndex(int year) => year - FirstYear;

    private void AssignClassesAndPopulation(GeneratorOptions options)
    {
        var rng = SimRandom.ForStream(options.Seed, CountyStream, 0);
        var rural = new double[Count];
        var poor = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            var county = References[i];
            var overridden = options.CountyClassOverrides is not null && options.CountyClassOverrides.TryGetValue(county.Code, out var official);
            Classes[i] = overridden ? options.CountyClassOverrides![county.Code] : CountyCatalog.IllustrativeClass(county);
            ClassSources[i] = overridden ? ClassSource.Official : ClassSource.Illustrative;

            var isDistrict = county.Name.EndsWith('区');
            var isCity = county.Name.EndsWith('市');
            var baseRural = isDistrict ? 55_000 : isCity ? 190_000 : 140_000;
            rural[i] = baseRural * Math.Exp(0.3 * rng.Normal());
            var poorShare = county.FormerPovertyStatus switch
            {
                FormerPovertyStatus.National => 0.42,
                FormerPovertyStatus.Provincial => 0.28,
                _ => isDistrict ? 0.06 : 0.12,
            };
            poor[i] = rural[i] * poorShare * Math.Exp(0.2 * rng.Normal());
        }

        Scale(rural, ProvinceTargets.RuralPopulation, RuralPopulation);
        Scale(poor, ProvinceTargets.PovertyAlleviatedPopulation, PovertyPopulation);
    }

    private static void Scale(double[] raw, int total, int[] target)
    {
        var sum = raw.Sum();
        var assigned = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            target[i] = (int)Math.Round(raw[i] * total / sum);
            assigned += target[i];
        }

        // Rounding leftovers go to the largest unit so the province total is exact.
        var largest = Array.IndexOf(target, target.Max());
        target[largest] += total - assigned;
    }

    private void BuildIncome(long seed)
    {
        var levels = new double[Count];
        var drift = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            var rng = SimRandom.ForStream(seed, CountyStream, 1000 + i);
            var classEffect = Classes[i] switch
            {
                CountyClass.Pilot => 0.16,
                CountyClass.Overall => 0.0,
                _ => -0.12,
            };
            var povertyEffect = References[i].FormerPovertyStatus switch
            {
                FormerPovertyStatus.National => -0.06,
                FormerPovertyStatus.Provincial => -0.03,
                _ => 0.0,
            };
            levels[i] = classEffect + povertyEffect + 0.07 * rng.Normal();
            // Within each calibration group, key counties catch up a little faster, pilots a little slower.
            drift[i] = (Classes[i] == CountyClass.KeyAssistance ? 0.004 : Classes[i] == CountyClass.Pilot ? -0.002 : 0.0) + 0.004 * rng.Normal();
        }

        var raw = new double[Count];
        for (var y = 0; y < YearCount; y++)
        {
            var year = FirstYear + y;
            for (var i = 0; i < Count; i++)
            {
                var rng = SimRandom.ForStream(seed, CountyStream, 100_000 + i * 100 + y);
                raw[i] = Math.Exp(levels[i] + drift[i] * (year - 2021) + 0.012 * rng.Normal());
            }

            // Two calibration groups per year: former poverty counties hit the poverty-area series, the others
            // the remainder, so the rural-population weighted province mean hits the province series exactly.
            var total = ProvinceTargets.RuralIncome(year);
            var povertyArea = ProvinceTargets.PovertyAreaIncome(year);
            double povertyPeople = 0;
            double allPeople = 0;
            double povertyRaw = 0;
            double otherRaw = 0;
            for (var i = 0; i < Count; i++)
            {
                allPeople += RuralPopulation[i];
                if (IsPovertyCounty(i))
                {
                    povertyPeople += RuralPopulation[i];
                    povertyRaw += RuralPopulation[i] * raw[i];
                }
                else
                {
                    otherRaw += RuralPopulation[i] * raw[i];
                }
            }

            var otherTarget = (total * allPeople - povertyArea * povertyPeople) / (allPeople - povertyPeople);
            var povertyScale = povertyArea * povertyPeople / povertyRaw;
            var otherScale = otherTarget * (allPeople - povertyPeople) / otherRaw;
            for (var i = 0; i < Count; i++)
            {
                RuralIncome[i, y] = raw[i] * (IsPovertyCounty(i) ? povertyScale : otherScale);
                ExpectedRuralIncome[i, y] = Math.Exp(levels[i] + drift[i] * (year - 2021)) * (IsPovertyCounty(i) ? povertyScale : otherScale);
            }

            BuildComponents(y, ProvinceTargets.ComponentShares(year), total);
        }

        var reference = Math.Clamp(2021, FirstYear, FirstYear + YearCount - 1) - FirstYear;
        RelativeIncome = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            RelativeIncome[i] = RuralIncome[i, reference] / ProvinceTargets.RuralIncome(FirstYear + reference);
        }
    }

    private void BuildComponents(int y, double[] provinceShares, double provinceIncome)
    {
        // Start from class-specific shares (key counties rely more on transfers and farming, pilots on wages),
        // then rake: scale each component so the province weighted component equals its target, renormalise
        // each county to its calibrated total, repeat. Converges in a handful of rounds.
        var shares = new double[Count, 4];
        for (var i = 0; i < Count; i++)
        {
            var tilt = Classes[i] switch
            {
                CountyClass.Pilot => new[] { 1.12, 0.85, 1.3, 0.9 },
                CountyClass.Overall => new[] { 1.0, 1.05, 1.0, 0.97 },
                _ => new[] { 0.88, 1.08, 0.7, 1.15 },
            };
            for (var c = 0; c < 4; c++)
            {
                shares[i, c] = provinceShares[c] * tilt[c];
            }
        }

        double people = RuralPopulation.Sum(p => (double)p);
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < Count; i++)
            {
                var sum = shares[i, 0] + shares[i, 1] + shares[i, 2] + shares[i, 3];
                for (var c = 0; c < 4; c++)
                {
                    shares[i, c] /= sum;
                }
            }

            for (var c = 0; c < 4; c++)
            {
                double achieved = 0;
                for (var i = 0; i < Count; i++)
                {
                    achieved += RuralPopulation[i] * RuralIncome[i, y] * shares[i, c];
                }

                var factor = provinceShares[c] * provinceIncome * people / achieved;
                for (var i = 0; i < Count; i++)
                {
                    shares[i, c] *= factor;
                }
            }
        }

        for (var i = 0; i < Count; i++)
        {
            var sum = shares[i, 0] + shares[i, 1] + shares[i, 2] + shares[i, 3];
            for (var c = 0; c < 4; c++)
            {
                Components[i, y, c] = RuralIncome[i, y] * shares[i, c] / sum;
            }
        }
    }

    private void BuildDisasters(long seed)
    {
        for (var i = 0; i < Count; i++)
        {
            for (var y = 0; y < YearCount; y++)
            {
                var year = FirstYear + y;
                var rng = SimRandom.ForStream(seed, CountyStream, 200_000 + i * 100 + y);
                Disaster[i, y] = DisasterLevelOf(year, rng.NextDouble());
            }
        }
    }

    /// <summary>A county-year's disaster level from a uniform draw <paramref name="u"/>.</summary>
    internal static sbyte DisasterLevelOf(int year, double u)
    {
        var (normal, severe) = DisasterChances(year);
        return u < severe ? DisasterLevel.Severe : u < severe + normal ? DisasterLevel.Normal : DisasterLevel.None;
    }

    /// <summary>The chances of a normal and of a severe disaster in a county-year (also what the oracle averages a year it must not know over).</summary>
    internal static (double Normal, double Severe) DisasterChances(int year) =>
        // October 2021 brought severe autumn floods to Shanxi: that year is much worse.
        year == 2021 ? (0.30, 0.15) : (0.14, 0.04);

    private void BuildVillages(long seed)
    {
        VillageCodes = new long[Count][];
        FormerPovertyVillage = new bool[Count][];
        for (var i = 0; i < Count; i++)
        {
            var rng = SimRandom.ForStream(seed, VillageStream, i);
            var villages = Math.Max(20, (int)Math.Round(RuralPopulation[i] / 660.0));
            var codes = new long[villages];
            var poor = new bool[villages];
            var perTownship = 12 + rng.Next(8);
            var povertyVillageShare = References[i].FormerPovertyStatus switch
            {
                FormerPovertyStatus.National => 0.55,
                FormerPovertyStatus.Provincial => 0.4,
                _ => 0.12,
            };
            for (var v = 0; v < villages; v++)
            {
                var township = 1 + v / perTownship;
                var village = 200 + v % perTownship;
                codes[v] = References[i].Code * 1_000_000L + township * 1_000L + village;
                poor[v] = rng.Chance(povertyVillageShare);
            }

            VillageCodes[i] = codes;
            FormerPovertyVillage[i] = poor;
        }
    }

    private void BuildHouseholdSampling()
    {
        HouseholdCountyCumulative = new double[Count];
        PovertyHouseholdShare = new double[Count];
        double running = 0;
        for (var i = 0; i < Count; i++)
        {
            var povertyHouseholds = PovertyPopulation[i] / 2.6;
            var poolHouseholds = ProvinceTargets.LowIncomePoolHouseholds * RuralPopulation[i] / ProvinceTargets.RuralPopulation;
            running += povertyHouseholds + poolHouseholds;
            HouseholdCountyCumulative[i] = running;
            PovertyHouseholdShare[i] = povertyHouseholds / (povertyHouseholds + poolHouseholds);
        }
    }
}
