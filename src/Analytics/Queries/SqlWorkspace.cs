using System.Globalization;
using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Scope;
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
    /// <param name="scope">
    /// A user's data scope; null or the province for everything. Otherwise the workspace is built with the scope's rows
    /// only: every table with a <c>county_code</c> (or a <c>village_code</c>, whose first six digits are the county) is
    /// copied into memory filtered to the scope's counties, a table with neither but with <c>household_id</c> is left out,
    /// tables with no place at all (<c>monitoring_lines</c>) stay views, and no data file is readable by
    /// <c>read_parquet</c>. The user's SQL is never rewritten: other rows are simply not in the database.
    /// </param>
    /// <returns>The sandboxed database.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidOperationException">A scope is given but the data have no <c>counties</c> table to resolve it.</exception>
    public static DuckDbSandbox OpenWithoutPersonalData(string dataDirectory, SqlLimits? limits = null, DataScope? scope = null) =>
        OpenProtected(dataDirectory, limits, column => null, withQuarantine: false, onlyTablesNamedIn: null, scope);

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
    private static DuckDbSandbox OpenProtected(string dataDirectory, SqlLimits? limits, Func<string, string?> replacement, bool withQuarantine, string? onlyTablesNamedIn, DataScope? scope = null)
    {
        if (scope is { IsProvince: false })
        {
            withQuarantine = false;
        }

        limits ??= new SqlLimits();
        var root = Path.GetFullPath(dataDirectory);
        IReadOnlyList<(string Name, string Pattern)> found = withQuarantine && DataStore.IsDataStore(root)
            ? DataStore.Open(root).CurrentViewFiles(withQuarantine: true).Views
            : DataStore.FindTables(root);
        var tables = found
            .Select(t => (t.Name, Source: $"read_parquet({SqlText.Literal(t.Pattern)}, hive_partitioning = true, union_by_name = true)", t.Pattern))
            .ToList();
        var columnsByTable = DescribeTables(tables.Select(t => (t.Name, t.Source)), scope, out var scopeCounties);
        var personal = PersonalColumns(columnsByTable);
        var scoped = scopeCounties is null ? [] : ScopedTables(columnsByTable, scopeCounties);
        // A scoped workspace reads files only for the tables without any place (their views); the rest are copies.
        var readable = tables
            .Where(t => !personal.ContainsKey(t.Name) && (scopeCounties is null || (scoped.TryGetValue(t.Name, out var condition) && condition.Length == 0)))
            .Select(t => t.Pattern)
            .ToList();
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
                var where = string.Empty;
                if (scopeCounties is not null)
                {
                    if (!scoped.TryGetValue(name, out var condition))
                    {
                        continue;
                    }

                    where = condition;
                }

                // DDL cannot take parameters; the path comes from a directory listing and is quoted as a literal.
                if (!personal.TryGetValue(name, out var columns))
                {
                    setup.Execute(scopeCounties is null || where.Length == 0
                        ? $"CREATE VIEW \"{name}\" AS SELECT * FROM {source}"
                        : $"CREATE TABLE \"{name}\" AS SELECT * FROM {source} {where}");
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
                setup.Execute($"CREATE TABLE \"{name}\" AS {select} FROM {source} {where}");
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

    // Every table's columns, and (for a scope) the county codes it covers, read from the data's own counties table.
    private static Dictionary<string, List<string>> DescribeTables(IEnumerable<(string Name, string Source)> tables, DataScope? scope, out IReadOnlyList<int>? scopeCounties)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using var database = DuckDbDatabase.Open(null, new DuckDbOptions { Threads = 1 });
        using var connection = database.Connect();
        scopeCounties = null;
        foreach (var (name, source) in tables)
        {
            result[name] = connection.QueryColumns($"DESCRIBE SELECT * FROM {source}").GetStrings("column_name").OfType<string>().ToList();
            if (name == CountiesTable && scope is { IsProvince: false })
            {
                connection.Execute($"CREATE VIEW {CountiesTable} AS SELECT * FROM {source}");
                scopeCounties = scope.ResolveCounties(connection);
            }
        }

        if (scope is { IsProvince: false } && scopeCounties is null)
        {
            throw new InvalidOperationException(
                $"数据中没有 counties 表，无法按数据范围 {scope} 建立工作区 / the data have no counties table, so no workspace can be built for the data scope {scope}");
        }

        return result;
    }

    // The households table is always treated as personal (even an export without the columns), as before.
    private static Dictionary<string, List<string>> PersonalColumns(Dictionary<string, List<string>> columnsByTable)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, columns) in columnsByTable)
        {
            var personal = columns.Where(c => PersonalDataColumns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            if (personal.Count > 0 || name == PersonalDataTable)
            {
                result[name] = personal;
            }
        }

        return result;
    }

    // Which tables a scoped workspace offers, and the WHERE clause that keeps the scope's rows of each (empty: a table
    // without any place, which holds no row of any county). The codes are integers resolved from the counties table,
    // formatted here; DDL takes no parameters.
    private static Dictionary<string, string> ScopedTables(Dictionary<string, List<string>> columnsByTable, IReadOnlyList<int> counties)
    {
        var list = counties.Count == 0 ? "NULL" : string.Join(", ", counties.Select(c => c.ToString(CultureInfo.InvariantCulture)));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, columns) in columnsByTable)
        {
            bool Has(string column) => columns.Contains(column, StringComparer.OrdinalIgnoreCase);
            if (Has("county_code"))
            {
                result[name] = $"WHERE county_code IN ({list})";
            }
            else if (Has("village_code"))
            {
                result[name] = $"WHERE village_code // 1000000 IN ({list})";
            }
            else if (!Has("household_id") && !Has("township_code") && !Has("prefecture_code"))
            {
                result[name] = string.Empty;
            }
        }

        return result;
    }

    private const string PersonalDataTable = TableNames.Households;

    private const string CountiesTable = TableNames.Counties;
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
