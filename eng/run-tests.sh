#!/usr/bin/env bash
# Runs every test project, one after another (the browser tests get the machine's two cores to themselves),
# and prints one closing line "N passed, N failed". A crashed test host fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
status=0
for project in tests/*/*.csproj; do
  echo "==> $project"
  dotnet test "$project" -c "${CONFIGURATION:-Debug}" --no-build -nologo --results-directory TestResults 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if grep -qE 'Catastrophic failure|Test process crashed|Test Run Aborted' "$log"; then
  echo "测试进程崩溃 / a test host crashed" >&2
  failed=$((failed + 1))
  status=1
fi
rm -f "$log"
echo "tests: ${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
