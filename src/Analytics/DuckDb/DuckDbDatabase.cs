using System.Runtime.InteropServices;
using RevivalAnalytics.DuckDb.Native;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// An open DuckDB database (a file or in-memory). Thread-safe: create it once and hand out one
/// <see cref="DuckDbConnection"/> per thread or request with <see cref="Connect"/>, which is cheap.
/// </summary>
public sealed class DuckDbDatabase : IDisposable
{
    private readonly DatabaseHandle _handle;

    private DuckDbDatabase(DatabaseHandle handle, string? path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? Path { get; }

    /// <summary>The sandbox this database enforces on every statement, or null when it is trusted.</summary>
    internal DuckDbSandboxOptions? Sandbox { get; private set; }

    internal DatabaseHandle Handle => _handle;

    /// <summary>The version of the loaded libduckdb, e.g. "v1.5.6".</summary>
    public static string LibraryVersion => NativeMethods.PtrToString(NativeMethods.LibraryVersion()) ?? "unknown";

    /// <summary>Opens (or creates) a database file, or an in-memory database when <paramref name="path"/> is null or ":memory:".</summary>
    /// <param name="path">The database file, or null for in-memory.</param>
    /// <param name="options">Access mode, limits and further settings.</param>
    /// <exception cref="DuckDbException">DuckDB refused to open the database; the message is DuckDB's.</exception>
    public static DuckDbDatabase Open(string? path = null, DuckDbOptions? options = null) =>
        OpenCore(path, options ?? new DuckDbOptions());

    internal static DuckDbDatabase OpenCore(string? path, DuckDbOptions options)
    {
        if (path == ":memory:")
        {
            path = null;
        }

        if (options.ReadOnly && path is null)
        {
            throw new ArgumentException("内存数据库不能以只读方式打开 / An in-memory database cannot be opened read-only.", nameof(options));
        }

        using var config = new ConfigHandle();
        NativeMethods.ThrowIfError(NativeMethods.CreateConfig(out var configPtr), null, "duckdb_create_config failed");
        Marshal.InitHandle(config, configPtr);
        foreach (var (name, value) in options.AllSettings())
        {
            if (NativeMethods.SetConfig(config, name, value) != DuckDbState.Success)
            {
                throw new DuckDbException(
                    $"无效的 DuckDB 设置 {name}={value} / Invalid DuckDB setting {name}={value}.", DuckDbErrorType.InvalidConfiguration);
            }
        }

        var handle = new DatabaseHandle();
        var state = NativeMethods.OpenExt(path, out var db, config, out var error);
        if (state != DuckDbState.Success)
        {
            var message = NativeMethods.TakeString(error);
            handle.Dispose();
            throw DuckDbException.FromNative(string.IsNullOrEmpty(message) ? $"Cannot open database {path}" : message);
        }

        Marshal.InitHandle(handle, db);
        return new DuckDbDatabase(handle, path);
    }

    /// <summary>From now on every connection enforces the sandbox.</summary>
    internal DuckDbDatabase WithSandbox(DuckDbSandboxOptions sandbox)
    {
        Sandbox = sandbox;
        return this;
    }

    /// <summary>Opens a new connection. Connections are not thread-safe: use each from one thread at a time.</summary>
    /// <exception cref="ObjectDisposedException">The database was disposed.</exception>
    public DuckDbConnection Connect()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return new DuckDbConnection(this);
    }

    internal ConnectionHandle ConnectNative()
    {
        var connection = new ConnectionHandle();
        if (NativeMethods.Connect(_handle, out var ptr) != DuckDbState.Success)
        {
            connection.Dispose();
            throw new DuckDbException("无法连接数据库 / Could not connect to the database.", DuckDbErrorType.Connection);
        }

        Marshal.InitHandle(connection, ptr);
        return connection;
    }

    /// <summary>Closes the database once every connection is closed (connections keep it alive until then).</summary>
    public void Dispose() => _handle.Dispose();
}
