-- Bad input to the lifecycle functions: each gets its own clear error and
-- changes nothing (issue 3, "Bad input").
SET search_path = dossier, public;
-- this suite replays events at fixed past times: widen the tolerance for a
-- given event time (superuser only; a live desk keeps minutes, see record.sql)
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
\set SHOW_CONTEXT never

INSERT INTO agency (code, name, level) VALUES ('G96', 'Regress ministry (errors)', 'central');
INSERT INTO calendar (name, working_weekdays, note) VALUES ('regress_no_days', '{}', 'no working day at all');
INSERT INTO procedure (code, name, processing_time, time_unit, calendar) VALUES
  ('9.960001', 'Regress procedure (errors)', 5, 'working_day', 'default'),
  ('9.960002', 'Regress procedure with an absurd time', 999999999, 'working_day', 'default'),
  ('9.960003', 'Regress procedure on a calendar without working days', 5, 'working_day', 'regress_no_days');
SELECT register_dossier('9.960001', 'G96', owner_citizen => '001099000041', at => '2026-05-11 08:00', receive => true) AS c \gset

-- what must not change: the whole state of the dossier tables
CREATE TEMP TABLE snapshot AS
SELECT (SELECT count(*) FROM dossier.dossier) AS dossiers,
       (SELECT count(*) FROM dossier_event) AS events,
       (SELECT count(*) FROM outbox) AS messages,
       (SELECT string_agg(encode(head, 'hex'), ',' ORDER BY code) FROM dossier.dossier) AS heads;
CREATE FUNCTION pg_temp.unchanged() RETURNS boolean LANGUAGE sql AS $$
  SELECT (SELECT count(*) FROM dossier.dossier) = s.dossiers
     AND (SELECT count(*) FROM dossier.dossier_event) = s.events
     AND (SELECT count(*) FROM dossier.outbox) = s.messages
     AND (SELECT string_agg(encode(head, 'hex'), ',' ORDER BY code) FROM dossier.dossier) = s.heads
  FROM snapshot s
$$;

\set VERBOSITY default
-- unknown action: PostgreSQL's enum input
SELECT transition(:'c', 'frobnicate');
-- unknown dossier
SELECT transition('000.00.00.G96-260511-9999', 'start_processing');
-- malformed dossier code
SELECT transition('not a code', 'start_processing');
-- NULLs
SELECT transition(NULL, 'start_processing');
SELECT transition(:'c', NULL);
SELECT register_dossier(NULL, 'G96', owner_citizen => '001099000041');
SELECT register_dossier('9.960001', NULL, owner_citizen => '001099000041');
SELECT register_dossier('9.960001', 'G96');
SELECT register_dossier('9.960001', 'G96', owner_citizen => '001099000041', owner_enterprise => '0100109106');
SELECT register_dossier('9.960001', 'G96', owner_citizen => '001099000041', channel => NULL);
-- unknown procedure and agency
SELECT register_dossier('9.969999', 'G96', owner_citizen => '001099000041');
SELECT register_dossier('9.960001', 'G97', owner_citizen => '001099000041');
-- a code given twice, also twice in one statement (a code of another day
-- enters only through the import path: sql/lifecycle/record.sql)
SELECT import_dossier('9.960001', 'G96', owner_citizen => '001099000041', code => :'c',
                      at => '2026-05-11 08:00', source => 'regress');
SELECT import_dossier('9.960001', 'G96', owner_citizen => '001099000041', code => 'G96-260511-0777',
                      at => '2026-05-11 08:00', source => 'regress')
FROM generate_series(1, 2);
-- timestamps before the last event, in the future (a live call takes a time
-- ahead within the tolerance as now; an imported one is refused), infinite
SELECT transition(:'c', 'start_processing', at => '2026-05-11 07:59');
\set VERBOSITY sqlstate
SELECT import_transition(:'c', 'start_processing', at => now() + interval '1 hour', source => 'regress');
\set VERBOSITY default
SELECT transition(:'c', 'start_processing', at => 'infinity');
SELECT register_dossier('9.960001', 'G96', owner_citizen => '001099000041', at => '-infinity');
-- arguments that do not belong to the action
SELECT transition(:'c', 'start_processing', to_agency => 'G96');
SELECT transition(:'c', 'stop', new_appointment => now());
SELECT transition(:'c', 'request_supplement', to_step => 2);
-- transfer: needs a known other agency
SELECT transition(:'c', 'transfer');
SELECT transition(:'c', 'transfer', to_agency => 'G97');
SELECT transition(:'c', 'transfer', to_agency => 'G96');
-- an apology needs a later date; not infinite
SELECT transition(:'c', 'apologize', new_appointment => 'infinity', at => '2026-05-11 10:00');
SELECT transition(:'c', 'apologize', new_appointment => '2026-05-12 08:00', at => '2026-05-11 10:00');
-- absurd durations and a calendar without working time: nothing is written
SELECT register_dossier('9.960002', 'G96', owner_citizen => '001099000041', receive => true, at => '2026-05-11 09:00');
SELECT register_dossier('9.960003', 'G96', owner_citizen => '001099000041', receive => true, at => '2026-05-11 09:00');
-- a calendar without office hours cannot be created at all
INSERT INTO calendar (name, office_hours) VALUES ('regress_no_hours', '{}');
-- a procedure whose calendar is missing cannot be stored
INSERT INTO procedure (code, name, processing_time, time_unit, calendar)
VALUES ('9.960004', 'Regress: unknown calendar', 5, 'working_day', 'no such calendar');
\set VERBOSITY terse

SELECT pg_temp.unchanged() AS nothing_changed;
SELECT status, events FROM dossier.dossier WHERE code = :'c';

-- the current time is never "in the future", however long the statement:
-- registered and received now, several in one statement, then moved on now
SELECT count(register_dossier('9.960001', 'G96', owner_citizen => '001099000042', receive => true))
FROM generate_series(1, 3), pg_sleep(0.01);
SELECT count(transition(code, 'start_processing'))
FROM dossier.dossier, pg_sleep(0.01) WHERE owner_citizen = '001099000042';
SELECT count(*) FILTER (WHERE at <= now() + interval '1 minute' AND at >= now() - interval '1 minute') AS events_now
FROM dossier_event WHERE dossier IN (SELECT code FROM dossier.dossier WHERE owner_citizen = '001099000042');

-- cleanup
BEGIN;
SELECT lift_history_guard('regress transition_errors: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE agency = 'G96';
DELETE FROM outbox WHERE dossier::text LIKE '%G96%';
DELETE FROM dossier.dossier WHERE receiving_agency = 'G96';
COMMIT;
DELETE FROM dossier_code_counter WHERE agency = 'G96';
DELETE FROM procedure WHERE code::text LIKE '9.96000%';
DELETE FROM calendar WHERE name = 'regress_no_days';
DELETE FROM agency WHERE code = 'G96';
