-- Who may act (docs/roles.md): staff roles per action, internal steps and
-- their roles, the portal acting on behalf of the owner, privileges; what
-- one role may do on one dossier (allowed_actions), an owner's dossiers.
SET search_path = dossier, public;
-- this suite replays events at fixed past times: widen the tolerance for a
-- given event time (superuser only; a live desk keeps minutes, see record.sql)
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;

INSERT INTO agency (code, name, level) VALUES ('G93', 'Regress ministry (roles)', 'central'),
  ('G97', 'Regress other ministry (transfer target)', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.930001', 'Regress procedure with four steps', 10, 'working_day'),
       ('9.930002', 'Regress procedure without steps', 3, 'working_day'),
       ('9.960001', 'Regress procedure with three steps', 5, 'working_day'),
       ('9.960002', 'Regress procedure without steps, five days', 5, 'working_day');
INSERT INTO procedure_step (procedure, step, name, role) VALUES
  ('9.930001', 1, 'assign department', 'dossier_leader'),
  ('9.930001', 2, 'specialist review', 'dossier_specialist'),
  ('9.930001', 3, 'leader signs', 'dossier_leader'),
  ('9.930001', 4, 'clerk stamps', 'dossier_clerk'),
  ('9.960001', 1, 'assign department', 'dossier_leader'),
  ('9.960001', 2, 'specialist review', 'dossier_specialist'),
  ('9.960001', 3, 'leader signs', 'dossier_leader');

CREATE ROLE regress_desk LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_specialist LOGIN IN ROLE dossier_specialist;
CREATE ROLE regress_leader LOGIN IN ROLE dossier_leader;
CREATE ROLE regress_clerk LOGIN IN ROLE dossier_clerk;
CREATE ROLE regress_portal LOGIN IN ROLE dossier_portal;
CREATE ROLE regress_analyst LOGIN IN ROLE dossier_analyst;
CREATE ROLE regress_nobody LOGIN;
-- the staff serve agency G93 (docs/roles.md, "Officials and their agency";
-- what a binding allows is sql/access/binding.sql)
SELECT count(dossier.bind_official(r, 'G93')) AS bound
FROM unnest('{regress_desk,regress_specialist,regress_leader,regress_clerk}'::regrole[]) r;

-- the role table, as portals read it
SELECT action, string_agg(role::text, ', ' ORDER BY role) AS roles
FROM action_role GROUP BY action ORDER BY action;

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
  RETURN SQLSTATE || ' ' || regexp_replace(SQLERRM, '\d{6}-\d{4}', 'DDDDDD-NNNN', 'g');
END $$;

-- the portal proves who is signed in (docs/reference/access/portal.md):
-- assertions for the applicants of this suite, signed by a key registered
-- for the suite (test/fixtures/gen/make_assertions.sh)
SET dossier.portal_audience = 'urn:dossier:test';
CREATE TEMP TABLE assertion (name text PRIMARY KEY, v text NOT NULL);
\copy assertion FROM PROGRAM 'bash test/fixtures/gen/make_assertions.sh 001099000012 001099000061' WITH (FORMAT csv, DELIMITER ' ')
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key)
SELECT 'ed1', 'https://sso.example.vn', 'EdDSA', convert_from(decode(v, 'base64'), 'UTF8')
FROM assertion WHERE name = 'key_ed';
-- run stmt as the portal signed in as applicant a (an assertion of a is
-- spent when stmt succeeds; when it fails, it is rolled back unspent)
CREATE FUNCTION pg_temp.as_portal(a text, stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  res text;
  t text;
BEGIN
  DELETE FROM pg_temp.assertion
  WHERE name = (SELECT min(name) FROM pg_temp.assertion WHERE name LIKE a || '\_%')
  RETURNING v INTO t;
  SET LOCAL ROLE regress_portal;
  PERFORM dossier.portal_login(t);
  EXECUTE stmt INTO res;
  RESET ROLE;
  RETURN 'ok ' || coalesce(res, '');
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || regexp_replace(SQLERRM, '\d{6}-\d{4}', 'DDDDDD-NNNN', 'g');
END $$;

-- registration: by the desk, or by a portal for an online dossier of its owner
SELECT pg_temp.as_role('regress_desk', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000011', at => '2026-03-02 08:00', receive => true)$$) ~ '^ok ' AS desk_registers;
SELECT pg_temp.as_portal('001099000012', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000012', channel => 'online', on_behalf_of => '001099000012', at => '2026-03-02 08:05')$$) ~ '^ok ' AS portal_registers;
SELECT pg_temp.as_portal('001099000012', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000012', channel => 'online', on_behalf_of => '001099000013', at => '2026-03-02 08:06')$$) AS portal_for_someone_else;
SELECT pg_temp.as_portal('001099000012', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000012', channel => 'direct', on_behalf_of => '001099000012', at => '2026-03-02 08:07')$$) AS portal_direct;
SELECT pg_temp.as_role('regress_portal', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000012', channel => 'online', at => '2026-03-02 08:08')$$) AS portal_without_applicant;
SELECT pg_temp.as_role('regress_specialist', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000014', at => '2026-03-02 08:09')$$) AS specialist_registers;
SELECT pg_temp.as_role('regress_nobody', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000014', at => '2026-03-02 08:09')$$) AS nobody_registers;
SELECT pg_temp.as_portal('001099000012', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000012', channel => 'online', on_behalf_of => '001099000012',
  at => '2026-03-02 08:10', receive => true)$$) AS portal_cannot_receive;

SELECT code AS desk FROM dossier.dossier WHERE owner_citizen = '001099000011' \gset
SELECT code AS online FROM dossier.dossier WHERE owner_citizen = '001099000012' \gset

-- the online dossier: only the desk receives it
SELECT pg_temp.as_portal('001099000012', format($$SELECT dossier.transition(%L, 'receive', on_behalf_of => '001099000012', at => '2026-03-02 09:00')$$, :'online')) AS portal_receives;
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'receive', at => '2026-03-02 09:00')$$, :'online')) AS specialist_receives;
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'receive', at => '2026-03-02 09:00')$$, :'online')) AS desk_receives;

-- processing through the four steps, each by its role
SELECT pg_temp.as_role('regress_clerk', format($$SELECT dossier.transition(%L, 'start_processing', at => '2026-03-02 09:10')$$, :'desk')) AS clerk_starts;
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'start_processing', at => '2026-03-02 09:10')$$, :'desk')) AS desk_starts;
SELECT step FROM dossier.dossier WHERE code = :'desk';
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-02 09:20')$$, :'desk')) AS specialist_completes_assign;
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-02 09:20')$$, :'desk')) AS leader_completes_assign;
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'resolve', at => '2026-03-02 09:25')$$, :'desk')) AS resolve_at_step_2;
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-02 09:30')$$, :'desk')) AS specialist_completes_review;
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'move_step', to_step => 2, at => '2026-03-02 09:35')$$, :'desk')) AS leader_sends_back;
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'move_step', to_step => 9, at => '2026-03-02 09:40')$$, :'desk')) AS no_step_9;
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'move_step', to_step => 2, at => '2026-03-02 09:40')$$, :'desk')) AS same_step;
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-02 09:40')$$, :'desk')) AS review_again;
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-02 09:45')$$, :'desk')) AS leader_signs;
SELECT pg_temp.as_role('regress_clerk', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-02 09:50')$$, :'desk')) AS past_last_step;
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'resolve', at => '2026-03-02 09:50')$$, :'desk')) AS leader_resolves_clerks_step;
SELECT pg_temp.as_role('regress_clerk', format($$SELECT dossier.transition(%L, 'resolve', at => '2026-03-02 09:55')$$, :'desk')) AS clerk_resolves;
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'return_result', at => '2026-03-02 10:00')$$, :'desk')) AS specialist_returns;
SELECT pg_temp.as_portal('001099000012', format($$SELECT dossier.transition(%L, 'return_result', on_behalf_of => '001099000012', at => '2026-03-02 10:00')$$, :'desk')) AS portal_for_another_owner;
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'return_result', at => '2026-03-02 10:00')$$, :'desk')) AS desk_returns;
SELECT seq, action, to_status, actor, on_behalf_of, step
FROM dossier_event WHERE dossier = :'desk' ORDER BY seq;

