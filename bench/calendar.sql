-- bench/calendar.sql: cost per call of the calendar functions (issue 3,
-- "report the cost of the calendar functions per call").
--
-- 100k calls each of dossier.add_working_time and dossier.working_time_between
-- on a calendar with ten years of public holidays and swapped Saturdays,
-- against baselines measured in the same run: (1) the scan alone, (2) plain
-- timestamptz + interval arithmetic (the cost floor of any function call
-- returning a timestamp), (3) a plain SQL working_time_between that expands
-- the days with generate_series, skips weekends and holidays and sums the
-- office-hour overlaps (10k calls; its cost grows with the span).  Each
-- figure is the median of 5 runs; per-call figures are net of the scan.
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET search_path = dossier, public;

-- median wall time of a statement over reps runs, in ms
CREATE FUNCTION pg_temp.median_ms(stmt text, reps int DEFAULT 5) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
  started timestamptz;
  runs numeric[] := '{}';
BEGIN
  FOR i IN 1..reps LOOP
    started := clock_timestamp();
    EXECUTE stmt;
    runs := runs || (extract(epoch FROM clock_timestamp() - started) * 1000)::numeric;
  END LOOP;
  RETURN (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r)::numeric, 2)
          FROM unnest(runs) r);
END $$;

-- a calendar like default with 2026-2035 holidays: New Year, 9 days of Tết,
-- 30 April, 1 May, 2 September, and a swapped Saturday each year
DELETE FROM calendar WHERE name = 'bench';
INSERT INTO calendar (name) VALUES ('bench');
INSERT INTO calendar_day (calendar, day, is_working)
SELECT DISTINCT ON (d) 'bench', d, w
FROM (SELECT make_date(y, 1, 1) AS d, false AS w FROM generate_series(2026, 2035) y
      UNION ALL
      SELECT make_date(y, 2, 10) + k, false FROM generate_series(2026, 2035) y, generate_series(0, 8) k
      UNION ALL
      SELECT make_date(y, m, dd), false FROM generate_series(2026, 2035) y,
             (VALUES (4, 30), (5, 1), (9, 2)) md(m, dd)
      UNION ALL
      SELECT make_date(y, 3, 1) + (6 - extract(isodow FROM make_date(y, 3, 1))::int + 7) % 7, true
      FROM generate_series(2026, 2035) y) s
ORDER BY d;

-- 100k receipts spread over 2026-2027 at any hour, durations of 1-30 working days
CREATE TEMP TABLE sample AS
SELECT timestamptz '2026-01-01' + (i * 7919 % 1051200) * interval '1 minute' AS t,
       (1 + i % 30)::numeric AS days
FROM generate_series(1, 100000) i;
CREATE TEMP TABLE sample10k AS SELECT * FROM sample LIMIT 10000;
ANALYZE sample, sample10k;

