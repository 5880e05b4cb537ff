namespace RevivalAnalytics.DuckDb;

/// <summary>Limits for one statement run through <see cref="DuckDbConnectionExtensions"/>.</summary>
public sealed class DuckDbRunOptions
{
    /// <summary>Stop the statement after this long; null for no limit. DuckDB.NET ignores <c>CommandTimeout</c>, so this is the time limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Stops the statement (through DuckDB's interrupt) when cancelled.</summary>
    public CancellationToken CancellationToken { get; init; }
}
