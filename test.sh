#!/usr/bin/env bash
# Sets everything up and runs every test (unit, web, end-to-end in Chromium, notebook on the demo data).
set -euo pipefail
cd "$(dirname "$0")"
bash eng/setup.sh
bash eng/run-tests.sh
