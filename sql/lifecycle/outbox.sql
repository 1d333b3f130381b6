-- The DVCQG sync outbox (issue 3 item 8, issue 12 item 7): one message per
-- event in the event's transaction, the payload, per-dossier order, batches
-- of a dossier's next messages, claims with leases, acknowledgement, retries
-- with back-off, dead letters and their requeue.  The worker runs as a
-- member of dossier_sync (the DVCQG sync worker, since 0.2.0 not the
-- portal), the DBA as a member of dossier_dba.
SET search_path = dossier, public;
-- this suite replays events at fixed past times: widen the tolerance for a
-- given event time (superuser only; a live desk keeps minutes, see record.sql)
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'UTC';
SET client_min_messages = warning;
\set SHOW_CONTEXT never

INSERT INTO agency (code, name, level) VALUES ('G98', 'Regress ministry (outbox)', 'central'),
                                              ('G98.01', 'Regress department (outbox)', 'central'),
                                              ('G98.123', 'Regress office with no legacy code (outbox)', 'central'),
                                              ('G98.01.02.03', 'Regress unit whose legacy code is padded (outbox)', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.980001', 'Regress procedure (outbox)', 5, 'working_day');

-- the regress database may hold messages of other tests: start from a clean outbox
WITH done AS (UPDATE outbox SET sent_at = now() WHERE sent_at IS NULL RETURNING 1)
SELECT count(*) >= 0 AS clean FROM done;

SELECT register_dossier('9.980001', 'G98', owner_enterprise => '0100109106', channel => 'postal',
                        at => '2026-05-18 01:00', receive => true) AS a \gset
SELECT register_dossier('9.980001', 'G98', owner_citizen => '001099000051', channel => 'online',
                        at => '2026-05-18 02:00') AS b \gset
SELECT transition(:'a', 'start_processing', at => '2026-05-18 03:00'),
       transition(:'a', 'transfer', to_agency => 'G98.01', at => '2026-05-18 04:00'),
       transition(:'a', 'resolve', at => '2026-05-18 09:59:59');

-- one message per event, keyed by dossier, event and hash; the payload in
-- DVCQG form: dates yyyyMMddHHmmss in Vietnam time (UTC+7), channel 1/2/3,
-- the agency in the legacy form LLL.KK.JJ.MXX like MaHoSo (G98 is
-- 000.00.00.G98, G98.01 is 000.00.01.G98)
SELECT o.dossier = :'a' AS is_a, o.seq, o.idempotency_key = o.dossier || ':' || o.seq || ':' || left(encode(e.hash, 'hex'), 16) AS key_ok,
       o.payload->>'TrangThaiHoSo' AS status, o.payload->>'KenhThucHien' AS channel,
       o.payload->>'MaCoQuan' AS agency, o.payload->>'HanhDong' AS action,
       o.payload->>'NgayTiepNhan' AS received, o.payload->>'NgayHenTra' AS appointment,
       o.payload->>'NgayKetThucXuLy' AS ended, o.payload->>'ThoiDiemCapNhat' AS at
FROM outbox o JOIN dossier_event e ON e.dossier = o.dossier AND e.seq = o.seq
WHERE o.dossier IN (:'a', :'b') ORDER BY o.dossier = :'b', o.seq;
SELECT jsonb_object_keys(payload) AS payload_keys FROM outbox WHERE dossier = :'a' AND seq = 1 ORDER BY 1;
SELECT count(*) = (SELECT count(*) FROM dossier_event WHERE dossier IN (:'a', :'b')) AS one_message_per_event
FROM outbox WHERE dossier IN (:'a', :'b');
-- a failed transition writes no message
SELECT count(*) AS before FROM outbox \gset
DO $$ BEGIN PERFORM dossier.transition((SELECT code FROM dossier.dossier WHERE owner_citizen = '001099000051'), 'resolve');
EXCEPTION WHEN OTHERS THEN NULL; END $$;
SELECT count(*) - :before AS messages_after_failed_transition FROM outbox;

-- an agency whose legacy form would not name exactly it keeps the modern
-- form, in MaCoQuan as in MaHoSo (make_dossier_code's rule): G98.123 has a
-- 3-character group at level 2; G98.01.02.03 would be padded to
-- 003.02.01.G98, which is G98.01.02.003
SELECT register_dossier('9.980001', 'G98.123', owner_citizen => '001099000052', at => '2026-05-18 02:30') AS c \gset
SELECT register_dossier('9.980001', 'G98.01.02.03', owner_citizen => '001099000053', at => '2026-05-18 02:40') AS d \gset
SELECT payload->>'MaHoSo' AS code, payload->>'MaCoQuan' AS agency FROM outbox WHERE dossier IN (:'c', :'d') ORDER BY 1;
UPDATE outbox SET sent_at = now() WHERE dossier IN (:'c', :'d');   -- out of the way of the claims below

-- the worker and the DBA; claim(n, lease) claims as the caller and shows the
-- batch in the order claim_outbox returns it, as dossier letter and event
-- (a1 is event 1 of dossier a = ...-0001), with its token
CREATE ROLE regress_outbox_worker LOGIN IN ROLE dossier_sync;
CREATE ROLE regress_outbox_dba LOGIN IN ROLE dossier_dba;
CREATE FUNCTION pg_temp.claim(n int4, lease interval DEFAULT '5 minutes', OUT batch text, OUT token text)
LANGUAGE sql AS $$
  SELECT coalesce(string_agg(chr(96 + right(c.dossier::text, 4)::int) || c.seq, ' ' ORDER BY c.k), '(none)'),
         coalesce(min(c.claim_token::text), '(none)')
  FROM dossier.claim_outbox(n, lease)
       WITH ORDINALITY AS c(id, dossier, seq, ikey, payload, attempts, claim_token, claimed_until, k) $$;
-- run stmt: its result, or the SQLSTATE and message of its error (with its
-- detail and hint when with_detail)
CREATE FUNCTION pg_temp.try(stmt text, with_detail bool DEFAULT false) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  res text;
  detail text;
  hint text;
BEGIN
  EXECUTE stmt INTO res;
  RETURN 'ok ' || coalesce(res, 'NULL');
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
  RETURN SQLSTATE || ' ' || SQLERRM || CASE WHEN with_detail THEN ' / ' || detail || ' / ' || hint ELSE '' END;
END $$;
-- time passes, for the worker to call: every back-off ends (time_passes:
-- how many messages it made due), the lease of a claim ends (lease_ends: how
-- many messages it held)
CREATE FUNCTION pg_temp.time_passes() RETURNS int8
LANGUAGE sql SECURITY DEFINER AS $$
  WITH due AS (UPDATE dossier.outbox SET next_attempt_at = now()
               WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at > now() RETURNING 1)
  SELECT count(*) FROM due $$;
CREATE FUNCTION pg_temp.lease_ends(token text) RETURNS int8
LANGUAGE sql SECURITY DEFINER AS $$
  WITH ended AS (UPDATE dossier.outbox SET claimed_until = now() - interval '1 second'
                 WHERE claim_token = token::uuid RETURNING 1)
  SELECT count(*) FROM ended $$;
SELECT id AS a1 FROM outbox WHERE dossier = :'a' AND seq = 1 \gset
SELECT id AS a2 FROM outbox WHERE dossier = :'a' AND seq = 2 \gset
SELECT id AS a3 FROM outbox WHERE dossier = :'a' AND seq = 3 \gset
SELECT id AS a4 FROM outbox WHERE dossier = :'a' AND seq = 4 \gset
SHOW dossier.outbox_max_attempts;

-- a batch holds, per dossier, the earliest unsent message and the ones
-- after it, in event order: a1..a5 and b1 are pending, a1 was written
-- first, so a batch of 3 is a1 a2 a3 (the size cuts a dossier's run, never
-- starts one in the middle)
SET ROLE regress_outbox_worker;
SELECT batch, token AS t1 FROM pg_temp.claim(3) \gset
\echo batch 1: :batch
-- a second worker gets b1; a4 and a5 wait for a1..a3
SELECT batch, token AS t2 FROM pg_temp.claim(10) \gset
\echo batch 2: :batch
-- the first worker delivers a1, a2 fails: a2 is retried in 10 s, and a3,
-- which the claim holds after it, is given back: it can no longer be
-- acknowledged by this claim, so it cannot overtake a2
SELECT ack_outbox(:'t1', ARRAY[:a1]::int8[]) AS acked_a1;
SELECT fail_outbox(:'t1', :a2, 'HTTP 503 from DVCQG') - now() AS retry_in_1;
SELECT ack_outbox(:'t1', ARRAY[:a3]::int8[]) AS acked_a3_after_a2_failed;
SELECT batch FROM pg_temp.claim(10);
SELECT ack_outbox(:'t2') AS acked_b1, ack_outbox(:'t2') AS acked_twice;
RESET ROLE;
SELECT seq, attempts, last_error, claim_token IS NULL AS unclaimed, sent_at IS NOT NULL AS sent
FROM outbox WHERE dossier = :'a' ORDER BY seq;

-- a2 is due again: the next batch is a2 and everything after it; back-off
-- doubles at each attempt, up to max_delay
SET ROLE regress_outbox_worker;
SELECT pg_temp.time_passes();
SELECT batch, token AS t3 FROM pg_temp.claim(10) \gset
\echo batch 3: :batch
SELECT fail_outbox(:'t3', :a2, 'timeout') - now() AS retry_in_2;
SELECT pg_temp.time_passes();
SELECT batch, token AS t4 FROM pg_temp.claim(10) \gset
SELECT fail_outbox(:'t4', :a2, 'timeout', base_delay => '1 hour', max_delay => '2 hours') - now() AS retry_capped;
SELECT fail_outbox(:'t4', :a2, 'again') AS fail_with_a_stale_token;
-- a lease that runs out: another worker takes the batch, the first one's
-- acknowledgement is refused
SELECT pg_temp.time_passes();
SELECT batch, token AS t5 FROM pg_temp.claim(10, '5 minutes') \gset
SELECT pg_temp.lease_ends(:'t5');
SELECT batch, token AS t6 FROM pg_temp.claim(10) \gset
\echo batch 6: :batch
SELECT ack_outbox(:'t5') AS late_ack_of_expired_claim, ack_outbox(:'t6', ARRAY[:a2]::int8[]) AS ack_of_new_claim;
-- releasing on shutdown does not count an attempt
SELECT release_outbox(:'t6') AS released;
RESET ROLE;
SELECT seq, attempts, claim_token IS NULL AS unclaimed, sent_at IS NOT NULL AS sent
FROM outbox WHERE dossier = :'a' AND seq >= 2 ORDER BY seq;

-- dead letters: with at most 2 attempts, a3's second failure dead-letters
-- it (next attempt: never); a4 and a5 wait behind it, because DVCQG must
-- receive a dossier's statuses in order; the status view shows both
SET dossier.outbox_max_attempts = 2;
SET ROLE regress_outbox_worker;
SELECT batch, token AS t7 FROM pg_temp.claim(10) \gset
\echo batch 7: :batch
SELECT fail_outbox(:'t7', :a3, 'HTTP 400: MaCoQuan unknown') - now() AS retry_in_1;
SELECT pg_temp.time_passes();
SELECT batch, token AS t8 FROM pg_temp.claim(10) \gset
\echo batch 8: :batch
SELECT fail_outbox(:'t8', :a3, 'HTTP 400: MaCoQuan unknown') AS dead_letter_next_attempt;
SELECT pg_temp.time_passes();
SELECT batch AS held_behind_dead_letter FROM pg_temp.claim(10);
SELECT pending, claimed, failing, dead, held, oldest_dead_age >= '0' AS dead_age_shown FROM outbox_status;
-- the setting is the DBA's, not the worker's
SELECT pg_temp.try($$SET dossier.outbox_max_attempts = 50$$) AS worker_sets_max_attempts;
-- the worker may not requeue
SELECT pg_temp.try(format('SELECT dossier.requeue_outbox(ARRAY[%s]::int8[])', :a3)) AS worker_requeues;

-- the DBA finds the dead letter and requeues it; bad requests change nothing
SET ROLE regress_outbox_dba;
SELECT seq, attempts, last_error, dead_at IS NOT NULL AS dead, next_attempt_at
FROM outbox WHERE dead_at IS NOT NULL AND dossier = :'a' ORDER BY seq;
SELECT pg_temp.try($$SELECT dossier.requeue_outbox(NULL)$$) AS null_ids;
SELECT pg_temp.try($$SELECT dossier.requeue_outbox(ARRAY[NULL]::int8[])$$) AS a_null_id;
SELECT pg_temp.try($$SELECT dossier.requeue_outbox(ARRAY[-1]::int8[])$$) AS unknown_id;
SELECT regexp_replace(replace(pg_temp.try(format('SELECT dossier.requeue_outbox(ARRAY[%s]::int8[])', :a1), true),
                              :'a', '<a>'), 'essage ' || :a1 || '\M', 'essage <a1>', 'g') AS delivered;
SELECT regexp_replace(replace(pg_temp.try(format('SELECT dossier.requeue_outbox(ARRAY[%s, %s]::int8[])', :a3, :a4), true),
                              :'a', '<a>'), 'essage ' || :a4 || '\M', 'essage <a4>', 'g') AS pending;
SELECT count(*) AS still_dead FROM outbox WHERE id = :a3 AND dead_at IS NOT NULL AND attempts = 2;
\set VERBOSITY default
SELECT requeue_outbox(ARRAY[-1]::int8[]);
SELECT requeue_outbox('{}') AS requeued_none;
SELECT requeue_outbox(ARRAY[:a3]::int8[]) AS requeued;
SELECT seq, attempts, last_error, dead_at IS NULL AS alive, next_attempt_at <= now() AS due
FROM outbox WHERE dossier = :'a' AND seq >= 3 ORDER BY seq;
SELECT pending, failing, dead, held FROM outbox_status;
-- the dossier flows again, in order
SET ROLE regress_outbox_worker;
SELECT batch, token AS t9 FROM pg_temp.claim(10) \gset
\echo batch 9: :batch
SELECT ack_outbox(:'t9') AS acked;
RESET ROLE;
RESET dossier.outbox_max_attempts;

-- drain, then the status view
SET ROLE regress_outbox_worker;
DO $$ DECLARE t uuid; BEGIN
  LOOP
    SELECT claim_token INTO t FROM dossier.claim_outbox(100) LIMIT 1;
    EXIT WHEN t IS NULL;
    PERFORM dossier.ack_outbox(t);
  END LOOP;
END $$;
SELECT pending, claimed, failing, dead, held, delivered > 0 AS delivered FROM outbox_status;
RESET ROLE;
SELECT count(*) FILTER (WHERE sent_at IS NULL) AS unsent FROM outbox WHERE dossier IN (:'a', :'b');

-- bad arguments
\set VERBOSITY terse
SELECT * FROM claim_outbox(0);
SELECT * FROM claim_outbox(10, '0 seconds');
SELECT * FROM claim_outbox(NULL);
SET dossier.outbox_max_attempts = 0;
\set VERBOSITY default

-- cleanup
BEGIN;
SELECT lift_history_guard('regress outbox: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE dossier::text LIKE '%G98%';
DELETE FROM outbox WHERE dossier::text LIKE '%G98%';
DELETE FROM dossier.dossier WHERE receiving_agency <@ 'G98';
COMMIT;
DROP ROLE regress_outbox_worker, regress_outbox_dba;
DELETE FROM dossier_code_counter WHERE agency <@ 'G98';
DELETE FROM procedure WHERE code = '9.980001';
DELETE FROM agency WHERE code <@ 'G98';
