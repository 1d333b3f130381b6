-- Public holidays of state agencies (docs/reference/calendar/calendar.md,
-- "Public holidays"): computed for any year 1968-2100 from the Labour Code
-- 2019 Art. 112 (src/core/calendar/holidays.c), replaced year by year by the
-- Government's notice once it is loaded.  A calendar with public_holidays
-- takes them, under its own dossier.calendar_day rows.

CREATE FUNCTION dossier.computed_public_holidays(
    year integer,
    OUT day date,
    OUT kind text,
    OUT name_vi text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'dossier_computed_public_holidays'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 13;
COMMENT ON FUNCTION dossier.computed_public_holidays(integer) IS
  'the public holidays of a civil year as the Labour Code 2019 Art. 112 sets them, computed: 1 January, Tết (the last day of the lunar year and the first four of the next), the Hùng Kings'' day (10/3 lunar), 30 April, 1 May, 2 September and 1 September (3 September when the 2nd is a Monday), and a compensatory weekday for each one on a Saturday or Sunday (Art. 111(3)); VN206 outside 1968-2100';

-- The Government's yearly schedule for state agencies (công chức, viên
-- chức): which days of Tết and of National Day, and the working days it
-- swaps.  Rows with shipped = true come with the extension; a notice the
-- DBA loads (shipped = false) takes precedence over a shipped one for the
-- same year, so that a restore never collides with the shipped rows.
CREATE TABLE dossier.holiday_notice (
  year       integer NOT NULL CONSTRAINT holiday_notice_year_check CHECK (year BETWEEN 1968 AND 2100),
  shipped    boolean NOT NULL DEFAULT false,
  reference  text NOT NULL CONSTRAINT holiday_notice_reference_check CHECK (reference <> ''),
  loaded_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
  note       text,
  PRIMARY KEY (year, shipped)
);
COMMENT ON TABLE dossier.holiday_notice IS
  'the Government''s yearly holiday schedule for state agencies, one per year (a DBA-loaded one, shipped = false, takes precedence over the one shipped with the extension); its days are in dossier.holiday_notice_day; load with dossier.load_holiday_notice';
COMMENT ON COLUMN dossier.holiday_notice.year IS 'the civil year the notice covers, 1968-2100';
COMMENT ON COLUMN dossier.holiday_notice.shipped IS 'true: installed with the extension; false: loaded by the DBA';
COMMENT ON COLUMN dossier.holiday_notice.reference IS 'the documents the schedule comes from, e.g. ''Văn bản 9859/VPCP-KGVX ngày 13/10/2025''';
COMMENT ON COLUMN dossier.holiday_notice.loaded_at IS 'when the notice was loaded';
COMMENT ON COLUMN dossier.holiday_notice.note IS 'free remarks';

CREATE TABLE dossier.holiday_notice_day (
  year        integer NOT NULL,
  shipped     boolean NOT NULL,
  day         date NOT NULL,
  is_working  boolean NOT NULL,
  kind        text NOT NULL CONSTRAINT holiday_notice_day_kind_check
                CHECK (kind IN ('new_year', 'tet', 'hung_kings', 'victory', 'labour',
                                'national_day', 'compensatory', 'bridge', 'swapped')),
  note        text,
  PRIMARY KEY (year, shipped, day),
  FOREIGN KEY (year, shipped) REFERENCES dossier.holiday_notice ON DELETE CASCADE,
  CONSTRAINT holiday_notice_day_year_check CHECK (pg_catalog.date_part('year', day) = year)
);
COMMENT ON TABLE dossier.holiday_notice_day IS
  'the days of a yearly notice that depart from Monday-Friday working: days off (holidays, compensatory and bridging days) and swapped working days (a Saturday worked in return)';
COMMENT ON COLUMN dossier.holiday_notice_day.year IS 'the notice''s year';
COMMENT ON COLUMN dossier.holiday_notice_day.shipped IS 'the notice''s shipped flag';
COMMENT ON COLUMN dossier.holiday_notice_day.day IS 'the day';
COMMENT ON COLUMN dossier.holiday_notice_day.is_working IS 'false: a day off; true: a working day (a swapped Saturday)';
COMMENT ON COLUMN dossier.holiday_notice_day.kind IS
  'new_year, tet, hung_kings, victory, labour, national_day, compensatory (Art. 111(3)), bridge (a working day given off in a swap) or swapped (the weekend day worked in return)';
