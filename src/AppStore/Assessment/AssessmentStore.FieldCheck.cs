using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

public sealed partial class AssessmentStore
{
    /// <summary>A county's field-check sample of a year, or null when none was drawn.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sample.</returns>
    public async Task<FieldSample?> GetFieldSampleAsync(int year, int countyCode, CancellationToken cancellationToken = default)
    {
        var row = await store.Set<StoredFieldSample>().AsNoTracking().SingleOrDefaultAsync(s => s.Year == year && s.CountyCode == countyCode, cancellationToken).ConfigureAwait(false);
        return row is null ? null : AssessmentJson.Read<FieldSample>(row.Json);
    }

    /// <summary>Every sample of a year with its results (counties without a sample are absent).</summary>
    /// <param name="year">The year.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Sample and results by county.</returns>
    public async Task<IReadOnlyDictionary<int, (FieldSample Sample, IReadOnlyList<FieldResult> Results)>> GetFieldChecksAsync(int year, CancellationToken cancellationToken = default)
    {
        var samples = await store.Set<StoredFieldSample>().AsNoTracking().Where(s => s.Year == year).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = samples.Select(s => s.Id).ToList();
        var results = (await store.Set<StoredFieldResult>().AsNoTracking().Where(r => ids.Contains(r.SampleId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(r => r.SampleId);
        return samples.ToDictionary(
            s => s.CountyCode,
            s => (AssessmentJson.Read<FieldSample>(s.Json), (IReadOnlyList<FieldResult>)results[s.Id].OrderBy(r => r.HouseholdId).Select(ToResult).ToList()));
    }

    /// <summary>The results of a county's sample (empty without a sample or results).</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One result per visited household.</returns>
    public async Task<IReadOnlyList<FieldResult>> GetFieldResultsAsync(int year, int countyCode, CancellationToken cancellationToken = default)
    {
        var rows = await (from r in store.Set<StoredFieldResult>().AsNoTracking()
                          join s in store.Set<StoredFieldSample>() on r.SampleId equals s.Id
                          where s.Year == year && s.CountyCode == countyCode
                          orderby r.HouseholdId
                          select r).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToResult).ToList();
    }

    /// <summary>Keeps a newly drawn sample for its county and year, replacing an earlier one that has no results yet.</summary>
    /// <param name="sample">The sample.</param>
    /// <param name="actor">Who drew it.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>A task that completes when the act committed.</returns>
    /// <exception cref="AssessmentWorkflowException">The county's state no longer takes field work, or the earlier
    /// sample already has results; nothing changed.</exception>
    public async Task SaveFieldSampleAsync(FieldSample sample, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(actor);
        var (year, code) = (sample.Year, sample.CountyCode);
        await RunAtomicallyAsync(async ct =>
        {
            await RequireFieldWorkAsync(year, code, ct).ConfigureAwait(false);
            var existing = await store.Set<StoredFieldSample>().SingleOrDefaultAsync(s => s.Year == year && s.CountyCode == code, ct).ConfigureAwait(false);
            if (existing is not null)
            {
                if (await store.Set<StoredFieldResult>().AnyAsync(r => r.SampleId == existing.Id, ct).ConfigureAwait(false))
                {
                    throw new AssessmentWorkflowException(
                        $"县 {code} 的样本已有核查结果，不能重新抽样",
                        $"the sample of county {code} already has field results: it cannot be drawn again");
                }

                store.Remove(existing);
                await store.SaveChangesAsync(ct).ConfigureAwait(false);
            }

            store.Add(new StoredFieldSample
            {
                Year = year, CountyCode = code, Seed = sample.Seed, Households = sample.Households.Count,
                Json = AssessmentJson.Write(sample), DrawnBy = actor.Name, DrawnAtUtc = Now,
            });
            Stage(actor, AuditActions.AssessmentField, $"{year}/{code}",
                $"sample drawn (seed {sample.Seed}): {sample.Villages.Count} villages, {sample.Households.Count} households{(existing is null ? string.Empty : "; replaces the earlier sample")}",
                sample.Households.Count);
            await SaveAndCountAsync(year, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps the field results of a county's sample: a result replaces an earlier one for the same household,
    /// the others stay. All or nothing.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="results">Results already checked against the sample (<c>FieldListWorkbook.ReadResults</c>).</param>
    /// <param name="origin">The imported file's name.</param>
    /// <param name="actor">Who imports them.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>A task that completes when the act committed.</returns>
    /// <exception cref="AssessmentWorkflowException">No sample, or the county's state no longer takes field work;
    /// nothing changed.</exception>
    public async Task SaveFieldResultsAsync(int year, int countyCode, IReadOnlyCollection<FieldResult> results, string origin, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(actor);
        await RunAtomicallyAsync(async ct =>
        {
            await RequireFieldWorkAsync(year, countyCode, ct).ConfigureAwait(false);
            var sample = await store.Set<StoredFieldSample>().AsNoTracking().SingleOrDefaultAsync(s => s.Year == year && s.CountyCode == countyCode, ct).ConfigureAwait(false)
                ?? throw new AssessmentWorkflowException($"县 {countyCode} 还没有抽取核查样本", $"county {countyCode} has no field-check sample yet");
            var ids = results.Select(r => r.HouseholdId).ToList();
            var earlier = await store.Set<StoredFieldResult>().Where(r => r.SampleId == sample.Id && ids.Contains(r.HouseholdId)).ToListAsync(ct).ConfigureAwait(false);
            store.RemoveRange(earlier);
            // Removals first: the same household's new row would otherwise meet the old one in the unique index.
            await store.SaveChangesAsync(ct).ConfigureAwait(false);
            foreach (var r in results)
            {
                store.Add(new StoredFieldResult
                {
                    SampleId = sample.Id, HouseholdId = r.HouseholdId, ExitCorrect = r.ExitCorrect, Missed = r.Missed, Approves = r.Approves,
                    CheckedBy = r.CheckedBy, Note = r.Note, ImportedBy = actor.Name, ImportedAtUtc = Now,
                });
            }

            Stage(actor, AuditActions.AssessmentField, $"{year}/{countyCode}",
                $"{origin}: {results.Count} household results ({earlier.Count} replaced)", results.Count);
            await SaveAndCountAsync(year, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task RequireFieldWorkAsync(int year, int countyCode, CancellationToken cancellationToken)
    {
        var row = await CountyAsync(year, countyCode, cancellationToken).ConfigureAwait(false);
        if (!AcceptsEntries(row.State, EntrySource.FieldCheck))
        {
            var state = WorkflowLabels.Of(row.State);
            throw new AssessmentWorkflowException(
                $"县 {countyCode} 当前为“{state.Zh}”，不能再改动实地核查",
                $"county {countyCode} is {state.En}: its field check can no longer change");
        }
    }

    private static FieldResult ToResult(StoredFieldResult r) => new(r.HouseholdId, r.ExitCorrect, r.Missed, r.Approves, r.CheckedBy, r.Note);
}
