namespace RevivalAnalytics.AppStore.Audit;

/// <summary>One line of the audit log. Rows are only ever added: the store refuses UPDATE, and DELETE of rows younger
/// than the retention period (database triggers on both providers).</summary>
public sealed class AuditEntry
{
    /// <summary>Increasing id (the order of writing).</summary>
    public long Id { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTime AtUtc { get; set; }

    /// <summary>What happened: one of <see cref="AuditActions"/>.</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>Who: the user name, a name tried at sign-in, or <c>cli:&lt;account&gt;</c> for the command line.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>Whether the act succeeded (a failed sign-in, a refused query or export is recorded too).</summary>
    public bool Succeeded { get; set; } = true;

    /// <summary>What was acted on: a user name, a county code, a page, a data version.</summary>
    public string? Target { get; set; }

    /// <summary>Particulars: the SQL text, the filter of an export, the changes made to a user.</summary>
    public string? Detail { get; set; }

    /// <summary>Rows returned or written, where that applies.</summary>
    public long? RowCount { get; set; }

    /// <summary>The actor's data scope at the time (<c>province</c>, <c>prefecture:140100</c>, …).</summary>
    public string? Scope { get; set; }

    /// <summary>The client's address as the app saw it (after forwarded headers).</summary>
    public string? ClientAddress { get; set; }
}