COMMENT ON COLUMN dossier.holiday_notice_day.note IS 'free remarks';

-- The effective public holidays of a year: the year's notice where one is
-- loaded (the DBA's before the shipped one), else the computed holidays.
-- The one place that says which source wins; the view below asks it for
-- every year.
CREATE FUNCTION dossier.public_holidays(year integer)
  RETURNS TABLE (day date, is_working boolean, kind text, source text, reference text, note text)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  notice record;
BEGIN
  IF public_holidays.year < 1968 OR public_holidays.year > 2100 THEN
    RAISE EXCEPTION 'no public holidays for year %', public_holidays.year
      USING ERRCODE = '@ERRCODE_LUNAR_OUT_OF_RANGE@',
            DETAIL = 'Public holidays are kept for the years of the lunar calendar, 1968 to 2100.',
            HINT = 'Ask for a year from 1968 to 2100.';
  END IF;
  SELECT n.shipped, n.reference INTO notice
  FROM dossier.holiday_notice n
  WHERE n.year OPERATOR(pg_catalog.=) public_holidays.year
  ORDER BY n.shipped
  LIMIT 1;
  IF FOUND THEN
    RETURN QUERY
    SELECT d.day, d.is_working, d.kind, 'official'::text, notice.reference, d.note
    FROM dossier.holiday_notice_day d
    WHERE d.year OPERATOR(pg_catalog.=) public_holidays.year
      AND d.shipped OPERATOR(pg_catalog.=) notice.shipped
    ORDER BY d.day;
  ELSE
    RETURN QUERY
    SELECT c.day, false, c.kind, 'computed'::text, 'Labour Code 2019 Art. 112'::text, c.name_vi
    FROM dossier.computed_public_holidays(public_holidays.year) c
    ORDER BY c.day;
  END IF;
END
$$;
COMMENT ON FUNCTION dossier.public_holidays(integer) IS
  'the public holidays of state agencies in a civil year, with their source: official (the year''s notice) or computed (Labour Code 2019 Art. 112); VN206 outside 1968-2100';

CREATE VIEW dossier.public_holiday AS
SELECT h.*
FROM pg_catalog.generate_series(1968, 2100) y(year)
CROSS JOIN LATERAL dossier.public_holidays(y.year) h;
COMMENT ON VIEW dossier.public_holiday IS
  'the public holidays of state agencies for 1968-2100, one row per day that departs from Monday-Friday working: from the year''s notice where one is loaded (source official), else computed from the Labour Code (source computed)';

-- Load (or replace) a year's notice: the days off and the working days it
-- lists, for every Monday-Friday day off and every weekend day worked.
CREATE FUNCTION dossier.load_holiday_notice(
    year integer,
    reference text,
    days_off date[],
    working_days date[] DEFAULT '{}',
    note text DEFAULT NULL)
  RETURNS integer
  LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  y constant integer := load_holiday_notice.year;
  d date;
  n integer;
BEGIN
  IF y IS NULL OR y < 1968 OR y > 2100 THEN
    RAISE EXCEPTION 'no public holidays for year %', y
      USING ERRCODE = '@ERRCODE_LUNAR_OUT_OF_RANGE@',
            DETAIL = 'Public holidays are kept for the years of the lunar calendar, 1968 to 2100.',
            HINT = 'Pass the civil year the notice covers.';
  END IF;
  IF reference IS NULL OR reference = '' OR days_off IS NULL OR working_days IS NULL THEN
    RAISE EXCEPTION 'a holiday notice needs a reference, its days off and its working days'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'The reference names the Government document; the arrays may be empty but not NULL.',
            HINT = 'e.g. dossier.load_holiday_notice(2027, ''Văn bản …/VPCP-KGVX'', ''{2027-01-01,…}'', ''{}'').';
  END IF;
  FOREACH d IN ARRAY days_off || working_days LOOP
    IF d IS NULL OR pg_catalog.date_part('year', d) <> y THEN
      RAISE EXCEPTION 'day % is not in year %', coalesce(d::text, 'NULL'), y
        USING ERRCODE = '@ERRCODE_INVALID_HOLIDAY_NOTICE@',
              DETAIL = 'Every day of a notice lies in the year it covers.',
              HINT = 'Load each year''s notice with its own call.';
    END IF;
  END LOOP;
  IF EXISTS (SELECT 1 FROM unnest(days_off) o JOIN unnest(working_days) w ON o = w)
     OR (SELECT count(*) <> count(DISTINCT x) FROM unnest(days_off || working_days) x) THEN
    RAISE EXCEPTION 'a day is listed twice in the notice for %', y
      USING ERRCODE = '@ERRCODE_INVALID_HOLIDAY_NOTICE@',
            DETAIL = 'A day is either off or worked, once.',
            HINT = 'List each day once, in days_off or in working_days.';
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(days_off) o WHERE pg_catalog.date_part('isodow', o) > 5)
     OR EXISTS (SELECT 1 FROM unnest(working_days) w WHERE pg_catalog.date_part('isodow', w) <= 5) THEN
    RAISE EXCEPTION 'the notice for % lists a weekend day off or a weekday worked', y
      USING ERRCODE = '@ERRCODE_INVALID_HOLIDAY_NOTICE@',
            DETAIL = 'days_off are the Monday-Friday days given off; working_days are the Saturdays or Sundays worked in return.',
            HINT = 'Leave out holidays that fall on a weekend: their compensatory weekday is the day to list.';
  END IF;

  DELETE FROM dossier.holiday_notice h WHERE h.year = y AND NOT h.shipped;
  INSERT INTO dossier.holiday_notice (year, shipped, reference, note)
  VALUES (y, false, load_holiday_notice.reference, load_holiday_notice.note);
  INSERT INTO dossier.holiday_notice_day (year, shipped, day, is_working, kind)
  SELECT y, false, o, false, coalesce(c.kind, 'bridge')
  FROM unnest(days_off) o
  LEFT JOIN dossier.computed_public_holidays(y) c ON c.day = o
  UNION ALL
  SELECT y, false, w, true, 'swapped' FROM unnest(working_days) w;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;
