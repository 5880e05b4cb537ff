using Microsoft.EntityFrameworkCore;

namespace RevivalAnalytics.AppStore.Audit;

/// <summary>
/// Writes and reads the audit log. <see cref="AppendAsync"/> commits one entry on its own;
/// <see cref="Stage"/> adds an entry to the caller's unit of work, so a change and its record commit together or not
/// at all. There is no method to change or remove an entry, and the store's triggers refuse it too.
/// </summary>
/// <param name="store">The store (scoped).</param>
/// <param name="time">The clock.</param>
public sealed class AuditLog(AppStoreDbContext store, TimeProvider time)
{
    /// <summary>The entries, newest first, not tracked: filter, sort and page it and the store runs it as SQL.</summary>
    public IQueryable<AuditEntry> Entries => store.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id);

    /// <summary>Adds <paramref name="entry"/> to the store's pending changes; the caller's SaveChanges commits it with
    /// the change it records.</summary>
    /// <param name="entry">The entry; its time is set now if unset.</param>
    /// <exception cref="ArgumentException">The action or actor is empty.</exception>
    public void Stage(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Action, nameof(entry));
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Actor, nameof(entry));
        if (entry.AtUtc == default)
        {
            entry.AtUtc = time.GetUtcNow().UtcDateTime;
        }

        entry.Detail = Truncate(entry.Detail, 24_000);
        entry.Target = Truncate(entry.Target, 512);
        entry.Actor = Truncate(entry.Actor, 256)!;
        entry.Scope = Truncate(entry.Scope, 2_000);
        store.AuditEntries.Add(entry);
    }

    /// <summary>Writes <paramref name="entry"/> now, in a transaction of its own.</summary>
    /// <param name="entry">The entry; its time is set now if unset.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry with its id.</returns>
    /// <exception cref="ArgumentException">The action or actor is empty.</exception>
    /// <exception cref="DbUpdateException">The store refused or failed the write.</exception>
    public async Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        Stage(entry);
        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        store.Entry(entry).State = EntityState.Detached;
        return entry;
    }

    /// <summary>The retention in days (the store's setting, read by its triggers).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Days.</returns>
    public async Task<int> GetRetentionDaysAsync(CancellationToken cancellationToken = default) =>
        (await store.AuditSettings.AsNoTracking().SingleAsync(s => s.Id == 1, cancellationToken).ConfigureAwait(false)).RetentionDays;

    /// <summary>Sets the retention (recorded in the log itself) when it differs from the stored one.</summary>
    /// <param name="days">Days, at least <see cref="AuditSettings.MinimumRetentionDays"/>.</param>
    /// <param name="actor">Who sets it (<c>config</c> at start-up).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it changed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Fewer days than the minimum.</exception>
    public async Task<bool> SetRetentionDaysAsync(int days, string actor, CancellationToken cancellationToken = default)
    {
        if (days < AuditSettings.MinimumRetentionDays)
        {
            throw new ArgumentOutOfRangeException(
                nameof(days), days, $"审计日志至少保留 {AuditSettings.MinimumRetentionDays} 天 / the audit log is kept at least {AuditSettings.MinimumRetentionDays} days");
        }

        var settings = await store.AuditSettings.SingleAsync(s => s.Id == 1, cancellationToken).ConfigureAwait(false);
        if (settings.RetentionDays == days)
        {
            return false;
        }

        Stage(new AuditEntry
        {
            Action = AuditActions.AuditSettings,
            Actor = actor,
            Target = "retention_days",
            Detail = $"{settings.RetentionDays} → {days}",
        });
        settings.RetentionDays = days;
        await store.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Deletes the entries older than the retention (the only deletion the store's triggers allow).</summary>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>Entries deleted.</returns>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        var days = await GetRetentionDaysAsync(cancellationToken).ConfigureAwait(false);
        // A day of margin: the trigger compares with the database's clock, which may run a little behind ours.
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-days - 1);
        return await store.AuditEntries.Where(e => e.AtUtc < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