-- the applicant through the portal: supplements, pays, withdraws, never decides
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'request_supplement', at => '2026-03-02 10:00', reason_code => 'missing_papers', reason => 'bản sao CCCD')$$, :'online')) AS desk_asks_papers;
SELECT pg_temp.as_role('regress_portal', format($$SELECT dossier.transition(%L, 'supplement_received', at => '2026-03-02 10:30')$$, :'online')) AS portal_as_staff;
SELECT pg_temp.as_portal('001099000012', format($$SELECT dossier.transition(%L, 'supplement_received', on_behalf_of => '  001099000012 ', at => '2026-03-02 10:30')$$, :'online')) AS portal_for_owner;
SELECT pg_temp.as_portal('001099000012', format($$SELECT dossier.transition(%L, 'stop', on_behalf_of => '001099000012', at => '2026-03-02 10:40', reason_code => 'other', reason => 'x')$$, :'online')) AS portal_stops;
SELECT pg_temp.as_portal('001099000012', format($$SELECT dossier.transition(%L, 'request_withdrawal', on_behalf_of => 'not an id', at => '2026-03-02 10:40')$$, :'online')) AS portal_bad_id;
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'request_withdrawal', on_behalf_of => '001099000012', at => '2026-03-02 10:40')$$, :'online')) AS desk_as_portal;
SELECT pg_temp.as_portal('001099000012', format($$SELECT dossier.transition(%L, 'request_withdrawal', on_behalf_of => '001099000012', at => '2026-03-02 10:40')$$, :'online')) AS portal_withdraws;
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'stop', at => '2026-03-02 10:50', reason_code => 'withdrawn', reason => 'rút hồ sơ')$$, :'online')) AS desk_stops;
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'stop', note => 'leader note', at => '2026-03-02 10:50', reason_code => 'withdrawn', reason => 'withdrawn by the applicant')$$, :'online')) AS leader_stops;
SELECT seq, action, to_status, actor, on_behalf_of
FROM dossier_event WHERE dossier = :'online' ORDER BY seq;

