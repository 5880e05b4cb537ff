namespace RevivalAnalytics.Data.Generation;

/// <summary>What never changes about a simulated household (drawn once, first, from its stream).</summary>
internal sealed record HouseholdTraits(
    int County,
    CountyReference Reference,
    CountyClass Class,
    sbyte Type,
    long Village,
    int Size,
    int Elderly,
    int Students,
    int Labour,
    int Disabled,
    sbyte Sex,
    int BirthYear,
    bool Relocated,
    short? ExitYear,
    double Trend,
    double WageShare,
    double BusinessShare,
    double PropertyShare,
    double TransferShare,
    double Volatility,
    double WorkProbability,
    double AssistanceStrength,
    double Detection,
    string HeadName,
    string HeadIdNumber,
    string HeadPhone);

/// <summary>What a household carries from one year into the next. A value: copying it forks the household.</summary>
internal struct HouseholdState
{
    public double Ratio;
    public int Chronic;
    public double ScarWage;
    public double ScarBusiness;
    public bool Monitored;
    public bool EverEliminated;
    public sbyte? Category;
    public DateOnly? IdentifiedDate;
    public DateOnly? EliminatedDate;
    public int EpisodeAssistance;
    public int EpisodeCauses;
    public sbyte EpisodePrimary;
    public double PreviousIncome;
}

/// <summary>One simulated year of a household: its records, and for the oracle the chance of identification given the year's shocks.</summary>
internal readonly record struct YearOutcome
{
    public required double Income { get; init; }
    public required double Wage { get; init; }
    public required double Business { get; init; }
    public required double Property { get; init; }
    public required double Transfer { get; init; }
    public required double Expense { get; init; }
    public required sbyte LabourInWork { get; init; }
    public required int Causes { get; init; }
    public required sbyte Primary { get; init; }
    public required bool Registered { get; init; }
    public required bool NewlyIdentified { get; init; }
    public required int IdentificationMonth { get; init; }
    public required bool EliminatedThisYear { get; init; }
    public required int EliminationMonth { get; init; }
    public required bool MonitoredDuringYear { get; init; }
    public required bool Food { get; init; }
    public required bool Education { get; init; }
    public required bool Medical { get; init; }
    public required bool Housing { get; init; }
    public required bool Water { get; init; }

    /// <summary>Last year's income (0 in the first year), for the monthly snapshots.</summary>
    public required double PreviousIncome { get; init; }

    /// <summary>The probability that this year's identification draw identified the household, given everything drawn before it (0 when it cannot be identified this year).</summary>
    public required double IdentificationProbability { get; init; }

    /// <summary>The per-capita net income the household ends the year with if it is not newly identified this year.</summary>
    public required double IncomeIfNotIdentified { get; init; }

    /// <summary>At risk this year but not identified: a household the monitoring missed (the field check's planted truth).</summary>
    public required bool Missed { get; init; }

    /// <summary>Assessed income over the monitoring line (the planted truth makes thin margins more often wrong exits).</summary>
    public required double MarginOverLine { get; init; }

    /// <summary>The severity of the year's worst shock (0 without one).</summary>
    public required double PrimarySeverity { get; init; }

    /// <summary>How the year's income and identification depend on its income noise, for the oracle to integrate over it.</summary>
    public required IncomeTerms Terms { get; init; }
}

/// <summary>
/// A year's outcome as a function of its only continuous draw that every household makes, the income noise z ~ N(0, 1):
/// with b = <see cref="NoiseFreeBase"/> · exp(<see cref="Volatility"/> · z) the household's base income, its income is
/// b · <see cref="IncomeFactor"/> + <see cref="FixedIncome"/> and its assessed income that less b ·
/// <see cref="ExpenseFactor"/> + <see cref="FixedExpense"/>, plus <see cref="Uplift"/>. Every other draw of the year is
/// independent of z, so the oracle can average over z exactly (<see cref="GeneratorOracle"/>).
/// </summary>
internal readonly record struct IncomeTerms
{
    public required double NoiseFreeBase { get; init; }

    public required double Volatility { get; init; }

    /// <summary>Income per unit of base income: the component shares after the year's shocks and last year's scars (0 for the registered poor, whose income is set).</summary>
    public required double IncomeFactor { get; init; }

    public required double FixedIncome { get; init; }

    /// <summary>Unavoidable spending per person per unit of base income (illness, accidents).</summary>
    public required double ExpenseFactor { get; init; }

    /// <summary>Unavoidable spending per person that does not scale with income (schooling).</summary>
    public required double FixedExpense { get; init; }

    /// <summary>The assistance of a household monitored since an earlier year.</summary>
    public required double Uplift { get; init; }

    /// <summary>Last year's income (0 in the first year): a sharp drop is measured against it.</summary>
    public required double PreviousIncome { get; init; }

    public required double Line { get; init; }

    /// <summary>Not monitored at the start of a year the mechanism runs and not registered poor: the household can be newly identified.</summary>
    public required bool Identifiable { get; init; }

    public required double Detection { get; init; }

    /// <summary>The chance of identification just above the line without a clear risk.</summary>
    public required double NearLineChance { get; init; }

    /// <summary>The chance of an unmet guarantee other than food (schooling, medical care, housing, water), given the year's shocks.</summary>
    public required double GuaranteeGapChance { get; init; }
}

