using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>
/// Writes a whole demo assessment year into the store, so every post-assessment page has real content on first start:
/// the default scheme, every county's self, cross and third-party scores (<see cref="DemoEntries"/>), a field-check
/// sample per county answered by <see cref="DemoFieldTeam"/>, the workflow moved on, most counties published with their
/// problems, and some problems rectified or checked and closed. Five counties stay in the workflow for people to work
/// on (<see cref="WorkInProgress"/>).
/// </summary>
public static class DemoAssessmentYear
{
    /// <summary>The evaluator the demo's entries and submissions are attributed to (the demo user of that role).</summary>
    public const string Evaluator = "evaluator";

    /// <summary>The leader who reviews and publishes in the demo (the demo user of that role).</summary>
    public const string Reviewer = "leader";

    /// <summary>The administrator who saves the scheme and starts the year.</summary>
    public const string Administrator = "admin";

    /// <summary>The field-check sampling seed of the demo year.</summary>
    public const long SamplingSeed = 20_260_101;

    /// <summary>The indicator left out of the first draft county's self-assessment, for someone to enter.</summary>
    internal const string OpenIndicator = "leadership_responsibility";

    /// <summary>Where the demo leaves the counties that are not published, by their place among the codes in order:
    /// two drafts (the first lacks one self-assessment score), one with the self-assessment submitted, one with the
    /// scores entered, one reviewed.</summary>
    /// <param name="countyCodes">The year's counties.</param>
    /// <returns>The counties left in the workflow, with their state.</returns>
    public static IReadOnlyDictionary<int, WorkflowState> WorkInProgress(IEnumerable<int> countyCodes)
    {
        ArgumentNullException.ThrowIfNull(countyCodes);
        var codes = countyCodes.Order().ToList();
        WorkflowState[] states = [WorkflowState.Draft, WorkflowState.Draft, WorkflowState.SelfSubmitted, WorkflowState.ScoresEntered, WorkflowState.Reviewed];
        // Spread over the list (and so over prefectures), never the same county twice.
        return states.Select((state, i) => (Code: codes[(5 + 23 * i) % codes.Count], State: state)).ToDictionary(p => p.Code, p => p.State);
    }

