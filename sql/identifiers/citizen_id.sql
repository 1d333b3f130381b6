-- citizen_id: the 12-digit personal ID (Law on Identification 2023 Art. 12)
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
SELECT id, birth_province(id), gender(id), birth_century(id), birth_year(id)
FROM (VALUES ('001087012345'::citizen_id), ('079195000001'), ('096203999999'),
             (' 001300000000 ')) v(id)
ORDER BY id;

-- invalid input: each with its detail and hint
SELECT '00108701234'::citizen_id;
SELECT '0010870123456'::citizen_id;
SELECT '00108701234a'::citizen_id;
SELECT '000087012345'::citizen_id;
SELECT '097087012345'::citizen_id;
SELECT '001487012345'::citizen_id;
SELECT ''::citizen_id;
-- long and binary input: a clear error, clipped echo, no crash
SELECT repeat('9', 1000000)::citizen_id;
SELECT E'\x01\x02\x7f'::text::citizen_id;
SELECT pg_temp.sqlstate_of($$SELECT 'x'::dossier.citizen_id$$);
SELECT NULL::citizen_id IS NULL AS null_is_null;

-- casts to and from text
SELECT '001087012345'::citizen_id::text = '001087012345' AS to_text,
       ('001087012345'::text)::citizen_id = '001087012345'::citizen_id AS from_text;

-- comparison operators agree with the 12-digit order
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne, a >= b AS ge, a > b AS gt,
       citizen_id_cmp(a, b) AS cmp
FROM (VALUES ('001087012345'::citizen_id, '001087012346'::citizen_id),
             ('079195000001', '079195000001'),
             ('096203999999', '001087012345')) v(a, b)
ORDER BY a, b;

-- btree and hash indexes, sorting, hashing
CREATE TABLE person (id citizen_id PRIMARY KEY, name text);
INSERT INTO person
SELECT lpad(((i % 96) + 1)::text, 3, '0') || (i % 4)::text || lpad((i % 100)::text, 2, '0')
       || lpad(i::text, 6, '0'), 'person ' || i
FROM generate_series(1, 2000) i;
INSERT INTO person VALUES ('001087012345', 'Nguyễn Văn A');
CREATE INDEX person_id_hash ON person USING hash (id);
ANALYZE person;
SELECT count(*), count(DISTINCT id) FROM person;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM person WHERE id = '001087012345';
SELECT name FROM person WHERE id = '001087012345';
EXPLAIN (COSTS OFF)
SELECT id FROM person WHERE id BETWEEN '001000000000' AND '001399999999' ORDER BY id;
-- province 001: i = 96, 192, ... 1920 and the named row
SELECT count(*) FROM person WHERE id BETWEEN '001000000000' AND '001399999999';
RESET enable_seqscan;
SELECT id FROM person ORDER BY id LIMIT 3;
SELECT id FROM person ORDER BY id DESC LIMIT 3;
-- hash of a citizen_id equals bigint's hash of the same integer
SELECT citizen_id_hash('001087012345') = hashint8(1087012345),
       citizen_id_hash_extended('001087012345', 7) = hashint8extended(1087012345, 7);
SET enable_mergejoin = off; SET enable_nestloop = off;
SELECT count(*) FROM person p JOIN person q USING (id);
RESET enable_mergejoin; RESET enable_nestloop;
SELECT count(*) FROM (SELECT DISTINCT id FROM person) s;
INSERT INTO person VALUES ('001087012345', 'duplicate');

-- binary I/O: COPY BINARY round trip, and bad binary values are refused
-- files go to the data directory, private to this server
SELECT current_setting('data_directory') || '/dossier_regress_person.bin' AS person_file,
       current_setting('data_directory') || '/dossier_regress_person_raw.bin' AS raw_file
\gset
COPY person TO :'person_file' (FORMAT binary);
CREATE TABLE person_copy (LIKE person);
COPY person_copy FROM :'person_file' (FORMAT binary);
SELECT count(*) FROM person_copy JOIN person USING (id, name);
-- a bigint's binary form is a citizen_id's: out-of-range values must be refused
CREATE TABLE person_raw (id int8, name text);
INSERT INTO person_raw VALUES (87012345, 'province 000');
COPY person_raw TO :'raw_file' (FORMAT binary);
COPY person_copy FROM :'raw_file' (FORMAT binary);
TRUNCATE person_raw; INSERT INTO person_raw VALUES (-5, 'negative');
COPY person_raw TO :'raw_file' (FORMAT binary);
COPY person_copy FROM :'raw_file' (FORMAT binary);
SELECT count(*) FROM person_copy;
DROP TABLE person, person_copy, person_raw;
