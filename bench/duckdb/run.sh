#!/usr/bin/env bash
# The query core (DuckDB.NET) vs @duckdb/node-api@1.5.6-r.1 (same libduckdb): each case's best time and ratio.
# Usage: bash bench/duckdb/run.sh [data dir] [runs per round] [older commit]
# With an older commit (e.g. 5adffd2, the last with the hand-written binding), that commit's core is built from
# `git archive` in a temporary folder and measured in the same rounds, as a third side; the folder is removed after.
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd bench/duckdb && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
if [ -n "${3:-}" ]; then
  old=$(mktemp -d /tmp/revival-oldcore.XXXXXX)
  trap 'rm -rf "$old"' EXIT
  git archive "$3" | tar -x -C "$old"
  mkdir -p "$old/bench/oldcore"
  # The same three cases through that commit's API (DuckDbDatabase/QueryColumns), printed as JSON like node-bench.mjs.
  cat > "$old/bench/oldcore/OldCore.cs" <<'CS'
#:property PublishAot=false
#:property TreatWarningsAsErrors=false
#:project ../../src/Analytics/Analytics.csproj
using System.Diagnostics;
using RevivalAnalytics.DuckDb;
var dir = args[0];
var runs = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
using var database = DuckDbDatabase.Open();
using var connection = database.Connect();
var cases = new Dictionary<string, Func<int>>
{
    ["groupBy"] = () => connection.QueryColumns($"SELECT g, count(*) AS n, sum(x) AS sx, avg(y) AS ay FROM read_parquet('{dir}/big.parquet') GROUP BY g").RowCount,
    ["doubles"] = () => connection.QueryColumns($"SELECT x FROM read_parquet('{dir}/big.parquet')")["x"].As<double>().Length,
    ["mixed"] = () => connection.QueryColumns($"SELECT * FROM read_parquet('{dir}/mixed.parquet')").RowCount,
};
var best = new Dictionary<string, double>();
foreach (var (name, run) in cases)
{
    run();
    best[name] = Enumerable.Range(0, runs).Min(_ => { var w = Stopwatch.StartNew(); run(); return w.Elapsed.TotalMilliseconds; });
}
Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(best));
CS
  echo "==> building the core of $3 in $old"
  dotnet build "$old/bench/oldcore/OldCore.cs" -c Release -nologo -v quiet -clp:ErrorsOnly -o "$old/out" >/dev/null
  export BENCH_OLD_CORE="$old/out/OldCore.dll"
fi
dotnet run -c Release bench/duckdb/DuckDbBench.cs -- "${1:-bench/results/duckdb}" "${2:-7}"
