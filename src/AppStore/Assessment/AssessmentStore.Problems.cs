using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

public sealed partial class AssessmentStore
{
    /// <summary>The problems, not tracked: filter, sort and page it and the store runs it as SQL.</summary>
    public IQueryable<StoredProblem> Problems => store.Set<StoredProblem>().AsNoTracking();

    /// <summary>The problems of a year (of one county, or of the given counties), with their notes.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCodes">The counties, or null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The problems, by county then deadline.</returns>
    public async Task<IReadOnlyList<AssessmentProblem>> GetProblemsAsync(int year, IReadOnlyCollection<int>? countyCodes = null, CancellationToken cancellationToken = default)
    {
        var query = store.Set<StoredProblem>().AsNoTracking().Include(p => p.Notes).Where(p => p.Year == year);
        if (countyCodes is not null)
        {
            var codes = countyCodes.ToList();
            query = query.Where(p => codes.Contains(p.CountyCode));
        }

        var rows = await query.OrderBy(p => p.CountyCode).ThenBy(p => p.Deadline).ThenBy(p => p.IndicatorId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToProblem).ToList();
    }

    /// <summary>One problem with its notes, or null.</summary>
    /// <param name="id">The problem.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The problem.</returns>
    public async Task<AssessmentProblem?> FindProblemAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await store.Set<StoredProblem>().AsNoTracking().Include(p => p.Notes).SingleOrDefaultAsync(p => p.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToProblem(row);
    }

    /// <summary>Moves a problem to another rectification state with a note (<see cref="ProblemRules.Move"/>: in progress
    /// → rectified → checked and closed, or back to in progress when the check fails; a closed problem never
    /// changes).</summary>
    /// <param name="id">The problem.</param>
    /// <param name="to">The new state.</param>
    /// <param name="text">What was done or found.</param>
    /// <param name="actor">Who.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The problem in its new state.</returns>
    /// <exception cref="AssessmentWorkflowException">No such problem, a move the rules do not allow, no note, or
    /// someone moved it meanwhile; nothing changed.</exception>
    public async Task<AssessmentProblem> MoveProblemAsync(Guid id, ProblemState to, string text, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new AssessmentWorkflowException("请填写整改或核验说明", "give a note on what was done or found");
        }

