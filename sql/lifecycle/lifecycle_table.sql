-- dossier_status, dossier_action and the one transition table
-- (docs/domain.md §2)
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

-- next_status of a pair, or the SQLSTATE it raises
CREATE FUNCTION pg_temp.try_next(s dossier.dossier_status, a dossier.dossier_action)
RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN dossier.next_status(s, a)::text;
EXCEPTION WHEN OTHERS THEN
  RETURN 'SQLSTATE ' || SQLSTATE;
END $$;

-- the ten statuses: code, English identifier, Vietnamese name, finality
SELECT status_code(s) AS code, s AS status, status_name_vi(s) AS name_vi, is_final(s) AS final
FROM generate_series(1, 10) c, status_from_code(c) s
ORDER BY s;

-- every input form reads the same status
SELECT c AS code,
       c::text::dossier_status = status_from_code(c) AS by_code,
       (status_from_code(c)::text)::dossier_status = status_from_code(c) AS by_identifier,
       status_name_vi(status_from_code(c))::dossier_status = status_from_code(c) AS by_name_vi
FROM generate_series(1, 10) c
ORDER BY c;
SELECT '4'::dossier_status, 'processing'::dossier_status, 'Đang xử lý'::dossier_status,
       ' Result_Returned '::dossier_status, '09'::dossier_status;

-- invalid input: each with its detail and hint
SELECT '0'::dossier_status;
SELECT '11'::dossier_status;
SELECT '100'::dossier_status;
SELECT '4a'::dossier_status;
SELECT 'processed'::dossier_status;
SELECT 'đang xử lý'::dossier_status;
SELECT ''::dossier_status;
SELECT status_from_code(0);
SELECT status_from_code(-2147483648);
SELECT pg_temp.sqlstate_of($$SELECT 'x'::dossier.dossier_status$$);
SELECT repeat('9', 1000000)::dossier_status;
SELECT NULL::dossier_status IS NULL AS null_is_null, next_status(NULL, 'receive') IS NULL AS strict_next;

-- the action enum is the core's list, in the core's order
SELECT enum_range(NULL::dossier_action);

-- the whole matrix, 10 x 15 general cells and 15 for 6 reached from 9, from
-- the view (to_status NULL: forbidden).  Hand count: 27 general cells
-- allowed (30 before issue 12 less 1 -> 7, 5 apologize, 7 apologize), and 1
-- in the row of 6 from 9 (paid -> 9): 28 of 165.
SELECT count(*) AS cells, count(to_status) AS allowed FROM transition_table;
SELECT status_code(from_status) AS code, from_status, action, to_status, prior_status
FROM transition_table
ORDER BY from_status, prior_status NULLS FIRST, action;
-- the same as one row per status: the target code per action, '-' forbidden
SELECT status_code(from_status) AS code, from_status, prior_status,
       string_agg(coalesce(status_code(to_status)::text, '-'), ' ' ORDER BY action) AS
         "rcv ref sta mov rsu sup rpa pai rwd sto res rec ret trf apo"
FROM transition_table
GROUP BY from_status, prior_status
ORDER BY from_status, prior_status NULLS FIRST;

-- every cell of next_status agrees with the view: allowed cells return their
-- target, forbidden cells raise VN101
SELECT t.to_status IS NOT NULL AS allowed, pg_temp.try_next(s, a) ~ '^SQLSTATE' AS raised,
       CASE WHEN t.to_status IS NULL THEN pg_temp.try_next(s, a) END AS sqlstate,
       count(*)
FROM generate_series(1, 10) c
CROSS JOIN LATERAL status_from_code(c) s
CROSS JOIN unnest(enum_range(NULL::dossier_action)) a
JOIN transition_table t ON t.from_status = s AND t.action = a AND t.prior_status IS NULL
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
SELECT s AS from_status, a AS action, t.to_status, pg_temp.try_next(s, a) AS got
FROM generate_series(1, 10) c
CROSS JOIN LATERAL status_from_code(c) s
CROSS JOIN unnest(enum_range(NULL::dossier_action)) a
JOIN transition_table t ON t.from_status = s AND t.action = a AND t.prior_status IS NULL
WHERE pg_temp.try_next(s, a) IS DISTINCT FROM coalesce(t.to_status::text, 'SQLSTATE VN101')
ORDER BY 1, 2;

-- allowed_actions agrees with the view, and is empty exactly for final statuses
SELECT s AS status, allowed_actions(s), is_final(s),
       allowed_actions(s) = ARRAY(SELECT action FROM transition_table
                                  WHERE from_status = s AND to_status IS NOT NULL
                                    AND prior_status IS NULL
                                  ORDER BY action) AS agrees
FROM generate_series(1, 10) c, status_from_code(c) s
ORDER BY s;