-- privileges: no role writes the tables directly, not even through the grants
SELECT pg_temp.as_role('regress_leader', format($$UPDATE dossier.dossier SET status = '9' WHERE code = %L RETURNING 1$$, :'online')) AS leader_updates;
-- analysts read de-identified rows, not the table (sql/access/deidentified.sql)
SELECT pg_temp.as_role('regress_analyst', format($$SELECT status::text FROM dossier.dossier WHERE code = %L$$, :'online')) AS analyst_reads_table,
       pg_temp.as_role('regress_analyst', format($$SELECT status::text FROM dossier.dossier_deidentified WHERE code = %L$$, :'online')) AS analyst_reads;
SELECT pg_temp.as_role('regress_analyst', format($$SELECT dossier.transition(%L, 'recall')$$, :'desk')) AS analyst_acts;
SELECT pg_temp.as_role('regress_analyst', $$SELECT count(*)::text FROM dossier.dossier_event$$) AS analyst_reads_history;
SELECT pg_temp.as_role('regress_nobody', $$SELECT count(*)::text FROM dossier.dossier$$) AS nobody_reads;
SELECT pg_temp.as_role('regress_leader', $$SELECT dossier.lift_history_guard('I would like to edit the history')::text$$) AS leader_lifts_guard;

-- the steps cache follows changes of dossier.procedure_step in the same session
UPDATE procedure_step SET role = 'dossier_desk_officer' WHERE procedure = '9.930001' AND step = 1;
SELECT pg_temp.as_role('regress_desk', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000015', at => '2026-03-03 08:00', receive => true)$$) ~ '^ok ' AS registered;
SELECT code AS third FROM dossier.dossier WHERE owner_citizen = '001099000015' \gset
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'start_processing', at => '2026-03-03 08:10')$$, :'third')) AS starts;
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-03 08:20')$$, :'third')) AS desk_completes_step_1;
DELETE FROM procedure_step WHERE procedure = '9.930001' AND step = 4;
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'move_step', to_step => 3, at => '2026-03-03 08:30')$$, :'third')) AS leader_completes_review;
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-03 08:30')$$, :'third')) AS specialist_completes_review;
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'resolve', at => '2026-03-03 08:40')$$, :'third')) AS step_3_is_now_last;
-- steps must stay numbered 1..n
INSERT INTO procedure_step (procedure, step, name, role) VALUES ('9.930001', 6, 'gap', 'dossier_clerk');
DELETE FROM procedure_step WHERE procedure = '9.930001' AND step = 2;
-- a procedure without steps: move_step has nowhere to go, resolve is by role
SELECT pg_temp.as_role('regress_desk', $$SELECT dossier.register_dossier('9.930002', 'G93',
  owner_citizen => '001099000016', at => '2026-03-03 09:00', receive => true)$$) ~ '^ok ' AS registered;
