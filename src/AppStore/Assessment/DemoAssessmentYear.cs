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
            await store.RunAtomicallyAsync(async ct =>
            {
                var edits = entries[code]
                    .Where(e => !(code == openDraft && e.IndicatorId == OpenIndicator && e.Source == EntrySource.Self))
                    .Select(e => new EntryEdit(e.CountyCode, e.IndicatorId, e.Source, e.Value, e.Note))
                    .ToList();
                await store.SaveEntriesAsync(year, edits, "演示录入 / demo entries", evaluator, ct).ConfigureAwait(false);
                await store.SaveFieldSampleAsync(samples[code], evaluator, ct).ConfigureAwait(false);
                await store.SaveFieldResultsAsync(year, code, results[code], $"field-{code}.xlsx", evaluator, ct).ConfigureAwait(false);
                // The demo's entries are complete by construction, so the store's moves are enough here.
                if (target >= WorkflowState.SelfSubmitted)
                {
                    await store.MoveAsync(year, code, WorkflowAct.SubmitSelfAssessment, null, evaluator, ct).ConfigureAwait(false);
                }

                if (target >= WorkflowState.ScoresEntered)
                {
                    await store.MoveAsync(year, code, WorkflowAct.SubmitScores, null, evaluator, ct).ConfigureAwait(false);
                }

                if (target >= WorkflowState.Reviewed)
                {
                    await store.MoveAsync(year, code, WorkflowAct.Review, null, reviewer, ct).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
            progress?.Report(code);
        }

        // Two publications: the earlier one's problems are due already (some overdue), the later one's in 60 days.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var toPublish = codes.Where(c => !waiting.ContainsKey(c)).ToList();
        var half = toPublish.Count / 2;
        await workflow.PublishAsync(year, toPublish[..half], reviewer, new ProblemOptions { Deadline = today.AddDays(-10) }, cancellationToken).ConfigureAwait(false);
        await workflow.PublishAsync(year, toPublish[half..], reviewer, new ProblemOptions { Deadline = today.AddDays(60) }, cancellationToken).ConfigureAwait(false);

        // Rectification under way: of the earlier counties' problems, two in three rectified, and half of those checked
        // and closed; of the later ones, one in four rectified.
        var problems = await store.GetProblemsAsync(year, null, cancellationToken).ConfigureAwait(false);
        var early = toPublish[..half].ToHashSet();
        var i = 0;
        foreach (var problem in problems)
        {
            i++;
            var rectify = early.Contains(problem.CountyCode) ? i % 3 != 0 : i % 4 == 0;
            if (!rectify)
            {
                continue;
            }

            await store.MoveProblemAsync(problem.Id, ProblemState.Rectified, "已按要求整改，附整改报告 / rectified as required, report attached", evaluator, cancellationToken).ConfigureAwait(false);
            if (early.Contains(problem.CountyCode) && i % 2 == 0)
            {
                await store.MoveProblemAsync(problem.Id, ProblemState.Closed, "实地复核属实，予以销号 / checked on site: closed", evaluator, cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }
}
