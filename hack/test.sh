#!/usr/bin/env bash
# test.sh is `make test`: install the real test environment (cached), run every test with the race
# detector, and print what proves the run was real (each integration package's kube-apiserver/etcd
# start line, package results, failures) plus a one-line summary. The full log is kept in $TEST_LOG.
set -euo pipefail
cd "$(dirname "$0")/.."

FLEETKIT_TESTBIN=$(./hack/setup-testenv.sh)
export FLEETKIT_TESTBIN
log=${TEST_LOG:-$(mktemp -t fleetkit-test.XXXXXX)}

set +e
go test -race -count=1 -timeout "${TEST_TIMEOUT:-40m}" -v ./... >"$log" 2>&1
status=$?
# The Karmada oracle tests are a module of their own (they import Karmada's scheduler internals); they
# compare single-goroutine computations, so they run without the race detector.
(cd internal/compat/karmada && go test -count=1 -timeout "${TEST_TIMEOUT:-40m}" -v ./...) >>"$log" 2>&1
compat=$?
[ "$status" -ne 0 ] || status=$compat
set -e

grep -E '^(ok|FAIL|panic:|\?)|testenv: |defaulting differential test: |--- FAIL' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "--- failing output (full log: $log) ---"
  grep -E -B2 -A30 -- '--- FAIL|^panic:|\[build failed\]|cannot|undefined' "$log" | head -400 || true
fi
passed=$(grep -c -E -- '--- PASS' "$log" || true)
failed=$(grep -c -E -- '--- FAIL' "$log" || true)
echo "full log: $log"
echo "tests: $passed passed, $failed failed"
exit "$status"
