namespace RevivalAnalytics.Data.Generation;

/// <summary>
/// Simulates one household over the years, following the causal structure in docs/data-generator.md.
/// Every household draws from its own random stream (seed, household index), so results do not depend on
/// batching or threads.
/// </summary>
internal sealed partial class HouseholdSimulator
{
    private const ulong HouseholdStream = 10;
    private const int ReferenceYear = 2021;

    private static readonly double[] s_sizeCumulative = [0.12, 0.40, 0.62, 0.82, 0.94, 0.98, 1.0];

    private readonly ProvinceModel _model;
    private readonly long _seed;
    private readonly double _sampleWeight;
    private readonly int _referenceIndex;

    public HouseholdSimulator(ProvinceModel model)
    {
        _model = model;
        _seed = model.Options.Seed;
        _sampleWeight = (ProvinceTargets.PovertyAlleviatedHouseholds + ProvinceTargets.LowIncomePoolHouseholds) / model.Options.Households;
        _referenceIndex = Math.Clamp(ReferenceYear, model.FirstYear, model.FirstYear + model.YearCount - 1) - model.FirstYear;
        _truth = TruthRates.For(model);
    }

    public void Simulate(long householdIndex, HouseholdBatch batch, int row)
    {
        var rng = SimRandom.ForStream(_seed, HouseholdStream, householdIndex);
        var model = _model;

        // --- Static attributes ------------------------------------------------------------------------
        var county = rng.Pick(model.HouseholdCountyCumulative);
        var reference = model.References[county];
        var countyClass = model.Classes[county];
        var type = rng.Chance(model.PovertyHouseholdShare[county]) ? HouseholdType.PovertyAlleviated : HouseholdType.LowIncomePool;
        var villages = model.VillageCodes[county];
        var village = villages[rng.Next(villages.Length)];

        var size = 1 + rng.Pick(s_sizeCumulative);
        var elderly = size == 1 ? (rng.Chance(0.55) ? 1 : 0) : Math.Min(size, rng.Binomial(size, 0.2));
        var students = Math.Min(size - elderly, rng.Binomial(size - elderly, 0.2));
        if (size - elderly - students == 0 && students > 0 && elderly == 0)
        {
            students--;
        }

        var labour = size - elderly - students;
        if (labour > 0 && rng.Chance(0.15))
        {
            labour--;
        }

        var chronic = Math.Min(size, rng.Binomial(size, 0.05) + rng.Binomial(elderly, 0.12));
        var disabled = Math.Min(size, rng.Binomial(size, 0.035));
        var sex = (sbyte)(rng.Chance(0.82) ? 1 : 2);
        var birthYear = elderly == size ? rng.Next(1935, 1961) : rng.Next(1955, 1992);
        var povertyCounty = model.IsPovertyCounty(county);
        var relocated = type == HouseholdType.PovertyAlleviated && povertyCounty ? rng.Chance(0.14) : rng.Chance(0.01);

        short? exitYear = null;
        if (type == HouseholdType.PovertyAlleviated)
        {
            if (rng.Chance(0.05))
            {
                exitYear = 2020;
            }
            else if (reference.ExitYear is { } countyExit)
            {
                var back = rng.Pick([0.3, 0.6, 0.8, 1.0]);
                exitYear = (short)Math.Max(2014, countyExit - back);
            }
            else
            {
                exitYear = (short)(2014 + rng.Next(6));
            }
        }

        var labourRatio = (double)labour / size;
        var logMargin = Math.Log(1.2) + 1.3 * Math.Log(model.RelativeIncome[county]) + Math.Log(0.45 + 0.75 * labourRatio)
            - 0.25 * chronic - 0.35 * disabled + (type == HouseholdType.LowIncomePool ? -0.15 : 0) + 0.5 * rng.Normal();
        var margin = Math.Exp(logMargin);
        var ratio = ProvinceTargets.EffectiveMonitoringLine(model.FirstYear + _referenceIndex) * (1 + margin) / model.RuralIncome[county, _referenceIndex];
        var trend = 0.012 * rng.Normal();
        var wageShare = 0.15 + 0.55 * labourRatio;
        var businessShare = 0.2 + 0.1 * rng.NextDouble();
        var propertyShare = 0.01 + 0.01 * rng.NextDouble();
        var transferShare = 0.12 + 0.25 * elderly / size + (labour == 0 ? 0.15 : 0);
        var shareSum = wageShare + businessShare + propertyShare + transferShare;
        wageShare /= shareSum;
        businessShare /= shareSum;
        propertyShare /= shareSum;
        transferShare /= shareSum;
        var volatility = 0.03 + 0.08 * businessShare + 0.03 * rng.NextDouble();
        var workProbability = Math.Clamp(0.42 + 0.1 * rng.Normal(), 0.15, 0.9);
        var assistanceStrength = countyClass switch
        {
            CountyClass.KeyAssistance => 1.25,
            CountyClass.Overall => 1.0,
            _ => 0.9,
        };
        var detection = countyClass switch
        {
            CountyClass.KeyAssistance => 0.88,
            CountyClass.Overall => 0.82,
            _ => 0.78,
        };

        var id = householdIndex + 1;
        batch.HouseholdId[row] = id;
        batch.CountyCode[row] = reference.Code;
        batch.VillageCode[row] = village;
        batch.HouseholdType[row] = type;
        batch.PovertyExitYear[row] = exitYear;
        batch.HeadName[row] = FakeIdentity.PersonName(ref rng);
        batch.HeadIdNumber[row] = FakeIdentity.IdNumber(ref rng, reference.Code, birthYear, sex);
        batch.HeadPhone[row] = FakeIdentity.Phone(ref rng);
        batch.HeadSex[row] = sex;
        batch.HeadBirthYear[row] = (short)birthYear;
        batch.HouseholdSize[row] = (sbyte)size;
        batch.LabourCount[row] = (sbyte)labour;
        batch.ElderlyCount[row] = (sbyte)elderly;
        batch.StudentCount[row] = (sbyte)students;
        batch.ChronicIllCount[row] = (sbyte)chronic;
        batch.DisabledCount[row] = (sbyte)disabled;
        batch.Relocated[row] = relocated;
        batch.SampleWeight[row] = _sampleWeight;

        // --- Years -------------------------------------------------------------------------------------
        var scarWage = 1.0;
        var scarBusiness = 1.0;
        var monitored = false;
        var everEliminated = false;
        sbyte? category = null;
        DateOnly? identifiedDate = null;
        DateOnly? eliminatedDate = null;
        var episodeAssistance = 0;
        var episodeCauses = 0;
        sbyte episodePrimary = 0;
        var previousIncome = 0.0;

        for (var y = 0; y < model.YearCount; y++)
        {
            var year = model.FirstYear + y;
            var r = row * model.YearCount + y;
            var line = ProvinceTargets.EffectiveMonitoringLine(year);
            var baseIncome = ratio * model.RuralIncome[county, y] * Math.Exp(trend * (year - ReferenceYear) + volatility * rng.Normal());

            // Shocks of the year: each lowers a component for the rest of the year and may add unavoidable spending.
            var causes = 0;
            var shockMonth = 0;
            var wageMultiplier = 1.0;
            var businessMultiplier = 1.0;
            var expense = 0.0;
            var sudden = false;
            sbyte primary = 0;
            var primarySeverity = 0.0;

            void Shock(sbyte cause, double severity, ref SimRandom random, ref int month)
            {
                causes |= RiskCause.Bit(cause);
                if (severity > primarySeverity)
                {
                    primarySeverity = severity;
                    primary = cause;
                    month = 1 + random.Next(12);
                }
            }

            if (rng.Chance(Math.Min(0.2, 0.012 + 0.01 * elderly + 0.015 * chronic)))
            {
                var severity = rng.Uniform(0.15, 0.45);
                Shock(RiskCause.Illness, severity + 0.2, ref rng, ref shockMonth);
                var remaining = 1 - (shockMonth - 1) / 12.0;
                wageMultiplier *= 1 - severity * remaining;
                businessMultiplier *= 1 - 0.5 * severity * remaining;
                expense += baseIncome * size * rng.Uniform(0.1, 0.6);
                sudden = true;
                if (rng.Chance(0.4) && chronic < size)
                {
                    chronic++;
                    ratio *= 0.92;
                }
            }
            else if (chronic > 0 && rng.Chance(0.1))
            {
                Shock(RiskCause.Illness, 0.1, ref rng, ref shockMonth);
                expense += baseIncome * size * rng.Uniform(0.03, 0.15);
            }

            var disaster = model.Disaster[county, y];
            var disasterAffected = disaster == DisasterLevel.Severe ? rng.Chance(0.65) : disaster == DisasterLevel.Normal && rng.Chance(0.35);
            if (disasterAffected)
            {
                var severity = disaster == DisasterLevel.Severe ? rng.Uniform(0.3, 0.6) : rng.Uniform(0.1, 0.3);
                Shock(RiskCause.Disaster, severity, ref rng, ref shockMonth);
                businessMultiplier *= 1 - severity;
                sudden |= severity > 0.3;
            }

            var jobLoss = false;
            if (labour > 0)
            {
                var epidemicRisk = year switch
                {
                    2020 => 0.05,
                    2022 => 0.04,
                    _ => 0.0,
                };
                if (rng.Chance(0.02 + epidemicRisk))
                {
                    jobLoss = true;
                    var severity = rng.Uniform(0.3, 0.7);
                    var cause = epidemicRisk > 0 && rng.Chance(0.7) ? RiskCause.Epidemic : RiskCause.UnstableJob;
                    Shock(cause, severity * wageShare + 0.1, ref rng, ref shockMonth);
                    wageMultiplier *= 1 - severity * (1 - (shockMonth - 1) / 12.0);
                }
            }

            if (rng.Chance(0.004))
            {
                Shock(RiskCause.Accident, 0.5, ref rng, ref shockMonth);
                expense += baseIncome * size * rng.Uniform(0.2, 0.8);
                wageMultiplier *= 0.8;
                sudden = true;
            }

            if (rng.Chance(0.012 + 0.02 * businessShare))
            {
                var severity = rng.Uniform(0.3, 0.7);
                Shock(RiskCause.BusinessFailure, severity * businessShare + 0.05, ref rng, ref shockMonth);
                businessMultiplier *= 1 - severity;
            }

            if (students > 0 && rng.Chance(0.03 * students))
            {
                Shock(RiskCause.Education, 0.15, ref rng, ref shockMonth);
                expense += students * rng.Uniform(3_000, 8_000);
            }

            // Chronic conditions are causes even without a new shock.
            if (disabled > 0)
            {
                causes |= RiskCause.Bit(RiskCause.Disability);
            }

            if (labour == 0)
            {
                causes |= RiskCause.Bit(elderly > 0 ? RiskCause.OldAge : RiskCause.LabourShortage);
            }

            var wage = baseIncome * wageShare * wageMultiplier * scarWage;
            var business = baseIncome * businessShare * businessMultiplier * scarBusiness;
            var property = baseIncome * propertyShare;
            var transfer = baseIncome * transferShare;

            // Registered poor before their exit year: income under the national line of the time.
            var registered = exitYear is { } exit && year < exit;
            if (registered)
            {
                var target = ProvinceTargets.NationalPovertyLine(year) * rng.Uniform(0.7, 0.97);
                var scale = target / (wage + business + property + transfer);
                wage *= scale;
                business *= scale;
                property *= scale;
                transfer *= scale;
            }

            // Assistance for households monitored since an earlier year works over the whole year.
            var assistedMonths = monitored ? 12 : 0;
            var uplift = 0.0;
            if (assistedMonths > 0)
            {
                uplift = line * rng.Uniform(0.15, 0.35) * assistanceStrength;
            }

            var income = wage + business + property + transfer;
            var expensePerCapita = expense / size;
            var assessed = income + uplift - expensePerCapita;
            var sharpDrop = previousIncome > 0 && income < 0.6 * previousIncome;

            var food = assessed >= 0.5 * line;
            var education = !(students > 0 && rng.Chance(0.0015));
            var medical = !((causes & RiskCause.Bit(RiskCause.Illness)) != 0 && rng.Chance(0.02));
            var housing = !(disasterAffected && disaster == DisasterLevel.Severe && rng.Chance(0.08));
            var water = !(rng.Chance(0.0008) || (disasterAffected && rng.Chance(0.02)));
            var guaranteesOk = food && education && medical && housing && water;

            // Risk elimination for households monitored since an earlier year.
            var eliminatedThisYear = false;
            var eliminationMonth = 0;
            if (monitored && year >= ProvinceTargets.MonitoringStartYear)
            {
                var monthsSoFar = MonthsBetween(identifiedDate!.Value, new DateOnly(year, 1, 1));
                var earliest = Math.Max(1, 7 - monthsSoFar);
                var stable = assessed >= 1.1 * line && primarySeverity < 0.4 && guaranteesOk;
                if (stable && earliest <= 12 && rng.Chance(labour > 0 ? 0.8 : 0.12))
                {
                    eliminatedThisYear = true;
                    eliminationMonth = rng.Next(earliest, 13);
                    var candidate = new DateOnly(year, eliminationMonth, 1 + rng.Next(28));
                    var minimum = identifiedDate.Value.AddMonths(6);
                    eliminatedDate = candidate < minimum ? minimum : candidate;
                    everEliminated = true;
                }
            }

            // Identification of households not monitored at the start of the year.
            var newlyIdentified = false;
            var missed = false;
            var identificationMonth = 0;
            if (!monitored && year >= ProvinceTargets.MonitoringStartYear && !registered)
            {
                var atRisk = assessed < line || !guaranteesOk || (sharpDrop && rng.Chance(0.2));
                var identify = atRisk ? rng.Chance(detection) : assessed < 1.15 * line && rng.Chance(labour == 0 ? 0.12 : 0.05);
                missed = atRisk && !identify;
                if (identify)
                {
                    newlyIdentified = true;
                    identificationMonth = shockMonth > 0 ? Math.Min(12, shockMonth + rng.Next(3)) : 1 + rng.Next(12);
                    identifiedDate = new DateOnly(year, identificationMonth, 1 + rng.Next(28));
                    eliminatedDate = null;
                    category = type == HouseholdType.PovertyAlleviated ? MonitoredCategory.Unstable
                        : sudden && (expensePerCapita > 0.3 * income || sharpDrop || assessed < line) ? MonitoredCategory.SuddenHardship
                        : MonitoredCategory.Edge;
                    episodePrimary = primary != 0 ? primary
                        : chronic > 0 ? RiskCause.Illness
                        : disabled > 0 ? RiskCause.Disability
                        : labour == 0 ? (elderly > 0 ? RiskCause.OldAge : RiskCause.LabourShortage)
                        : RiskCause.UnstableJob;
                    episodeCauses = causes | RiskCause.Bit(episodePrimary);
                    episodeAssistance = ChooseAssistance(episodeCauses, labour, ref rng);
                    assistedMonths = 12 - identificationMonth;
                    uplift = line * rng.Uniform(0.15, 0.35) * assistanceStrength * assistedMonths / 12.0;

                    // Identified households get their guarantee problems fixed within the year most of the time.
                    food = true;
                    education = education || rng.Chance(0.9);
                    medical = medical || rng.Chance(0.9);
                    housing = housing || rng.Chance(0.8);
                    water = water || rng.Chance(0.9);
                }
            }

            // Assistance goes to transfers for social-security style measures, otherwise to wages (posts, jobs).
            var transferMeasures = Assistance.Bit(Assistance.SocialSecurity) | Assistance.Bit(Assistance.Medical) | Assistance.Bit(Assistance.TemporaryRelief);
            if ((episodeAssistance & transferMeasures) != 0 || labour == 0)
            {
                transfer += uplift;
            }
            else
            {
                wage += uplift;
            }

            income = wage + business + property + transfer;
            var monitoredDuringYear = monitored || newlyIdentified;

            batch.YearHouseholdId[r] = id;
            batch.Year[r] = (short)year;
            batch.YearCountyCode[r] = reference.Code;
            batch.PovertyStatus[r] = type == HouseholdType.LowIncomePool ? PovertyStatus.NotRegistered
                : registered ? PovertyStatus.Registered : PovertyStatus.Alleviated;
            batch.Income[r] = Math.Round(income, 2);
            batch.WageIncome[r] = Math.Round(wage, 2);
            batch.BusinessIncome[r] = Math.Round(business, 2);
            batch.PropertyIncome[r] = Math.Round(property, 2);
            batch.TransferIncome[r] = Math.Round(transfer, 2);
            batch.UnavoidableExpense[r] = Math.Round(expense, 2);
            batch.LabourInWork[r] = (sbyte)Math.Max(0, rng.Binomial(labour, workProbability) - (jobLoss ? 1 : 0));
            batch.RiskCauseMask[r] = causes | (monitoredDuringYear ? episodeCauses : 0);
            batch.PrimaryRiskCause[r] = monitoredDuringYear ? episodePrimary : primary != 0 ? primary : null;
            batch.NewlyIdentified[r] = newlyIdentified;
            batch.AssistanceMask[r] = monitoredDuringYear ? episodeAssistance : 0;
            batch.FoodClothingSecure[r] = food;
            batch.EducationSecure[r] = education;
            batch.MedicalSecure[r] = medical;
            batch.HousingSecure[r] = housing;
            batch.WaterSecure[r] = water;

            if (monitoredDuringYear)
            {
                var firstMonth = newlyIdentified ? identificationMonth : 1;
                var lastMonth = eliminatedThisYear ? eliminationMonth : 12;
                var secure = food && education && medical && housing && water;
                for (var m = firstMonth; m <= lastMonth; m++)
                {
                    var s = batch.Snapshots.Add();
                    var snapshots = batch.Snapshots;
                    snapshots.Year[s] = (short)year;
                    snapshots.Month[s] = (sbyte)m;
                    snapshots.SnapshotDate[s] = new DateOnly(year, m, 1).AddMonths(1).AddDays(-1);
                    snapshots.HouseholdId[s] = id;
                    snapshots.CountyCode[s] = reference.Code;
                    snapshots.Category[s] = category!.Value;
                    snapshots.Status[s] = newlyIdentified && m == identificationMonth ? SnapshotStatus.NewlyIdentified
                        : eliminatedThisYear && m == eliminationMonth ? SnapshotStatus.Eliminated
                        : SnapshotStatus.Monitored;
                    snapshots.MonthsMonitored[s] = (short)(MonthsBetween(identifiedDate!.Value, new DateOnly(year, m, 1)) + 1);
                    snapshots.PrimaryRiskCause[s] = episodePrimary;
                    snapshots.RiskCauseMask[s] = episodeCauses;
                    snapshots.AssistanceMask[s] = episodeAssistance;
                    var prior = previousIncome > 0 ? previousIncome : income;
                    snapshots.Income12Months[s] = Math.Round(prior + (income - prior) * m / 12.0, 2);
                    snapshots.GuaranteesSecure[s] = secure;
                }
            }

            if (eliminatedThisYear)
            {
                monitored = false;
            }
            else if (newlyIdentified)
            {
                monitored = true;
            }

            batch.MonitoringStatus[r] = monitored ? MonitoringStatus.Monitored
                : everEliminated ? MonitoringStatus.RiskEliminated
                : MonitoringStatus.NotMonitored;
            batch.MonitoredCategory[r] = category;
            batch.IdentifiedDate[r] = identifiedDate;
            batch.RiskEliminatedDate[r] = monitored ? null : eliminatedDate;
            PlantTruth(batch, r, householdIndex, county, type, missed, assessed / line, food && education && medical && housing && water, primarySeverity);

            // Part of this year's loss carries into next year (scarring), decaying geometrically.
            scarWage = 1 - 0.4 * (1 - scarWage * wageMultiplier);
            scarBusiness = 1 - 0.4 * (1 - scarBusiness * businessMultiplier);
            previousIncome = income;
        }
    }