        AssessmentProblem? moved = null;
        await RunAtomicallyAsync(async ct =>
        {
            var row = await store.Set<StoredProblem>().Include(p => p.Notes).SingleOrDefaultAsync(p => p.Id == id, ct).ConfigureAwait(false)
                ?? throw new AssessmentWorkflowException($"没有问题 {id}", $"no problem {id}");
            AssessmentProblem next;
            try
            {
                next = ProblemRules.Move(ToProblem(row), to, actor.Name, time.GetUtcNow(), text.Trim());
            }
            catch (InvalidOperationException e)
            {
                var parts = e.Message.Split(" / ", 2);
                throw new AssessmentWorkflowException(parts[0], parts.Length > 1 ? parts[1] : parts[0]);
            }

            var before = row.State;
            row.State = to;
            row.Version++;
            row.Notes.Add(new StoredProblemNote { ProblemId = row.Id, State = to, By = actor.Name, AtUtc = Now, Text = text.Trim() });
            Stage(actor, AuditActions.AssessmentProblem, $"{row.Year}/{row.CountyCode}",
                $"problem {row.Id} ({row.IndicatorId}): {before} → {to}: {text.Trim()}");
            try
            {
                await SaveAndCountAsync(row.Year, ct).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new AssessmentWorkflowException("该问题刚被他人更新，请刷新后重试", "someone else just changed this problem: reload and try again");
            }

            moved = next;
        }, cancellationToken).ConfigureAwait(false);
        return moved!;
    }

    /// <summary>Moves many problems to the same state with the same note, as one act: every move is checked by
    /// <see cref="ProblemRules.Move"/> and audited, and either all commit or none does. For batch work (the demo's
    /// rectification, a county's whole list checked on site); one load and one save instead of one per problem.</summary>
    /// <param name="ids">The problems.</param>
    /// <param name="to">The new state.</param>
    /// <param name="text">What was done or found.</param>
    /// <param name="actor">Who.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The problems moved.</returns>
    /// <exception cref="AssessmentWorkflowException">A problem does not exist or cannot make the move, or no note;
    /// nothing changed.</exception>
    public async Task<int> MoveProblemsAsync(IReadOnlyCollection<Guid> ids, ProblemState to, string text, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new AssessmentWorkflowException("请填写整改或核验说明", "give a note on what was done or found");
        }

        var note = text.Trim();
        var wanted = ids.ToHashSet();
        await RunAtomicallyAsync(async ct =>
        {
            var rows = await store.Set<StoredProblem>().Include(p => p.Notes).Where(p => wanted.Contains(p.Id)).ToListAsync(ct).ConfigureAwait(false);
            if (rows.Count != wanted.Count)
            {
                var missing = wanted.Except(rows.Select(r => r.Id)).First();
                throw new AssessmentWorkflowException($"没有问题 {missing}", $"no problem {missing}");
            }

            foreach (var row in rows)
            {
                try
                {
                    ProblemRules.Move(ToProblem(row), to, actor.Name, time.GetUtcNow(), note);
                }
                catch (InvalidOperationException e)
                {
                    var parts = e.Message.Split(" / ", 2);
                    throw new AssessmentWorkflowException(parts[0], parts.Length > 1 ? parts[1] : parts[0]);
                }

                var before = row.State;
                row.State = to;
                row.Version++;
                row.Notes.Add(new StoredProblemNote { ProblemId = row.Id, State = to, By = actor.Name, AtUtc = Now, Text = note });
                Stage(actor, AuditActions.AssessmentProblem, $"{row.Year}/{row.CountyCode}", $"problem {row.Id} ({row.IndicatorId}): {before} → {to}: {note}");
            }

            try
            {
                await store.SaveChangesAsync(ct).ConfigureAwait(false);
                foreach (var year in rows.Select(r => r.Year).Distinct())
                {
                    await store.Set<AssessmentYearRecord>().Where(y => y.Year == year)
                        .ExecuteUpdateAsync(s => s.SetProperty(y => y.ChangeCount, y => y.ChangeCount + 1), ct).ConfigureAwait(false);
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new AssessmentWorkflowException("有问题刚被他人更新，请刷新后重试", "someone else just changed one of these problems: reload and try again");
            }
        }, cancellationToken).ConfigureAwait(false);
        store.ChangeTracker.Clear();
        return wanted.Count;
    }

    private StoredProblem ToStored(AssessmentProblem p, int countyClass, int revision) => new()
    {
        Id = p.Id,
        Year = p.Year,
        CountyCode = p.CountyCode,
        CountyClass = countyClass,
        IndicatorId = p.IndicatorId,
        Origin = p.Origin,
        HouseholdId = p.HouseholdId,
        DescriptionZh = p.DescriptionZh,
        DescriptionEn = p.DescriptionEn,
        Owner = p.Owner,
        Deadline = p.Deadline,
        State = p.State,
        Revision = revision,
        CreatedAtUtc = Now,
        Notes = [.. p.Notes.Select(n => new StoredProblemNote { ProblemId = p.Id, State = n.State, By = n.By, AtUtc = n.At.UtcDateTime, Text = n.Text })],
    };

    internal static AssessmentProblem ToProblem(StoredProblem p) => new()
    {
        Id = p.Id,
        Year = p.Year,
        CountyCode = p.CountyCode,
        IndicatorId = p.IndicatorId,
        Origin = p.Origin,
        HouseholdId = p.HouseholdId,
        DescriptionZh = p.DescriptionZh,
        DescriptionEn = p.DescriptionEn,
        Owner = p.Owner,
        Deadline = p.Deadline,
        State = p.State,
        Notes = [.. p.Notes.OrderBy(n => n.AtUtc).ThenBy(n => n.Id).Select(n => new ProblemNote(n.State, n.By, new DateTimeOffset(DateTime.SpecifyKind(n.AtUtc, DateTimeKind.Utc)), n.Text))],
    };
}
