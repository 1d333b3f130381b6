-- tax_code: enterprise / tax code (mã số doanh nghiệp, MST),
-- docs/domain.md §4
-- Tables are named tc_* and dropped at the end: all suites share one database.
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

-- valid input, canonical output, accessors; with or without the branch dash
SELECT code, is_branch(code), parent_tax_code(code), branch_number(code)
FROM (VALUES ('0100233488'::tax_code), ('0100112437'), ('0314409058-002'),
             ('0314409058003'), (E' \t0300588569-010\n'), ('0100000010')) v(code)
ORDER BY code;
SELECT '0314409058002'::tax_code = '0314409058-002'::tax_code AS dash_optional,
       '0314409058002'::tax_code::text AS printed;

-- invalid input: each class with its detail and hint
SELECT '0100233480'::tax_code;
SELECT '0100233489'::tax_code;
SELECT '0900000010'::tax_code;
SELECT '0100000007'::tax_code;
SELECT '0314409058-000'::tax_code;
SELECT '0314409058000'::tax_code;
SELECT '0314409058-02'::tax_code;
SELECT '0314409058 002'::tax_code;
SELECT '03144090580021'::tax_code;
SELECT '010023348'::tax_code;
SELECT '031440905a-002'::tax_code;
SELECT '0314409057-002'::tax_code;
SELECT ''::tax_code;
-- long, control and non-ASCII input: a clear error, clipped echo, no crash
SELECT repeat('9', 1000000)::tax_code;
SELECT ('0100233488-' || repeat('1', 1000000))::tax_code;
SELECT E'\x01\x02\x7f'::text::tax_code;
SELECT E'0100233488\x01'::text::tax_code;
SELECT '０１００２３３４８８'::tax_code;
SELECT 'Mã số 0100233488'::tax_code;
SELECT '0100233á88'::tax_code;
SELECT '0314409058–002'::tax_code;
SELECT pg_temp.sqlstate_of($$SELECT 'x'::dossier.tax_code$$);
SELECT pg_temp.sqlstate_of($$SELECT '0100233480'::dossier.tax_code$$);
SELECT NULL::tax_code IS NULL AS null_is_null;

-- every 9-digit prefix has exactly one valid completion, none when the
-- weighted sum is divisible by 11 (the SQL below is a second implementation)
CREATE TABLE tc_prefix AS
SELECT f9, (SELECT sum(substr(f9, k, 1)::int * (ARRAY[31,29,23,19,17,13,7,5,3])[k])
            FROM generate_series(1, 9) k) % 11 AS r
FROM (SELECT lpad((10000000 + i * 104729)::text, 9, '0') AS f9
      FROM generate_series(1, 150) i) p;
SELECT count(*) AS prefixes, count(*) FILTER (WHERE r = 0) AS without_check_digit
FROM tc_prefix;
SELECT p.r = 0 AS remainder_zero, count(*) AS completions,
       count(*) FILTER (WHERE pg_temp.sqlstate_of(format('SELECT %L::dossier.tax_code', p.f9 || d)) = 'ok')
         AS accepted,
       count(*) FILTER (WHERE pg_temp.sqlstate_of(format('SELECT %L::dossier.tax_code', p.f9 || d)) = 'ok'
                          AND d <> 10 - p.r) AS accepted_wrongly
FROM tc_prefix p CROSS JOIN generate_series(0, 9) d
GROUP BY 1 ORDER BY 1;

-- casts to and from text and varchar, explicit and by assignment
SELECT '0314409058-002'::tax_code::text = '0314409058-002' AS to_text,
       '0314409058-002'::tax_code::varchar = '0314409058-002' AS to_varchar,
       ('0314409058002'::text)::tax_code = '0314409058-002'::tax_code AS from_text,
       ('0314409058002'::varchar)::tax_code = '0314409058-002'::tax_code AS from_varchar;
CREATE TABLE tc_cast (code tax_code, label varchar(20), note text);
INSERT INTO tc_cast VALUES ('0100233488'::text, '0100112437'::tax_code, '0314409058-002'::tax_code);
INSERT INTO tc_cast (code) VALUES ('0314409058002'::varchar);
INSERT INTO tc_cast (code) VALUES ('0100233480'::text);
SELECT code, label, note FROM tc_cast ORDER BY code;

-- comparison operators: a head office sorts before its branches, and they
-- sort before the next code
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne, a >= b AS ge, a > b AS gt,
       tax_code_cmp(a, b) AS cmp
FROM (VALUES ('0100233488'::tax_code, '0100233488-001'::tax_code),
             ('0100233488-999', '0300588569'),
             ('0314409058-002', '0314409058002'),
             ('0314409058-010', '0314409058-002'),
             ('0100112437', '0100233488')) v(a, b)
ORDER BY a, b;

-- binary form: the int8 base * 1000 + branch
SELECT tax_code_send('0314409058-002') = int8send(314409058002) AS branch_is_int8,
       tax_code_send('0100233488') = int8send(100233488000) AS head_office_is_int8;

-- btree and hash indexes, sorting, hashing
CREATE TABLE tc_company (code tax_code PRIMARY KEY, name text);
INSERT INTO tc_company
SELECT f9 || (10 - r), 'company ' || f9
FROM (SELECT f9, (SELECT sum(substr(f9, k, 1)::int * (ARRAY[31,29,23,19,17,13,7,5,3])[k])
                  FROM generate_series(1, 9) k) % 11 AS r
      FROM (SELECT lpad((10000000 + i * 3001)::text, 9, '0') AS f9
            FROM generate_series(1, 3000) i) p) s
