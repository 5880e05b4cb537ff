namespace RevivalAnalytics.Data.Generation;

/// <summary>Builds the province-scale tables (counties, villages, village_years, county_indicators, monitoring_lines).</summary>
internal static class ProvinceTables
{
    private const ulong IndicatorStream = 3;

    public static ColumnTable Counties(ProvinceModel model)
    {
        var n = model.Count;
        var code = new int[n];
        var name = new string?[n];
        var prefectureCode = new int[n];
        var prefecture = new string?[n];
        var status = new sbyte[n];
        var exitYear = new short?[n];
        var inferred = new bool[n];
        var cls = new sbyte[n];
        var source = new sbyte[n];
        var rural = new int[n];
        var poor = new int[n];
        var villages = new int[n];
        for (var i = 0; i < n; i++)
        {
            var c = model.References[i];
            code[i] = c.Code;
            name[i] = c.Name;
            prefectureCode[i] = c.PrefectureCode;
            prefecture[i] = c.Prefecture;
            status[i] = c.FormerPovertyStatus;
            exitYear[i] = c.ExitYear;
            inferred[i] = c.ExitYearInferred;
            cls[i] = (sbyte)model.Classes[i];
            source[i] = model.ClassSources[i];
            rural[i] = model.RuralPopulation[i];
            poor[i] = model.PovertyPopulation[i];
            villages[i] = model.VillageCodes[i].Length;
        }

        return ColumnTable.ForContract(TableNames.Counties, n,
        [
            new("county_code", code),
            new("county_name", name),
            new("prefecture_code", prefectureCode),
            new("prefecture_name", prefecture),
            new("former_poverty_status", status),
            new("poverty_exit_year", exitYear),
            new("exit_year_inferred", inferred),
            new("county_class", cls),
            new("class_source", source),
            new("rural_population", rural),
            new("poverty_alleviated_population", poor),
            new("village_count", villages),
        ]);
    }

    public static ColumnTable Villages(ProvinceModel model)
    {
        var n = model.VillageCodes.Sum(v => v.Length);
        var code = new long[n];
        var county = new int[n];
        var township = new long[n];
        var name = new string?[n];
        var poor = new bool[n];
        var relocation = new bool[n];
        var row = 0;
        for (var i = 0; i < model.Count; i++)
        {
            var rng = SimRandom.ForStream(model.Options.Seed, IndicatorStream, 500_000 + i);
            for (var v = 0; v < model.VillageCodes[i].Length; v++)
            {
                code[row] = model.VillageCodes[i][v];
                county[row] = model.References[i].Code;
                township[row] = code[row] / 1000;
                name[row] = FakeIdentity.VillageName(ref rng);
                poor[row] = model.FormerPovertyVillage[i][v];
                relocation[row] = model.IsPovertyCounty(i) && rng.Chance(0.04);
                row++;
            }
        }

        return ColumnTable.ForContract(TableNames.Villages, n,
        [
            new("village_code", code),
            new("county_code", county),
            new("township_code", township),
            new("village_name", name),
            new("former_poverty_village", poor),
            new("relocation_site", relocation),
        ]);
    }

