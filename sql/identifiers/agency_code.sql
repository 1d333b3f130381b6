-- agency_code: agency electronic ID (Decision 20/2020/QĐ-TTg, amended by
-- 09/2025/QĐ-TTg), the legacy QCVN 102:2016 form, the hierarchy operators and
-- their btree range scans
SET search_path = dossier, public;

-- the SQLSTATE a statement raises, or 'ok'
CREATE FUNCTION pg_temp.sqlstate_of(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE stmt;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

-- valid input in both forms, the canonical output and the accessors
SELECT input, input::agency_code AS code, level(input::agency_code),
       parent(input::agency_code), legacy_form(input::agency_code)
FROM (VALUES ('G06'), ('G06.01'), ('H56.17.22'), ('h56.22.17'), (' H56.17 '),
             ('000.00.17.H56'), ('000.17.22.H56'), ('000.00.00.H56'),
             ('001.17.22.H56'), ('000.17.22.h56')) v(input)
ORDER BY code, input;
-- a 35-character code has 11 levels; it has no legacy form
SELECT c, length(c::text), level(c)
FROM (VALUES ('H56.123.456.78.90.12.34.56.78.90.12'::agency_code)) v(c);
-- ancestors: NULL when deeper than the code
SELECT l, ancestor('H56.22.17.001', l) FROM generate_series(1, 5) l ORDER BY l;
-- a 2-character level-4 group is padded in the legacy form, which then names
-- the code with the padded group
SELECT legacy_form('H56.22.17.01'), legacy_form('H56.22.17.01')::agency_code;

-- invalid input: each with its detail and the hint showing both forms
SELECT ''::agency_code;
SELECT 'H56.1'::agency_code;
SELECT 'H56.1234'::agency_code;
SELECT 'H56..17'::agency_code;
SELECT 'H56.00'::agency_code;
SELECT 'Z01.17'::agency_code;
SELECT '17.22.H56'::agency_code;
SELECT '000.17.00.H56'::agency_code;
SELECT '001.00.17.H56'::agency_code;
SELECT '00.00.17.H56'::agency_code;
SELECT '000.00.17.Z56'::agency_code;
SELECT 'H56-17'::agency_code;
SELECT 'H56.1á'::agency_code;
SELECT 'H56.123.456.78.90.12.34.56.78.90.123'::agency_code;
-- long and binary input: a clear error, clipped echo, no crash
SELECT repeat('H56.', 250000)::agency_code;
SELECT E'H56\x01\x7f'::text::agency_code;
SELECT pg_temp.sqlstate_of($$SELECT 'x'::dossier.agency_code$$);
SELECT NULL::agency_code IS NULL AS null_is_null;

-- legacy_form of codes it cannot hold: 22023, with its own hint
SELECT legacy_form('H56.22.17.01.02');
SELECT legacy_form('H56.123');
SELECT legacy_form('H56.12.345');
SELECT legacy_form('H56.22.17.G06');
SELECT pg_temp.sqlstate_of($$SELECT dossier.legacy_form('H56.123')$$);
-- ancestor level below 1: 22023
SELECT ancestor('H56.22', 0);
SELECT pg_temp.sqlstate_of($$SELECT dossier.ancestor('H56.22', -1)$$);

-- casts to and from text and varchar; assignment from text
SELECT 'h56.22'::text::agency_code AS from_text, 'H56.22'::agency_code::text = 'H56.22' AS to_text,
       '000.00.22.H56'::varchar::agency_code AS from_varchar,
       'H56.22'::agency_code::varchar AS to_varchar;

-- comparison: byte order, '.' below every other character
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne, a >= b AS ge, a > b AS gt,
       agency_code_cmp(a, b) AS cmp
FROM (VALUES ('H56'::agency_code, 'H56.17'::agency_code),
             ('H56.17.22', 'H56.170'),
             ('H56.17', '000.00.17.H56'),
             ('H56.18', 'H56.17.ZZZ'),
             ('G06.01', 'H56')) v(a, b)
ORDER BY a, b;
-- <@ (is under) and @> (contains): a code is under itself and its ancestors,
-- never under a code that is only a string prefix
SELECT a, b, a <@ b AS a_under_b, b @> a AS b_contains_a, a @> b AS a_contains_b
FROM (VALUES ('H56.22.17'::agency_code, 'H56'::agency_code),
             ('H56.22.17', 'H56.22'),
             ('H56.22.17', 'H56.22.17'),
             ('H56.220', 'H56.22'),
             ('H56', 'H56.22'),
             ('G06.01', 'H56')) v(a, b)
ORDER BY a, b;

-- a table of 4,550 codes: 50 level-1 codes, 10 units under each, 8 under each unit
CREATE TABLE agency_demo (code agency_code PRIMARY KEY, name text NOT NULL);
INSERT INTO agency_demo
SELECT c, 'agency ' || c FROM (
  SELECT chr(65 + p % 25) || lpad((p % 100)::text, 2, '0') FROM generate_series(0, 49) p
  UNION ALL
  SELECT chr(65 + p % 25) || lpad((p % 100)::text, 2, '0') || '.' || lpad(d::text, 2, '0')
  FROM generate_series(0, 49) p, generate_series(1, 10) d
  UNION ALL
  SELECT chr(65 + p % 25) || lpad((p % 100)::text, 2, '0') || '.' || lpad(d::text, 2, '0')
         || '.' || lpad(w::text, 2, '0')
  FROM generate_series(0, 49) p, generate_series(1, 10) d, generate_series(1, 8) w) s(c);
CREATE INDEX agency_demo_hash ON agency_demo USING hash (code);
VACUUM ANALYZE agency_demo;
SELECT count(*), count(DISTINCT code),
       (SELECT code FROM agency_demo ORDER BY code LIMIT 1) AS first,
       (SELECT code FROM agency_demo ORDER BY code DESC LIMIT 1) AS last
FROM agency_demo;

-- the planner turns <@ and @> with a constant into an exact btree range:
-- Index Cond with >= and <, and no Filter
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM agency_demo WHERE code <@ 'H07.03';
EXPLAIN (COSTS OFF) SELECT * FROM agency_demo WHERE 'H07.03' @> code;
EXPLAIN (COSTS OFF) SELECT code FROM agency_demo WHERE code <@ 'H07' ORDER BY code;
SELECT code FROM agency_demo WHERE code <@ 'H07.03' ORDER BY code;
SELECT count(*) FROM agency_demo WHERE code <@ 'H07';
SELECT count(*) FROM agency_demo WHERE 'H07' @> code;
-- a legacy literal is the same code
SELECT count(*) FROM agency_demo WHERE code <@ '000.00.03.H07';
-- ancestors of a code (col @> X): a lossy range [level1(X), X], rechecked
EXPLAIN (COSTS OFF) SELECT * FROM agency_demo WHERE code @> 'H07.03.05';
SELECT code FROM agency_demo WHERE code @> 'H07.03.05' ORDER BY code;
SELECT code FROM agency_demo WHERE 'H07.03.05' <@ code ORDER BY code;
-- the top of a subtree's key range is the greatest valid code under it, a
-- value like any other: it re-reads from text and lies in the subtree
SELECT agency_code_subtree_max('H56') AS max_h56,
       agency_code_subtree_max('H56')::text::agency_code <@ 'H56' AS under,
       agency_code_subtree_max('H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.Z1') AS full_length,
       length(agency_code_subtree_max('H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.11.22.33')::text) AS len;
-- a parameter of a generic plan: the upper bound is agency_code_subtree_max($1)
PREPARE under(agency_code) AS SELECT count(*) FROM agency_demo WHERE code <@ $1;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE under('H07.03');
EXECUTE under('H07.03');
EXECUTE under('000.00.03.H07');
RESET plan_cache_mode;
DEALLOCATE under;
-- the outer side of a nested loop: a parameterised range scan
CREATE TEMP TABLE agency_root (root agency_code);
INSERT INTO agency_root
SELECT code FROM agency_demo WHERE level(code) <= 2
UNION ALL VALUES ('H07.99'::agency_code), ('Y99'), ('A00.01.01'), ('H07.03.05');
ANALYZE agency_root;
EXPLAIN (COSTS OFF)
SELECT r.root, count(d.code) FROM agency_root r JOIN agency_demo d ON d.code <@ r.root
GROUP BY r.root;
CREATE TEMP TABLE by_index AS
SELECT r.root, count(d.code) AS n, array_agg(d.code ORDER BY d.code)::text AS codes
FROM agency_root r LEFT JOIN agency_demo d ON d.code <@ r.root GROUP BY r.root;
CREATE TEMP TABLE by_index_const AS
SELECT 'H07.03'::agency_code AS root, count(*) AS n FROM agency_demo WHERE code <@ 'H07.03'
UNION ALL SELECT 'H07', count(*) FROM agency_demo WHERE 'H07' @> code
UNION ALL SELECT 'H07.03.05', count(*) FROM agency_demo WHERE code @> 'H07.03.05';
-- the same queries by sequential scans: the results must be equal
SET enable_seqscan = on;
SET enable_indexscan = off;
SET enable_indexonlyscan = off;
EXPLAIN (COSTS OFF)
SELECT r.root, count(d.code) FROM agency_root r JOIN agency_demo d ON d.code <@ r.root
GROUP BY r.root;
CREATE TEMP TABLE by_seqscan AS
SELECT r.root, count(d.code) AS n, array_agg(d.code ORDER BY d.code)::text AS codes
FROM agency_root r LEFT JOIN agency_demo d ON d.code <@ r.root GROUP BY r.root;
CREATE TEMP TABLE by_seqscan_const AS
SELECT 'H07.03'::agency_code AS root, count(*) AS n FROM agency_demo WHERE code <@ 'H07.03'
UNION ALL SELECT 'H07', count(*) FROM agency_demo WHERE 'H07' @> code
UNION ALL SELECT 'H07.03.05', count(*) FROM agency_demo WHERE code @> 'H07.03.05';
RESET enable_indexscan;
RESET enable_indexonlyscan;
RESET enable_bitmapscan;
SELECT (SELECT count(*) FROM by_index) AS roots,
       (SELECT sum(n) FROM by_index) AS rows_by_index,
       (SELECT sum(n) FROM by_seqscan) AS rows_by_seqscan,
       (SELECT count(*) FROM (TABLE by_index EXCEPT TABLE by_seqscan) d) AS only_by_index,
       (SELECT count(*) FROM (TABLE by_seqscan EXCEPT TABLE by_index) d) AS only_by_seqscan;
SELECT i.root, i.n AS by_index, s.n AS by_seqscan
FROM by_index_const i JOIN by_seqscan_const s USING (root) ORDER BY i.root;
-- every root's count is what the generator implies: 1 + 10 * 9 at level 1,
-- 9 at level 2, 0 for roots that are not in the table
SELECT level(root), n, count(*) FROM by_index GROUP BY 1, 2 ORDER BY 1, 2;

-- only the default btree order makes a subtree a range: an index in another
-- order (here reversed) gets no Index Cond, and the answer stays right; the
-- function-call form gets the range like the operator
CREATE FUNCTION public.agency_code_regress_rev_cmp(a agency_code, b agency_code) RETURNS int
  LANGUAGE sql IMMUTABLE STRICT AS 'SELECT dossier.agency_code_cmp(b, a)';
CREATE OPERATOR CLASS public.agency_code_regress_rev_ops FOR TYPE agency_code USING btree AS
  OPERATOR 1 >, OPERATOR 2 >=, OPERATOR 3 =, OPERATOR 4 <=, OPERATOR 5 <,
  FUNCTION 1 public.agency_code_regress_rev_cmp(agency_code, agency_code);
CREATE TABLE agency_rev (code agency_code);
INSERT INTO agency_rev SELECT code FROM agency_demo;
CREATE INDEX agency_rev_idx ON agency_rev (code public.agency_code_regress_rev_ops);
VACUUM ANALYZE agency_rev;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM agency_rev WHERE code <@ 'H07';
SELECT count(*) FROM agency_rev WHERE code <@ 'H07';
EXPLAIN (COSTS OFF) SELECT count(*) FROM agency_demo WHERE agency_code_is_under(code, 'H07');
RESET enable_bitmapscan;
DROP TABLE agency_rev;
DROP OPERATOR FAMILY public.agency_code_regress_rev_ops USING btree;
DROP FUNCTION public.agency_code_regress_rev_cmp(agency_code, agency_code);

-- hash index, hash join, sort, DISTINCT
EXPLAIN (COSTS OFF) SELECT name FROM agency_demo WHERE code = 'H07.03.05';
SELECT name FROM agency_demo WHERE code = '000.05.03.H07';
RESET enable_seqscan;
SELECT agency_code_hash('H56.17') = hashtext('H56.17') AS hash_is_text_hash,
       agency_code_hash_extended('H56.17', 7) = hashtextextended('H56.17', 7) AS hash_ext_is_text_hash;
SET enable_mergejoin = off; SET enable_nestloop = off;
SELECT count(*) FROM agency_demo a JOIN agency_demo b USING (code);
RESET enable_mergejoin; RESET enable_nestloop;
SELECT count(*) FROM (SELECT DISTINCT parent(code) FROM agency_demo) s;
SELECT code FROM agency_demo ORDER BY code DESC LIMIT 3;
-- the primary key sees legacy and modern spellings as one code
INSERT INTO agency_demo VALUES ('000.05.03.H07', 'duplicate');

-- binary I/O: COPY BINARY round trip (through a file in the data directory,
-- which goes away with the test server); only canonical text is accepted
SELECT current_setting('data_directory') || '/dossier_regress_agency_code.bin' AS binfile \gset
COPY agency_demo TO :'binfile' (FORMAT binary);
CREATE TABLE agency_copy (LIKE agency_demo);
COPY agency_copy FROM :'binfile' (FORMAT binary);
SELECT count(*) FROM agency_copy JOIN agency_demo USING (code, name);
-- text's binary form is agency_code's: non-canonical or invalid text is refused
CREATE TABLE agency_raw (code text, name text);
INSERT INTO agency_raw VALUES ('h56.17', 'lower case');
COPY agency_raw TO :'binfile' (FORMAT binary);
COPY agency_copy FROM :'binfile' (FORMAT binary);
TRUNCATE agency_raw; INSERT INTO agency_raw VALUES ('000.00.17.H56', 'legacy form');
COPY agency_raw TO :'binfile' (FORMAT binary);
COPY agency_copy FROM :'binfile' (FORMAT binary);
TRUNCATE agency_raw; INSERT INTO agency_raw VALUES ('H56.17/', 'range bound');
COPY agency_raw TO :'binfile' (FORMAT binary);
COPY agency_copy FROM :'binfile' (FORMAT binary);
TRUNCATE agency_raw; INSERT INTO agency_raw VALUES ('H56.17', 'canonical');
COPY agency_raw TO :'binfile' (FORMAT binary);
COPY agency_copy FROM :'binfile' (FORMAT binary);
SELECT count(*) FROM agency_copy;

DROP TABLE agency_demo, agency_copy, agency_raw;