SELECT code AS nosteps FROM dossier.dossier WHERE owner_citizen = '001099000016' \gset
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'start_processing', to_step => 1, at => '2026-03-03 09:10')$$, :'nosteps')) AS to_step_without_steps;
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'start_processing', at => '2026-03-03 09:10')$$, :'nosteps')) AS starts;
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-03 09:20')$$, :'nosteps')) AS move_without_steps;
SELECT pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'resolve', at => '2026-03-03 09:20')$$, :'nosteps')) AS specialist_resolves;
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'resolve', at => '2026-03-03 09:20')$$, :'nosteps')) AS leader_resolves;

-- What a desk or a portal expects (issue 12 items 2 and 8): the actions a
-- role may take on one dossier, from the same plan as dossier.transition; an
-- owner's dossiers; processing resuming at its step after a supplement; a
-- dossier in 6 reached from 9 that can only be paid.

-- the actions dossier.transition accepts from role r on dossier c now: each
-- is tried in a subtransaction that is then undone (a portal acts for the
-- owner; transfer goes to G97; an apology promises a working instant)
CREATE FUNCTION pg_temp.tried(c dossier_code, r text) RETURNS dossier_action[]
LANGUAGE plpgsql AS $$
DECLARE
  a dossier_action;
  ok dossier_action[] := '{}';
  owner text := (SELECT coalesce(owner_citizen::text, owner_enterprise::text)
                 FROM dossier.dossier WHERE code = c);
  signed text := (SELECT min(v) FROM pg_temp.assertion WHERE name LIKE owner || '\_%');
BEGIN
  FOREACH a IN ARRAY enum_range(NULL::dossier_action) LOOP
    BEGIN
      EXECUTE format('SET LOCAL ROLE %I', r);
      IF r = 'regress_portal' THEN
        PERFORM dossier.portal_login(signed);
      END IF;
      PERFORM dossier.transition(c, a,
        to_agency => CASE WHEN a = 'transfer' THEN 'G97'::agency_code END,
        new_appointment => CASE WHEN a = 'apologize' THEN timestamptz '2027-06-01 08:00' END,
        on_behalf_of => CASE WHEN r = 'regress_portal' THEN owner END,
        reason_code => CASE WHEN a IN ('refuse', 'request_supplement', 'stop') THEN 'other' END,
        reason => CASE WHEN a IN ('refuse', 'request_supplement', 'stop') THEN 'regress' END);
      ok := ok || a;
      RAISE EXCEPTION 'undo';
    EXCEPTION WHEN OTHERS THEN
      NULL;
    END;
  END LOOP;
  RETURN ok;
END $$;

