-- The Vietnamese lunar calendar (docs/reference/calendar/calendar.md,
-- "Lunar calendar"): to_lunar and from_lunar against published dates, the
-- years the Vietnamese and Chinese calendars part, leap months, and every
-- kind of date that does not exist.
SET client_min_messages = warning;
SET DateStyle = ISO;

-- Tết (1/1) of years the government notices and almanacs print; 1985, 2007
-- and 2030 are the years Vietnam (UTC+7) and China (UTC+8) part
SELECT y, dossier.from_lunar(y, 1, 1) AS tet
FROM unnest(ARRAY[1968, 1985, 2007, 2023, 2024, 2025, 2026, 2030]) y
ORDER BY y;

-- Hùng Kings' day, 10/3 lunar (Labour Code 2019 Art. 112)
SELECT y, dossier.from_lunar(y, 3, 10) AS hung_kings
FROM generate_series(2024, 2027) y ORDER BY y;

-- leap months: 2023 has a leap 2nd month, 2025 a leap 6th
SELECT dossier.from_lunar(2023, 2, 1) AS month2, dossier.from_lunar(2023, 2, 1, true) AS leap_month2,
       dossier.from_lunar(2025, 6, 1, leap => true) AS leap_month6;
SELECT d, (dossier.to_lunar(d)).*
FROM unnest(ARRAY[date '2023-03-21', '2023-03-22', '2025-07-25', '2026-02-16', '2026-02-17',
                  '1968-01-01', '2100-12-31']) d
ORDER BY d;

-- every day of 2025 goes there and back
SELECT count(*) AS days, count(*) FILTER (WHERE back = d) AS round_trips
FROM (SELECT d::date AS d, dossier.from_lunar(l.year, l.month, l.day, l.leap) AS back
      FROM generate_series(date '2025-01-01', date '2025-12-31', interval '1 day') d,
           LATERAL dossier.to_lunar(d::date) l) s;

-- dates that do not exist: VN205
\set VERBOSITY default
SELECT dossier.from_lunar(2024, 2, 1, true);     -- 2024 has no leap month
SELECT dossier.from_lunar(2023, 3, 1, true);     -- 2023's leap month is the 2nd
SELECT dossier.from_lunar(2025, 12, 30);         -- month 12 of Ất Tỵ has 29 days: no 30 Tết
SELECT dossier.from_lunar(2025, 13, 1);
SELECT dossier.from_lunar(2025, 1, 0);
-- outside the range: VN206
SELECT dossier.from_lunar(1900, 1, 1);
SELECT dossier.to_lunar('1967-12-31');
SELECT dossier.to_lunar('2101-01-01');
SELECT dossier.to_lunar('infinity');
-- the codes, for a portal that branches on them
DO $$
BEGIN
  PERFORM dossier.from_lunar(2024, 2, 1, true);
EXCEPTION WHEN SQLSTATE 'VN205' THEN RAISE WARNING 'caught VN205';
END $$;
DO $$
BEGIN
  PERFORM dossier.to_lunar('2101-01-01');
EXCEPTION WHEN SQLSTATE 'VN206' THEN RAISE WARNING 'caught VN206';
END $$;
-- NULL in, NULL out
SELECT dossier.from_lunar(NULL, 1, 1) IS NULL AS null_year, dossier.to_lunar(NULL) IS NULL AS null_date;
