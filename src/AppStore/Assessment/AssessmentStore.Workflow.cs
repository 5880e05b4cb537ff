using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>A county's result to publish, scored by the caller from the county's current entries.</summary>
/// <param name="County">The county's result with its trace.</param>
/// <param name="FieldCheck">Its field-check estimates, if any.</param>
/// <param name="Problems">Problems raised by the result (those already stored are kept as they are).</param>
/// <param name="SchemeRecordId">The scheme version it was scored with.</param>
/// <param name="DataVersion">The data version the KPIs came from.</param>
public sealed record Publication(CountyAssessment County, FieldCheckEstimates? FieldCheck, IReadOnlyList<AssessmentProblem> Problems, long SchemeRecordId, string DataVersion);

public sealed partial class AssessmentStore
{
    /// <summary>The workflow state of every county of a year.</summary>
    /// <param name="year">The year.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One row per county, by code.</returns>
    public async Task<IReadOnlyList<CountyWorkflow>> GetCountiesAsync(int year, CancellationToken cancellationToken = default) =>
        await store.Set<CountyWorkflow>().AsNoTracking().Where(c => c.Year == year).OrderBy(c => c.CountyCode).ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>One county's workflow state, or null when the year has no such county.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The row.</returns>
    public Task<CountyWorkflow?> FindCountyAsync(int year, int countyCode, CancellationToken cancellationToken = default) =>
        store.Set<CountyWorkflow>().AsNoTracking().SingleOrDefaultAsync(c => c.Year == year && c.CountyCode == countyCode, cancellationToken);

    /// <summary>Moves a county through the workflow (<see cref="WorkflowLabels.Transition"/>). Completeness of the
    /// entries is the caller's check; this one checks the state, the note and that a reviewer did not submit the scores
    /// they review.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="act">What is done.</param>
    /// <param name="note">Required to send back or open a correction (what to fix, why).</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The county's new row.</returns>
    /// <exception cref="AssessmentWorkflowException">The state does not allow the act, a note is missing, or the
    /// reviewer submitted the scores; nothing changed.</exception>
    public async Task<CountyWorkflow> MoveAsync(int year, int countyCode, WorkflowAct act, string? note, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        CountyWorkflow? moved = null;
        await RunAtomicallyAsync(async ct =>
        {
            var row = await CountyAsync(year, countyCode, ct).ConfigureAwait(false);
            var (from, to) = WorkflowLabels.Transition(act);
            var actLabel = WorkflowLabels.Of(act);
            if (!from.Contains(row.State))
            {
                var state = WorkflowLabels.Of(row.State);
                throw new AssessmentWorkflowException(
                    $"县 {countyCode} 当前为“{state.Zh}”，不能{actLabel.Zh}",
                    $"county {countyCode} is {state.En}: cannot {actLabel.En}");
            }

            var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
            if (act is WorkflowAct.SendBack or WorkflowAct.OpenCorrection && text is null)
            {
                throw new AssessmentWorkflowException($"{actLabel.Zh}须填写说明", $"to {actLabel.En}, give a note saying why");
            }

            if (act == WorkflowAct.Review && string.Equals(row.ScoresSubmittedBy, actor.Name, StringComparison.Ordinal))
            {
                throw new AssessmentWorkflowException(
                    $"县 {countyCode} 的评分由 {actor.Name} 提交，须由另一位审核人审核",
                    $"{actor.Name} submitted the scores of county {countyCode}: someone else must review them");
            }

            var before = row.State;
            row.State = to;
            row.UpdatedBy = actor.Name;
            row.UpdatedAtUtc = Now;
            row.Version++;
            switch (act)
            {
                case WorkflowAct.SubmitScores:
                    row.ScoresSubmittedBy = actor.Name;
                    break;
                case WorkflowAct.Review:
                    row.ReviewedBy = actor.Name;
                    break;
                case WorkflowAct.SendBack:
                    row.ScoresSubmittedBy = null;
                    row.ReviewedBy = null;
                    row.Note = text;
                    break;
                case WorkflowAct.OpenCorrection:
                    row.ScoresSubmittedBy = null;
                    row.ReviewedBy = null;
                    row.Note = text;
                    break;
            }

            Stage(actor, AuditActions.AssessmentWorkflow, $"{year}/{countyCode}",
                $"{WorkflowLabels.Id(before)} → {WorkflowLabels.Id(to)}{(text is null ? string.Empty : ": " + text)}");
            await SaveAndCountAsync(year, ct).ConfigureAwait(false);
            moved = row;
        }, cancellationToken).ConfigureAwait(false);
        return moved!;
    }

