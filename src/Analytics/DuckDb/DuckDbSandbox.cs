using RevivalAnalytics.DuckDb.Native;

namespace RevivalAnalytics.DuckDb;

/// <summary>Limits for untrusted SQL (analysts' ad-hoc queries).</summary>
public sealed class DuckDbSandboxOptions
{
    /// <summary>The only directory queries may read; nothing may be written anywhere.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// Narrower read access than <see cref="DataDirectory"/>: only these directories (each with everything under it)
    /// and <see cref="ReadableFiles"/> may be read. Null (and <see cref="ReadableFiles"/> null) for the whole data
    /// directory. Lets a caller keep one table's files (personal data) out of reach of direct <c>read_parquet</c> calls.
    /// </summary>
    public IReadOnlyList<string>? ReadableDirectories { get; init; }

    /// <summary>Single files queries may read besides <see cref="ReadableDirectories"/>; see there.</summary>
    public IReadOnlyList<string>? ReadableFiles { get; init; }

    /// <summary>DuckDB memory_limit for the sandbox; queries over it fail with an out-of-memory error.</summary>
    public string MemoryLimit { get; init; } = "512MB";

    /// <summary>Worker threads the sandbox may use.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Each statement is interrupted after this long.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal void EnsureAllowed(DuckDbStatementType type)
    {
        if (type is not (DuckDbStatementType.Select or DuckDbStatementType.Explain))
        {
            var name = type.ToString().ToUpperInvariant();
            throw new DuckDbException(
                $"只读沙箱只允许查询（SELECT），已拒绝 {name} 语句 / The read-only sandbox runs queries (SELECT) only; a {name} statement was refused.",
                DuckDbErrorType.Permission);
        }
    }
}

/// <summary>
/// Opens databases for untrusted SQL. Defence in depth: (1) only SELECT/EXPLAIN statements are admitted;
/// (2) DuckDB's enable_external_access=false with allowed_directories = the data directory, so no other file
/// can be read and no extension loaded; (3) lock_configuration=true so no SET can lift a limit; (4) memory_limit,
/// threads, no spilling to disk, and a per-statement time limit.
/// </summary>
public static class DuckDbSandbox
{
    /// <summary>
    /// Opens an in-memory sandbox database. <paramref name="define"/> runs first, on a trusted connection, to create
    /// the views analysts may query (e.g. over the data directory's Parquet files); then the sandbox is sealed.
    /// </summary>
    /// <param name="options">The data directory and limits.</param>
    /// <param name="define">Creates views before the sandbox is locked; may be null.</param>
    /// <returns>A database whose every connection enforces the sandbox.</returns>
    /// <exception cref="DirectoryNotFoundException">The data directory does not exist.</exception>
    public static DuckDbDatabase Open(DuckDbSandboxOptions options, Action<DuckDbConnection>? define = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.GetFullPath(options.DataDirectory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"数据目录不存在：{directory} / Data directory not found: {directory}");
        }

        var settings = new Dictionary<string, string>
        {
            ["autoload_known_extensions"] = "false",
            ["allow_community_extensions"] = "false",
            ["allow_unsigned_extensions"] = "false",
            // No spilling: a query that needs more than memory_limit fails instead of writing temp files.
            ["temp_directory"] = string.Empty,
            // DuckDB 1.5.6 derives wrong statistics for hive partition columns read with union_by_name, and a GROUP BY
            // over such a column after a join then fails ("Perfect hash aggregate ... exceeded total groups"); wrong
            // statistics could as well prune rows silently. Ad-hoc SQL is any shape, so the sandbox does without the
            // optimisation: the analysts' typical aggregates over 20,000,000 rows measured no slower.
            ["disabled_optimizers"] = "statistics_propagation",
        };
        var database = DuckDbDatabase.OpenCore(
            path: null,
            new DuckDbOptions { Threads = options.Threads, MemoryLimit = options.MemoryLimit, Settings = settings });
        try
        {
            using (var setup = database.Connect())
            {
                // The paths come from the operator's configuration and directory listings, not from a user; quoted as
                // SQL literals.
                if (options.ReadableDirectories is null && options.ReadableFiles is null)
                {
                    setup.Execute($"SET allowed_directories = [{DirectoryLiteral(directory)}]");
                }
                else
                {
                    setup.Execute($"SET allowed_directories = [{string.Join(", ", (options.ReadableDirectories ?? []).Select(d => DirectoryLiteral(Path.GetFullPath(d))))}]::VARCHAR[]");
                    setup.Execute($"SET allowed_paths = [{string.Join(", ", (options.ReadableFiles ?? []).Select(f => Literal(Path.GetFullPath(f))))}]::VARCHAR[]");
                }

                // Defined while external access is still on, so the callback may also copy data it reads from files
                // outside the readable ones (a table with personal data removed); views are bound again at query time,
                // under the sandbox.
                define?.Invoke(setup);
                setup.Execute("SET enable_external_access = false");
                setup.Execute("SET lock_configuration = true");
            }

            return database.WithSandbox(options);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    private static string DirectoryLiteral(string directory) => Literal(directory.TrimEnd('/') + "/");

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
