#!/usr/bin/env bash
# bench/transition.sh: throughput of dossier.transition against hand-written
# plain SQL doing the same writes (issue 3, "Dossier lifecycle engine").
#
# Self-contained (scripts/bench.sh runs only bench/*.sql): installs, starts a
# throwaway server as scripts/bench.sh does, builds N dossiers through
# dossier.register_dossier and dossier.transition (a third in each state of
# the cycle below; both phases timed), copies them into plain tables with the same
# columns and indexes but no guard triggers, then runs pgbench -M prepared
# for DURATION seconds at each client count of CLIENTS, the plain-SQL script
# first, then the function, and prints the TPS of each and the ratio.  The
# function runs twice more per round (ROUNDS, default 1), as the tables'
# owner (a superuser: no row-level security, no agency check) and as a login
# role bound to the dossiers' agency (dossier.bind_official: the policies of
# dossier.dossier filter its read, transition checks its binding), in
# alternating order, and the ratio official / owner is the cost of
# row-level security (issue 13: at most 10 %).
#
#   bench/transition.sh                       # N=1000000 DURATION=60 CLIENTS="4 16"
#   N=100000 DURATION=30 bench/transition.sh  # quicker
#   N=100000 DURATION=20 ROUNDS=3 SKIP_PLAIN=1 bench/transition.sh
#                                             # only the row-level security ratio
#   PG_BINDIR=/opt/pgC/usr/lib/postgresql/15/bin SKIP_BUILD=1 bench/transition.sh
#                                             # a private PostgreSQL tree, already installed
#
# Every transaction picks a random dossier and takes the legal next step of
# the cycle received (2) -start_processing-> processing (4)
# -request_supplement-> supplement requested (5) -supplement_received->
# received (2), so every transaction succeeds on both sides.  Dossiers are
# partitioned between clients (id = r * nclients + client_id), so two
# clients never pick the same dossier and no transaction waits for a row
# lock or fails.  Environment: N, DURATION, CLIENTS, ROUNDS, SKIP_PLAIN=1
# (no plain-SQL baseline), JOBS (parallel
# sessions of the build, default 2), SHARED_BUFFERS (default 4GB),
# SKIP_BUILD=1 to skip make install, KEEP=1 to keep the instance for
# profiling (prints how to connect and stop it).  Prints figures; asserts
# nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

N=${N:-1000000}
DURATION=${DURATION:-60}
CLIENTS=${CLIENTS:-"4 16"}
ROUNDS=${ROUNDS:-1}
JOBS=${JOBS:-2}
SHARED_BUFFERS=${SHARED_BUFFERS:-4GB}

if [ -z "${SKIP_BUILD:-}" ]; then
  ensure_deps
  build_and_install
fi
tmpdir=$(mktemp -d /tmp/dossier-bench-transition.XXXXXX)
if [ -n "${KEEP:-}" ]; then
  trap 'echo "== kept: PGHOST=$tmpdir PGPORT=5432 PGUSER=postgres $PG_BINDIR/psql -d dossier_bench; stop: $PG_BINDIR/pg_ctl -D $tmpdir/data stop"' EXIT
else
  trap 'stop_instance "$tmpdir"; as_root rm -rf "$tmpdir"' EXIT
