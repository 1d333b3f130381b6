#!/usr/bin/env bash
# scripts/demo.sh start|stop: what `make demo` and `make demo-stop` run.
#
# start: installs missing packages, builds and installs the extension, starts
# (or reuses) a durable server as postgres with its data and socket in .demo/
# under the checkout, creates database dossier_demo with the extension, loads
# the reference catalogue and an illustrative sample (demo/sample.sql), then
# prints a tour (demo/tour_*.sql, in name order) and how to connect.
# Running it again reuses the instance, the database and the data: an
# extension of an earlier version is updated (ALTER EXTENSION dossier
# UPDATE), never dropped.
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

# Rebuild the demo database from a dump of itself with the installed
# scripts (a restore with dossier.restore_mode, all or nothing), keeping
# the old database when its data does not restore.
rebuild_from_dump() {
  local dir=$1 dump conn=(-h "$1" -p 5432 -U postgres)
  dump=$(mktemp /tmp/dossier-demo-dump.XXXXXX)
  "$PG_BINDIR/pg_dump" "${conn[@]}" -Fc -f "$dump" -d "$db" || { rm -f "$dump"; return 1; }
  "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS ${db}_rebuilt" -c "CREATE DATABASE ${db}_rebuilt"
  if PGOPTIONS='-c dossier.restore_mode=on -c client_min_messages=error' \
     "$PG_BINDIR/pg_restore" "${conn[@]}" --single-transaction -d "${db}_rebuilt" "$dump"; then
    "${psql[@]}" -d postgres -c "DROP DATABASE $db WITH (FORCE)" \
      -c "ALTER DATABASE ${db}_rebuilt RENAME TO $db"
    rm -f "$dump"
  else
    "${psql[@]}" -d postgres -c "DROP DATABASE ${db}_rebuilt"
    rm -f "$dump"
    echo "== the demo data does not restore into the changed scripts; the database is kept as it was." >&2
    echo "   For a new one: $PG_BINDIR/dropdb -h $dir -p 5432 -U postgres $db, then make demo" >&2
    return 1
  fi
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

  # The extension: a database without it gets the default version; one made
  # by an earlier release is updated with ALTER EXTENSION dossier UPDATE,
  # which keeps its data (docs/dba-guide.md, "Upgrade").  While a version is
  # under development its scripts change without a version bump, and no
  # update path leads from one state of them to the next: a database at the
  # default version made from other scripts (their md5 is kept in the
  # database comment) is rebuilt from a dump of itself, which keeps its data
  # too (docs/dba-guide.md, "Backup and restore").
  local default installed sums had
  default=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" dossier.control)
  sums=$({ cat "$($PG_CONFIG --sharedir)/extension/dossier--$default.sql" \
              "$($PG_CONFIG --sharedir)"/extension/dossier--*--"$default".sql 2>/dev/null || true; } |
         md5sum | cut -c1-32)
  installed=$("${psql[@]}" -d "$db" -Atc "SELECT extversion FROM pg_extension WHERE extname = 'dossier'")
  had=$("${psql[@]}" -d "$db" -Atc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")
  if [ -z "$installed" ]; then
    echo "== creating the extension (dossier $default)"
    "${psql[@]}" -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION dossier CASCADE"
  elif [ "$installed" != "$default" ]; then
    echo "== updating the extension from $installed to $default (ALTER EXTENSION dossier UPDATE), keeping the data"
    "${psql[@]}" -d "$db" -c "ALTER EXTENSION dossier UPDATE"
  elif [ "$had" != "dossier scripts $sums" ]; then
    echo "== the scripts of dossier $default changed since the demo database was made: rebuilding it from a dump of itself"
    rebuild_from_dump "$dir" || return 1
  fi
  "${psql[@]}" -d "$db" -c "COMMENT ON DATABASE $db IS 'dossier scripts $sums'"

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
