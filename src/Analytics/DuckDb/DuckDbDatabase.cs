using System.Data;
using DuckDB.NET.Data;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// One DuckDB database shared by many connections. Why it exists: DuckDB.NET opens a new, empty in-memory database for
/// every <c>DataSource=:memory:</c> connection (and <c>:memory:?cache=shared</c> is one database for the whole
/// process), so a database of views shared by a dashboard's requests needs one connection kept open and
/// <see cref="DuckDBConnection.Duplicate"/> per thread or request. That is all this class does. Thread-safe: create it
/// once and call <see cref="Connect"/> per thread or request (a connection costs microseconds).
/// </summary>
public sealed class DuckDbDatabase : IDisposable
{
    private readonly DuckDBConnection _root;
    private readonly bool _inMemory;

    private DuckDbDatabase(DuckDBConnection root, string? path)
    {
        _root = root;
        Path = path;
        _inMemory = path is null;
    }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? Path { get; }

    /// <summary>Opens (or creates) a database file, or an in-memory database when <paramref name="path"/> is null or ":memory:".</summary>
    /// <param name="path">The database file, or null for in-memory.</param>
    /// <param name="options">Access mode, limits and further settings.</param>
    /// <returns>The database; dispose it when every connection is done (connections keep it alive until then).</returns>
    /// <exception cref="ArgumentException">An in-memory database was asked for read-only.</exception>
    /// <exception cref="DuckDBException">DuckDB refused to open the database; the message is DuckDB's.</exception>
    /// <remarks>DuckDB.NET shares one instance per file path within a process: a second <see cref="Open"/> of a file
    /// still open gets that instance, with the settings it was first opened with.</remarks>
    public static DuckDbDatabase Open(string? path = null, DuckDbOptions? options = null)
    {
        options ??= new DuckDbOptions();
        if (path == ":memory:")
        {
            path = null;
        }

        if (options.ReadOnly && path is null)
        {
            throw new ArgumentException("内存数据库不能以只读方式打开 / An in-memory database cannot be opened read-only.", nameof(options));
        }

        var root = new DuckDBConnection(options.ConnectionString(path ?? DuckDBConnectionStringBuilder.InMemoryDataSource));
        try
        {
            root.Open();
        }
        catch
        {
            root.Dispose();
            throw;
        }

        return new DuckDbDatabase(root, path);
    }

    /// <summary>Opens a new connection to this database. Connections are not thread-safe: use each from one thread at a time.</summary>
    /// <returns>An open connection, which the caller disposes.</returns>
    /// <exception cref="ObjectDisposedException">The database was disposed.</exception>
    public DuckDBConnection Connect()
    {
        ObjectDisposedException.ThrowIf(_root.State != ConnectionState.Open, this);
        // A file database is shared by DuckDB.NET through its path; an in-memory one only through Duplicate().
        var connection = _inMemory ? _root.Duplicate() : new DuckDBConnection(_root.ConnectionString);
        try
        {
            connection.Open();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    /// <summary>Closes the root connection; DuckDB closes the database once the last connection from it is closed.</summary>
    public void Dispose() => _root.Dispose();
}