fi
start_instance "$tmpdir"
export PGHOST=$tmpdir PGPORT=5432 PGUSER=postgres
psql=("$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
# more shared buffers than the default 128 MB so that both copies of the
# data stay in PostgreSQL's cache during the runs
"${psql[@]}" -d postgres -c "ALTER SYSTEM SET shared_buffers = '$SHARED_BUFFERS'" \
  -c "ALTER SYSTEM SET max_wal_size = '8GB'" -c "ALTER SYSTEM SET jit = off"
as_postgres "$PG_BINDIR/pg_ctl" -D "$tmpdir/data" -l "$tmpdir/server.log" -w -s restart -m fast
"${psql[@]}" -d postgres -c "CREATE DATABASE dossier_bench"
"${psql[@]}" -d dossier_bench -c "SET client_min_messages = warning" -c "CREATE EXTENSION dossier CASCADE" \
  -c "ALTER DATABASE dossier_bench SET search_path = dossier, public"  # the types' operators
db=(-d dossier_bench)

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $("$PG_BINDIR/postgres" --version)"
echo "== settings: fsync off, synchronous_commit off, shared_buffers $SHARED_BUFFERS, N=$N, DURATION=${DURATION}s, CLIENTS=$CLIENTS"

# a central agency (no administrative unit needed) and a procedure without
# internal steps, 10 working days on the default calendar; an official of
# the agency (a desk officer may take every step of the cycle below), bound
# to it with the search path the binding gives
"${psql[@]}" "${db[@]}" <<'SQL'
INSERT INTO dossier.agency (code, name, level, note)
VALUES ('G01', 'bench agency', 'central', 'bench/transition.sh');
INSERT INTO dossier.procedure (code, name, processing_time, time_unit, issues_result, online_level, note)
VALUES ('9.990001', 'bench procedure', 10, 'working_day', true, 'full', 'bench/transition.sh');
CREATE ROLE bench_official LOGIN IN ROLE dossier_desk_officer;
SELECT agency FROM dossier.bind_official('bench_official', 'G01', note => 'bench/transition.sh');
SQL

# ---- build: N dossiers registered and received through the function ------
# Codes are given (G01-261101-<1000000 + id>) so that the pgbench scripts can
# compute them from an integer; JOBS sessions work in parallel, in
# transactions of at most 50,000 dossiers.  Then a third of the dossiers are
# started (4) and another third started and sent back for a supplement (5),
# so that the runs take the three steps of the cycle about equally often.

# run a statement over ids lo..hi in JOBS parallel sessions, 50,000 ids per
# transaction; @LO@ and @HI@ in the statement are the bounds of a batch
parallel_batches() {
  local sql=$1 per_job=$(( (N + JOBS - 1) / JOBS )) pids=() j
  for ((j = 0; j < JOBS; j++)); do
    (
      lo=$(( j * per_job + 1 ))
      hi=$(( (j + 1) * per_job )); [ "$hi" -gt "$N" ] && hi=$N
      while [ "$lo" -le "$hi" ]; do
        top=$(( lo + 49999 )); [ "$top" -gt "$hi" ] && top=$hi
        local q=${sql//@LO@/$lo}
        "${psql[@]}" "${db[@]}" -c "${q//@HI@/$top}" >/dev/null
        lo=$(( top + 1 ))
      done
    ) &
    pids+=($!)
  done
  for j in "${pids[@]}"; do wait "$j"; done
}

echo "== building $N dossiers with dossier.import_dossier(..., receive => true), $JOBS sessions"
t0=$(date +%s%N)
# codes of one past day: the import path takes them (register_dossier takes
# only today's codes of its agency)
parallel_batches "SELECT count(dossier.import_dossier('9.990001', 'G01',
    owner_citizen => '048090001234', channel => 'direct',
    code => ('G01-261101-' || (1000000 + i))::dossier.dossier_code,
    at => '2026-11-01 08:00+07', receive => true, source => 'bench'))
  FROM generate_series(@LO@, @HI@) i"
build_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
events=$("${psql[@]}" "${db[@]}" -Atc "SELECT count(*) FROM dossier.dossier_event")
printf '   %d dossiers, %d history rows in %d.%01d s (%.0f µs per dossier, %.0f µs per event, wall clock over %d sessions)\n' \
  "$N" "$events" $((build_ms / 1000)) $((build_ms % 1000 / 100)) \
  "$(echo "$build_ms * 1000 / $N" | bc -l)" "$(echo "$build_ms * 1000 / $events" | bc -l)" "$JOBS"

echo "== mixing the states with dossier.transition: 2/3 start_processing, then 1/3 request_supplement"
t0=$(date +%s%N)
parallel_batches "SELECT count(dossier.transition(('G01-261101-' || (1000000 + i))::dossier.dossier_code,
    'start_processing'))
  FROM generate_series(@LO@, @HI@) i WHERE i % 3 <> 0"
parallel_batches "SELECT count(dossier.transition(('G01-261101-' || (1000000 + i))::dossier.dossier_code,
    'request_supplement', reason_code => 'missing_papers', reason => 'bench'))
  FROM generate_series(@LO@, @HI@) i WHERE i % 3 = 2"
mix_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
moved=$(( $("${psql[@]}" "${db[@]}" -Atc "SELECT count(*) FROM dossier.dossier_event") - events ))
printf '   %d transitions in %d.%01d s (%.0f µs per transition, wall clock over %d sessions)\n' \
  "$moved" $((mix_ms / 1000)) $((mix_ms % 1000 / 100)) "$(echo "$mix_ms * 1000 / $moved" | bc -l)" "$JOBS"
