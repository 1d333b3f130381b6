-- procedure_code: administrative procedure code (mã TTHC), docs/domain.md §4
-- Tables are named pc_* and dropped at the end: all suites share one database.
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

-- valid input, canonical output, accessors
SELECT code, is_local(code), national_code(code), local_suffix(code)
FROM (VALUES ('1.000656'::procedure_code), ('1.000656.000.00.00.H56'), ('2.001234'),
             ('3.000123.000.00.17.H56'), ('1.000656.H56'), (E' \t1.000656.G06.01\n')) v(code)
ORDER BY code;
-- lower-case suffix letters are upper-cased: one value, however it is typed
SELECT '1.000656.000.00.00.h56'::procedure_code AS lower_case_input,
       '1.000656.000.00.00.h56'::procedure_code = '1.000656.000.00.00.H56' AS same_value;
-- the longest code: 64 characters
SELECT length(('1.000656.' || repeat('A', 55))::procedure_code::text) AS max_length;

-- invalid input: each class with its detail and hint
SELECT '0.000656'::procedure_code;
SELECT '1,000656'::procedure_code;
SELECT '1.00065A'::procedure_code;
SELECT '1.00065'::procedure_code;
SELECT '1.0006567'::procedure_code;
SELECT '1.000656.'::procedure_code;
SELECT '1.000656.H56.'::procedure_code;
SELECT '1.000656..H56'::procedure_code;
SELECT '1.000656.000..00.H56'::procedure_code;
SELECT '1.000656.H-56'::procedure_code;
SELECT '1.000656.ĐT'::procedure_code;
SELECT ('1.000656.' || repeat('A', 56))::procedure_code;
SELECT ''::procedure_code;
-- long, control and non-ASCII input: a clear error, clipped echo, no crash
SELECT ('1.000656.' || repeat('A', 1000000))::procedure_code;
SELECT repeat('9', 1000000)::procedure_code;
SELECT E'\x01\x02\x7f'::text::procedure_code;
SELECT E'1.000656.H56\x01'::text::procedure_code;
SELECT '１.000656'::procedure_code;
SELECT 'Mã TTHC 1.000656'::procedure_code;
SELECT pg_temp.sqlstate_of($$SELECT 'x'::dossier.procedure_code$$);
SELECT pg_temp.sqlstate_of($$SELECT '1.000656.'::dossier.procedure_code$$);
SELECT NULL::procedure_code IS NULL AS null_is_null;

-- casts to and from text and varchar, explicit and by assignment
SELECT '1.000656.H56'::procedure_code::text = '1.000656.H56' AS to_text,
       '1.000656.H56'::procedure_code::varchar = '1.000656.H56' AS to_varchar,
       ('1.000656.h56'::text)::procedure_code = '1.000656.H56'::procedure_code AS from_text,
       ('1.000656.h56'::varchar)::procedure_code = '1.000656.H56'::procedure_code AS from_varchar;
CREATE TABLE pc_cast (code procedure_code, label varchar(64), note text);
INSERT INTO pc_cast VALUES ('1.000656'::text, '1.000656.H56'::procedure_code, '2.001234'::procedure_code);
INSERT INTO pc_cast (code) VALUES ('1.000656.g06'::varchar);
INSERT INTO pc_cast (code) VALUES ('1.000656.'::text);
SELECT code, label, note FROM pc_cast ORDER BY code;

-- comparison operators: byte order of the canonical text, then length, so a
-- national code sorts right before its local variants
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne, a >= b AS ge, a > b AS gt,
       procedure_code_cmp(a, b) AS cmp
FROM (VALUES ('1.000656'::procedure_code, '1.000656.000.00.00.H56'::procedure_code),
             ('1.000656.000.00.00.H56', '1.000656.000.00.00.H57'),
             ('1.000656.ZZZ', '1.000657'),
             ('1.000656.H56', '1.000656.h56'),
             ('2.000001', '1.999999.A')) v(a, b)
ORDER BY a, b;

-- binary form: the canonical text, as text sends it
SELECT procedure_code_send('1.000656.h56') = textsend('1.000656.H56') AS binary_is_text;
-- hashes are hash_any over the canonical bytes, as text's are (C collation)
SELECT procedure_code_hash('1.000656.h56') = hashtext('1.000656.H56') AS hash,
       procedure_code_hash_extended('1.000656.h56', 7) = hashtextextended('1.000656.H56', 7) AS hash_extended,
       procedure_code_hash('1.000656') <> procedure_code_hash('1.000656.H56') AS differ;

