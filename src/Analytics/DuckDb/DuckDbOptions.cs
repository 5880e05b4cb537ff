namespace RevivalAnalytics.DuckDb;

/// <summary>How to open a database. Settings map to DuckDB's own configuration options.</summary>
public sealed class DuckDbOptions
{
    /// <summary>Open the file read-only (DuckDB's access_mode=READ_ONLY). Not possible for in-memory databases.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Worker threads DuckDB may use; null lets DuckDB use every core.</summary>
    public int? Threads { get; init; }

    /// <summary>DuckDB's memory_limit, e.g. "2GB"; null keeps DuckDB's default (80% of RAM).</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Further DuckDB configuration options by name (see duckdb_settings()).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    internal IEnumerable<KeyValuePair<string, string>> AllSettings()
    {
        if (ReadOnly)
        {
            yield return new("access_mode", "READ_ONLY");
        }

        if (Threads is { } threads)
        {
            yield return new("threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (MemoryLimit is { } memory)
        {
            yield return new("memory_limit", memory);
        }

        // Nothing can be downloaded here, and an embedded engine should never fetch code at run time.
        yield return new("autoinstall_known_extensions", "false");

        foreach (var setting in Settings)
        {
            yield return setting;
        }
    }
}
