using System.Globalization;
using DuckDB.NET.Data;
using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Queries;

/// <summary>
/// Builds the sandboxes of <see cref="SqlWorkspaces"/> from a data version's one definition of its views
/// (<see cref="VersionViews"/>): the same files and reader options the metric layer and the models read, sealed in a
/// <see cref="DuckDbSandbox"/> (read-only, limited in memory, threads and time), in three shapes — everything as views
/// (operators with <c>--personal-data</c>), personal columns masked when copied in (<c>revival query</c>), personal
/// columns left out and a data scope's rows only (the dashboard).
/// </summary>
internal static class SqlWorkspace
{
    private const string PersonalDataTable = TableNames.Households;
    private const string FolderGlob = "/**/*.parquet";

    /// <summary>Every table of the version (and a store version's quarantine) as a view; queries may read any file
    /// under the folder the version was resolved from.</summary>
    public static DuckDbSandbox Open(VersionViews views, SqlLimits limits) =>
        DuckDbSandbox.Open(Options(views, limits, readable: null), setup => views.CreateViews(setup, withQuarantine: true));

    /// <summary>
    /// For people who may not see personal data (the dashboard): the <c>households</c> table (and any other table with a
    /// column named in <see cref="DataContract.PersonalDataColumns"/>) is copied into memory without those columns, and
    /// queries may read the other tables' files only, so the raw file cannot be reached with <c>read_parquet</c> either.
    /// A store version's quarantine is not offered (quarantined rows keep their personal data). With
    /// <paramref name="scopeCounties"/>, every table with a <c>county_code</c> (or a <c>village_code</c>, whose first six
    /// digits are the county) is copied filtered to those counties, a table with neither but with another place or a
    /// household is left out, tables with no place at all (<c>monitoring_lines</c>) stay views, and no data file with
    /// rows of a county is readable: the user's SQL is never rewritten, other rows are simply not in the database.
    /// </summary>
    /// <remarks>The <paramref name="derived"/> tables of the trusted database (the metric layer's aggregates) are copied
    /// in too, filtered the same way by their <c>county_code</c> (one without it is left out of a scoped workspace), with
    /// their descriptions as DuckDB comments.</remarks>
    public static DuckDbSandbox OpenWithoutPersonalData(VersionViews views, IReadOnlyDictionary<string, IReadOnlyList<string>> columns, IReadOnlyList<int>? scopeCounties,
        SqlLimits limits, IReadOnlyList<SqlDerivedTable> derived, Func<DuckDBConnection> trusted) =>
        OpenProtected(views, views.Tables, columns, limits, column => null, onlyTablesNamedIn: null, scopeCounties, derived, trusted);

    /// <summary>
    /// Like <see cref="OpenWithoutPersonalData"/> for the province, but the personal columns stay, masked as on the
    /// dashboard's warning list (<see cref="PersonalDataMask"/>: 张*, 140121********1234, 100****5678) when the table is
    /// copied, before any user SQL runs, so no alias, expression, filter or error message can reach a raw value. A store
    /// version's quarantine is offered too (quarantined households masked the same way). With
    /// <paramref name="onlyTablesNamedIn"/>, a table with personal data whose name the SQL does not contain (ignoring
    /// case) is left out instead of copied, so a query that does not touch households does not pay for copying them.
    /// </summary>
    public static DuckDbSandbox OpenWithMaskedPersonalData(VersionViews views, IReadOnlyDictionary<string, IReadOnlyList<string>> columns, SqlLimits limits, string? onlyTablesNamedIn) =>
        OpenProtected(views, [.. views.Tables, .. views.Quarantine], columns, limits, MaskExpression, onlyTablesNamedIn, scopeCounties: null, derived: [], trusted: null);

    private static DuckDbSandboxOptions Options(VersionViews views, SqlLimits limits, IReadOnlyList<string>? readable) => new()
    {
        DataDirectory = views.Root,
        MemoryLimit = limits.MemoryLimit,
        Threads = limits.Threads,
        QueryTimeout = limits.Timeout,
        ReadableDirectories = readable?.Where(p => p.EndsWith(FolderGlob, StringComparison.Ordinal)).Select(p => p[..^FolderGlob.Length]).ToList(),
        ReadableFiles = readable?.Where(p => !p.EndsWith(FolderGlob, StringComparison.Ordinal)).ToList(),
    };

