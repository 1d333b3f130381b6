-- Deadlines of dossiers (docs/domain.md §3): due date on receipt from the
-- procedure's legal time on its calendar, supplements pausing the clock and
-- extending or restarting it, apologies moving the appointment but not the
-- due date, and the on-time status of finished and open dossiers.
SET search_path = dossier, public;
-- this suite replays events at fixed past times: widen the tolerance for a
-- given event time (superuser only; a live desk keeps minutes, see record.sql)
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;

INSERT INTO agency (code, name, level) VALUES ('G94', 'Regress ministry (deadlines)', 'central');
-- a calendar of its own: the default office hours, a three-day holiday
-- (Wed 2026-04-29 .. Fri 2026-05-01) and a swapped working Saturday 2026-05-09
INSERT INTO calendar (name) VALUES ('regress_deadlines');
INSERT INTO calendar_day (calendar, day, is_working, note) VALUES
  ('regress_deadlines', '2026-04-29', false, 'bridged day'),
  ('regress_deadlines', '2026-04-30', false, 'Ngày Chiến thắng'),
  ('regress_deadlines', '2026-05-01', false, 'Quốc tế Lao động'),
  ('regress_deadlines', '2026-05-09', true, 'swapped Saturday');
INSERT INTO procedure (code, name, processing_time, time_unit, supplement_mode, calendar) VALUES
  ('9.940001', 'Regress: 5 working days, supplements extend', 5, 'working_day', 'extend', 'regress_deadlines'),
  ('9.940002', 'Regress: 5 working days, supplements restart', 5, 'working_day', 'restart', 'regress_deadlines'),
  ('9.940003', 'Regress: 4 working hours', 4, 'working_hour', 'extend', 'regress_deadlines'),
  ('9.940004', 'Regress: 15 calendar days', 15, 'calendar_day', 'extend', 'regress_deadlines'),
  ('9.940005', 'Regress: half a working day', 0.5, 'working_day', 'extend', 'regress_deadlines');

-- register and receive at t, then run the actions (action@time, ...)
CREATE FUNCTION pg_temp.run(proc procedure_code, t timestamptz, steps text[] DEFAULT '{}')
RETURNS dossier_code LANGUAGE plpgsql AS $$
DECLARE
  c dossier_code := register_dossier(proc, 'G94', owner_citizen => '001099000021', at => t, receive => true);
  s text;
BEGIN
  FOREACH s IN ARRAY steps LOOP
    PERFORM transition(c, split_part(s, '@', 1)::dossier_action, at => split_part(s, '@', 2)::timestamptz,
                       new_appointment => CASE WHEN split_part(s, '@', 3) <> '' THEN split_part(s, '@', 3)::timestamptz END,
                       reason_code => CASE WHEN split_part(s, '@', 1) IN ('refuse', 'request_supplement', 'stop') THEN 'other' END,
                       reason => CASE WHEN split_part(s, '@', 1) IN ('refuse', 'request_supplement', 'stop') THEN 'regress: a reason' END);
  END LOOP;
  RETURN c;
END $$;

CREATE FUNCTION pg_temp.show(c dossier_code, as_of timestamptz DEFAULT '2026-06-30 17:00')
RETURNS TABLE (status dossier_status, received_at timestamptz, due_at timestamptz, appointment_at timestamptz,
               supplements int2, supplement_time interval, ended_at timestamptz, timeliness timeliness)
LANGUAGE sql AS $$
  SELECT d.status, d.received_at, d.due_at, d.appointment_at, d.supplement_requests, d.supplement_time,
         d.ended_at, dossier.timeliness(d, as_of)
  FROM dossier.dossier d WHERE d.code = c
$$;

-- receipt on a Monday morning: five working days later, same time
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-06 08:00'));
-- after closing time (17:30 Friday): the clock starts Monday 07:00
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-10 17:30'));
-- in the lunch break: the clock starts at 13:30
SELECT * FROM pg_temp.show(pg_temp.run('9.940003', '2026-04-07 12:00'));
-- four working hours from 15:00: 2 h today, 2 h tomorrow morning (not 19:00)
SELECT * FROM pg_temp.show(pg_temp.run('9.940003', '2026-04-07 15:00'));
-- half a working day is four working hours, not twelve
SELECT * FROM pg_temp.show(pg_temp.run('9.940005', '2026-04-07 08:00'));
-- across the three-day holiday and a weekend: 7 h on Tue 28, then Mon 4 .. Thu 7, 1 h on Fri 8
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-28 08:00'));
-- across the swapped Saturday 9 May, which is a working day: Tue 12, not Wed 13
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-05-06 08:00'));
-- calendar days (Civil Code Art. 147-148): the 15th day after Thu 16 Apr is Fri 1 May, a
-- holiday, then a weekend: the period ends at 24:00 of Mon 4 May
SELECT * FROM pg_temp.show(pg_temp.run('9.940004', '2026-04-16 08:00'));

