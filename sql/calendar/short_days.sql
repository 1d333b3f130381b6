-- short_days: a commune desk open on Saturday mornings (issue 12 item 4,
-- docs/reference/calendar/calendar.md).  Monday-Friday 07:00-11:30 and
-- 13:30-17:00 (8 h), Saturday 07:30-11:30 (4 h, a short weekday), the public
-- holidays of state agencies, and days of its own in calendar_day.  A week
-- holds 5 x 8 h + 4 h = 44 h; a working_day is still 8 h (the office time of
-- one full day).  Every expected instant is computed by hand in the comment
-- above its query.  2026-03-02 is a Monday.
SET search_path = dossier, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- existing calendars have no short days
SELECT name, short_day_hours, short_weekdays FROM calendar ORDER BY name;

-- to compare with: Monday to Friday only, no public holidays
INSERT INTO calendar (name) VALUES ('mon-fri');

INSERT INTO calendar (name, public_holidays, short_day_hours, short_weekdays, note)
VALUES ('commune-sat', true, '{{07:30,11:30}}', '{6}', 'a commune desk open on Saturday mornings');
INSERT INTO calendar_day (calendar, day, is_working, note) VALUES
  ('commune-sat', '2026-03-10', false, 'local festival'),
  -- the national list holds no weekend day off: the Saturdays of Tết
  -- are closed here by the commune's own rows
  ('commune-sat', '2026-02-14', false, 'Saturday before Tết'),
  ('commune-sat', '2026-02-21', false, 'Saturday after Tết');
SELECT name, office_hours, working_weekdays, short_day_hours, short_weekdays, public_holidays
FROM calendar WHERE name = 'commune-sat';

-- Friday 13:00 + 1 working_day (8 h): the clock starts at 13:30; Friday
-- 13:30-17:00 = 3.5 h (4.5 h left), Saturday 07:30-11:30 = 4 h (0.5 h left),
-- Sunday off, Monday 07:00 + 0.5 h = Monday 2026-03-09 07:30.  Closed on
-- Saturdays (mon-fri), the 4.5 h left take Monday 07:00-11:30: Monday 11:30.
SELECT add_working_time('2026-03-06 13:00', 1, 'working_day', 'commune-sat') AS commune,
       add_working_time('2026-03-06 13:00', 1, 'working_day', 'mon-fri') AS mon_fri;
-- and back: the office time in between is the 8 h added
SELECT working_time_between('2026-03-06 13:00', '2026-03-09 07:30', 'commune-sat');

-- Saturday 10:00 + 2 working hours: Saturday 10:00-11:30 = 1.5 h, Monday
-- 07:00 + 0.5 h = 07:30; + 1.5 h uses up the morning exactly: Saturday 11:30
SELECT add_working_time('2026-03-07 10:00', 2, 'working_hour', 'commune-sat') AS two_hours,
       add_working_time('2026-03-07 10:00', 1.5, 'working_hour', 'commune-sat') AS one_and_a_half;

-- Friday 17:30 -> Saturday 07:30; Saturday 07:00 -> 07:30; Saturday 12:00
-- (the desk is closed on Saturday afternoons) -> Monday 07:00
SELECT next_working_instant('2026-03-06 17:30', 'commune-sat') AS friday_evening,
       next_working_instant('2026-03-07 07:00', 'commune-sat') AS saturday_early,
       next_working_instant('2026-03-07 12:00', 'commune-sat') AS saturday_noon;

-- a local holiday, Tuesday 2026-03-10: Monday 13:00 + 1 working_day: Monday
-- 13:30-17:00 = 3.5 h (4.5 h left), Tuesday off, Wednesday 07:00-11:30 =
-- 4.5 h exactly: Wednesday 2026-03-11 11:30
SELECT add_working_time('2026-03-09 13:00', 1, 'working_day', 'commune-sat');

-- two weeks, 2 to 16 March: 44 h + (44 h - 8 h for the festival) = 80 h
SELECT working_time_between('2026-03-02 00:00', '2026-03-16 00:00', 'commune-sat');

-- 5 working days (40 h) from Monday 07:00 end Friday 17:00, before the
-- Saturday; 10 working days (80 h): week 1 Mon-Sat = 44 h (36 h left),
-- Mon 9 (28 left), Tue 10 off, Wed 11 (20), Thu 12 (12), Fri 13 (4), Saturday
-- 14 07:30 + 4 h uses it up exactly: Saturday 2026-03-14 11:30
SELECT add_working_time('2026-03-02 07:00', 5, 'working_day', 'commune-sat') AS five_days,
       add_working_time('2026-03-02 07:00', 10, 'working_day', 'commune-sat') AS ten_days,
       working_time_between('2026-03-02 07:00', '2026-03-14 11:30', 'commune-sat') AS ten_back;

-- a swapped Saturday of the national list (2026-01-10, worked for the
-- bridged Friday 2 January) is already a short weekday here and keeps the
-- short hours: Friday 9 January 13:00 + 1 working_day: Friday 3.5 h (4.5 h
-- left), Saturday 07:30-11:30 = 4 h (0.5 h left), Monday 12 January 07:30.
-- The default calendar works that Saturday with its full hours: Friday 3.5 h
-- (4.5 h left), Saturday 07:00-11:30 = 4.5 h exactly: Saturday 11:30.
SELECT add_working_time('2026-01-09 13:00', 1, 'working_day', 'commune-sat') AS commune,
       add_working_time('2026-01-09 13:00', 1, 'working_day') AS "default";

