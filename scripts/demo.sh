#!/usr/bin/env bash
# scripts/demo.sh start|stop: what `make demo` and `make demo-stop` run.
#
# start: installs missing packages, builds and installs the extension, starts
# (or reuses) a durable server as postgres with its data and socket in .demo/
# under the checkout, creates database dossier_demo with the extension, loads
# the reference catalogue and an illustrative sample (demo/sample.sql), then
# prints a tour (demo/tour_*.sql, in name order) and how to connect.
# Running it again reuses the instance, the database and the data.
# stop: stops the server; the data stays for the next start.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

checkout=$(pwd -P)
record=$checkout/.demo/instance-dir
db=dossier_demo

# The instance lives in .demo/ unless its socket path would be too long for
# a Unix socket (PostgreSQL allows about 100 bytes); then under /tmp, and
# .demo/instance-dir records where.
instance_dir() {
  local dir=$checkout/.demo
  if [ -f "$record" ]; then
    cat "$record"
    return
  fi
  if [ "$(printf '%s' "$dir/.s.PGSQL.5432" | wc -c)" -gt 100 ]; then
    dir=/tmp/dossier-demo-$(printf '%s' "$checkout" | md5sum | cut -c1-12)
  fi
  echo "$dir"
}

running() {
  as_postgres "$PG_BINDIR/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

start() {
  ensure_deps
  build_and_install

  mkdir -p "$checkout/.demo"
  local dir
  dir=$(instance_dir)
  mkdir -p "$dir"
  [ "$dir" = "$checkout/.demo" ] || echo "$dir" >"$record"
  if running "$dir"; then
    echo "== demo server already running in $dir"
  else
    if [ -f "$dir/data/PG_VERSION" ]; then
      echo "== starting the demo server in $dir"
    else
      echo "== creating and starting the demo server in $dir"
    fi
    start_instance "$dir" durable || { tail -20 "$dir/server.log" 2>/dev/null; return 1; }
  fi

  local psql=("$PG_BINDIR/psql" -X -q -h "$dir" -p 5432 -U postgres -v ON_ERROR_STOP=1
              -P pager=off)
  if [ -z "$("${psql[@]}" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    echo "== creating database $db"
    "${psql[@]}" -d postgres -c "CREATE DATABASE $db"
  fi

  # The install script changes without a version bump while a version is
  # under development: recreate the extension when it differs from the one
  # the database was made with (its md5 is kept in the database comment).
  local script md5 had
  script="$($PG_CONFIG --sharedir)/extension/dossier--$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" dossier.control).sql"
  md5=$(md5sum "$script" | cut -c1-32)
  had=$("${psql[@]}" -d "$db" -Atc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")
  if [ -n "$("${psql[@]}" -d "$db" -Atc "SELECT 1 FROM pg_extension WHERE extname = 'dossier'")" ] \
     && [ "$had" != "dossier install script $md5" ]; then
    # the sample's tables use the extension's types: they go too (CASCADE
    # would only drop their columns) and demo/sample.sql makes them again
    echo "== the install script changed since the demo database was set up: recreating the extension and the sample"
    "${psql[@]}" -d "$db" -c "SET client_min_messages = warning" \
      -c "DROP SCHEMA IF EXISTS demo CASCADE" -c "DROP EXTENSION dossier CASCADE"
  fi
  "${psql[@]}" -d "$db" -c "SET client_min_messages = warning" \
    -c "CREATE EXTENSION IF NOT EXISTS dossier CASCADE" \
    -c "COMMENT ON DATABASE $db IS 'dossier install script $md5'"

  echo "== loading the administrative-unit catalogue (dossier.load_admin_units)"
  local t0 ms
  t0=$(date +%s%N)
  "${psql[@]}" -d "$db" -c "SELECT * FROM dossier.load_admin_units()"
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  printf '   (loaded in %d.%01d s)\n' $((ms / 1000)) $((ms % 1000 / 100))

  echo "== loading the illustrative sample (demo/sample.sql)"
  "${psql[@]}" -d "$db" -f demo/sample.sql

  local f
  for f in demo/tour_*.sql; do
    echo
    "${psql[@]}" -d "$db" -f "$f"
  done

  cat <<MSG

== the demo is running
   connect:  $PG_BINDIR/psql -h $dir -p 5432 -U postgres -d $db
   stop:     make demo-stop
MSG
}

stop() {
  local dir
  dir=$(instance_dir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    echo "== stopping the demo server in $dir"
    stop_instance "$dir"
  else
    echo "== no demo server is running in $dir"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
