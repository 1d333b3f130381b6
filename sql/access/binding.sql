-- Officials act only within their agency (issue 13 section 1, docs/roles.md,
-- docs/reference/access/access.md): a DBA binds each official's login role
-- to the agency it serves; register_dossier and transition refuse (42501,
-- nothing written) a staff role acting outside it; a transfer moves the
-- dossier and who may act on it; a role bound to no agency (VN401), or to
-- one that no longer exists (VN402, naming the successor), gets its own
-- error; the officials of a successor act on what it took over.
SET search_path = dossier, public;
-- fixed past times, so that codes and dates print the same every run
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
\set SHOW_CONTEXT never

INSERT INTO agency (code, name, level) VALUES
  ('G41', 'Regress ministry A (access)', 'central'),
  ('G41.01', 'Regress department of A (access)', 'central'),
  ('G42', 'Regress ministry B (access)', 'central'),
  ('G43', 'Regress ministry C, merged into B (access)', 'central'),
  ('G44', 'Regress ministry D, to be deleted (access)', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.410001', 'Regress procedure (access)', 5, 'working_day');

CREATE ROLE regress_desk_a LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_leader_a LOGIN IN ROLE dossier_leader;
CREATE ROLE regress_desk_b LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_leader_b LOGIN IN ROLE dossier_leader;
CREATE ROLE regress_desk_c LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_desk_d LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_unbound LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_access_dba LOGIN IN ROLE dossier_dba;
CREATE ROLE regress_access_portal LOGIN IN ROLE dossier_portal;
CREATE ROLE regress_access_importer LOGIN IN ROLE dossier_importer;
CREATE ROLE regress_plain LOGIN;

-- run stmt as role r: 'ok' and the result, or the SQLSTATE and message
CREATE FUNCTION pg_temp.as_role(r text, stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  res text;
BEGIN
  EXECUTE format('SET LOCAL ROLE %I', r);
  EXECUTE stmt INTO res;
  RESET ROLE;
  RETURN 'ok ' || coalesce(res, '');
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END $$;

-- what must not change when a call is refused
CREATE FUNCTION pg_temp.state() RETURNS text LANGUAGE sql AS $$
  SELECT format('%s dossiers, %s events, %s messages, heads %s',
                (SELECT count(*) FROM dossier.dossier), (SELECT count(*) FROM dossier.dossier_event),
                (SELECT count(*) FROM dossier.outbox),
                (SELECT md5(string_agg(encode(head, 'hex'), ',' ORDER BY code)) FROM dossier.dossier))
$$;

-- 1. Binding, as the DBA ---------------------------------------------------
SET ROLE regress_access_dba;
SELECT login, login_name, agency, scope, bound_by, note
FROM bind_official('regress_desk_a', 'G41', note => 'Quyết định 12/QĐ-G41');
SELECT login, agency FROM bind_official('regress_leader_a', 'G41');
SELECT login, agency FROM bind_official('regress_desk_b', 'G42');
-- a supervising leader of B reads the subtree of G41 (and acts for B only)
SELECT login, agency, scope FROM bind_official('regress_leader_b', 'G42', scope => 'G41');
SELECT login, agency FROM bind_official('regress_desk_c', 'G43');
SELECT login, agency FROM bind_official('regress_desk_d', 'G44');
-- binding again changes the binding, and is logged again
SELECT login, agency, scope FROM bind_official('regress_leader_b', 'G42');
SELECT login, agency, scope FROM bind_official('regress_leader_b', 'G42', scope => 'G41');
RESET ROLE;
SELECT action, login_name, agency, scope, by_role, session_user_name, note
FROM official_log WHERE agency <@ 'G41' OR agency IN ('G42', 'G43', 'G44') ORDER BY id;
SELECT login_name, agency, scope, problem, acts_for FROM official_status ORDER BY login_name;
-- a driver's search path, in this database only (docs/reference/access/access.md, "Drivers")
SELECT r.rolname, s.setconfig, d.datname = current_database() AS this_database
FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole JOIN pg_database d ON d.oid = s.setdatabase
WHERE r.rolname LIKE 'regress\_%' ORDER BY 1;

-- bad bindings: each its own error, nothing bound
\set VERBOSITY default
SET ROLE regress_access_dba;
SELECT bind_official('regress_unbound', 'G49');
SELECT bind_official('regress_unbound', 'G41', scope => 'G49');
SELECT bind_official('regress_unbound', NULL);
SELECT bind_official(NULL, 'G41');
SELECT bind_official('regress_access_portal', 'G41');
SELECT bind_official('dossier_desk_officer', 'G41');
SELECT bind_official('postgres', 'G41');
SELECT bind_official('regress_no_such_role', 'G41');
SELECT unbind_official('regress_unbound');
RESET ROLE;
\set VERBOSITY terse
-- only the DBA binds
SELECT pg_temp.as_role('regress_leader_a', $$SELECT dossier.bind_official('regress_leader_a', 'G42')$$) AS leader_binds_self,
       pg_temp.as_role('regress_access_portal', $$SELECT dossier.unbind_official('regress_desk_a')$$) AS portal_unbinds;
-- the table is written only by the functions, and the log only appended to
SELECT pg_temp.as_role('regress_access_dba', $$INSERT INTO dossier.official VALUES ('regress_unbound', 'regress_unbound', 'G41', NULL, now(), 'x', NULL) RETURNING 1$$) AS dba_inserts;
UPDATE official_log SET agency = 'G42' WHERE login_name = 'regress_desk_a';
DELETE FROM official_log;
SELECT count(*) AS log_entries FROM official_log WHERE agency <@ 'G41' OR agency IN ('G42', 'G43', 'G44');

-- 2. Registering and acting within the agency -----------------------------
SELECT pg_temp.as_role('regress_desk_a', $$SELECT dossier.register_dossier('9.410001', 'G41',
  owner_citizen => '001099004101', at => '2026-03-02 08:00', receive => true)$$) AS desk_a_registers;
SELECT code AS a1 FROM dossier.dossier WHERE owner_citizen = '001099004101' \gset
SELECT pg_temp.state() AS before \gset
\set VERBOSITY default
-- another agency's desk: registering at A, acting on A's dossier (42501)
SET ROLE regress_desk_b;
SELECT register_dossier('9.410001', 'G41', owner_citizen => '001099004102', at => '2026-03-02 08:10');
SELECT transition(:'a1', 'request_supplement', at => '2026-03-02 08:20',
                  reason_code => 'missing_papers', reason => 'bản sao CCCD');
-- the check comes before the dossier's status is told: an illegal action
-- on another agency's dossier is 42501 too, not VN101
SELECT transition(:'a1', 'return_result', at => '2026-03-02 08:20');
RESET ROLE;
-- a desk officer bound to no agency (VN401)
SET ROLE regress_unbound;
SELECT register_dossier('9.410001', 'G41', owner_citizen => '001099004103', at => '2026-03-02 08:10');
SELECT transition(:'a1', 'start_processing', at => '2026-03-02 08:20');
RESET ROLE;
\set VERBOSITY terse
SELECT pg_temp.state() = :'before' AS nothing_written;
-- the leader of B reads A's dossiers (its scope) but may not act on them
SELECT pg_temp.as_role('regress_leader_b', format($$SELECT count(*) FROM dossier.dossier WHERE code = %L$$, :'a1')) AS leader_b_reads,
       pg_temp.as_role('regress_leader_b', format($$SELECT dossier.transition(%L, 'stop', at => '2026-03-02 08:20', reason_code => 'other', reason => 'x')$$, :'a1')) AS leader_b_stops;
-- A's own officials act; a superuser passes every check
SELECT pg_temp.as_role('regress_leader_a', format($$SELECT dossier.transition(%L, 'start_processing', at => '2026-03-02 08:30')$$, :'a1')) AS leader_a_starts;
-- what allowed_actions tells a desk agrees: nothing for another agency's
-- official or an unbound one, the applicant's own actions for the portal
SELECT allowed_actions(code => :'a1', as_role => 'regress_desk_a') AS desk_a,
       allowed_actions(code => :'a1', as_role => 'regress_desk_b') AS desk_b,
       allowed_actions(code => :'a1', as_role => 'regress_unbound') AS unbound,
       allowed_actions(code => :'a1', as_role => 'regress_access_portal') AS portal;
SELECT transition(:'a1', 'request_payment', at => '2026-03-02 08:40') AS superuser_acts;
SELECT pg_temp.as_role('regress_desk_a', format($$SELECT dossier.transition(%L, 'paid', at => '2026-03-02 08:50')$$, :'a1')) AS desk_a_records_payment;
-- the portal acts for the owner at any agency: bound to none, signed in by
-- an assertion of the owner (docs/reference/access/portal.md)
SET dossier.portal_audience = 'urn:dossier:test';
CREATE TEMP TABLE assertion (name text PRIMARY KEY, v text NOT NULL);
\setenv COUNT 1
\copy assertion FROM PROGRAM 'bash test/fixtures/gen/make_assertions.sh 001099004101' WITH (FORMAT csv, DELIMITER ' ')
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key)
SELECT 'ed1', 'https://sso.example.vn', 'EdDSA', convert_from(decode(v, 'base64'), 'UTF8')
FROM assertion WHERE name = 'key_ed';
SELECT v AS signed FROM assertion WHERE name LIKE '001099004101\_%' \gset
SELECT pg_temp.as_role('regress_access_portal', format($$SELECT dossier.transition(%L, 'request_withdrawal', on_behalf_of => '001099004101', at => '2026-03-02 09:00') FROM dossier.portal_login(%L)$$, :'a1', :'signed')) AS portal_for_owner;
-- the importer, a migration's account, imports at any agency: bound to none
SELECT pg_temp.as_role('regress_access_importer', $$SELECT dossier.import_dossier('9.410001', 'G42',
  owner_citizen => '001099004104', at => '2026-03-01 08:00', receive => true, source => 'regress access')$$) AS importer_imports;

-- 3. A transfer (liên thông) moves who acts --------------------------------
SELECT pg_temp.as_role('regress_desk_a', $$SELECT dossier.register_dossier('9.410001', 'G41',
  owner_citizen => '001099004105', at => '2026-03-03 08:00', receive => true)$$) AS registered;
SELECT code AS a2 FROM dossier.dossier WHERE owner_citizen = '001099004105' \gset
SELECT pg_temp.as_role('regress_leader_a', format($$SELECT dossier.transition(%L, 'start_processing', at => '2026-03-03 08:10')$$, :'a2')) AS started,
       pg_temp.as_role('regress_leader_a', format($$SELECT dossier.transition(%L, 'transfer', to_agency => 'G42', at => '2026-03-03 08:20')$$, :'a2')) AS transferred_to_b;
SELECT pg_temp.as_role('regress_leader_a', format($$SELECT dossier.transition(%L, 'resolve', at => '2026-03-03 08:30')$$, :'a2')) AS sender_resolves,
       pg_temp.as_role('regress_leader_b', format($$SELECT dossier.transition(%L, 'resolve', at => '2026-03-03 08:30')$$, :'a2')) AS receiver_resolves;
SELECT seq, action, agency, actor FROM dossier_event WHERE dossier = :'a2' ORDER BY seq;

-- 4. Agencies that no longer exist (VN402) ---------------------------------
SELECT pg_temp.as_role('regress_desk_c', $$SELECT dossier.register_dossier('9.410001', 'G43',
  owner_citizen => '001099004106', at => '2026-03-04 08:00', receive => true)$$) AS c_registers;
SELECT code AS c1 FROM dossier.dossier WHERE owner_citizen = '001099004106' \gset
-- C merges into B: a succession in force (from a past day)
INSERT INTO agency_succession (old_code, new_code, valid_from, note)
VALUES ('G43', 'G42', '2026-03-05', 'regress: C merged into B');
SELECT pg_temp.state() AS before \gset
\set VERBOSITY default
SET ROLE regress_desk_c;
SELECT transition(:'c1', 'start_processing', at => '2026-03-05 08:00');
SELECT register_dossier('9.410001', 'G43', owner_citizen => '001099004107', at => '2026-03-05 08:00');
RESET ROLE;
-- binding to an agency that was succeeded is refused, naming the successor
SET ROLE regress_access_dba;
SELECT bind_official('regress_unbound', 'G43');
RESET ROLE;
\set VERBOSITY terse
SELECT pg_temp.state() = :'before' AS nothing_written;
-- B's officials take C's dossiers over, and see them
SELECT pg_temp.as_role('regress_desk_b', format($$SELECT dossier.transition(%L, 'start_processing', at => '2026-03-05 08:10')$$, :'c1')) AS b_takes_over,
       pg_temp.as_role('regress_desk_b', $$SELECT dossier.visible_agencies()::text$$) AS b_acts_for;
-- a succession from a future day is not in force yet
UPDATE agency_succession SET valid_from = current_date + 30 WHERE old_code = 'G43';
SELECT pg_temp.as_role('regress_desk_c', $$SELECT dossier.visible_agencies()::text$$) AS c_before_the_merger,
       pg_temp.as_role('regress_desk_b', $$SELECT dossier.visible_agencies()::text$$) AS b_before_the_merger;
DELETE FROM agency_succession WHERE old_code = 'G43';
-- an agency deleted from the catalogue (it had no dossiers)
DELETE FROM agency WHERE code = 'G44';
\set VERBOSITY default
SET ROLE regress_desk_d;
SELECT transition(:'a1', 'stop', at => '2026-03-05 09:00', reason_code => 'other', reason => 'x');
RESET ROLE;
\set VERBOSITY terse

-- 5. Roles renamed or dropped ----------------------------------------------
ALTER ROLE regress_desk_b RENAME TO regress_desk_b_renamed;
SELECT pg_temp.as_role('regress_desk_b_renamed', format($$SELECT dossier.transition(%L, 'request_payment', at => '2026-03-05 09:10')$$, :'c1')) AS renamed;
ALTER ROLE regress_desk_b_renamed RENAME TO regress_desk_b;
SELECT pg_temp.as_role('regress_desk_b', format($$SELECT dossier.transition(%L, 'request_payment', at => '2026-03-05 09:10')$$, :'c1')) AS named_back;
SELECT 'regress_desk_d'::regrole::oid AS d_oid \gset
DROP ROLE regress_desk_d;
SELECT login_oid = :d_oid AS same_oid, login_name, role_name_now, agency, problem
FROM official_status WHERE problem IS NOT NULL ORDER BY login_name;
-- a dropped role is unbound by its OID
SELECT login_name FROM unbind_official(:d_oid::regrole);
SELECT action, login_name, agency FROM official_log
WHERE action = 'unbind' AND agency IN ('G42', 'G43', 'G44') ORDER BY id;

-- 6. Unbinding takes the search path it set ----------------------------------
SELECT login_name FROM unbind_official('regress_desk_c');
SELECT count(*) AS desk_c_settings FROM pg_db_role_setting WHERE setrole = 'regress_desk_c'::regrole;
-- a search path the DBA set is left as it is
SELECT current_database() AS db \gset
ALTER ROLE regress_desk_c IN DATABASE :"db" SET search_path = public;
SELECT login_name FROM bind_official('regress_desk_c', 'G42');
SELECT login_name FROM unbind_official('regress_desk_c');
SELECT s.setconfig FROM pg_db_role_setting s WHERE setrole = 'regress_desk_c'::regrole;
-- the other roles of the extension get it through configure_login
SET ROLE regress_access_dba;
SELECT configure_login('regress_access_portal') AS portal_configured,
       configure_login('regress_access_portal') AS already_set;
\set VERBOSITY default
SELECT configure_login('regress_plain');
RESET ROLE;
\set VERBOSITY terse

-- cleanup
BEGIN;
SELECT lift_history_guard('regress access/binding: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency IN ('G41', 'G42', 'G43'));
DELETE FROM outbox WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency IN ('G41', 'G42', 'G43'));
DELETE FROM dossier.dossier WHERE receiving_agency IN ('G41', 'G42', 'G43');
COMMIT;
DELETE FROM dossier_code_counter WHERE agency IN ('G41', 'G42', 'G43');
SELECT count(unbind_official(login)) AS unbound FROM official WHERE login_name LIKE 'regress\_%';
DELETE FROM portal_assertion_used;
DELETE FROM portal_key;
DELETE FROM procedure WHERE code = '9.410001';
DELETE FROM agency WHERE code IN ('G41.01', 'G41', 'G42', 'G43');
DROP ROLE regress_desk_a, regress_leader_a, regress_desk_b, regress_leader_b, regress_desk_c,
  regress_unbound, regress_access_dba, regress_access_portal, regress_access_importer, regress_plain;
