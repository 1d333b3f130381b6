-- Working-time calendars and deadline arithmetic (docs/domain.md §3, issue 3
-- item 5).  A calendar is a time zone, office hours shared by every working
-- day, a weekly pattern of working weekdays, optionally short weekdays with
-- their own hours (a commune desk open on Saturday mornings, issue 12 item
-- 4), and days that depart from it (holidays off, swapped Saturdays on).  The arithmetic is in C
-- (src/core/calendar/worktime.c); the tables are read once per backend and cached,
-- and a statement trigger on each table invalidates that cache in every
-- backend when the transaction that changed them commits
-- (docs/reference/calendar/calendar.md).

CREATE TABLE dossier.calendar (
  name             text PRIMARY KEY CONSTRAINT calendar_name_check CHECK (name <> ''),
  time_zone        text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
  office_hours     time[] NOT NULL DEFAULT '{{07:00,11:30},{13:30,17:00}}',
  working_weekdays int[] NOT NULL DEFAULT '{1,2,3,4,5}',
  public_holidays  boolean NOT NULL DEFAULT false,
  note             text,
  short_day_hours  time[],
  short_weekdays   int[] NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE dossier.calendar IS
  'working-time calendars: time zone, office hours and working weekdays; days that depart from the weekly pattern are in dossier.calendar_day';
COMMENT ON COLUMN dossier.calendar.name IS 'calendar name, passed to the calendar functions; ''default'' is installed with the extension';
COMMENT ON COLUMN dossier.calendar.time_zone IS
  'IANA time zone the office hours are read in, one of pg_timezone_names (Asia/Ho_Chi_Minh)';
COMMENT ON COLUMN dossier.calendar.office_hours IS
  'office hours of every working day as [open, close] pairs, sorted and non-overlapping: {{07:00,11:30},{13:30,17:00}}; 24:00 closes at midnight';
COMMENT ON COLUMN dossier.calendar.working_weekdays IS
  'ISO weekdays that are working days, 1 = Monday .. 7 = Sunday; may be empty when every working day is listed in calendar_day';
COMMENT ON COLUMN dossier.calendar.public_holidays IS
  'true: the public holidays of state agencies apply (dossier.public_holiday: the year''s official notice where loaded, else computed from the Labour Code 2019 Art. 112), under the calendar''s own dossier.calendar_day rows; working time on it is then kept within 1968-2100';
COMMENT ON COLUMN dossier.calendar.note IS 'free remarks, e.g. the decision that sets the office hours';
COMMENT ON COLUMN dossier.calendar.short_day_hours IS
  'office hours of the short weekdays, pairs like office_hours: {{07:30,11:30}} for a Saturday morning; NULL when the calendar has no short weekdays';
COMMENT ON COLUMN dossier.calendar.short_weekdays IS
  'ISO weekdays that are working days with short_day_hours instead of office_hours, disjoint from working_weekdays; a working day listed in calendar_day on one of them also works short_day_hours';

CREATE TABLE dossier.calendar_day (
  calendar   text NOT NULL REFERENCES dossier.calendar (name) ON UPDATE CASCADE ON DELETE CASCADE,
  day        date NOT NULL CONSTRAINT calendar_day_finite CHECK (isfinite(day)),
  is_working boolean NOT NULL,
  note       text,
  PRIMARY KEY (calendar, day)
);
COMMENT ON TABLE dossier.calendar_day IS
  'days that depart from a calendar''s weekly pattern: public holidays and bridged days off (is_working false), swapped working days such as a Saturday (is_working true)';
COMMENT ON COLUMN dossier.calendar_day.calendar IS 'the calendar the day belongs to';
COMMENT ON COLUMN dossier.calendar_day.day IS 'the local date';
COMMENT ON COLUMN dossier.calendar_day.is_working IS
  'true: a working day with the hours of its weekday (short_day_hours on a short weekday, else office_hours); false: a day off';
COMMENT ON COLUMN dossier.calendar_day.note IS 'why, e.g. ''Tết Nguyên Đán'' or ''làm bù cho ngày 02/01''';

-- Checks a calendar row; errors carry SQLSTATE VN204 with a detail and a hint.
CREATE FUNCTION dossier.calendar_check() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  hint constant text :=
    'Office hours are [open, close] pairs in order, e.g. ''{{07:00,11:30},{13:30,17:00}}''; weekdays are 1 (Monday) to 7 (Sunday).';
  oh time[] := NEW.office_hours;
  n int;
  close_at interval;
  prev_close interval;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names z
                 WHERE z.name OPERATOR(pg_catalog.=) NEW.time_zone) THEN
    RAISE EXCEPTION 'unknown time zone "%" for calendar "%"', NEW.time_zone, NEW.name
      USING ERRCODE = '@ERRCODE_INVALID_CALENDAR@',
            DETAIL = 'The time zone must be one of the names in pg_timezone_names.',
            HINT = 'Use an IANA name such as Asia/Ho_Chi_Minh.';
  END IF;
  IF array_ndims(oh) IS DISTINCT FROM 2 OR array_length(oh, 2) <> 2 THEN
    RAISE EXCEPTION 'invalid office hours for calendar "%"', NEW.name
      USING ERRCODE = '@ERRCODE_INVALID_CALENDAR@',
            DETAIL = format('The office hours %s are not a list of [open, close] pairs.', oh),
            HINT = hint;
  END IF;
  n := array_length(oh, 1);
  IF n > 16 THEN
    RAISE EXCEPTION 'invalid office hours for calendar "%"', NEW.name
      USING ERRCODE = '@ERRCODE_INVALID_CALENDAR@',
            DETAIL = format('There are %s intervals, at most 16 are allowed.', n),
            HINT = hint;
  END IF;
  FOR i IN 1..n LOOP
    IF oh[i][1] IS NULL OR oh[i][2] IS NULL THEN
      RAISE EXCEPTION 'invalid office hours for calendar "%"', NEW.name
        USING ERRCODE = '@ERRCODE_INVALID_CALENDAR@',
              DETAIL = format('Interval %s has a NULL bound.', i), HINT = hint;
    END IF;
    -- 24:00 is the end of the day, 00:00 its start
    close_at := oh[i][2] - time '00:00';
    IF close_at <= oh[i][1] - time '00:00' THEN
      RAISE EXCEPTION 'invalid office hours for calendar "%"', NEW.name
        USING ERRCODE = '@ERRCODE_INVALID_CALENDAR@',
              DETAIL = format('Interval %s (%s-%s) does not close after it opens.', i, oh[i][1], oh[i][2]),
              HINT = hint;
    END IF;
    IF prev_close IS NOT NULL AND oh[i][1] - time '00:00' < prev_close THEN
      RAISE EXCEPTION 'invalid office hours for calendar "%"', NEW.name
        USING ERRCODE = '@ERRCODE_INVALID_CALENDAR@',
              DETAIL = format('Interval %s opens at %s, before interval %s closes at %s.',
                              i, oh[i][1], i - 1, oh[i - 1][2]),
              HINT = hint;
    END IF;
    prev_close := close_at;
  END LOOP;
  IF array_ndims(NEW.working_weekdays) > 1
     OR EXISTS (SELECT 1 FROM unnest(NEW.working_weekdays) d WHERE d IS NULL OR d < 1 OR d > 7)
     OR (SELECT count(*) <> count(DISTINCT d) FROM unnest(NEW.working_weekdays) d) THEN
    RAISE EXCEPTION 'invalid working weekdays for calendar "%"', NEW.name
      USING ERRCODE = '@ERRCODE_INVALID_CALENDAR@',
            DETAIL = format('The weekdays %s are not distinct numbers from 1 to 7.', NEW.working_weekdays),
            HINT = hint;
  END IF;
  -- short weekdays and their hours (checked after the rest, in a block of
  -- its own, so that the errors above keep their line numbers)
  DECLARE
    sh time[] := NEW.short_day_hours;
    sw int[] := NEW.short_weekdays;
    msg text := format('invalid short days for calendar "%s"', NEW.name);
    short_hint constant text :=
      'A short weekday works short_day_hours instead of office_hours, e.g. short_weekdays ''{6}'' with short_day_hours ''{{07:30,11:30}}''; it is not also a working weekday.';
    bad text;
  BEGIN
    IF sw IS NULL OR array_ndims(sw) > 1
       OR EXISTS (SELECT 1 FROM unnest(sw) d WHERE d IS NULL OR d < 1 OR d > 7)
       OR (SELECT count(*) <> count(DISTINCT d) FROM unnest(sw) d) THEN
      bad := format('The short weekdays %s are not distinct numbers from 1 to 7.', sw);
    ELSIF sw && NEW.working_weekdays THEN
      bad := format('The weekdays %s are both working weekdays and short weekdays; a weekday has one set of office hours.',
                    ARRAY(SELECT d FROM unnest(sw) d WHERE d = ANY (NEW.working_weekdays) ORDER BY d));
    ELSIF sh IS NULL AND cardinality(sw) > 0 THEN
      bad := format('The short weekdays %s have no short_day_hours.', sw);
    ELSIF sh IS NOT NULL AND cardinality(sw) = 0 THEN
      bad := format('The short_day_hours %s belong to no weekday: short_weekdays is empty.', sh);
    ELSIF sh IS NOT NULL AND (array_ndims(sh) IS DISTINCT FROM 2 OR array_length(sh, 2) <> 2
                              OR array_length(sh, 1) > 16) THEN
      bad := format('The short_day_hours %s are not a list of at most 16 [open, close] pairs.', sh);
    ELSIF sh IS NOT NULL THEN
      -- the first pair with a NULL bound, not closing after it opens, or
      -- opening before the pair before it closes (24:00 ends the day)
      SELECT CASE
               WHEN o IS NULL OR c IS NULL THEN format('Short-day interval %s has a NULL bound.', i)
               WHEN c <= o THEN format('Short-day interval %s (%s-%s) does not close after it opens.', i, o, c)
               ELSE format('Short-day interval %s opens at %s, before interval %s closes at %s.', i, o, i - 1, pc)
             END
        INTO bad
        FROM (SELECT i, sh[i][1] - time '00:00' AS o, sh[i][2] - time '00:00' AS c,
                     lag(sh[i][2] - time '00:00') OVER (ORDER BY i) AS pc
                FROM generate_subscripts(sh, 1) i) p
       WHERE o IS NULL OR c IS NULL OR c <= o OR o < pc
       ORDER BY i LIMIT 1;
    END IF;
    IF bad IS NOT NULL THEN
      RAISE EXCEPTION '%', msg
        USING ERRCODE = '@ERRCODE_INVALID_CALENDAR@', DETAIL = bad, HINT = short_hint;
    END IF;
  END;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION dossier.calendar_check() IS
  'trigger: refuses a calendar with an unknown time zone, office hours or short-day hours that are not sorted non-overlapping pairs within a day, weekdays outside 1..7, a weekday both working and short, or short weekdays without short-day hours or the reverse (SQLSTATE VN204)';

