-- calendar: working-time calendars and deadline arithmetic (issue 3 item 5,
-- docs/domain.md §3).  One query per calendar bug class users file against
-- workflow engines, then DST, errors with their SQLSTATEs, and the cache.
SET search_path = dossier, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- the SQLSTATE a statement raises, or 'ok'
CREATE FUNCTION pg_temp.sqlstate_of(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE stmt;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

-- the default calendar as installed: it takes the public holidays
-- (sql/calendar/holidays.sql) and has no day of its own
SELECT name, time_zone, office_hours, working_weekdays, public_holidays FROM calendar ORDER BY name;
SELECT count(*) AS own_days FROM calendar_day WHERE calendar = 'default';

-- a calendar without any listed day, to compare with
INSERT INTO calendar (name) VALUES ('plain');

-- a test calendar like default, with 2026 days off and a swapped Saturday
INSERT INTO calendar (name) VALUES ('vn-test');
INSERT INTO calendar_day (calendar, day, is_working, note)
SELECT 'vn-test', d, false, 'Tết Bính Ngọ'
FROM generate_series(date '2026-02-14', date '2026-02-22', interval '1 day') d;
INSERT INTO calendar_day (calendar, day, is_working, note) VALUES
  ('vn-test', '2026-01-01', false, 'Tết Dương lịch'),
  ('vn-test', '2026-01-02', false, 'bridged Friday'),
  ('vn-test', '2026-01-10', true,  'Saturday worked for 2026-01-02'),
  ('vn-test', '2026-04-30', false, 'Reunification Day'),
  ('vn-test', '2026-05-01', false, 'Labour Day');

-- a day is 8 working hours, not 24 (2026-03-02 is a Monday)
SELECT add_working_time('2026-03-02 07:00', 1, 'working_day') AS mon_0700_plus_1d,
       add_working_time('2026-03-02 09:00', 1, 'working_day') AS mon_0900_plus_1d,
       add_working_time('2026-03-02 07:00', 4.5, 'working_hour') AS until_lunch,
       add_working_time('2026-03-02 07:00', 0.5, 'working_day') AS half_day,
       working_time_between('2026-03-02 00:00', '2026-03-03 00:00') AS one_day;

-- weekends are not working days
SELECT add_working_time('2026-03-06 15:00', 1, 'working_day') AS fri_plus_1d,
       add_working_time('2026-03-02 07:00', 5, 'working_day') AS mon_plus_5d,
       working_time_between('2026-03-06 17:00', '2026-03-09 07:00') AS weekend,
       working_time_between('2026-03-02 00:00', '2026-03-16 00:00') AS two_weeks;

-- holidays are not ignored: Thursday 30 April and Friday 1 May
SELECT add_working_time('2026-04-29 09:00', 2, 'working_day', 'vn-test') AS with_holidays,
       add_working_time('2026-04-29 09:00', 2, 'working_day', 'plain') AS without_holidays,
       add_working_time('2026-04-29 09:00', 2, 'working_day') AS default_has_them,
       next_working_instant('2026-04-30 08:00', 'vn-test') AS received_on_holiday,
       working_time_between('2026-04-27 00:00', '2026-05-04 00:00', 'vn-test') AS week;

-- timers outside office hours: 06:00, lunch, 17:00 sharp, 17:30, Sunday
SELECT t, next_working_instant(t) AS clock_starts,
       add_working_time(t, 2, 'working_hour') AS plus_2h
FROM (VALUES (timestamptz '2026-03-03 06:00'), ('2026-03-03 12:00'), ('2026-03-03 17:00'),
             ('2026-03-03 17:30'), ('2026-03-08 10:00'), ('2026-03-03 16:59:59.5')) v(t)
ORDER BY t;
SELECT working_time_between('2026-03-03 11:00', '2026-03-03 14:00') AS across_lunch,
       working_time_between('2026-03-03 18:00', '2026-03-04 06:00') AS overnight;

-- a multi-day holiday: the 9-day Tết break, 14 to 22 February 2026
SELECT add_working_time('2026-02-13 10:00', 1, 'working_day', 'vn-test') AS before_tet_plus_1d,
       add_working_time('2026-02-16 09:00', 3, 'working_day', 'vn-test') AS received_during_tet,
       add_working_time('2026-02-13 07:00', 15, 'working_day', 'vn-test') AS fifteen_days,
       working_time_between('2026-02-13 00:00', '2026-02-24 00:00', 'vn-test') AS across_tet;

-- a swapped Saturday: Friday 2 January off, Saturday 10 January worked
SELECT add_working_time('2026-01-09 15:00', 1, 'working_day', 'vn-test') AS fri_plus_1d,
       next_working_instant('2026-01-09 17:30', 'vn-test') AS after_friday_closing,
       add_working_time('2026-01-01 15:00', 1, 'working_day', 'vn-test') AS new_year_plus_1d,
       working_time_between('2026-01-05 00:00', '2026-01-12 00:00', 'vn-test') AS six_day_week;

-- calendar days (Civil Code 2015 Art. 147-148): the event's day is not
-- counted; the period ends at 24:00 of its last day, or of the next working
-- day when the last day is a weekend day or a holiday
SELECT add_working_time('2026-03-02 09:00', 3, 'calendar_day') AS end_of_thu,
       add_working_time('2026-03-02 09:00', 5, 'calendar_day') AS sat_to_end_of_mon,
       add_working_time('2026-04-25 09:00', 5, 'calendar_day', 'vn-test') AS holiday_to_end_of_mon,
       add_working_time('2026-03-02 18:00', 1, 'calendar_day') AS time_of_day_ignored,
       add_working_time('2026-03-02 00:00', 1, 'calendar_day') AS from_midnight,
       add_working_time('2026-03-06 10:00', 0, 'calendar_day') AS zero_days;
-- a part of a day is not a period in days
SELECT add_working_time('2026-03-02 09:00', 0.5, 'calendar_day');

-- round trips: working_time_between(a, add_working_time(a, d)) = d for a in
-- working time, and add_working_time is monotone in a and in d
SELECT count(*) AS cases,
       count(*) FILTER (WHERE working_time_between(a, add_working_time(a, h, 'working_hour', 'vn-test'), 'vn-test')
                              <> make_interval(hours => h)) AS round_trip_failures
FROM generate_series(timestamptz '2026-01-01', '2026-03-01', interval '97 minutes') a,
     generate_series(0, 60, 7) h
WHERE next_working_instant(a, 'vn-test') = a;
SELECT count(*) AS not_monotone FROM (
  SELECT a, add_working_time(a, 3, 'working_day', 'vn-test') AS e,
         lag(add_working_time(a, 3, 'working_day', 'vn-test')) OVER (ORDER BY a) AS prev_e
  FROM generate_series(timestamptz '2026-01-01', '2026-03-01', interval '13 minutes') a) s
WHERE e < prev_e;

-- long spans are exact: ten years of weekdays
SELECT working_time_between('2026-01-01', '2036-01-01', 'plain') AS ten_years,
       (SELECT count(*) * 8 FROM generate_series(date '2026-01-01', date '2035-12-31', interval '1 day') d
        WHERE extract(isodow FROM d) < 6) AS hours_by_counting_days,
       add_working_time('2026-01-05 07:00', 2609, 'working_day', 'plain') AS after_2609_days,
       working_time_between('2026-01-01', '2036-01-01') AS ten_years_less_holidays;

-- b <= a gives zero; NULL arguments give NULL (the functions are STRICT)
SELECT working_time_between('2026-03-05 10:00', '2026-03-02 10:00') AS reversed,
       working_time_between('2026-03-05 10:00', '2026-03-05 10:00') AS empty,
       add_working_time(NULL, 1, 'working_day') IS NULL AS null_start,
       add_working_time('2026-03-02', NULL, 'working_day') IS NULL AS null_amount,
       add_working_time('2026-03-02', 1, NULL) IS NULL AS null_unit,
       next_working_instant('2026-03-02', NULL) IS NULL AS null_calendar,
       add_working_time('2026-03-07 10:00', 0, 'working_hour') AS zero_is_next_instant;

-- zone-correct arithmetic in a zone with DST: Berlin changes to summer time
-- on Sunday 2026-03-29 and back on 2026-10-25; office hours stay 08:00-16:00
-- local on both sides, so UTC results move by an hour
INSERT INTO calendar (name, time_zone, office_hours) VALUES
  ('berlin', 'Europe/Berlin', '{{08:00,12:00},{13:00,17:00}}'),
  ('berlin-24h', 'Europe/Berlin', '{{00:00,24:00}}');
UPDATE calendar SET working_weekdays = '{1,2,3,4,5,6,7}' WHERE name = 'berlin-24h';
SET TimeZone = 'UTC';
SELECT add_working_time('2026-03-27 15:00', 2, 'working_hour', 'berlin') AS fri_cet_plus_2h,
       next_working_instant('2026-03-28 12:00', 'berlin') AS monday_opening_cest,
       add_working_time('2026-10-23 14:00', 2, 'working_hour', 'berlin') AS fri_cest_plus_2h,
       working_time_between('2026-03-27 07:00', '2026-03-30 16:00', 'berlin') AS across_spring,
       working_time_between('2026-10-23 06:00', '2026-10-26 17:00', 'berlin') AS across_autumn;
-- a round-the-clock calendar counts wall-clock hours: the 23-hour day of
-- 29 March counts 24 working hours, the 25-hour day of 25 October too
SELECT working_time_between('2026-03-28 23:00', '2026-03-29 22:00', 'berlin-24h') AS spring_day,
       working_time_between('2026-10-24 22:00', '2026-10-25 23:00', 'berlin-24h') AS autumn_day,
       add_working_time('2026-03-28 23:00', 24, 'working_hour', 'berlin-24h') AS spring_plus_24h;
-- the same instant in Ho Chi Minh City: 07:00 there is 00:00 UTC
SELECT next_working_instant('2026-03-02 23:30', 'vn-test') AS hcmc_opening_in_utc;
SET TimeZone = 'Asia/Ho_Chi_Minh';

-- errors: each with its SQLSTATE
SELECT stmt, pg_temp.sqlstate_of(stmt) AS sqlstate
FROM (VALUES
  ($$SELECT dossier.add_working_time('2026-03-02', 1, 'working_day', 'nope')$$),
  ($$SELECT dossier.working_time_between('2026-03-02', '2026-03-03', 'Default')$$),
  ($$SELECT dossier.add_working_time('2026-03-02', -1, 'working_day')$$),
  ($$SELECT dossier.add_working_time('2026-03-02', 36526, 'working_day')$$),
  ($$SELECT dossier.add_working_time('2026-03-02', 876601, 'working_hour')$$),
  ($$SELECT dossier.add_working_time('2026-03-02', 'NaN', 'calendar_day')$$),
  ($$SELECT dossier.add_working_time('2026-03-02', 'Infinity', 'working_hour')$$),
  ($$SELECT dossier.add_working_time('2026-03-02', 1e400, 'working_hour')$$),
  ($$SELECT dossier.add_working_time('2026-03-02', 36525, 'working_day')$$),   -- VN206 on default: reaches 2126
  ($$SELECT dossier.add_working_time('2026-03-02', 36525, 'working_day', 'plain')$$),
  ($$SELECT dossier.add_working_time('infinity', 1, 'working_day')$$),
  ($$SELECT dossier.working_time_between('-infinity', '2026-03-02')$$),
  ($$SELECT dossier.next_working_instant('294000-01-01')$$),
  ($$SELECT dossier.add_working_time('2026-03-02', 1, 'fortnight')$$),
  ($$INSERT INTO dossier.calendar (name, time_zone) VALUES ('x', 'Asia/Hanoi_Typo')$$),
  ($$INSERT INTO dossier.calendar (name, time_zone) VALUES ('x', 'ICT')$$),
  ($$INSERT INTO dossier.calendar (name, office_hours) VALUES ('x', '{}')$$),
  ($$INSERT INTO dossier.calendar (name, office_hours) VALUES ('x', '{07:00,11:30}')$$),
  ($$INSERT INTO dossier.calendar (name, office_hours) VALUES ('x', '{{13:30,17:00},{07:00,11:30}}')$$),
  ($$INSERT INTO dossier.calendar (name, office_hours) VALUES ('x', '{{07:00,12:00},{11:30,17:00}}')$$),
  ($$INSERT INTO dossier.calendar (name, office_hours) VALUES ('x', '{{11:30,07:00}}')$$),
  ($$INSERT INTO dossier.calendar (name, office_hours) VALUES ('x', '{{07:00,NULL}}')$$),
  ($$INSERT INTO dossier.calendar (name, working_weekdays) VALUES ('x', '{1,8}')$$),
  ($$INSERT INTO dossier.calendar (name, working_weekdays) VALUES ('x', '{1,1}')$$),
  ($$INSERT INTO dossier.calendar (name, working_weekdays) VALUES ('x', '{1,NULL}')$$),
  ($$INSERT INTO dossier.calendar (name) VALUES ('')$$),
  ($$UPDATE dossier.calendar SET office_hours = '{{17:00,07:00}}' WHERE name = 'vn-test'$$),
  ($$INSERT INTO dossier.calendar_day VALUES ('nope', '2026-03-02', false)$$),
  ($$INSERT INTO dossier.calendar_day VALUES ('vn-test', 'infinity', false)$$),
  ($$INSERT INTO dossier.calendar_day VALUES ('vn-test', '2026-01-01', true)$$)
) v(stmt)
ORDER BY stmt;

-- the messages, details and hints of the calendar errors
SELECT add_working_time('2026-03-02', 1, 'working_day', 'nope');
SELECT add_working_time('2026-03-02', -1, 'working_day');
SELECT add_working_time('2026-03-02', 36526, 'working_day');
SELECT add_working_time('infinity', 1, 'working_day');
INSERT INTO calendar (name, time_zone) VALUES ('x', 'Asia/Hanoi_Typo');
INSERT INTO calendar (name, office_hours) VALUES ('x', '{{07:00,12:00},{11:30,17:00}}');
INSERT INTO calendar (name, working_weekdays) VALUES ('x', '{0}');

-- a calendar without working time in reach: no weekdays, no working days
INSERT INTO calendar (name, working_weekdays) VALUES ('closed', '{}');
SELECT next_working_instant('2026-03-02 09:00', 'closed');
SELECT pg_temp.sqlstate_of($$SELECT dossier.add_working_time('2026-03-02', 1, 'working_hour', 'closed')$$) AS add,
       working_time_between('2026-03-02', '2027-03-02', 'closed') AS between_is_zero;
-- one listed working day gives exactly one day of working time
INSERT INTO calendar_day VALUES ('closed', '2026-06-07', true, 'open Sunday');
SELECT add_working_time('2026-03-02 09:00', 8, 'working_hour', 'closed') AS uses_the_day,
       pg_temp.sqlstate_of($$SELECT dossier.add_working_time('2026-03-02 09:00', 9, 'working_hour', 'closed')$$) AS one_hour_more;

-- a stored calendar that bypassed the trigger is refused when used (VN204)
ALTER TABLE calendar DISABLE TRIGGER calendar_check;
UPDATE calendar SET office_hours = '{{17:00,07:00}}' WHERE name = 'closed';
ALTER TABLE calendar ENABLE TRIGGER calendar_check;
SELECT next_working_instant('2026-03-02 09:00', 'closed');
DELETE FROM calendar WHERE name = 'closed';

-- the cache follows changes: in this transaction, after a rollback, and
-- after another transaction commits (test/isolation/specs/calendar_cache.spec
-- covers a second session)
SELECT add_working_time('2026-03-10 09:00', 1, 'working_day', 'vn-test') AS before_change;
BEGIN;
INSERT INTO calendar_day VALUES ('vn-test', '2026-03-11', false, 'temporary');
SELECT add_working_time('2026-03-10 09:00', 1, 'working_day', 'vn-test') AS inside_transaction;
ROLLBACK;
SELECT add_working_time('2026-03-10 09:00', 1, 'working_day', 'vn-test') AS after_rollback;
INSERT INTO calendar_day VALUES ('vn-test', '2026-03-11', false, 'committed');
SELECT add_working_time('2026-03-10 09:00', 1, 'working_day', 'vn-test') AS after_commit;
UPDATE calendar_day SET is_working = true WHERE calendar = 'vn-test' AND day = '2026-03-11';
SELECT add_working_time('2026-03-10 09:00', 1, 'working_day', 'vn-test') AS after_update;
SELECT add_working_time('2026-03-10 09:00', 4, 'working_hour', 'vn-test') AS with_lunch_break;
UPDATE calendar SET office_hours = '{{08:00,12:00}}' WHERE name = 'vn-test';
SELECT add_working_time('2026-03-10 09:00', 4, 'working_hour', 'vn-test') AS mornings_only,
       add_working_time('2026-03-10 09:00', 1, 'working_day', 'vn-test') AS day_is_4_hours;
ALTER TABLE calendar RENAME TO calendar_renamed;
SELECT pg_temp.sqlstate_of($$SELECT dossier.next_working_instant('2026-03-10 09:00', 'vn-test')$$) AS table_gone;
ALTER TABLE calendar_renamed RENAME TO calendar;
DELETE FROM calendar_day WHERE calendar = 'vn-test';
SELECT add_working_time('2026-02-13 10:00', 1, 'working_day', 'vn-test') AS holidays_deleted;
INSERT INTO calendar_day VALUES ('vn-test', '2026-02-16', false, 'to be truncated');
SELECT add_working_time('2026-02-13 10:00', 1, 'working_day', 'vn-test') AS monday_off;
CREATE TEMP TABLE installed_days AS SELECT * FROM calendar_day WHERE calendar = 'default';
TRUNCATE calendar_day;
SELECT add_working_time('2026-02-13 10:00', 1, 'working_day', 'vn-test') AS after_truncate;
INSERT INTO calendar_day SELECT * FROM installed_days;
DROP TABLE installed_days;

-- pg_dump keeps users' calendars and days, not the rows CREATE EXTENSION
-- makes: the default row and its statutory holidays
SELECT c.relname, x.cond
FROM pg_extension e, unnest(e.extconfig, e.extcondition) x(oid, cond)
JOIN pg_class c ON c.oid = x.oid
WHERE e.extname = 'dossier' AND c.relname LIKE 'calendar%'
ORDER BY 1;

-- the rows pg_dump would write: users' rows only
CREATE FUNCTION pg_temp.dumped_rows(rel regclass) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  cond text;
  n bigint;
BEGIN
  SELECT x.cond INTO cond
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) x(oid, cond)
  WHERE e.extname = 'dossier' AND x.oid = rel;
  EXECUTE format('SELECT count(*) FROM %s %s', rel, cond) INTO n;
  RETURN n;
END $$;
INSERT INTO calendar_day VALUES ('default', '2026-02-17', false, 'Tết, added by a user'),
                                ('default', '2036-01-01', false, 'after the installed years'),
                                ('vn-test', '2026-01-01', false, 'another calendar');
SELECT (SELECT count(*) FROM calendar) AS calendars, pg_temp.dumped_rows('calendar') AS calendars_dumped,
       (SELECT count(*) FROM calendar_day) AS days, pg_temp.dumped_rows('calendar_day') AS days_dumped;

DELETE FROM calendar WHERE name <> 'default';
DELETE FROM calendar_day WHERE note IN ('Tết, added by a user', 'after the installed years');
SELECT name FROM calendar ORDER BY name;
SELECT count(*) AS installed_days_left FROM calendar_day;