-- each role's actions on dossier c, and whether transition agrees with them
CREATE FUNCTION pg_temp.desk(c dossier_code)
RETURNS TABLE (role text, allowed dossier_action[], transition_agrees boolean)
LANGUAGE sql AS $$
  SELECT r, allowed_actions(code => c, as_role => r), allowed_actions(code => c, as_role => r) = pg_temp.tried(c, r)
  FROM unnest('{regress_desk,regress_specialist,regress_leader,regress_clerk,regress_portal,regress_analyst}'::text[]) r
$$;

-- a dossier at step 1 of 3 (received Mon 2 Mar 2026 08:00, due Mon 9 Mar
-- 08:00, long past now, so no apology is offered: it is too late, VN120).
-- Hand computation from the action table (docs/roles.md) and the steps:
--   desk:       request_supplement, request_payment, request_withdrawal, transfer
--               (move_step is step 1's leader's; stop is the leader's)
--   specialist: request_supplement, request_payment
--   leader:     move_step (step 1 is the leader's), request_supplement,
--               request_payment, stop, transfer; not resolve: step 1 of 3
--   clerk:      nothing (no step of the clerk's, no resolve before step 3)
--   portal:     request_withdrawal, for the owner
--   analyst:    nothing
SELECT register_dossier('9.960001', 'G93', owner_citizen => '001099000061',
                        at => '2026-03-02 08:00', receive => true) AS a \gset
SELECT transition(:'a', 'start_processing', at => '2026-03-02 09:00') AS started, step
FROM dossier.dossier WHERE code = :'a';
SELECT * FROM pg_temp.desk(:'a');
-- the old function knows only the status, and offers resolve
SELECT allowed_actions('processing'::dossier_status) @> '{resolve}' AS status_only_offers_resolve;
-- the current role by default
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.allowed_actions(code => %L)$$, :'a')) AS as_current_leader;
-- the row form, for a list of dossiers
SELECT allowed_actions_of(d, 'regress_desk') FROM dossier.dossier d WHERE code = :'a';

-- at step 3 of 3 the leader may resolve and no longer move on:
--   leader: request_supplement, request_payment, stop, resolve, transfer
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-02 10:00')$$, :'a')) AS to_step_2,
       pg_temp.as_role('regress_specialist', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-02 11:00')$$, :'a')) AS to_step_3;
SELECT * FROM pg_temp.desk(:'a');

-- the step survives a supplement: step 3 -> request_supplement (5, step
-- kept 3) -> supplement_received (2, step 3) -> start_processing resumes at
-- step 3, and resolve by the leader of step 3 succeeds
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'request_supplement', at => '2026-03-03 08:00', reason_code => 'missing_papers', reason => 'bản vẽ')$$, :'a')) AS asked;
SELECT status, step FROM dossier.dossier WHERE code = :'a';
SELECT pg_temp.as_portal('001099000061', format($$SELECT dossier.transition(%L, 'supplement_received', on_behalf_of => '001099000061', at => '2026-03-04 08:00')$$, :'a')) AS papers;
SELECT status, step FROM dossier.dossier WHERE code = :'a';
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'start_processing', at => '2026-03-04 09:00')$$, :'a')) AS resumed;
SELECT status, step FROM dossier.dossier WHERE code = :'a';
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'resolve', at => '2026-03-04 10:00')$$, :'a')) AS resolved;
SELECT seq, action, to_status, step FROM dossier_event WHERE dossier = :'a' ORDER BY seq;

-- 6 reached from 9 (fee due at return): only paid, back to 9; stop and
-- withdrawal are VN101 and write nothing.  Hand computation:
--   desk: paid; portal: paid (for the owner); everyone else: nothing
SELECT register_dossier('9.960002', 'G93', owner_citizen => '001099000061',
                        at => '2026-03-02 08:00', receive => true) AS b \gset
SELECT transition(:'b', 'start_processing', at => '2026-03-02 09:00'),
       transition(:'b', 'resolve', at => '2026-03-02 10:00'),
       transition(:'b', 'request_payment', at => '2026-03-02 11:00');
