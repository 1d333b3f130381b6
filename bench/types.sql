-- bench/types.sql: the identifier types against bigint and text, 1 M values.
--
-- For each type: (1) input parsing, as a text -> type cast over 1 M rows
-- (the same I/O-conversion path bigint's cast takes), (2) COPY of the same
-- 1 M values into an unlogged table, and (3) the size of a btree index.
-- Each figure is a median of 5 runs (11 interleaved rounds for parsing); the ratio is against the baseline
-- measured in the same run.  Goals (issue 2): citizen_id and tax_code parse
-- within 1.5x of int8 and index no larger than int8; an agency subtree query
-- is a btree range scan.
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SET search_path = dossier, public;

-- wall time of one run of a statement, in ms
CREATE FUNCTION pg_temp.run_ms(stmt text) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
  started timestamptz := clock_timestamp();
BEGIN
  EXECUTE stmt;
  RETURN (extract(epoch FROM clock_timestamp() - started) * 1000)::numeric;
END $$;

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
  RETURN (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r)::numeric, 1)
          FROM unnest(runs) r);
END $$;

-- one row per type: the 1 M values as text, and the baseline type
CREATE TEMP TABLE sample (kind text, baseline text, v text);
INSERT INTO sample   -- personal IDs: province, century/gender, year, serial
SELECT 'citizen_id', 'int8',
       lpad((i % 96 + 1)::text, 3, '0') || (i % 4)::text || lpad((i / 4 % 100)::text, 2, '0')
       || lpad((i % 1000000)::text, 6, '0')
FROM generate_series(1, 1000000) i;
INSERT INTO sample   -- tax codes with a correct check digit, 1 in 10 a branch
-- (branches written as 13 digits without the dash, which tax_code accepts, so
-- that int8 parses exactly the same strings)
SELECT 'tax_code', 'int8', d || (10 - r)::text || CASE WHEN i % 10 = 0 THEN lpad((i % 999 + 1)::text, 3, '0') ELSE '' END
FROM (SELECT i, d, (31 * substr(d, 1, 1)::int + 29 * substr(d, 2, 1)::int + 23 * substr(d, 3, 1)::int
                  + 19 * substr(d, 4, 1)::int + 17 * substr(d, 5, 1)::int + 13 * substr(d, 6, 1)::int
                  + 7 * substr(d, 7, 1)::int + 5 * substr(d, 8, 1)::int + 3 * substr(d, 9, 1)::int) % 11 AS r
      FROM (SELECT i, lpad((10000000 + i * 7)::text, 9, '0') AS d
            FROM generate_series(1, 1120000) i) g) s
WHERE r <> 0
LIMIT 1000000;
INSERT INTO sample   -- agency codes of depth 2 to 4 under 25 x 100 level-1 codes
SELECT 'agency_code', 'text',
       chr(65 + i % 25) || lpad((i / 25 % 100)::text, 2, '0')
       || '.' || lpad((i / 2500 % 99 + 1)::text, 2, '0')
       || CASE WHEN i % 3 > 0 THEN '.' || lpad((i / 247500 % 9 + 1)::text, 2, '0') ELSE '' END
       || CASE WHEN i % 3 = 2 THEN '.' || lpad((i % 7 + 1)::text, 2, '0') ELSE '' END
FROM generate_series(1, 1000000) i;
INSERT INTO sample   -- procedure codes, half with a local suffix
SELECT 'procedure_code', 'text',
       '1.' || lpad((i % 999999 + 1)::text, 6, '0') || CASE WHEN i % 2 = 0 THEN '.000.00.00.H56' ELSE '' END
FROM generate_series(1, 1000000) i;
INSERT INTO sample   -- dossier codes: legacy agency form, a date in 2025, a sequence
SELECT 'dossier_code', 'text',
       '000.00.' || lpad((i % 99 + 1)::text, 2, '0') || '.H56-'
       || to_char(date '2025-01-01' + (i / 99 % 365), 'YYMMDD') || '-' || lpad((i % 9999 + 1)::text, 4, '0')
FROM generate_series(1, 1000000) i;
ANALYZE sample;

CREATE TEMP TABLE result (kind text, measure text, type_value numeric, baseline_value numeric,
                          ratio numeric);

