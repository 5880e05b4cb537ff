using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>A change to one entry: a value to set, or null to remove the entry.</summary>
/// <param name="CountyCode">County.</param>
/// <param name="IndicatorId">Indicator, bonus or veto item.</param>
/// <param name="Source">Source.</param>
/// <param name="Value">The new value; null removes the entry.</param>
/// <param name="Note">Evidence or remark.</param>
public sealed record EntryEdit(int CountyCode, string IndicatorId, EntrySource Source, double? Value, string? Note = null);

public sealed partial class AssessmentStore
{
    /// <summary>Whether a county in <paramref name="state"/> takes entries from <paramref name="source"/>: the
    /// self-assessment only in draft; the other sources (cross, third party, field check, covert visit) in draft or
    /// once the self-assessment is submitted; nothing after the scores were submitted for review.</summary>
    /// <param name="state">The county's state.</param>
    /// <param name="source">The source.</param>
    /// <returns>True when entries may change.</returns>
    public static bool AcceptsEntries(WorkflowState state, EntrySource source) =>
        state == WorkflowState.Draft || (state == WorkflowState.SelfSubmitted && source != EntrySource.Self);

    /// <summary>The entries of a year, of one county or of all.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">One county, or null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    public async Task<IReadOnlyList<AssessmentEntry>> GetEntriesAsync(int year, int? countyCode = null, CancellationToken cancellationToken = default)
    {
        var query = store.Set<StoredEntry>().AsNoTracking().Where(e => e.Year == year);
        if (countyCode is { } code)
        {
            query = query.Where(e => e.CountyCode == code);
        }

        var rows = await query.OrderBy(e => e.CountyCode).ThenBy(e => e.IndicatorId).ThenBy(e => e.Source).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToEntry).ToList();
    }

    /// <summary>Applies <paramref name="edits"/> (values already checked against the scheme by the caller): each sets
    /// or removes the entry for its county, item and source, attributed to <paramref name="actor"/>. All or nothing:
    /// one edit a county's state does not allow refuses the whole set. One audit entry per county with the changes.</summary>
    /// <param name="year">The year.</param>
    /// <param name="edits">The changes.</param>
    /// <param name="origin">Where they come from: <c>form</c>, or the imported file's name.</param>
    /// <param name="actor">Who enters them.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The entries changed (set to another value, added or removed).</returns>
    /// <exception cref="AssessmentWorkflowException">The year has not started, a county is unknown, or a county's state
    /// does not take entries from an edit's source; nothing was changed.</exception>
    public async Task<int> SaveEntriesAsync(int year, IReadOnlyCollection<EntryEdit> edits, string origin, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edits);
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        ArgumentNullException.ThrowIfNull(actor);
        await YearAsync(year, cancellationToken).ConfigureAwait(false);
        var changed = 0;
        await RunAtomicallyAsync(async ct =>
        {
            var codes = edits.Select(e => e.CountyCode).Distinct().ToList();
            var states = await store.Set<CountyWorkflow>().AsNoTracking().Where(c => c.Year == year && codes.Contains(c.CountyCode))
                .ToDictionaryAsync(c => c.CountyCode, c => c.State, ct).ConfigureAwait(false);
            var refused = edits.Where(e => !states.TryGetValue(e.CountyCode, out var state) || !AcceptsEntries(state, e.Source)).ToList();
            if (refused.Count > 0)
            {
                var first = refused[0];
                var label = AssessmentLabels.Of(first.Source);
                (string Zh, string En) stateLabel = states.TryGetValue(first.CountyCode, out var s) ? WorkflowLabels.Of(s) : ("未知", "unknown");
                throw new AssessmentWorkflowException(
                    $"县 {first.CountyCode}（当前“{stateLabel.Zh}”）不能再录入{label.Zh}（指标 {first.IndicatorId}）；共 {refused.Count} 项被拒绝，未保存任何录入",
                    $"county {first.CountyCode} ({stateLabel.En}) no longer takes {label.En} entries (indicator {first.IndicatorId}); {refused.Count} refused, nothing was saved");
            }

            var existing = await store.Set<StoredEntry>().Where(e => e.Year == year && codes.Contains(e.CountyCode)).ToListAsync(ct).ConfigureAwait(false);
            var byKey = existing.ToDictionary(e => (e.CountyCode, e.IndicatorId, e.Source));
            var details = new Dictionary<int, StringBuilder>();
            foreach (var edit in edits)
            {
                var key = (edit.CountyCode, edit.IndicatorId, edit.Source);
                var note = string.IsNullOrWhiteSpace(edit.Note) ? null : edit.Note.Trim();
                string? change = null;
                if (byKey.TryGetValue(key, out var row))
                {
                    if (edit.Value is null)
                    {
                        store.Remove(row);
                        byKey.Remove(key);
                        change = $"{Format(row.Value)} → —";
                    }
                    else if (row.Value != edit.Value.Value || row.Note != note)
                    {
                        change = $"{Format(row.Value)} → {Format(edit.Value.Value)}";
                        row.Value = edit.Value.Value;
                        row.Note = note;
                        row.EnteredBy = actor.Name;
                        row.Origin = origin;
                        row.EnteredAtUtc = Now;
                    }
                }
                else if (edit.Value is { } value)
                {
                    row = new StoredEntry
                    {
                        Id = Guid.NewGuid(), Year = year, CountyCode = edit.CountyCode, IndicatorId = edit.IndicatorId, Source = edit.Source,
                        Value = value, Note = note, EnteredBy = actor.Name, Origin = origin, EnteredAtUtc = Now,
                    };
                    store.Add(row);
                    byKey[key] = row;
                    change = $"— → {Format(value)}";
                }

                if (change is not null)
                {
                    changed++;
                    var text = details.TryGetValue(edit.CountyCode, out var b) ? b : details[edit.CountyCode] = new StringBuilder();
                    text.Append(CultureInfo.InvariantCulture, $"{edit.IndicatorId}/{AssessmentLabels.Id(edit.Source)}: {change}; ");
                }
            }

            foreach (var (code, text) in details)
            {
                Stage(actor, AuditActions.AssessmentEntry, $"{year}/{code}", $"{origin}: {text.ToString().TrimEnd(' ', ';')}", text.ToString().Count(c => c == ';'));
            }

            if (changed > 0)
            {
                await SaveAndCountAsync(year, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    private static AssessmentEntry ToEntry(StoredEntry e) => new()
    {
        Id = e.Id,
        Year = e.Year,
        CountyCode = e.CountyCode,
        IndicatorId = e.IndicatorId,
        Source = e.Source,
        Value = e.Value,
        EnteredBy = e.EnteredBy,
        EnteredAt = new DateTimeOffset(DateTime.SpecifyKind(e.EnteredAtUtc, DateTimeKind.Utc)),
        Note = e.Note,
    };

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
