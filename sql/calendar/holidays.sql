-- Public holidays of state agencies (docs/reference/calendar/calendar.md,
-- "Public holidays"): computed from the Labour Code 2019 Art. 112 for any
-- year 1968-2100, replaced by the Government's notice where one is loaded
-- (2024-2026 ship with the extension), and taken by the default calendar.
-- Every expected instant below is hand-computed from the notices and the
-- law's wording.
SET client_min_messages = notice;
SET DateStyle = ISO;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET search_path = dossier, public;

-- the notices shipped, and the effective days of 2026 with their source
SELECT year, shipped, left(reference, 40) AS reference FROM holiday_notice ORDER BY year;
SELECT day, to_char(day, 'Dy') AS dow, is_working, kind, source FROM public_holidays(2026);
-- 2027 has no notice yet: computed (Tết Đinh Mùi is Saturday 6 February)
SELECT day, to_char(day, 'Dy') AS dow, is_working, kind, source, note FROM public_holidays(2027);
-- the computed list of 2026 agrees with the notice on Tết and Hùng Kings' day;
-- the notice adds the bridges and the swapped Saturdays
SELECT coalesce(c.day, o.day) AS day, c.kind AS computed, o.kind AS official
FROM (SELECT * FROM computed_public_holidays(2026)) c
FULL JOIN (SELECT * FROM holiday_notice_day WHERE year = 2026) o ON o.day = c.day
WHERE c.kind IS DISTINCT FROM o.kind ORDER BY 1;

-- deadlines on the default calendar (a day is 8 working hours)
-- the issue's case: Friday before Tết 2026 + 1 working day = Monday after it
SELECT add_working_time('2026-02-13 10:00', 1, 'working_day') AS over_tet_2026;
-- the year end: 1 and 2 January 2026 off, then Saturday 10 January is worked
SELECT add_working_time('2025-12-31 10:00', 1, 'working_day') AS over_new_year,
       add_working_time('2026-01-09 17:20', 1, 'working_day') AS to_swapped_saturday,
       add_working_time('2026-01-09 10:00', 2, 'working_day') AS through_swapped_saturday;
-- Hùng Kings' day on Sunday 26 April 2026: Monday 27 is its compensatory day
SELECT add_working_time('2026-04-24 10:00', 1, 'working_day') AS over_hung_kings,
       add_working_time('2026-04-29 10:00', 1, 'working_day') AS over_30_april;
-- National Day 2026: Saturday 22 August worked, Monday 31 August bridged
SELECT add_working_time('2026-08-21 10:00', 1, 'working_day') AS to_saturday_22,
       add_working_time('2026-08-28 10:00', 1, 'working_day') AS over_national_day;
-- 2025's notice: Friday 2 May bridged, Saturday 26 April worked
SELECT add_working_time('2025-04-25 10:00', 1, 'working_day') AS to_saturday_26_april,
       add_working_time('2025-04-29 10:00', 1, 'working_day') AS over_30_april_2025;
-- working time over Tết 2026: the whole week of Tết counts nothing
SELECT working_time_between('2026-02-13 07:00', '2026-02-24 07:00') AS tet_fortnight;

-- a year with only computed holidays says so
SELECT add_working_time('2027-02-05 10:00', 1, 'working_day') AS over_tet_2027;
SELECT working_time_between('2026-12-31 07:00', '2027-01-05 07:00') AS into_2027;

-- the DBA loads the 2027 notice (a made-up one for the test: Tết moved a day
-- earlier and a Saturday swapped); the computed days of 2027 give way to it,
-- the NOTICE goes, and the cache of this backend sees it at once
SELECT load_holiday_notice(2027, 'test notice for 2027',
  days_off => '{2027-01-01, 2027-02-04, 2027-02-05, 2027-02-08, 2027-02-09, 2027-02-10,
                2027-04-16, 2027-04-30, 2027-09-02, 2027-09-03}',
  working_days => '{2027-02-20}') AS days;
SELECT day, is_working, kind, source FROM public_holidays(2027) ORDER BY day LIMIT 4;
SELECT add_working_time('2027-02-03 10:00', 1, 'working_day') AS over_tet_2027_official,
       add_working_time('2027-02-19 10:00', 1, 'working_day') AS to_saturday_20;
