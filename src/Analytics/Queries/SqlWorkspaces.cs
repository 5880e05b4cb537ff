using System.Collections.Concurrent;
using DuckDB.NET.Data;
using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Queries;

/// <summary>
/// The SQL workspaces of one data version: sandboxes built from the version's one definition of its views (the files
/// and reader options the metric layer and the models read), handed out as leases (<see cref="SqlWorkspaceLease"/>)
/// that carry the version's id. The dashboard's workspaces — no personal data, one per data scope — are built on first
/// use and kept (at most a configured number, the least recently used closed first, once no lease holds it). Each
/// scope is built under its own entry: building one scope's workspace (seconds, for the rows it copies) never blocks a
/// query in another. A workspace is disposed only after its last lease ends. Thread-safe.
/// </summary>
public sealed class SqlWorkspaces
{
    private readonly VersionViews _views;
    private readonly Func<DuckDBConnection> _trusted;
    private readonly int _maxCached;
    private readonly Func<IReadOnlyList<SqlDerivedTable>>? _derived;
    private readonly ConcurrentDictionary<string, Lazy<Workspace>> _scoped = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> _columns;
    private volatile bool _closed;

    internal SqlWorkspaces(VersionViews views, Func<DuckDBConnection> trusted, SqlLimits limits, int maxCached, Func<IReadOnlyList<SqlDerivedTable>>? derived = null)
    {
        _views = views;
        _derived = derived;
        _trusted = trusted;
        _maxCached = Math.Max(1, maxCached);
        Limits = limits;
        _columns = new(DescribeTables, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The data version every workspace here reads.</summary>
    public string DataVersion => _views.Version;

    /// <summary>Memory, thread and time limits of every workspace here.</summary>
    public SqlLimits Limits { get; }

    /// <summary>Called with the scope's text when a scoped workspace starts being built (tests hold it there).</summary>
    internal Action<string>? Building { get; set; }

    /// <summary>
    /// The workspace without personal data for <paramref name="scope"/> (the dashboard's SQL page and API): a scoped
    /// workspace holds that scope's rows only. It also offers the metric layer's county-level aggregate tables
    /// (<c>metric_county_year</c>, <c>metric_county_month</c>, <c>metric_monitored_breakdown</c>) as read-only copies of
    /// the scope's counties, described by DuckDB comments. Built on first use and kept for the next request of the same
    /// scope.
    /// </summary>
    /// <param name="scope">The user's data scope.</param>
    /// <param name="cancellationToken">Stops waiting before the lease is taken (a build under way goes on for others).</param>
    /// <returns>A lease; dispose it when the statements (and their readers) are done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scope"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The data version was replaced and freed (take a new snapshot).</exception>
    /// <exception cref="InvalidOperationException">A scope is given but the data have no <c>counties</c> table to resolve it.</exception>
    /// <exception cref="DuckDBException">The data could not be read; the message is DuckDB's.</exception>
    public SqlWorkspaceLease Open(DataScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var key = scope.ToString();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_closed, this);
            var entry = _scoped.GetOrAdd(key, _ => new Lazy<Workspace>(() => Build(scope, key), LazyThreadSafetyMode.ExecutionAndPublication));
            Workspace workspace;
            try
            {
                workspace = entry.Value;
            }
            catch
            {
                // A failed build is not kept: the next request tries again.
                _scoped.TryRemove(new KeyValuePair<string, Lazy<Workspace>>(key, entry));
                throw;
            }

            // An entry evicted (and freed) between the lookup and here is skipped for a new build.
            if (workspace.References.TryAddReference())
            {
                var lease = new SqlWorkspaceLease(workspace, scope);
                if (_closed || cancellationToken.IsCancellationRequested)
                {
                    // Closed while this one was built: Close may have missed it, so it is let go here.
                    if (_closed && _scoped.TryRemove(new KeyValuePair<string, Lazy<Workspace>>(key, entry)))
                    {
                        workspace.References.Release();
                    }

                    lease.Dispose();
                    cancellationToken.ThrowIfCancellationRequested();
                    ObjectDisposedException.ThrowIf(_closed, this);
                }

                workspace.LastUsed = Environment.TickCount64;
                EvictBeyondLimit(key);
                return lease;
            }

            _scoped.TryRemove(new KeyValuePair<string, Lazy<Workspace>>(key, entry));
        }
    }

