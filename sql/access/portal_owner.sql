-- Citizens and enterprises see their own (issue 13 §2, §3;
-- docs/reference/access/portal.md): without an assertion a portal acts on
-- nothing and sees nothing; with one it sees and acts for its subject only
-- (row-level security, dossier.my_dossiers, dossier.my_timeline without
-- internal notes, transition and register_dossier bound to the subject),
-- and another owner's dossier is answered as one that does not exist.  The
-- DVCQG sync worker is a role of its own.  Assertions are made now by
-- test/fixtures/gen/make_assertions.sh; dossiers are dated March 2026.
SET search_path = dossier, public;
SET client_min_messages = warning;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET dossier.event_time_tolerance = '20000d';
SET dossier.portal_audience = 'urn:dossier:test';
\set SHOW_CONTEXT never

CREATE TEMP TABLE gen (name text PRIMARY KEY, v text NOT NULL);
\copy gen FROM PROGRAM 'bash test/fixtures/gen/make_assertions.sh' WITH (FORMAT csv, DELIMITER ' ')
GRANT SELECT ON gen TO PUBLIC;
CREATE FUNCTION pg_temp.tok(n text) RETURNS text LANGUAGE sql
  RETURN (SELECT v FROM pg_temp.gen WHERE name = n);
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key, valid_from)
SELECT 'ed1', 'https://sso.example.vn', 'EdDSA', convert_from(decode(v, 'base64'), 'UTF8'), '2026-01-01'
FROM gen WHERE name = 'key_ed';

INSERT INTO dossier.agency (code, name, level) VALUES ('G84', 'Regress ministry (portal)', 'central');
INSERT INTO dossier.procedure (code, name, processing_time, time_unit)
VALUES ('9.840001', 'Regress procedure (portal)', 5, 'working_day');
CREATE ROLE regress_po_portal LOGIN IN ROLE dossier_portal;
CREATE ROLE regress_po_sync LOGIN IN ROLE dossier_sync;

-- the dossiers: A1 of citizen A at the desk, received, asked for papers
-- with an internal note; B1 of citizen B; E1 of enterprise E
SELECT dossier.register_dossier('9.840001', 'G84', owner_citizen => '001099000021',
  at => '2026-03-02 08:00', receive => true, note => 'desk: internal note at registration') AS a1 \gset
SELECT dossier.transition(:'a1', 'request_supplement', at => '2026-03-02 09:00',
  note => 'specialist: the applicant was rude on the phone', reason_code => 'missing_papers',
  reason => 'bản sao giấy khai sinh');
SELECT dossier.register_dossier('9.840001', 'G84', owner_citizen => '001099000022',
  at => '2026-03-02 08:10', receive => true) AS b1 \gset
SELECT dossier.register_dossier('9.840001', 'G84', owner_enterprise => '0100233488',
  at => '2026-03-02 08:20', receive => true) AS e1 \gset
\set nowhere '000.00.00.G84-260302-9999'

-- ---------------------------------------------------------------------------
-- Without an assertion: nothing seen, nothing done
-- ---------------------------------------------------------------------------
SET ROLE regress_po_portal;
SELECT count(*) AS dossiers_seen FROM dossier.dossier;
SELECT count(*) AS owner_dossiers_seen FROM dossier.owner_dossiers('001099000021');
\set VERBOSITY default
SELECT * FROM dossier.my_dossiers();
SELECT * FROM dossier.my_dossier(:'a1');
SELECT * FROM dossier.my_timeline(:'a1');
-- acting for the owner: refused before the dossier is read, so a real code
-- and a code that does not exist get the same answer
SELECT dossier.transition(:'a1', 'supplement_received', on_behalf_of => '001099000021');
\set VERBOSITY terse
SELECT dossier.transition(:'nowhere', 'supplement_received', on_behalf_of => '001099000021');
SELECT dossier.register_dossier('9.840001', 'G84', owner_citizen => '001099000021',
  channel => 'online', on_behalf_of => '001099000021');
-- without on_behalf_of a portal is no official either
SELECT dossier.transition(:'a1', 'supplement_received');
SELECT dossier.allowed_actions(code => :'a1');
-- the history table is not the portal's, assertion or not
SELECT count(*) FROM dossier.dossier_event;
RESET ROLE;
SELECT events AS a1_events_unchanged FROM dossier.dossier WHERE code = :'a1';

-- ---------------------------------------------------------------------------
-- Citizen A signed in: A's dossiers only
-- ---------------------------------------------------------------------------
SET ROLE regress_po_portal;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a1'));
SELECT code = :'a1' AS is_a1, owner_citizen, status FROM dossier.dossier ORDER BY code;
SELECT count(*) AS b1_seen FROM dossier.dossier WHERE code = :'b1';
SELECT code = :'a1' AS is_a1, procedure, procedure_name, agency, agency_name, channel, status,
       registered_at, received_at, appointment_at, due_at, ended_at, returned_at, actions
