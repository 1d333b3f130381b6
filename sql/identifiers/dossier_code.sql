-- dossier_code: the dossier code agency-YYMMDD-sequence, its order, and the
-- allocator next_dossier_code (concurrency: test/isolation/specs/
-- dossier_code_allocation.spec)
\set SHOW_CONTEXT never
SET search_path = dossier, public;
SET DateStyle = 'ISO, YMD';

-- the SQLSTATE a statement raises, or 'ok'
CREATE FUNCTION pg_temp.sqlstate_of(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE stmt;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

-- valid input, canonical output (agency part kept as written), accessors
SELECT input, input::dossier_code AS code, agency(input::dossier_code),
       reception_date(input::dossier_code), sequence(input::dossier_code)
FROM (VALUES ('000.17.22.H56-210531-0001'), ('H56.22.17-210531-0001'),
             ('h56.22.17-210531-0042'), ('  G06-240229-9999 '), ('G06.01-000229-10000'),
             ('G06.01-991231-999999999999999999'), ('000.00.17.H56-250701-AB0001'),
             ('000.00.17.h56-250701-zz9999')) v(input)
ORDER BY input;

-- invalid input: each with its detail and hint
SELECT ''::dossier_code;
SELECT 'H56-210531'::dossier_code;
SELECT 'H56-210531-0001-2'::dossier_code;
SELECT '000.17.00.H56-210531-0001'::dossier_code;
SELECT 'H56.1-210531-0001'::dossier_code;
SELECT 'H56-210231-0001'::dossier_code;
SELECT 'H56-230229-0001'::dossier_code;
SELECT 'H56-21053-0001'::dossier_code;
SELECT 'H56-21O531-0001'::dossier_code;
SELECT 'H56-210531-001'::dossier_code;
SELECT 'H56-210531-00001'::dossier_code;
SELECT 'H56-210531-0000'::dossier_code;
SELECT 'H56-210531-AB000'::dossier_code;
SELECT 'H56-210531-1000000000000000000'::dossier_code;
SELECT 'H56-210531-0001á'::dossier_code;
-- long and binary input: a clear error, clipped echo, no crash
SELECT repeat('H56-', 250000)::dossier_code;
SELECT E'H56-210531-\x01\x7f'::text::dossier_code;
SELECT pg_temp.sqlstate_of($$SELECT 'x'::dossier.dossier_code$$);
SELECT NULL::dossier_code IS NULL AS null_is_null;

-- casts
SELECT 'h56-210531-0001'::text::dossier_code AS from_text,
       'H56-210531-0001'::dossier_code::text AS to_text,
       'H56-210531-0001'::varchar::dossier_code AS from_varchar,
       'H56-210531-0001'::dossier_code::varchar AS to_varchar;

-- equality is byte equality: two spellings of one agency are two codes
SELECT a = b AS same_code, agency(a) = agency(b) AS same_agency, a < b AS legacy_first
FROM (VALUES ('000.17.22.H56-210531-0001'::dossier_code,
              'H56.22.17-210531-0001'::dossier_code)) v(a, b);

-- order: agency part bytes, date, then sequence by value, digit sequences
-- before the lettered AAXXXX ones
SELECT c FROM (VALUES ('000.17.22.H56-210531-10000'::dossier_code),
                      ('000.17.22.H56-210531-9999'), ('000.17.22.H56-210531-0002'),
                      ('000.17.22.H56-210531-AB0001'), ('000.17.22.H56-210531-AA0002'),
                      ('000.17.22.H56-210601-0001'), ('000.17.22.H56-210531-100000'),
                      ('H56.22-200101-0001'), ('H56-210531-0001'),
                      ('H56.22.17-210531-0001')) v(c)
ORDER BY c;
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne, a >= b AS ge, a > b AS gt,
       dossier_code_cmp(a, b) AS cmp
FROM (VALUES ('H56-210531-9999'::dossier_code, 'H56-210531-10000'::dossier_code),
             ('H56-210531-AA0001', 'H56-210531-99999'),
             ('H56-210531-0001', 'h56-210531-0001'),
             ('H56-211231-0001', 'H56-220101-0001')) v(a, b)
ORDER BY a, b;

-- make_dossier_code: the legacy form of the agency when it names the same
-- agency, else the modern form
SELECT agency, legacy, make_dossier_code(agency, '2021-05-31', 1, legacy) AS code
FROM (VALUES ('H56.22.17'::agency_code), ('H56'), ('H56.22.17.001'), ('H56.22.17.01'),
             ('H56.22.17.001.01'), ('H56.123'), ('H56.22.17.G06')) a(agency),
     (VALUES (true), (false)) l(legacy)
ORDER BY agency, legacy;
SELECT make_dossier_code('H56.22.17', '2021-05-31', 12345) AS five_digits,
       make_dossier_code('H56.22.17', '2000-01-01', 999999999999999999) AS largest,
       agency(make_dossier_code('H56.22.17.01', '2021-05-31', 7)) = 'H56.22.17.01' AS agency_kept;
SELECT make_dossier_code('H56', '1999-12-31', 1);
SELECT make_dossier_code('H56', '2100-01-01', 1);
SELECT make_dossier_code('H56', 'infinity', 1);
SELECT make_dossier_code('H56', '2021-05-31', 0);
SELECT make_dossier_code('H56', '2021-05-31', 1000000000000000000);
SELECT pg_temp.sqlstate_of($$SELECT dossier.make_dossier_code('H56', '1999-12-31', 1)$$) AS early,
       pg_temp.sqlstate_of($$SELECT dossier.make_dossier_code('H56', '2021-05-31', -1)$$) AS negative;

-- btree and hash indexes; the btree order is the documented one
CREATE TABLE dossier_demo (code dossier_code PRIMARY KEY, note text);
INSERT INTO dossier_demo
SELECT make_dossier_code(a, d, s, l), 'seq ' || s
FROM (VALUES ('H56.22.17'::agency_code, true), ('H56.22.17', false), ('G06.01', true),
             ('H56.22.17.01', true)) a(a, l),
     (SELECT d::date FROM generate_series(timestamp '2021-05-30', '2021-06-02', '1 day') d) d(d),
     (VALUES (1), (2), (9), (10), (99), (9999), (10000), (10001), (123456)) s(s);
INSERT INTO dossier_demo VALUES ('000.17.22.H56-210531-AB0001', 'lettered'),
                                ('000.17.22.H56-210531-AA0002', 'lettered');
CREATE INDEX dossier_demo_hash ON dossier_demo USING hash (code);
VACUUM ANALYZE dossier_demo;
SELECT count(*), count(DISTINCT code) FROM dossier_demo;
-- the order of the index equals the order of (agency text in bytes, date,
-- lettered, length, sequence text)
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT code FROM dossier_demo ORDER BY code;
CREATE TEMP TABLE by_index AS
SELECT row_number() OVER () AS n, code FROM (SELECT code FROM dossier_demo ORDER BY code) s;
RESET enable_seqscan;
RESET enable_bitmapscan;
CREATE TEMP TABLE by_rule AS
SELECT row_number() OVER (ORDER BY split_part(code::text, '-', 1) COLLATE "C",
                                   split_part(code::text, '-', 2),
                                   split_part(code::text, '-', 3) ~ '^[A-Z]',
                                   length(split_part(code::text, '-', 3)),
                                   split_part(code::text, '-', 3) COLLATE "C") AS n, code
FROM dossier_demo;
SELECT count(*) AS rows, count(*) FILTER (WHERE i.code = r.code) AS same_position
FROM by_index i JOIN by_rule r USING (n);
SELECT code FROM dossier_demo
WHERE code BETWEEN '000.17.22.H56-210531-9999' AND '000.17.22.H56-210531-AB0001' ORDER BY code;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT note FROM dossier_demo WHERE code = '000.17.22.H56-210531-0009';
SELECT note FROM dossier_demo WHERE code = '000.17.22.h56-210531-0009';
RESET enable_seqscan;
SELECT dossier_code_hash('H56-210531-0001') = hashtext('H56-210531-0001') AS hash_is_text_hash,
       dossier_code_hash_extended('H56-210531-0001', 7) = hashtextextended('H56-210531-0001', 7)
         AS hash_ext_is_text_hash;
SET enable_mergejoin = off; SET enable_nestloop = off;
SELECT count(*) FROM dossier_demo a JOIN dossier_demo b USING (code);
RESET enable_mergejoin; RESET enable_nestloop;
SELECT agency(code), count(*) FROM dossier_demo GROUP BY 1 ORDER BY 1;
INSERT INTO dossier_demo VALUES ('000.17.22.H56-210531-0001', 'duplicate');

-- binary I/O: COPY BINARY round trip (through a file in the data directory,
-- which goes away with the test server); only canonical text is accepted
SELECT current_setting('data_directory') || '/dossier_regress_dossier_code.bin' AS binfile \gset
COPY dossier_demo TO :'binfile' (FORMAT binary);
CREATE TABLE dossier_copy (LIKE dossier_demo);
COPY dossier_copy FROM :'binfile' (FORMAT binary);
SELECT count(*) FROM dossier_copy JOIN dossier_demo USING (code, note);
CREATE TABLE dossier_raw (code text, note text);
INSERT INTO dossier_raw VALUES ('h56-210531-0001', 'lower case');
COPY dossier_raw TO :'binfile' (FORMAT binary);
COPY dossier_copy FROM :'binfile' (FORMAT binary);
TRUNCATE dossier_raw; INSERT INTO dossier_raw VALUES ('H56-210231-0001', 'no such day');
COPY dossier_raw TO :'binfile' (FORMAT binary);
COPY dossier_copy FROM :'binfile' (FORMAT binary);
SELECT count(*) FROM dossier_copy;

-- the allocator: one sequence per agency (either spelling) and day, written
-- with the legacy agency form when it names the same agency
SELECT next_dossier_code('000.17.22.H56', '2021-05-31') AS first,
       next_dossier_code('H56.22.17', '2021-05-31') AS second,
       next_dossier_code('H56.22.17', '2021-06-01') AS next_day,
       next_dossier_code('H56.22', '2021-05-31') AS parent_agency,
       next_dossier_code('H56.22.17.001.01', '2021-05-31') AS deep_agency;
SELECT agency, day, last_value FROM dossier_code_counter
WHERE agency <@ 'H56' ORDER BY agency, day;
-- the default day is today in Vietnam time
SELECT reception_date(next_dossier_code('G06.01'))
       = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS today_in_vietnam;
-- a rolled-back allocation hands its number out again: no gap
BEGIN;
SELECT next_dossier_code('H56.22.17', '2021-05-31') AS rolled_back;
ROLLBACK;
SELECT next_dossier_code('H56.22.17', '2021-05-31') AS reused;
BEGIN;
SAVEPOINT s;
SELECT next_dossier_code('H56.22.17', '2021-05-31') AS rolled_back_to_savepoint;
ROLLBACK TO SAVEPOINT s;
SELECT next_dossier_code('H56.22.17', '2021-05-31') AS reused_in_transaction;
COMMIT;
-- NULL arguments: 22004 with detail and hint, not a silent NULL
SELECT next_dossier_code(NULL);
SELECT next_dossier_code('H56.22.17', NULL);
SELECT pg_temp.sqlstate_of($$SELECT dossier.next_dossier_code(NULL, '2021-05-31')$$);
-- a day a code cannot carry: 22008, and nothing is counted
SELECT next_dossier_code('H56.22.17', '1999-12-31');
SELECT count(*) FROM dossier_code_counter WHERE day < '2000-01-01';
-- an exhausted sequence: 2200H; the one before the last still works
UPDATE dossier_code_counter SET last_value = 999999999999999998
WHERE agency = 'H56.22' AND day = '2021-05-31';
SELECT next_dossier_code('H56.22', '2021-05-31') AS last_one;
SELECT next_dossier_code('H56.22', '2021-05-31');
SELECT pg_temp.sqlstate_of($$SELECT dossier.next_dossier_code('H56.22', '2021-05-31')$$);
-- the counter is extension configuration that pg_dump keeps
-- (other parts register their own tables: look for this one)
SELECT c::regclass AS dumped_config
FROM pg_extension e, unnest(e.extconfig) c
WHERE e.extname = 'dossier' AND c = 'dossier.dossier_code_counter'::regclass;

DELETE FROM dossier_code_counter WHERE agency <@ 'H56' OR agency <@ 'G06';
DROP TABLE dossier_demo, dossier_copy, dossier_raw;

-- regression: the planner's subtree bound once was the invalid value 'H56/',
-- which next_dossier_code truncated into H56's own codes.  The bound is now
-- the greatest valid code under H56: its codes are its own.
SELECT dossier.next_dossier_code('H56', '2026-01-05') AS root_code,
       dossier.next_dossier_code(dossier.agency_code_subtree_max('H56'), '2026-01-05') AS max_code;
SELECT count(*) AS codes, count(DISTINCT dossier.make_dossier_code(agency, day, last_value)) AS distinct_codes
FROM dossier.dossier_code_counter WHERE day = '2026-01-05';
DELETE FROM dossier.dossier_code_counter WHERE day = '2026-01-05';