-- the error of an illegal transition: detail names status and allowed actions
SELECT next_status('received', 'resolve');
SELECT next_status('registered', 'stop');
SELECT next_status('resolved', 'stop');
SELECT next_status('result_returned', 'recall');
SELECT next_status('Không được tiếp nhận', 'receive');
-- whole paths, action by action, as the lifecycle will run them
CREATE FUNCTION pg_temp.walk(s dossier.dossier_status, actions dossier.dossier_action[])
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  a dossier.dossier_action;
  path text := s::text;
BEGIN
  FOREACH a IN ARRAY actions LOOP
    s := dossier.next_status(s, a);
    path := path || ' -' || a || '-> ' || s;
  END LOOP;
  RETURN path;
EXCEPTION WHEN SQLSTATE 'VN101' THEN
  RETURN path || ' -' || a || '-> SQLSTATE ' || SQLSTATE;
END $$;
-- fee due at return: 9 -> 6, paid -> 4, resolved again
SELECT pg_temp.walk('1', '{receive,start_processing,move_step,move_step,resolve,request_payment,paid,resolve,return_result}');
-- supplement returns to 2; transfer and apology keep the status; recall
SELECT pg_temp.walk('registered', '{receive,start_processing,request_supplement,supplement_received,transfer,start_processing,transfer,apologize,resolve,recall,resolve,return_result}');
-- no apology while the clock waits for papers (5): VN101
SELECT pg_temp.walk('registered', '{receive,start_processing,request_supplement,apologize}');
-- withdrawal, then an official stops
SELECT pg_temp.walk('Mới đăng ký', '{receive,start_processing,request_payment,request_withdrawal,stop}');
-- a dossier never received is refused, never withdrawn and stopped: VN101
SELECT pg_temp.walk('1', '{request_withdrawal,stop}');
SELECT pg_temp.walk('1', '{refuse}');
-- an illegal step in the middle stops the walk with VN101 (caught by the helper)
SELECT pg_temp.walk('1', '{receive,resolve}');

-- comparisons follow the codes, not the identifiers' alphabetical order
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne, a >= b AS ge, a > b AS gt,
       sign(dossier_status_cmp(a, b)) AS cmp
FROM (VALUES ('registered'::dossier_status, 'result_returned'::dossier_status),
             ('stopped', 'stopped'),
             ('resolved', 'processing')) v(a, b)
ORDER BY a, b;
SELECT dossier_status_hash('4') = hashint2(4::int2),
       dossier_status_hash_extended('4', 7) = hashint2extended(4::int2, 7);

-- btree and hash indexes, sorting, hashing
CREATE TABLE status_sample (id int PRIMARY KEY, status dossier_status NOT NULL);
INSERT INTO status_sample SELECT i, status_from_code(i % 10 + 1) FROM generate_series(1, 5000) i;
CREATE INDEX status_sample_btree ON status_sample (status);
CREATE INDEX status_sample_hash ON status_sample USING hash (status);
ANALYZE status_sample;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM status_sample WHERE status = 'processing';
SELECT count(*) FROM status_sample WHERE status = 'processing';
EXPLAIN (COSTS OFF) SELECT status FROM status_sample WHERE status > 'resolved' ORDER BY status;
SELECT status, count(*) FROM status_sample WHERE status > 'resolved' GROUP BY status ORDER BY status;
DROP INDEX status_sample_btree;
EXPLAIN (COSTS OFF) SELECT count(*) FROM status_sample WHERE status = 'Đang xử lý';
SELECT count(*) FROM status_sample WHERE status = 'Đang xử lý';
RESET enable_seqscan;
RESET enable_bitmapscan;
SET enable_mergejoin = off; SET enable_nestloop = off;
SELECT count(*) FROM status_sample p JOIN transition_table t ON t.from_status = p.status
WHERE t.prior_status IS NULL AND t.action = 'apologize' AND t.to_status IS NOT NULL;
RESET enable_mergejoin; RESET enable_nestloop;
SELECT status, count(*) FROM status_sample GROUP BY status ORDER BY status;

-- binary I/O: COPY BINARY round trip, and a bad code is refused
SELECT current_setting('data_directory') || '/dossier_regress_status.bin' AS status_file
\gset
COPY status_sample TO :'status_file' (FORMAT binary);
CREATE TABLE status_copy (LIKE status_sample);
COPY status_copy FROM :'status_file' (FORMAT binary);
SELECT count(*) FROM status_sample s JOIN status_copy c USING (id) WHERE s.status = c.status;
CREATE TABLE raw_int2 (id int, v int2);
INSERT INTO raw_int2 VALUES (1, 11);
COPY raw_int2 TO :'status_file' (FORMAT binary);
COPY status_copy FROM :'status_file' (FORMAT binary);
DROP TABLE status_sample, status_copy, raw_int2;
