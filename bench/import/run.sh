#!/usr/bin/env bash
# Import throughput and peak memory for the 2,000,000-household export (docs/import.md).
#   bench/import/run.sh [EXPORT_DIR]
# Generates the export first if EXPORT_DIR has none (seed 20210101, 2016-2025; minutes on 2 cores), then runs
# `revival import` once into a fresh data directory under /usr/bin/time -v and prints rows/s and peak RSS.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export_dir=${1:-/tmp/revival-bench-2m}
data_dir=$(mktemp -d /tmp/revival-bench-data-XXXXXX)
trap 'rm -rf "$data_dir"' EXIT

dotnet build -c Release "$root/src/Cli" -v quiet -nologo >/dev/null
revival="$root/src/Cli/bin/Release/net10.0/linux-x64/revival"

if [[ ! -f "$export_dir/_manifest.json" ]]; then
    "$revival" generate --out "$export_dir" --households 2000000 --years 2016-2025 --seed 20210101 --force
fi

rows=$(/usr/bin/python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(sum(t["rows"] for t in m["tables"].values()))' "$export_dir/_manifest.json")
bytes=$(du -sb "$export_dir" | cut -f1)
timing=$(mktemp)
/usr/bin/time -v "$revival" import "$export_dir" --data "$data_dir" 2>"$timing" | tail -n 3
seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$timing")
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$timing")
cpu=$(awk -F': ' '/Percent of CPU/ { print $2 }' "$timing")
rm -f "$timing"
/usr/bin/python3 - "$rows" "$bytes" "$seconds" "$rss_kb" "$cpu" <<'PY'
import sys
rows, size, seconds, rss_kb, cpu = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
print(f"rows {rows:,}  export {size / 1e6:,.0f} MB  wall {seconds:.1f} s  CPU {cpu}")
print(f"throughput {rows / seconds:,.0f} rows/s  peak RSS {rss_kb / 1024:,.0f} MiB")
PY
