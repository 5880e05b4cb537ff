#!/usr/bin/env bash
# The risk model beside its peers and the truth (docs/models.md section 7):
#   ML.NET LightGbm (this branch) · XGBoost 1.7.4 through our former binding (commit 5adffd2, built in a temporary
#   worktree outside the repository and deleted afterwards) · Python xgboost and scikit-learn HistGradientBoosting
#   (Debian packages, installed here, peers only) · the generator's own probabilities.
# Usage: bash bench/models/run.sh EXPORT [THREADS]   (an export of `revival generate`; 2 threads by default)
# Prints one Markdown table; every figure notes the machine's load average next to it in the log.
set -euo pipefail
cd "$(dirname "$0")/../.."
export_dir=$(realpath "${1:?usage: run.sh EXPORT [THREADS]}")
threads=${2:-2}
work=$(mktemp -d /tmp/revival-models-bench.XXXXXX)
out="$work/out"
mkdir -p "$out"
old="$work/xgboost-5adffd2"
cleanup() {
  git worktree remove --force "$old" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Peers only, never run-time dependencies: Python's learners, and libxgboost for the former binding.
CONFIGURATION=Release bash eng/setup.sh python3-xgboost python3-sklearn python3-pandas libxgboost0 libxgboost-dev time bc >/dev/null
revival=src/Cli/bin/Release/net10.0/linux-x64/revival
load() { cut -d' ' -f1-3 /proc/loadavg; }
# wall seconds and peak RSS of a command, from GNU time
measure() {
  local label=$1; shift
  /usr/bin/time -v "$@" > "$work/$label.log" 2> "$work/$label.time" || { cat "$work/$label.time" >&2; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$work/$label.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/$label.time" | awk '{printf "%.2f GB", $NF/1024/1024}')
  echo "$label: wall $wall, peak RSS $rss, load average $(load)" >&2
  printf '%s\ttrain_seconds\t%s\n%s\tpeak_rss\t%s\n' "$label" "$wall" "$label" "$rss" >> "$out/timings.tsv"
}

echo "==> ML.NET (this branch): revival train --model risk" >&2
measure mlnet "$revival" train --model risk --data "$export_dir" --data-dir "$work/store" --threads "$threads"
# revival predict needs both models; the income model is arithmetic over the county panel (seconds).
"$revival" train --model income --data "$export_dir" --data-dir "$work/store" > /dev/null
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$revival" predict --data "$export_dir" --data-dir "$work/store" --out "$work/predict" > /dev/null
  echo "mlnet: revival predict (start, load both models, score every household, forecast, write CSV) $(echo "$(date +%s.%N) - $start" | bc) s (load $(load))" >&2
done
# scoring's parts (feature query, trees, ranges) on their own, 5 runs, with the load average beside each
dotnet run -c Release bench/models/RiskBench.cs -- score "$export_dir" "$work/store" "$out" "$threads" >&2
dotnet run -c Release bench/models/RiskBench.cs -- prepare "$export_dir" "$work/store" "$out" "$threads" >&2

echo "==> XGBoost 1.7.4 through the former binding (commit 5adffd2)" >&2
git worktree add --detach "$old" 5adffd2 >/dev/null 2>&1
cp bench/models/XgboostPredictions.cs "$old/bench/models/"
(cd "$old" && dotnet build src/Cli -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null)
measure xgboost-5adffd2 "$old/src/Cli/bin/Release/net10.0/linux-x64/revival" train --model risk --data "$export_dir" --data-dir "$work/store-xgb" --threads "$threads"
start=$(date +%s.%N)
(cd "$old" && dotnet run -c Release bench/models/XgboostPredictions.cs -- "$export_dir" "$work/store-xgb" "$out" >&2)
echo "xgboost-5adffd2: test-year scoring through dotnet run $(echo "$(date +%s.%N) - $start" | bc) s" >&2
printf 'xgboost-5adffd2\tname\tXGBoost 1.7.4, former C# binding (5adffd2)\n' >> "$out/timings.tsv"

echo "==> Python peers" >&2
for learner in xgboost hgb hgb-default; do
  line=$(/usr/bin/python3 bench/models/peers.py "$out" "$learner" 20210101 "$threads" 300 0.05 5)
  echo "$learner: $line (load $(load))" >&2
  python3 -c "
import json,sys; r=json.loads(sys.argv[1])
print(f\"{r['learner']}\tname\t{r['name']}\n{r['learner']}\ttrain_seconds\t{r['train_seconds']:.1f}\n{r['learner']}\tscore_seconds\t{r['score_seconds']:.1f}\n{r['learner']}\tpeak_rss\t{r['peak_rss_mb']/1024:.2f} GB\")" "$line" >> "$out/timings.tsv"
done
printf 'oracle\tname\tthe generator (province year known)\noracle-at-cutoff\tname\tthe generator (knowable at the cutoff)\n' >> "$out/timings.tsv"

echo "==> report (load $(load))" >&2
dotnet run -c Release bench/models/RiskBench.cs -- report "$export_dir" "$work/store" "$out"
