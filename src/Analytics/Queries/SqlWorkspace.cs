using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Queries;

/// <summary>
/// A sandboxed place for ad-hoc SQL over a folder of Parquet files: every table folder (or top-level Parquet file)
/// becomes a view named after it; queries are read-only and limited in memory, threads and time.
/// </summary>
public static class SqlWorkspace
{
    /// <summary>Opens a sandbox over <paramref name="dataDirectory"/> with a view per table found in it.</summary>
    /// <param name="dataDirectory">The folder analysts may read.</param>
    /// <param name="limits">Memory, thread and time limits; null for the defaults.</param>
    /// <returns>The sandbox; every statement run through it is checked and limited.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static DuckDbSandbox Open(string dataDirectory, SqlLimits? limits = null)
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

            foreach (var (name, pattern) in DataStore.FindTables(root))
            {
                // DDL cannot take parameters; the path comes from a directory listing and is quoted as a literal.
                setup.Execute($"CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet({SqlText.Literal(pattern)}, hive_partitioning = true, union_by_name = true)");
            }
        });
    }

    /// <summary>The personal-data columns (data contract section 4) a workspace without personal data leaves out.</summary>
    public static IReadOnlyList<string> PersonalDataColumns => DataContract.PersonalDataColumns;

    /// <summary>
    /// Like <see cref="Open"/>, for people who may not see personal data (the dashboard): the <c>households</c> table
    /// (and any other table with a column named in <see cref="PersonalDataColumns"/>) is copied into memory without
    /// those columns, and queries may read the other tables' files only, so the raw file cannot be reached with
    /// <c>read_parquet</c> either. A data store's quarantine views are not offered (quarantined rows keep their
    /// personal data).
    /// </summary>
    /// <param name="dataDirectory">An export folder or a data store.</param>
    /// <param name="limits">Memory, thread and time limits; null for the defaults. The copied table counts against the memory limit.</param>
    /// <returns>The sandbox.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static DuckDbSandbox OpenWithoutPersonalData(string dataDirectory, SqlLimits? limits = null) =>
        OpenProtected(dataDirectory, limits, column => null, withQuarantine: false, onlyTablesNamedIn: null);

    /// <summary>
    /// Like <see cref="OpenWithoutPersonalData"/>, but the personal columns stay, masked as on the dashboard's
    /// warning list (<see cref="PersonalDataMask"/>: 张*, 140121********1234, 100****5678). The masking happens when
    /// the table is copied, before any user SQL runs, so no alias, expression, filter or error message can reach a raw
    /// value: the raw values are not in the database (the default of <c>revival query</c>). Over a data store the
    /// quarantine views and <c>import_problems</c> are offered too (quarantined households masked the same way).
    /// </summary>
    /// <param name="dataDirectory">An export folder or a data store.</param>
    /// <param name="limits">Memory, thread and time limits; null for the defaults. The copied table counts against the memory limit.</param>
    /// <param name="onlyTablesNamedIn">
    /// The SQL that will run, when the workspace serves one statement: a table with personal data whose name the text
    /// does not contain (ignoring case) is left out instead of copied, so a query that does not touch households does
    /// not pay for copying them. Leaving a table out reveals nothing; null copies every one.
    /// </param>
    /// <returns>The sandbox; the masked tables are its base tables (<c>duckdb_tables()</c>), everything else is a view.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static DuckDbSandbox OpenWithMaskedPersonalData(string dataDirectory, SqlLimits? limits = null, string? onlyTablesNamedIn = null) =>
        OpenProtected(dataDirectory, limits, MaskExpression, withQuarantine: true, onlyTablesNamedIn);

    // Personal columns are recognised by name (the contract's names, any case), in every table: a folder of
    // arbitrary Parquet files (e.g. a version folder with its quarantine) may hold them under another table name.
    private static DuckDbSandbox OpenProtected(string dataDirectory, SqlLimits? limits, Func<string, string?> replacement, bool withQuarantine, string? onlyTablesNamedIn)
    {
        limits ??= new SqlLimits();
        var root = Path.GetFullPath(dataDirectory);
        IReadOnlyList<(string Name, string Pattern)> found = withQuarantine && DataStore.IsDataStore(root)
            ? DataStore.Open(root).CurrentViewFiles(withQuarantine: true).Views
            : DataStore.FindTables(root);
        var tables = found
            .Select(t => (t.Name, Source: $"read_parquet({SqlText.Literal(t.Pattern)}, hive_partitioning = true, union_by_name = true)", t.Pattern))
            .ToList();
        var personal = PersonalColumnsByTable(tables.Select(t => (t.Name, t.Source)));
        var readable = tables.Where(t => !personal.ContainsKey(t.Name)).Select(t => t.Pattern).ToList();
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
        return DuckDbSandbox.Open(options, setup =>
        {
            foreach (var (name, source, _) in tables)
            {
                // DDL cannot take parameters; the path comes from a directory listing and is quoted as a literal.
                if (!personal.TryGetValue(name, out var columns))
                {
                    setup.Execute($"CREATE VIEW \"{name}\" AS SELECT * FROM {source}");
                    continue;
                }

                if (onlyTablesNamedIn is not null && !onlyTablesNamedIn.Contains(name, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var excluded = columns.Where(c => replacement(c) is null).Select(SqlText.Identifier).ToList();
                var replaced = columns.Where(c => replacement(c) is not null).Select(c => $"{replacement(c)} AS {SqlText.Identifier(c)}").ToList();
                var select = "SELECT *"
                    + (excluded.Count > 0 ? $" EXCLUDE ({string.Join(", ", excluded)})" : string.Empty)
                    + (replaced.Count > 0 ? $" REPLACE ({string.Join(", ", replaced)})" : string.Empty);
                setup.Execute($"CREATE TABLE \"{name}\" AS {select} FROM {source}");
            }
        });
    }

    private static string? MaskExpression(string column)
    {
        var text = $"{SqlText.Identifier(column)}::VARCHAR";
        return column.ToLowerInvariant() switch
        {
            "head_name" => PersonalDataMask.NameSql(text),
            "head_id_number" => PersonalDataMask.IdNumberSql(text),
            _ => PersonalDataMask.PhoneSql(text),
        };
    }

    // The households table is always treated as personal (even an export without the columns), as before.
    private static Dictionary<string, List<string>> PersonalColumnsByTable(IEnumerable<(string Name, string Source)> tables)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using var database = DuckDbDatabase.Open(null, new DuckDbOptions { Threads = 1 });
        using var connection = database.Connect();
        foreach (var (name, source) in tables)
        {
            var columns = connection.QueryColumns($"DESCRIBE SELECT * FROM {source}").GetStrings("column_name");
            var personal = columns.OfType<string>()
                .Where(c => PersonalDataColumns.Contains(c, StringComparer.OrdinalIgnoreCase))
                .ToList();
            if (personal.Count > 0 || name == PersonalDataTable)
            {
                result[name] = personal;
            }
        }

        return result;
    }

    private const string PersonalDataTable = TableNames.Households;
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
