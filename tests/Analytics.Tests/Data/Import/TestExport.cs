using System.Text.Json;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.Data.Import;

/// <summary>
/// A small generated export (300 households, 2021–2023, fixed seed) and a data directory that already holds it as
/// version v0001. Both are made once per test run; each test copies them into its own temporary folder and breaks
/// the copy in one precise way.
/// </summary>
internal static class TestExport
{
    public static readonly GeneratorOptions Options = new() { Households = 300, BatchSize = 300, FirstYear = 2021, LastYear = 2023, Seed = 11 };

    private static readonly Lazy<(string Export, string Data)> s_template = new(Create);

    public static string TemplateExport => s_template.Value.Export;

    public static string TemplateData => s_template.Value.Data;

    private static (string, string) Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "revival-import-template-" + Environment.ProcessId);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var export = Path.Combine(root, "export");
        var data = Path.Combine(root, "data");
        DemoDataExport.Write(export, Options);
        var report = DataStore.Open(data).Import(export);
        if (report.Outcome != RevivalAnalytics.Data.Import.ImportOutcome.Published || report.ProblemCounts.Count > 0)
        {
            throw new InvalidOperationException("the generated export must import cleanly: " + string.Join("; ", report.Problems.Select(p => p.Message)));
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
        return (export, data);
    }

    public static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}

/// <summary>One test's copy of the export and of the data directory, with tools to break the export.</summary>
internal sealed class ExportWorkspace : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "revival-import-" + Guid.NewGuid().ToString("N"));
    private readonly DuckDbDatabase _database = DuckDbDatabase.Open();

    public ExportWorkspace()
    {
        TestExport.CopyDirectory(TestExport.TemplateExport, Export);
        TestExport.CopyDirectory(TestExport.TemplateData, Data);
        Connection = _database.Connect();
        Store = DataStore.Open(Data);
    }

    public string Export => Path.Combine(_root, "export");

    public string Data => Path.Combine(_root, "data");

    public DataStore Store { get; }

    public DuckDBConnection Connection { get; }

    public string PathOf(string relative) => Path.Combine(Export, relative);

    /// <summary>The only Parquet file of a table folder (or of one partition folder).</summary>
    public string FileOf(string folder) => Path.GetRelativePath(Export, Directory.EnumerateFiles(PathOf(folder), "*.parquet", SearchOption.AllDirectories).Single()).Replace('\\', '/');

    /// <summary>
    /// Loads one file into table <c>t</c> (row order kept, so rowid = row number in the file), runs the statements,
    /// writes it back to the same path with DuckDB's default settings, and corrects the manifest's row count.
    /// </summary>
    public void Rewrite(string relative, params string[] statements)
    {
        var path = PathOf(relative);
        Connection.Execute("DROP TABLE IF EXISTS t");
        Connection.Execute("CREATE TABLE t AS SELECT * FROM read_parquet(?, hive_partitioning = false)", path);
        var before = RowCount();
        foreach (var statement in statements)
        {
            Connection.Execute(statement);
        }

        var after = RowCount();
        File.Delete(path);
        Connection.Execute("COPY t TO ? (FORMAT parquet)", path);
        if (after != before)
        {
            var table = relative.Split('/')[0];
            EditManifest(m => m["tables"]![table]!["rows"] = m["tables"]![table]!["rows"]!.GetValue<long>() + after - before);
        }
    }

    public void EditManifest(Action<JsonNode> edit)
    {
        var path = PathOf("_manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Row count and income sum over the current version: what a dashboard query would show.</summary>
    public (long Households, long HouseholdYears, double Income, string Version) CurrentAnswers()
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        var version = Store.CreateViews(connection);
        var result = connection.QueryColumns(
            "SELECT (SELECT count(*) FROM households) AS h, (SELECT count(*) FROM household_years) AS y, (SELECT sum(per_capita_net_income) FROM household_years) AS income");
        return (result.GetInt64s("h")[0], result.GetInt64s("y")[0], result.GetDoubles("income")[0], version);
    }

    public void Dispose()
    {
        Connection.Dispose();
        _database.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private long RowCount() => Connection.QueryColumns("SELECT count(*) AS n FROM t").GetInt64s("n")[0];
}
