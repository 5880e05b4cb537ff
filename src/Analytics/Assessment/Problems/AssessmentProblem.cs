using System.Globalization;

namespace RevivalAnalytics.Assessment;

/// <summary>Where a problem comes from.</summary>
public enum ProblemOrigin
{
    /// <summary>An indicator that lost points.</summary>
    Indicator,

    /// <summary>A veto item that was triggered.</summary>
    Veto,

    /// <summary>A field check finding at one household (wrong exit, missed, not approving).</summary>
    FieldFinding,
}

/// <summary>Rectification states: in progress → rectified (the county reports it fixed) → checked and closed (销号).
/// A failed check sends a rectified problem back to in progress.</summary>
public enum ProblemState
{
    /// <summary>整改中.</summary>
    InProgress,

    /// <summary>已整改(待核验).</summary>
    Rectified,

    /// <summary>已核验销号.</summary>
    Closed,
}

/// <summary>A note on a problem's history: who moved it to which state, when, and why.</summary>
/// <param name="State">The state it moved to.</param>
/// <param name="By">Who.</param>
/// <param name="At">When.</param>
/// <param name="Text">Why, or what was done.</param>
public sealed record ProblemNote(ProblemState State, string By, DateTimeOffset At, string Text);

/// <summary>
/// A problem the assessment sends back to a county to rectify by a deadline (挂牌限期整改销号). Plain data with an id;
/// <see cref="ProblemRules"/> creates problems from a result and moves them through their states.
/// </summary>
public sealed record AssessmentProblem
{
    /// <summary>Identity.</summary>
    public required Guid Id { get; init; }

    /// <summary>Assessment year.</summary>
    public required int Year { get; init; }

    /// <summary>County.</summary>
    public required int CountyCode { get; init; }

    /// <summary>Indicator, veto item or field measure concerned.</summary>
    public required string IndicatorId { get; init; }

    /// <summary>Where it comes from.</summary>
    public required ProblemOrigin Origin { get; init; }

    /// <summary>The household of a field finding, else null.</summary>
    public long? HouseholdId { get; init; }

    /// <summary>What is wrong, Chinese.</summary>
    public required string DescriptionZh { get; init; }

    /// <summary>What is wrong, English.</summary>
    public required string DescriptionEn { get; init; }

    /// <summary>Who must rectify it.</summary>
    public required string Owner { get; init; }

    /// <summary>Rectify by.</summary>
    public required DateOnly Deadline { get; init; }

    /// <summary>Current state.</summary>
    public ProblemState State { get; init; } = ProblemState.InProgress;

    /// <summary>History, oldest first.</summary>
    public IReadOnlyList<ProblemNote> Notes { get; init; } = [];

    /// <summary>Overdue: not closed and <paramref name="today"/> is after the deadline.</summary>
    /// <param name="today">The day to judge on.</param>
    public bool IsOverdue(DateOnly today) => State != ProblemState.Closed && today > Deadline;
}

/// <summary>Counts of a set of problems.</summary>
/// <param name="Total">Problems.</param>
/// <param name="InProgress">In progress.</param>
/// <param name="Rectified">Rectified, awaiting the check.</param>
/// <param name="Closed">Checked and closed (销号).</param>
/// <param name="Overdue">Not closed and past the deadline.</param>
public sealed record RectificationSummary(int Total, int InProgress, int Rectified, int Closed, int Overdue)
{
    /// <summary>整改完成率: rectified or closed ÷ all, %; null without problems.</summary>
    public double? RectificationRate => Total == 0 ? null : 100.0 * (Rectified + Closed) / Total;

    /// <summary>销号率: closed ÷ all, %; null without problems.</summary>
    public double? ClosureRate => Total == 0 ? null : 100.0 * Closed / Total;
}

/// <summary>Options for turning a result into problems.</summary>
public sealed record ProblemOptions
{
    /// <summary>Rectify-by date of every new problem.</summary>
    public required DateOnly Deadline { get; init; }

    /// <summary>The owner of a county's problems from the county's name; by default "{county}乡村振兴局".</summary>
    public Func<string, string> Owner { get; init; } = county => county + "乡村振兴局";

    /// <summary>An indicator scored directly by evaluators becomes a problem only below this share of its points (a
    /// 6 of 7 from the cross-evaluation is a judgement, not a failure); other indicators whenever they lose points.</summary>
    public double DirectScoreShare { get; init; } = 0.8;

    /// <summary>Field findings per county and measure listed one by one at most; more are summed up in one problem.</summary>
    public int MaxFindingsPerMeasure { get; init; } = 20;
}

