using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace RevivalAnalytics.Data.Versions;

public sealed partial class DataStore
{
    /// <summary>The contract tables every version holds, in dependency order; also the view names of <see cref="CreateViews"/>.</summary>
    public static IReadOnlyList<string> TableNames { get; } = DataContract.Tables.Select(t => t.Name).ToList();

    /// <summary>The Parquet file of <paramref name="table"/> in the current version, resolved now.</summary>
    /// <param name="table">A name from <see cref="TableNames"/>.</param>
    /// <returns>The path, or null before the first import.</returns>
    /// <exception cref="ArgumentException">Not a contract table.</exception>
    public string? CurrentTablePath(string table)
    {
        if (!TableNames.Contains(table))
        {
            throw new ArgumentException($"未知的数据表 {table} / unknown table {table}", nameof(table));
        }

        return CurrentVersion is { } id ? Path.Combine(VersionDirectory(id), table + ".parquet") : null;
    }

    /// <summary>
    /// Resolves <c>current</c> once and creates (or replaces) views over that version on <paramref name="connection"/>,
    /// from the version's one definition of its views (the same every reader of the version uses): one per table
    /// (<c>households</c>, <c>household_years</c>, <c>counties</c> ...), <c>quarantine_&lt;table&gt;</c> and
    /// <c>import_problems</c>. Queries through these views keep reading the same version even if another is published
    /// meanwhile; call again to move to the newest.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <returns>The version the views read.</returns>
    /// <exception cref="InvalidOperationException">No version has been imported yet.</exception>
    public string CreateViews(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var id = CurrentVersion ?? throw new InvalidOperationException(
            $"数据目录 {DataDirectory} 中还没有数据版本,请先运行 revival import / no data version in {DataDirectory} yet: run revival import first");
        VersionViews.ForStoreVersion(this, id).CreateViews(connection, withQuarantine: true);
        return id;
    }

    /// <summary>
    /// The tables a data folder offers, with the files behind each: for a data store, the current version's contract
    /// tables; for an export (or any folder of Parquet files), every top-level <c>.parquet</c> file and every folder
    /// holding some (a glob over its files), named after them. Folders starting with <c>_</c> are not tables.
    /// </summary>
    /// <param name="dataDirectory">The folder.</param>
    /// <returns>Name and file or glob per table; empty when the folder does not exist.</returns>
    internal static IReadOnlyList<(string Name, string Pattern)> FindTables(string dataDirectory)
    {
        var tables = new List<(string, string)>();
        if (!Directory.Exists(dataDirectory))
        {
            return tables;
        }

        // A versioned data directory (revival import): the current version's tables, never the version folders.
        if (IsDataStore(dataDirectory))
        {
            var store = Open(dataDirectory);
            return TableNames.Select(t => (t, store.CurrentTablePath(t)!)).ToList();
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
            // Folders starting with "_" are not tables (the generator's _truth/ for the field check).
            var name = Path.GetFileName(folder);
            if (Identifier().IsMatch(name) && !name.StartsWith('_') && !tables.Exists(t => t.Item1 == name)
                && Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Any())
            {
                tables.Add((name, Path.Combine(folder, "**", "*.parquet")));
            }
        }

        return tables;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
