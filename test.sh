#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL and SQLite and ends with one line: "N passed, N failed, N skipped".
# Uses PLATFORM_TEST_POSTGRES when set; otherwise starts a throwaway PostgreSQL server and stops it afterwards.
set -uo pipefail
cd "$(dirname "$0")"

if [ -z "${PLATFORM_TEST_POSTGRES:-}" ]; then
  eval "$(deploy/scripts/test-postgres.sh start)" || exit 1
  trap 'deploy/scripts/test-postgres.sh stop "$PGTEST_DIR"' EXIT
fi
export PLATFORM_TEST_POSTGRES

results=$(mktemp -d /tmp/op-test-results.XXXXXX)
# Artifacts such as the admin UI's screenshots go beside the results.
export PLATFORM_TEST_RESULTS="$results"
dotnet test OrleansPlatform.sln -c Release --logger "trx;LogFileName=results.trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
# Name the failures once more at the end, where a reader of a long CI log looks first.
for trx in "$results"/*.trx "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | grep -o 'testName="[^"]*"' | sed 's/^testName=/FAILED: /' || true
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
