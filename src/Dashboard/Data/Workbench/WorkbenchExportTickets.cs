using System.Collections.Concurrent;
using System.Security.Cryptography;
using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Dashboard.Data.Workbench;

/// <summary>A statement the workbench may export, kept on the server for a short while and bound to its user.</summary>
/// <param name="UserName">Who may download it.</param>
/// <param name="Scope">The data scope it was issued in; a user whose scope changed meanwhile cannot use it.</param>
/// <param name="Sql">The statement.</param>
/// <param name="Parameters">Its <c>$name</c> values.</param>
/// <param name="QueryName">The saved query's name, for the file name.</param>
/// <param name="Expires">When it stops working.</param>
internal sealed record WorkbenchExportTicket(string UserName, DataScope Scope, string Sql, IReadOnlyDictionary<string, string> Parameters, string? QueryName,
    DateTimeOffset Expires);

/// <summary>
/// Short-lived export tickets. Why: a statement of up to <see cref="SqlQueryService.MaxQueryLength"/> characters does not
/// fit in a download link (Kestrel refuses request lines over 8 KB), so the page leaves the statement here and the link
/// carries only a random id. A ticket works for its user and scope only, for <see cref="Lifetime"/>, as often as asked
/// (CSV, then Parquet …); each user keeps at most <see cref="PerUser"/> (the oldest go first). Held in this instance's
/// memory: with several instances, the sticky sessions Blazor's circuits need already send the download to the issuer.
/// </summary>
internal sealed class WorkbenchExportTickets(TimeProvider time)
{
    /// <summary>How long a ticket works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>Tickets kept per user.</summary>
    public const int PerUser = 20;

    private readonly ConcurrentDictionary<string, WorkbenchExportTicket> _tickets = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="sql"/> for <paramref name="user"/> and returns the ticket's id (22 URL-safe characters).</summary>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public string Issue(WorkbenchUser user, string sql, IReadOnlyDictionary<string, string> parameters, string? queryName)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(parameters);
        var now = time.GetUtcNow();
        foreach (var (id, old) in _tickets)
        {
            if (old.Expires <= now)
            {
                _tickets.TryRemove(id, out _);
            }
        }

        foreach (var (id, _) in _tickets.Where(t => t.Value.UserName == user.Name).OrderByDescending(t => t.Value.Expires).Skip(PerUser - 1).ToList())
        {
            _tickets.TryRemove(id, out _);
        }

        var ticket = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _tickets[ticket] = new WorkbenchExportTicket(user.Name, user.Scope, sql, new Dictionary<string, string>(parameters, StringComparer.Ordinal), queryName,
            now + Lifetime);
        return ticket;
    }

    /// <summary>The ticket <paramref name="id"/> if it exists, has not expired and belongs to <paramref name="user"/> in
    /// the same scope; otherwise null (the caller cannot tell which, so an id reveals nothing about others' tickets).</summary>
    public WorkbenchExportTicket? Find(string? id, WorkbenchUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(id) || !_tickets.TryGetValue(id, out var ticket))
        {
            return null;
        }

        if (ticket.Expires <= time.GetUtcNow())
        {
            _tickets.TryRemove(id, out _);
            return null;
        }

        return ticket.UserName == user.Name && ticket.Scope.ToString() == user.Scope.ToString() ? ticket : null;
    }
}
