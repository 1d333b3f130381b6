#!/usr/bin/env bash
# bench/public_status.sh: latency of the public status lookup
# dossier.public_status(token) at N dossiers (issue 13, benchmark: "a portal
# status lookup at 1 M dossiers: p95 <= 1 ms").
#
# Self-contained like bench/transition.sh: installs, starts a throwaway
# server, makes N received dossiers, each with the lookup token its
# registration trigger draws, then runs pgbench -M prepared with one client
# for DURATION seconds per script (in ROUNDS interleaved rounds) and prints p50, p95 and p99 of the
# per-transaction latency (pgbench -l) for:
#   - plain:     the same join by digest in plain SQL, as the superuser
#                (the baseline: what the lookup costs without the function);
#   - known:     dossier.public_status(token) with a random dossier's token,
#                as a login member of dossier_public;
#   - unknown:   a well-formed token no dossier has;
#   - malformed: the same text with one character that no token has;
# then, inside the server (no client or network in the way), the mean time
# of 100,000 calls for a known, an unknown and a malformed token, three
# rounds each, interleaved: what a guesser timing the answers could see.
# Each transaction also reads the token of dossier r from a bench table, in
# all four scripts alike.
#
#   bench/public_status.sh                      # N=1000000 DURATION=20
#   N=100000 DURATION=10 bench/public_status.sh
#   PG_BINDIR=/work/pg-qr/usr/lib/postgresql/15/bin SKIP_BUILD=1 bench/public_status.sh
#
# The dossiers are written straight into dossier.dossier with the guard
# lifted (no history, no outbox): the lookup reads neither, and it builds a
# million rows in about a minute instead of the half hour the registration
# function takes.  Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

N=${N:-1000000}
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-4}
SHARED_BUFFERS=${SHARED_BUFFERS:-1GB}

if [ -z "${SKIP_BUILD:-}" ]; then
  ensure_deps
  build_and_install
