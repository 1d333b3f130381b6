-- What a desk or a portal expects (issue 12 items 2 and 8): the actions a
-- role may take on one dossier, from the same plan as dossier.transition; an
-- owner's dossiers; processing resuming at its step after a supplement; a
-- dossier in 6 reached from 9 that can only be paid.
SET search_path = dossier, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;

INSERT INTO agency (code, name, level) VALUES
  ('G96', 'Regress ministry (desk)', 'central'),
  ('G97', 'Regress other ministry (desk, transfer target)', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.960001', 'Regress procedure with three steps', 5, 'working_day'),
       ('9.960002', 'Regress procedure without steps (desk)', 5, 'working_day');
INSERT INTO procedure_step (procedure, step, name, role) VALUES
  ('9.960001', 1, 'assign department', 'dossier_leader'),
  ('9.960001', 2, 'specialist review', 'dossier_specialist'),
  ('9.960001', 3, 'leader signs', 'dossier_leader');

CREATE ROLE regress_d_desk LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_d_spec LOGIN IN ROLE dossier_specialist;
CREATE ROLE regress_d_lead LOGIN IN ROLE dossier_leader;
CREATE ROLE regress_d_clerk LOGIN IN ROLE dossier_clerk;
CREATE ROLE regress_d_portal LOGIN IN ROLE dossier_portal;
CREATE ROLE regress_d_analyst LOGIN IN ROLE dossier_analyst;
CREATE ROLE regress_d_nobody LOGIN;

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
BEGIN
  FOREACH a IN ARRAY enum_range(NULL::dossier_action) LOOP
    BEGIN
      EXECUTE format('SET LOCAL ROLE %I', r);
      PERFORM dossier.transition(c, a,
        to_agency => CASE WHEN a = 'transfer' THEN 'G97'::agency_code END,
        new_appointment => CASE WHEN a = 'apologize' THEN timestamptz '2027-06-01 08:00' END,
        on_behalf_of => CASE WHEN r = 'regress_d_portal' THEN owner END);
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
  FROM unnest('{regress_d_desk,regress_d_spec,regress_d_lead,regress_d_clerk,regress_d_portal,regress_d_analyst}'::text[]) r
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
SELECT register_dossier('9.960001', 'G96', owner_citizen => '001099000061',
                        at => '2026-03-02 08:00', receive => true) AS a \gset
SELECT transition(:'a', 'start_processing', at => '2026-03-02 09:00') AS started, step
FROM dossier.dossier WHERE code = :'a';
SELECT * FROM pg_temp.desk(:'a');
-- the old function knows only the status, and offers resolve
SELECT allowed_actions('processing'::dossier_status) @> '{resolve}' AS status_only_offers_resolve;
-- the current role by default
SELECT pg_temp.as_role('regress_d_lead', format($$SELECT dossier.allowed_actions(code => %L)$$, :'a')) AS as_current_leader;
-- the row form, for a list of dossiers
SELECT allowed_actions_of(d, 'regress_d_desk') FROM dossier.dossier d WHERE code = :'a';

-- at step 3 of 3 the leader may resolve and no longer move on:
--   leader: request_supplement, request_payment, stop, resolve, transfer
SELECT pg_temp.as_role('regress_d_lead', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-02 10:00')$$, :'a')) AS to_step_2,
       pg_temp.as_role('regress_d_spec', format($$SELECT dossier.transition(%L, 'move_step', at => '2026-03-02 11:00')$$, :'a')) AS to_step_3;
SELECT * FROM pg_temp.desk(:'a');

-- the step survives a supplement: step 3 -> request_supplement (5, step
-- kept 3) -> supplement_received (2, step 3) -> start_processing resumes at
-- step 3, and resolve by the leader of step 3 succeeds
SELECT pg_temp.as_role('regress_d_lead', format($$SELECT dossier.transition(%L, 'request_supplement', at => '2026-03-03 08:00')$$, :'a')) AS asked;
SELECT status, step FROM dossier.dossier WHERE code = :'a';
SELECT pg_temp.as_role('regress_d_portal', format($$SELECT dossier.transition(%L, 'supplement_received', on_behalf_of => '001099000061', at => '2026-03-04 08:00')$$, :'a')) AS papers;
SELECT status, step FROM dossier.dossier WHERE code = :'a';
SELECT pg_temp.as_role('regress_d_desk', format($$SELECT dossier.transition(%L, 'start_processing', at => '2026-03-04 09:00')$$, :'a')) AS resumed;
SELECT status, step FROM dossier.dossier WHERE code = :'a';
SELECT pg_temp.as_role('regress_d_lead', format($$SELECT dossier.transition(%L, 'resolve', at => '2026-03-04 10:00')$$, :'a')) AS resolved;
SELECT seq, action, to_status, step FROM dossier_event WHERE dossier = :'a' ORDER BY seq;

-- 6 reached from 9 (fee due at return): only paid, back to 9; stop and
-- withdrawal are VN101 and write nothing.  Hand computation:
--   desk: paid; portal: paid (for the owner); everyone else: nothing
SELECT register_dossier('9.960002', 'G96', owner_citizen => '001099000061',
                        at => '2026-03-02 08:00', receive => true) AS b \gset
SELECT transition(:'b', 'start_processing', at => '2026-03-02 09:00'),
       transition(:'b', 'resolve', at => '2026-03-02 10:00'),
       transition(:'b', 'request_payment', at => '2026-03-02 11:00');
SELECT * FROM pg_temp.desk(:'b');
SELECT pg_temp.as_role('regress_d_lead', format($$SELECT dossier.transition(%L, 'stop')$$, :'b')) AS stop,
       pg_temp.as_role('regress_d_portal', format($$SELECT dossier.transition(%L, 'request_withdrawal', on_behalf_of => '001099000061')$$, :'b')) AS withdraw,
       (SELECT events FROM dossier.dossier WHERE code = :'b') AS events;
\set VERBOSITY default
SET client_min_messages = notice;
DO $$ BEGIN
  PERFORM dossier.transition((SELECT code FROM dossier.dossier WHERE procedure = '9.960002'), 'stop');
EXCEPTION WHEN OTHERS THEN
  DECLARE m text; d text; st text;
  BEGIN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, st = RETURNED_SQLSTATE;
    RAISE NOTICE '% | % | %', st, regexp_replace(m, 'G96-\d+-\d+', 'G96-…'), d;
  END;
END $$;
SET client_min_messages = warning;
\set VERBOSITY terse
SELECT pg_temp.as_role('regress_d_portal', format($$SELECT dossier.transition(%L, 'paid', on_behalf_of => '001099000061')$$, :'b')) AS paid;

-- an owner's dossiers, newest first, by personal ID or tax code in any form
SELECT register_dossier('9.960002', 'G96', owner_enterprise => '0100233488',
                        at => '2026-03-05 08:00') AS c \gset
SELECT pg_temp.as_role('regress_d_portal', $$SELECT string_agg(status::text, ',') FROM dossier.owner_dossiers(' 001099000061 ')$$) AS person,
       pg_temp.as_role('regress_d_desk', $$SELECT string_agg(status::text, ',') FROM dossier.owner_dossiers('0100233488')$$) AS organisation,
       pg_temp.as_role('regress_d_desk', $$SELECT count(*) FROM dossier.owner_dossiers('001099000099')$$) AS nobody_s;
SELECT (SELECT count(*) FROM owner_dossiers('001099000061') o WHERE o.code IN (:'a', :'b')) AS both_found;

-- each bad input its own error
SELECT pg_temp.as_role('regress_d_desk', $$SELECT dossier.owner_dossiers('12345')$$) AS not_an_identifier,
       pg_temp.as_role('regress_d_analyst', $$SELECT count(*) FROM dossier.owner_dossiers('001099000061')$$) AS analyst;
SELECT pg_temp.as_role('regress_d_desk', $$SELECT dossier.allowed_actions(code => '000.00.00.G96-260101-9999')$$) AS unknown_dossier,
       pg_temp.as_role('regress_d_desk', format($$SELECT dossier.allowed_actions(code => %L, as_role => 'regress_no_such_role')$$, :'a')) AS unknown_role,
       pg_temp.as_role('regress_d_desk', $$SELECT dossier.allowed_actions(code => NULL)$$) AS null_code,
       pg_temp.as_role('regress_d_nobody', format($$SELECT dossier.allowed_actions(code => %L)$$, :'a')) AS no_schema_usage;

-- cleanup
BEGIN;
SELECT lift_history_guard('regress transition_desk: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G96');
DELETE FROM outbox WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G96');
DELETE FROM dossier.dossier WHERE receiving_agency = 'G96';
COMMIT;
DELETE FROM dossier_code_counter WHERE agency IN ('G96', 'G97');
DELETE FROM procedure WHERE code IN ('9.960001', '9.960002');
DELETE FROM agency WHERE code IN ('G96', 'G97');
DROP ROLE regress_d_desk, regress_d_spec, regress_d_lead, regress_d_clerk, regress_d_portal,
  regress_d_analyst, regress_d_nobody;
