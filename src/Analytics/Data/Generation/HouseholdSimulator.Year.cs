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
}

internal sealed partial class HouseholdSimulator
{
    /// <summary>
    /// Year index <paramref name="y"/> of a household: the shocks, incomes, guarantees, risk elimination and
    /// identification, drawing from <paramref name="rng"/> in a fixed order and carrying <paramref name="state"/> on.
    /// <paramref name="disasterLevel"/> replaces the county's generated disaster of the year (the oracle's unknown year).
    /// </summary>
    internal YearOutcome SimulateYear(ref HouseholdState state, HouseholdTraits traits, int y, ref SimRandom rng, sbyte? disasterLevel = null)
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
        var baseIncome = state.Ratio * model.RuralIncome[county, y] * Math.Exp(traits.Trend * (year - ReferenceYear) + traits.Volatility * rng.Normal());

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

        if (rng.Chance(Math.Min(0.2, 0.012 + 0.01 * elderly + 0.015 * state.Chronic)))
        {
            var severity = rng.Uniform(0.15, 0.45);
            Shock(RiskCause.Illness, severity + 0.2, ref rng, ref shockMonth);
            var remaining = 1 - (shockMonth - 1) / 12.0;
            wageMultiplier *= 1 - severity * remaining;
            businessMultiplier *= 1 - 0.5 * severity * remaining;
            expense += baseIncome * size * rng.Uniform(0.1, 0.6);
            sudden = true;
            if (rng.Chance(0.4) && state.Chronic < size)
            {
                state.Chronic++;
                state.Ratio *= 0.92;
            }
        }
        else if (state.Chronic > 0 && rng.Chance(0.1))
        {
            Shock(RiskCause.Illness, 0.1, ref rng, ref shockMonth);
            expense += baseIncome * size * rng.Uniform(0.03, 0.15);
        }

        var disaster = disasterLevel ?? model.Disaster[county, y];
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

        var wage = baseIncome * wageShare * wageMultiplier * state.ScarWage;
        var business = baseIncome * businessShare * businessMultiplier * state.ScarBusiness;
        var property = baseIncome * traits.PropertyShare;
        var transfer = baseIncome * traits.TransferShare;

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
        }

        // Assistance for households monitored since an earlier year works over the whole year.
        var assistedMonths = state.Monitored ? 12 : 0;
        var uplift = 0.0;
        if (assistedMonths > 0)
        {
            uplift = line * rng.Uniform(0.15, 0.35) * assistanceStrength;
        }

        var income = wage + business + property + transfer;
        var expensePerCapita = expense / size;
        var assessed = income + uplift - expensePerCapita;
        var previousIncome = state.PreviousIncome;
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
        if (!state.Monitored && year >= ProvinceTargets.MonitoringStartYear && !registered)
        {
            var clearlyAtRisk = assessed < line || !guaranteesOk;
            var atRiskProbability = clearlyAtRisk ? 1.0 : sharpDrop ? 0.2 : 0.0;
            var nearLine = labour == 0 ? 0.12 : 0.05;
            identificationProbability = (atRiskProbability * traits.Detection) + ((1 - atRiskProbability) * (assessed < 1.15 * line ? nearLine : 0));
            var atRisk = clearlyAtRisk || (sharpDrop && rng.Chance(0.2));
            var identify = atRisk ? rng.Chance(traits.Detection) : assessed < 1.15 * line && rng.Chance(nearLine);
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
        };
    }
}