    /// <summary>Publishes reviewed counties: each gets a new, immutable result revision (1 the first time, then one
    /// more for each correction, with the correction's reason), its new problems, and the state published. All or
    /// nothing: one county that is not reviewed refuses the whole batch.</summary>
    /// <param name="year">The year.</param>
    /// <param name="publications">The counties' results.</param>
    /// <param name="actor">Who publishes.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The revisions written.</returns>
    /// <exception cref="AssessmentWorkflowException">A county is not reviewed, or is of another year; nothing
    /// changed.</exception>
    public async Task<IReadOnlyList<PublishedRevision>> PublishAsync(int year, IReadOnlyList<Publication> publications, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publications);
        ArgumentNullException.ThrowIfNull(actor);
        var written = new List<PublishedRevision>();
        await RunAtomicallyAsync(async ct =>
        {
            var fingerprints = new Dictionary<long, string>();
            foreach (var publication in publications)
            {
                var county = publication.County;
                var row = await CountyAsync(year, county.CountyCode, ct).ConfigureAwait(false);
                if (row.State != WorkflowState.Reviewed)
                {
                    var state = WorkflowLabels.Of(row.State);
                    throw new AssessmentWorkflowException(
                        $"县 {county.CountyCode}（{county.CountyName}）当前为“{state.Zh}”，须审核通过后才能发布；未发布任何县",
                        $"county {county.CountyCode} ({county.CountyName}) is {state.En}: only reviewed counties can be published; nothing was published");
                }

                if (!fingerprints.TryGetValue(publication.SchemeRecordId, out var fingerprint))
                {
                    fingerprint = (await FindSchemeAsync(publication.SchemeRecordId, ct).ConfigureAwait(false))?.Fingerprint
                        ?? throw new AssessmentWorkflowException($"没有编号为 {publication.SchemeRecordId} 的方案版本", $"no scheme version with id {publication.SchemeRecordId}");
                    fingerprints[publication.SchemeRecordId] = fingerprint;
                }

                var revision = new PublishedRevision
                {
                    Year = year,
                    CountyCode = county.CountyCode,
                    Revision = row.PublishedRevision + 1,
                    CountyClass = county.CountyClass,
                    SchemeRecordId = publication.SchemeRecordId,
                    SchemeFingerprint = fingerprint,
                    DataVersion = publication.DataVersion,
                    Score = county.Score,
                    Grade = county.Grade,
                    Json = AssessmentJson.Write(new PublishedDocument(county, publication.FieldCheck)),
                    Reason = row.PublishedRevision > 0 ? row.Note ?? "更正 / correction" : null,
                    ReviewedBy = row.ReviewedBy ?? actor.Name,
                    PublishedBy = actor.Name,
                    PublishedAtUtc = Now,
                };
                store.Add(revision);
                written.Add(revision);

                var ids = publication.Problems.Select(p => p.Id).ToList();
                var known = await store.Set<StoredProblem>().Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct).ConfigureAwait(false);
                var added = 0;
                foreach (var problem in publication.Problems.Where(p => !known.Contains(p.Id)))
                {
                    store.Add(ToStored(problem, county.CountyClass, revision.Revision));
                    added++;
                }

                row.State = WorkflowState.Published;
                row.PublishedRevision = revision.Revision;
                row.Note = null;
                row.UpdatedBy = actor.Name;
                row.UpdatedAtUtc = Now;
                row.Version++;
                Stage(actor, AuditActions.AssessmentWorkflow, $"{year}/{county.CountyCode}",
                    $"reviewed → published: revision {revision.Revision}, score {county.Score:0.####}, grade {county.Grade}, {added} new problems{(revision.Reason is null ? string.Empty : "; correction: " + revision.Reason)}");
            }

            await SaveAndCountAsync(year, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        foreach (var revision in written)
        {
            store.Entry(revision).State = EntityState.Detached;
        }

        return written;
    }
}
