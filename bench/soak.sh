#!/usr/bin/env bash
# bench/soak.sh: 16 clients throwing random legal and illegal actions at a
# few thousand dossiers, then consistency checks (issue 3, "Dossier
# lifecycle engine").
#
#   bench/soak.sh                          # DURATION=60 CLIENTS=16 DOSSIERS=2000
#   DURATION=600 bench/soak.sh             # longer
#
# Starts a throwaway server as scripts/bench.sh does, loads three agencies,
# three procedures (one with internal steps, one restarting its clock on a
# supplement) and DOSSIERS dossiers in mixed states, then runs pgbench with
# CLIENTS clients for DURATION seconds.  Each pgbench transaction calls
# soak.attempt(), a plpgsql helper created in the bench database that picks a
# random dossier and a random action (or, one time in ten, registers a new
# dossier) and calls dossier.transition inside an EXCEPTION block: a refused
# action (VN101 illegal, VN103 event time, VN106 step, 22023, ...) is
# recorded with its SQLSTATE in soak.outcome and the run goes on.  Then it
# checks, printing PASS or FAIL for each:
#
#   1. history rows added == events the successful calls reported
#   2. dossier.verify_history() finds no broken chain
#   3. every dossier's status, step and events equal its last history row's
#   4. outbox rows == history rows
#   5. no internal error (SQLSTATE class XX) was caught
#
# and exits 1 when one fails.  Environment: DURATION, CLIENTS, DOSSIERS,
# SKIP_BUILD=1 (no make install), KEEP=1 (keep the instance).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

DURATION=${DURATION:-60}
CLIENTS=${CLIENTS:-16}
DOSSIERS=${DOSSIERS:-2000}

if [ -z "${SKIP_BUILD:-}" ]; then
  ensure_deps
  build_and_install
fi
tmpdir=$(mktemp -d /tmp/dossier-soak.XXXXXX)
if [ -n "${KEEP:-}" ]; then
  trap 'echo "== kept: PGHOST=$tmpdir PGPORT=5432 PGUSER=postgres $PG_BINDIR/psql -d dossier_soak; stop: $PG_BINDIR/pg_ctl -D $tmpdir/data stop"' EXIT
else
  trap 'stop_instance "$tmpdir"; as_root rm -rf "$tmpdir"' EXIT