/// <summary>The chances of a household's shocks in a year, stated once: the year draws with them, the oracle enumerates them.</summary>
internal readonly record struct ShockChances(
    double Illness, double OngoingIllness, double DisasterHit, double JobLoss, double Epidemic, double Accident, double BusinessFailure, double Schooling);

/// <summary>Which of a year's shocks happen, imposed instead of drawn (the oracle's strata); the other draws of the year stay random.</summary>
/// <param name="Occurring">A set of the <c>ShockPlan</c> bits.</param>
internal readonly record struct ShockPlan(int Occurring)
{
    public const int Illness = 1;
    public const int OngoingIllness = 2;
    public const int DisasterHit = 4;
    public const int JobLoss = 8;
    public const int Accident = 16;
    public const int BusinessFailure = 32;
    public const int Schooling = 64;

    public bool Has(int shock) => (Occurring & shock) != 0;
}

internal sealed partial class HouseholdSimulator
{
    // Chances of an unmet guarantee before assistance, and the identification rule (docs/data-generator.md section 2).
    private const double EducationGapChance = 0.0015;
    private const double MedicalGapChance = 0.02;
    private const double HousingGapChance = 0.08;
    private const double WaterGapChance = 0.0008;
    private const double DisasterWaterGapChance = 0.02;
    internal const double SharpDropShareOfLastYear = 0.6;
    private const double SharpDropAtRiskChance = 0.2;
    internal const double NearLineBandOfLine = 1.15;

    /// <summary>The chances of the household's shocks in <paramref name="year"/> when its county's disaster level is <paramref name="disaster"/>.</summary>
    internal static ShockChances Chances(in HouseholdState state, HouseholdTraits traits, int year, sbyte disaster)
    {
        var epidemicRisk = year switch
        {
            2020 => 0.05,
            2022 => 0.04,
            _ => 0.0,
        };
        return new ShockChances(
            Illness: Math.Min(0.2, 0.012 + 0.01 * traits.Elderly + 0.015 * state.Chronic),
            OngoingIllness: state.Chronic > 0 ? 0.1 : 0,
            DisasterHit: disaster == DisasterLevel.Severe ? 0.65 : disaster == DisasterLevel.Normal ? 0.35 : 0,
            JobLoss: traits.Labour > 0 ? 0.02 + epidemicRisk : 0,
            Epidemic: epidemicRisk,
            Accident: 0.004,
            BusinessFailure: 0.012 + 0.02 * traits.BusinessShare,
            Schooling: traits.Students > 0 ? 0.03 * traits.Students : 0);
    }

    /// <summary>
    /// The chance that a household not monitored at the start of the year is identified in it: the clearly at risk are
    /// detected with the class's probability, a sharp drop counts as a risk one time in five, and near the line a few are
    /// found without one.
    /// </summary>
    internal static double IdentificationChance(bool clearlyAtRisk, bool sharpDrop, bool nearLine, double detection, double nearLineChance)
    {
        var atRiskProbability = clearlyAtRisk ? 1.0 : sharpDrop ? SharpDropAtRiskChance : 0.0;
        return (atRiskProbability * detection) + ((1 - atRiskProbability) * (nearLine ? nearLineChance : 0));
    }

