#:property PublishAot=false
#:property TreatWarningsAsErrors=false
#:project ../../src/Analytics/Analytics.csproj
// The query core (DuckDB.NET + our typed-column helper) against DuckDB's own Node API on the same libduckdb 1.5.6,
// same queries, same files; optionally also against an older build of the core (a peer process, see run.sh).
// Usage (from the repository root): bash bench/duckdb/run.sh

using System.Diagnostics;
using System.Text.Json;
using Apache.Arrow;
using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

var dataDir = Path.GetFullPath(args.Length > 0 ? args[0] : "bench/results/duckdb");
var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
var oldCore = Environment.GetEnvironmentVariable("BENCH_OLD_CORE");
Directory.CreateDirectory(dataDir);

using var database = DuckDbDatabase.Open();
using var connection = database.Connect();
Prepare(connection, dataDir);

var sql = new Dictionary<string, string>
{
    ["groupBy"] = $"SELECT g, count(*) AS n, sum(x) AS sx, avg(y) AS ay FROM read_parquet('{dataDir}/big.parquet') GROUP BY g",
    ["doubles"] = $"SELECT x FROM read_parquet('{dataDir}/big.parquet')",
    ["mixed"] = $"SELECT * FROM read_parquet('{dataDir}/mixed.parquet')",
};

// The machine is shared: alternate the sides over several rounds and keep each side's best time per case.
var cases = new Dictionary<string, Func<int>>
{
    ["groupBy"] = () => connection.QueryColumns(sql["groupBy"]).RowCount,
    ["doubles"] = () => connection.QueryColumns(sql["doubles"])["x"].As<double>().Length,
    ["mixed"] = () => connection.QueryColumns(sql["mixed"]).RowCount,
    // The alternative the typed columns could be built on: DuckDB.NET's Arrow stream, copied into arrays.
    ["doublesArrow"] = () => ArrowDoubles(connection, sql["doubles"]),
    ["mixedArrow"] = () => ArrowRows(connection, sql["mixed"]),
};
var ours = cases.Keys.ToDictionary(k => k, _ => double.MaxValue);
var node = sql.Keys.ToDictionary(k => k, _ => double.MaxValue);
var old = sql.Keys.ToDictionary(k => k, _ => double.MaxValue);
for (var round = 0; round < 3; round++)
{
    foreach (var (name, run) in cases)
    {
        ours[name] = Math.Min(ours[name], Best(run));
    }

    foreach (var (name, ms) in RunPeer("node", ["bench/duckdb/node-bench.mjs", dataDir, runs.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
    {
        node[name] = Math.Min(node[name], ms);
    }

    if (oldCore is not null)
    {
        foreach (var (name, ms) in RunPeer("dotnet", [oldCore, dataDir, runs.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            old[name] = Math.Min(old[name], ms);
        }
    }
}

Console.WriteLine($"{"case (best of 3 rounds x runs)",-44} {"core ms",9} {"node-api ms",12} {"ratio",7}{(oldCore is null ? "" : $" {"old core ms",12} {"new/old",8}")}");
var labels = new Dictionary<string, string>
{
    ["groupBy"] = "(a) group-by over 10M-row Parquet",
    ["doubles"] = "(b) read 10M DOUBLEs into memory",
    ["mixed"] = "(c) read 1M rows x 8 mixed columns",
};
foreach (var (name, label) in labels)
{
    var oldColumns = oldCore is null ? "" : $" {old[name],12:F1} {ours[name] / old[name],8:F2}";
    Console.WriteLine($"{label,-44} {ours[name],9:F1} {node[name],12:F1} {ours[name] / node[name],7:F2}{oldColumns}");
}

Console.WriteLine($"typed columns from DuckDB.NET's Arrow stream instead of its reader: (b) {ours["doublesArrow"]:F1} ms, (c) {ours["mixedArrow"]:F1} ms");

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

static int ArrowDoubles(DuckDBConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    using var stream = command.ExecuteArrowStream();
    var values = new double[1 << 20];
    var rows = 0;
    while (stream.ReadNextRecordBatchAsync().AsTask().Result is { } batch)
    {
        using (batch)
        {
            var column = (DoubleArray)batch.Column(0);
            if (rows + column.Length > values.Length)
            {
                System.Array.Resize(ref values, Math.Max(values.Length * 2, rows + column.Length));
            }

            column.Values.CopyTo(values.AsSpan(rows));
            rows += column.Length;
        }
    }

    return rows;
}

// Every column of every batch into arrays of its CLR type, as the typed columns would be filled.
static int ArrowRows(DuckDBConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    using var stream = command.ExecuteArrowStream();
    var columns = new List<System.Collections.IList>();
    var rows = 0;
    while (stream.ReadNextRecordBatchAsync().AsTask().Result is { } batch)
    {
        using (batch)
        {
            for (var c = 0; c < batch.ColumnCount; c++)
            {
                if (columns.Count <= c)
                {
                    columns.Add(new List<object?>());
                }

                var list = (List<object?>)columns[c];
                switch (batch.Column(c))
                {
                    case Int32Array a: foreach (var v in a.Values) { list.Add(v); } break;
                    case Int64Array a: foreach (var v in a.Values) { list.Add(v); } break;
                    case Int16Array a: foreach (var v in a.Values) { list.Add(v); } break;
                    case DoubleArray a: foreach (var v in a.Values) { list.Add(v); } break;
                    case StringArray a: for (var i = 0; i < a.Length; i++) { list.Add(a.GetString(i)); } break;
                    case Date32Array a: for (var i = 0; i < a.Length; i++) { list.Add(a.GetDateOnly(i)); } break;
                    case Decimal128Array a: for (var i = 0; i < a.Length; i++) { list.Add(a.GetValue(i)); } break;
                    default: throw new NotSupportedException(batch.Column(c).GetType().Name);
                }
            }

            rows += batch.Length;
        }
    }

    return rows;
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

static Dictionary<string, double> RunPeer(string program, string[] arguments)
{
    var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true };
    using var process = Process.Start(info)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"peer {program} {string.Join(' ', arguments)} failed; see run.sh");
    }

    return JsonSerializer.Deserialize<Dictionary<string, double>>(output)!;
}