-- btree and hash indexes, sorting, hashing
CREATE TABLE pc_procedure (code procedure_code PRIMARY KEY, name text);
INSERT INTO pc_procedure
SELECT (1 + i % 3)::text || '.' || lpad(i::text, 6, '0'), 'procedure ' || i
FROM generate_series(1, 2000) i;
-- local variants of every 40th procedure, in three provinces
INSERT INTO pc_procedure
SELECT code::text || '.000.00.00.' || agency, name || ' at ' || agency
FROM pc_procedure CROSS JOIN (VALUES ('H56'), ('G06'), ('K01')) a(agency)
WHERE substr(code::text, 3)::int % 40 = 0;
INSERT INTO pc_procedure VALUES ('1.000656', 'Cấp giấy phép'), ('1.000656.000.00.00.H56', 'Cấp giấy phép (Đà Nẵng)');
CREATE INDEX pc_procedure_code_hash ON pc_procedure USING hash (code);
VACUUM (ANALYZE) pc_procedure;
SELECT count(*), count(DISTINCT code), count(*) FILTER (WHERE is_local(code)) AS local_variants
FROM pc_procedure;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM pc_procedure WHERE code = '1.000656.000.00.00.H56';
SELECT name FROM pc_procedure WHERE code = '1.000656.000.00.00.h56';
-- a national code and its local variants form one btree range (the plan is
-- pinned: which scan wins otherwise depends on the server's visibility map)
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF)
SELECT name FROM pc_procedure WHERE code >= '2.000040' AND code < '2.000041' ORDER BY code;
SELECT code, name FROM pc_procedure WHERE code >= '2.000040' AND code < '2.000041' ORDER BY code;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT code FROM pc_procedure ORDER BY code LIMIT 5;
SELECT code FROM pc_procedure ORDER BY code DESC LIMIT 3;
-- variants grouped under their national code
SELECT national_code(code), count(*), string_agg(local_suffix(code), ', ' ORDER BY code) AS suffixes
FROM pc_procedure GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 3;
-- the btree class registers sort support (function 2)
SELECT amprocnum, amproc
FROM pg_amproc
WHERE amprocfamily = (SELECT opcfamily FROM pg_opclass WHERE opcname = 'procedure_code_ops')
ORDER BY amprocnum;
-- a sort by the type agrees with a sort by its bytes (C collation)
SELECT bool_and(a.code = b.code) AS same_order
FROM (SELECT code, row_number() OVER (ORDER BY code) AS n FROM pc_procedure) a
JOIN (SELECT code, row_number() OVER (ORDER BY code::text COLLATE "C") AS n FROM pc_procedure) b
  USING (n);
SET enable_mergejoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM pc_procedure p JOIN pc_procedure q USING (code);
SELECT count(*) FROM pc_procedure p JOIN pc_procedure q USING (code);
RESET enable_mergejoin; RESET enable_nestloop;
SELECT count(*) FROM (SELECT DISTINCT code FROM pc_procedure) s;
INSERT INTO pc_procedure VALUES ('1.000656.000.00.00.h56', 'duplicate, typed in lower case');

-- storage: tables keep the value with a 1-byte header; a value built in
-- memory has the 4-byte one.  Functions read both.
SELECT pg_column_size(code) AS stored_size FROM pc_procedure WHERE code = '1.000656';
SELECT pg_column_size('1.000656'::procedure_code) AS in_memory_size;
-- a compressed value (the toaster compresses it to make room for a wide row):
-- every function must detoast it
CREATE TABLE pc_toast (id int, code procedure_code, filler text);
ALTER TABLE pc_toast ALTER COLUMN filler SET STORAGE MAIN;
INSERT INTO pc_toast VALUES (1, '1.000656.' || repeat('A', 55), repeat('x', 3000)),
                            (2, '1.000656.' || repeat('A', 54), repeat('x', 3000)),
                            (3, '1.000656.' || repeat('A', 55), '');
