using DuckDB.NET.Data;
using RevivalAnalytics.Data.Import;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Data.Versions;

public sealed partial class DataStore
{
    /// <summary>The contract tables every version holds, in dependency order; also the view names of <see cref="CreateViews"/>.</summary>
    public static IReadOnlyList<string> TableNames { get; } = ContractSchema.Tables.Select(t => t.Name).ToList();

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
    /// Resolves <c>current</c> once and creates (or replaces) views over that version on <paramref name="connection"/>:
    /// one per table (<c>households</c>, <c>household_years</c>, <c>counties</c> ...), <c>quarantine_&lt;table&gt;</c> and
    /// <c>import_problems</c>. Queries through these views keep reading the same version even if another is published
    /// meanwhile; call again to move to the newest.
    /// </summary>
    /// <param name="connection">An open connection (e.g. inside <see cref="DuckDbSandbox.Open"/>'s define callback).</param>
    /// <returns>The version the views read.</returns>
    /// <exception cref="InvalidOperationException">No version has been imported yet.</exception>
    public string CreateViews(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var (id, files) = CurrentViewFiles(withQuarantine: true);

        // Views cannot hold prepared parameters, so the path is a SQL literal. It is built from the operator's data
        // directory, a version id matching ^v[0-9]{4,}$ and contract table names; quotes are doubled.
        foreach (var (view, file) in files)
        {
            connection.Execute($"CREATE OR REPLACE VIEW {view} AS SELECT * FROM read_parquet({Literal(file)})");
        }

        return id;
    }

    /// <summary>
    /// The views <see cref="CreateViews"/> makes and the Parquet file behind each, over the current version resolved
    /// once: the contract tables, then (with <paramref name="withQuarantine"/>) <c>quarantine_&lt;table&gt;</c> and
    /// <c>import_problems</c>.
    /// </summary>
    /// <param name="withQuarantine">Whether to include the quarantine views.</param>
    /// <returns>The version id and the views.</returns>
    /// <exception cref="InvalidOperationException">No version has been imported yet.</exception>
    public (string Version, IReadOnlyList<(string View, string File)> Views) CurrentViewFiles(bool withQuarantine)
    {
        var id = CurrentVersion ?? throw new InvalidOperationException(
            $"数据目录 {DataDirectory} 中还没有数据版本,请先运行 revival import / no data version in {DataDirectory} yet: run revival import first");
        var folder = VersionDirectory(id);
        var views = TableNames.Select(t => (t, Path.Combine(folder, t + ".parquet"))).ToList();
        if (withQuarantine)
        {
            views.AddRange(TableNames.Select(t => ("quarantine_" + t, Path.Combine(folder, "quarantine", t + ".parquet"))));
            views.Add(("import_problems", Path.Combine(folder, "quarantine", "problems.parquet")));
        }

        return (id, views);
    }

    private static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}
