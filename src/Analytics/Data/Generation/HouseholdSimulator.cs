namespace RevivalAnalytics.Data.Generation;

/// <summary>
/// Simulates one household over the years, following the causal structure in docs/data-generator.md.
/// Every household draws from its own random stream (seed, household index), so results do not depend on
/// batching or threads. A year is one step from the household's state (<see cref="SimulateYear"/>), which the
/// oracle (<see cref="GeneratorOracle"/>) replays and repeats with other draws to know the true probability of an outcome.
/// </summary>
internal sealed partial class HouseholdSimulator
{
    internal const ulong HouseholdStream = 10;
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

    public ProvinceModel Model => _model;

    public void Simulate(long householdIndex, HouseholdBatch batch, int row)
    {
        var rng = SimRandom.ForStream(_seed, HouseholdStream, householdIndex);
        var traits = DrawTraits(ref rng, out var state);
        var model = _model;
        var reference = traits.Reference;

        var id = householdIndex + 1;
        batch.HouseholdId[row] = id;
        batch.CountyCode[row] = reference.Code;
        batch.VillageCode[row] = traits.Village;
        batch.HouseholdType[row] = traits.Type;
        batch.PovertyExitYear[row] = traits.ExitYear;
        batch.HeadName[row] = traits.HeadName;
        batch.HeadIdNumber[row] = traits.HeadIdNumber;
        batch.HeadPhone[row] = traits.HeadPhone;
        batch.HeadSex[row] = traits.Sex;
        batch.HeadBirthYear[row] = (short)traits.BirthYear;
        batch.HouseholdSize[row] = (sbyte)traits.Size;
        batch.LabourCount[row] = (sbyte)traits.Labour;
        batch.ElderlyCount[row] = (sbyte)traits.Elderly;
        batch.StudentCount[row] = (sbyte)traits.Students;
        batch.ChronicIllCount[row] = (sbyte)state.Chronic;
        batch.DisabledCount[row] = (sbyte)traits.Disabled;
        batch.Relocated[row] = traits.Relocated;
        batch.SampleWeight[row] = _sampleWeight;

        for (var y = 0; y < model.YearCount; y++)
        {
            var year = model.FirstYear + y;
            var r = row * model.YearCount + y;
            var o = SimulateYear(ref state, traits, y, ref rng);
            var income = o.Income;

            batch.YearHouseholdId[r] = id;
            batch.Year[r] = (short)year;
            batch.YearCountyCode[r] = reference.Code;
            batch.PovertyStatus[r] = traits.Type == HouseholdType.LowIncomePool ? PovertyStatus.NotRegistered
                : o.Registered ? PovertyStatus.Registered : PovertyStatus.Alleviated;
            batch.Income[r] = Math.Round(income, 2);
            batch.WageIncome[r] = Math.Round(o.Wage, 2);
            batch.BusinessIncome[r] = Math.Round(o.Business, 2);
            batch.PropertyIncome[r] = Math.Round(o.Property, 2);
            batch.TransferIncome[r] = Math.Round(o.Transfer, 2);
            batch.UnavoidableExpense[r] = Math.Round(o.Expense, 2);
            batch.LabourInWork[r] = o.LabourInWork;
            batch.RiskCauseMask[r] = o.Causes | (o.MonitoredDuringYear ? state.EpisodeCauses : 0);
            batch.PrimaryRiskCause[r] = o.MonitoredDuringYear ? state.EpisodePrimary : o.Primary != 0 ? o.Primary : null;
            batch.NewlyIdentified[r] = o.NewlyIdentified;
            batch.AssistanceMask[r] = o.MonitoredDuringYear ? state.EpisodeAssistance : 0;
            batch.FoodClothingSecure[r] = o.Food;
            batch.EducationSecure[r] = o.Education;
            batch.MedicalSecure[r] = o.Medical;
            batch.HousingSecure[r] = o.Housing;
            batch.WaterSecure[r] = o.Water;

            if (o.MonitoredDuringYear)
            {
                var firstMonth = o.NewlyIdentified ? o.IdentificationMonth : 1;
                var lastMonth = o.EliminatedThisYear ? o.EliminationMonth : 12;
                var secure = o.Food && o.Education && o.Medical && o.Housing && o.Water;
                for (var m = firstMonth; m <= lastMonth; m++)
                {
                    var s = batch.Snapshots.Add();
                    var snapshots = batch.Snapshots;
                    snapshots.Year[s] = (short)year;
                    snapshots.Month[s] = (sbyte)m;
                    snapshots.SnapshotDate[s] = new DateOnly(year, m, 1).AddMonths(1).AddDays(-1);
                    snapshots.HouseholdId[s] = id;
                    snapshots.CountyCode[s] = reference.Code;
                    snapshots.Category[s] = state.Category!.Value;
                    snapshots.Status[s] = o.NewlyIdentified && m == o.IdentificationMonth ? SnapshotStatus.NewlyIdentified
                        : o.EliminatedThisYear && m == o.EliminationMonth ? SnapshotStatus.Eliminated
                        : SnapshotStatus.Monitored;
                    snapshots.MonthsMonitored[s] = (short)(MonthsBetween(state.IdentifiedDate!.Value, new DateOnly(year, m, 1)) + 1);
                    snapshots.PrimaryRiskCause[s] = state.EpisodePrimary;
                    snapshots.RiskCauseMask[s] = state.EpisodeCauses;
                    snapshots.AssistanceMask[s] = state.EpisodeAssistance;
                    var prior = o.PreviousIncome > 0 ? o.PreviousIncome : income;
                    snapshots.Income12Months[s] = Math.Round(prior + (income - prior) * m / 12.0, 2);
                    snapshots.GuaranteesSecure[s] = secure;
                }
            }

            batch.MonitoringStatus[r] = state.Monitored ? MonitoringStatus.Monitored
                : state.EverEliminated ? MonitoringStatus.RiskEliminated
                : MonitoringStatus.NotMonitored;
            batch.MonitoredCategory[r] = state.Category;
            batch.IdentifiedDate[r] = state.IdentifiedDate;
            batch.RiskEliminatedDate[r] = state.Monitored ? null : state.EliminatedDate;
            PlantTruth(batch, r, householdIndex, traits.County, traits.Type, o.Missed, o.MarginOverLine, o.Food && o.Education && o.Medical && o.Housing && o.Water, o.PrimarySeverity);
        }
    }

    /// <summary>The household's static traits, drawn first from its stream (identity included, in the same order as ever).</summary>
    internal HouseholdTraits DrawTraits(ref SimRandom rng, out HouseholdState state)
    {
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

        var headName = FakeIdentity.PersonName(ref rng);
        var headIdNumber = FakeIdentity.IdNumber(ref rng, reference.Code, birthYear, sex);
        var headPhone = FakeIdentity.Phone(ref rng);
        state = new HouseholdState { Ratio = ratio, Chronic = chronic, ScarWage = 1.0, ScarBusiness = 1.0 };
        return new HouseholdTraits(
            county, reference, countyClass, type, village, size, elderly, students, labour, disabled, sex, birthYear, relocated, exitYear,
            trend, wageShare, businessShare, propertyShare, transferShare, volatility, workProbability, assistanceStrength, detection,
            headName, headIdNumber, headPhone);
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
