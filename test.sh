#!/usr/bin/env bash
# Sets everything up and runs every test (unit, web, end-to-end in Chromium, notebook on the demo data).
set -euo pipefail
cd "$(dirname "$0")"
bash eng/setup.sh
# The app store is tested on a real PostgreSQL 15 too: installed from apt and started on loopback.
bash eng/postgres.sh
bash eng/run-tests.sh
