using System.Text.RegularExpressions;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Queries;

/// <summary>
/// A sandboxed place for ad-hoc SQL over a folder of Parquet files: every table folder (or top-level Parquet file)
/// becomes a view named after it; queries are read-only and limited in memory, threads and time.
/// </summary>
public static partial class SqlWorkspace
{
    /// <summary>Opens a sandbox over <paramref name="dataDirectory"/> with a view per table found in it.</summary>
    /// <param name="dataDirectory">The folder analysts may read.</param>
    /// <param name="limits">Memory, thread and time limits; null for the defaults.</param>
    /// <returns>The sandboxed database; every connection from it enforces the limits.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static DuckDbDatabase Open(string dataDirectory, SqlLimits? limits = null)
    {
        limits ??= new SqlLimits();
        var root = Path.GetFullPath(dataDirectory);
        var options = new DuckDbSandboxOptions
        {
            DataDirectory = root,
            MemoryLimit = limits.MemoryLimit,
            Threads = limits.Threads,
            QueryTimeout = limits.Timeout,
        };
        return DuckDbSandbox.Open(options, setup =>
        {
            if (DataStore.IsDataStore(root))
            {
                DataStore.Open(root).CreateViews(setup);
                return;
            }

            foreach (var (name, pattern) in FindTables(root))
            {
                // DDL cannot take parameters; the path comes from a directory listing and is quoted as a literal.
                setup.Execute($"CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet({SqlLiteral(pattern)}, hive_partitioning = true, union_by_name = true)");
            }
        });
    }

    /// <summary>The personal-data columns (data contract section 4) a workspace without personal data leaves out.</summary>
    public static IReadOnlyList<string> PersonalDataColumns { get; } = ["head_name", "head_id_number", "head_phone"];

    /// <summary>
    /// Like <see cref="Open"/>, for people who may not see personal data (the dashboard): the <c>households</c> table
    /// is copied into memory without <see cref="PersonalDataColumns"/>, and queries may read the other tables' files
    /// only, so the raw households file cannot be reached with <c>read_parquet</c> either. A data store's quarantine
    /// views are not offered (quarantined rows keep their personal data).
    /// </summary>
    /// <param name="dataDirectory">An export folder or a data store.</param>
    /// <param name="limits">Memory, thread and time limits; null for the defaults. The copied table counts against the memory limit.</param>
    /// <returns>The sandboxed database.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static DuckDbDatabase OpenWithoutPersonalData(string dataDirectory, SqlLimits? limits = null)
    {
        limits ??= new SqlLimits();
        var root = Path.GetFullPath(dataDirectory);
        var tables = FindTables(root);
        var readable = tables.Where(t => t.Name != PersonalDataTable).Select(t => t.Pattern).ToList();
        const string FolderGlob = "/**/*.parquet";
        var options = new DuckDbSandboxOptions
        {
            DataDirectory = root,
            MemoryLimit = limits.MemoryLimit,
            Threads = limits.Threads,
            QueryTimeout = limits.Timeout,
            ReadableDirectories = readable.Where(p => p.EndsWith(FolderGlob, StringComparison.Ordinal)).Select(p => p[..^FolderGlob.Length]).ToList(),
            ReadableFiles = readable.Where(p => !p.EndsWith(FolderGlob, StringComparison.Ordinal)).ToList(),
        };
        var excluded = string.Join(", ", PersonalDataColumns.Select(SqlLiteral));
        return DuckDbSandbox.Open(options, setup =>
        {
            foreach (var (name, pattern) in tables)
            {
                // DDL cannot take parameters; the path comes from a directory listing and is quoted as a literal.
                var source = $"read_parquet({SqlLiteral(pattern)}, hive_partitioning = true, union_by_name = true)";
                setup.Execute(name == PersonalDataTable
                    ? $"CREATE TABLE \"{name}\" AS SELECT COLUMNS(c -> c NOT IN ({excluded})) FROM {source}"
                    : $"CREATE VIEW \"{name}\" AS SELECT * FROM {source}");
            }
        });
    }

    /// <summary>The views a workspace over <paramref name="dataDirectory"/> offers, with the files behind each.</summary>
    /// <param name="dataDirectory">The folder.</param>
    public static IReadOnlyList<(string Name, string Pattern)> FindTables(string dataDirectory)
    {
        var tables = new List<(string, string)>();
        if (!Directory.Exists(dataDirectory))
        {
            return tables;
        }

        // A versioned data directory (revival import): the current version's tables, never the version folders.
        if (DataStore.IsDataStore(dataDirectory))
        {
            var store = DataStore.Open(dataDirectory);
            return DataStore.TableNames.Select(t => (t, store.CurrentTablePath(t)!)).ToList();
        }

        foreach (var file in Directory.EnumerateFiles(dataDirectory, "*.parquet").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (Identifier().IsMatch(name))
            {
                tables.Add((name, file));
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(dataDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (Identifier().IsMatch(name) && !tables.Exists(t => t.Item1 == name)
                && Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Any())
            {
                tables.Add((name, Path.Combine(folder, "**", "*.parquet")));
            }
        }

        return tables;
    }

    /// <summary>A SQL string literal: single quotes doubled. Only for trusted text in DDL, where parameters cannot go.</summary>
    internal static string SqlLiteral(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private const string PersonalDataTable = "households";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}

/// <summary>Limits for ad-hoc SQL.</summary>
public sealed class SqlLimits
{
    /// <summary>DuckDB memory_limit for the workspace.</summary>
    public string MemoryLimit { get; init; } = "1GB";

    /// <summary>Worker threads.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Time limit for each statement.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
