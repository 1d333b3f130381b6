-- demo tour: working-time calendars and deadlines (issue 3, first slice)
SET search_path = dossier, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SELECT to_regprocedure('dossier.add_working_time(timestamptz, numeric, dossier.duration_unit, text)') IS NOT NULL AS ok \gset
\if :ok
\echo '== 7. working-time deadlines (dossier.add_working_time, dossier.working_time_between)'
\set ECHO queries
-- the default calendar: office hours 07:00-11:30 and 13:30-17:00, Mon-Fri,
-- Asia/Ho_Chi_Minh, the Labour Code's fixed-date holidays installed
SELECT name, time_zone, office_hours, working_weekdays FROM dossier.calendar WHERE name = 'default';
-- an illustrative provincial calendar with a 9-day Tết break and a swapped
-- Saturday (the dates are for the demo, not an official schedule)
INSERT INTO dossier.calendar (name, time_zone, office_hours, working_weekdays)
SELECT 'demo', time_zone, office_hours, working_weekdays FROM dossier.calendar WHERE name = 'default'
ON CONFLICT (name) DO NOTHING;
INSERT INTO dossier.calendar_day (calendar, day, is_working, note)
SELECT 'demo', d::date, false, 'Tết (illustrative)'
FROM generate_series(date '2026-02-14', date '2026-02-22', interval '1 day') d
ON CONFLICT DO NOTHING;
INSERT INTO dossier.calendar_day (calendar, day, is_working, note)
VALUES ('demo', '2026-02-28', true, 'swapped Saturday (illustrative)')
ON CONFLICT DO NOTHING;
-- a birth registration (1 working day) received on Friday after closing
-- starts on Monday morning; a 3-day dossier received before Tết resumes after it
SELECT received, amount, unit, add_working_time(received, amount, unit, 'demo') AS due
FROM (VALUES (timestamptz '2026-01-09 17:20', 1::numeric, 'working_day'::duration_unit),
             (timestamptz '2026-02-12 09:00', 3, 'working_day'),
             (timestamptz '2026-02-27 15:00', 4, 'working_hour'),
             (timestamptz '2026-03-02 10:00', 30, 'calendar_day')) v(received, amount, unit);
-- working time elapsed across the break (only office hours count)
SELECT working_time_between('2026-02-12 09:00', '2026-02-24 09:00', 'demo') AS elapsed;
\set ECHO none
\else
\echo '== 7. working-time deadlines: skipped, not in this build yet'
\endif