COMMENT ON FUNCTION dossier.load_holiday_notice(integer, text, date[], date[], text) IS
  'load or replace the Government''s holiday schedule of a year for state agencies: every Monday-Friday day off and every weekend day worked in return; it takes precedence over the computed holidays (and over a shipped notice) in every calendar with public_holidays; returns the number of days; VN206 for a year outside 1968-2100, VN207 for a day outside the year, listed twice, a weekend day off or a weekday worked';

-- The notices published for 2024-2026, as the Government's documents fix
-- them for state agencies (Monday-Friday days off, weekend days worked).
INSERT INTO dossier.holiday_notice (year, shipped, reference, loaded_at) VALUES
  (2024, true, 'Thông báo của Bộ Lao động - Thương binh và Xã hội về lịch nghỉ Tết Âm lịch và Quốc khánh năm 2024 (Tết 08/2-14/2, Quốc khánh 02/9-03/9); ý kiến của Thủ tướng Chính phủ về hoán đổi ngày làm việc 29/4/2024 sang thứ Bảy 04/5/2024', '2024-01-01'),
  (2025, true, 'Thông báo của Bộ Lao động - Thương binh và Xã hội về lịch nghỉ Tết Âm lịch, 30/4-1/5 và Quốc khánh năm 2025 (Tết 25/1-02/2, hoán đổi 02/5 sang thứ Bảy 26/4, Quốc khánh 30/8-02/9)', '2025-01-01'),
  (2026, true, 'Văn bản 9859/VPCP-KGVX ngày 13/10/2025 (Tết Âm lịch, Quốc khánh, hoán đổi 31/8); Văn bản 12729/VPCP-KGVX ngày 25/12/2025 (Tết Dương lịch, hoán đổi 2/1)', '2026-01-01');