fi
tmpdir=$(mktemp -d /tmp/dossier-bench-public-status.XXXXXX)
trap 'stop_instance "$tmpdir"; as_root rm -rf "$tmpdir"' EXIT
start_instance "$tmpdir"
export PGHOST=$tmpdir PGPORT=5432 PGUSER=postgres
psql=("$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" -d postgres -c "ALTER SYSTEM SET shared_buffers = '$SHARED_BUFFERS'" \
  -c "ALTER SYSTEM SET max_wal_size = '8GB'" -c "ALTER SYSTEM SET jit = off"
as_postgres "$PG_BINDIR/pg_ctl" -D "$tmpdir/data" -l "$tmpdir/server.log" -w -s restart -m fast
"${psql[@]}" -d postgres -c "CREATE DATABASE dossier_bench"
"${psql[@]}" -d dossier_bench -c "SET client_min_messages = warning" -c "CREATE EXTENSION dossier CASCADE"
db=(-d dossier_bench)

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $("$PG_BINDIR/postgres" --version)"
echo "== settings: fsync off, shared_buffers $SHARED_BUFFERS, N=$N, DURATION=${DURATION}s per script, 1 client, -M prepared"

echo "== building $N received dossiers (guard lifted, one token each from the registration trigger)"
t0=$(date +%s%N)
"${psql[@]}" "${db[@]}" >/dev/null 2>&1 <<SQL
SET search_path = dossier, public;
INSERT INTO agency (code, name, level) VALUES ('G01', 'Cơ quan thử nghiệm', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.990001', 'Thủ tục thử nghiệm', 10, 'working_day');
BEGIN;
SELECT lift_history_guard('bench/public_status.sh: dossiers without history') > 0 AS lifted;
INSERT INTO dossier.dossier (code, procedure, agency, receiving_agency, owner_citizen, channel, status,
                             registered_at, received_at, due_at, appointment_at, updated_at, events, head)
SELECT ('G01-261101-' || (1000000 + i))::dossier_code, '9.990001', 'G01', 'G01', '048090001234', 'direct',
       CASE WHEN i % 3 = 0 THEN 'processing' ELSE 'received' END::dossier_status,
       '2026-11-01 08:00+07', '2026-11-01 08:00+07', '2026-11-15 08:00+07', '2026-11-15 08:00+07',
       '2026-11-01 08:00+07', 1, sha256(i::text::bytea)
FROM generate_series(1, $N) i;
COMMIT;
CREATE TABLE public.bench_token (id int PRIMARY KEY, token text NOT NULL);
INSERT INTO public.bench_token
SELECT split_part(t.dossier::text, '-', 3)::int - 1000000, t.token FROM dossier.public_token t;
VACUUM ANALYZE;
CHECKPOINT;
CREATE ROLE bench_web LOGIN IN ROLE dossier_public;
GRANT SELECT ON public.bench_token TO bench_web;
SQL
build_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
"${psql[@]}" "${db[@]}" -At -F ' ' -c "SELECT count(*), pg_size_pretty(pg_total_relation_size('dossier.public_token'))
  FROM dossier.public_token" | { read -r n size; echo "   $n tokens ($size with indexes) in $((build_ms / 1000)).$((build_ms % 1000 / 100)) s"; }

scripts=$tmpdir/scripts
mkdir -p "$scripts"
as_root chmod 755 "$tmpdir"
cat >"$scripts/plain.sql" <<'SQL'
\set r random(1, :n)
SELECT d.code, d.status, p.name, a.name, d.appointment_at
FROM public.bench_token b
JOIN dossier.public_token t ON t.token_hash = sha256(convert_to(b.token, 'UTF8'))
JOIN dossier.dossier d ON d.code OPERATOR(dossier.=) t.dossier
JOIN dossier.procedure p ON p.code OPERATOR(dossier.=) d.procedure
JOIN dossier.agency a ON a.code OPERATOR(dossier.=) d.agency
WHERE b.id = :r;
SQL
cat >"$scripts/known.sql" <<'SQL'
\set r random(1, :n)
SELECT s.* FROM public.bench_token b, dossier.public_status(b.token) s WHERE b.id = :r;
SQL
cat >"$scripts/unknown.sql" <<'SQL'
\set r random(1, :n)
SELECT s.* FROM public.bench_token b,
  dossier.public_status(repeat('A', 24) || translate(lpad(b.id::text, 8, '0'), '0123456789', 'BCDEFGHIJK')) s
WHERE b.id = :r;
SQL
cat >"$scripts/malformed.sql" <<'SQL'
\set r random(1, :n)
SELECT s.* FROM public.bench_token b,
  dossier.public_status(repeat('A', 23) || '!' || translate(lpad(b.id::text, 8, '0'), '0123456789', 'BCDEFGHIJK')) s
WHERE b.id = :r;
SQL

# p50, p95, p99 and mean latency (ms) of a pgbench -l log: field 3 is µs
percentiles() {
  cat "$@" | awk '{print $3}' | sort -n | awk '
    { v[NR] = $1; s += $1 }
    END { printf "%8d  %7.3f  %7.3f  %7.3f  %7.3f\n", NR, v[int(NR*0.50)]/1000, v[int(NR*0.95)]/1000, v[int(NR*0.99)]/1000, s/NR/1000 }'
}

echo
echo "== pgbench: $ROUNDS interleaved rounds of $((DURATION / ROUNDS)) s per script (load changes over a run; interleaving spreads it evenly)"
for ((round = 1; round <= ROUNDS; round++)); do
  for s in plain known unknown malformed; do
    user=bench_web
    [ "$s" = plain ] && user=postgres
    ( cd "$tmpdir" && as_postgres "$PG_BINDIR/pgbench" -h "$tmpdir" -U "$user" -n -M prepared -c 1 \
        -T $((DURATION / ROUNDS)) -D n="$N" -l --log-prefix="$tmpdir/log_${s}_$round" -f "$scripts/$s.sql" dossier_bench >/dev/null )
  done
done
printf '%-10s %8s  %7s  %7s  %7s  %7s\n' script lookups 'p50 ms' 'p95 ms' 'p99 ms' 'mean ms'
for s in plain known unknown malformed; do
  printf '%-10s ' "$s"
  percentiles "$tmpdir"/log_"$s"_*
done
echo
echo "== inside the server: mean µs per dossier.public_status call, 100,000 calls per cell"
"${psql[@]}" "${db[@]}" -P footer=off <<'SQL'
CREATE FUNCTION pg_temp.per_call(tok text, n int) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp(); r record;
BEGIN
  FOR i IN 1..n LOOP SELECT * INTO r FROM dossier.public_status(tok); END LOOP;
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1e6 / n, 2);
END $$;
SELECT token AS known FROM public.bench_token WHERE id = 1 \gset
SELECT round_no AS round,
       pg_temp.per_call(:'known', 100000) AS known,
       pg_temp.per_call('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 100000) AS unknown,
       pg_temp.per_call('ABCDEFGHIJKLMNOPQRSTUVWXYZ23456!', 100000) AS malformed,
       pg_temp.per_call(repeat('x', 4000), 100000) AS malformed_4kB
FROM generate_series(1, 3) round_no;
SQL
