-- demo tour: working-time calendars, the lunar calendar, public holidays and deadlines
SET search_path = dossier, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SELECT to_regprocedure('dossier.add_working_time(timestamptz, numeric, dossier.duration_unit, text)') IS NOT NULL AS ok \gset
\if :ok
\echo '== 7. working-time deadlines, the lunar calendar and public holidays'
\set ECHO queries
-- the default calendar: office hours 07:00-11:30 and 13:30-17:00, Mon-Fri,
-- Asia/Ho_Chi_Minh, with the public holidays of state agencies
SELECT name, time_zone, office_hours, working_weekdays, public_holidays FROM dossier.calendar WHERE name = 'default';
-- Tết and the Hùng Kings' day are lunar dates: the Vietnamese lunar calendar
-- at UTC+7 (2007 and 2030 are years it parts from China's)
SELECT y, from_lunar(y, 1, 1) AS tet, from_lunar(y, 3, 10) AS hung_kings
FROM unnest(ARRAY[2007, 2026, 2027, 2030]) y;
SELECT * FROM to_lunar('2026-02-16');                -- 29 Tết: no 30th in 2026
-- the holidays of 2026 come from the Government's notice, 2027's are
-- computed from the Labour Code until its notice is loaded
SELECT day, kind, source FROM public_holidays(2026) WHERE is_working OR kind IN ('bridge', 'tet') ORDER BY day;
SELECT day, kind, source FROM public_holidays(2027) WHERE kind = 'tet' OR kind = 'compensatory' ORDER BY day;
-- deadlines: a Friday-evening receipt meets the Saturday worked for 2 January,
-- a dossier received before Tết resumes after it, a period in calendar days
-- ends at 24:00 of a working day (Civil Code Art. 148)
SELECT received, amount, unit, add_working_time(received, amount, unit) AS due
FROM (VALUES (timestamptz '2026-01-09 17:20', 1::numeric, 'working_day'::duration_unit),
             (timestamptz '2026-02-12 09:00', 3, 'working_day'),
             (timestamptz '2026-08-28 15:00', 4, 'working_hour'),
             (timestamptz '2026-03-02 10:00', 30, 'calendar_day')) v(received, amount, unit);
-- working time elapsed across Tết (only office hours count)
SELECT working_time_between('2026-02-12 09:00', '2026-02-24 09:00') AS elapsed;
-- a deadline that reaches a year with computed holidays says so
SET client_min_messages = notice;
SELECT add_working_time('2027-02-04 10:00', 2, 'working_day') AS due_over_tet_2027;
SET client_min_messages = warning;
\set ECHO none
\else
\echo '== 7. working-time deadlines: skipped, not in this build yet'
\endif
