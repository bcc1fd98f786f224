#!/usr/bin/env bash
# The whole test suite, as the README says: installs what is missing, builds the
# `ci` preset (optimized, -Werror) and runs every test with ctest. The tests start
# their own throwaway PostgreSQL and cloudsim; nothing outside build/ is touched.
#   scripts/test.sh              the suite (what CI runs)
#   scripts/test.sh asan-ubsan   the same suite under AddressSanitizer + UBSan
#   scripts/test.sh tsan         the same suite under ThreadSanitizer (halts on the first race)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-ci}

scripts/install-deps.sh
export PATH="$PWD/build/tools/bin:$PATH" # promtool, when install-deps unpacked it there
jobs=$(nproc)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$jobs"
log="build/$preset/ctest.log"
ctest --preset "$preset" -j "$jobs" --timeout 600 2>&1 | tee "$log"

# The clouds' official examples live beside the repository, never in it: in a
# clone with nothing beside it the tests that replay them skip (CI sets
# CLOUDSYNC_REQUIRE_EXAMPLES=1, which makes their absence a failure).
examples=${CLOUDSYNC_FIXTURES_DIR:-$PWD/../shared/fixtures}
if [ ! -d "$examples/azure" ]; then
  echo "note: $(grep -c '(Skipped)' "$log" || true) tests skipped: the official examples were" \
       "not found in $examples (set CLOUDSYNC_FIXTURES_DIR to where they are)"
fi

# CI's package test: the .deb built from this build is linted, installed,
# checked, removed and purged (scripts/package-test.sh; about 35 s, the
# install steps skipped without root or sudo).
if [ "$preset" = ci ]; then
  scripts/package.sh --test "build/$preset"
fi

# CI's fuzzing smoke test: every libFuzzer target of fuzz/ for 15 s (about 2 min
# to build and 5 to run on 2 cores); a finding fails the run. scripts/fuzz.sh
# runs them longer by hand.
if [ "$preset" = ci ]; then
  scripts/fuzz.sh 15
fi
