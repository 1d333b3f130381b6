#!/usr/bin/env bash
# scripts/run-tap.sh: run the TAP tests in test/tap with prove, as the postgres
# user (PostgreSQL::Test::Cluster runs initdb, which refuses root), with their
# scratch files in a temporary directory.  prove prints its own summary.
# Arguments name tests to run (test/tap/006_upgrade.pl or 006_upgrade.pl);
# none runs them all.  The tests find the checkout (its sql/, expected/,
# test/fixtures/ and Makefile) through DOSSIER_SRC.
set -u
cd "$(dirname "$0")/.."
. scripts/lib.sh
work=$(mktemp -d /tmp/dossier-tap.XXXXXX)
trap 'as_root rm -rf "$work"' EXIT
cp -r test/tap "$work/t"
src=$(pwd -P)
# the driver programs test/tap/010_access_driver.pl runs, beside the tests
make -s PG_CONFIG="$PG_CONFIG" driver || exit 1
mkdir -p "$work/driver"
cp build/driver/* test/driver/*.py "$work/driver/"
as_root chown -R postgres: "$work"
perl_lib=$($PG_CONFIG --pgxs | sed 's|/src/makefiles/pgxs.mk$|/src/test/perl|')
cd "$work"
tests=()
for t in "$@"; do tests+=("t/$(basename "$t")"); done
[ ${#tests[@]} -eq 0 ] && tests=(t/*.pl)
as_postgres env PATH="$PG_BINDIR:$PATH" TESTDIR="$work" DOSSIER_SRC="$src" PG_REGRESS="$(dirname "$perl_lib")/regress/pg_regress" \
  prove -I "$perl_lib" -I "$work/t" "${tests[@]}"