SELECT id, pg_column_compression(code) IS NOT NULL AS compressed, length(code::text),
       is_local(code), national_code(code), length(local_suffix(code)) AS suffix_length,
       code = ('1.000656.' || repeat('A', 55))::procedure_code AS eq_uncompressed,
       procedure_code_hash(code) = hashtext(code::text) AS hash_ok
FROM pc_toast ORDER BY id;
SELECT id FROM pc_toast ORDER BY code, id;
SELECT count(*) AS equal_pairs FROM pc_toast a JOIN pc_toast b ON a.code = b.code;

-- binary I/O: COPY BINARY round trip, and bad binary values are refused.
-- Files go to the server's data directory, private to this test instance.
SELECT current_setting('data_directory') || '/dossier_regress_procedure_code.bin' AS pc_file,
       current_setting('data_directory') || '/dossier_regress_procedure_code_raw.bin' AS pc_raw_file
\gset
COPY pc_procedure TO :'pc_file' (FORMAT binary);
CREATE TABLE pc_procedure_copy (LIKE pc_procedure);
COPY pc_procedure_copy FROM :'pc_file' (FORMAT binary);
SELECT count(*) FROM pc_procedure_copy JOIN pc_procedure USING (code, name);
-- text has the same binary layout: a text column loads into a procedure_code
-- column, and is checked and canonicalised like text input
CREATE TABLE pc_raw (code text, name text);
INSERT INTO pc_raw VALUES ('1.000656.000.00.00.k01', 'lower case'), ('9.999999', 'national');
COPY pc_raw TO :'pc_raw_file' (FORMAT binary);
TRUNCATE pc_procedure_copy;
COPY pc_procedure_copy FROM :'pc_raw_file' (FORMAT binary);
SELECT code, name FROM pc_procedure_copy ORDER BY code;
TRUNCATE pc_raw; INSERT INTO pc_raw VALUES ('1.000656..H56', 'empty group');
COPY pc_raw TO :'pc_raw_file' (FORMAT binary);
COPY pc_procedure_copy FROM :'pc_raw_file' (FORMAT binary);
TRUNCATE pc_raw; INSERT INTO pc_raw VALUES ('1.00065', 'too short');
COPY pc_raw TO :'pc_raw_file' (FORMAT binary);
COPY pc_procedure_copy FROM :'pc_raw_file' (FORMAT binary);
TRUNCATE pc_raw; INSERT INTO pc_raw VALUES ('1.000656.' || repeat('A', 56), 'too long');
COPY pc_raw TO :'pc_raw_file' (FORMAT binary);
COPY pc_procedure_copy FROM :'pc_raw_file' (FORMAT binary);
TRUNCATE pc_raw; INSERT INTO pc_raw VALUES ('1.000656.Đ', 'not ASCII');
COPY pc_raw TO :'pc_raw_file' (FORMAT binary);
SELECT pg_temp.sqlstate_of(format('COPY dossier.pc_procedure_copy FROM %L (FORMAT binary)', :'pc_raw_file'));
-- bytea has the same binary layout too, so it can carry bytes text cannot:
-- a NUL or invalid UTF-8 is refused by PostgreSQL's encoding check (22021)
-- before the parser sees it
CREATE TABLE pc_bytes (code bytea, name text);
INSERT INTO pc_bytes VALUES ('\x312e3030303635362e4835360036'::bytea, 'embedded NUL');
COPY pc_bytes TO :'pc_raw_file' (FORMAT binary);
COPY pc_procedure_copy FROM :'pc_raw_file' (FORMAT binary);
TRUNCATE pc_bytes; INSERT INTO pc_bytes VALUES ('\x312e3030303635362eff'::bytea, 'invalid UTF-8');
COPY pc_bytes TO :'pc_raw_file' (FORMAT binary);
COPY pc_procedure_copy FROM :'pc_raw_file' (FORMAT binary);
TRUNCATE pc_bytes; INSERT INTO pc_bytes VALUES ('\x312e303030363536'::bytea, 'valid bytes');
COPY pc_bytes TO :'pc_raw_file' (FORMAT binary);
COPY pc_procedure_copy FROM :'pc_raw_file' (FORMAT binary);
-- the refused loads kept nothing: only the two text rows and the valid bytes
SELECT code, name FROM pc_procedure_copy ORDER BY code;

DROP TABLE pc_cast, pc_procedure, pc_toast, pc_procedure_copy, pc_raw, pc_bytes;
