#!/usr/bin/env bash
# bench/portal.sh: an owner's dossier list and a portal status lookup at
# N dossiers (issue 13, "Benchmark": p95 <= 1 ms at 1,000,000), with and
# without the assertion the portal presents once per transaction.
#
# Self-contained (scripts/bench.sh runs only bench/*.sql): installs, starts a
# throwaway server as scripts/bench.sh does, builds N dossiers in bulk SQL
# (the write guard lifted, recorded in dossier.guard_log: each dossier is
# registered and received, two history rows, owned by one of OWNERS
# citizens, N / OWNERS dossiers each; the hash chain is not computed, so
# verify_history would report every chain broken: this is a read benchmark),
# registers an Ed25519 key of a bench identity provider, and runs
# bench/portal_client.c (libpq, prepared statements, one connection) as a
# member of dossier_portal.  Each iteration picks a dossier at random,
# mints an assertion for its owner (not timed: the identity side's work) and
# times:
#
#   list    BEGIN; portal_login; my_dossiers(); COMMIT
#   lookup  BEGIN; portal_login; my_dossier(code); COMMIT, and the same
#           lookup as a plain SELECT under row-level security
#   floor   the same list and lookup as plain SQL by the table owner, no
#           assertion, no row-level security
#
# and prints the latency percentiles (µs, client side, Unix socket).  The
# figures "without the assertion" are the statements alone, timed inside the
# signed-in transaction.  The steps of an iteration run one after the other,
# so that the floor and the portal's figures see the same load.
#
#   bench/portal.sh                            # N=1000000 OWNERS=250000 ITERATIONS=20000
#   N=100000 ITERATIONS=5000 bench/portal.sh   # quicker
#   PG_BINDIR=/opt/pgC/usr/lib/postgresql/15/bin SKIP_BUILD=1 bench/portal.sh
#
# Environment: N, OWNERS, ITERATIONS, SHARED_BUFFERS (default 2GB),
# SKIP_BUILD=1 to skip make install, KEEP=1 to keep the instance.  Prints
# figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

N=${N:-1000000}
OWNERS=${OWNERS:-250000}
ITERATIONS=${ITERATIONS:-20000}
SHARED_BUFFERS=${SHARED_BUFFERS:-2GB}

if [ -z "${SKIP_BUILD:-}" ]; then
  ensure_deps
  build_and_install
fi
tmpdir=$(mktemp -d /tmp/dossier-bench-portal.XXXXXX)
if [ -n "${KEEP:-}" ]; then
  trap 'echo "== kept: PGHOST=$tmpdir PGPORT=5432 PGUSER=postgres $PG_BINDIR/psql -d dossier_bench; stop: $PG_BINDIR/pg_ctl -D $tmpdir/data stop"' EXIT
else
  trap 'stop_instance "$tmpdir"; as_root rm -rf "$tmpdir"' EXIT