"${psql[@]}" "${db[@]}" -P footer=off -c "SELECT status, count(*) AS dossiers FROM dossier.dossier GROUP BY 1 ORDER BY 1"

# ---- the baseline's own copy: same columns and indexes, no guard ----------
echo "== copying the data into schema plain (same columns, indexes and foreign keys, no triggers)"
t0=$(date +%s%N)
"${psql[@]}" "${db[@]}" <<'SQL'
CREATE SCHEMA plain;
CREATE TABLE plain.dossier (LIKE dossier.dossier INCLUDING ALL) WITH (fillfactor = 85);
ALTER TABLE plain.dossier
  ADD FOREIGN KEY (procedure) REFERENCES dossier.procedure (code) ON UPDATE CASCADE,
  ADD FOREIGN KEY (agency) REFERENCES dossier.agency (code) ON UPDATE CASCADE,
  ADD FOREIGN KEY (receiving_agency) REFERENCES dossier.agency (code) ON UPDATE CASCADE;
CREATE TABLE plain.dossier_event (LIKE dossier.dossier_event INCLUDING ALL);
CREATE TABLE plain.outbox (LIKE dossier.outbox INCLUDING ALL);
INSERT INTO plain.dossier (code, procedure, agency, receiving_agency, owner_citizen,
  owner_enterprise, channel, status, step, registered_at, received_at, due_at, appointment_at,
  paused_at, supplement_requests, supplement_time, resolved_at, returned_at, stopped_at,
  withdrawn_at, prior_status, updated_at, events, head)
SELECT code, procedure, agency, receiving_agency, owner_citizen,
  owner_enterprise, channel, status, step, registered_at, received_at, due_at, appointment_at,
  paused_at, supplement_requests, supplement_time, resolved_at, returned_at, stopped_at,
  withdrawn_at, prior_status, updated_at, events, head FROM dossier.dossier;
INSERT INTO plain.dossier_event SELECT * FROM dossier.dossier_event;
INSERT INTO plain.outbox (dossier, seq, idempotency_key, payload, created_at, next_attempt_at)
  SELECT dossier, seq, idempotency_key, payload, created_at, next_attempt_at FROM dossier.outbox ORDER BY id;
VACUUM ANALYZE;
CHECKPOINT;
SQL
copy_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "   copied in $((copy_ms / 1000)).$((copy_ms % 1000 / 100)) s"
"${psql[@]}" "${db[@]}" -P footer=off -c "
SELECT s.nspname AS schema, c.relname AS table, pg_size_pretty(pg_table_size(c.oid)) AS heap,
       pg_size_pretty(pg_indexes_size(c.oid)) AS indexes,
       (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid) AS n_indexes,
       (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal) AS triggers
FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
WHERE s.nspname IN ('dossier', 'plain') AND c.relname IN ('dossier', 'dossier_event', 'outbox')
ORDER BY 2, 1"

# ---- the two pgbench scripts ----------------------------------------------
scripts=$tmpdir/scripts
mkdir -p "$scripts"
as_root chmod 755 "$tmpdir"
# the function: read the status, take the next action of the cycle
cat >"$scripts/function.sql" <<'SQL'
\set r random(0, :per_client - 1)
\set id 1000000 + :r * :nclients + :client_id + 1
SELECT dossier.transition(d.code,
         CASE d.status WHEN 'processing' THEN 'request_supplement'
                       WHEN 'supplement_requested' THEN 'supplement_received'
                       ELSE 'start_processing' END::dossier.dossier_action,
         reason_code => CASE d.status WHEN 'processing' THEN 'missing_papers' END,
         reason => CASE d.status WHEN 'processing' THEN 'bench' END)