    /// <summary>
    /// Year index <paramref name="y"/> of a household: the shocks, incomes, guarantees, risk elimination and
    /// identification, drawing from <paramref name="rng"/> in a fixed order and carrying <paramref name="state"/> on.
    /// <paramref name="disasterLevel"/> replaces the county's generated disaster of the year (the oracle's unknown year);
    /// <paramref name="plan"/> imposes which shocks happen instead of drawing them (the oracle's strata).
    /// </summary>
    internal YearOutcome SimulateYear(ref HouseholdState state, HouseholdTraits traits, int y, ref SimRandom rng, sbyte? disasterLevel = null, ShockPlan? plan = null)
    {
        var model = _model;
        var county = traits.County;
        var size = traits.Size;
        var elderly = traits.Elderly;
        var students = traits.Students;
        var labour = traits.Labour;
        var disabled = traits.Disabled;
        var wageShare = traits.WageShare;
        var businessShare = traits.BusinessShare;
        var assistanceStrength = traits.AssistanceStrength;
        var year = model.FirstYear + y;
        var line = ProvinceTargets.EffectiveMonitoringLine(year);
        var noiseFreeBase = state.Ratio * model.RuralIncome[county, y] * Math.Exp(traits.Trend * (year - ReferenceYear));
        var baseIncome = state.Ratio * model.RuralIncome[county, y] * Math.Exp(traits.Trend * (year - ReferenceYear) + traits.Volatility * rng.Normal());
        var disaster = disasterLevel ?? model.Disaster[county, y];
        var chances = Chances(state, traits, year, disaster);

        // Shocks of the year: each lowers a component for the rest of the year and may add unavoidable spending.
        var causes = 0;
        var shockMonth = 0;
        var wageMultiplier = 1.0;
        var businessMultiplier = 1.0;
        var expense = 0.0;
        var expenseFactor = 0.0;
        var fixedExpense = 0.0;
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

        if (Occurs(chances.Illness, ShockPlan.Illness, plan, ref rng))
        {
            var severity = rng.Uniform(0.15, 0.45);
            Shock(RiskCause.Illness, severity + 0.2, ref rng, ref shockMonth);
            var remaining = 1 - (shockMonth - 1) / 12.0;
            wageMultiplier *= 1 - severity * remaining;
            businessMultiplier *= 1 - 0.5 * severity * remaining;
            var share = rng.Uniform(0.1, 0.6);
            expenseFactor += share;
            expense += baseIncome * size * share;
            sudden = true;
            if (rng.Chance(0.4) && state.Chronic < size)
            {
                state.Chronic++;
                state.Ratio *= 0.92;
            }
        }
        else if (chances.OngoingIllness > 0 && Occurs(chances.OngoingIllness, ShockPlan.OngoingIllness, plan, ref rng))
        {
            Shock(RiskCause.Illness, 0.1, ref rng, ref shockMonth);
            var share = rng.Uniform(0.03, 0.15);
            expenseFactor += share;
            expense += baseIncome * size * share;
        }

        var disasterAffected = chances.DisasterHit > 0 && Occurs(chances.DisasterHit, ShockPlan.DisasterHit, plan, ref rng);
        if (disasterAffected)
        {
            var severity = disaster == DisasterLevel.Severe ? rng.Uniform(0.3, 0.6) : rng.Uniform(0.1, 0.3);
            Shock(RiskCause.Disaster, severity, ref rng, ref shockMonth);
            businessMultiplier *= 1 - severity;
            sudden |= severity > 0.3;
        }

        var jobLoss = false;
        if (chances.JobLoss > 0 && Occurs(chances.JobLoss, ShockPlan.JobLoss, plan, ref rng))
        {
            jobLoss = true;
            var severity = rng.Uniform(0.3, 0.7);
            var cause = chances.Epidemic > 0 && rng.Chance(0.7) ? RiskCause.Epidemic : RiskCause.UnstableJob;
            Shock(cause, severity * wageShare + 0.1, ref rng, ref shockMonth);
            wageMultiplier *= 1 - severity * (1 - (shockMonth - 1) / 12.0);
        }

        if (Occurs(chances.Accident, ShockPlan.Accident, plan, ref rng))
        {
            Shock(RiskCause.Accident, 0.5, ref rng, ref shockMonth);
            var share = rng.Uniform(0.2, 0.8);
            expenseFactor += share;
            expense += baseIncome * size * share;
            wageMultiplier *= 0.8;
            sudden = true;
        }

        if (Occurs(chances.BusinessFailure, ShockPlan.BusinessFailure, plan, ref rng))
        {
            var severity = rng.Uniform(0.3, 0.7);
            Shock(RiskCause.BusinessFailure, severity * businessShare + 0.05, ref rng, ref shockMonth);
            businessMultiplier *= 1 - severity;
        }

        if (chances.Schooling > 0 && Occurs(chances.Schooling, ShockPlan.Schooling, plan, ref rng))
        {
            Shock(RiskCause.Education, 0.15, ref rng, ref shockMonth);
            var cost = students * rng.Uniform(3_000, 8_000);
            fixedExpense += cost / size;
            expense += cost;
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

        var wage = baseIncome * wageShare * wageMultiplier * state.ScarWage;
        var business = baseIncome * businessShare * businessMultiplier * state.ScarBusiness;
        var property = baseIncome * traits.PropertyShare;
        var transfer = baseIncome * traits.TransferShare;
        var incomeFactor = (wageShare * wageMultiplier * state.ScarWage) + (businessShare * businessMultiplier * state.ScarBusiness) + traits.PropertyShare + traits.TransferShare;
        var fixedIncome = 0.0;

        // Registered poor before their exit year: income under the national line of the time.
        var registered = traits.ExitYear is { } exit && year < exit;
        if (registered)
        {
            var target = ProvinceTargets.NationalPovertyLine(year) * rng.Uniform(0.7, 0.97);
            var scale = target / (wage + business + property + transfer);
            wage *= scale;
            business *= scale;
            property *= scale;
            transfer *= scale;
            incomeFactor = 0;
            fixedIncome = wage + business + property + transfer;
        }

        // Assistance for households monitored since an earlier year works over the whole year.
        var assistedMonths = state.Monitored ? 12 : 0;
        var uplift = 0.0;
        if (assistedMonths > 0)
        {
            uplift = line * rng.Uniform(0.15, 0.35) * assistanceStrength;
        }

        var upliftAtStart = uplift;
        var income = wage + business + property + transfer;
        var expensePerCapita = expense / size;
        var assessed = income + uplift - expensePerCapita;
        var previousIncome = state.PreviousIncome;
        var sharpDrop = previousIncome > 0 && income < SharpDropShareOfLastYear * previousIncome;

        var food = assessed >= 0.5 * line;
        var educationAtRisk = students > 0;
        var medicalAtRisk = (causes & RiskCause.Bit(RiskCause.Illness)) != 0;
        var housingAtRisk = disasterAffected && disaster == DisasterLevel.Severe;
        var education = !(educationAtRisk && rng.Chance(EducationGapChance));
        var medical = !(medicalAtRisk && rng.Chance(MedicalGapChance));
        var housing = !(housingAtRisk && rng.Chance(HousingGapChance));
        var water = !(rng.Chance(WaterGapChance) || (disasterAffected && rng.Chance(DisasterWaterGapChance)));
        var guaranteesOk = food && education && medical && housing && water;
        var guaranteeGapChance = 1 - ((1 - (educationAtRisk ? EducationGapChance : 0)) * (1 - (medicalAtRisk ? MedicalGapChance : 0))
            * (1 - (housingAtRisk ? HousingGapChance : 0)) * (1 - WaterGapChance) * (1 - (disasterAffected ? DisasterWaterGapChance : 0)));

        // Risk elimination for households monitored since an earlier year.
        var eliminatedThisYear = false;
        var eliminationMonth = 0;
        if (state.Monitored && year >= ProvinceTargets.MonitoringStartYear)
        {
            var monthsSoFar = MonthsBetween(state.IdentifiedDate!.Value, new DateOnly(year, 1, 1));
            var earliest = Math.Max(1, 7 - monthsSoFar);
            var stable = assessed >= 1.1 * line && primarySeverity < 0.4 && guaranteesOk;
            if (stable && earliest <= 12 && rng.Chance(labour > 0 ? 0.8 : 0.12))
            {
                eliminatedThisYear = true;
                eliminationMonth = rng.Next(earliest, 13);
                var candidate = new DateOnly(year, eliminationMonth, 1 + rng.Next(28));
                var minimum = state.IdentifiedDate.Value.AddMonths(6);
                state.EliminatedDate = candidate < minimum ? minimum : candidate;
                state.EverEliminated = true;
            }
        }

        // The income the year ends with unless an identification adds its assistance (the monitored's uplift is in).
        var incomeIfNotIdentified = income + uplift;

        // Identification of households not monitored at the start of the year.
        var newlyIdentified = false;
        var missed = false;
        var identificationMonth = 0;
        var identificationProbability = 0.0;
        var identifiable = !state.Monitored && year >= ProvinceTargets.MonitoringStartYear && !registered;
        var nearLine = labour == 0 ? 0.12 : 0.05;
        if (identifiable)
        {
            var clearlyAtRisk = assessed < line || !guaranteesOk;
            identificationProbability = IdentificationChance(clearlyAtRisk, sharpDrop, assessed < NearLineBandOfLine * line, traits.Detection, nearLine);
            var atRisk = clearlyAtRisk || (sharpDrop && rng.Chance(SharpDropAtRiskChance));
            var identify = atRisk ? rng.Chance(traits.Detection) : assessed < NearLineBandOfLine * line && rng.Chance(nearLine);
            missed = atRisk && !identify;
            if (identify)
            {
                newlyIdentified = true;
                identificationMonth = shockMonth > 0 ? Math.Min(12, shockMonth + rng.Next(3)) : 1 + rng.Next(12);
                state.IdentifiedDate = new DateOnly(year, identificationMonth, 1 + rng.Next(28));
                state.EliminatedDate = null;
                state.Category = traits.Type == HouseholdType.PovertyAlleviated ? MonitoredCategory.Unstable
                    : sudden && (expensePerCapita > 0.3 * income || sharpDrop || assessed < line) ? MonitoredCategory.SuddenHardship
                    : MonitoredCategory.Edge;
                state.EpisodePrimary = primary != 0 ? primary
                    : state.Chronic > 0 ? RiskCause.Illness
                    : disabled > 0 ? RiskCause.Disability
                    : labour == 0 ? (elderly > 0 ? RiskCause.OldAge : RiskCause.LabourShortage)
                    : RiskCause.UnstableJob;
                state.EpisodeCauses = causes | RiskCause.Bit(state.EpisodePrimary);
                state.EpisodeAssistance = ChooseAssistance(state.EpisodeCauses, labour, ref rng);
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
        if ((state.EpisodeAssistance & transferMeasures) != 0 || labour == 0)
        {
            transfer += uplift;
        }
        else
        {
            wage += uplift;
        }

        income = wage + business + property + transfer;
        var monitoredDuringYear = state.Monitored || newlyIdentified;
        var labourInWork = (sbyte)Math.Max(0, rng.Binomial(labour, traits.WorkProbability) - (jobLoss ? 1 : 0));

        if (eliminatedThisYear)
        {
            state.Monitored = false;
        }
        else if (newlyIdentified)
        {
            state.Monitored = true;
        }

        // Part of this year's loss carries into next year (scarring), decaying geometrically.
        state.ScarWage = 1 - 0.4 * (1 - state.ScarWage * wageMultiplier);
        state.ScarBusiness = 1 - 0.4 * (1 - state.ScarBusiness * businessMultiplier);
        state.PreviousIncome = income;

        return new YearOutcome
        {
            Income = income,
            Wage = wage,
            Business = business,
            Property = property,
            Transfer = transfer,
            Expense = expense,
            LabourInWork = labourInWork,
            Causes = causes,
            Primary = primary,
            Registered = registered,
            NewlyIdentified = newlyIdentified,
            IdentificationMonth = identificationMonth,
            EliminatedThisYear = eliminatedThisYear,
            EliminationMonth = eliminationMonth,
            MonitoredDuringYear = monitoredDuringYear,
            Food = food,
            Education = education,
            Medical = medical,
            Housing = housing,
            Water = water,
            PreviousIncome = previousIncome,
            IdentificationProbability = identificationProbability,
            IncomeIfNotIdentified = incomeIfNotIdentified,
            Missed = missed,
            MarginOverLine = assessed / line,
            PrimarySeverity = primarySeverity,
            Terms = new IncomeTerms
            {
                NoiseFreeBase = noiseFreeBase,
                Volatility = traits.Volatility,
                IncomeFactor = incomeFactor,
                FixedIncome = fixedIncome,
                ExpenseFactor = expenseFactor,
                FixedExpense = fixedExpense,
                Uplift = upliftAtStart,
                PreviousIncome = previousIncome,
                Line = line,
                Identifiable = identifiable,
                Detection = traits.Detection,
                NearLineChance = nearLine,
                GuaranteeGapChance = guaranteeGapChance,
            },
        };
    }

    // A shock of the year: drawn with its chance, or imposed by the oracle's plan (then nothing is drawn).
    private static bool Occurs(double chance, int shock, ShockPlan? plan, ref SimRandom rng) =>
        plan is { } imposed ? imposed.Has(shock) : rng.Chance(chance);
}