-- a supplement pauses the clock; extend mode adds the paused working time
-- (Tue 09:00 .. Thu 09:00 = 2 working days) to the due date
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-06 08:00',
  '{start_processing@2026-04-06 09:00,request_supplement@2026-04-07 09:00,supplement_received@2026-04-09 09:00}'));
-- restart mode: the full five days again from the arrival of the papers, and
-- supplement_time is all the working time before it: Mon 06 08:00-17:00 7 h,
-- Tue 07 and Wed 08 16 h, Thu 09 07:00-09:00 2 h = 25 h
SELECT * FROM pg_temp.show(pg_temp.run('9.940002', '2026-04-06 08:00',
  '{start_processing@2026-04-06 09:00,request_supplement@2026-04-07 09:00,supplement_received@2026-04-09 09:00}'));
-- a supplement over the weekend pauses only working time
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-06 08:00',
  '{request_supplement@2026-04-10 16:00,supplement_received@2026-04-13 08:00}'));
-- stopped while waiting for papers: the pause ends with the stop
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-06 08:00',
  '{request_supplement@2026-04-07 08:00,stop@2026-04-08 08:00}'));

-- on time: finished before the due date
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-06 08:00',
  '{start_processing@2026-04-06 09:00,resolve@2026-04-10 16:00,return_result@2026-04-14 08:00}'));
-- late: resolved after the due date, even though an apology promised a later
-- date (sent Thu 09 16:00, 10 working hours before the due date Mon 13 08:00)
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-06 08:00',
  '{start_processing@2026-04-06 09:00,apologize@2026-04-09 16:00@2026-04-20 17:00,resolve@2026-04-16 10:00}'));
-- two supplement requests: overdue whatever the dates
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-06 08:00',
  '{start_processing@2026-04-06 09:00,request_supplement@2026-04-06 10:00,supplement_received@2026-04-06 11:00,start_processing@2026-04-06 11:00,request_supplement@2026-04-06 14:00,supplement_received@2026-04-06 15:00,start_processing@2026-04-06 15:00,resolve@2026-04-06 16:00}'));
-- the end of processing is the first resolution, not a later one after a recall
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-06 08:00',
  '{start_processing@2026-04-06 09:00,resolve@2026-04-08 09:00,recall@2026-04-09 09:00,resolve@2026-04-20 09:00}'));
-- a withdrawal ends processing for on-time reporting, and a later stop replaces it
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-06 08:00',
  '{request_withdrawal@2026-04-07 08:00}'));
SELECT * FROM pg_temp.show(pg_temp.run('9.940001', '2026-04-06 08:00',
  '{request_withdrawal@2026-04-07 08:00,stop@2026-04-08 08:00}'));
-- open dossiers at the end of a period: on time until the due date passes,
-- unless the clock is paused for papers asked for before the due date
SELECT pg_temp.run('9.940001', '2026-04-06 08:00', '{start_processing@2026-04-06 09:00}') AS open1 \gset
SELECT (pg_temp.show(:'open1', '2026-04-10 17:00')).timeliness AS before_due,
       (pg_temp.show(:'open1', '2026-04-13 17:00')).timeliness AS after_due;
SELECT pg_temp.run('9.940001', '2026-04-06 08:00', '{request_supplement@2026-04-10 08:00}') AS open2 \gset
SELECT t.timeliness AS paused_long_after_due FROM pg_temp.show(:'open2', '2026-05-30 17:00') t;
-- not received yet: no due date
SELECT timeliness(NULL, NULL, NULL, 0, now());

-- an apology must promise a later date; the due date does not move
SELECT pg_temp.run('9.940001', '2026-04-06 08:00', '{start_processing@2026-04-06 09:00}') AS late \gset
\set VERBOSITY terse
SELECT transition(:'late', 'apologize', new_appointment => '2026-04-10 17:00', at => '2026-04-09 08:00');
SELECT transition(:'late', 'apologize', at => '2026-04-09 08:00');
\set VERBOSITY default
SELECT transition(:'late', 'apologize', new_appointment => '2026-04-24 17:00', at => '2026-04-09 08:00');
SELECT status, due_at, appointment_at FROM pg_temp.show(:'late');
SELECT seq, action, due_at, appointment_at FROM dossier_event WHERE dossier = :'late' ORDER BY seq;

