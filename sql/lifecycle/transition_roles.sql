-- Who may act (docs/roles.md): staff roles per action, internal steps and
-- their roles, the portal acting on behalf of the owner, privileges.
SET search_path = dossier, public;
-- this suite replays events at fixed past times: widen the tolerance for a
-- given event time (superuser only; a live desk keeps minutes, see record.sql)
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;

INSERT INTO agency (code, name, level) VALUES ('G93', 'Regress ministry (roles)', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.930001', 'Regress procedure with four steps', 10, 'working_day'),
       ('9.930002', 'Regress procedure without steps', 3, 'working_day');
INSERT INTO procedure_step (procedure, step, name, role) VALUES
  ('9.930001', 1, 'assign department', 'dossier_leader'),
  ('9.930001', 2, 'specialist review', 'dossier_specialist'),
  ('9.930001', 3, 'leader signs', 'dossier_leader'),
  ('9.930001', 4, 'clerk stamps', 'dossier_clerk');

CREATE ROLE regress_desk LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_specialist LOGIN IN ROLE dossier_specialist;
CREATE ROLE regress_leader LOGIN IN ROLE dossier_leader;
CREATE ROLE regress_clerk LOGIN IN ROLE dossier_clerk;
CREATE ROLE regress_portal LOGIN IN ROLE dossier_portal;
CREATE ROLE regress_analyst LOGIN IN ROLE dossier_analyst;
CREATE ROLE regress_nobody LOGIN;

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

-- registration: by the desk, or by a portal for an online dossier of its owner
SELECT pg_temp.as_role('regress_desk', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000011', at => '2026-03-02 08:00', receive => true)$$) ~ '^ok ' AS desk_registers;
SELECT pg_temp.as_role('regress_portal', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000012', channel => 'online', on_behalf_of => '001099000012', at => '2026-03-02 08:05')$$) ~ '^ok ' AS portal_registers;
SELECT pg_temp.as_role('regress_portal', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000012', channel => 'online', on_behalf_of => '001099000013', at => '2026-03-02 08:06')$$) AS portal_for_someone_else;
SELECT pg_temp.as_role('regress_portal', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000012', channel => 'direct', on_behalf_of => '001099000012', at => '2026-03-02 08:07')$$) AS portal_direct;
SELECT pg_temp.as_role('regress_portal', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000012', channel => 'online', at => '2026-03-02 08:08')$$) AS portal_without_applicant;
SELECT pg_temp.as_role('regress_specialist', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000014', at => '2026-03-02 08:09')$$) AS specialist_registers;
SELECT pg_temp.as_role('regress_nobody', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000014', at => '2026-03-02 08:09')$$) AS nobody_registers;
SELECT pg_temp.as_role('regress_portal', $$SELECT dossier.register_dossier('9.930001', 'G93',
  owner_citizen => '001099000012', channel => 'online', on_behalf_of => '001099000012',
  at => '2026-03-02 08:10', receive => true)$$) AS portal_cannot_receive;

SELECT code AS desk FROM dossier.dossier WHERE owner_citizen = '001099000011' \gset
SELECT code AS online FROM dossier.dossier WHERE owner_citizen = '001099000012' \gset

-- the online dossier: only the desk receives it
SELECT pg_temp.as_role('regress_portal', format($$SELECT dossier.transition(%L, 'receive', on_behalf_of => '001099000012', at => '2026-03-02 09:00')$$, :'online')) AS portal_receives;
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
SELECT pg_temp.as_role('regress_portal', format($$SELECT dossier.transition(%L, 'return_result', on_behalf_of => '001099000012', at => '2026-03-02 10:00')$$, :'desk')) AS portal_for_another_owner;
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'return_result', at => '2026-03-02 10:00')$$, :'desk')) AS desk_returns;
SELECT seq, action, to_status, actor, on_behalf_of, step
FROM dossier_event WHERE dossier = :'desk' ORDER BY seq;

-- the applicant through the portal: supplements, pays, withdraws, never decides
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'request_supplement', at => '2026-03-02 10:00', reason_code => 'missing_papers', reason => 'bản sao CCCD')$$, :'online')) AS desk_asks_papers;
SELECT pg_temp.as_role('regress_portal', format($$SELECT dossier.transition(%L, 'supplement_received', at => '2026-03-02 10:30')$$, :'online')) AS portal_as_staff;
SELECT pg_temp.as_role('regress_portal', format($$SELECT dossier.transition(%L, 'supplement_received', on_behalf_of => '  001099000012 ', at => '2026-03-02 10:30')$$, :'online')) AS portal_for_owner;
SELECT pg_temp.as_role('regress_portal', format($$SELECT dossier.transition(%L, 'stop', on_behalf_of => '001099000012', at => '2026-03-02 10:40', reason_code => 'other', reason => 'x')$$, :'online')) AS portal_stops;
SELECT pg_temp.as_role('regress_portal', format($$SELECT dossier.transition(%L, 'request_withdrawal', on_behalf_of => 'not an id', at => '2026-03-02 10:40')$$, :'online')) AS portal_bad_id;
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'request_withdrawal', on_behalf_of => '001099000012', at => '2026-03-02 10:40')$$, :'online')) AS desk_as_portal;
SELECT pg_temp.as_role('regress_portal', format($$SELECT dossier.transition(%L, 'request_withdrawal', on_behalf_of => '001099000012', at => '2026-03-02 10:40')$$, :'online')) AS portal_withdraws;
SELECT pg_temp.as_role('regress_desk', format($$SELECT dossier.transition(%L, 'stop', at => '2026-03-02 10:50', reason_code => 'withdrawn', reason => 'rút hồ sơ')$$, :'online')) AS desk_stops;
SELECT pg_temp.as_role('regress_leader', format($$SELECT dossier.transition(%L, 'stop', note => 'leader note', at => '2026-03-02 10:50', reason_code => 'withdrawn', reason => 'withdrawn by the applicant')$$, :'online')) AS leader_stops;
SELECT seq, action, to_status, actor, on_behalf_of
FROM dossier_event WHERE dossier = :'online' ORDER BY seq;

-- privileges: no role writes the tables directly, not even through the grants
SELECT pg_temp.as_role('regress_leader', format($$UPDATE dossier.dossier SET status = '9' WHERE code = %L RETURNING 1$$, :'online')) AS leader_updates;
SELECT pg_temp.as_role('regress_analyst', format($$SELECT status::text FROM dossier.dossier WHERE code = %L$$, :'online')) AS analyst_reads;
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

-- cleanup
BEGIN;
SELECT lift_history_guard('regress transition_roles: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G93');
DELETE FROM outbox WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G93');
DELETE FROM dossier.dossier WHERE receiving_agency = 'G93';
COMMIT;
DELETE FROM dossier_code_counter WHERE agency = 'G93';
DELETE FROM procedure WHERE code IN ('9.930001', '9.930002');
DELETE FROM agency WHERE code = 'G93';
DROP ROLE regress_desk, regress_specialist, regress_leader, regress_clerk, regress_portal,
  regress_analyst, regress_nobody;
