#!/usr/bin/env bash
# The whole test suite, as the README says: installs what is missing, builds the
# `ci` preset (optimized, -Werror) and runs every test with ctest. The tests start
# their own throwaway PostgreSQL and cloudsim; nothing outside build/ is touched.
#   scripts/test.sh              the suite (what CI runs)
#   scripts/test.sh asan-ubsan   the same suite under AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-ci}

scripts/install-deps.sh
jobs=$(nproc)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$jobs"
ctest --preset "$preset" -j "$jobs" --timeout 600
