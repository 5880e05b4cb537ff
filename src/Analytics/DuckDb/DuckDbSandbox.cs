using System.Data;
using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;

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
}

/// <summary>
/// An in-memory database for untrusted SQL. DuckDB.NET has no sandbox, so this adds one, in layers:
/// (1) a parser gate before anything is prepared: DuckDB's own <c>json_serialize_sql</c> serializes SELECT statements
/// only, so anything else is refused, as is more than one statement; (2) DuckDB's <c>enable_external_access = false</c>
/// with <c>allowed_directories</c> = the data directory, so no other file can be read and no extension loaded, then
/// <c>lock_configuration = true</c> so no <c>SET</c> can lift a limit; (3) <c>memory_limit</c>, threads, no temp
/// directory (a query over the limit fails instead of spilling to disk) and a time limit per statement.
/// Statements run only through <see cref="ExecuteReader"/> and <see cref="QueryColumns"/>: no connection is handed out.
/// Thread-safe: each call runs on a connection of its own.
/// </summary>
public sealed class DuckDbSandbox : IDisposable
{
    private readonly DuckDbDatabase _database;

    private DuckDbSandbox(DuckDbDatabase database, DuckDbSandboxOptions options)
    {
        _database = database;
        Options = options;
    }

    /// <summary>The data directory and limits.</summary>
    public DuckDbSandboxOptions Options { get; }