INSERT INTO dossier.holiday_notice_day (year, shipped, day, is_working, kind, note) VALUES
  (2024, true, '2024-01-01', false, 'new_year', 'Tết Dương lịch'),
  (2024, true, '2024-02-08', false, 'tet', 'Tết Nguyên Đán: 29 tháng Chạp'),
  (2024, true, '2024-02-09', false, 'tet', 'Tết Nguyên Đán: 30 tháng Chạp'),
  (2024, true, '2024-02-12', false, 'tet', 'Tết Nguyên Đán: mùng 3'),
  (2024, true, '2024-02-13', false, 'tet', 'Tết Nguyên Đán: mùng 4'),
  (2024, true, '2024-02-14', false, 'tet', 'Tết Nguyên Đán: mùng 5'),
  (2024, true, '2024-04-18', false, 'hung_kings', 'Giỗ Tổ Hùng Vương'),
  (2024, true, '2024-04-29', false, 'bridge', 'hoán đổi, làm bù thứ Bảy 04/5'),
  (2024, true, '2024-04-30', false, 'victory', 'Ngày Chiến thắng'),
  (2024, true, '2024-05-01', false, 'labour', 'Ngày Quốc tế Lao động'),
  (2024, true, '2024-05-04', true, 'swapped', 'làm bù cho thứ Hai 29/4'),
  (2024, true, '2024-09-02', false, 'national_day', 'Quốc khánh'),
  (2024, true, '2024-09-03', false, 'national_day', 'Quốc khánh, ngày liền kề'),
  (2025, true, '2025-01-01', false, 'new_year', 'Tết Dương lịch'),
  (2025, true, '2025-01-27', false, 'tet', 'Tết Nguyên Đán: 28 tháng Chạp'),
  (2025, true, '2025-01-28', false, 'tet', 'Tết Nguyên Đán: 29 tháng Chạp'),
  (2025, true, '2025-01-29', false, 'tet', 'Tết Nguyên Đán: mùng 1'),
  (2025, true, '2025-01-30', false, 'tet', 'Tết Nguyên Đán: mùng 2'),
  (2025, true, '2025-01-31', false, 'tet', 'Tết Nguyên Đán: mùng 3'),
  (2025, true, '2025-04-07', false, 'hung_kings', 'Giỗ Tổ Hùng Vương'),
  (2025, true, '2025-04-26', true, 'swapped', 'làm bù cho thứ Sáu 02/5'),
  (2025, true, '2025-04-30', false, 'victory', 'Ngày Chiến thắng'),
  (2025, true, '2025-05-01', false, 'labour', 'Ngày Quốc tế Lao động'),
  (2025, true, '2025-05-02', false, 'bridge', 'hoán đổi, làm bù thứ Bảy 26/4'),
  (2025, true, '2025-09-01', false, 'national_day', 'Quốc khánh, ngày liền kề'),
  (2025, true, '2025-09-02', false, 'national_day', 'Quốc khánh'),
  (2026, true, '2026-01-01', false, 'new_year', 'Tết Dương lịch'),
  (2026, true, '2026-01-02', false, 'bridge', 'hoán đổi, làm bù thứ Bảy 10/1'),
  (2026, true, '2026-01-10', true, 'swapped', 'làm bù cho thứ Sáu 02/1'),
  (2026, true, '2026-02-16', false, 'tet', 'Tết Nguyên Đán: 29 tháng Chạp'),
  (2026, true, '2026-02-17', false, 'tet', 'Tết Nguyên Đán: mùng 1'),
  (2026, true, '2026-02-18', false, 'tet', 'Tết Nguyên Đán: mùng 2'),
  (2026, true, '2026-02-19', false, 'tet', 'Tết Nguyên Đán: mùng 3'),
  (2026, true, '2026-02-20', false, 'tet', 'Tết Nguyên Đán: mùng 4'),
  (2026, true, '2026-04-27', false, 'compensatory', 'nghỉ bù Giỗ Tổ Hùng Vương (Chủ nhật 26/4)'),
  (2026, true, '2026-04-30', false, 'victory', 'Ngày Chiến thắng'),
  (2026, true, '2026-05-01', false, 'labour', 'Ngày Quốc tế Lao động'),
  (2026, true, '2026-08-22', true, 'swapped', 'làm bù cho thứ Hai 31/8'),
  (2026, true, '2026-08-31', false, 'bridge', 'hoán đổi, làm bù thứ Bảy 22/8'),
  (2026, true, '2026-09-01', false, 'national_day', 'Quốc khánh, ngày liền kề'),
  (2026, true, '2026-09-02', false, 'national_day', 'Quốc khánh');

-- What the DBA loads is dumped; what the extension ships is made again by
-- CREATE EXTENSION.
SELECT pg_catalog.pg_extension_config_dump('dossier.holiday_notice', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('dossier.holiday_notice_day', 'WHERE NOT shipped');

CREATE TRIGGER holiday_notice_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.holiday_notice
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.calendar_changed();
CREATE TRIGGER holiday_notice_day_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.holiday_notice_day
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.calendar_changed();