    /// <summary>
    /// A workspace for operators (<c>revival query</c>): every table of the version, personal columns masked when
    /// copied in (张*, 140121********1234, 100****5678), a store version's quarantine included. Not kept: disposing the
    /// lease closes it.
    /// </summary>
    /// <param name="onlyTablesNamedIn">The SQL that will run: a table with personal data whose name the text does not
    /// contain is left out instead of copied; null copies every one.</param>
    /// <returns>A lease.</returns>
    /// <exception cref="ObjectDisposedException">The data version was replaced and freed.</exception>
    /// <exception cref="DuckDBException">The data could not be read; the message is DuckDB's.</exception>
    public SqlWorkspaceLease OpenMasked(string? onlyTablesNamedIn = null)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var sandbox = SqlWorkspace.OpenWithMaskedPersonalData(_views, _columns.Value, Limits, onlyTablesNamedIn);
        return new SqlWorkspaceLease(new Workspace(sandbox, DataVersion), scope: null);
    }

    /// <summary>A workspace with every table as a view and raw personal data, for authorised operators
    /// (<c>revival query --personal-data</c>); any file under the data folder is readable. Not kept.</summary>
    /// <returns>A lease.</returns>
    /// <exception cref="ObjectDisposedException">The data version was replaced and freed.</exception>
    /// <exception cref="DuckDBException">The data could not be read; the message is DuckDB's.</exception>
    public SqlWorkspaceLease OpenWithPersonalData()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        return new SqlWorkspaceLease(new Workspace(SqlWorkspace.Open(_views, Limits), DataVersion), scope: null);
    }

    /// <summary>Lets go of every kept workspace (the data version is being freed); each closes when its last lease ends.</summary>
    internal void Close()
    {
        _closed = true;
        foreach (var key in _scoped.Keys)
        {
            if (_scoped.TryRemove(key, out var entry) && entry.IsValueCreated && !entry.Value.References.IsFreed)
            {
                entry.Value.References.Release();
            }
        }
    }

    private Workspace Build(DataScope scope, string key)
    {
        Building?.Invoke(key);
        IReadOnlyList<int>? counties = null;
        if (!scope.IsProvince)
        {
            if (!_views.Tables.Any(t => t.Name == TableNames.Counties))
            {
                throw new InvalidOperationException(
                    $"数据中没有 counties 表，无法按数据范围 {scope} 建立工作区 / the data have no counties table, so no workspace can be built for the data scope {scope}");
            }

            using var connection = _trusted();
            counties = scope.ResolveCounties(connection);
        }

        return new Workspace(SqlWorkspace.OpenWithoutPersonalData(_views, _columns.Value, counties, Limits, _derived?.Invoke() ?? [], _trusted), DataVersion);
    }

    // The least recently used workspaces beyond the limit are let go (never the one just handed out); a lease still
    // running on one keeps it open until it ends.
    private void EvictBeyondLimit(string keep)
    {
        while (_scoped.Count > _maxCached)
        {
            var oldest = _scoped
                .Where(e => e.Key != keep && e.Value.IsValueCreated)
                .OrderBy(e => e.Value.Value.LastUsed)
                .FirstOrDefault();
            if (oldest.Value is null)
            {
                return;
            }

            if (_scoped.TryRemove(oldest))
            {
                oldest.Value.Value.References.Release();
            }
        }
    }

    // Every table's columns (the quarantine's too), read once per version from the trusted database's views.
    private IReadOnlyDictionary<string, IReadOnlyList<string>> DescribeTables()
    {
        using var connection = _trusted();
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var table in _views.Tables.Concat(_views.Quarantine))
        {
            result[table.Name] = connection.QueryColumns($"DESCRIBE SELECT * FROM {SqlText.Identifier(table.Name)}").GetStrings("column_name").OfType<string>().ToList();
        }

        return result;
    }

    /// <summary>A sandbox with its reference count (the cache's reference plus one per lease) and its table list.</summary>
    internal sealed class Workspace
    {
        private readonly Lazy<IReadOnlyList<SqlTable>> _tables;

        public Workspace(DuckDbSandbox sandbox, string dataVersion)
        {
            Sandbox = sandbox;
            DataVersion = dataVersion;
            References = new ReferenceCount(sandbox.Dispose);
            _tables = new(() => ReadTables(sandbox), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public DuckDbSandbox Sandbox { get; }

        public string DataVersion { get; }

        public ReferenceCount References { get; }

        public long LastUsed { get; set; }

        public IReadOnlyList<SqlTable> Tables => _tables.Value;

        private static IReadOnlyList<SqlTable> ReadTables(DuckDbSandbox sandbox)
        {
            var c = sandbox.QueryColumns(
                "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' ORDER BY table_name, ordinal_position");
            var names = c.GetStrings("table_name");
            var columns = c.GetStrings("column_name");
            var types = c.GetStrings("data_type");
            return Enumerable.Range(0, c.RowCount)
                .GroupBy(i => names[i]!, StringComparer.Ordinal)
                .Select(g => new SqlTable(g.Key, g.Select(i => new SqlColumn(columns[i]!, types[i]!)).ToList()))
                .ToList();
        }
    }
}

/// <summary>
/// One workspace held for a unit of work (a request, a workbench query): the sandbox to run statements in, the data
/// version it reads and the scope it holds. The workspace stays open until every lease on it is disposed, even if the
/// data version is replaced meanwhile or the workspace is let go to make room for others.
/// </summary>
public sealed class SqlWorkspaceLease : IDisposable
{
    private readonly SqlWorkspaces.Workspace _workspace;
    private int _released;

    internal SqlWorkspaceLease(SqlWorkspaces.Workspace workspace, DataScope? scope)
    {
        _workspace = workspace;
        Scope = scope;
    }

    /// <summary>The sandbox: run statements with <see cref="DuckDbSandbox.ExecuteReader"/> (a <see cref="CancellationToken"/>
    /// interrupts one) or <see cref="DuckDbSandbox.QueryColumns(string, object?[])"/>.</summary>
    public DuckDbSandbox Sandbox => _workspace.Sandbox;

    /// <summary>The data version the workspace reads.</summary>
    public string DataVersion => _workspace.DataVersion;

    /// <summary>The data scope whose rows it holds; null for an operator's workspace over everything.</summary>
    public DataScope? Scope { get; }

    /// <summary>The tables and views a query may name, with their columns (read once per workspace).</summary>
    public IReadOnlyList<SqlTable> Tables => _workspace.Tables;

    /// <summary>Ends the lease; the last one on a workspace that was let go closes it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _workspace.References.Release();
        }
    }
}

/// <summary>A table or view of a SQL workspace.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Columns">Its columns in order.</param>
public sealed record SqlTable(string Name, IReadOnlyList<SqlColumn> Columns);

/// <summary>A column of a table or result.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">DuckDB's type name, e.g. <c>BIGINT</c>.</param>
public sealed record SqlColumn(string Name, string Type)
{
    /// <summary>Numbers are right-aligned.</summary>
    public bool IsNumeric => Type is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT"
        or "UINTEGER" or "UBIGINT" or "UHUGEINT" or "FLOAT" or "DOUBLE" || Type.StartsWith("DECIMAL", StringComparison.Ordinal);
}