fi
start_instance "$tmpdir"
export PGHOST=$tmpdir PGPORT=5432 PGUSER=postgres
psql=("$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -P pager=off -d dossier_soak)
"$PG_BINDIR/psql" -X -q -d postgres -c "CREATE DATABASE dossier_soak"
"${psql[@]}" -c "SET client_min_messages = warning" -c "CREATE EXTENSION dossier CASCADE" \
  -c "ALTER DATABASE dossier_soak SET search_path = dossier, public"

echo "== loading agencies, procedures and $DOSSIERS dossiers"
"${psql[@]}" -v dossiers="$DOSSIERS" <<'SQL'
SET client_min_messages = warning;
-- central agencies need no administrative unit
INSERT INTO dossier.agency (code, name, level, note) VALUES
  ('G01', 'soak agency 1', 'central', 'bench/soak.sh'),
  ('G02', 'soak agency 2', 'central', 'bench/soak.sh'),
  ('G03', 'soak agency 3', 'central', 'bench/soak.sh');
INSERT INTO dossier.procedure (code, name, processing_time, time_unit, supplement_mode, note) VALUES
  ('9.990001', 'soak: no internal steps, extend on supplement', 5, 'working_day', 'extend', 'bench/soak.sh'),
  ('9.990002', 'soak: three internal steps', 15, 'working_day', 'extend', 'bench/soak.sh'),
  ('9.990003', 'soak: calendar days, restart on supplement', 30, 'calendar_day', 'restart', 'bench/soak.sh');
INSERT INTO dossier.procedure_step (procedure, step, name, role) VALUES
  ('9.990002', 1, 'specialist review', 'dossier_specialist'),
  ('9.990002', 2, 'leader signs', 'dossier_leader'),
  ('9.990002', 3, 'clerk stamps', 'dossier_clerk');

CREATE SCHEMA soak;
-- the dossiers the clients pick from, numbered
CREATE TABLE soak.dossier (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                           code dossier.dossier_code NOT NULL UNIQUE);
-- one row per call of soak.attempt(): the action, whether it succeeded, how
-- many history events it reported, the SQLSTATE of a refusal
CREATE TABLE soak.outcome (action text NOT NULL, ok boolean NOT NULL, events int NOT NULL,
                           sqlstate text, message text);

-- register and receive, half of them also started
INSERT INTO soak.dossier (code)
SELECT dossier.register_dossier(
         (ARRAY['9.990001', '9.990002', '9.990003'])[1 + i % 3]::dossier.procedure_code,
         (ARRAY['G01', 'G02', 'G03'])[1 + i / 3 % 3]::dossier.agency_code,
         owner_citizen => '048090001234',
         channel => (ARRAY['direct', 'online', 'postal'])[1 + i % 3]::dossier.channel,
         receive => i % 4 <> 0)
FROM generate_series(1, :dossiers) i;
SELECT count(dossier.transition(code, 'start_processing')) AS started
FROM dossier.dossier WHERE status = 'received' AND right(code::text, 1) IN ('0', '2', '4', '6', '8') \gset

-- one attempt: a random action on a random dossier, or a new dossier
CREATE FUNCTION soak.attempt(pick int, act int, arg int) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  n int := (SELECT max(id) FROM soak.dossier);
  c dossier.dossier_code;
  a dossier.dossier_action;
  created dossier.dossier_code;
  st text;
  msg text;
BEGIN
  IF act = 0 THEN
    BEGIN
      created := dossier.register_dossier(
        (ARRAY['9.990001', '9.990002', '9.990003'])[1 + arg % 3]::dossier.procedure_code,
        (ARRAY['G01', 'G02', 'G03'])[1 + pick % 3]::dossier.agency_code,
        owner_citizen => '048090001234', receive => arg % 2 = 0);
      INSERT INTO soak.dossier (code) VALUES (created);
      INSERT INTO soak.outcome VALUES ('register', true, CASE WHEN arg % 2 = 0 THEN 2 ELSE 1 END);
      RETURN true;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
      INSERT INTO soak.outcome VALUES ('register', false, 0, st, msg);
      RETURN false;
    END;
  END IF;
  SELECT d.code INTO c FROM soak.dossier d WHERE d.id = 1 + pick % n;
  IF NOT FOUND THEN         -- a registration not committed yet
    RETURN NULL;
  END IF;
  a := (enum_range(NULL::dossier.dossier_action))[act];
  BEGIN
    PERFORM dossier.transition(c, a,
      note => 'soak',
      to_step => CASE WHEN a IN ('start_processing', 'move_step', 'recall') AND arg % 2 = 0
                      THEN 1 + arg % 4 END,
      to_agency => CASE WHEN a = 'transfer'
                        THEN (ARRAY['G01', 'G02', 'G03'])[1 + arg % 3]::dossier.agency_code END,
      new_appointment => CASE WHEN a = 'apologize' THEN now() + (1 + arg % 60) * interval '1 day' END,
      reason_code => CASE WHEN a IN ('refuse', 'request_supplement', 'stop') THEN 'other' END,
      reason => CASE WHEN a IN ('refuse', 'request_supplement', 'stop') THEN 'soak' END);
    INSERT INTO soak.outcome VALUES (a, true, 1);
    RETURN true;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    INSERT INTO soak.outcome VALUES (a, false, 0, st, msg);
    RETURN false;
  END;
END $$;

CREATE TABLE soak.before AS
SELECT (SELECT count(*) FROM dossier.dossier_event) AS history,
       (SELECT count(*) FROM dossier.outbox) AS outbox,
       (SELECT count(*) FROM dossier.dossier) AS dossiers;
SELECT dossiers, history, outbox FROM soak.before \gset
\echo '   ' :dossiers 'dossiers,' :history 'history rows,' :outbox 'outbox rows'
SQL

n_actions=$("${psql[@]}" -Atc "SELECT count(*) FROM unnest(enum_range(NULL::dossier.dossier_action))")
cat >"$tmpdir/soak.sql" <<SQL
\\set pick random(0, 1000000)
\\set dice random(0, 9)
\\set act random(1, $n_actions)
\\set arg random(0, 1000)
SELECT soak.attempt(:pick, CASE WHEN :dice = 0 THEN 0 ELSE :act END, :arg);
SQL
as_root chmod 755 "$tmpdir"

echo "== pgbench: $CLIENTS clients, ${DURATION} s of random actions"
"$PG_BINDIR/pgbench" -n -T "$DURATION" -c "$CLIENTS" -j "$(( CLIENTS < 2 ? CLIENTS : 2 ))" \
  -f "$tmpdir/soak.sql" -d dossier_soak 2>&1 \
  | grep -E '^(number of (clients|transactions actually processed|failed)|tps|latency average)' | sed 's/^/   /'

echo "== outcomes"
"${psql[@]}" -c "
SELECT coalesce(sqlstate, 'ok') AS outcome, count(*) AS calls,
       string_agg(DISTINCT action, ', ' ORDER BY action) AS actions
FROM soak.outcome GROUP BY 1 ORDER BY 2 DESC, 1"
"${psql[@]}" -c "
SELECT status, count(*) AS dossiers FROM dossier.dossier GROUP BY 1 ORDER BY 1"

echo "== checks"
"${psql[@]}" -At -F ' ' >"$tmpdir/checks" <<'SQL'
WITH b AS (SELECT * FROM soak.before),
     h AS (SELECT count(*) AS history FROM dossier.dossier_event),
     o AS (SELECT count(*) AS outbox FROM dossier.outbox),
     s AS (SELECT coalesce(sum(events) FILTER (WHERE ok), 0) AS events,
                  count(*) FILTER (WHERE ok) AS ok_calls FROM soak.outcome)
SELECT CASE WHEN h.history - b.history = s.events THEN 'PASS' ELSE 'FAIL' END,
       format('history rows added (%s) == events of the %s successful calls (%s)',
              h.history - b.history, s.ok_calls, s.events)
FROM b, h, s
UNION ALL
SELECT CASE WHEN count(*) FILTER (WHERE NOT ok) = 0 THEN 'PASS' ELSE 'FAIL' END,
       format('verify_history(): %s dossiers, %s broken chains', count(*), count(*) FILTER (WHERE NOT ok))
FROM dossier.verify_history()
UNION ALL
SELECT CASE WHEN count(*) FILTER (WHERE e.dossier IS NULL
                                   OR e.to_status IS DISTINCT FROM d.status
                                   OR e.step IS DISTINCT FROM d.step
                                   OR e.hash IS DISTINCT FROM d.head) = 0
            AND (SELECT count(*) FROM dossier.dossier_event x
                 WHERE NOT EXISTS (SELECT 1 FROM dossier.dossier y
                                   WHERE y.code = x.dossier AND x.seq <= y.events)) = 0
            THEN 'PASS' ELSE 'FAIL' END,
       format('status, step and head of %s dossiers equal their last history row (seq = events): %s differ',
              count(*), count(*) FILTER (WHERE e.dossier IS NULL
                                          OR e.to_status IS DISTINCT FROM d.status
                                          OR e.step IS DISTINCT FROM d.step
                                          OR e.hash IS DISTINCT FROM d.head))
FROM dossier.dossier d
LEFT JOIN dossier.dossier_event e ON e.dossier = d.code AND e.seq = d.events
UNION ALL
SELECT CASE WHEN o.outbox = h.history THEN 'PASS' ELSE 'FAIL' END,
       format('outbox rows (%s) == history rows (%s)', o.outbox, h.history)
FROM o, h
UNION ALL
SELECT CASE WHEN count(*) = 0 THEN 'PASS' ELSE 'FAIL' END,
       format('internal errors (SQLSTATE XX...) caught: %s', count(*))
FROM soak.outcome WHERE sqlstate LIKE 'XX%';
SQL
sed 's/^/   /' "$tmpdir/checks"
if grep -q '^FAIL' "$tmpdir/checks"; then
  echo "== FAIL"
  exit 1
fi
echo "== PASS"
