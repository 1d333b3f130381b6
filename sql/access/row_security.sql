-- What each role sees (issue 13 section 1; docs/roles.md, "What each role
-- sees"): row-level security on dossier.dossier, dossier.dossier_event and
-- dossier.outbox.  Staff see their agency's dossiers and those it
-- registered; after a transfer (liên thông) the receiver sees the dossier
-- and its whole history, the sender the part it took part in; a supervising
-- scope reads a subtree; analysts read de-identified views only; auditors
-- and the DBA read every row without the personal columns; the importer
-- what it imported; a plain login nothing.
SET search_path = dossier, public;
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
\set SHOW_CONTEXT never

INSERT INTO agency (code, name, level) VALUES
  ('G45', 'Regress ministry A (row security)', 'central'),
  ('G45.01', 'Regress department of A (row security)', 'central'),
  ('G46', 'Regress ministry B (row security)', 'central'),
  ('G47', 'Regress inspectorate C (row security)', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.450001', 'Regress procedure (row security)', 5, 'working_day');

CREATE ROLE regress_rls_desk_a LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_rls_desk_a1 LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_rls_leader_b LOGIN IN ROLE dossier_leader;
CREATE ROLE regress_rls_inspector LOGIN IN ROLE dossier_leader;
CREATE ROLE regress_rls_unbound LOGIN IN ROLE dossier_specialist;
CREATE ROLE regress_rls_analyst LOGIN IN ROLE dossier_analyst;
CREATE ROLE regress_rls_auditor LOGIN IN ROLE dossier_auditor;
CREATE ROLE regress_rls_dba LOGIN IN ROLE dossier_dba;
CREATE ROLE regress_rls_importer LOGIN IN ROLE dossier_importer;
CREATE ROLE regress_rls_portal LOGIN IN ROLE dossier_portal;
CREATE ROLE regress_rls_plain LOGIN;
SELECT count(bind_official(r, a, s)) AS bound
FROM (VALUES ('regress_rls_desk_a'::regrole, 'G45'::agency_code, NULL::agency_code),
             ('regress_rls_desk_a1', 'G45.01', NULL),
             ('regress_rls_leader_b', 'G46', NULL),
             ('regress_rls_inspector', 'G47', 'G45')) v(r, a, s);

-- the dossiers, registered and moved by a superuser at fixed times:
--   a: at A;  a1: at A's department;  ab: registered at A, transferred to B;
--   bac: registered at B, transferred to A, then by A to C;
--   imp: imported at B by the importer
SELECT register_dossier('9.450001', 'G45', owner_citizen => '001099004501', at => '2026-03-02 08:00',
                        receive => true, note => 'ghi chú của A') AS a \gset
SELECT register_dossier('9.450001', 'G45.01', owner_citizen => '001099004502', at => '2026-03-02 08:00',
                        receive => true) AS a1 \gset
SELECT register_dossier('9.450001', 'G45', owner_enterprise => '0100109106', at => '2026-03-02 09:00',
                        receive => true) AS ab \gset
SELECT transition(:'ab', 'transfer', to_agency => 'G46', at => '2026-03-02 09:10', note => 'liên thông sang B');
SELECT register_dossier('9.450001', 'G46', owner_citizen => '001099004503', at => '2026-03-02 10:00',
                        receive => true) AS bac \gset
SELECT transition(:'bac', 'transfer', to_agency => 'G45', at => '2026-03-02 10:10'),
       transition(:'bac', 'start_processing', at => '2026-03-02 10:20'),
       transition(:'bac', 'transfer', to_agency => 'G47', at => '2026-03-02 10:30');
SET ROLE regress_rls_importer;
SELECT import_dossier('9.450001', 'G46', owner_citizen => '001099004504', at => '2026-03-01 08:00',
                      receive => true, source => 'regress rls') AS imp \gset
RESET ROLE;
SELECT d.code, d.agency, d.receiving_agency, string_agg(e.seq || ' ' || coalesce(e.action::text, 'register') || ' ' || e.agency, ', ' ORDER BY e.seq) AS history
FROM dossier.dossier d JOIN dossier_event e ON e.dossier = d.code
WHERE d.code IN (:'a', :'a1', :'ab', :'bac', :'imp') GROUP BY 1, 2, 3 ORDER BY 1;

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

-- 1. What each role reads ----------------------------------------------------
-- the dossiers and events of this suite role r sees (named as in names,
-- name#seq), and how many of their outbox messages, or the error
CREATE FUNCTION pg_temp.sees(r text, codes dossier_code[], names text[])
RETURNS TABLE (role text, dossiers text, events text, outbox text)
LANGUAGE plpgsql AS $$
DECLARE
  d text; e text; o text;
BEGIN
  EXECUTE format('SET LOCAL ROLE %I', r);
  BEGIN
    SELECT string_agg(names[array_position(codes, x.code)], ' ' ORDER BY array_position(codes, x.code)) INTO d
    FROM dossier.dossier x WHERE x.code = ANY (codes);
  EXCEPTION WHEN OTHERS THEN d := SQLSTATE || ' ' || SQLERRM;
  END;
  BEGIN
    SELECT string_agg(names[array_position(codes, x.dossier)] || '#' || x.seq, ' '
                      ORDER BY array_position(codes, x.dossier), x.seq) INTO e
    FROM dossier.dossier_event x WHERE x.dossier = ANY (codes);
  EXCEPTION WHEN OTHERS THEN e := SQLSTATE || ' ' || SQLERRM;
  END;
  BEGIN
    SELECT count(*)::text INTO o FROM dossier.outbox x WHERE x.dossier = ANY (codes);
  EXCEPTION WHEN OTHERS THEN o := SQLSTATE || ' ' || SQLERRM;
  END;
  RESET ROLE;
  RETURN QUERY SELECT r, coalesce(d, '-'), coalesce(e, '-'), o;
END $$;

-- Hand expectations, from the rules above:
--   desk A:      a, ab (registered it), bac is C's now: not the row; events:
--                a, ab whole, bac#3 and #4 (A held it after them) and bac#5
--                (A handed it on)
--   desk A1:     a1 only (a department is not its parent, nor the parent it)
--   leader B:    ab (holds it), bac (registered it), imp (holds it): whole histories
--   inspector C: bac (holds it); the subtree of A: a, a1, ab (registered at A)
--   unbound:     nothing
--   importer:    imp and its events
--   portal:      nothing until its own policies (issue 13 section 2)
--   auditor, DBA: everything; analyst, plain login: refused
SELECT (pg_temp.sees(r, ARRAY[:'a', :'a1', :'ab', :'bac', :'imp']::dossier_code[], '{a,a1,ab,bac,imp}')).*
FROM unnest('{regress_rls_desk_a,regress_rls_desk_a1,regress_rls_leader_b,regress_rls_inspector,regress_rls_unbound,regress_rls_importer,regress_rls_portal,regress_rls_auditor,regress_rls_dba,regress_rls_analyst,regress_rls_plain}'::text[])
  WITH ORDINALITY u(r, n)
ORDER BY n;

-- the functions other parts ask, as desk A and the inspector
SET ROLE regress_rls_desk_a;
SELECT visible_agencies(), visible_subtree(), agency_visible('G45') AS own, agency_visible('G45.01') AS department,
       dossier_visible(:'ab') AS registered_it, dossier_visible(:'bac') AS handed_on,
       transfer_sender_visible(:'bac', 4) AS sent_it, dossier_visible('000.00.00.G45-260302-9999') AS no_such;
RESET ROLE;
SET ROLE regress_rls_inspector;
SELECT visible_agencies(), visible_subtree(), agency_visible('G45.01') AS in_scope, agency_visible('G46') AS outside;
RESET ROLE;
-- a superuser bypasses the policies and has no binding
SELECT visible_agencies() IS NULL AS superuser_unbound, (SELECT count(*) FROM dossier.dossier WHERE code = ANY (ARRAY[:'a', :'a1', :'ab', :'bac', :'imp']::dossier_code[])) AS superuser_sees;

-- the functions that read as the caller see the same: an owner's dossiers
SELECT pg_temp.as_role('regress_rls_desk_a', $$SELECT count(*) FROM dossier.owner_dossiers('0100109106')$$) AS desk_a_owner_list,
       pg_temp.as_role('regress_rls_desk_a1', $$SELECT count(*) FROM dossier.owner_dossiers('0100109106')$$) AS desk_a1_owner_list,
       pg_temp.as_role('regress_rls_desk_a1', format($$SELECT dossier.allowed_actions(code => %L)$$, :'a')) AS desk_a1_asks_about_a;

-- 2. The policy is computed once per statement, not per row ---------------
-- the binding is read in an InitPlan; the index on the code still serves
SET ROLE regress_rls_desk_a;
EXPLAIN (COSTS OFF) SELECT status FROM dossier.dossier WHERE code = '000.00.00.G45-260302-0001';
RESET ROLE;

-- 3. Analysts: de-identified rows -----------------------------------------
SET ROLE regress_rls_analyst;
SELECT code, agency, receiving_agency, owner_kind, status, events
FROM dossier_deidentified WHERE code IN (:'a', :'ab', :'imp') ORDER BY code;
SELECT dossier, seq, action, agency, reason_code, by_applicant, imported
FROM dossier_event_deidentified WHERE dossier IN (:'ab', :'imp') ORDER BY dossier, seq;
-- aggregates per agency, as indicators count them (these are long overdue)
SELECT agency, timeliness, count(*) AS dossiers
FROM dossier_deidentified WHERE code IN (:'a', :'a1', :'ab', :'bac', :'imp') GROUP BY 1, 2 ORDER BY 1, 2;
RESET ROLE;
-- the views hold no personal column
SELECT table_name, string_agg(column_name, ', ' ORDER BY ordinal_position) AS columns
FROM information_schema.columns
WHERE table_schema = 'dossier' AND table_name IN ('dossier_deidentified', 'dossier_event_deidentified')
GROUP BY 1 ORDER BY 1;

-- 4. Auditors and the DBA: every row, no personal column --------------------
SELECT pg_temp.as_role(r, q) AS result, r, q
FROM unnest('{regress_rls_auditor,regress_rls_dba}'::text[]) r,
     unnest(ARRAY[format($$SELECT status::text FROM dossier.dossier WHERE code = %L$$, :'a'),
                  format($$SELECT owner_citizen::text FROM dossier.dossier WHERE code = %L$$, :'a'),
                  format($$SELECT owner_enterprise::text FROM dossier.dossier WHERE code = %L$$, :'ab'),
                  format($$SELECT count(*) FROM (SELECT * FROM dossier.dossier WHERE code = %L) x$$, :'a'),
                  format($$SELECT actor::text FROM dossier.dossier_event WHERE dossier = %L AND seq = 1$$, :'a'),
                  format($$SELECT note FROM dossier.dossier_event WHERE dossier = %L AND seq = 1$$, :'a'),
                  format($$SELECT reason FROM dossier.dossier_event WHERE dossier = %L AND seq = 1$$, :'a'),
                  format($$SELECT on_behalf_of FROM dossier.dossier_event WHERE dossier = %L AND seq = 1$$, :'a'),
                  format($$SELECT count(*) FROM dossier.dossier_deidentified WHERE code = %L$$, :'a')]) WITH ORDINALITY q(q, n)
ORDER BY r, n;

-- staff keep every column of the rows they see: the note of their own dossier
SELECT pg_temp.as_role('regress_rls_desk_a', format($$SELECT note FROM dossier.dossier_event WHERE dossier = %L AND seq = 1$$, :'a')) AS desk_a_note,
       pg_temp.as_role('regress_rls_leader_b', format($$SELECT count(*) FROM dossier.dossier_event WHERE dossier = %L AND note IS NOT NULL$$, :'a')) AS leader_b_notes;

-- cleanup
BEGIN;
SELECT lift_history_guard('regress access/row_security: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency <@ 'G45' OR receiving_agency IN ('G46', 'G47'));
DELETE FROM outbox WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency <@ 'G45' OR receiving_agency IN ('G46', 'G47'));
DELETE FROM dossier.dossier WHERE receiving_agency <@ 'G45' OR receiving_agency IN ('G46', 'G47');
COMMIT;
DELETE FROM dossier_code_counter WHERE agency <@ 'G45' OR agency IN ('G46', 'G47');
SELECT count(unbind_official(login)) AS unbound FROM official WHERE login_name LIKE 'regress\_rls\_%';
DELETE FROM procedure WHERE code = '9.450001';
DELETE FROM agency WHERE code IN ('G45.01', 'G45', 'G46', 'G47');
DROP ROLE regress_rls_desk_a, regress_rls_desk_a1, regress_rls_leader_b, regress_rls_inspector,
  regress_rls_unbound, regress_rls_analyst, regress_rls_auditor, regress_rls_dba, regress_rls_importer,
  regress_rls_portal, regress_rls_plain;
