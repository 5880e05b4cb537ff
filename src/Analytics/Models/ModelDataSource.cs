using DuckDB.NET.Data;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Models;

/// <summary>
/// Where the models read their data: the contract views of one data version (an export, or a version of the data
/// store), defined once for every reader of that version and read through the version's trusted database. Get it from
/// <c>AnalyticsContext.ModelData</c> (or <c>AnalyticsSnapshot.ModelData</c>); every table reference of the models goes
/// through <see cref="Table"/>.
/// </summary>
public sealed class ModelDataSource : IDisposable
{
    private readonly Func<DuckDBConnection> _connect;
    private readonly IDisposable? _owned;

    private ModelDataSource(VersionViews views, Func<DuckDBConnection> connect, IDisposable? owned)
    {
        if (views.ManifestProblem is { } problem || views.FirstYear is null || views.LastYear is null || views.Fingerprint is null)
        {
            throw new ModelException(ModelErrorKind.DataMissing, views.ManifestProblem ?? $"数据 {views.Folder} 没有年份信息。The data in {views.Folder} carry no years.");
        }

        _connect = connect;
        _owned = owned;
        Location = views.Folder;
        Fingerprint = views.Fingerprint;
        DataVersion = views.Version;
        FirstYear = views.FirstYear.Value;
        LastYear = views.LastYear.Value;
    }

    /// <summary>What a model trained on these data records (<c>ModelMetadata.DataFingerprint</c>): for a data store
    /// version its id and the first 8 hex digits of the imported export's fingerprint (<c>v0002-1a2b3c4d</c>), for an
    /// export the first 16 hex digits of the SHA-256 of its manifest.</summary>
    public string Fingerprint { get; }

    /// <summary>The data version read: the id every area of the library carries for it (<c>v0002</c> for a data store,
    /// <c>export-…</c> for an export folder).</summary>
    public string DataVersion { get; }

    /// <summary>The first year of the data.</summary>
    public int FirstYear { get; }

    /// <summary>The last year of the data.</summary>
    public int LastYear { get; }

    /// <summary>The export folder or data version folder read.</summary>
    public string Location { get; }

    /// <summary>The models' view of a data version whose views exist on the connections <paramref name="connect"/> opens.</summary>
    /// <exception cref="ModelException">The data have no manifest or years (<see cref="ModelErrorKind.DataMissing"/>).</exception>
    internal static ModelDataSource Over(VersionViews views, Func<DuckDBConnection> connect) => new(views, connect, owned: null);

    /// <summary>A contract export folder on a database of its own (tests and tools that need nothing else).</summary>
    /// <exception cref="ModelException">The folder or its manifest is missing or unreadable (<see cref="ModelErrorKind.DataMissing"/>).</exception>
    internal static ModelDataSource FromExport(string exportFolder, int? threads = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exportFolder);
        var folder = Path.GetFullPath(exportFolder);
        if (!File.Exists(Path.Combine(folder, "_manifest.json")))
        {
            throw new ModelException(
                ModelErrorKind.DataMissing,
                $"数据目录 {folder} 中没有 _manifest.json,不是有效的数据导出。Data folder {folder} has no _manifest.json; it is not a contract export.");
        }

        return OnOwnDatabase(VersionViews.Resolve(folder), threads);
    }

    /// <summary>The current version of a data store on a database of its own, resolved once.</summary>
    /// <exception cref="ModelException">No version has been imported yet (<see cref="ModelErrorKind.DataMissing"/>).</exception>
    internal static ModelDataSource FromDataStore(DataStore store, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var id = store.CurrentVersion ?? throw new ModelException(
            ModelErrorKind.DataMissing,
            $"数据目录 {store.DataDirectory} 中还没有数据版本,请先运行 revival import。No data version in {store.DataDirectory} yet; run `revival import` first.");
        return OnOwnDatabase(VersionViews.ForStoreVersion(store, id), threads);
    }

    private static ModelDataSource OnOwnDatabase(VersionViews views, int? threads)
    {
        var database = DuckDbDatabase.Open(null, new DuckDbOptions { Threads = threads });
        try
        {
            using (var connection = database.Connect())
            {
                views.CreateViews(connection, withQuarantine: false);
            }

            return new ModelDataSource(views, database.Connect, database);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The SQL table expression for a contract table (e.g. <c>household_years</c>): the version's view of it.</summary>
    internal string Table(string name) => SqlText.Identifier(name);

    /// <summary>Runs a query on a connection of its own and returns the whole result as columns.</summary>
    internal DuckDbColumns Query(string sql, params object?[] args)
    {
        using var connection = _connect();
        try
        {
            return connection.QueryColumns(sql, args);
        }
        catch (DuckDBException error)
        {
            throw ReadFailed(error);
        }
    }

    /// <summary>Runs a query on a connection of its own and hands its streaming reader to <paramref name="read"/>.</summary>
    internal void Read(string sql, Action<DuckDBDataReader> read)
    {
        using var connection = _connect();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.UseStreamingMode = true;
            using var reader = command.ExecuteReader();
            read(reader);
        }
        catch (DuckDBException error)
        {
            throw ReadFailed(error);
        }
    }

    private ModelException ReadFailed(DuckDBException error) => new(
        ModelErrorKind.DataMissing,
        $"读取数据 {Location} 失败。Reading the data in {Location} failed: {error.Message}",
        error);

    /// <summary>Frees the database of a source opened on its own; a source of a data version shares that version's
    /// database, which the version frees.</summary>
    public void Dispose() => _owned?.Dispose();
}
