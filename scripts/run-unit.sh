#!/usr/bin/env bash
# scripts/run-unit.sh: run each cmocka binary given; exit non-zero if any fails.
set -u
rc=0
for bin in "$@"; do
  "$bin" || rc=1
done
exit $rc