    /// <summary>
    /// Opens a sandbox. <paramref name="define"/> runs first, on a trusted connection, to create the views analysts may
    /// query (e.g. over the data directory's Parquet files); then the sandbox is sealed.
    /// </summary>
    /// <param name="options">The data directory and limits.</param>
    /// <param name="define">Creates views (or tables) before the sandbox is locked; may be null.</param>
    /// <returns>The sandbox, which the caller disposes.</returns>
    /// <exception cref="DirectoryNotFoundException">The data directory does not exist.</exception>
    /// <exception cref="DuckDBException"><paramref name="define"/>'s SQL failed; the message is DuckDB's.</exception>
    public static DuckDbSandbox Open(DuckDbSandboxOptions options, Action<DuckDBConnection>? define = null)
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
            // DuckDB 1.5.6 derives wrong statistics for hive partition columns read with union_by_name, and a GROUP BY
            // over such a column after a join then fails ("Perfect hash aggregate ... exceeded total groups"); wrong
            // statistics could as well prune rows silently. Ad-hoc SQL is any shape, so the sandbox does without the
            // optimisation: the analysts' typical aggregates over 20,000,000 rows measured no slower.
            ["disabled_optimizers"] = "statistics_propagation",
        };
        var database = DuckDbDatabase.Open(null, new DuckDbOptions { Threads = options.Threads, MemoryLimit = options.MemoryLimit, Settings = settings });
        try
        {
            using (var setup = database.Connect())
            {
                // No spilling: a query that needs more than memory_limit fails instead of writing temp files. (Set
                // here: an empty value cannot travel in a connection string.)
                setup.Execute("SET temp_directory = ''");
                // Keeps the Parquet footers read, per file and its write time (a data version's files never change).
                // Views read with union_by_name bind by reading the footer of every file of the table — every year's —
                // twice for a workbench page (DESCRIBE, then the page), although the year filter then prunes all but one
                // year's files: 10–35 ms of a province analyst's 45–70 ms page over 50 files of 1,000,000 rows a year
                // (docs/workbench.md). (Set here: the option belongs to the Parquet extension, loaded after opening.)
                setup.Execute("SET GLOBAL parquet_metadata_cache = true");
                // The paths come from the operator's configuration and directory listings, not from a user; quoted as
                // SQL literals.
                if (options.ReadableDirectories is null && options.ReadableFiles is null)
                {
                    setup.Execute($"SET allowed_directories = [{DirectoryLiteral(directory)}]");
                }
                else
                {
                    setup.Execute($"SET allowed_directories = [{string.Join(", ", (options.ReadableDirectories ?? []).Select(d => DirectoryLiteral(Path.GetFullPath(d))))}]::VARCHAR[]");
                    setup.Execute($"SET allowed_paths = [{string.Join(", ", (options.ReadableFiles ?? []).Select(f => SqlText.Literal(Path.GetFullPath(f))))}]::VARCHAR[]");
                }

                // Defined while external access is still on, so the callback may also copy data it reads from files
                // outside the readable ones (a table with personal data removed); views are bound again at query time,
                // under the sandbox.
                define?.Invoke(setup);
                setup.Execute("SET enable_external_access = false");
                setup.Execute("SET lock_configuration = true");
            }

            return new DuckDbSandbox(database, options);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The parser gate alone: whether <paramref name="sql"/> is one query the sandbox would run, without
    /// running it. A syntax error passes here and is reported by DuckDB when the statement runs.</summary>
    /// <param name="sql">Untrusted SQL.</param>
    /// <param name="parameters">The parameters that will be bound; every <c>$name</c> the query uses must be among them.</param>
    /// <exception cref="DuckDbSandboxException">Not a query, or more than one statement.</exception>
    /// <exception cref="ArgumentException">A named parameter the query uses was not given (the message names it).</exception>
    public void Check(string sql, IEnumerable<DuckDBParameter>? parameters = null)
    {
        using var connection = _database.Connect();
        EnsureOneQuery(connection, sql, parameters?.ToList() ?? []);
    }

    /// <summary>Runs one untrusted query through every layer and returns its rows. The reader owns a connection of its
    /// own and closes it when disposed; the result is complete when this returns (the time limit covers its execution).</summary>
    /// <param name="sql">Untrusted SQL: one SELECT statement.</param>
    /// <param name="parameters">Parameters, named (<c>$name</c>) or positional; values are bound, never spliced into SQL.</param>
    /// <param name="cancellationToken">Interrupts the query.</param>
    /// <returns>The reader, which the caller disposes.</returns>
    /// <exception cref="DuckDbSandboxException">Not a query, or more than one statement.</exception>
    /// <exception cref="ArgumentException">A parameter the query uses was not given.</exception>
    /// <exception cref="DuckDBException">DuckDB refused or failed the query (syntax, unknown table, a file outside the
    /// data directory, the memory limit ...); the message is DuckDB's, the category <see cref="DuckDbErrors.Category"/>.</exception>
    /// <exception cref="TimeoutException">The query ran past <see cref="DuckDbSandboxOptions.QueryTimeout"/> and was stopped.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public DuckDBDataReader ExecuteReader(string sql, IEnumerable<DuckDBParameter>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var list = parameters?.ToList() ?? [];
        var connection = _database.Connect();
        try
        {
            EnsureOneQuery(connection, sql, list);
            var command = DuckDbConnectionExtensions.CreateCommand(connection, sql, list);
            return DuckDbConnectionExtensions.RunLimited(connection, Options.QueryTimeout, cancellationToken, () =>
            {
                try
                {
                    // Materialized (not streaming), so the whole execution happens here, under the time limit.
                    return command.ExecuteReader(CommandBehavior.CloseConnection);
                }
                catch (InvalidOperationException error) when (error.Message.StartsWith("Invalid number of parameters", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"查询使用的参数多于提供的参数 / The query uses more parameters than were given ({error.Message})", nameof(parameters), error);
                }
            });
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs one untrusted query like <see cref="ExecuteReader"/> and reads its rows into typed columns.</summary>
    /// <param name="sql">Untrusted SQL: one SELECT statement.</param>
    /// <param name="args">Positional parameter values, or <see cref="DuckDBParameter"/>s for named ones.</param>
    /// <returns>The result's columns.</returns>
    /// <exception cref="DuckDbSandboxException">Not a query, or more than one statement.</exception>
    /// <exception cref="DuckDBException">DuckDB refused or failed the query; the message is DuckDB's.</exception>
    /// <exception cref="TimeoutException">The query ran past its time limit.</exception>
    public DuckDbColumns QueryColumns(string sql, params object?[] args)
    {
        using var reader = ExecuteReader(sql, DuckDbConnectionExtensions.Parameters(args));
        return DuckDbColumns.Read(reader);
    }

    /// <summary>Closes the sandbox; readers still open keep the database alive until they are disposed.</summary>
    public void Dispose() => _database.Dispose();

    /// <summary>
    /// The gate, before anything is prepared (preparing EXPORT already creates its directory): DuckDB's own parser
    /// serializes SELECT statements only and reports any other kind as an error. DuckDB.NET 1.5.6.1 binds no
    /// duckdb_prepared_statement_type, so there is no second check of the prepared statement's type; the gate is exact
    /// (it is the same parser) and the settings layer still stands behind it.
    /// </summary>
    private static void EnsureOneQuery(DuckDBConnection connection, string sql, IReadOnlyList<DuckDBParameter> parameters)
    {
        var json = connection.QueryColumns("SELECT json_serialize_sql($1::VARCHAR) AS j", sql).GetStrings("j")[0] ?? "{}";
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            if (root.TryGetProperty("error_type", out var type) && type.GetString() == "parser")
            {
                // Nothing runs when the text does not parse: DuckDB reports the syntax error itself, with its position.
                return;
            }

            var text = sql.Trim().TrimEnd(';');
            var keyword = text.Contains(';', StringComparison.Ordinal) ? null : text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToUpperInvariant();
            keyword = keyword is { Length: > 20 } ? keyword[..20] + "…" : keyword;
            throw keyword is null
                ? new DuckDbSandboxException("只读沙箱只运行查询（SELECT）", "the read-only sandbox runs queries (SELECT) only")
                : new DuckDbSandboxException($"只读沙箱只运行查询（SELECT），已拒绝 {keyword} 语句", $"the read-only sandbox runs queries (SELECT) only; the {keyword} statement was refused");
        }

        if (!root.TryGetProperty("statements", out var statements) || statements.GetArrayLength() != 1)
        {
            throw new DuckDbSandboxException("一次只能运行一条查询语句", "run one query at a time");
        }

        // DuckDB.NET silently leaves a named parameter unbound when another one is given, and names none when none is;
        // the parser knows which names the query uses.
        var given = parameters.Select(p => p.ParameterName.TrimStart('$', '@', ':')).ToHashSet(StringComparer.Ordinal);
        if (statements[0].TryGetProperty("named_param_map", out var named) && named.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in named.EnumerateArray())
            {
                var name = entry.TryGetProperty("key", out var key) ? key.GetString() : null;
                if (name is not null && !int.TryParse(name, out _) && !given.Contains(name))
                {
                    throw new ArgumentException($"缺少参数 ${name} / Missing parameter ${name}: the query uses it but no value was given.", nameof(parameters));
                }
            }
        }
    }

    private static string DirectoryLiteral(string directory) => SqlText.Literal(directory.TrimEnd('/') + "/");
}

/// <summary>Untrusted SQL the sandbox refused before running it; the messages say why, Chinese and English.</summary>
public sealed class DuckDbSandboxException : DbException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="messageZh">Why, in Chinese.</param>
    /// <param name="messageEn">The same in English.</param>
    public DuckDbSandboxException(string messageZh, string messageEn)
        : base($"{messageZh} / {messageEn}")
    {
        MessageZh = messageZh;
        MessageEn = messageEn;
    }

    /// <summary>Why, in Chinese.</summary>
    public string MessageZh { get; }

    /// <summary>Why, in English.</summary>
    public string MessageEn { get; }
}
