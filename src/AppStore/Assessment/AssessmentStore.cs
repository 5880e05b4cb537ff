using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>
/// The post-assessment in the app store: scheme versions, assessment years, entries, field-check samples and results,
/// the counties' workflow states, published result revisions and problems with their rectification notes. It enforces
/// the workflow's rules that hold whoever acts (which state allows what, published results immutable, a reviewer not
/// reviewing their own submission); who may act at all is the host's authorization (docs/security.md). Every act and
/// its audit entry commit in one transaction, so a process killed in the middle leaves the act whole or absent.
/// </summary>
/// <param name="store">The store (scoped).</param>
/// <param name="audit">The audit log on the same context.</param>
/// <param name="time">The clock.</param>
public sealed partial class AssessmentStore(AppStoreDbContext store, AuditLog audit, TimeProvider time)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Whether acts now join a transaction that is still open (what is read may yet be rolled back).</summary>
    internal bool InTransaction => store.Database.CurrentTransaction is not null;

    /// <summary>Runs several acts as one: they all commit, or none does (the demo year is written county by county
    /// this way).</summary>
    /// <param name="acts">The acts, calling this store's methods.</param>
    /// <param name="cancellationToken">Cancels the acts.</param>
    /// <returns>A task that completes when the acts committed.</returns>
    public async Task RunAtomicallyAsync(Func<CancellationToken, Task> acts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acts);
        if (store.Database.CurrentTransaction is not null)
        {
            await acts(cancellationToken).ConfigureAwait(false);
            return;
        }

        var strategy = store.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await store.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await acts(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                store.ChangeTracker.Clear();
                throw;
            }
        }).ConfigureAwait(false);
    }

    /// <summary>The stored scheme versions, newest first (without their JSON).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The versions.</returns>
    public async Task<IReadOnlyList<StoredScheme>> ListSchemesAsync(CancellationToken cancellationToken = default) =>
        await store.Set<StoredScheme>().AsNoTracking()
            .OrderByDescending(s => s.Id)
            .Select(s => new StoredScheme
            {
                Id = s.Id, SchemeId = s.SchemeId, Version = s.Version, Year = s.Year, NameZh = s.NameZh, NameEn = s.NameEn,
                Fingerprint = s.Fingerprint, Note = s.Note, CreatedBy = s.CreatedBy, CreatedAtUtc = s.CreatedAtUtc,
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A stored scheme version with its JSON, or null.</summary>
    /// <param name="id">The row id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The row.</returns>
    public Task<StoredScheme?> FindSchemeAsync(long id, CancellationToken cancellationToken = default) =>
        store.Set<StoredScheme>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);

    /// <summary>The scheme of a stored version.</summary>
    /// <param name="id">The row id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The scheme.</returns>
    /// <exception cref="AssessmentWorkflowException">No such version.</exception>
    public async Task<AssessmentScheme> LoadSchemeAsync(long id, CancellationToken cancellationToken = default)
    {
        var row = await FindSchemeAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new AssessmentWorkflowException($"没有编号为 {id} 的方案版本", $"no scheme version with id {id}");
        return AssessmentJson.ReadScheme(row.Json, $"{row.SchemeId} v{row.Version}");
    }

    /// <summary>Saves <paramref name="scheme"/> as a new version of its family: its version becomes one above the
    /// family's highest. A scheme equal to a stored version (same fingerprint, id and year) is not stored twice.</summary>
    /// <param name="scheme">The scheme; validated against the KPI catalog first.</param>
    /// <param name="note">What changed.</param>
    /// <param name="actor">Who saves it.</param>
    /// <param name="catalog">KPIs the scheme may name; null for <see cref="KpiCatalog.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>The stored version.</returns>
    /// <exception cref="SchemeValidationException">The scheme is invalid; nothing was stored.</exception>
    public async Task<StoredScheme> SaveSchemeAsync(AssessmentScheme scheme, string? note, AuditActor actor, KpiCatalog? catalog = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(actor);
        var problems = SchemeValidator.Validate(scheme, catalog ?? KpiCatalog.Default);
        if (problems.Count > 0)
        {
            throw new SchemeValidationException(problems);
        }

        var family = await store.Set<StoredScheme>().AsNoTracking().Where(s => s.SchemeId == scheme.Id)
            .Select(s => new { s.Id, s.Version, s.Year, s.Fingerprint }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var next = family.Count == 0 ? Math.Max(1, scheme.Version) : family.Max(s => s.Version) + 1;
        var versioned = scheme with { Version = next };
        var fingerprint = SchemeFile.Fingerprint(versioned);
        foreach (var same in family.Where(s => s.Year == scheme.Year))
        {
            var stored = await LoadSchemeAsync(same.Id, cancellationToken).ConfigureAwait(false);
            if (SchemeFile.Fingerprint(stored with { Version = next }) == fingerprint)
            {
                return (await FindSchemeAsync(same.Id, cancellationToken).ConfigureAwait(false))!;
            }
        }

        var row = new StoredScheme
        {
            SchemeId = versioned.Id,
            Version = next,
            Year = versioned.Year,
            NameZh = versioned.NameZh,
            NameEn = versioned.NameEn,
            Fingerprint = fingerprint,
            Json = AssessmentJson.WriteScheme(versioned),
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            CreatedBy = actor.Name,
            CreatedAtUtc = Now,
        };
        await RunAtomicallyAsync(async ct =>
        {
            store.Add(row);
            Stage(actor, AuditActions.AssessmentScheme, $"scheme:{row.SchemeId} v{row.Version}", $"saved {row.Year} {row.NameZh} ({fingerprint}){(row.Note is null ? string.Empty : "; " + row.Note)}");
            await store.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        store.Entry(row).State = EntityState.Detached;
        return row;
    }

    /// <summary>The assessment years, latest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The years.</returns>
    public async Task<IReadOnlyList<AssessmentYearRecord>> ListYearsAsync(CancellationToken cancellationToken = default) =>
        await store.Set<AssessmentYearRecord>().AsNoTracking().OrderByDescending(y => y.Year).ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>An assessment year, or null when it has not been started.</summary>
    /// <param name="year">The year.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The year.</returns>
    public Task<AssessmentYearRecord?> FindYearAsync(int year, CancellationToken cancellationToken = default) =>
        store.Set<AssessmentYearRecord>().AsNoTracking().SingleOrDefaultAsync(y => y.Year == year, cancellationToken);

    /// <summary>Starts an assessment year with a scheme version (every county in draft), or, for a year already
    /// started, switches it to another version of a scheme for the same year while no county has been reviewed or
    /// published.</summary>
    /// <param name="year">The year.</param>
    /// <param name="schemeRecordId">The scheme version; its year must be <paramref name="year"/>.</param>
    /// <param name="counties">The county codes of the year (a new year only).</param>
    /// <param name="samplingSeed">The year's field-check seed (a new year only).</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>A task that completes when the act committed.</returns>
    /// <exception cref="AssessmentWorkflowException">No such scheme version, its year differs, or the year has
    /// reviewed or published counties.</exception>
    public async Task SetYearSchemeAsync(int year, long schemeRecordId, IReadOnlyCollection<int> counties, long samplingSeed, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counties);
        ArgumentNullException.ThrowIfNull(actor);
        var scheme = await FindSchemeAsync(schemeRecordId, cancellationToken).ConfigureAwait(false)
            ?? throw new AssessmentWorkflowException($"没有编号为 {schemeRecordId} 的方案版本", $"no scheme version with id {schemeRecordId}");
        if (scheme.Year != year)
        {
            throw new AssessmentWorkflowException(
                $"方案 {scheme.SchemeId} v{scheme.Version} 是 {scheme.Year} 年度的方案，不能用于 {year} 年度（请复制为 {year} 年度的新版本）",
                $"scheme {scheme.SchemeId} v{scheme.Version} is for {scheme.Year}, not {year} (save a copy for {year} first)");
        }

        await RunAtomicallyAsync(async ct =>
        {
            var record = await store.Set<AssessmentYearRecord>().SingleOrDefaultAsync(y => y.Year == year, ct).ConfigureAwait(false);
            if (record is null)
            {
                store.Add(new AssessmentYearRecord { Year = year, SchemeRecordId = schemeRecordId, SamplingSeed = samplingSeed, CreatedBy = actor.Name, CreatedAtUtc = Now });
                foreach (var code in counties.Distinct())
                {
                    store.Add(new CountyWorkflow { Year = year, CountyCode = code, State = WorkflowState.Draft, UpdatedBy = actor.Name, UpdatedAtUtc = Now });
                }

                Stage(actor, AuditActions.AssessmentScheme, $"year:{year}", $"started with {scheme.SchemeId} v{scheme.Version} ({scheme.Fingerprint}); {counties.Count} counties");
                await store.SaveChangesAsync(ct).ConfigureAwait(false);
                return;
            }

            if (record.SchemeRecordId == schemeRecordId)
            {
                return;
            }

            var locked = await store.Set<CountyWorkflow>().AnyAsync(
                c => c.Year == year && (c.State == WorkflowState.Reviewed || c.State == WorkflowState.Published || c.PublishedRevision > 0), ct).ConfigureAwait(false);
            if (locked)
            {
                throw new AssessmentWorkflowException(
                    $"{year} 年度已有县通过审核或已发布，不能再更换评估方案",
                    $"{year} already has reviewed or published counties: its scheme can no longer change");
            }

            var before = record.SchemeRecordId;
            record.SchemeRecordId = schemeRecordId;
            Stage(actor, AuditActions.AssessmentScheme, $"year:{year}", $"scheme {before} → {scheme.SchemeId} v{scheme.Version} (id {schemeRecordId})");
            await SaveAndCountAsync(year, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    // Every change to a year raises its change counter in the same transaction, so a cache keyed on it never serves
    // scores older than what is committed.
    private async Task SaveAndCountAsync(int year, CancellationToken cancellationToken)
    {
        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await store.Set<AssessmentYearRecord>().Where(y => y.Year == year)
            .ExecuteUpdateAsync(s => s.SetProperty(y => y.ChangeCount, y => y.ChangeCount + 1), cancellationToken).ConfigureAwait(false);
    }

    private void Stage(AuditActor actor, string action, string target, string detail, long? rows = null) => audit.Stage(new AuditEntry
    {
        Action = action,
        Actor = actor.Name,
        Target = target,
        Detail = detail,
        RowCount = rows,
        Scope = actor.Scope,
        ClientAddress = actor.ClientAddress,
    });

    private async Task<AssessmentYearRecord> YearAsync(int year, CancellationToken cancellationToken) =>
        await store.Set<AssessmentYearRecord>().AsNoTracking().SingleOrDefaultAsync(y => y.Year == year, cancellationToken).ConfigureAwait(false)
        ?? throw new AssessmentWorkflowException($"{year} 年度的后评估尚未开始（管理员须先指定评估方案）", $"the {year} assessment has not been started (an administrator assigns its scheme first)");

    private async Task<CountyWorkflow> CountyAsync(int year, int countyCode, CancellationToken cancellationToken) =>
        await store.Set<CountyWorkflow>().SingleOrDefaultAsync(c => c.Year == year && c.CountyCode == countyCode, cancellationToken).ConfigureAwait(false)
        ?? throw new AssessmentWorkflowException($"{year} 年度没有县 {countyCode}", $"{year} has no county {countyCode}");
}
