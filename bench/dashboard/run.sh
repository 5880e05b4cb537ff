#!/usr/bin/env bash
# Dashboard load bench on loopback, signed in: the app (Release) over a generated export (or BENCH_DATA, an export or a
# data store), bench users with mixed scopes in an app store of the bench's own, then bench/dashboard/DashboardLoad.cs
# (warm sequential latency of each page, sign-in throughput, the prefecture SQL workspace's build, N concurrent clients
# with mixed scopes over a page/API mix, the app's RSS over the run) and, if wrk is available, wrk on the overview as a
# second opinion (with a signed-in cookie). Prints the load average beside the figures.
# Usage (from anywhere): bash bench/dashboard/run.sh [households=2000000] [seconds=300] [clients=50]
# The 2,000,000-household export takes a while to generate and the aggregates a while to build at start-up; on a busy
# machine run it small first: bash bench/dashboard/run.sh 20000 30 50
set -euo pipefail
cd "$(dirname "$0")/../.."
households="${1:-2000000}"
seconds="${2:-300}"
clients="${3:-50}"
port="${BENCH_PORT:-5280}"
# BENCH_DATA: use an existing export (read only) instead of generating one.
data="${BENCH_DATA:-bench/data/dashboard-${households}}"
cache="$PWD/bench/data/metric-cache-${households}"
results="bench/results/dashboard"
mkdir -p "$results"

if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=300 wrk) >/dev/null 2>&1 || echo "wrk not installed; the .NET harness runs alone"
fi

dotnet build -c Release src/Cli -v quiet -nologo >/dev/null
dotnet build -c Release src/Dashboard -v quiet -nologo >/dev/null
revival="$(find src/Cli/bin/Release -name revival -type f | head -1)"
dashboard="$(find src/Dashboard/bin/Release -name Dashboard.dll | head -1)"
# A data store (revival import's layout, with a current version) is served as it is; an export is generated if missing.
if [ ! -f "$data/_manifest.json" ] && [ ! -f "$data/current" ]; then
  "$revival" generate --out "$data" --households "$households" --force
fi

# Users in a store of the bench's own (the data may be read-only): province, two prefectures, two counties.
store="$PWD/bench/data/app-store-bench.db"
users="$PWD/bench/data/bench-users.tsv"
export Revival__AppStore__ConnectionString="Data Source=$store"
if [ ! -f "$users" ]; then
  rm -f "$store" "$users.passwords"
  csv="$(mktemp)"
  printf '%s\n' "user_name,display_name,roles,scope,personal_data" \
    "bench-province,bench,leader;analyst,province,0" "bench-taiyuan,bench,analyst,prefecture:140100,0" \
    "bench-xinzhou,bench,leader,prefecture:140900,0" "bench-wuzhai,bench,analyst,counties:140928,0" \
    "bench-xiaodian,bench,leader,counties:140105,0" >"$csv"
  # Service accounts of the bench: they sign in with the generated passwords, no change asked.
  "$revival" users import "$csv" --passwords "$users.passwords" --no-password-change --data "$PWD/bench/data" >/dev/null
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
echo "app ready (aggregates built) after $(echo "$(date +%s.%N) - $started" | bc) s; RSS $(awk '/VmRSS/ {print int($2/1024)" MB"}' /proc/$app/status)"

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_USERS="$users" dotnet run -c Release bench/dashboard/DashboardLoad.cs -- "http://127.0.0.1:$port/" "$app" "$seconds" "$clients" "$results"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "the same mix with every request rendered (cache misses only), 60 s at most:"
BENCH_USERS="$users" BENCH_UNCACHED=1 dotnet run -c Release bench/dashboard/DashboardLoad.cs -- "http://127.0.0.1:$port/" "$app" "$(( seconds < 60 ? seconds : 60 ))" "$clients" "$results" || true

if command -v wrk >/dev/null; then
  echo "wrk, overview page, $clients connections, 20 s:"
  # A signed-in cookie for wrk: sign in once with curl.
  jar="$(mktemp)"
  token="$(curl -sf -c "$jar" "http://127.0.0.1:$port/signin" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1)"
  curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "userName=$(head -1 "$users" | cut -f1)" \
    --data-urlencode "password=$(head -1 "$users" | cut -f2)" --data-urlencode "__RequestVerificationToken=$token" "http://127.0.0.1:$port/account/signin"
  cookie="$(awk '$6 == "revival.auth" {print $6"="$7}' "$jar")"
  wrk -t2 -c"$clients" -d20s --latency -H "Cookie: $cookie" "http://127.0.0.1:$port/" | sed -n '1,20p'
fi