FROM dossier.dossier d
WHERE d.code = ('G01-261101-' || :id)::dossier.dossier_code;
SQL
# plain SQL: the same read, lock, update, chained history row and outbox row
# in one statement (one round trip, as the function call); deadlines move as
# the function moves them but with interval arithmetic, no working-time
# calendar, and no role checks
cat >"$scripts/plain.sql" <<'SQL'
\set r random(0, :per_client - 1)
\set id 1000000 + :r * :nclients + :client_id + 1
WITH d AS (
  SELECT * FROM plain.dossier
  WHERE code = ('G01-261101-' || :id)::dossier.dossier_code
  FOR NO KEY UPDATE
), n AS (
  SELECT d.*, now() AS at, d.events + 1 AS seq,
         CASE d.status WHEN 'processing' THEN 'request_supplement'
                       WHEN 'supplement_requested' THEN 'supplement_received'
                       ELSE 'start_processing' END::dossier.dossier_action AS action,
         CASE d.status WHEN 'processing' THEN 'supplement_requested'
                       WHEN 'supplement_requested' THEN 'received'
                       ELSE 'processing' END::dossier.dossier_status AS to_status,
         CASE WHEN d.status = 'supplement_requested' THEN now() - d.paused_at
              ELSE interval '0' END AS paused
  FROM d
), m AS (
  SELECT n.*,
         CASE n.action WHEN 'request_supplement' THEN n.at END AS new_paused_at,
         n.supplement_requests + (n.action = 'request_supplement')::int AS new_requests,
         n.due_at + n.paused AS new_due_at,
         n.appointment_at + n.paused AS new_appointment_at
  FROM n
), h AS (
  SELECT m.*,
         sha256(m.head || convert_to(concat_ws(E'\x1f', m.code, m.seq, m.action, m.status,
                  m.to_status, m.at, now(), current_user, NULL, m.agency, NULL,
                  m.new_due_at, m.new_appointment_at, NULL, NULL, NULL, NULL, NULL,
                  m.supplement_time + m.paused,
                  CASE m.action WHEN 'request_supplement' THEN 'missing_papers' END,
                  CASE m.action WHEN 'request_supplement' THEN 'bench' END, NULL), 'UTF8')) AS hash
  FROM m
), u AS (
  UPDATE plain.dossier p
     SET status = h.to_status, step = NULL, paused_at = h.new_paused_at,
         supplement_requests = h.new_requests, supplement_time = p.supplement_time + h.paused,
         due_at = h.new_due_at, appointment_at = h.new_appointment_at,
         prior_status = h.status, updated_at = h.at, events = h.seq, head = h.hash
    FROM h WHERE p.code = h.code
), e AS (
  INSERT INTO plain.dossier_event (dossier, seq, action, from_status, to_status, at, recorded_at,
                                   actor, on_behalf_of, agency, step, due_at, appointment_at,
                                   note, supplement_time, reason_code, reason, prev_hash, hash)
  SELECT h.code, h.seq, h.action, h.status, h.to_status, h.at, now(), current_user, NULL,
         h.agency, NULL, h.new_due_at, h.new_appointment_at, NULL, h.supplement_time + h.paused,
         CASE h.action WHEN 'request_supplement' THEN 'missing_papers' END,
         CASE h.action WHEN 'request_supplement' THEN 'bench' END, h.head, h.hash
  FROM h
), o AS (
  INSERT INTO plain.outbox (dossier, seq, idempotency_key, payload, created_at, next_attempt_at)
  SELECT h.code, h.seq, h.code || ':' || h.seq || ':' || left(encode(h.hash, 'hex'), 16),
         jsonb_build_object(
           'MaHoSo', h.code, 'MaTTHC', h.procedure, 'MaCoQuan', h.agency,
           'KenhThucHien', array_position(enum_range(NULL::dossier.channel), h.channel),
           'TrangThaiHoSo', dossier.status_code(h.to_status),
           'NgayNopHoSo', to_char(h.registered_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDDHH24MISS'),
           'NgayTiepNhan', to_char(h.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDDHH24MISS'),
           'NgayHenTra', to_char(h.new_appointment_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDDHH24MISS'),
           'HanXuLy', to_char(h.new_due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDDHH24MISS'),
           'NgayKetThucXuLy', NULL, 'NgayTra', NULL,
           'ThoiDiemCapNhat', to_char(h.at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDDHH24MISS'),
           'SuKien', h.seq, 'HanhDong', h.action),
         now(), now()
  FROM h
)
SELECT to_status FROM h;
SQL

# one pgbench run, as role user (the owner by default); prints its TPS
run() {
  local script=$1 clients=$2 user=${3:-postgres} out
  "${psql[@]}" "${db[@]}" -c "CHECKPOINT"
  out=$("$PG_BINDIR/pgbench" -n -M prepared -T "$DURATION" -c "$clients" -j "$(( clients < 2 ? clients : 2 ))" \
        -U "$user" -D nclients="$clients" -D per_client="$(( N / clients ))" -f "$scripts/$script.sql" "${db[@]}" 2>&1) \
    || { echo "$out" >&2; return 1; }
  sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' <<<"$out"
}

runs_from=$("${psql[@]}" "${db[@]}" -Atc "SELECT now()")
echo "== pgbench -M prepared -T $DURATION at each client count: plain SQL, then dossier.transition"
echo "   as the owner and as the bound official, $ROUNDS round(s) in alternating order"
declare -A tps
for c in $CLIENTS; do
  if [ -z "${SKIP_PLAIN:-}" ]; then
    tps[plain,$c]=$(run plain "$c")
    printf '   %2d clients  plain SQL                       %8.1f tps\n' "$c" "${tps[plain,$c]}"
  fi
  tps[function,$c]=0
  tps[official,$c]=0
  for ((round = 1; round <= ROUNDS; round++)); do
    order="function official"
    [ $((round % 2)) -eq 0 ] && order="official function"
    for who in $order; do
      if [ "$who" = function ]; then t=$(run function "$c"); else t=$(run function "$c" bench_official); fi
      tps[$who,$c]=$(echo "${tps[$who,$c]} + $t" | bc -l)
      printf '   %2d clients  dossier.transition as %-9s %8.1f tps  (round %d)\n' "$c" \
        "$([ "$who" = function ] && echo owner || echo official)" "$t" "$round"
    done
  done
  tps[function,$c]=$(echo "${tps[function,$c]} / $ROUNDS" | bc -l)
  tps[official,$c]=$(echo "${tps[official,$c]} / $ROUNDS" | bc -l)
done

# every transaction did write one history row and one outbox row on each side
"${psql[@]}" "${db[@]}" -P footer=off -c "
SELECT 'dossier' AS side, (SELECT count(*) FROM dossier.dossier_event) AS history_rows,
       (SELECT count(*) FROM dossier.outbox) AS outbox_rows,
       (SELECT sum(events) FROM dossier.dossier) AS sum_events
UNION ALL
SELECT 'plain', (SELECT count(*) FROM plain.dossier_event), (SELECT count(*) FROM plain.outbox),
       (SELECT sum(events) FROM plain.dossier)"

# who acted in the runs: the owner and the bound official
"${psql[@]}" "${db[@]}" -P footer=off -c "
SELECT actor, count(*) AS events FROM dossier.dossier_event WHERE recorded_at >= '$runs_from'
GROUP BY actor ORDER BY actor"

# which steps of the cycle the runs took
"${psql[@]}" "${db[@]}" -P footer=off -c "
SELECT action, count(*) FILTER (WHERE side = 'dossier') AS dossier,
       count(*) FILTER (WHERE side = 'plain') AS plain
FROM (SELECT 'dossier' AS side, action FROM dossier.dossier_event WHERE recorded_at >= '$runs_from'
      UNION ALL
      SELECT 'plain', action FROM plain.dossier_event WHERE recorded_at >= '$runs_from') e
GROUP BY action ORDER BY action"

echo
echo "== results (N=$N, ${DURATION} s per run, $ROUNDS round(s), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
if [ -z "${SKIP_PLAIN:-}" ]; then
  printf '   %-8s %12s %14s %8s\n' clients "plain tps" "function tps" ratio
  for c in $CLIENTS; do
    printf '   %-8s %12.1f %14.1f %8.2f\n' "$c" "${tps[plain,$c]}" "${tps[function,$c]}" \
      "$(echo "${tps[function,$c]} / ${tps[plain,$c]}" | bc -l)"
  done
  echo "   ratio = function (as the owner) / plain SQL; goal >= 0.90"
fi
printf '   %-8s %12s %14s %8s\n' clients "owner tps" "official tps" ratio
for c in $CLIENTS; do
  printf '   %-8s %12.1f %14.1f %8.3f\n' "$c" "${tps[function,$c]}" "${tps[official,$c]}" \
    "$(echo "${tps[official,$c]} / ${tps[function,$c]}" | bc -l)"
done
echo "   ratio = function as the bound official (row-level security, agency check) / as the owner; goal >= 0.90"