SELECT * FROM pg_temp.desk(:'b');
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'stop')$$, :'b')) AS stop,
       pg_temp.as_portal('001099000061', format($$SELECT dossier.transition(%L, 'request_withdrawal', on_behalf_of => '001099000061')$$, :'b')) AS withdraw,
       (SELECT events FROM dossier.dossier WHERE code = :'b') AS events;
\set VERBOSITY default
SET client_min_messages = notice;
DO $$ BEGIN
  PERFORM dossier.transition((SELECT code FROM dossier.dossier WHERE procedure = '9.960002'), 'stop');
EXCEPTION WHEN OTHERS THEN
  DECLARE m text; d text; st text;
  BEGIN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, st = RETURNED_SQLSTATE;
    RAISE NOTICE '% | % | %', st, regexp_replace(m, 'G93-\d+-\d+', 'G93-…'), d;
  END;
END $$;
SET client_min_messages = warning;
\set VERBOSITY terse
SELECT pg_temp.as_portal('001099000061', format($$SELECT dossier.transition(%L, 'paid', on_behalf_of => '001099000061')$$, :'b')) AS paid;

-- an owner's dossiers, newest first, by personal ID or tax code in any form;
-- row-level security shows staff their agency's, and the portal none until it
-- proves the owner is signed in (issue 13 section 2)
SELECT register_dossier('9.960002', 'G93', owner_enterprise => '0100233488',
                        at => '2026-03-05 08:00') AS c \gset
SELECT pg_temp.as_portal('001099000061', $$SELECT string_agg(status::text, ',') FROM dossier.owner_dossiers(' 001099000061 ')$$) AS person,
       pg_temp.as_role('regress_desk', $$SELECT string_agg(status::text, ',') FROM dossier.owner_dossiers('0100233488')$$) AS organisation,
       pg_temp.as_role('regress_desk', $$SELECT count(*) FROM dossier.owner_dossiers('001099000099')$$) AS nobody_s;
SELECT (SELECT count(*) FROM owner_dossiers('001099000061') o WHERE o.code IN (:'a', :'b')) AS both_found;

-- each bad input its own error
SELECT pg_temp.as_role('regress_desk', $$SELECT dossier.owner_dossiers('12345')$$) AS not_an_identifier,
       pg_temp.as_role('regress_analyst', $$SELECT count(*) FROM dossier.owner_dossiers('001099000061')$$) AS analyst;
SELECT pg_temp.as_role('regress_desk', $$SELECT dossier.allowed_actions(code => '000.00.00.G93-260101-9999')$$) AS unknown_dossier,
       pg_temp.as_role('regress_desk', format($$SELECT dossier.allowed_actions(code => %L, as_role => 'regress_no_such_role')$$, :'a')) AS unknown_role,
       pg_temp.as_role('regress_desk', $$SELECT dossier.allowed_actions(code => NULL)$$) AS null_code,
       pg_temp.as_role('regress_nobody', format($$SELECT dossier.allowed_actions(code => %L)$$, :'a')) AS no_schema_usage;

-- cleanup
BEGIN;
SELECT lift_history_guard('regress transition_roles: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G93');
DELETE FROM outbox WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G93');
DELETE FROM dossier.dossier WHERE receiving_agency = 'G93';
COMMIT;
DELETE FROM dossier_code_counter WHERE agency = 'G93';
DELETE FROM procedure WHERE code IN ('9.930001', '9.930002', '9.960001', '9.960002');
DELETE FROM agency WHERE code IN ('G93', 'G97');
SELECT count(dossier.unbind_official(r)) AS unbound
FROM unnest('{regress_desk,regress_specialist,regress_leader,regress_clerk}'::regrole[]) r;
DELETE FROM portal_assertion_used;
DELETE FROM portal_key;
DROP ROLE regress_desk, regress_specialist, regress_leader, regress_clerk, regress_portal,
  regress_analyst, regress_nobody;
