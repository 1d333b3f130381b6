#!/usr/bin/env bash
# scripts/test.sh: what `make test` runs.
#
# Installs missing packages, builds and installs the extension, then runs the
# cmocka unit tests (ASan + UBSan), a fuzz smoke run of every harness, and the
# pg_regress and isolation suites against a throwaway server started as the
# postgres user in a temporary directory, and the TAP tests.  Ends with "N passed, N failed" and
# exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# The extension is built with assertions on (the core's assert(), the glue's
# Assert()) for the suites; ASSERTS=0 make test runs them on a release build.
export ASSERTS=${ASSERTS:-1}

passed=0
failed=0
count() { passed=$((passed + $1)); failed=$((failed + $2)); }

ensure_deps || { echo "0 passed, 1 failed"; exit 1; }
if ! build_and_install; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

log=$(mktemp)
tmpdir=$(mktemp -d /tmp/dossier-test.XXXXXX)
cleanup() {
  stop_instance "$tmpdir"
  as_root rm -rf "$tmpdir" "$log"
}
trap cleanup EXIT
trap "exit 130" INT TERM HUP

# Unit tests: cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)".
echo "== unit tests (cmocka, ASan + UBSan)"
make -s PG_CONFIG="$PG_CONFIG" unit 2>&1 | tee "$log"
unit_rc=${PIPESTATUS[0]}
p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
[ "$unit_rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
count "$p" "$f"

# Fuzz smoke: each harness counts as one test.
echo "== fuzz smoke run"
make -s PG_CONFIG="$PG_CONFIG" fuzz-smoke 2>&1 | tee "$log"
fuzz_rc=${PIPESTATUS[0]}
p=$(grep -c '^fuzz .* ok$' "$log")
f=$(grep -c '^fuzz .* FAILED$' "$log")
[ "$fuzz_rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
count "$p" "$f"

# SQL suites against a throwaway server.
echo "== starting a throwaway server in $tmpdir"
if ! start_instance "$tmpdir"; then
  cat "$tmpdir/server.log" 2>/dev/null
  count 0 1
  echo "$passed passed, $failed failed"
  exit 1
fi
export PGHOST=$tmpdir PGPORT=5432 PGUSER=postgres

# pg_regress ends with " All N tests passed." or " M of N tests failed."
regress_summary() {
  local line
  line=$(grep -E '^ *(All [0-9]+ tests passed|[0-9]+ of [0-9]+ tests failed)' "$log" | tail -1)
  if [[ $line =~ All\ ([0-9]+)\ tests\ passed ]]; then
    count "${BASH_REMATCH[1]}" 0
  elif [[ $line =~ ([0-9]+)\ of\ ([0-9]+)\ tests\ failed ]]; then
    count $((BASH_REMATCH[2] - BASH_REMATCH[1])) "${BASH_REMATCH[1]}"
  else
    count 0 1
  fi
}

echo "== pg_regress"
make -s PG_CONFIG="$PG_CONFIG" installcheck-regress 2>&1 | tee "$log"
regress_summary
[ -f regression.diffs ] && head -200 regression.diffs

echo "== isolation"
make -s PG_CONFIG="$PG_CONFIG" installcheck-isolation 2>&1 | tee "$log"
regress_summary
[ -f output_iso/regression.diffs ] && head -200 output_iso/regression.diffs

# TAP tests: each starts its own clusters; prove prints its own summary.
echo "== TAP"
scripts/run-tap.sh 2>&1 | tee "$log"
tap_rc=${PIPESTATUS[0]}
t=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$log" | tail -1)
f=$(grep -o 'Failed: [0-9]*)' "$log" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}')
[ "$tap_rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
count $(( ${t:-0} - f > 0 ? ${t:-0} - f : 0 )) "$f"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
