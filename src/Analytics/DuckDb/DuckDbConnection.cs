using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using RevivalAnalytics.DuckDb.Native;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// A connection to a DuckDB database, usable as an ADO.NET DbConnection (Dapper works) and through the columnar
/// helpers <see cref="Query(string, object?[])"/> and <see cref="QueryColumns"/>. Not thread-safe: use one connection per thread or
/// request; <see cref="DuckDbDatabase.Connect"/> makes them cheaply. <see cref="Interrupt"/> and
/// <see cref="GetProgress"/> are the exceptions and may be called from any thread.
/// </summary>
public sealed partial class DuckDbConnection : DbConnection
{
    private DuckDbDatabase? _database;
    private bool _ownsDatabase;
    private ConnectionHandle? _handle;
    private string _connectionString = string.Empty;

    /// <summary>Creates a closed connection from a connection string (Data Source=path|:memory:; Access Mode=ReadOnly; Threads=N; Memory Limit=2GB).</summary>
    /// <param name="connectionString">The connection string.</param>
    public DuckDbConnection(string connectionString)
    {
        ConnectionString = connectionString;
    }

    internal DuckDbConnection(DuckDbDatabase database)
    {
        _database = database;
        _handle = database.ConnectNative();
    }

    /// <inheritdoc />
    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (State != ConnectionState.Closed)
            {
                throw new InvalidOperationException("连接打开时不能更改连接字符串 / Close the connection before changing its connection string.");
            }

            _connectionString = value ?? string.Empty;
        }
    }

    /// <inheritdoc />
    public override string Database => "main";

    /// <inheritdoc />
    public override string DataSource => _database?.Path ?? ":memory:";

    /// <inheritdoc />
    public override string ServerVersion => DuckDbDatabase.LibraryVersion;

    /// <inheritdoc />
    public override ConnectionState State => _handle is { IsClosed: false } ? ConnectionState.Open : ConnectionState.Closed;

    /// <summary>The database this connection belongs to.</summary>
    public DuckDbDatabase DatabaseInstance => _database ?? throw new InvalidOperationException("连接未打开 / The connection is not open.");

    internal ConnectionHandle Handle => _handle is { IsClosed: false } h
        ? h
        : throw new InvalidOperationException("连接未打开 / The connection is not open.");

    /// <inheritdoc />
    public override void Open()
    {
        if (State == ConnectionState.Open)
        {
            return;
        }

        if (_database is null)
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = _connectionString };
            string? Get(string key) => builder.TryGetValue(key, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;
            var path = Get("Data Source") ?? Get("DataSource") ?? ":memory:";
            var options = new DuckDbOptions
            {
                ReadOnly = string.Equals(Get("Access Mode"), "ReadOnly", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(Get("Access Mode"), "READ_ONLY", StringComparison.OrdinalIgnoreCase),
                Threads = int.TryParse(Get("Threads"), out var threads) ? threads : null,
                MemoryLimit = Get("Memory Limit"),
            };
            _database = DuckDbDatabase.Open(path, options);
            _ownsDatabase = true;
        }

        _handle = _database.ConnectNative();
    }

    /// <inheritdoc />
    public override void Close()
    {
        _handle?.Dispose();
        _handle = null;
        if (_ownsDatabase)
        {
            _database?.Dispose();
            _database = null;
            _ownsDatabase = false;
        }
    }

    /// <inheritdoc />
    public override void ChangeDatabase(string databaseName) =>
        throw new NotSupportedException("请用 ATTACH/USE 切换数据库 / Use ATTACH and USE to switch databases.");

    /// <summary>Creates a command on this connection.</summary>
    public new DuckDbCommand CreateCommand() => new() { Connection = this };

    /// <summary>Asks DuckDB to stop the statement running on this connection. Safe from any thread.</summary>
    public void Interrupt()
    {
        if (_handle is { IsClosed: false } handle)
        {
            NativeMethods.Interrupt(handle);
        }
    }

    /// <summary>Progress of the statement running on this connection, or null when DuckDB has none to report. Safe from any thread.</summary>
    public DuckDbQueryProgress? GetProgress()
    {
        if (_handle is not { IsClosed: false } handle)
        {
            return null;
        }

        var progress = NativeMethods.QueryProgress(handle);
        return progress.Percentage < 0 ? null : new DuckDbQueryProgress(progress.Percentage, (long)progress.RowsProcessed, (long)progress.TotalRowsToProcess);
    }

    /// <summary>Runs statements that return no rows (DDL, INSERT, COPY ...). Arguments bind to <c>?</c>/<c>$1</c> in order.</summary>
    /// <param name="sql">One or more SQL statements.</param>
    /// <param name="args">Positional parameter values.</param>
    /// <returns>Rows changed by the last statement.</returns>
    /// <exception cref="DuckDbException">DuckDB reported an error; the message is DuckDB's.</exception>
    public long Execute(string sql, params object?[] args)
    {
        using var result = Run(sql, Positional(args), new DuckDbRunOptions());
        return result.RowsChanged;
    }

    /// <summary>Runs a query and returns its result for chunk-by-chunk columnar reading. Dispose the result.</summary>
    /// <param name="sql">The SQL query.</param>
    /// <param name="args">Positional parameter values.</param>
    /// <exception cref="DuckDbException">DuckDB reported an error; the message is DuckDB's.</exception>
    public DuckDbQueryResult Query(string sql, params object?[] args) => Run(sql, Positional(args), new DuckDbRunOptions());

    /// <summary>Runs a query and reads the whole result into typed column arrays.</summary>
    /// <param name="sql">The SQL query.</param>
    /// <param name="args">Positional parameter values.</param>
    /// <exception cref="DuckDbException">DuckDB reported an error; the message is DuckDB's.</exception>
    public DuckDbColumns QueryColumns(string sql, params object?[] args)
    {
        using var result = Query(sql, args);
        return result.ReadAll();
    }

    /// <summary>Runs a query with named parameters, a timeout, progress and cancellation.</summary>
    /// <param name="sql">The SQL query.</param>
    /// <param name="parameters">Parameters (named or positional).</param>
    /// <param name="options">Timeout, progress and cancellation.</param>
    /// <exception cref="DuckDbException">DuckDB reported an error or the query timed out (ErrorType Interrupt).</exception>
    /// <exception cref="OperationCanceledException">The cancellation token fired.</exception>
    public DuckDbQueryResult Query(string sql, IEnumerable<DuckDbParameter> parameters, DuckDbRunOptions options) =>
        Run(sql, parameters.ToList(), options);

    /// <summary>Creates an appender that bulk-loads whole columns into a table.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="schema">The schema, or null for the default.</param>
    /// <exception cref="DuckDbException">The table does not exist.</exception>
    public DuckDbAppender CreateAppender(string table, string? schema = null) => new(this, schema, table);

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        Execute("BEGIN TRANSACTION");
        return new DuckDbTransaction(this, isolationLevel);
    }

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    private static List<DuckDbParameter> Positional(object?[] args) => args.Select(a => new DuckDbParameter(a)).ToList();
}

