-- The DVCQG sync outbox (issue 3 item 8): one message per event in the
-- event's transaction, the payload, per-dossier order, claims with leases,
-- acknowledgement, retries with back-off.
SET search_path = dossier, public;
-- this suite replays events at fixed past times: widen the tolerance for a
-- given event time (superuser only; a live desk keeps minutes, see record.sql)
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'UTC';
SET client_min_messages = warning;
\set SHOW_CONTEXT never

INSERT INTO agency (code, name, level) VALUES ('G98', 'Regress ministry (outbox)', 'central'),
                                              ('G98.01', 'Regress department (outbox)', 'central');
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
-- DVCQG form: dates yyyyMMddHHmmss in Vietnam time (UTC+7), channel 1/2/3
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

-- a worker claims: one message per dossier, the earliest unsent event first
SELECT claim_token AS t1 FROM claim_outbox(10) LIMIT 1 \gset
SELECT dossier = :'a' AS is_a, seq, claim_token = :'t1' AS mine FROM outbox
WHERE claim_token IS NOT NULL ORDER BY dossier = :'b', seq;
-- a second worker finds nothing more: the rest wait for their predecessors
SELECT count(*) AS second_worker_gets FROM claim_outbox(10);
-- acknowledging lets the next message of each dossier through
SELECT ack_outbox(:'t1') AS acknowledged;
SELECT ack_outbox(:'t1') AS acknowledged_twice;
SELECT dossier = :'a' AS is_a, seq FROM claim_outbox(10) ORDER BY 1 DESC, 2;
-- a failure releases the message with a back-off, doubled at each attempt,
-- and holds back the later messages of its dossier
SELECT claim_token AS t2, id AS failing FROM outbox WHERE dossier = :'a' AND claim_token IS NOT NULL \gset
SELECT fail_outbox(:'t2', :failing, 'HTTP 503 from DVCQG') - now() AS retry_in_1;
SELECT attempts, last_error, claim_token IS NULL AS released FROM outbox WHERE id = :failing;
SELECT count(*) AS claimable_for_a FROM claim_outbox(10) WHERE dossier = :'a';
UPDATE outbox SET next_attempt_at = now() WHERE id = :failing;   -- time passes
SELECT claim_token AS t3 FROM claim_outbox(10) WHERE dossier = :'a' \gset
SELECT fail_outbox(:'t3', :failing, 'timeout') - now() AS retry_in_2;
UPDATE outbox SET next_attempt_at = now() WHERE id = :failing;
SELECT claim_token AS t4 FROM claim_outbox(10) WHERE dossier = :'a' \gset
SELECT fail_outbox(:'t4', :failing, 'timeout', base_delay => '1 hour', max_delay => '2 hours') - now() AS retry_capped;
SELECT fail_outbox(:'t4', :failing, 'again') AS fail_with_a_stale_token;
-- a lease that runs out: another worker takes the message, the first one's
-- acknowledgement is refused
UPDATE outbox SET next_attempt_at = now() WHERE id = :failing;
SELECT claim_token AS t5 FROM claim_outbox(10, '5 minutes') WHERE dossier = :'a' \gset
UPDATE outbox SET claimed_until = now() - interval '1 second' WHERE id = :failing;   -- the lease ends
SELECT claim_token AS t6 FROM claim_outbox(10) WHERE dossier = :'a' \gset
SELECT ack_outbox(:'t5') AS late_ack_of_expired_claim, ack_outbox(:'t6') AS ack_of_new_claim;
-- releasing on shutdown does not count an attempt
SELECT claim_token AS t7 FROM claim_outbox(10) WHERE dossier = :'a' \gset
SELECT release_outbox(:'t7') AS released, (SELECT attempts FROM outbox WHERE claim_token IS NULL AND dossier = :'a' AND sent_at IS NULL ORDER BY seq LIMIT 1) AS attempts;
-- drain, then the status view
DO $$ DECLARE t uuid; BEGIN
  LOOP
    SELECT claim_token INTO t FROM dossier.claim_outbox(100) LIMIT 1;
    EXIT WHEN t IS NULL;
    PERFORM dossier.ack_outbox(t);
  END LOOP;
END $$;
SELECT pending, claimed, failing, delivered > 0 AS delivered FROM outbox_status;
SELECT count(*) FILTER (WHERE sent_at IS NULL) AS unsent FROM outbox WHERE dossier IN (:'a', :'b');

-- bad arguments
\set VERBOSITY terse
SELECT * FROM claim_outbox(0);
SELECT * FROM claim_outbox(10, '0 seconds');
SELECT * FROM claim_outbox(NULL);
\set VERBOSITY default

-- cleanup
BEGIN;
SELECT lift_history_guard('regress outbox: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE dossier::text LIKE '%G98%';
DELETE FROM outbox WHERE dossier::text LIKE '%G98%';
DELETE FROM dossier.dossier WHERE receiving_agency = 'G98';
COMMIT;
DELETE FROM dossier_code_counter WHERE agency = 'G98';
DELETE FROM procedure WHERE code = '9.980001';
DELETE FROM agency WHERE code IN ('G98.01', 'G98');