-- loading it again replaces it
SELECT load_holiday_notice(2027, 'test notice for 2027, corrected', '{2027-01-01}') AS days;
SELECT count(*) AS days_2027, min(reference) FROM public_holidays(2027);
DELETE FROM holiday_notice WHERE year = 2027;
SELECT source, count(*) FROM public_holidays(2027) GROUP BY 1;
-- a DBA notice for a shipped year takes precedence over the shipped one
SELECT load_holiday_notice(2026, 'DBA correction of 2026', '{2026-01-01}') AS days;
SELECT add_working_time('2026-02-13 10:00', 1, 'working_day') AS tet_2026_gone;
DELETE FROM holiday_notice WHERE year = 2026 AND NOT shipped;
SELECT add_working_time('2026-02-13 10:00', 1, 'working_day') AS tet_2026_back;

-- a per-agency calendar: the public holidays, a local holiday, and a desk
-- that works on the national bridge day of 2 January 2026
INSERT INTO calendar (name, public_holidays, note) VALUES ('commune-x', true, 'a commune desk');
INSERT INTO calendar_day (calendar, day, is_working, note) VALUES
  ('commune-x', '2026-03-10', false, 'local festival'),
  ('commune-x', '2026-01-02', true, 'desk open on the bridge day');
SELECT add_working_time('2026-03-09 10:00', 1, 'working_day', 'commune-x') AS over_local_day,
       add_working_time('2026-01-01 10:00', 1, 'working_day', 'commune-x') AS bridge_worked,
       add_working_time('2026-02-13 10:00', 1, 'working_day', 'commune-x') AS tet_still_off;
-- a calendar without public_holidays keeps counting plain weekdays
INSERT INTO calendar (name) VALUES ('no-holidays');
SELECT add_working_time('2026-02-13 10:00', 1, 'working_day', 'no-holidays') AS plain,
       add_working_time('2126-02-13 10:00', 1, 'working_day', 'no-holidays') AS plain_2126;

-- bad input: each its own error, nothing written
\set VERBOSITY default
SELECT add_working_time('2100-12-31 10:00', 1, 'working_day');    -- VN206: reaches 2101
SELECT next_working_instant('1967-06-01 10:00');                   -- VN206
SELECT * FROM public_holidays(1967);                               -- VN206
SELECT * FROM computed_public_holidays(2101);                      -- VN206
SELECT load_holiday_notice(1900, 'x', '{}');                       -- VN206
SELECT load_holiday_notice(2028, 'x', '{2027-12-31}');             -- VN207: another year
SELECT load_holiday_notice(2028, 'x', '{2028-01-01}', '{2028-01-01}');  -- VN207: twice
SELECT load_holiday_notice(2028, 'x', '{2028-01-08}');             -- VN207: a Saturday off
SELECT load_holiday_notice(2028, 'x', '{}', '{2028-01-10}');       -- VN207: a Monday worked
SELECT load_holiday_notice(2028, '', '{}');                        -- 23502
SELECT count(*) AS notices_2028 FROM holiday_notice WHERE year = 2028;

-- roles: every role reads the holidays; only the DBA loads a notice
SET ROLE dossier_desk_officer;
SELECT count(*) > 0 AS officer_reads FROM public_holidays(2026);
SELECT add_working_time('2026-02-13 10:00', 1, 'working_day') AS officer_deadline;
SELECT load_holiday_notice(2028, 'x', '{2028-01-03}');             -- 42501
RESET ROLE;
SET ROLE dossier_analyst;
SELECT kind, count(*) FROM public_holiday WHERE day BETWEEN '2026-01-01' AND '2026-12-31' GROUP BY 1 ORDER BY 1;
RESET ROLE;
SET ROLE dossier_dba;
SELECT load_holiday_notice(2028, 'DBA test', '{2028-01-03}') AS dba_loads;
DELETE FROM holiday_notice WHERE year = 2028;
RESET ROLE;
DELETE FROM calendar WHERE name IN ('commune-x', 'no-holidays');
