namespace RevivalAnalytics.AppStore.Queries;

/// <summary>One statement an analyst ran in the SQL workbench: their own history, searchable and re-runnable (the audit
/// log records the same act for oversight; this is the analyst's tool).</summary>
public sealed class SqlHistoryEntry
{
    /// <summary>Increasing id.</summary>
    public long Id { get; set; }

    /// <summary>Whose history.</summary>
    public string UserName { get; set; } = string.Empty;

    /// <summary>When it ran (UTC).</summary>
    public DateTime AtUtc { get; set; }

    /// <summary>The statement as run.</summary>
    public string Sql { get; set; } = string.Empty;

    /// <summary>The parameter values it ran with, as JSON (<c>{"county":"140105"}</c>), or null.</summary>
    public string? Parameters { get; set; }

    /// <summary>The data version it ran against.</summary>
    public string? DataVersion { get; set; }

    /// <summary>How long it took, in milliseconds.</summary>
    public long DurationMs { get; set; }

    /// <summary>Rows in its result, when it succeeded.</summary>
    public long? RowCount { get; set; }

    /// <summary>Whether it succeeded.</summary>
    public bool Succeeded { get; set; }

    /// <summary>The error, when it failed.</summary>
    public string? Error { get; set; }
}

/// <summary>A query an analyst saved with a name: private, or shared with the analysts of the same data scope.</summary>
public sealed class SavedQuery
{
    /// <summary>Id, part of its URL (<c>/sql?saved=12</c>).</summary>
    public long Id { get; set; }

    /// <summary>Who saved it (only they change or delete it).</summary>
    public string Owner { get; set; } = string.Empty;

    /// <summary>The owner's data scope when saved: a shared query is offered to the analysts of that scope.</summary>
    public string Scope { get; set; } = string.Empty;

    /// <summary>Its name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>What it answers.</summary>
    public string? Description { get; set; }

    /// <summary>Tags, comma-separated.</summary>
    public string? Tags { get; set; }

    /// <summary>The SQL; its <c>$name</c> parameters become form fields.</summary>
    public string Sql { get; set; } = string.Empty;

    /// <summary>Default parameter values as JSON, or null.</summary>
    public string? Parameters { get; set; }

    /// <summary>Whether the team (same scope) sees it.</summary>
    public bool Shared { get; set; }

    /// <summary>When it was created (UTC).</summary>
    public DateTime CreatedUtc { get; set; }

    /// <summary>When it was last changed (UTC).</summary>
    public DateTime UpdatedUtc { get; set; }
}