-- plain SQL working time between a and b: day by day over the span
CREATE FUNCTION pg_temp.sql_between(a timestamptz, b timestamptz) RETURNS interval
LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(greatest(interval '0',
           least(b, (d + o.close) AT TIME ZONE 'Asia/Ho_Chi_Minh')
           - greatest(a, (d + o.open) AT TIME ZONE 'Asia/Ho_Chi_Minh'))), interval '0')
  FROM generate_series((a AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::timestamp,
                       (b AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::timestamp, interval '1 day') d,
       (VALUES (time '07:00', time '11:30'), (time '13:30', time '17:00')) o(open, close)
  WHERE (extract(isodow FROM d) < 6
         AND NOT EXISTS (SELECT 1 FROM dossier.calendar_day c
                         WHERE c.calendar = 'bench' AND c.day = d::date AND NOT c.is_working))
     OR EXISTS (SELECT 1 FROM dossier.calendar_day c
                WHERE c.calendar = 'bench' AND c.day = d::date AND c.is_working)
$$;

-- the due dates the between-benchmarks measure up to, computed once
CREATE TEMP TABLE due AS
SELECT t, add_working_time(t, days, 'working_day', 'bench') AS e FROM sample;
CREATE TEMP TABLE due10k AS SELECT * FROM due LIMIT 10000;
ANALYZE due, due10k;

-- correctness check of the baseline against the C function (prints a count)
SELECT count(*) AS checked,
       count(*) FILTER (WHERE pg_temp.sql_between(t, e) <> working_time_between(t, e, 'bench')) AS disagreements
FROM (SELECT * FROM due10k LIMIT 2000) s;

-- warm the calendar cache
SELECT next_working_instant(now(), 'bench') IS NOT NULL AS warmed;

CREATE TEMP TABLE figures (what text, calls int, ms numeric);
INSERT INTO figures VALUES
  ('scan 100k', 100000, pg_temp.median_ms($$SELECT count(t) FROM sample$$)),
  ('timestamptz + interval', 100000,
   pg_temp.median_ms($$SELECT count(t + days * interval '8 hours') FROM sample$$)),
  ('add_working_time working_day', 100000,
   pg_temp.median_ms($$SELECT count(add_working_time(t, days, 'working_day', 'bench')) FROM sample$$)),
  ('add_working_time working_hour', 100000,
   pg_temp.median_ms($$SELECT count(add_working_time(t, days, 'working_hour', 'bench')) FROM sample$$)),
  ('add_working_time calendar_day', 100000,
   pg_temp.median_ms($$SELECT count(add_working_time(t, days, 'calendar_day', 'bench')) FROM sample$$)),
  ('add_working_time 10 years', 100000,
   pg_temp.median_ms($$SELECT count(add_working_time(t, 2500, 'working_day', 'bench')) FROM sample$$)),
  ('next_working_instant', 100000,
   pg_temp.median_ms($$SELECT count(next_working_instant(t, 'bench')) FROM sample$$)),
  ('scan due 100k', 100000, pg_temp.median_ms($$SELECT count(e) FROM due$$)),
  ('timestamptz - timestamptz', 100000, pg_temp.median_ms($$SELECT count(e - t) FROM due$$)),
  ('working_time_between', 100000,
   pg_temp.median_ms($$SELECT count(working_time_between(t, e, 'bench')) FROM due$$)),
  ('scan due 10k', 10000, pg_temp.median_ms($$SELECT count(e) FROM due10k$$)),
  ('plain SQL working time between', 10000,
   pg_temp.median_ms($$SELECT count(pg_temp.sql_between(t, e)) FROM due10k$$, 3));

-- across Tết and the year end (issue 12): the default calendar takes the
-- public holidays (the Government's notice for 2025-2026, 1861 rows over
-- 1968-2100) against the bench calendar, whose Tết and New Year are plain
-- calendar_day rows as a deployment had to list them before
CREATE TEMP TABLE sample_tet AS
SELECT timestamptz '2026-02-06 07:00' + (i * 7919 % 14400) * interval '1 minute' AS t,
       (1 + i % 5)::numeric AS days
FROM generate_series(1, 100000) i;
CREATE TEMP TABLE sample_year_end AS
SELECT timestamptz '2025-12-22 07:00' + (i * 7919 % 14400) * interval '1 minute' AS t,
       (1 + i % 5)::numeric AS days
FROM generate_series(1, 100000) i;
ANALYZE sample_tet, sample_year_end;
SELECT next_working_instant(now()) IS NOT NULL AS warmed_default;
INSERT INTO figures VALUES
  ('scan tet 100k', 100000, pg_temp.median_ms($$SELECT count(t) FROM sample_tet$$)),
  ('across Tết, default (public holidays)', 100000,
   pg_temp.median_ms($$SELECT count(add_working_time(t, days, 'working_day')) FROM sample_tet$$)),
  ('across Tết, bench (listed days)', 100000,
   pg_temp.median_ms($$SELECT count(add_working_time(t, days, 'working_day', 'bench')) FROM sample_tet$$)),
  ('scan year end 100k', 100000, pg_temp.median_ms($$SELECT count(t) FROM sample_year_end$$)),
  ('across the year end, default (public holidays)', 100000,
   pg_temp.median_ms($$SELECT count(add_working_time(t, days, 'working_day')) FROM sample_year_end$$)),
  ('across the year end, bench (listed days)', 100000,
   pg_temp.median_ms($$SELECT count(add_working_time(t, days, 'working_day', 'bench')) FROM sample_year_end$$));

-- per call, net of the scan of the same table
CREATE TEMP VIEW per_call AS
SELECT f.what, f.calls, f.ms,
       round((f.ms - s.ms) * 1000 / f.calls, 3) AS us_per_call
FROM figures f
JOIN figures s ON s.what = CASE WHEN f.what IN ('working_time_between', 'timestamptz - timestamptz') THEN 'scan due 100k'
                                WHEN f.what = 'plain SQL working time between' THEN 'scan due 10k'
                                WHEN f.what LIKE 'across Tết%' THEN 'scan tet 100k'
                                WHEN f.what LIKE 'across the year end%' THEN 'scan year end 100k'
                                ELSE 'scan 100k' END
WHERE f.what NOT LIKE 'scan%';
SELECT what, calls, ms AS median_ms, us_per_call FROM per_call ORDER BY what;

-- ratios
SELECT round(a.us_per_call / nullif(b.us_per_call, 0), 1) AS add_working_time_vs_interval_addition,
       round(c.us_per_call / nullif(d.us_per_call, 0), 1) AS between_vs_timestamptz_minus,
       round(e.us_per_call / nullif(c.us_per_call, 0), 1) AS plain_sql_between_vs_c
FROM per_call a, per_call b, per_call c, per_call d, per_call e
WHERE a.what = 'add_working_time working_day' AND b.what = 'timestamptz + interval'
  AND c.what = 'working_time_between' AND d.what = 'timestamptz - timestamptz'
  AND e.what = 'plain SQL working time between';

SELECT round(a.us_per_call / nullif(b.us_per_call, 0), 2) AS tet_public_holidays_vs_listed_days,
       round(c.us_per_call / nullif(d.us_per_call, 0), 2) AS year_end_public_holidays_vs_listed_days
FROM per_call a, per_call b, per_call c, per_call d
WHERE a.what = 'across Tết, default (public holidays)' AND b.what = 'across Tết, bench (listed days)'
  AND c.what = 'across the year end, default (public holidays)'
  AND d.what = 'across the year end, bench (listed days)';

DELETE FROM calendar WHERE name = 'bench';
