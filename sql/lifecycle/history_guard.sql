-- Tamper-evident history (issue 3 item 7): the SHA-256 chain, its
-- verification, digests for auditors, and the write guard with its recorded
-- lifting.
SET search_path = dossier, public;
-- this suite replays events at fixed past times: widen the tolerance for a
-- given event time (superuser only; a live desk keeps minutes, see record.sql)
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
\set SHOW_CONTEXT never

CREATE FUNCTION pg_temp.sqlstate_of(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE stmt;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

INSERT INTO agency (code, name, level) VALUES ('G95', 'Regress ministry (history)', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.950001', 'Regress procedure (history)', 5, 'working_day');
SELECT register_dossier('9.950001', 'G95', owner_enterprise => '0100109106', at => '2026-05-04 08:00',
                        receive => true, note => 'two copies of the application form') AS a \gset
SELECT register_dossier('9.950001', 'G95', owner_citizen => '001099000031', at => '2026-05-04 08:30') AS b \gset
SELECT transition(:'a', 'start_processing', at => '2026-05-04 09:00'),
       transition(:'a', 'request_supplement', note => 'desk note', at => '2026-05-04 10:00',
                  reason_code => 'missing_papers', reason => 'thiếu bản sao giấy chứng nhận'),
       transition(:'b', 'refuse', at => '2026-05-04 10:30',
                  reason_code => 'not_competent', reason => 'not within the agency''s competence');

-- the chain: the first link starts from 32 zero bytes, each next one from the
-- previous hash, and every hash can be recomputed in SQL from the row
SELECT dossier = :'a' AS is_a, seq, action, to_status,
       prev_hash = '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea AS genesis,
       prev_hash = lag(hash) OVER (PARTITION BY dossier ORDER BY seq) AS linked,
       hash = sha256(prev_hash || event_canonical(e)) AS recomputed
FROM dossier_event e WHERE dossier IN (:'a', :'b') ORDER BY dossier = :'b', seq;
-- the canonical form: 14 length-prefixed fields, NULL as 0xFFFFFFFF
SELECT encode(substr(event_canonical(e), 1, 4), 'hex') AS first_length,
       convert_from(substr(event_canonical(e), 5, octet_length(dossier::text)), 'UTF8') = dossier::text AS starts_with_code,
       position('\xffffffff'::bytea IN event_canonical(e)) > 0 AS has_null_marker
FROM dossier_event e WHERE dossier = :'a' AND seq = 1;
SELECT * FROM verify_history(:'a');
SELECT count(*) AS dossiers, bool_and(ok) AS all_ok FROM verify_history() WHERE dossier IN (:'a', :'b');

-- an auditor's digest proves the past later
SELECT history_digest(:'a') AS digest_a \gset
SELECT regexp_replace(:'digest_a', '^.*:(\d+):[0-9a-f]{64}$', 'events=\1') AS digest_shape;
SELECT transition(:'a', 'supplement_received', at => '2026-05-05 08:00');
SELECT check_digest(:'digest_a') AS past_intact_after_new_event;
SELECT pg_temp.sqlstate_of($$SELECT dossier.check_digest('garbage')$$) AS bad_digest;

-- direct writes are refused, for every kind of write, also by the owner
SELECT pg_temp.sqlstate_of(format($$UPDATE dossier.dossier SET status = '9' WHERE code = %L$$, :'a')) AS update_dossier;
SELECT pg_temp.sqlstate_of(format($$UPDATE dossier.dossier_event SET note = 'nothing missing' WHERE dossier = %L$$, :'a')) AS update_history;
SELECT pg_temp.sqlstate_of(format($$DELETE FROM dossier.dossier_event WHERE dossier = %L AND seq = 5$$, :'a')) AS delete_history;
SELECT pg_temp.sqlstate_of($$INSERT INTO dossier.dossier_event SELECT * FROM dossier.dossier_event LIMIT 1$$) AS insert_history;
SELECT pg_temp.sqlstate_of($$TRUNCATE dossier.dossier_event$$) AS truncate_history;
SELECT pg_temp.sqlstate_of($$TRUNCATE dossier.dossier CASCADE$$) AS truncate_dossier;
SELECT pg_temp.sqlstate_of($$DELETE FROM dossier.guard_log$$) AS delete_guard_log;
-- nor by switching triggers off
SET session_replication_role = replica;
SELECT pg_temp.sqlstate_of(format($$UPDATE dossier.dossier SET status = '9' WHERE code = %L$$, :'a')) AS update_as_replica;
RESET session_replication_role;
SELECT pg_temp.sqlstate_of($$ALTER TABLE dossier.dossier_event DISABLE TRIGGER dossier_event_guard$$) AS disable_trigger;
SELECT pg_temp.sqlstate_of($$ALTER TABLE dossier.dossier DISABLE TRIGGER ALL$$) AS disable_all;
SELECT pg_temp.sqlstate_of($$DROP TRIGGER dossier_event_guard ON dossier.dossier_event$$) AS drop_trigger;
SELECT pg_temp.sqlstate_of($$CREATE TRIGGER sneaky BEFORE UPDATE ON dossier.dossier FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()$$) AS new_trigger;
SELECT pg_temp.sqlstate_of($$CREATE RULE sneaky AS ON UPDATE TO dossier.dossier_event DO INSTEAD NOTHING$$) AS new_rule;
SELECT pg_temp.sqlstate_of($$ALTER TABLE dossier.outbox ADD COLUMN extra int$$) AS other_tables_are_free;
ALTER TABLE dossier.outbox DROP COLUMN extra;
-- a trigger on the outbox, which is not guarded, cannot borrow the writers'
-- window to rewrite history while a transition inserts its message
CREATE FUNCTION pg_temp.rewrite_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dossier.dossier_event SET note = 'rewritten' WHERE dossier OPERATOR(dossier.=) NEW.dossier AND seq = 1;
  RETURN NEW;
END $$;
CREATE TRIGGER rewrite_history AFTER INSERT ON dossier.outbox
  FOR EACH ROW EXECUTE FUNCTION pg_temp.rewrite_history();
SELECT pg_temp.sqlstate_of(format($$SELECT dossier.transition(%L, 'apologize', new_appointment => '2026-06-30 17:00', at => '2026-05-05 09:00')$$, :'a')) AS transition_with_outbox_trigger;
DROP TRIGGER rewrite_history ON dossier.outbox;
-- the error itself
\set VERBOSITY default
UPDATE dossier_event SET note = 'x' WHERE dossier = :'a' AND seq = 1;
ALTER TABLE dossier.dossier_event DISABLE TRIGGER dossier_event_guard;
\set VERBOSITY terse
-- nothing changed
SELECT count(*) AS events_of_a FROM dossier_event WHERE dossier = :'a';
SELECT ok FROM verify_history(:'a');

-- lifting the guard needs a reason and dossier_dba; it is recorded, and
-- lasts until the end of the transaction only
SELECT pg_temp.sqlstate_of($$SELECT dossier.lift_history_guard('short')$$) AS short_reason;
SELECT pg_temp.sqlstate_of($$SELECT dossier.lift_history_guard(NULL)$$) AS no_reason;
BEGIN;
SAVEPOINT s;
SELECT lift_history_guard('regress: lifted in a savepoint that is rolled back') > 0 AS lifted;
SELECT history_guard_lifted();
ROLLBACK TO SAVEPOINT s;
SELECT history_guard_lifted() AS still_lifted_after_rollback_to_savepoint;
SELECT pg_temp.sqlstate_of(format($$UPDATE dossier.dossier_event SET note = 'x' WHERE dossier = %L$$, :'a')) AS update_after_rollback;
COMMIT;
SELECT count(*) AS log_rows_of_the_rolled_back_lift FROM guard_log WHERE reason LIKE 'regress: lifted in a savepoint%';

BEGIN;
SELECT lift_history_guard('regress history_guard: forge the note of a history row') > 0 AS lifted;
UPDATE dossier_event SET note = 'nothing missing' WHERE dossier = :'a' AND seq = 4;
COMMIT;
SELECT history_guard_lifted() AS lifted_in_next_transaction;
SELECT pg_temp.sqlstate_of(format($$UPDATE dossier.dossier_event SET note = 'y' WHERE dossier = %L$$, :'a')) AS update_next_transaction;
SELECT lifted_by, session_user_name, reason FROM guard_log WHERE reason LIKE 'regress history_guard%';

-- the forgery is found: the first broken link, the digest no longer checks
SELECT * FROM verify_history(:'a');
SELECT check_digest(:'digest_a') AS past_intact_after_forgery;
SELECT ok FROM verify_history(:'b');

-- other ways of breaking a chain, each reported at its first broken link
BEGIN;
SELECT lift_history_guard('regress history_guard: break chains in every way') > 0 AS lifted;
SELECT register_dossier('9.950001', 'G95', owner_citizen => '001099000032', at => '2026-05-06 08:00', receive => true) AS c1 \gset
SELECT register_dossier('9.950001', 'G95', owner_citizen => '001099000033', at => '2026-05-06 08:00', receive => true) AS c2 \gset
SELECT register_dossier('9.950001', 'G95', owner_citizen => '001099000034', at => '2026-05-06 08:00', receive => true) AS c3 \gset
SELECT register_dossier('9.950001', 'G95', owner_citizen => '001099000035', at => '2026-05-06 08:00', receive => true) AS c4 \gset
SELECT register_dossier('9.950001', 'G95', owner_citizen => '001099000036', at => '2026-05-06 08:00', receive => true) AS c5 \gset
DELETE FROM dossier_event WHERE dossier = :'c1' AND seq = 1;
UPDATE dossier.dossier SET status = '9' WHERE code = :'c2';
UPDATE dossier_event SET prev_hash = hash WHERE dossier = :'c3' AND seq = 2;
DELETE FROM dossier_event WHERE dossier = :'c4' AND seq = 2;
DELETE FROM dossier.dossier WHERE code = :'c5';
COMMIT;
SELECT d.dossier = :'c1' AS c1, d.dossier = :'c2' AS c2, d.dossier = :'c3' AS c3, d.dossier = :'c4' AS c4,
       d.dossier = :'c5' AS c5, d.events, d.ok, d.broken_seq, d.problem
FROM verify_history() d WHERE d.dossier IN (:'c1', :'c2', :'c3', :'c4', :'c5')
ORDER BY d.dossier;

-- cleanup
BEGIN;
SELECT lift_history_guard('regress history_guard: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE agency = 'G95';
DELETE FROM outbox WHERE dossier::text LIKE '%G95%';
DELETE FROM dossier.dossier WHERE receiving_agency = 'G95';
COMMIT;
DELETE FROM dossier_code_counter WHERE agency = 'G95';
DELETE FROM procedure WHERE code = '9.950001';
DELETE FROM agency WHERE code = 'G95';
