-- The record must be true (issue 12 items 1, 2, 5, 6; docs/reference/lifecycle/dossier.md):
-- events are stamped with the server's clock, past events enter only through
-- the import path and say so, a refusal, a supplement request and a stop state
-- their reason, a dossier code belongs to its agency and day and is never
-- handed out twice, and every column of a dossier row follows from its chain.
-- Expected values depend on no clock: times are compared, not printed.
SET search_path = dossier, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- the SQLSTATE a statement raises, or ok: for errors whose text names today
CREATE FUNCTION pg_temp.sqlstate_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE sql;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;
CREATE FUNCTION pg_temp.message_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE sql;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

INSERT INTO agency (code, name, level) VALUES ('G90', 'Regress ministry (record)', 'central'),
                                              ('G90.01', 'Regress department (record)', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.900001', 'Regress procedure (record)', 5, 'working_day');

-- 1. Events are stamped with the server's clock ---------------------------
SELECT register_dossier('9.900001', 'G90', owner_citizen => '001099000091', receive => true) AS a \gset
SELECT abs(extract(epoch FROM at - clock_timestamp())) < 60 AS stamped_now, import_source IS NULL AS live
FROM dossier_event WHERE dossier = :'a' ORDER BY seq;
-- a client clock a minute off is within the default tolerance (300 s): a
-- slow one dates a first event a minute back, a fast one is taken as now
SELECT register_dossier('9.900001', 'G90', owner_citizen => '001099000090',
                        at => now() - interval '1 minute') AS slow \gset
SELECT transition(:'slow', 'receive', at => now() + interval '1 minute') AS fast;
SELECT (SELECT at FROM dossier_event WHERE dossier = :'slow' AND seq = 1) < now() - interval '50 seconds' AS slow_kept,
       (SELECT at FROM dossier_event WHERE dossier = :'slow' AND seq = 2) <= clock_timestamp() AS fast_taken_as_now;
\set VERBOSITY default
-- a leader acting "in March", a time an hour ahead: refused (VN113), nothing written
SELECT pg_temp.sqlstate_of(format($$SELECT dossier.transition(%L, 'start_processing', at => now() - interval '60 days')$$, :'a')) AS sixty_days_back,
       pg_temp.sqlstate_of(format($$SELECT dossier.transition(%L, 'start_processing', at => now() + interval '1 hour')$$, :'a')) AS an_hour_ahead,
       pg_temp.sqlstate_of($$SELECT dossier.register_dossier('9.900001', 'G90', owner_citizen => '001099000091', at => now() - interval '60 days')$$) AS registered_back;
SELECT events AS still_2_events FROM dossier WHERE code = :'a';
-- the tolerance is the superuser's to set
SET ROLE dossier_desk_officer;
SET dossier.event_time_tolerance = '1d';
RESET ROLE;
SHOW dossier.event_time_tolerance;

-- 2. Reasons: refuse, request_supplement and stop state theirs -------------
SELECT register_dossier('9.900001', 'G90', owner_citizen => '001099000092') AS b \gset
SELECT transition(:'b', 'refuse');
SELECT transition(:'b', 'refuse', reason_code => 'not_competent');
SELECT transition(:'b', 'refuse', reason_code => 'not_competent', reason => '');
SELECT transition(:'b', 'refuse', reason_code => 'missing_papers', reason => 'not a refusal code');
SELECT transition(:'b', 'receive', reason_code => 'other', reason => 'receiving needs none');
SELECT transition(:'a', 'request_supplement', reason_code => 'missing_papers',
                  reason => 'Bản sao giấy khai sinh', note => 'internal: call the applicant') AS asked;
SELECT transition(:'b', 'refuse', reason_code => 'not_competent',
                  reason => 'Thủ tục thuộc thẩm quyền của UBND cấp xã') AS refused;
SELECT e.seq, e.action, e.reason_code, r.name_vi, e.reason, e.note
FROM dossier_event e LEFT JOIN transition_reason r ON r.action = e.action AND r.code = e.reason_code
WHERE e.dossier IN (:'a', :'b') AND e.reason_code IS NOT NULL ORDER BY e.dossier, e.seq;
-- the shipped codes per action
SELECT action, string_agg(code, ', ' ORDER BY code) FROM transition_reason GROUP BY 1 ORDER BY 1;

-- 3. Dossier codes cannot be blocked ---------------------------------------
SELECT make_dossier_code('G90', (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 7) AS today7,
       make_dossier_code('G90.01', (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 1) AS other_agency,
       make_dossier_code('G90', (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 1, 1) AS tomorrow \gset
SELECT pg_temp.sqlstate_of(format($$SELECT dossier.register_dossier('9.900001', 'G90', owner_citizen => '001099000093', code => %L)$$, :'other_agency')) AS other_agency,
       pg_temp.sqlstate_of(format($$SELECT dossier.register_dossier('9.900001', 'G90', owner_citizen => '001099000093', code => %L)$$, :'tomorrow')) AS tomorrow;
-- the message (its detail names today)
SELECT pg_temp.message_of($$SELECT dossier.register_dossier('9.900001', 'G90', owner_citizen => '001099000093', code => '000.00.00.G90-260302-0001')$$) AS message;
SELECT count(*) AS none_written FROM dossier WHERE owner_citizen = '001099000093';
-- a code of its own agency and day is taken, and the counter moves past it
SELECT register_dossier('9.900001', 'G90', owner_citizen => '001099000093', code => :'today7') = :'today7' AS given_taken;
SELECT sequence(register_dossier('9.900001', 'G90', owner_citizen => '001099000094')) AS next_after_given;
-- the allocator skips a code that exists even when the counter is behind it
CREATE TEMP TABLE used_today AS
SELECT sequence(code) AS seq FROM dossier
WHERE agency = 'G90' AND reception_date(code) = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
DELETE FROM dossier_code_counter WHERE agency = 'G90';
CREATE TEMP TABLE allocated AS
SELECT sequence(register_dossier('9.900001', 'G90', owner_citizen => '001099000095')) AS seq
FROM generate_series(1, 3);
-- three new codes, none of them one in use, the first the lowest free one
SELECT count(*) AS allocated,
       bool_and(seq NOT IN (SELECT seq FROM used_today)) AS none_in_use,
       min(seq) = (SELECT min(n) FROM generate_series(1, 100) n
                   WHERE n NOT IN (SELECT seq FROM used_today)) AS lowest_free_first
FROM allocated;

-- 4. The import path, for the importer role only ---------------------------
SET ROLE dossier_desk_officer;
SELECT import_dossier('9.900001', 'G90', owner_citizen => '001099000096', at => '2026-03-02 08:00',
                      source => 'regress');
RESET ROLE;
SET ROLE dossier_importer;
SELECT import_dossier('9.900001', 'G90', owner_citizen => '001099000096', at => '2026-03-02 08:00');
SELECT import_dossier('9.900001', 'G90', owner_citizen => '001099000096', source => 'regress');
SELECT import_dossier('9.900001', 'G90', owner_citizen => '001099000096', at => '2026-03-02 08:00',
                      code => '000.00.00.G90-260302-0042', receive => true,
                      source => 'motcua-g90 export 2026-11-30') AS imported \gset
SELECT import_transition(:'imported', 'start_processing', at => '2026-03-03 09:00', source => 'motcua-g90 export 2026-11-30'),
       import_transition(:'imported', 'resolve', at => '2026-03-05 15:00', source => 'motcua-g90 export 2026-11-30');
-- in order, never in the future, even imported
SELECT import_transition(:'imported', 'return_result', at => '2026-03-04 09:00', source => 'x');
SELECT pg_temp.sqlstate_of(format($$SELECT dossier.import_transition(%L, 'return_result', at => now() + interval '1 day', source => 'x')$$, :'imported')) AS imported_future;
RESET ROLE;
SELECT seq, action, to_status, at, actor, import_source FROM dossier_event WHERE dossier = :'imported' ORDER BY seq;
SELECT timeliness(d) AS imported_timeliness FROM dossier d WHERE code = :'imported';
-- reports can tell imported dossiers apart
SELECT count(DISTINCT dossier) AS imported_dossiers FROM dossier_event WHERE import_source IS NOT NULL;
-- the imported code moved the counter of its day
SELECT last_value FROM dossier_code_counter WHERE agency = 'G90' AND day = '2026-03-02';
-- the chain holds the import source
SELECT ok FROM verify_history(:'imported');

-- 5. The history chain covers the whole dossier ----------------------------
SELECT ok AS a_ok FROM verify_history(:'a');
-- the registration event holds what never changes
SELECT procedure, owner_citizen, owner_enterprise, channel, supplement_time
FROM dossier_event WHERE dossier = :'a' AND seq = 1;
-- a superuser who lifts the guard and edits the row is caught, column by column
BEGIN;
SELECT lift_history_guard('regress: an edit the chain must catch') > 0 AS lifted;
UPDATE dossier SET owner_citizen = '001099000099' WHERE code = :'a';
SELECT problem FROM verify_history(:'a');
ROLLBACK;
BEGIN;
SELECT lift_history_guard('regress: an edit the chain must catch') > 0 AS lifted;
UPDATE dossier SET received_at = received_at - interval '1 day' WHERE code = :'a';
SELECT split_part(problem, ' is ', 1) AS problem FROM verify_history(:'a');
ROLLBACK;
BEGIN;
SELECT lift_history_guard('regress: an edit the chain must catch') > 0 AS lifted;
UPDATE dossier SET due_at = due_at + interval '7 days', appointment_at = appointment_at + interval '7 days'
WHERE code = :'a';
SELECT problem FROM verify_history(:'a');
ROLLBACK;
BEGIN;
SELECT lift_history_guard('regress: an edit the chain must catch') > 0 AS lifted;
UPDATE dossier SET supplement_requests = 0 WHERE code = :'a';
SELECT problem FROM verify_history(:'a');
ROLLBACK;
-- codes that dossiers reference do not change by cascade
UPDATE agency SET code = 'G89' WHERE code = 'G90';
UPDATE procedure SET code = '9.900002' WHERE code = '9.900001';
SELECT count(*) AS dossiers_still_at_g90 FROM dossier WHERE agency = 'G90';
-- the agency gets a new code and a succession; its dossiers keep the old one
INSERT INTO agency (code, name, level) VALUES ('G89', 'Regress ministry (record), renamed', 'central');
INSERT INTO agency_succession (old_code, new_code, valid_from, note)
VALUES ('G90', 'G89', '2026-12-01', 'regress: renamed');
SELECT d.agency, s.new_code AS now_handled_by, count(*)
FROM dossier d JOIN agency_succession s ON s.old_code = d.agency
WHERE d.agency = 'G90' GROUP BY 1, 2;
-- every dossier of this suite verifies
SELECT bool_and(ok) AS all_ok FROM verify_history() v JOIN dossier d ON d.code = v.dossier WHERE d.agency = 'G90';
