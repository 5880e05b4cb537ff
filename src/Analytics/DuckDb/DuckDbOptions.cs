using System.Globalization;
using DuckDB.NET.Data;

namespace RevivalAnalytics.DuckDb;

/// <summary>How to open a database. Settings map to DuckDB's own configuration options (see duckdb_settings()).</summary>
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

    /// <summary>The DuckDB.NET connection string for <paramref name="dataSource"/> with these settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is not one of DuckDB's options (DuckDB.NET's message names it).</exception>
    internal string ConnectionString(string dataSource)
    {
        var builder = new DuckDBConnectionStringBuilder { DataSource = dataSource };
        if (ReadOnly)
        {
            builder["access_mode"] = "READ_ONLY";
        }

        if (Threads is { } threads)
        {
            builder["threads"] = threads.ToString(CultureInfo.InvariantCulture);
        }

        if (MemoryLimit is { } memory)
        {
            builder["memory_limit"] = memory;
        }

        // Nothing can be downloaded here, and an embedded engine should never fetch code at run time.
        builder["autoinstall_known_extensions"] = "false";
        foreach (var (name, value) in Settings)
        {
            builder[name] = value;
        }

        return builder.ConnectionString;
    }
}