WHERE r <> 0;
-- three branches for every 50th company
INSERT INTO tc_company
SELECT code::text || '-' || lpad(b::text, 3, '0'), name || ' branch ' || b
FROM (SELECT code, name, row_number() OVER (ORDER BY code) AS n FROM tc_company) c
CROSS JOIN generate_series(1, 3) b
WHERE n % 50 = 0;
INSERT INTO tc_company VALUES ('0100233488', 'Công ty A'), ('0100233488-001', 'Công ty A, chi nhánh 1'),
                              ('0100233488-999', 'Công ty A, chi nhánh 999');
CREATE INDEX tc_company_code_hash ON tc_company USING hash (code);
VACUUM (ANALYZE) tc_company;
SELECT count(*), count(DISTINCT code), count(*) FILTER (WHERE is_branch(code)) AS branches
FROM tc_company;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM tc_company WHERE code = '0100233488';
SELECT name FROM tc_company WHERE code = '0100233488';
-- a head office and all its branches form one btree range
EXPLAIN (COSTS OFF)
SELECT code FROM tc_company WHERE code BETWEEN '0100233488' AND '0100233488-999' ORDER BY code;
SELECT code, name FROM tc_company WHERE code BETWEEN '0100233488' AND '0100233488-999' ORDER BY code;
RESET enable_seqscan;
SELECT code FROM tc_company ORDER BY code LIMIT 3;
SELECT code FROM tc_company ORDER BY code DESC LIMIT 3;
-- branches grouped under their head office
SELECT coalesce(parent_tax_code(code), code) AS head_office, count(*)
FROM tc_company GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 3;
-- the btree class registers sort support (function 2)
SELECT amprocnum, amproc
FROM pg_amproc
WHERE amprocfamily = (SELECT opcfamily FROM pg_opclass WHERE opcname = 'tax_code_ops')
ORDER BY amprocnum;
-- hash of a tax_code equals bigint's hash of the stored integer
SELECT tax_code_hash('0314409058-002') = hashint8(314409058002) AS hash,
       tax_code_hash_extended('0314409058-002', 7) = hashint8extended(314409058002, 7) AS hash_extended,
       tax_code_hash('0100233488') = hashint8(100233488000) AS head_office_hash;
SET enable_mergejoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM tc_company p JOIN tc_company q USING (code);
SELECT count(*) FROM tc_company p JOIN tc_company q USING (code);
RESET enable_mergejoin; RESET enable_nestloop;
SELECT count(*) FROM (SELECT DISTINCT code FROM tc_company) s;
INSERT INTO tc_company VALUES ('0314409058-002', 'first');
INSERT INTO tc_company VALUES ('0314409058002', 'duplicate, written without the dash');

-- binary I/O: COPY BINARY round trip, and bad binary values are refused.
-- Files go to the server's data directory, private to this test instance.
SELECT current_setting('data_directory') || '/dossier_regress_tax_code.bin' AS tc_file,
       current_setting('data_directory') || '/dossier_regress_tax_code_raw.bin' AS tc_raw_file
\gset
COPY tc_company TO :'tc_file' (FORMAT binary);
CREATE TABLE tc_company_copy (LIKE tc_company);
COPY tc_company_copy FROM :'tc_file' (FORMAT binary);
SELECT count(*) FROM tc_company_copy JOIN tc_company USING (code, name);
-- a bigint's binary form is a tax_code's: good values load, bad ones are refused
CREATE TABLE tc_raw (code int8, name text);
INSERT INTO tc_raw VALUES (314409058999, 'branch 999'), (100112437000, 'head office');
COPY tc_raw TO :'tc_raw_file' (FORMAT binary);
TRUNCATE tc_company_copy;
COPY tc_company_copy FROM :'tc_raw_file' (FORMAT binary);
SELECT code, name FROM tc_company_copy ORDER BY code;
TRUNCATE tc_raw; INSERT INTO tc_raw VALUES (100233480000, 'wrong check digit');
COPY tc_raw TO :'tc_raw_file' (FORMAT binary);
COPY tc_company_copy FROM :'tc_raw_file' (FORMAT binary);
TRUNCATE tc_raw; INSERT INTO tc_raw VALUES (900000010000, 'no check digit exists');
COPY tc_raw TO :'tc_raw_file' (FORMAT binary);
COPY tc_company_copy FROM :'tc_raw_file' (FORMAT binary);
TRUNCATE tc_raw; INSERT INTO tc_raw VALUES (100000007001, 'serial 0000000');
COPY tc_raw TO :'tc_raw_file' (FORMAT binary);
COPY tc_company_copy FROM :'tc_raw_file' (FORMAT binary);
TRUNCATE tc_raw; INSERT INTO tc_raw VALUES (-5, 'negative');
COPY tc_raw TO :'tc_raw_file' (FORMAT binary);
COPY tc_company_copy FROM :'tc_raw_file' (FORMAT binary);
TRUNCATE tc_raw; INSERT INTO tc_raw VALUES (10000000000000, 'fourteen digits');
COPY tc_raw TO :'tc_raw_file' (FORMAT binary);
SELECT pg_temp.sqlstate_of(format('COPY dossier.tc_company_copy FROM %L (FORMAT binary)', :'tc_raw_file'));
-- nothing of the refused loads was kept
SELECT count(*) FROM tc_company_copy;

DROP TABLE tc_prefix, tc_cast, tc_company, tc_company_copy, tc_raw;