fi
start_instance "$tmpdir"
export PGHOST=$tmpdir PGPORT=5432 PGUSER=postgres
psql=("$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" -d postgres -c "ALTER SYSTEM SET shared_buffers = '$SHARED_BUFFERS'" \
  -c "ALTER SYSTEM SET max_wal_size = '8GB'" -c "ALTER SYSTEM SET jit = off"
as_postgres "$PG_BINDIR/pg_ctl" -D "$tmpdir/data" -l "$tmpdir/server.log" -w -s restart -m fast
"${psql[@]}" -d postgres -c "CREATE DATABASE dossier_bench"
"${psql[@]}" -d dossier_bench -c "SET client_min_messages = warning" -c "CREATE EXTENSION dossier CASCADE"
db=(-d dossier_bench)

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $("$PG_BINDIR/postgres" --version)"
echo "== settings: fsync off, synchronous_commit off, shared_buffers $SHARED_BUFFERS, N=$N, OWNERS=$OWNERS, ITERATIONS=$ITERATIONS"

# ---- build: N dossiers of OWNERS citizens, in bulk -------------------------
echo "== building $N dossiers (2 history rows each) of $OWNERS owners in bulk SQL"
t0=$(date +%s%N)
"${psql[@]}" "${db[@]}" <<SQL
INSERT INTO dossier.agency (code, name, level, note)
VALUES ('G01', 'bench agency', 'central', 'bench/portal.sh');
INSERT INTO dossier.procedure (code, name, processing_time, time_unit, issues_result, online_level, note)
VALUES ('9.990001', 'bench procedure', 10, 'working_day', true, 'full', 'bench/portal.sh');
BEGIN;
SELECT dossier.lift_history_guard('bench/portal.sh: bulk load of a read benchmark') > 0 AS lifted;
INSERT INTO dossier.dossier (code, procedure, agency, receiving_agency, owner_citizen, channel, status,
  registered_at, received_at, due_at, appointment_at, prior_status, updated_at, events, head)
SELECT ('G01-261101-' || (1000000 + i))::dossier.dossier_code, '9.990001', 'G01', 'G01',
       ('048090' || lpad(((i - 1) % $OWNERS)::text, 6, '0'))::dossier.citizen_id, 'direct', 'received',
       t, t, t + interval '14 days', t + interval '14 days', 'registered', t, 2,
       sha256(int8send(i::int8))
FROM generate_series(1, $N) i, LATERAL (SELECT timestamptz '2026-11-01 08:00+07' + (i % 3600) * interval '1 second' AS t) x;
INSERT INTO dossier.dossier_event (dossier, seq, action, from_status, to_status, at, recorded_at, actor,
  agency, due_at, appointment_at, note, procedure, owner_citizen, channel, prev_hash, hash)
SELECT d.code, s, CASE s WHEN 2 THEN 'receive'::dossier.dossier_action END,
       CASE s WHEN 2 THEN 'registered'::dossier.dossier_status END,
       CASE s WHEN 1 THEN 'registered' ELSE 'received' END::dossier.dossier_status,
       d.registered_at, d.registered_at, 'bench', d.agency,
       CASE s WHEN 2 THEN d.due_at END, CASE s WHEN 2 THEN d.appointment_at END,
       CASE s WHEN 2 THEN 'an internal note the owner does not see' END,
       CASE s WHEN 1 THEN d.procedure END, CASE s WHEN 1 THEN d.owner_citizen END,
       CASE s WHEN 1 THEN d.channel END, d.head, d.head
FROM dossier.dossier d, generate_series(1, 2) s;
COMMIT;
VACUUM ANALYZE;
CHECKPOINT;
SQL
build_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "   built in $((build_ms / 1000)).$((build_ms % 1000 / 100)) s"
"${psql[@]}" "${db[@]}" -P footer=off -c "
SELECT (SELECT count(*) FROM dossier.dossier) AS dossiers, (SELECT count(*) FROM dossier.dossier_event) AS events,
       pg_size_pretty(pg_total_relation_size('dossier.dossier')) AS dossier_size,
       pg_size_pretty(pg_total_relation_size('dossier.dossier_event')) AS event_size"

# ---- the identity provider's key, the portal's login role ------------------
openssl genpkey -algorithm ed25519 -out "$tmpdir/idp.pem" 2>/dev/null
openssl pkey -in "$tmpdir/idp.pem" -pubout -out "$tmpdir/idp.pub"
"${psql[@]}" "${db[@]}" -v pub="$(cat "$tmpdir/idp.pub")" <<'SQL'
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key, valid_from, note)
VALUES ('bench1', 'https://sso.example.vn', 'EdDSA', :'pub', now() - interval '1 day', 'bench/portal.sh');
ALTER DATABASE dossier_bench SET dossier.portal_audience = 'urn:dossier:bench';
CREATE ROLE bench_portal LOGIN IN ROLE dossier_portal;
SQL

client=$tmpdir/portal_client
cc -O2 -Wall -I"$("$PG_CONFIG" --includedir)" bench/portal_client.c -o "$client" \
  -L"$("$PG_CONFIG" --libdir)" -lpq -lcrypto

echo "== $ITERATIONS iterations, one client; latency in µs (client side)"
"$client" "host=$tmpdir port=5432 user=bench_portal dbname=dossier_bench" \
  "host=$tmpdir port=5432 user=postgres dbname=dossier_bench" "$tmpdir/idp.pem" bench1 \
  urn:dossier:bench "$N" "$OWNERS" "$ITERATIONS" >"$tmpdir/results"
printf '   %-28s %8s %8s %8s %8s %8s\n' step n p50 p95 p99 max
while read -r step n p50 p95 p99 max; do
  printf '   %-28s %8s %8s %8s %8s %8s\n' "$step" "$n" "$p50" "$p95" "$p99" "$max"
done <"$tmpdir/results"

"${psql[@]}" "${db[@]}" -P footer=off -c "
SELECT count(*) AS assertions_kept, (SELECT count(*) FROM dossier.guard_log) AS guard_liftings
FROM dossier.portal_assertion_used"
echo
echo "== goal: p95 <= 1000 µs for list:transaction and lookup:transaction at N=1000000"
