#!/usr/bin/env bash
# Sets everything up and runs the main job: the dashboard on the built-in demo dataset
# (generated and imported on first run into data/store), at http://127.0.0.1:5000 (PORT to change it).
set -euo pipefail
cd "$(dirname "$0")"
# Release: the JIT optimises our code (a Debug build scores households several times slower).
CONFIGURATION=Release bash eng/setup.sh
revival=src/Cli/bin/Release/net10.0/linux-x64/revival
export REVIVAL_DATA="${REVIVAL_DATA:-$PWD/data/store}"
if [ ! -f "$REVIVAL_DATA/current" ]; then
  # The built-in demo: a deterministic synthetic export, validated and published as the first data version.
  [ -f data/demo-export/_manifest.json ] || "$revival" generate --out data/demo-export --households 20000 --seed 20210101 --force
  "$revival" import data/demo-export --data "$REVIVAL_DATA"
fi
if [ ! -d "$REVIVAL_DATA/models" ]; then
  # Risk and income models for the demo (about a minute on 2 cores); the dashboard only loads them.
  "$revival" train --data-dir "$REVIVAL_DATA" --seed 20210101
fi
# One demo user per role (first run only): passwords printed once and kept in $REVIVAL_DATA/demo-users.txt (git-ignored).
"$revival" users demo --data "$REVIVAL_DATA"
# A whole demo post-assessment year (first run only; a year already started is left alone): scores, field checks,
# workflow, published results and rectification, for the /assessment pages; and 2024 before it, every county published,
# so the scorecards and class rankings have a year on year.
if [ -f data/demo-export/_manifest.json ]; then
  "$revival" assess demo-year --data "$REVIVAL_DATA" --export data/demo-export --year 2025 --previous-year 2024 | grep -v "^county "
fi
url="http://127.0.0.1:${PORT:-5000}"
echo "==> 仪表盘 / dashboard: $url  (登录 / sign in: $REVIVAL_DATA/demo-users.txt; Ctrl+C 停止 / to stop)"
exec dotnet run --project src/Dashboard -c Release --no-build --no-launch-profile -- --urls "$url"
