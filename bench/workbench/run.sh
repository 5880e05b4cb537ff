#!/usr/bin/env bash
# Workbench bench on loopback, signed in, in Debian's Chromium: the app (Release) over a generated export (or BENCH_DATA,
# an export or a data store) with a metric cache, analysts of mixed scopes in an app store of the bench's own, then
# bench/workbench/WorkbenchLoad.cs: the first page of a county-level aggregate (p95, warm), autocomplete, N analysts
# querying at once for S seconds (errors, p95, the app's RSS over time) and a 1,000,000-row XLSX and Parquet export
# (time, peak RSS). Prints the load average beside the figures.
# Usage (from anywhere): bash bench/workbench/run.sh [households=2000000] [seconds=300] [analysts=20]
# BENCH_ONLY=latency,autocomplete,load,export picks parts. On a busy machine run it small first:
#   bash bench/workbench/run.sh 20000 30 5
set -euo pipefail
cd "$(dirname "$0")/../.."
households="${1:-2000000}"
seconds="${2:-300}"
analysts="${3:-20}"
port="${BENCH_PORT:-5281}"
data="${BENCH_DATA:-bench/data/dashboard-${households}}"
cache="$PWD/bench/data/metric-cache-${households}"
results="bench/results/workbench"
mkdir -p "$results"

if ! command -v chromium >/dev/null; then
  apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium fonts-noto-cjk >/dev/null
fi

dotnet build -c Release src/Cli -v quiet -nologo >/dev/null
dotnet build -c Release src/Dashboard -v quiet -nologo >/dev/null
revival="$(find src/Cli/bin/Release -name revival -type f | head -1)"
dashboard="$(find src/Dashboard/bin/Release -name Dashboard.dll | head -1)"
if [ ! -f "$data/_manifest.json" ] && [ ! -f "$data/current" ]; then
  "$revival" generate --out "$data" --households "$households" --force
fi

# Analysts in a store of the bench's own, one account each (the per-user cap counts accounts): mixed scopes.
mkdir -p bench/data/workbench
store="$PWD/bench/data/workbench/app-store.db"
users="$PWD/bench/data/workbench/users.tsv"
export Revival__AppStore__ConnectionString="Data Source=$store"
if [ ! -f "$users" ]; then
  rm -f "$store" "$users.passwords"
  csv="$(mktemp)"
  echo "user_name,display_name,roles,scope,personal_data" >"$csv"
  scopes=(province province prefecture:140100 prefecture:140900 counties:140928 province prefecture:140100 province prefecture:140900 counties:140105)
  for i in $(seq -w 1 40); do
    echo "bench-analyst-$i,bench,analyst,${scopes[$(( (10#$i - 1) % ${#scopes[@]} ))]},0" >>"$csv"
  done
  "$revival" users import "$csv" --passwords "$users.passwords" --no-password-change --data "$PWD/bench/data/workbench" >/dev/null
  paste "$users.passwords" <(tail -n +2 "$csv" | cut -d, -f4) >"$users"
  rm -f "$csv"
fi

log="$results/app-${households}.log"
REVIVAL_DATA="$(cd "$data" && pwd)" REVIVAL_METRIC_CACHE="$cache" ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
  Revival__Security__SignInPermitsPerMinute=1000000 Logging__LogLevel__Default=Warning dotnet "$dashboard" >"$log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true' EXIT
started=$(date +%s.%N)
until curl -sf "http://127.0.0.1:$port/api/health" >/dev/null; do
  kill -0 "$app" 2>/dev/null || { echo "the app stopped:"; cat "$log"; exit 1; }
  sleep 0.5
done
echo "app ready after $(echo "$(date +%s.%N) - $started" | bc) s; RSS $(awk '/VmRSS/ {print int($2/1024)" MB"}' /proc/$app/status); uptime: $(uptime)"
BENCH_USERS="$users" dotnet run -c Release bench/workbench/WorkbenchLoad.cs -- "http://127.0.0.1:$port" "$app" "$seconds" "$analysts" "$results"
echo "uptime after the run: $(uptime)"