    /// <summary>Writes the demo year, county by county: each county's entries, sample, field results and workflow moves
    /// commit together, so a process killed midway leaves whole counties only; then the publication, then the
    /// rectification notes. Does nothing when the year has already been started.</summary>
    /// <param name="workflow">The workflow over the store and the data.</param>
    /// <param name="year">The year (the data must hold it).</param>
    /// <param name="exportDirectory">The generator's export (its planted truth answers the field check).</param>
    /// <param name="progress">Told each county's code once it is committed.</param>
    /// <param name="cancellationToken">Cancels the work between counties.</param>
    /// <returns>False when the year already existed.</returns>
    /// <exception cref="DirectoryNotFoundException">The export has no planted truth.</exception>
    public static async Task<bool> WriteAsync(AssessmentWorkflow workflow, int year, string exportDirectory, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var store = workflow.Store;
        var service = workflow.Service;
        var team = new DemoFieldTeam(exportDirectory);
        if (await store.FindYearAsync(year, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        var admin = new AuditActor(Administrator);
        var evaluator = new AuditActor(Evaluator);
        var reviewer = new AuditActor(Reviewer);
        var stored = await store.SaveSchemeAsync(SchemeFile.Default(year), "演示:内置建议方案 / demo: the built-in proposal", admin, cancellationToken: cancellationToken).ConfigureAwait(false);
        await workflow.StartYearAsync(year, stored.Id, admin, SamplingSeed, cancellationToken).ConfigureAwait(false);
        var scheme = await store.LoadSchemeAsync(stored.Id, cancellationToken).ConfigureAwait(false);

        var codes = service.Counties.Keys.Order().ToList();
        var waiting = WorkInProgress(codes);
        var openDraft = waiting.First(w => w.Value == WorkflowState.Draft).Key;
        var entries = DemoEntries.Create(scheme, service.Counties, SamplingSeed).ToLookup(e => e.CountyCode);
        var samples = service.DrawFieldSamples(scheme, codes, SamplingSeed);
        var results = team.Visit(samples.Values.ToList());

        foreach (var code in codes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = waiting.GetValueOrDefault(code, WorkflowState.Reviewed);
            var edits = entries[code].Where(e => !(code == openDraft && e.IndicatorId == OpenIndicator && e.Source == EntrySource.Self)).ToList();
            await store.RunAtomicallyAsync(
                ct => WriteCountyAsync(store, year, code, edits, samples[code], results[code], target, ct),
                cancellationToken).ConfigureAwait(false);
            progress?.Report(code);
        }

        // Two publications: the earlier one's problems are due already (some overdue), the later one's in 60 days.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var toPublish = codes.Where(c => !waiting.ContainsKey(c)).ToList();
        var half = toPublish.Count / 2;
        await workflow.PublishAsync(year, toPublish[..half], reviewer, new ProblemOptions { Deadline = today.AddDays(-10) }, cancellationToken).ConfigureAwait(false);
        await workflow.PublishAsync(year, toPublish[half..], reviewer, new ProblemOptions { Deadline = today.AddDays(60) }, cancellationToken).ConfigureAwait(false);

        // Rectification under way: of the earlier counties' problems, two in three rectified, and half of those checked
        // and closed; of the later ones, one in four rectified. Moved in batches: a thousand moves one by one were most
        // of the demo year's time.
        var problems = await store.GetProblemsAsync(year, null, cancellationToken).ConfigureAwait(false);
        var early = toPublish[..half].ToHashSet();
        var rectified = problems.Where((p, i) => early.Contains(p.CountyCode) ? (i + 1) % 3 != 0 : (i + 1) % 4 == 0).ToList();
        var closed = problems.Where((p, i) => early.Contains(p.CountyCode) && (i + 1) % 3 != 0 && (i + 1) % 2 == 0).ToList();
        await store.MoveProblemsAsync([.. rectified.Select(p => p.Id)], ProblemState.Rectified, RectifiedNote, evaluator, cancellationToken).ConfigureAwait(false);
        await store.MoveProblemsAsync([.. closed.Select(p => p.Id)], ProblemState.Closed, ClosedNote, evaluator, cancellationToken).ConfigureAwait(false);

        return true;
    }

    /// <summary>Writes an earlier, finished assessment year, so year on year has content from the first start: the
    /// built-in scheme set to <paramref name="year"/>, every county's demo entries and field check, every county
    /// published, and nearly all problems checked and closed (the rest rectified, waiting for the check). Written in a
    /// few transactions (the year is either whole or absent per step: counties, publication, rectification). Does
    /// nothing when the year has already been started.</summary>
    /// <param name="workflow">The workflow over the store and the data.</param>
    /// <param name="year">The year (the data must hold it).</param>
    /// <param name="exportDirectory">The generator's export (its planted truth answers the field check).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>False when the year already existed.</returns>
    /// <exception cref="DirectoryNotFoundException">The export has no planted truth.</exception>
    public static async Task<bool> WriteFinishedYearAsync(AssessmentWorkflow workflow, int year, string exportDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var store = workflow.Store;
        var service = workflow.Service;
        var team = new DemoFieldTeam(exportDirectory);
        if (await store.FindYearAsync(year, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        var admin = new AuditActor(Administrator);
        var reviewer = new AuditActor(Reviewer);
        var evaluator = new AuditActor(Evaluator);
        var stored = await store.SaveSchemeAsync(SchemeFile.Default(year), $"演示：{year} 年度方案（内置建议方案）/ demo: the {year} scheme (the built-in proposal)", admin, cancellationToken: cancellationToken).ConfigureAwait(false);
        // Another seed than the later year's, so the two years' entries and samples differ as two rounds would.
        var seed = SamplingSeed + year;
        await workflow.StartYearAsync(year, stored.Id, admin, seed, cancellationToken).ConfigureAwait(false);
        var scheme = await store.LoadSchemeAsync(stored.Id, cancellationToken).ConfigureAwait(false);
        var codes = service.Counties.Keys.Order().ToList();
        var entries = DemoEntries.Create(scheme, service.Counties, seed).ToLookup(e => e.CountyCode);
        var samples = service.DrawFieldSamples(scheme, codes, seed);
        var results = team.Visit(samples.Values.ToList());
        await store.RunAtomicallyAsync(async ct =>
        {
            foreach (var code in codes)
            {
                await WriteCountyAsync(store, year, code, [.. entries[code]], samples[code], results[code], WorkflowState.Reviewed, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);

        // Published in the spring after the year, with a deadline long past: by now nearly everything is closed.
        var deadline = new DateOnly(year + 1, 6, 30);
        await workflow.PublishAsync(year, codes, reviewer, new ProblemOptions { Deadline = deadline }, cancellationToken).ConfigureAwait(false);
        var problems = await store.GetProblemsAsync(year, null, cancellationToken).ConfigureAwait(false);
        await store.MoveProblemsAsync([.. problems.Select(p => p.Id)], ProblemState.Rectified, RectifiedNote, evaluator, cancellationToken).ConfigureAwait(false);
        await store.MoveProblemsAsync([.. problems.Where((_, i) => (i + 1) % 10 != 0).Select(p => p.Id)], ProblemState.Closed, ClosedNote, evaluator, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private const string RectifiedNote = "已按要求整改，附整改报告 / rectified as required, report attached";

    private const string ClosedNote = "实地复核属实，予以销号 / checked on site: closed";

    // One county's entries, sample, field results and workflow moves up to target (the demo's entries are complete by
    // construction, so the store's moves are enough here).
    private static async Task WriteCountyAsync(
        AssessmentStore store, int year, int code, IReadOnlyList<AssessmentEntry> entries, FieldSample sample, IReadOnlyList<FieldResult> results,
        WorkflowState target, CancellationToken cancellationToken)
    {
        var evaluator = new AuditActor(Evaluator);
        var reviewer = new AuditActor(Reviewer);
        var edits = entries.Select(e => new EntryEdit(e.CountyCode, e.IndicatorId, e.Source, e.Value, e.Note)).ToList();
        await store.SaveEntriesAsync(year, edits, "演示录入 / demo entries", evaluator, cancellationToken).ConfigureAwait(false);
        await store.SaveFieldSampleAsync(sample, evaluator, cancellationToken).ConfigureAwait(false);
        await store.SaveFieldResultsAsync(year, code, results, $"field-{code}.xlsx", evaluator, cancellationToken).ConfigureAwait(false);
        if (target >= WorkflowState.SelfSubmitted)
        {
            await store.MoveAsync(year, code, WorkflowAct.SubmitSelfAssessment, null, evaluator, cancellationToken).ConfigureAwait(false);
        }

        if (target >= WorkflowState.ScoresEntered)
        {
            await store.MoveAsync(year, code, WorkflowAct.SubmitScores, null, evaluator, cancellationToken).ConfigureAwait(false);
        }

        if (target >= WorkflowState.Reviewed)
        {
            await store.MoveAsync(year, code, WorkflowAct.Review, null, reviewer, cancellationToken).ConfigureAwait(false);
        }
    }
}