CREATE TRIGGER calendar_check BEFORE INSERT OR UPDATE ON dossier.calendar
  FOR EACH ROW EXECUTE FUNCTION dossier.calendar_check();

-- Invalidate the backend caches of calendars when either table changes.
CREATE FUNCTION dossier.calendar_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'calendar_changed'
LANGUAGE C PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.calendar_changed() IS
  'trigger: marks the calendars cached by every backend stale once the changing transaction commits (and in its own backend at once)';

CREATE TRIGGER calendar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.calendar
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.calendar_changed();
CREATE TRIGGER calendar_day_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.calendar_day
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.calendar_changed();

INSERT INTO dossier.calendar (name, public_holidays, note) VALUES
  ('default', true, 'Vietnamese state offices: Monday to Friday, 07:00-11:30 and 13:30-17:00, Asia/Ho_Chi_Minh, with the public holidays of state agencies (dossier.public_holiday); add local days off and swapped days to dossier.calendar_day');

-- The default calendar row created by CREATE EXTENSION is left out of
-- pg_dump, since a restore creates it again and would collide; changes to
-- it are not dumped.  Every day users add is.
SELECT pg_catalog.pg_extension_config_dump('dossier.calendar', 'WHERE name <> ''default''');
SELECT pg_catalog.pg_extension_config_dump('dossier.calendar_day', '');

CREATE FUNCTION dossier.add_working_time(start timestamptz, amount numeric,
                                         unit dossier.duration_unit,
                                         calendar text DEFAULT 'default')
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'calendar_add_working_time'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.add_working_time(timestamptz, numeric, dossier.duration_unit, text) IS
  'due instant of a duration started at start: working_hour and working_day (= the calendar''s office time of one day, 8 h by default) count office hours only, from the next working instant; calendar_day adds whole local days, and an end outside working time moves to the next working instant';

CREATE FUNCTION dossier.working_time_between(a timestamptz, b timestamptz,
                                             calendar text DEFAULT 'default')
RETURNS interval
AS 'MODULE_PATHNAME', 'calendar_working_time_between'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.working_time_between(timestamptz, timestamptz, text) IS
  'office time of the calendar between a and b, as an interval of hours (8 h per default working day); 0 when b <= a';

CREATE FUNCTION dossier.next_working_instant(t timestamptz, calendar text DEFAULT 'default')
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'calendar_next_working_instant'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.next_working_instant(timestamptz, text) IS
  'the first instant at or after t inside office hours of a working day: t itself, the next opening the same day, or the first opening of the next working day';
