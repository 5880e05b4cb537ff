using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>
/// A small generated export (3,000 households, 2019–2024, fixed seed) in a temp folder, written once per test run and
/// shared by every app the tests start; plus independent SQL over its Parquet files (never the metric tables) to check
/// the figures the app shows.
/// </summary>
internal static class TestExport
{
    public const int LatestYear = 2024;

    private static readonly Lazy<string> s_directory = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<DuckDbDatabase> s_database = new(OpenViews, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Directory => s_directory.Value;

    private static string Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "revival-dashboard-tests-" + Guid.NewGuid().ToString("N"));
        DemoDataExport.Write(root, new GeneratorOptions { Households = 3_000, BatchSize = 1_500, FirstYear = 2019, LastYear = LatestYear, Seed = 42 });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A file still open at exit: the temp folder is cleaned by the OS.
            }
        };
        return root;
    }

    // The export's views as every reader of a data version defines them, on a database of the tests' own.
    private static DuckDbDatabase OpenViews()
    {
        var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        VersionViews.Resolve(Directory).CreateViews(connection, withQuarantine: false);
        return database;
    }

    public static DuckDbColumns Query(string sql, params object?[] args)
    {
        using var connection = s_database.Value.Connect();
        return connection.QueryColumns(sql, args);
    }

    public static IReadOnlyList<string> Strings(string sql) => [.. Query(sql).GetStrings(Query(sql).Columns[0].Name).OfType<string>()];

    public static double? Scalar(string sql, params object?[] args)
    {
        var c = Query(sql, args);
        return c.RowCount == 0 || c[0].IsNull(0) ? null : c.GetDoubles(c[0].Name)[0];
    }
}
