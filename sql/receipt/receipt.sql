-- Receipt slips with a QR code, the public status lookup and procedure
-- posters (issue 13 item 7; docs/reference/receipt/receipt.md), as the roles
-- that use them: a desk officer registers, prints and rotates; the
-- anonymous dossier_public looks up; an analyst, a leader, an auditor and a
-- plain login get no tokens.  Tokens are random, so only their form, what
-- they find and what they no longer find are shown.
SET search_path = dossier, public;
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET DateStyle = 'ISO, YMD';
SET client_min_messages = warning;
\pset null '(null)'

INSERT INTO agency (code, name, level) VALUES ('G61', 'Sở Thử nghiệm biên nhận', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.610001', 'Thủ tục thử nghiệm biên nhận', 10, 'working_day');

CREATE ROLE regress_qr_desk LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_qr_portal LOGIN IN ROLE dossier_portal;
CREATE ROLE regress_qr_leader LOGIN IN ROLE dossier_leader;
CREATE ROLE regress_qr_analyst LOGIN IN ROLE dossier_analyst;
CREATE ROLE regress_qr_auditor LOGIN IN ROLE dossier_auditor;
CREATE ROLE regress_qr_web LOGIN IN ROLE dossier_public;
CREATE ROLE regress_qr_nobody LOGIN;
-- staff act within the agency they are bound to (docs/roles.md)
SELECT count(dossier.bind_official(r, 'G61')) AS bound
FROM unnest('{regress_qr_desk,regress_qr_leader}'::regrole[]) r;

-- run stmt as role r: 'ok' and the result, or the SQLSTATE and message
CREATE FUNCTION pg_temp.as_role(r text, stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  res text;
BEGIN
  EXECUTE format('SET LOCAL ROLE %I', r);
  EXECUTE stmt INTO res;
  RESET ROLE;
  RETURN 'ok ' || coalesce(res, '(null)');
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END $$;

-- the desk registers two dossiers and receives the first; each gets a token
SELECT pg_temp.as_role('regress_qr_desk', $$SELECT dossier.register_dossier('9.610001', 'G61',
  owner_citizen => '001099061001', at => '2026-03-02 08:00', receive => true)$$) AS desk_registers_a;
SELECT pg_temp.as_role('regress_qr_desk', $$SELECT dossier.register_dossier('9.610001', 'G61',
  owner_enterprise => '0100233488', at => '2026-03-02 08:30')$$) AS desk_registers_b;
SELECT code AS a FROM dossier.dossier WHERE owner_citizen = '001099061001' \gset
SELECT code AS b FROM dossier.dossier WHERE owner_enterprise = '0100233488' \gset

-- 160 random bits in base32, their SHA-256 beside them, nothing of the code
SELECT t.dossier, t.token ~ '^[A-Z2-7]{32}$' AS base32_token,
       t.token_hash = sha256(convert_to(t.token, 'UTF8')) AS hash_is_sha256,
       t.token_hash = dossier.public_token_hash(t.token) AS hash_of_canonical,
       t.rotations, t.rotated_by
FROM dossier.public_token t WHERE t.dossier IN (:'a', :'b') ORDER BY t.dossier;
SELECT count(DISTINCT token) AS distinct_tokens FROM dossier.public_token WHERE dossier IN (:'a', :'b');
SELECT token AS tok_a FROM dossier.public_token WHERE dossier = :'a' \gset
SELECT token AS tok_b FROM dossier.public_token WHERE dossier = :'b' \gset

-- the receipt slip needs the base URL of the public pages
SELECT pg_temp.as_role('regress_qr_desk', format($$SELECT (dossier.receipt(%L)).dossier_code$$, :'a')) AS no_base_url;
SELECT pg_temp.as_role('regress_qr_desk', $$SELECT set_config('dossier.public_base_url', 'https://evil.example', false)$$) AS desk_sets_base_url;
SET dossier.public_base_url = 'https://dvc.example.gov.vn/?page=status';
SET dossier.public_base_url = 'https://dichvucong.example.gov.vn/tra-cuu/';
SHOW dossier.public_base_url;

-- as the desk officer: the slip of Mẫu 01
SET ROLE regress_qr_desk;
SELECT dossier_code, procedure_code, procedure_name, processing_time, time_unit,
       receiving_agency, receiving_agency_name, applicant, channel, received_at,
       appointment_at, received_by,
       lookup_token ~ '^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$' AS grouped_token,
       lookup_url = 'https://dichvucong.example.gov.vn/tra-cuu/status/' || :'tok_a' AS url,
       qr_svg = dossier.qr_svg(lookup_url, 'M') AS qr_of_url,
       substring(qr_svg FROM 'viewBox="0 0 (\d+)') AS modules_with_quiet_zone
FROM dossier.receipt(:'a');
-- printing again prints the same token
SELECT (dossier.receipt(:'a')).lookup_url = (dossier.receipt(:'a')).lookup_url AS reprint_same;
-- not received yet, unknown: no slip
\set VERBOSITY default
SELECT qr_svg FROM dossier.receipt(:'b');
SELECT qr_svg FROM dossier.receipt('000.00.00.G61-260302-0999');
\set VERBOSITY terse
SELECT dossier.receipt(NULL) IS NULL AS null_code;
RESET ROLE;

-- as the anonymous web role: the public status, no personal data
SET ROLE regress_qr_web;
SELECT * FROM dossier.public_status(:'tok_a');
SELECT * FROM dossier.public_status(:'tok_b');
-- the same token as a person types it from the slip
SELECT dossier_code FROM dossier.public_status(lower(regexp_replace(:'tok_a', '(.{4})(?!$)', '\1 ', 'g')));
-- unknown, malformed, empty, long, a dossier code, an injection, NULL: no row, no error
SELECT t.probe, count(s.*) AS rows
FROM (VALUES ('unknown', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
             ('one character off', overlay(:'tok_a' PLACING CASE WHEN left(:'tok_a', 1) = 'A' THEN 'B' ELSE 'A' END FROM 1)),
             ('truncated', left(:'tok_a', 31)),
             ('malformed', 'not a token'),
             ('empty', ''),
             ('long', repeat(:'tok_a', 1000)),
             ('dossier code', :'a'),
             ('sql', $q$' OR 1=1 --$q$),
             ('null', NULL)) AS t(probe, token)
LEFT JOIN LATERAL dossier.public_status(t.token) s ON true
GROUP BY t.probe ORDER BY t.probe;
RESET ROLE;
-- the web role reaches nothing else
SELECT pg_temp.as_role('regress_qr_web', $$SELECT count(*)::text FROM dossier.dossier$$) AS web_reads_dossiers;
SELECT pg_temp.as_role('regress_qr_web', $$SELECT count(*)::text FROM dossier.public_token$$) AS web_reads_tokens;
SELECT pg_temp.as_role('regress_qr_web', format($$SELECT (dossier.receipt(%L)).lookup_url$$, :'a')) AS web_prints;
SELECT pg_temp.as_role('regress_qr_web', format($$SELECT dossier.rotate_public_token(%L)$$, :'a')) AS web_rotates;
SELECT pg_temp.as_role('regress_qr_web', $$SELECT dossier.procedure_poster('9.610001')$$) AS web_poster;

-- the columns public_status gives: no owner, note, reason or official
SELECT pg_get_function_result('dossier.public_status(text)'::regprocedure) AS public_status_returns;

-- other roles: no tokens, no slips
SELECT pg_temp.as_role('regress_qr_analyst', $$SELECT count(*)::text FROM dossier.public_token$$) AS analyst_tokens,
       pg_temp.as_role('regress_qr_analyst', format($$SELECT (dossier.receipt(%L)).lookup_url$$, :'a')) AS analyst_prints,
       pg_temp.as_role('regress_qr_analyst', format($$SELECT count(*)::text FROM dossier.public_status(%L)$$, :'tok_a')) AS analyst_looks_up;
SELECT pg_temp.as_role('regress_qr_leader', $$SELECT count(*)::text FROM dossier.public_token$$) AS leader_tokens,
       pg_temp.as_role('regress_qr_leader', format($$SELECT (dossier.receipt(%L)).lookup_url$$, :'a')) AS leader_prints;
SELECT pg_temp.as_role('regress_qr_auditor', format($$SELECT rotations::text FROM dossier.public_token WHERE dossier = %L$$, :'a')) AS auditor_sees_rotations,
       pg_temp.as_role('regress_qr_auditor', $$SELECT count(token)::text FROM dossier.public_token$$) AS auditor_reads_token;
SELECT pg_temp.as_role('regress_qr_nobody', $$SELECT count(*)::text FROM dossier.public_token$$) AS nobody_tokens,
       pg_temp.as_role('regress_qr_nobody', format($$SELECT count(*)::text FROM dossier.public_status(%L)$$, :'tok_a')) AS nobody_looks_up;
-- the portal prints an applicant's copy of the slip once the applicant is
-- signed in (docs/reference/access/portal.md), and sees none without; the
-- receiving official is named only to a reader of the history
SET dossier.portal_audience = 'urn:dossier:test';
CREATE TEMP TABLE assertion (name text PRIMARY KEY, v text NOT NULL);
\setenv COUNT 1
\copy assertion FROM PROGRAM 'bash test/fixtures/gen/make_assertions.sh 001099061001' WITH (FORMAT csv, DELIMITER ' ')
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key)
SELECT 'ed1', 'https://sso.example.vn', 'EdDSA', convert_from(decode(v, 'base64'), 'UTF8')
FROM assertion WHERE name = 'key_ed';
SELECT v AS signed FROM assertion WHERE name LIKE '001099061001\_%' \gset
SELECT pg_temp.as_role('regress_qr_portal', format($$SELECT count(*)::text FROM dossier.receipt(%L) r$$, :'a')) AS portal_signed_out;
SELECT pg_temp.as_role('regress_qr_portal', format($$SELECT concat_ws(' ', (r).dossier_code, coalesce((r).received_by, '(official not shown)'), (r).lookup_url = %L) FROM dossier.portal_login(%L) l, dossier.receipt(%L) r$$,
  'https://dichvucong.example.gov.vn/tra-cuu/status/' || :'tok_a', :'signed', :'a')) AS portal_prints;
SELECT pg_temp.as_role('regress_qr_portal', format($$SELECT dossier.rotate_public_token(%L)$$, :'a')) AS portal_rotates;

-- a lost slip: the desk rotates, the old token stops working, the new one works
SELECT pg_temp.as_role('regress_qr_desk', format($$SELECT dossier.rotate_public_token(%L) ~ '^[A-Z2-7]{32}$'$$, :'a')) AS desk_rotates;
SELECT token AS tok_a2 FROM dossier.public_token WHERE dossier = :'a' \gset
SELECT :'tok_a2' <> :'tok_a' AS new_token;
SELECT pg_temp.as_role('regress_qr_web', format($$SELECT count(*)::text FROM dossier.public_status(%L)$$, :'tok_a')) AS old_token_rows,
       pg_temp.as_role('regress_qr_web', format($$SELECT dossier_code::text FROM dossier.public_status(%L)$$, :'tok_a2')) AS new_token_finds;
SELECT pg_temp.as_role('regress_qr_desk', format($$SELECT (dossier.receipt(%L)).lookup_url = %L$$,
  :'a', 'https://dichvucong.example.gov.vn/tra-cuu/status/' || :'tok_a2')) AS slip_prints_new_token;
SELECT rotations, rotated_by, issued_at >= now() - interval '1 hour' AS issued_now
FROM dossier.public_token WHERE dossier = :'a';
-- the desk cannot choose a token: any update draws a new one, the columns
-- that hold it are not theirs to write, and a row is not theirs to delete
SELECT pg_temp.as_role('regress_qr_desk', format($$UPDATE dossier.public_token SET rotations = 0 WHERE dossier = %L RETURNING (token <> %L)::text || ' ' || rotations$$, :'a', :'tok_a2')) AS desk_updates;
SELECT pg_temp.as_role('regress_qr_desk', format($$UPDATE dossier.public_token SET token = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' WHERE dossier = %L RETURNING 1$$, :'a')) AS desk_sets_token;
SELECT pg_temp.as_role('regress_qr_desk', format($$UPDATE dossier.public_token SET token_hash = '\x00' WHERE dossier = %L RETURNING 1$$, :'a')) AS desk_sets_hash;
SELECT pg_temp.as_role('regress_qr_desk', format($$DELETE FROM dossier.public_token WHERE dossier = %L RETURNING 1$$, :'a')) AS desk_deletes;
SELECT pg_temp.as_role('regress_qr_desk', $$SELECT dossier.rotate_public_token('000.00.00.G61-260302-0999')$$) AS rotate_unknown;
SELECT pg_temp.as_role('regress_qr_desk', $$SELECT dossier.rotate_public_token(NULL) IS NULL$$) AS rotate_null;
SELECT token AS tok_a3 FROM dossier.public_token WHERE dossier = :'a' \gset

-- a token finds its own dossier only: the other dossier's token, the other dossier
SELECT pg_temp.as_role('regress_qr_web', format($$SELECT dossier_code::text FROM dossier.public_status(%L)$$, :'tok_b')) = 'ok ' || :'b' AS b_finds_b,
       pg_temp.as_role('regress_qr_web', format($$SELECT dossier_code::text FROM dossier.public_status(%L)$$, :'tok_a3')) = 'ok ' || :'a' AS a_finds_a;

-- a dossier without a token (a restore that left the table out): the slip
-- says so, a rotation issues one
DELETE FROM dossier.public_token WHERE dossier = :'a';
SET ROLE regress_qr_desk;
\set VERBOSITY default
SELECT qr_svg FROM dossier.receipt(:'a');
\set VERBOSITY terse
SELECT dossier.rotate_public_token(:'a') ~ '^[A-Z2-7]{32}$' AS reissued;
SELECT (dossier.receipt(:'a')).dossier_code;
RESET ROLE;
SELECT rotations, rotated_by FROM dossier.public_token WHERE dossier = :'a';

-- pg_restore (dossier.restore_mode) brings the tokens of printed slips with it
DELETE FROM dossier.public_token WHERE dossier = :'b';
BEGIN;
SET LOCAL dossier.restore_mode = on;
INSERT INTO dossier.public_token (dossier, token, token_hash, issued_at, rotations, rotated_by)
VALUES (:'b', :'tok_b', '\x00', '2026-03-02 08:30', 0, NULL);
COMMIT;
SELECT token = :'tok_b' AS token_kept, token_hash = sha256(convert_to(token, 'UTF8')) AS hash_recomputed,
       issued_at FROM dossier.public_token WHERE dossier = :'b';
SELECT pg_temp.as_role('regress_qr_web', format($$SELECT dossier_code::text FROM dossier.public_status(%L)$$, :'tok_b')) = 'ok ' || :'b' AS restored_token_finds;
-- outside restore mode a token given is replaced
DELETE FROM dossier.public_token WHERE dossier = :'b';
INSERT INTO dossier.public_token (dossier, token, token_hash, issued_at)
VALUES (:'b', :'tok_b', '\x00', '2026-03-02 08:30');
SELECT token <> :'tok_b' AS token_drawn, issued_at > '2026-03-02 08:30' AS issued_now
FROM dossier.public_token WHERE dossier = :'b';

-- the procedure poster
SET ROLE regress_qr_desk;
SELECT dossier.procedure_poster('9.610001')
       = dossier.qr_svg('https://dichvucong.example.gov.vn/tra-cuu/procedure/9.610001', 'Q') AS poster;
\set VERBOSITY default
SELECT dossier.procedure_poster('9.619999');
\set VERBOSITY terse
RESET ROLE;
RESET dossier.public_base_url;
\set VERBOSITY default
SELECT dossier.procedure_poster('9.610001');
\set VERBOSITY terse

-- QR codes themselves: a small one in full, the levels, and bad input
SELECT dossier.qr_svg('A', 'L');
SELECT l, substring(dossier.qr_svg('https://dichvucong.example.gov.vn/tra-cuu/status/' || :'tok_a3', l) FROM 'viewBox="0 0 (\d+)') AS modules_with_quiet_zone
FROM unnest(ARRAY['L', 'M', 'Q', 'H', 'h']) l ORDER BY l;
\set VERBOSITY default
SELECT dossier.qr_svg('');
SELECT dossier.qr_svg('x', 'medium');
SELECT dossier.qr_svg(repeat('x', 3000));
\set VERBOSITY terse
SELECT length(dossier.qr_svg(repeat('x', 2331))) > 0 AS largest_at_m,
       dossier.qr_svg(NULL) IS NULL AS null_content;

-- cleanup
BEGIN;
SELECT lift_history_guard('regress receipt: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G61');
DELETE FROM outbox WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G61');
DELETE FROM dossier.dossier WHERE receiving_agency = 'G61';
COMMIT;
SELECT count(*) AS tokens_left FROM dossier.public_token WHERE dossier::text LIKE '%G61%';
DELETE FROM dossier_code_counter WHERE agency = 'G61';
DELETE FROM procedure WHERE code = '9.610001';
DELETE FROM agency WHERE code = 'G61';
DELETE FROM portal_assertion_used;
DELETE FROM portal_key;
SELECT count(dossier.unbind_official(r)) AS unbound
FROM unnest('{regress_qr_desk,regress_qr_leader}'::regrole[]) r;
DROP ROLE regress_qr_desk, regress_qr_portal, regress_qr_leader, regress_qr_analyst,
  regress_qr_auditor, regress_qr_web, regress_qr_nobody;
