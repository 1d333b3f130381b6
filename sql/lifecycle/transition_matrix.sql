-- dossier.transition against every cell of the transition table
-- (docs/domain.md §2): for each of the 10 statuses and 15 actions, a fresh
-- dossier is brought to the status along a legal path and the action is tried
-- through the real function.
SET search_path = dossier, public;
-- this suite replays events at fixed past times: widen the tolerance for a
-- given event time (superuser only; a live desk keeps minutes, see record.sql)
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;

INSERT INTO agency (code, name, level) VALUES
  ('G91', 'Regress ministry (transition matrix)', 'central'),
  ('G92', 'Regress other ministry (transfer target)', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.910001', 'Regress procedure with two internal steps', 5, 'working_day');
-- the superuser running the tests holds every role; roles are tested elsewhere
INSERT INTO procedure_step (procedure, step, name, role) VALUES
  ('9.910001', 1, 'specialist review', 'dossier_specialist'),
  ('9.910001', 2, 'leader signs', 'dossier_leader');

-- a dossier brought to status s along a legal path, starting at t0
CREATE FUNCTION pg_temp.dossier_in(s int, t0 timestamptz) RETURNS dossier_code
LANGUAGE plpgsql AS $$
DECLARE
  c dossier_code;
  path text[] := CASE s
    WHEN 1 THEN '{}'
    WHEN 2 THEN '{receive}'
    WHEN 3 THEN '{refuse}'
    WHEN 4 THEN '{receive,start_processing}'
    WHEN 5 THEN '{receive,start_processing,request_supplement}'
    WHEN 6 THEN '{receive,start_processing,request_payment}'
    WHEN 7 THEN '{receive,request_withdrawal}'
    WHEN 8 THEN '{receive,stop}'
    WHEN 9 THEN '{receive,start_processing,resolve}'
    WHEN 10 THEN '{receive,start_processing,resolve,return_result}'
    -- 11: status 6 reached from 9 (fee due at return), which has a row of its own
    WHEN 11 THEN '{receive,start_processing,resolve,request_payment}'
  END;
  i int := 0;
  a text;
BEGIN
  c := register_dossier('9.910001', 'G91', owner_citizen => '001099000001', at => t0);
  FOREACH a IN ARRAY path LOOP
    i := i + 1;
    -- processing starts at the last step, so that resolve is legal from 4
    PERFORM transition(c, a::dossier_action, at => t0 + i * interval '1 minute',
                       to_step => CASE WHEN a = 'start_processing' THEN 2 END,
                       reason_code => CASE WHEN a IN ('refuse', 'request_supplement', 'stop') THEN 'other' END,
                       reason => CASE WHEN a IN ('refuse', 'request_supplement', 'stop') THEN 'regress: a reason' END);
  END LOOP;
  RETURN c;
END $$;

-- the action from the status: the new status, or the SQLSTATE it raises;
-- and whether the dossier row and its history are unchanged after an error
CREATE FUNCTION pg_temp.try_cell(s int, a dossier_action, t0 timestamptz)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  c dossier_code := pg_temp.dossier_in(s, t0);
  before record;
  after record;
  r text;
BEGIN
  SELECT d.status, d.events, d.head INTO before FROM dossier.dossier d WHERE d.code = c;
  BEGIN
    r := transition(c, a,
                    to_agency => CASE WHEN a = 'transfer' THEN 'G92'::agency_code END,
                    new_appointment => CASE WHEN a = 'apologize'
                                       THEN next_working_instant(t0 + interval '30 days') END,
                    to_step => CASE WHEN a = 'move_step' THEN 1 END,
                    at => t0 + interval '10 minutes',
                    reason_code => CASE WHEN a IN ('refuse', 'request_supplement', 'stop') THEN 'other' END,
                    reason => CASE WHEN a IN ('refuse', 'request_supplement', 'stop') THEN 'regress: a reason' END)::text;
  EXCEPTION WHEN OTHERS THEN
    r := SQLSTATE;
    SELECT d.status, d.events, d.head INTO after FROM dossier.dossier d WHERE d.code = c;
    IF after IS DISTINCT FROM before THEN
      r := r || ' CHANGED';
    END IF;
  END;
  RETURN r;
END $$;

CREATE TEMP TABLE cell AS
SELECT s, a, pg_temp.try_cell(s, a, timestamptz '2026-03-02 08:00' + (s * 100 + a_no) * interval '1 hour') AS got
FROM generate_series(1, 11) s,
     LATERAL (SELECT a, row_number() OVER () AS a_no
              FROM unnest(enum_range(NULL::dossier_action)) a) x;

-- the matrix as the function saw it: target status, or the SQLSTATE
SELECT status_from_code(CASE WHEN s = 11 THEN 6 ELSE s END) AS from_status,
       CASE WHEN s = 11 THEN 'resolved'::dossier_status END AS prior_status,
       string_agg(a || '=' || got, ' ' ORDER BY a) FILTER (WHERE got NOT LIKE 'VN%') AS allowed,
       count(*) FILTER (WHERE got = 'VN101') AS forbidden_vn101,
       count(*) FILTER (WHERE got NOT LIKE 'VN101' AND got ~ '^[0-9A-Z]{5}') AS other_errors
FROM cell GROUP BY s ORDER BY s;

-- every cell agrees with dossier.transition_table: allowed cells reach the
-- table's status, forbidden ones raise VN101 and change nothing
SELECT c.s, c.a, c.got, t.to_status
FROM cell c
JOIN transition_table t ON t.from_status = status_from_code(CASE WHEN c.s = 11 THEN 6 ELSE c.s END)
 AND t.action = c.a
 AND t.prior_status IS NOT DISTINCT FROM CASE WHEN c.s = 11 THEN 'resolved'::dossier_status END
WHERE c.got IS DISTINCT FROM coalesce(t.to_status::text, 'VN101');
SELECT count(*) AS cells, count(*) FILTER (WHERE got = 'VN101') AS forbidden,
       count(*) FILTER (WHERE got NOT LIKE 'VN%') AS allowed
FROM cell;

-- the one cell that depends on history: paid returns to where the payment
-- was asked from (9 when the fee is due at return, 4 otherwise)
SELECT pg_temp.dossier_in(9, '2026-04-01 08:00') AS c9 \gset
SELECT transition(:'c9', 'request_payment', at => '2026-04-01 09:00') AS to_6,
       transition(:'c9', 'paid', at => '2026-04-01 10:00') AS back_to;
SELECT pg_temp.dossier_in(6, '2026-04-02 08:00') AS c6 \gset
SELECT transition(:'c6', 'paid', at => '2026-04-02 09:00') AS back_to;

-- the error of a forbidden move names the dossier, its status and what is allowed
SET client_min_messages = notice;
SELECT pg_temp.dossier_in(2, '2026-04-03 08:00') AS c2 \gset
SELECT regexp_replace(:'c2', '\d{4}$', 'NNNN') AS code_pattern;
DO $$ BEGIN PERFORM dossier.transition(
  (SELECT code FROM dossier.dossier WHERE registered_at = '2026-04-03 08:00'), 'resolve',
  at => '2026-04-03 09:00');
EXCEPTION WHEN OTHERS THEN
  DECLARE m text; d text; h text; st text;
  BEGIN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT, st = RETURNED_SQLSTATE;
    RAISE NOTICE '% | % | % | %', st, regexp_replace(m, 'G91-\d+-\d+', 'G91-…'), d, h;
  END;
END $$;

-- cleanup: the guard is lifted for this transaction only, and that is recorded
SET client_min_messages = warning;
BEGIN;
SELECT lift_history_guard('regress transition_matrix: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE agency IN ('G91', 'G92');
DELETE FROM outbox WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G91');
DELETE FROM dossier.dossier WHERE receiving_agency = 'G91';
COMMIT;
DELETE FROM dossier_code_counter WHERE agency IN ('G91', 'G92');
DELETE FROM procedure WHERE code = '9.910001';
DELETE FROM agency WHERE code IN ('G91', 'G92');
