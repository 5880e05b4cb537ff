using Microsoft.EntityFrameworkCore;

namespace RevivalAnalytics.AppStore.Queries;

/// <summary>The workbench's history and saved queries in the app store. History keeps each user's last
/// <see cref="HistoryLength"/> statements; a saved query is visible to its owner, and when shared to the analysts of the
/// same data scope; only its owner changes or deletes it.</summary>
public sealed class SqlQueryStore(AppStoreDbContext store, TimeProvider time)
{
    /// <summary>Statements kept per user.</summary>
    public const int HistoryLength = 200;

    /// <summary>Appends a run to <paramref name="entry"/>'s user's history and drops what falls beyond the last
    /// <see cref="HistoryLength"/>.</summary>
    /// <param name="entry">The run; its time is set here.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    public async Task<SqlHistoryEntry> AddHistoryAsync(SqlHistoryEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.AtUtc = time.GetUtcNow().UtcDateTime;
        store.Set<SqlHistoryEntry>().Add(entry);
        await store.SaveChangesAsync(cancellationToken);
        var cutoff = await store.Set<SqlHistoryEntry>().Where(e => e.UserName == entry.UserName)
            .OrderByDescending(e => e.Id).Skip(HistoryLength).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken);
        if (cutoff is { } id)
        {
            await store.Set<SqlHistoryEntry>().Where(e => e.UserName == entry.UserName && e.Id <= id).ExecuteDeleteAsync(cancellationToken);
        }

        return entry;
    }

    /// <summary>A user's history, latest first, optionally only statements containing <paramref name="search"/>.</summary>
    /// <param name="userName">Whose.</param>
    /// <param name="search">Text the statement contains (case as typed), or null.</param>
    /// <param name="take">At most this many.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    public async Task<IReadOnlyList<SqlHistoryEntry>> HistoryAsync(string userName, string? search, int take = 50, CancellationToken cancellationToken = default)
    {
        var query = store.Set<SqlHistoryEntry>().AsNoTracking().Where(e => e.UserName == userName);
        if (!string.IsNullOrWhiteSpace(search))
        {
            query = query.Where(e => e.Sql.Contains(search));
        }

        return await query.OrderByDescending(e => e.Id).Take(Math.Clamp(take, 1, HistoryLength)).ToListAsync(cancellationToken);
    }

    /// <summary>One history entry of <paramref name="userName"/>, or null (another user's entry is not found).</summary>
    /// <param name="userName">Whose.</param>
    /// <param name="id">Its id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry or null.</returns>
    public Task<SqlHistoryEntry?> HistoryEntryAsync(string userName, long id, CancellationToken cancellationToken = default) =>
        store.Set<SqlHistoryEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.UserName == userName, cancellationToken);

    /// <summary>Saves a new query, or changes one of <paramref name="query"/>'s owner's (when its id is set).</summary>
    /// <param name="query">The query; owner and scope are the caller's.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored query with its id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The name or SQL is empty.</exception>
    /// <exception cref="InvalidOperationException">The id names a query that does not exist or belongs to someone else.</exception>
    public async Task<SavedQuery> SaveAsync(SavedQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.Name))
        {
            throw new ArgumentException("查询名称不能为空 / the query needs a name", nameof(query));
        }

        if (string.IsNullOrWhiteSpace(query.Sql))
        {
            throw new ArgumentException("查询语句不能为空 / the query has no SQL", nameof(query));
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (query.Id == 0)
        {
            query.CreatedUtc = now;
            query.UpdatedUtc = now;
            store.Set<SavedQuery>().Add(query);
        }
        else
        {
            var existing = await store.Set<SavedQuery>().FirstOrDefaultAsync(q => q.Id == query.Id && q.Owner == query.Owner, cancellationToken)
                ?? throw new InvalidOperationException($"没有你保存的查询 {query.Id} / there is no query {query.Id} of yours");
            existing.Name = query.Name;
            existing.Description = query.Description;
            existing.Tags = query.Tags;
            existing.Sql = query.Sql;
            existing.Parameters = query.Parameters;
            existing.Shared = query.Shared;
            existing.UpdatedUtc = now;
            query = existing;
        }

        await store.SaveChangesAsync(cancellationToken);
        return query;
    }

    /// <summary>The queries <paramref name="userName"/> may open: their own and those shared in their scope, by name.</summary>
    /// <param name="userName">Who asks.</param>
    /// <param name="scope">Their data scope (<c>DataScope.ToString()</c>).</param>
    /// <param name="search">Text in the name, description or tags, or null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The queries.</returns>
    public async Task<IReadOnlyList<SavedQuery>> VisibleAsync(string userName, string scope, string? search = null, CancellationToken cancellationToken = default)
    {
        var query = Visible(userName, scope);
        if (!string.IsNullOrWhiteSpace(search))
        {
            query = query.Where(q => q.Name.Contains(search) || (q.Description != null && q.Description.Contains(search)) || (q.Tags != null && q.Tags.Contains(search)));
        }

        return await query.OrderBy(q => q.Name).ThenBy(q => q.Id).ToListAsync(cancellationToken);
    }

    /// <summary>One query <paramref name="userName"/> may open, or null.</summary>
    /// <param name="userName">Who asks.</param>
    /// <param name="scope">Their data scope.</param>
    /// <param name="id">The query's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The query or null.</returns>
    public Task<SavedQuery?> FindAsync(string userName, string scope, long id, CancellationToken cancellationToken = default) =>
        Visible(userName, scope).FirstOrDefaultAsync(q => q.Id == id, cancellationToken);

    /// <summary>Deletes one of <paramref name="userName"/>'s queries.</summary>
    /// <param name="userName">The owner.</param>
    /// <param name="id">The query's id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether a query was deleted.</returns>
    public async Task<bool> DeleteAsync(string userName, long id, CancellationToken cancellationToken = default) =>
        await store.Set<SavedQuery>().Where(q => q.Id == id && q.Owner == userName).ExecuteDeleteAsync(cancellationToken) > 0;

    private IQueryable<SavedQuery> Visible(string userName, string scope) =>
        store.Set<SavedQuery>().AsNoTracking().Where(q => q.Owner == userName || (q.Shared && q.Scope == scope));
}