/// <summary>Progress of a running statement, as DuckDB reports it.</summary>
/// <param name="Percentage">Percent done, 0 to 100.</param>
/// <param name="RowsProcessed">Rows processed so far.</param>
/// <param name="TotalRows">Rows DuckDB expects to process.</param>
public readonly record struct DuckDbQueryProgress(double Percentage, long RowsProcessed, long TotalRows);

/// <summary>Options for one statement run.</summary>
public sealed class DuckDbRunOptions
{
    /// <summary>Stop the statement after this long (null: the sandbox's limit, or none).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Receives DuckDB's progress about every 200 ms while the statement runs.</summary>
    public IProgress<DuckDbQueryProgress>? Progress { get; init; }

    /// <summary>Cancels the statement (through duckdb_interrupt).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Produce rows while chunks are fetched instead of materializing the whole result first: for large internal
    /// reads that are consumed once. Not for untrusted SQL (the limits cover execution, not fetching).
    /// </summary>
    internal bool Streaming { get; init; }
}

internal sealed class DuckDbTransaction(DuckDbConnection connection, IsolationLevel isolationLevel) : DbTransaction
{
    private bool _done;

    public override IsolationLevel IsolationLevel { get; } = isolationLevel;

    protected override DbConnection DbConnection => connection;

    public override void Commit()
    {
        connection.Execute("COMMIT");
        _done = true;
    }

    public override void Rollback()
    {
        connection.Execute("ROLLBACK");
        _done = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done && connection.State == ConnectionState.Open)
        {
            Rollback();
        }

        base.Dispose(disposing);
    }
}