    // Personal columns are recognised by name (the contract's names, any case), in every table: a folder of
    // arbitrary Parquet files (e.g. a version folder with its quarantine) may hold them under another table name.
    private static DuckDbSandbox OpenProtected(
        VersionViews views, IReadOnlyList<TableView> tables, IReadOnlyDictionary<string, IReadOnlyList<string>> columnsByTable, SqlLimits limits,
        Func<string, string?> replacement, string? onlyTablesNamedIn, IReadOnlyList<int>? scopeCounties,
        IReadOnlyList<SqlDerivedTable> derived, Func<DuckDBConnection>? trusted)
    {
        var personal = PersonalColumns(tables, columnsByTable);
        var scoped = scopeCounties is null ? [] : ScopedTables(tables, columnsByTable, scopeCounties);
        // A scoped workspace reads files only for the tables without any place (their views); the rest are copies.
        var readable = tables
            .Where(t => !personal.ContainsKey(t.Name) && (scopeCounties is null || (scoped.TryGetValue(t.Name, out var condition) && condition.Length == 0)))
            .Select(t => t.Pattern)
            .ToList();
        return DuckDbSandbox.Open(Options(views, limits, readable), setup =>
        {
            foreach (var table in tables)
            {
                var where = string.Empty;
                if (scopeCounties is not null)
                {
                    if (!scoped.TryGetValue(table.Name, out var condition))
                    {
                        continue;
                    }

                    where = condition;
                }

                // DDL cannot take parameters; the name comes from the contract or a directory listing, the source from the
                // version's definition (paths quoted as literals).
                var name = SqlText.Identifier(table.Name);
                if (!personal.TryGetValue(table.Name, out var columns))
                {
                    setup.Execute(scopeCounties is null || where.Length == 0
                        ? $"CREATE VIEW {name} AS SELECT * FROM {table.Source}"
                        : $"CREATE TABLE {name} AS SELECT * FROM {table.Source} {where}");
                    continue;
                }

                if (onlyTablesNamedIn is not null && !onlyTablesNamedIn.Contains(table.Name, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var excluded = columns.Where(c => replacement(c) is null).Select(SqlText.Identifier).ToList();
                var replaced = columns.Where(c => replacement(c) is not null).Select(c => $"{replacement(c)} AS {SqlText.Identifier(c)}").ToList();
                var select = "SELECT *"
                    + (excluded.Count > 0 ? $" EXCLUDE ({string.Join(", ", excluded)})" : string.Empty)
                    + (replaced.Count > 0 ? $" REPLACE ({string.Join(", ", replaced)})" : string.Empty);
                setup.Execute($"CREATE TABLE {name} AS {select} FROM {table.Source} {where}");
            }

            if (trusted is not null)
            {
                CopyDerived(setup, derived, trusted, scopeCounties);
            }
        });
    }

    // The trusted database is in memory and cannot be attached, so each table travels through a temporary Parquet file
    // of the scope's rows (a few thousand county rows), deleted at once. Copied, not viewed: a scoped workspace must not
    // be able to read the other counties' rows.
    private static void CopyDerived(DuckDBConnection setup, IReadOnlyList<SqlDerivedTable> derived, Func<DuckDBConnection> trusted, IReadOnlyList<int>? scopeCounties)
    {
        if (derived.Count == 0)
        {
            return;
        }

        using var source = trusted();
        foreach (var table in derived)
        {
            var name = SqlText.Identifier(table.Name);
            var columns = source.QueryColumns($"DESCRIBE SELECT * FROM {name}").GetStrings("column_name").OfType<string>().ToList();
            if (scopeCounties is not null && !columns.Contains("county_code", StringComparer.Ordinal))
            {
                // Without a county, a row could be an aggregate above the scope.
                continue;
            }

            var where = scopeCounties is null ? string.Empty : $"WHERE county_code IN ({CountyList(scopeCounties)})";
            var file = Path.Combine(Path.GetTempPath(), "revival-workspace-" + Guid.NewGuid().ToString("N") + ".parquet");
            try
            {
                source.Execute($"COPY (SELECT * FROM {name} {where}) TO {SqlText.Literal(file)} (FORMAT parquet)");
                setup.Execute($"CREATE TABLE {name} AS SELECT * FROM read_parquet({SqlText.Literal(file)})");
            }
            finally
            {
                File.Delete(file);
            }

            setup.Execute($"COMMENT ON TABLE {name} IS {SqlText.Literal(table.Description)}");
            foreach (var column in columns)
            {
                if (table.DescribeColumn(column) is { } description)
                {
                    setup.Execute($"COMMENT ON COLUMN {name}.{SqlText.Identifier(column)} IS {SqlText.Literal(description)}");
                }
            }
        }
    }

    private static string CountyList(IReadOnlyList<int> counties) =>
        counties.Count == 0 ? "NULL" : string.Join(", ", counties.Select(c => c.ToString(CultureInfo.InvariantCulture)));

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
    private static Dictionary<string, List<string>> PersonalColumns(IReadOnlyList<TableView> tables, IReadOnlyDictionary<string, IReadOnlyList<string>> columnsByTable)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var personal = columnsByTable[table.Name].Where(c => DataContract.PersonalDataColumns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            if (personal.Count > 0 || table.Name == PersonalDataTable)
            {
                result[table.Name] = personal;
            }
        }

        return result;
    }

    // Which tables a scoped workspace offers, and the WHERE clause that keeps the scope's rows of each (empty: a table
    // without any place, which holds no row of any county). The codes are integers resolved from the counties table,
    // formatted here; DDL takes no parameters.
    private static Dictionary<string, string> ScopedTables(IReadOnlyList<TableView> tables, IReadOnlyDictionary<string, IReadOnlyList<string>> columnsByTable, IReadOnlyList<int> counties)
    {
        var list = CountyList(counties);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var columns = columnsByTable[table.Name];
            bool Has(string column) => columns.Contains(column, StringComparer.OrdinalIgnoreCase);
            if (Has("county_code"))
            {
                result[table.Name] = $"WHERE county_code IN ({list})";
            }
            else if (Has("village_code"))
            {
                result[table.Name] = $"WHERE village_code // 1000000 IN ({list})";
            }
            else if (!Has("household_id") && !Has("township_code") && !Has("prefecture_code"))
            {
                result[table.Name] = string.Empty;
            }
        }

        return result;
    }
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

/// <summary>A table of the data version's trusted database that every dashboard workspace offers as a read-only copy
/// (the metric layer's aggregate tables), filtered to the workspace's scope by its <c>county_code</c>, described by
/// DuckDB comments (<c>duckdb_tables()</c>, <c>duckdb_columns()</c>).</summary>
/// <param name="Name">Its name in both databases.</param>
/// <param name="Description">What it is, Chinese then English.</param>
/// <param name="DescribeColumn">A column's Chinese description, or null.</param>
internal sealed record SqlDerivedTable(string Name, string Description, Func<string, string?> DescribeColumn);
