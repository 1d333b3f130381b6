-- Signature timestamps (id-aa-signatureTimeStampToken) as proof of
-- existence in dossier.verify_cms: signatures and tokens made at test time
-- by test/fixtures/gen/make_sig_tst.sh (OpenSSL API, fixed dates, so the
-- result never depends on the day the test runs), validated at 2030-06-01
-- with revocation required against the generated root and its CRL.  Keys
-- are fresh each run, so only verdicts, times, names and messages are shown.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

CREATE TEMP TABLE gen_b64 (name text, b64 text);
\copy gen_b64 FROM PROGRAM 'bash test/fixtures/gen/make_sig_tst.sh' WITH (FORMAT csv, DELIMITER ' ')
CREATE TEMP TABLE gen AS SELECT name, decode(b64, 'base64') AS der FROM gen_b64;
CREATE FUNCTION pg_temp.g(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT der FROM gen WHERE name = n $$;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;
SELECT dossier.load_certificate(pg_temp.g('root'), true, 'generated TST root') IS NOT NULL AS root;
SELECT dossier.load_crl(pg_temp.g('crl')) IS NOT NULL AS crl;

CREATE TEMP TABLE tst_expect (sig text PRIMARY KEY, verdict text, sub_indication text,
                              timestamp_status text, timestamp_time timestamptz);
INSERT INTO tst_expect VALUES
  -- no timestamp: the verdicts of before
  ('sig_valid',              'valid',   NULL,            NULL,      NULL),
  ('sig_expired',            'expired', 'EXPIRED',       NULL,      NULL),
  ('sig_revoked',            'revoked', 'REVOKED',       NULL,      NULL),
  -- signer valid until 2027-12-31, stamped 2026-06-01: rescued; 2028-06-01: not
  ('sig_expired_tst',        'valid',   NULL,            'valid',   '2026-06-01'),
  ('sig_expired_tst_late',   'expired', 'EXPIRED',       'valid',   '2028-06-01'),
  -- revoked 2027-06-01, stamped before: passes; stamped after: revoked
  ('sig_revoked_tst_before', 'valid',   NULL,            'valid',   '2026-06-01'),
  ('sig_revoked_tst_after',  'revoked', 'REVOKED',       'valid',   '2028-01-01'),
  -- a token over other bytes, or by an untrusted TSA: a warning, no proof
  ('sig_expired_tst_wrong',  'expired', 'EXPIRED',       'invalid', NULL),
  ('sig_expired_tst_rogue',  'expired', 'EXPIRED',       'invalid', NULL),
  ('sig_valid_tst_wrong',    'valid',   NULL,            'invalid', NULL),
  ('sig_valid_tst_rogue',    'valid',   NULL,            'invalid', NULL),
  ('sig_valid_tst',          'valid',   NULL,            'valid',   '2026-06-01'),
  -- stamped 2024-06-01, the signer's certificate valid from 2025-01-01
  ('sig_tst_before_cert',    'expired', 'NOT_YET_VALID', 'valid',   '2024-06-01'),
  -- signingTime 2027-01-01 claimed, stamped 2026-06-01: a warning
  ('sig_claimed_after_tst',  'valid',   NULL,            'valid',   '2026-06-01');

-- every generated signature is expected somewhere
SELECT name AS unexpected FROM gen WHERE name LIKE 'sig\_%' AND name NOT IN (SELECT sig FROM tst_expect);

CREATE TEMP TABLE tst_result AS
SELECT e.sig, v.* FROM tst_expect e,
  dossier.verify_cms(pg_temp.g('content'), pg_temp.g(e.sig), '2030-06-01') v;

-- every verdict and timestamp as expected
SELECT e.sig, r.verdict, r.indication, r.sub_indication, r.timestamp_status, r.timestamp_time,
       r.timestamp_authority,
       r.verdict = e.verdict AND r.sub_indication IS NOT DISTINCT FROM e.sub_indication
       AND r.timestamp_status IS NOT DISTINCT FROM e.timestamp_status
       AND r.timestamp_time IS NOT DISTINCT FROM e.timestamp_time AS ok
FROM tst_expect e LEFT JOIN tst_result r USING (sig) ORDER BY e.sig;

-- the facts at the validation time stay as they are
SELECT sig, certificate_time_status, revocation_status, revocation_time, claimed_signing_time
FROM tst_result ORDER BY sig;

-- the warnings and errors that say why
SELECT sig, 'warning' AS kind, w AS message FROM tst_result, unnest(warnings) w
UNION ALL
SELECT sig, 'error', e FROM tst_result, unnest(errors) e
ORDER BY 1, 2, 3;

-- in a later validation, the relief still holds; before the timestamp (2026-01-01)
-- the token proves nothing yet (its genTime is after the validation time)
SELECT s AS sig, at, v.verdict, v.timestamp_status, v.timestamp_time
FROM (VALUES ('sig_expired_tst', '2040-01-01'::timestamptz),
             ('sig_valid_tst', '2026-01-01')) t(s, at),
     dossier.verify_cms(pg_temp.g('content'), pg_temp.g(t.s), t.at, false) v
ORDER BY 1;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_crl;
DROP TABLE gen_b64, gen, tst_expect, tst_result;