-- when an apology may be made (Decree 61/2018/NĐ-CP Art. 19): at the latest
-- one working day (8 working hours) before the due date Mon 13 Apr 08:00.
-- Fri 10 08:00 leaves Fri 08:00-17:00 7 h + Mon 07:00-08:00 1 h = 8 h: allowed;
-- Fri 10 08:01 leaves 7 h 59 min: VN120; Sat 18 Apr, five days after the due
-- date: VN120.  Each refusal writes nothing (events stay 3: registration,
-- receipt, start_processing).
CREATE FUNCTION pg_temp.try_apology(c dossier_code, appt timestamptz, t timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  RETURN transition(c, 'apologize', new_appointment => appt, at => t)::text;
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;
SELECT pg_temp.run('9.940001', '2026-04-06 08:00', '{start_processing@2026-04-06 09:00}') AS win \gset
SELECT pg_temp.try_apology(:'win', '2026-04-20 08:00', '2026-04-18 10:00') AS five_days_late,
       pg_temp.try_apology(:'win', '2026-04-20 08:00', '2026-04-10 08:01') AS a_minute_late,
       (SELECT events FROM dossier.dossier WHERE code = :'win') AS events;
-- the new appointment must be a working instant of the calendar: Sunday
-- 19 Apr 03:00 is not (VN121), nor is the lunch break Mon 20 Apr 12:00;
-- closing time Mon 20 Apr 17:00 is
SELECT pg_temp.try_apology(:'win', '2026-04-19 03:00', '2026-04-10 08:00') AS sunday_night,
       pg_temp.try_apology(:'win', '2026-04-20 12:00', '2026-04-10 08:00') AS lunch_break,
       (SELECT events FROM dossier.dossier WHERE code = :'win') AS events;
SELECT transition(:'win', 'apologize', new_appointment => '2026-04-20 17:00', at => '2026-04-10 08:00') AS exactly_a_day_before;
\set VERBOSITY default
SELECT pg_temp.run('9.940001', '2026-04-06 08:00', '{start_processing@2026-04-06 09:00}') AS late2 \gset
SELECT transition(:'late2', 'apologize', new_appointment => '2026-04-20 08:00', at => '2026-04-18 10:00');
SELECT transition(:'late2', 'apologize', new_appointment => '2026-04-19 03:00', at => '2026-04-08 10:00');
\set VERBOSITY terse

-- on time at the boundary, in both modes (Decision 766/QĐ-TTg item 2.1): the
-- due date and the rule "working time from receipt to the end, minus
-- supplement_time, at most the legal 40 h" agree.
-- extend: received Mon 06 08:00, papers asked Tue 07 09:00, back Thu 09 09:00
-- (16 h paused): due Mon 13 08:00 + 16 h = Wed 15 08:00.  Resolved at Wed 15
-- 07:50, 08:00, 08:10: receipt to end is 7 + 6 x 8 + 0:50 / 1:00 / 1:10 h =
-- 55:50 / 56:00 / 56:10, minus 16 h = 39:50 / 40:00 / 40:10.
-- restart: the same dates; due Thu 09 09:00 + 40 h = Thu 16 09:00.  Resolved
-- at Thu 16 08:50, 09:00, 09:10: receipt to end 7 + 7 x 8 + 1:50 / 2:00 / 2:10
-- = 64:50 / 65:00 / 65:10, minus 25 h = 39:50 / 40:00 / 40:10.
CREATE TEMP TABLE boundary AS
SELECT p.mode, p.at_end,
       pg_temp.run(p.proc::procedure_code, '2026-04-06 08:00',
         ARRAY['start_processing@2026-04-06 09:00', 'request_supplement@2026-04-07 09:00',
               'supplement_received@2026-04-09 09:00', 'start_processing@2026-04-09 09:00',
               'resolve@' || p.at_end]) AS code
FROM (VALUES ('extend', '9.940001', '2026-04-15 07:50'::timestamptz), ('extend', '9.940001', '2026-04-15 08:00'),
             ('extend', '9.940001', '2026-04-15 08:10'), ('restart', '9.940002', '2026-04-16 08:50'),
             ('restart', '9.940002', '2026-04-16 09:00'), ('restart', '9.940002', '2026-04-16 09:10'))
       AS p(mode, proc, at_end);
SELECT b.mode, b.at_end, d.due_at, d.supplement_time,
       working_time_between(d.received_at, d.ended_at, 'regress_deadlines') - d.supplement_time AS counted,
       timeliness(d, '2026-06-30 17:00') AS timeliness,
       (working_time_between(d.received_at, d.ended_at, 'regress_deadlines') - d.supplement_time
         <= interval '40 hours') = (timeliness(d, '2026-06-30 17:00') = 'on_time') AS agree
FROM boundary b JOIN dossier.dossier d ON d.code = b.code
ORDER BY b.mode, b.at_end;

-- the on-time function is immutable: usable in an index and in partitions of reports
SELECT provolatile FROM pg_proc WHERE oid = 'dossier.timeliness(timestamptz,timestamptz,timestamptz,int4,timestamptz)'::regprocedure;
SELECT indexrelid::regclass FROM pg_index WHERE indexrelid = 'dossier.dossier_finished_timeliness_idx'::regclass;

-- cleanup
BEGIN;
SELECT lift_history_guard('regress transition_deadlines: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G94');
DELETE FROM outbox WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G94');
DELETE FROM dossier.dossier WHERE receiving_agency = 'G94';
COMMIT;
DELETE FROM dossier_code_counter WHERE agency = 'G94';
DELETE FROM procedure WHERE code::text LIKE '9.9400%';
DELETE FROM calendar WHERE name = 'regress_deadlines';
DELETE FROM agency WHERE code = 'G94';
