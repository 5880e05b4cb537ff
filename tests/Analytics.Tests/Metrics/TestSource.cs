using DuckDB.NET.Data;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Tests.Metrics;

/// <summary>
/// A metric source for tests that need one on its own database (an edited cache, views that change under the service):
/// an in-memory database whose views come from a data version's one definition (<see cref="Over"/>) or from the test
/// (<see cref="FromViews"/>). Hosts get theirs from <c>AnalyticsContext</c>.
/// </summary>
internal sealed class TestSource : IAnalyticsSource, IDisposable
{
    private readonly DuckDbDatabase _database = DuckDbDatabase.Open();
    private readonly Func<DuckDBConnection, string> _createViews;

    private TestSource(Func<DuckDBConnection, string> createViews)
    {
        _createViews = createViews;
        Refresh();
    }

    public string DataVersion { get; private set; } = string.Empty;

    /// <summary>The views of <paramref name="folder"/> (an export, or a data store's current version) as every reader defines them.</summary>
    public static TestSource Over(string folder)
    {
        var views = VersionViews.Resolve(folder);
        return new TestSource(connection =>
        {
            views.CreateViews(connection, withQuarantine: true);
            return views.Version;
        });
    }

    /// <summary>Views the test creates; the callback returns their version and runs again on <see cref="Refresh"/>.</summary>
    public static TestSource FromViews(Func<DuckDBConnection, string> createViews) => new(createViews);

    public DuckDBConnection Connect() => _database.Connect();

    public void Refresh()
    {
        using var connection = _database.Connect();
        DataVersion = _createViews(connection);
    }

    public void Dispose() => _database.Dispose();
}