    private static int MonthsBetween(DateOnly from, DateOnly to) => (to.Year - from.Year) * 12 + to.Month - from.Month;

    private static int ChooseAssistance(int causes, int labour, ref SimRandom rng)
    {
        var mask = 0;
        bool Has(sbyte cause) => (causes & RiskCause.Bit(cause)) != 0;
        if (Has(RiskCause.Illness))
        {
            mask |= Assistance.Bit(Assistance.Medical);
        }

        if (Has(RiskCause.Disability) || Has(RiskCause.OldAge) || Has(RiskCause.LabourShortage) || labour == 0)
        {
            mask |= Assistance.Bit(Assistance.SocialSecurity);
        }

        if (Has(RiskCause.Education))
        {
            mask |= Assistance.Bit(Assistance.Education);
        }

        if (Has(RiskCause.Disaster))
        {
            mask |= Assistance.Bit(Assistance.TemporaryRelief);
            if (rng.Chance(0.3))
            {
                mask |= Assistance.Bit(Assistance.Housing);
            }
        }

        if (Has(RiskCause.Accident))
        {
            mask |= Assistance.Bit(Assistance.TemporaryRelief);
        }

        if (labour > 0)
        {
            if (Has(RiskCause.UnstableJob) || Has(RiskCause.Epidemic) || rng.Chance(0.4))
            {
                mask |= Assistance.Bit(Assistance.Employment);
            }

            if (rng.Chance(0.35))
            {
                mask |= Assistance.Bit(Assistance.PublicWelfarePost);
            }

            if (Has(RiskCause.BusinessFailure) || rng.Chance(0.45))
            {
                mask |= Assistance.Bit(Assistance.Industry);
            }

            if (rng.Chance(0.15))
            {
                mask |= Assistance.Bit(Assistance.SmallLoan);
            }

            if (rng.Chance(0.25))
            {
                mask |= Assistance.Bit(Assistance.Skills);
            }
        }

        return mask == 0 ? Assistance.Bit(Assistance.TemporaryRelief) : mask;
    }
}