-- the public holidays still apply: Thursday 2026-01-01 and the bridged
-- Friday are off, so Wednesday 2025-12-31 13:00 + 1 working_day: Wednesday
-- 3.5 h (4.5 h left), Thu 1 and Fri 2 off, Saturday 3 January 07:30-11:30 =
-- 4 h (0.5 h left), Monday 5 January 07:30
SELECT add_working_time('2025-12-31 13:00', 1, 'working_day', 'commune-sat');

-- Tết 2026 (16-20 February off, both Saturdays closed by the commune):
-- Friday 13 February 10:00 + 1 working_day: Friday 10:00-11:30 and
-- 13:30-17:00 = 5 h (3 h left), 14-22 February off, Monday 23 February
-- 07:00 + 3 h = 10:00, as on the default calendar
SELECT add_working_time('2026-02-13 10:00', 1, 'working_day', 'commune-sat') AS commune,
       add_working_time('2026-02-13 10:00', 1, 'working_day') AS "default";

-- a worked Sunday (not a short weekday) works the full hours: Sunday
-- 2026-03-22 listed as working; Saturday 21 March 10:00 + 1 working_day:
-- Saturday 10:00-11:30 = 1.5 h (6.5 h left), Sunday 07:00-11:30 = 4.5 h
-- (2 h left), 13:30 + 2 h = Sunday 15:30
INSERT INTO calendar_day VALUES ('commune-sat', '2026-03-22', true, 'Sunday service day');
SELECT add_working_time('2026-03-21 10:00', 1, 'working_day', 'commune-sat');
-- and a day off on a Saturday: Saturday 2026-03-28 closed; Friday 27 March
-- 13:00 + 1 working_day: Friday 3.5 h (4.5 h left), Monday 30 March 07:00 +
-- 4.5 h = 11:30
INSERT INTO calendar_day VALUES ('commune-sat', '2026-03-28', false, 'commune meeting');
SELECT add_working_time('2026-03-27 13:00', 1, 'working_day', 'commune-sat');

-- calendar days (Civil Code Art. 148): the last day of 2 calendar days from
-- Thursday 5 March is Saturday 7 March, a working day here: the period ends
-- at its 24:00; on mon-fri the Saturday is a rest day: the end of Monday 9
SELECT add_working_time('2026-03-05 09:00', 2, 'calendar_day', 'commune-sat') AS commune,
       add_working_time('2026-03-05 09:00', 2, 'calendar_day', 'mon-fri') AS mon_fri;

-- a change of the short hours reaches the cache: Saturday 07:30-11:00
-- (3.5 h): Friday 13:00 + 1 working_day: 3.5 h + 3.5 h (1 h left), Monday
-- 07:00 + 1 h = 08:00
UPDATE calendar SET short_day_hours = '{{07:30,11:00}}' WHERE name = 'commune-sat';
SELECT add_working_time('2026-03-06 13:00', 1, 'working_day', 'commune-sat');

-- valid: Friday and Saturday short once Friday is no working weekday;
-- touching intervals and 24:00, as in office_hours
INSERT INTO calendar (name, working_weekdays, short_day_hours, short_weekdays)
VALUES ('z', '{1,2,3,4}', '{{07:30,11:30}}', '{5,6}');
INSERT INTO calendar (name, short_day_hours, short_weekdays)
VALUES ('y', '{{07:30,12:00},{12:00,24:00}}', '{6,7}');
SELECT name FROM calendar WHERE name IN ('x', 'y', 'z') ORDER BY name;
-- Saturday 12:00 + 13 working hours on y: Saturday 12:00-24:00 = 12 h (1 h
-- left), Sunday 07:30 + 1 h = 08:30
SELECT add_working_time('2026-03-07 12:00', 13, 'working_hour', 'y');
DELETE FROM calendar WHERE name IN ('y', 'z');

-- bad inputs: each refused with VN204 (printed after it), a detail of its
-- own and the hint
INSERT INTO calendar (name, short_day_hours, short_weekdays) VALUES ('x', '{{07:30,11:30}}', '{5,6}');
\echo :SQLSTATE
INSERT INTO calendar (name, short_day_hours, short_weekdays) VALUES ('x', '{{13:30,17:00},{07:30,11:30}}', '{6}');
\echo :SQLSTATE
INSERT INTO calendar (name, short_day_hours) VALUES ('x', '{{07:30,11:30}}');
\echo :SQLSTATE
INSERT INTO calendar (name, short_weekdays) VALUES ('x', '{6}');
\echo :SQLSTATE
INSERT INTO calendar (name, short_day_hours, short_weekdays) VALUES ('x', '{{07:30,11:30}}', '{6,8}');
\echo :SQLSTATE
INSERT INTO calendar (name, short_day_hours, short_weekdays) VALUES ('x', '{{11:30,07:30}}', '{6}');
\echo :SQLSTATE
INSERT INTO calendar (name, short_day_hours, short_weekdays) VALUES ('x', '{07:30,11:30}', '{6}');
\echo :SQLSTATE
INSERT INTO calendar (name, short_day_hours, short_weekdays) VALUES ('x', '{{07:30,NULL}}', '{6}');
\echo :SQLSTATE

-- a row stored with the trigger disabled is refused when used, by the C check
ALTER TABLE calendar DISABLE TRIGGER calendar_check;
UPDATE calendar SET short_weekdays = '{5,6}' WHERE name = 'commune-sat';
ALTER TABLE calendar ENABLE TRIGGER calendar_check;
SELECT next_working_instant('2026-03-02 09:00', 'commune-sat');

DELETE FROM calendar WHERE name IN ('commune-sat', 'mon-fri');
SELECT count(*) AS commune_days_left FROM calendar_day WHERE calendar = 'commune-sat';
