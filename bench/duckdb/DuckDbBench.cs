#:property PublishAot=false
#:property TreatWarningsAsErrors=false
#:project ../../src/Analytics/Analytics.csproj
// Our DuckDB binding against DuckDB's own Node API on the same libduckdb 1.5.6, same queries, same files.
// Usage (from the repository root): bash bench/duckdb/run.sh

using System.Diagnostics;
using System.Text.Json;
using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

var dataDir = Path.GetFullPath(args.Length > 0 ? args[0] : "bench/results/duckdb");
var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
Directory.CreateDirectory(dataDir);

using var database = DuckDbDatabase.Open();
using var connection = database.Connect();
Prepare(connection, dataDir);

// The machine is shared: alternate the two sides over several rounds and keep each side's best time per case.
var cases = new Dictionary<string, Func<int>>
{
    ["groupBy"] = () => connection.QueryColumns($"SELECT g, count(*) AS n, sum(x) AS sx, avg(y) AS ay FROM read_parquet('{dataDir}/big.parquet') GROUP BY g").RowCount,
    ["doubles"] = () => connection.QueryColumns($"SELECT x FROM read_parquet('{dataDir}/big.parquet')")["x"].As<double>().Length,
    ["mixed"] = () => connection.QueryColumns($"SELECT * FROM read_parquet('{dataDir}/mixed.parquet')").RowCount,
};
var ours = cases.Keys.ToDictionary(k => k, _ => double.MaxValue);
var node = cases.Keys.ToDictionary(k => k, _ => double.MaxValue);
for (var round = 0; round < 3; round++)
{
    foreach (var (name, run) in cases)
    {
        ours[name] = Math.Min(ours[name], Best(run));
    }

    foreach (var (name, ms) in RunNode(dataDir, runs))
    {
        node[name] = Math.Min(node[name], ms);
    }
}


Console.WriteLine($"{"case (best of 3 rounds x runs)",-44} {"ours ms",9} {"node-api ms",12} {"ratio",7}");
var labels = new Dictionary<string, string>
{
    ["groupBy"] = "(a) group-by over 10M-row Parquet",
    ["doubles"] = "(b) read 10M DOUBLEs into memory",
    ["mixed"] = "(c) read 1M rows x 8 mixed columns",
};
foreach (var (name, label) in labels)
{
    Console.WriteLine($"{label,-44} {ours[name],9:F1} {node[name],12:F1} {ours[name] / node[name],7:F2}");
}

double Best(Func<int> run)
{
    if (run() == 0)
    {
        throw new InvalidOperationException("empty result");
    }

    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    return times.Min();
}

static void Prepare(DuckDBConnection connection, string dir)
{
    if (!File.Exists(Path.Combine(dir, "big.parquet")))
    {
        connection.Execute($"""
            COPY (SELECT (hash(range) % 1000)::INTEGER AS g, ((range % 9973) * 0.25)::DOUBLE AS x, range AS y
                  FROM range(10000000)) TO '{dir}/big.parquet' (FORMAT parquet, COMPRESSION zstd)
            """);
    }

    if (!File.Exists(Path.Combine(dir, "mixed.parquet")))
    {
        connection.Execute($"""
            COPY (SELECT range::INTEGER AS id, range * 7 AS n, range * 0.5 AS a, sqrt(range) AS b,
                         '户主' || (range % 50000)::VARCHAR AS name, DATE '2016-01-01' + (range % 3650)::INTEGER AS day,
                         ((range % 100000) * 0.37)::DECIMAL(18,2) AS amount, (range % 117)::SMALLINT AS code
                  FROM range(1000000)) TO '{dir}/mixed.parquet' (FORMAT parquet, COMPRESSION zstd)
            """);
    }
}

static Dictionary<string, double> RunNode(string dataDir, int runs)
{
    var info = new ProcessStartInfo("node", ["bench/duckdb/node-bench.mjs", dataDir, runs.ToString(System.Globalization.CultureInfo.InvariantCulture)])
    {
        RedirectStandardOutput = true,
    };
    using var process = Process.Start(info)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException("node bench failed; run 'npm ci' in bench/duckdb");
    }

    return JsonSerializer.Deserialize<Dictionary<string, double>>(output)!;
}