    /// <summary>Village collective-economy income per village and year (villages under 100,000 yuan are "weak").</summary>
    public static ColumnTable VillageYears(ProvinceModel model, out long[,] countyCollectiveIncome, out int[,] countyWeakVillages)
    {
        var villages = model.VillageCodes.Sum(v => v.Length);
        var n = villages * model.YearCount;
        var code = new long[n];
        var year = new short[n];
        var income = new long[n];
        countyCollectiveIncome = new long[model.Count, model.YearCount];
        countyWeakVillages = new int[model.Count, model.YearCount];
        var row = 0;
        for (var i = 0; i < model.Count; i++)
        {
            var classLevel = model.Classes[i] switch
            {
                CountyClass.Pilot => 250_000.0,
                CountyClass.Overall => 150_000.0,
                _ => 105_000.0,
            };
            for (var v = 0; v < model.VillageCodes[i].Length; v++)
            {
                var rng = SimRandom.ForStream(model.Options.Seed, IndicatorStream, 1_000_000 + (long)i * 10_000 + v);
                var level = classLevel * Math.Exp(0.6 * rng.Normal());
                var growth = 0.09 + 0.05 * rng.Normal();
                for (var y = 0; y < model.YearCount; y++)
                {
                    var yr = model.FirstYear + y;
                    var value = Math.Max(0, level * Math.Exp(growth * (yr - 2021) + 0.15 * rng.Normal()));
                    code[row] = model.VillageCodes[i][v];
                    year[row] = (short)yr;
                    income[row] = (long)Math.Round(value, 0);
                    countyCollectiveIncome[i, y] += income[row];
                    if (income[row] < 100_000)
                    {
                        countyWeakVillages[i, y]++;
                    }

                    row++;
                }
            }
        }

        return ColumnTable.ForContract(TableNames.VillageYears, n,
        [
            new("village_code", code),
            new("year", year),
            new("collective_income", income),
        ]);
    }

    public static ColumnTable MonitoringLines(int firstYear, int lastYear)
    {
        var n = lastYear - firstYear + 1;
        var year = new short[n];
        var line = new double?[n];
        var national = new double?[n];
        var effective = new double[n];
        for (var y = 0; y < n; y++)
        {
            var yr = firstYear + y;
            year[y] = (short)yr;
            line[y] = ProvinceTargets.MonitoringLine(yr);
            national[y] = yr <= 2020 ? ProvinceTargets.NationalPovertyLine(yr) : null;
            effective[y] = ProvinceTargets.EffectiveMonitoringLine(yr);
        }

        return ColumnTable.ForContract(TableNames.MonitoringLines, n,
        [
            new("year", year),
            new("monitoring_line", line),
            new("national_poverty_line", national),
            new("simulation_line", effective),
        ]);
    }