-- (1) parsing: the text -> type cast against the same values cast to the
-- baseline, each kind in a table of its own.  The three statements (a plain
-- count(v) scan, the type, the baseline) run in turn in each of 11 rounds, so
-- that the machine's drift hits all three alike; figures are medians, and the
-- ratios are medians of the per-round ratios.  Net = minus the scan: the cost
-- of the input functions alone (shown against int8 only, since varchar(64)
-- merely checks a length).
CREATE TEMP TABLE parse_round (kind text, scan numeric, t numeric, b numeric);
DO $$
DECLARE k record;
BEGIN
  FOR k IN SELECT DISTINCT kind, baseline FROM sample ORDER BY kind LOOP
    EXECUTE format('CREATE TEMP TABLE only_%s AS SELECT v FROM sample WHERE kind = %L', k.kind, k.kind);
    EXECUTE format('ANALYZE only_%s', k.kind);
    FOR r IN 1..11 LOOP
      INSERT INTO parse_round VALUES (k.kind,
        pg_temp.run_ms(format('SELECT count(v) FROM only_%s', k.kind)),
        pg_temp.run_ms(format('SELECT count(v::dossier.%s) FROM only_%s', k.kind, k.kind)),
        pg_temp.run_ms(format('SELECT count(v::%s) FROM only_%s',
                              CASE WHEN k.baseline = 'int8' THEN 'int8' ELSE 'varchar(64)' END, k.kind)));
    END LOOP;
  END LOOP;
END $$;
CREATE TEMP TABLE parse_ratio AS
SELECT p.kind,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t)::numeric, 1) AS t,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY b)::numeric, 1) AS b,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t / b)::numeric, 2) AS ratio,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t - scan)::numeric, 1) AS t_net,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY b - scan)::numeric, 1) AS b_net,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY (t - scan) / nullif(b - scan, 0))::numeric, 2) AS ratio_net
FROM parse_round p GROUP BY p.kind;

-- (2) COPY of the same values into an unlogged table of the type and of the baseline
DO $$
DECLARE k record;
BEGIN
  FOR k IN SELECT DISTINCT kind, baseline FROM sample ORDER BY kind LOOP
    EXECUTE format('COPY (SELECT v FROM sample WHERE kind = %L) TO %L',
                   k.kind, '/tmp/dossier_bench_' || k.kind || '.txt');
    EXECUTE format('CREATE UNLOGGED TABLE copy_t (v dossier.%s)', k.kind);
    EXECUTE format('CREATE UNLOGGED TABLE copy_b (v %s)', k.baseline);
    INSERT INTO result VALUES (k.kind, 'COPY 1M (ms)',
      pg_temp.median_ms(format('TRUNCATE copy_t; COPY copy_t FROM %L', '/tmp/dossier_bench_' || k.kind || '.txt')),
      pg_temp.median_ms(format('TRUNCATE copy_b; COPY copy_b FROM %L', '/tmp/dossier_bench_' || k.kind || '.txt')));
    -- (3) btree index size on the loaded values
    CREATE INDEX ON copy_t (v);
    CREATE INDEX ON copy_b (v);
    INSERT INTO result VALUES (k.kind, 'btree size (MB)',
      round(pg_indexes_size('copy_t') / 1048576.0, 1), round(pg_indexes_size('copy_b') / 1048576.0, 1));
    DROP TABLE copy_t, copy_b;
  END LOOP;
END $$;

INSERT INTO result
SELECT kind, 'parse 1M (ms)', t, b, ratio FROM parse_ratio
UNION ALL
SELECT p.kind, 'parse 1M net of scan (ms)', t_net, b_net, ratio_net
FROM parse_ratio p JOIN (SELECT DISTINCT kind, baseline FROM sample) s USING (kind)
WHERE s.baseline = 'int8';

\echo
\echo Identifier types vs their baseline (medians; ratio = type / baseline)
SELECT r.kind AS type, r.measure, s.baseline, r.type_value AS type, r.baseline_value AS baseline_fig,
       coalesce(r.ratio, round(r.type_value / nullif(r.baseline_value, 0), 2)) AS ratio
FROM result r JOIN (SELECT DISTINCT kind, baseline FROM sample) s USING (kind)
ORDER BY r.kind, r.measure DESC;
\echo (baseline: int8 for the integer-backed types; varchar(64), which only checks length, for the text-backed ones)

-- (4) an agency subtree query on 1 M codes uses a btree range scan
CREATE TABLE agency_bench (code dossier.agency_code);
INSERT INTO agency_bench SELECT v::dossier.agency_code FROM sample WHERE kind = 'agency_code';
CREATE INDEX agency_bench_code ON agency_bench (code);
ANALYZE agency_bench;
\echo
\echo Subtree query on 1 M agency codes
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT count(*) FROM agency_bench WHERE code <@ 'H56.17';
SELECT pg_temp.median_ms('SELECT count(*) FROM agency_bench WHERE code <@ ''H56.17''') AS subtree_ms,
       pg_temp.median_ms('SELECT count(*) FROM agency_bench WHERE code::text LIKE ''H56.17%''') AS like_seqscan_ms;