/// <summary>The rules of problems: which results become problems, how states may change, what is overdue, and the
/// rectification rate.</summary>
public static class ProblemRules
{
    /// <summary>A problem for every indicator of <paramref name="result"/> that lost points (directly scored ones below
    /// <see cref="ProblemOptions.DirectScoreShare"/>), every veto triggered, and every
    /// field finding (a wrong exit, a missed household, a household not approving).</summary>
    /// <param name="result">The year's result.</param>
    /// <param name="fieldResults">The field results by county, or null.</param>
    /// <param name="options">Deadline and owner.</param>
    /// <returns>New problems, in progress, ordered by county.</returns>
    public static IReadOnlyList<AssessmentProblem> FromResult(AssessmentResult result, IReadOnlyDictionary<int, IReadOnlyList<FieldResult>>? fieldResults, ProblemOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<AssessmentProblem>();
        foreach (var county in result.Counties.OrderBy(c => c.CountyCode))
        {
            var owner = options.Owner(county.CountyName);
            AssessmentProblem New(string indicator, ProblemOrigin origin, string zh, string en, long? household = null) => new()
            {
                Id = StableId(result.Year, county.CountyCode, indicator, origin, household),
                Year = result.Year, CountyCode = county.CountyCode, IndicatorId = indicator, Origin = origin, HouseholdId = household,
                DescriptionZh = zh, DescriptionEn = en, Owner = owner, Deadline = options.Deadline,
            };

            foreach (var item in county.Items.Where(i => i.Failed && (!i.ScoredDirectly || i.Points < options.DirectScoreShare * i.MaxPoints - 1e-9)))
            {
                var value = item.Value is { } v ? ScoringRule.N(Math.Round(v, 2)) + (item.Unit is "%" ? "%" : string.Empty) : null;
                var (valueZh, valueEn) = value is null ? ("无数据", "no data") : ($"值 {value}", $"value {value}");
                problems.Add(item.Kind == ItemKind.Veto
                    ? New(item.Id, ProblemOrigin.Veto, $"触发一票否决:{item.NameZh}({valueZh})", $"veto triggered: {item.NameEn} ({valueEn})")
                    : New(item.Id, ProblemOrigin.Indicator,
                        $"{item.NameZh}失分 {ScoringRule.N(Math.Round(item.MaxPoints - item.Points, 2))} 分({valueZh};{item.RuleZh})",
                        $"{item.NameEn} lost {ScoringRule.N(Math.Round(item.MaxPoints - item.Points, 2))} points ({valueEn}; {item.RuleEn})"));
            }

            if (fieldResults?.GetValueOrDefault(county.CountyCode) is not { } results)
            {
                continue;
            }

            void Findings(string measure, IEnumerable<FieldResult> found, string zh, string en)
            {
                var list = found.ToList();
                foreach (var r in list.Take(options.MaxFindingsPerMeasure))
                {
                    problems.Add(New(measure, ProblemOrigin.FieldFinding, $"农户 {r.HouseholdId}:{zh}{(r.Note is null ? string.Empty : "(" + r.Note + ")")}", $"household {r.HouseholdId}: {en}", r.HouseholdId));
                }

                if (list.Count > options.MaxFindingsPerMeasure)
                {
                    var more = list.Count - options.MaxFindingsPerMeasure;
                    problems.Add(New(measure, ProblemOrigin.FieldFinding, $"另有 {more} 户:{zh}(见核查名单)", $"{more} more households: {en} (see the field list)"));
                }
            }

            Findings("wrongly_exited", results.Where(r => r.ExitCorrect == false), "退出不符合标准(错退)", "exit does not meet the standard (wrong exit)");
            Findings("missed", results.Where(r => r.Missed == true), "符合监测条件未纳入(漏评)", "meets the monitoring criteria but was not identified (missed)");
            Findings("approval", results.Where(r => r.Approves == false), "对帮扶工作不认可", "does not approve of the assistance");
        }

        return problems;
    }

    /// <summary>Moves <paramref name="problem"/> to <paramref name="to"/>, with a note. Allowed: in progress → rectified;
    /// rectified → closed (checked, 销号) or back to in progress (the check failed). A closed problem never changes.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="to">The new state.</param>
    /// <param name="by">Who.</param>
    /// <param name="at">When.</param>
    /// <param name="text">What was done or found (required).</param>
    /// <returns>The problem in its new state, with the note appended; <paramref name="problem"/> is not changed.</returns>
    /// <exception cref="InvalidOperationException">The move is not allowed; the message names both states.</exception>
    /// <exception cref="ArgumentException">No user or no note.</exception>
    public static AssessmentProblem Move(AssessmentProblem problem, ProblemState to, string by, DateTimeOffset at, string text)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var allowed = (problem.State, to) is (ProblemState.InProgress, ProblemState.Rectified)
            or (ProblemState.Rectified, ProblemState.Closed)
            or (ProblemState.Rectified, ProblemState.InProgress);
        if (!allowed)
        {
            throw new InvalidOperationException(
                $"问题不能从“{Label(problem.State).Zh}”改为“{Label(to).Zh}” / a problem cannot move from {Label(problem.State).En} to {Label(to).En}");
        }

        return problem with { State = to, Notes = [.. problem.Notes, new ProblemNote(to, by, at, text)] };
    }

    /// <summary>Counts, rates and overdue problems of <paramref name="problems"/> on <paramref name="today"/>.</summary>
    /// <param name="problems">Problems (of a county, a class or the province).</param>
    /// <param name="today">The day to judge overdue on.</param>
    public static RectificationSummary Summarize(IEnumerable<AssessmentProblem> problems, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var list = problems.ToList();
        return new RectificationSummary(
            list.Count,
            list.Count(p => p.State == ProblemState.InProgress),
            list.Count(p => p.State == ProblemState.Rectified),
            list.Count(p => p.State == ProblemState.Closed),
            list.Count(p => p.IsOverdue(today)));
    }

    /// <summary>Label of a state.</summary>
    /// <param name="state">The state.</param>
    public static (string Zh, string En) Label(ProblemState state) => state switch
    {
        ProblemState.InProgress => ("整改中", "in progress"),
        ProblemState.Rectified => ("已整改待核验", "rectified, to be checked"),
        _ => ("已核验销号", "checked and closed"),
    };

    // Re-running the same assessment gives the same problem ids, so a store can match them.
    private static Guid StableId(int year, int county, string indicator, ProblemOrigin origin, long? household) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{year}|{county}|{indicator}|{origin}|{household}")))[..16]);
}