    public static ColumnTable CountyIndicators(ProvinceModel model, long[,] collectiveIncome, int[,] weakVillages)
    {
        var counties = model.Count;
        var years = model.YearCount;
        var n = counties * years;
        var code = new int[n];
        var year = new short[n];
        var income = new double[n];
        var wages = new double[n];
        var business = new double[n];
        var property = new double[n];
        var transfers = new double[n];
        var alleviatedIncome = new double[n];
        var labour = new int[n];
        var posts = new int[n];
        var workshops = new int[n];
        var workshopJobs = new int[n];
        var funds = new long?[n];
        var industryFunds = new long?[n];
        var projectsStored = new int?[n];
        var projectsStarted = new int?[n];
        var collective = new long[n];
        var weak = new int[n];
        var problemsFound = new int?[n];
        var problemsFixed = new int?[n];
        var dropoutFound = new int?[n];
        var dropoutReturned = new int?[n];
        var insuranceTarget = new int?[n];
        var insured = new int?[n];
        var housesFound = new int?[n];
        var housesFixed = new int?[n];
        var waterFound = new int?[n];
        var waterFixed = new int?[n];
        var relocated = new int[n];
        var relocatedEmployed = new int[n];
        var disaster = new sbyte[n];

        var labourRaw = new double[counties];
        var fundsRaw = new double[counties];
        var problemsRaw = new double[counties];
        for (var y = 0; y < years; y++)
        {
            var yr = model.FirstYear + y;
            var funded = yr >= 2021;
            for (var i = 0; i < counties; i++)
            {
                var r = i * years + y;
                var rng = SimRandom.ForStream(model.Options.Seed, IndicatorStream, 10_000 + i * 100 + y);
                var poor = model.PovertyPopulation[i];
                var key = model.Classes[i] == CountyClass.KeyAssistance;
                code[r] = model.References[i].Code;
                year[r] = (short)yr;
                income[r] = Math.Round(model.RuralIncome[i, y], 2);
                wages[r] = Math.Round(model.Components[i, y, 0], 2);
                business[r] = Math.Round(model.Components[i, y, 1], 2);
                property[r] = Math.Round(model.Components[i, y, 2], 2);
                transfers[r] = Math.Round(model.Components[i, y, 3], 2);
                alleviatedIncome[r] = Math.Round(model.RuralIncome[i, y] * (0.78 + 0.03 * rng.Normal()) * (key ? 0.97 : 1.0), 2);
                var employmentFactor = model.Classes[i] switch
                {
                    CountyClass.Pilot => 1.05,
                    CountyClass.Overall => 1.0,
                    _ => 0.95,
                };
                labourRaw[i] = poor * employmentFactor * Math.Exp(0.05 * rng.Normal());
                posts[r] = (int)Math.Round(poor * (0.05 + 0.01 * rng.Normal()) * (yr >= 2021 ? 1.0 : 0.8));
                workshops[r] = Math.Max(0, (int)Math.Round(poor / 2_600.0 * Math.Exp(0.25 * rng.Normal()) * Math.Min(1.0, 0.6 + 0.08 * (yr - 2016))));
                workshopJobs[r] = workshops[r] * (18 + rng.Next(20));
                fundsRaw[i] = poor * (key ? 1.3 : model.Classes[i] == CountyClass.Pilot ? 0.7 : 1.0) * Math.Exp(0.15 * rng.Normal());
                problemsRaw[i] = poor * Math.Exp(0.3 * rng.Normal());
                collective[r] = collectiveIncome[i, y];
                weak[r] = weakVillages[i, y];
                if (funded)
                {
                    dropoutFound[r] = rng.Binomial(Math.Max(1, poor / 4_000), 0.5);
                    dropoutReturned[r] = dropoutFound[r];
                    insuranceTarget[r] = poor;
                    insured[r] = (int)Math.Round(poor * rng.Uniform(0.997, 1.0));
                    var severeHit = model.Disaster[i, y] == DisasterLevel.Severe ? 3.0 : 1.0;
                    housesFound[r] = (int)Math.Round(poor * 0.0008 * severeHit * Math.Exp(0.3 * rng.Normal()));
                    housesFixed[r] = (int)Math.Round(housesFound[r]!.Value * rng.Uniform(0.9, 1.0));
                    waterFound[r] = (int)Math.Round(model.VillageCodes[i].Length * 0.02 * severeHit * Math.Exp(0.3 * rng.Normal()));
                    waterFixed[r] = (int)Math.Round(waterFound[r]!.Value * rng.Uniform(0.85, 1.0));
                }

                var relocationRamp = Math.Clamp((yr - 2015) / 4.0, 0.3, 1.0);
                relocated[r] = model.IsPovertyCounty(i) ? (int)Math.Round(poor * 0.15 * relocationRamp) : 0;
                relocatedEmployed[r] = (int)Math.Round(relocated[r] * 0.36 * Math.Min(0.95, 0.75 + 0.03 * (yr - 2016)));
                disaster[r] = model.Disaster[i, y];
            }

            // Province totals are fixed by the target series; counties share them in proportion to the raw draws.
            Distribute(labourRaw, ProvinceTargets.LabourInWork(yr), labour, i => i * years + y);
            if (funded)
            {
                var totalFunds = ProvinceTargets.LinkageFunds2021 * Math.Pow(1.04, yr - 2021);
                var industryShare = Math.Min(0.65, 0.567 + 0.012 * (yr - 2021));
                var fundsInt = new int[counties];
                Distribute(fundsRaw, totalFunds / 1_000, fundsInt, i => i);
                var industryRaw = new double[counties];
                for (var i = 0; i < counties; i++)
                {
                    var rng = SimRandom.ForStream(model.Options.Seed, IndicatorStream, 20_000 + i * 100 + y);
                    industryRaw[i] = fundsInt[i] * Math.Clamp(industryShare + 0.05 * rng.Normal(), 0.4, 0.8);
                }

                var industryInt = new int[counties];
                Distribute(industryRaw, totalFunds * industryShare / 1_000, industryInt, i => i);
                var foundInt = new int[counties];
                var found = yr == 2021 ? ProvinceTargets.ProblemsFound2021 : Math.Round(ProvinceTargets.ProblemsFound2021 * Math.Pow(0.8, yr - 2021));
                Distribute(problemsRaw, found, foundInt, i => i);
                var unrectifiedTotal = yr == 2021
                    ? ProvinceTargets.ProblemsFound2021 - ProvinceTargets.ProblemsRectified2021
                    : (int)Math.Round(found * 0.004);
                var open = new int[counties];
                var openRaw = foundInt.Select(f => (double)f).ToArray();
                Distribute(openRaw, unrectifiedTotal, open, i => i);
                for (var i = 0; i < counties; i++)
                {
                    var r = i * years + y;
                    // Funds are distributed in thousands of yuan so that the integer rounding stays exact at province level.
                    funds[r] = fundsInt[i] * 1_000L;
                    industryFunds[r] = Math.Min(industryInt[i], fundsInt[i]) * 1_000L;
                    var rng = SimRandom.ForStream(model.Options.Seed, IndicatorStream, 30_000 + i * 100 + y);
                    projectsStored[r] = Math.Max(1, (int)Math.Round(fundsInt[i] / 1_500.0 * Math.Exp(0.2 * rng.Normal())));
                    projectsStarted[r] = (int)Math.Round(projectsStored[r]!.Value * rng.Uniform(0.8, 0.97));
                    problemsFound[r] = foundInt[i];
                    problemsFixed[r] = foundInt[i] - Math.Min(open[i], foundInt[i]);
                }
            }
        }

        return ColumnTable.ForContract(TableNames.CountyIndicators, n,
        [
            new("county_code", code),
            new("year", year),
            new("rural_income_per_capita", income),
            new("rural_wage_income", wages),
            new("rural_business_income", business),
            new("rural_property_income", property),
            new("rural_transfer_income", transfers),
            new("poverty_alleviated_income_per_capita", alleviatedIncome),
            new("poverty_alleviated_labour_employed", labour),
            new("public_welfare_posts", posts),
            new("assistance_workshops", workshops),
            new("workshop_employed", workshopJobs),
            new("linkage_funds", funds),
            new("linkage_funds_industry", industryFunds),
            new("projects_stored", projectsStored),
            new("projects_started", projectsStarted),
            new("village_collective_income", collective),
            new("weak_villages", weak),
            new("problems_found", problemsFound),
            new("problems_rectified", problemsFixed),
            new("dropout_students_found", dropoutFound),
            new("dropout_students_returned", dropoutReturned),
            new("medical_insurance_target", insuranceTarget),
            new("medical_insured", insured),
            new("unsafe_houses_found", housesFound),
            new("unsafe_houses_fixed", housesFixed),
            new("water_dangers_found", waterFound),
            new("water_dangers_fixed", waterFixed),
            new("relocated_people", relocated),
            new("relocated_labour_employed", relocatedEmployed),
            new("disaster_level", disaster),
        ]);
    }

    /// <summary>Integer shares of a total in proportion to weights, largest remainders first, so the sum is exact.</summary>
    private static void Distribute(double[] weights, double total, int[] target, Func<int, int> slot)
    {
        var wanted = (long)Math.Round(total);
        var sum = weights.Sum();
        var assigned = 0L;
        var remainders = new (double Remainder, int Index)[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = weights[i] * wanted / sum;
            var floor = Math.Floor(exact);
            target[slot(i)] = (int)floor;
            assigned += (long)floor;
            remainders[i] = (exact - floor, i);
        }

        Array.Sort(remainders, (a, b) => b.Remainder != a.Remainder ? b.Remainder.CompareTo(a.Remainder) : a.Index.CompareTo(b.Index));
        for (var k = 0; k < wanted - assigned; k++)
        {
            target[slot(remainders[k % remainders.Length].Index)]++;
        }
    }
}
