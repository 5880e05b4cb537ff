#!/usr/bin/env bash
# Signed-in figures at 2,000,000 households (issue 12): imports the shared 2M export into a data store of the bench's own
# (once; the export stays read-only), then runs the dashboard bench over that store: province overview warm p50/p95,
# sign-in throughput with the real password hasher, the time to build a prefecture-scoped SQL workspace, and
# <clients> signed-in clients with mixed scopes (province, two prefectures, two counties) for <seconds>: p95, errors, RSS.
# Needs a quiet machine; prints the load average beside the figures.
# Usage: bash bench/auth/run.sh [export=/work/bench-data/export-2m] [seconds=300] [clients=50]
set -euo pipefail
cd "$(dirname "$0")/../.."
export_dir="${1:-/work/bench-data/export-2m}"
seconds="${2:-300}"
clients="${3:-50}"
store="$PWD/bench/data/store-2m"
dotnet build -c Release src/Cli -v quiet -nologo >/dev/null
revival="$(find src/Cli/bin/Release -name revival -type f | head -1)"
if [ ! -f "$store/current" ]; then
  echo "load average before the import: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -v "$revival" import "$export_dir" --data "$store" 2>&1 | grep -E "published|Elapsed|Maximum resident" || true
fi
BENCH_DATA="$store" bash bench/dashboard/run.sh 2000000 "$seconds" "$clients"
