#!/usr/bin/env bash
# scripts/run-tap.sh: run the TAP tests in test/tap with prove, as the postgres
# user (PostgreSQL::Test::Cluster runs initdb, which refuses root), with their
# scratch files in a temporary directory.  prove prints its own summary.
set -u
cd "$(dirname "$0")/.."
. scripts/lib.sh
work=$(mktemp -d /tmp/dossier-tap.XXXXXX)
trap 'as_root rm -rf "$work"' EXIT
cp -r test/tap "$work/t"
# the driver programs test/tap/010_access_driver.pl runs, beside the tests
make -s PG_CONFIG="$PG_CONFIG" driver || exit 1
mkdir -p "$work/driver"
cp build/driver/* test/driver/*.py "$work/driver/"
as_root chown -R postgres: "$work"
perl_lib=$($PG_CONFIG --pgxs | sed 's|/src/makefiles/pgxs.mk$|/src/test/perl|')
cd "$work"
as_postgres env PATH="$PG_BINDIR:$PATH" TESTDIR="$work" PG_REGRESS="$(dirname "$perl_lib")/regress/pg_regress" \
  prove -I "$perl_lib" -I "$work/t" t/*.pl
