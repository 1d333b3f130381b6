#!/usr/bin/env bash
# scripts/bench.sh: what `make bench` runs.  Installs, starts a throwaway
# server, runs every bench/*.sql with psql and prints their figures.  A
# benchmark prints ratios against a baseline measured in the same run; it
# asserts nothing (see bench/RESULTS.md for recorded figures).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_deps
build_and_install
tmpdir=$(mktemp -d /tmp/dossier-bench.XXXXXX)
trap 'stop_instance "$tmpdir"; as_root rm -rf "$tmpdir"' EXIT
start_instance "$tmpdir"
export PGHOST=$tmpdir PGPORT=5432 PGUSER=postgres
"$PG_BINDIR/psql" -q -X -d postgres -c "CREATE DATABASE dossier_bench"
"$PG_BINDIR/psql" -q -X -d dossier_bench -c "CREATE EXTENSION dossier CASCADE" 2>/dev/null
# bench/*.sql run in this server; shell drivers (bench/transition.sh,
# bench/soak.sh) start their own and are run by naming them:
#   BENCH=bench/transition.sh make bench
for f in ${BENCH:-bench/*.sql}; do
  echo "== $f"
  case $f in
    *.sh) SKIP_BUILD=1 "$f" ;;
    *)    "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d dossier_bench -f "$f" ;;
  esac
done