FROM dossier.my_dossiers();
-- one of A's by its code (the portal's status lookup)
SELECT status, appointment_at, timeliness FROM dossier.my_dossier(:'a1');
-- the timeline: no notes, no officials' names, the reason stated to A
SELECT * FROM dossier.my_timeline(:'a1');
ROLLBACK;
-- B's dossier is answered as a code that does not exist: the lookup, the
-- timeline; a code of nobody's, the same
\set VERBOSITY default
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT * FROM dossier.my_dossier(:'b1');
ROLLBACK;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT * FROM dossier.my_timeline(:'b1');
ROLLBACK;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT * FROM dossier.my_dossier(:'nowhere');
ROLLBACK;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT * FROM dossier.my_timeline(:'nowhere');
ROLLBACK;
-- as is acting on B's dossier
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT dossier.transition(:'b1', 'request_withdrawal');
ROLLBACK;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT dossier.transition(:'nowhere', 'request_withdrawal');
ROLLBACK;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT dossier.allowed_actions(code => :'b1');
ROLLBACK;
-- naming another applicant than the one signed in; a staff action
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT dossier.transition(:'a1', 'supplement_received', on_behalf_of => '001099000022');
ROLLBACK;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT dossier.transition(:'a1', 'stop', reason_code => 'other', reason => 'x');
ROLLBACK;
-- registering for another owner
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT dossier.register_dossier('9.840001', 'G84', owner_citizen => '001099000022', channel => 'online',
  at => '2026-03-03 08:00');
ROLLBACK;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT dossier.register_dossier('9.840001', 'G84', owner_enterprise => '0100233488', channel => 'online',
  at => '2026-03-03 08:00');
ROLLBACK;
\set VERBOSITY terse
-- what A may do: supply the papers (on_behalf_of follows from the
-- assertion, or is given in any spelling), register online, list again
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a2')) IS NOT NULL AS signed_in;
SELECT dossier.allowed_actions(code => :'a1');
SELECT dossier.transition(:'a1', 'supplement_received', at => '2026-03-03 09:00');
SELECT dossier.register_dossier('9.840001', 'G84', owner_citizen => '001099000021', channel => 'online',
  at => '2026-03-03 10:00', note => 'filed online') IS NOT NULL AS registered;
SELECT status, channel, registered_at FROM dossier.my_dossiers();
COMMIT;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a3')) IS NOT NULL AS signed_in;
SELECT dossier.transition(:'a1', 'request_withdrawal', on_behalf_of => ' 001099000021 ', at => '2026-03-03 11:00');
SELECT seq, action, to_status, by_applicant, reason_code FROM dossier.my_timeline(:'a1');
COMMIT;
RESET ROLE;
-- the history records the portal and the applicant it proved
SELECT e.seq, e.action, e.actor, e.on_behalf_of, e.note
FROM dossier.dossier_event e WHERE e.dossier = :'a1' ORDER BY e.seq;
SELECT e.actor, e.on_behalf_of, e.note FROM dossier.dossier_event e
JOIN dossier.dossier d ON d.code = e.dossier
WHERE d.owner_citizen = '001099000021' AND d.channel = 'online';

-- ---------------------------------------------------------------------------
-- Enterprise E signed in: E's dossier only
-- ---------------------------------------------------------------------------
SET ROLE regress_po_portal;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_e1'));
SELECT code = :'e1' AS is_e1, owner_enterprise FROM dossier.dossier;
SELECT code = :'e1' AS is_e1, status, actions FROM dossier.my_dossiers();
SELECT seq, action, to_status, by_applicant FROM dossier.my_timeline(:'e1');
SELECT dossier.transition(:'e1', 'request_withdrawal', at => '2026-03-03 12:00');
COMMIT;
-- and after the transaction, nothing again
SELECT count(*) AS dossiers_seen FROM dossier.dossier;
RESET ROLE;

-- ---------------------------------------------------------------------------
-- The DVCQG outbox is the sync worker's, not the portal's
-- ---------------------------------------------------------------------------
SET ROLE regress_po_portal;
SELECT count(*) FROM dossier.claim_outbox(10);
SELECT pending > 0 FROM dossier.outbox_status;
RESET ROLE;
SET ROLE regress_po_sync;
BEGIN;
SELECT count(*) > 0 AS claimed FROM dossier.claim_outbox(10);
SELECT pending > 0 AS pending FROM dossier.outbox_status;
ROLLBACK;
-- the sync worker presents no assertions and reads no dossier
SELECT dossier.portal_login(pg_temp.tok('ok_a4'));
SELECT count(*) FROM dossier.dossier;
RESET ROLE;

-- cleanup
BEGIN;
SELECT dossier.lift_history_guard('regress portal_owner: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier.dossier_event WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G84');
DELETE FROM dossier.outbox WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G84');
DELETE FROM dossier.dossier WHERE receiving_agency = 'G84';
COMMIT;
DELETE FROM dossier.dossier_code_counter WHERE agency = 'G84';
DELETE FROM dossier.procedure WHERE code = '9.840001';
DELETE FROM dossier.agency WHERE code = 'G84';
DELETE FROM dossier.portal_assertion_used;
DELETE FROM dossier.portal_key;
DROP ROLE regress_po_portal, regress_po_sync;
