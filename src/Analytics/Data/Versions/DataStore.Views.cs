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
    public string CreateViews(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var id = CurrentVersion ?? throw new InvalidOperationException(
            $"数据目录 {DataDirectory} 中还没有数据版本,请先运行 revival import / no data version in {DataDirectory} yet: run revival import first");
        var folder = VersionDirectory(id);

        // Views cannot hold prepared parameters, so the path is a SQL literal. It is built from the operator's data
        // directory, a version id matching ^v[0-9]{4,}$ and contract table names; quotes are doubled.
        foreach (var table in TableNames)
        {
            connection.Execute($"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet({Literal(Path.Combine(folder, table + ".parquet"))})");
            connection.Execute($"CREATE OR REPLACE VIEW quarantine_{table} AS SELECT * FROM read_parquet({Literal(Path.Combine(folder, "quarantine", table + ".parquet"))})");
        }

        connection.Execute($"CREATE OR REPLACE VIEW import_problems AS SELECT * FROM read_parquet({Literal(Path.Combine(folder, "quarantine", "problems.parquet"))})");
        return id;
    }

    private static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}
