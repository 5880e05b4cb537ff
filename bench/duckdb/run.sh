#!/usr/bin/env bash
# Our DuckDB binding vs @duckdb/node-api@1.5.6-r.1 (same libduckdb): prints each case's median and ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd bench/duckdb && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
dotnet run -c Release bench/duckdb/DuckDbBench.cs -- "${1:-bench/results/duckdb}" "${2:-7}"
