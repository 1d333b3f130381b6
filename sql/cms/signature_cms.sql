-- dossier.verify_cms: detached CMS signatures made at test time with the
-- openssl CLI (test/fixtures/gen/make_pki.sh --cms) over a PKI of a root, a
-- CA and leaves of every kind, validated at the fixed instant 2030-06-01
-- (inside every CRL's window, so the result never depends on the day the
-- test runs); the leaf revoked only in OCSP is validated just after its
-- response's thisUpdate (openssl ocsp dates a response now, so no other
-- validation relies on a response).  Every
-- signature gets its expected verdict and sub-indication, and the content
-- changed after signing, a changed signature value, truncated and foreign
-- blobs are checked too.  Keys are fresh each run, so only verdicts,
-- booleans and names are shown.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

CREATE TEMP TABLE gen_b64 (name text, b64 text);
\copy gen_b64 FROM PROGRAM 'bash test/fixtures/gen/make_pki.sh --cms' WITH (FORMAT csv, DELIMITER ' ')
CREATE TEMP TABLE gen AS SELECT name, decode(b64, 'base64') AS der FROM gen_b64;
SELECT count(*) AS objects, count(*) FILTER (WHERE name LIKE 'sig\_%') AS signatures FROM gen;
CREATE FUNCTION pg_temp.g(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT der FROM gen WHERE name = n $$;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;
SELECT dossier.load_certificate(pg_temp.g('root'), true, 'generated root') IS NOT NULL AS root;
SELECT count(dossier.load_certificate(der)) AS intermediates FROM gen WHERE name IN ('ca', 'notca');
SELECT count(dossier.load_crl(der)) AS crls FROM gen WHERE name LIKE '%\_crl';
SELECT count(dossier.load_ocsp_response(der)) AS ocsp_responses FROM gen WHERE name LIKE '%\_ocsp';

-- the instant an OCSP-only case is validated at: just after its response
SELECT (dossier.inspect_ocsp_response(pg_temp.g('ocsp_revoked_ocsp'))).this_update[1] + interval '1 minute'
  AS ocsp_at \gset

CREATE TEMP TABLE cms_expect (sig text PRIMARY KEY, content text, at timestamptz,
                              verdict text, sub_indication text);
INSERT INTO cms_expect VALUES
  ('sig_valid',              'content', '2030-06-01', 'valid', NULL),
  ('sig_valid_noattr',       'content', '2030-06-01', 'valid', NULL),
  ('sig_valid_keyid',        'content', '2030-06-01', 'valid', NULL),
  ('sig_valid_keyid_noattr', 'content', '2030-06-01', 'valid', NULL),
  ('sig_valid_ec',           'content', '2030-06-01', 'valid', NULL),
  ('sig_valid_ec_noattr',    'content', '2030-06-01', 'valid', NULL),
  ('sig_valid_sha512',       'content', '2030-06-01', 'valid', NULL),
  ('sig_expired',            'content', '2030-06-01', 'expired', 'EXPIRED'),
  ('sig_not_yet_valid',      'content', '2030-06-01', 'expired', 'NOT_YET_VALID'),
  ('sig_revoked',            'content', '2030-06-01', 'revoked', 'REVOKED'),
  ('sig_ocsp_revoked',       'content', :'ocsp_at',   'revoked', 'REVOKED'),
  ('sig_encipher_only',      'content', '2030-06-01', 'untrusted', 'CHAIN_CONSTRAINTS_FAILURE'),
  ('sig_under_notca',        'content', '2030-06-01', 'untrusted', 'CHAIN_CONSTRAINTS_FAILURE'),
  ('sig_rogue',              'content', '2030-06-01', 'untrusted', 'NO_CERTIFICATE_CHAIN_FOUND'),
  ('sig_rsa1024',            'content', '2030-06-01', 'untrusted', 'CRYPTO_CONSTRAINTS_FAILURE'),
  ('sig_sha1_cert',          'content', '2030-06-01', 'untrusted', 'CRYPTO_CONSTRAINTS_FAILURE'),
  ('sig_sha1_digest',        'content', '2030-06-01', 'untrusted', 'CRYPTO_CONSTRAINTS_FAILURE'),
  ('sig_md5_digest',         'content', '2030-06-01', 'untrusted', 'CRYPTO_CONSTRAINTS_FAILURE'),
  ('sig_no_certs',           'content', '2030-06-01', 'untrusted', 'NO_SIGNING_CERTIFICATE_FOUND'),
  ('sig_two_signers',        'content', '2030-06-01', 'malformed', 'FORMAT_FAILURE'),
  ('sig_embedded',           'content', '2030-06-01', 'malformed', 'FORMAT_FAILURE'),
  ('sig_embedded_ber',       'content', '2030-06-01', 'malformed', 'FORMAT_FAILURE');

-- every generated signature is expected somewhere
SELECT name AS unexpected FROM gen WHERE name LIKE 'sig\_%' AND name NOT IN (SELECT sig FROM cms_expect);

CREATE TEMP TABLE cms_result AS
SELECT e.sig, v.* FROM cms_expect e,
  dossier.verify_cms(pg_temp.g(e.content), pg_temp.g(e.sig), e.at) v;

-- every verdict as expected
SELECT e.sig, e.verdict AS expected, r.verdict AS got, r.indication, r.sub_indication,
       r.verdict = e.verdict AND r.sub_indication IS NOT DISTINCT FROM e.sub_indication AS ok
FROM cms_expect e LEFT JOIN cms_result r USING (sig) ORDER BY e.sig;

-- details: integrity, signer, chain, key usage, times, revocation
SELECT sig, digest_matches, signature_value_ok, signer_subject, chain_length, anchor IS NOT NULL AS anchored,
       key_usage_ok, certificate_time_status, revocation_status, revocation_source, revocation_reason,
       claimed_signing_time IS NOT NULL AS claimed_time, validation_time = e.at AS at_kept
FROM (SELECT r.*, cardinality(r.chain) AS chain_length FROM cms_result r) r JOIN cms_expect e USING (sig)
ORDER BY sig;
-- the signer certificate is returned, byte for byte
SELECT r.sig, r.signer_certificate = pg_temp.g(m.leaf) AS signer_certificate_kept
FROM cms_result r JOIN (VALUES ('sig_valid', 'valid'), ('sig_valid_ec', 'valid_ec'),
                               ('sig_valid_keyid_noattr', 'valid')) m(sig, leaf) USING (sig)
ORDER BY 1;
-- PDF fields are NULL for a bare CMS signature
SELECT count(*) FILTER (WHERE byte_range IS NULL AND coverage IS NULL AND modification_level IS NULL
                          AND docmdp_permission IS NULL AND docmdp_respected IS NULL) AS pdf_fields_null,
       count(*) AS signatures
FROM cms_result;
-- the messages of a few failures
SELECT sig, e AS error FROM cms_result, unnest(errors) e
WHERE sig IN ('sig_two_signers', 'sig_embedded', 'sig_embedded_ber', 'sig_no_certs',
              'sig_sha1_digest', 'sig_md5_digest', 'sig_encipher_only', 'sig_ocsp_revoked')
ORDER BY sig, e;

-- the content changed after signing: tampered, whatever the form
SELECT s AS sig, v.verdict, v.sub_indication, v.digest_matches, v.signature_value_ok
FROM unnest(ARRAY['sig_valid', 'sig_valid_noattr', 'sig_valid_keyid', 'sig_valid_ec',
                  'sig_valid_ec_noattr', 'sig_valid_sha512', 'sig_expired']) s,
     dossier.verify_cms(pg_temp.g('content_tampered'), pg_temp.g(s), '2030-06-01') v
ORDER BY s;
-- the signature value changed (its last byte): tampered, the digest still matches
SELECT s AS sig, v.verdict, v.sub_indication, v.digest_matches, v.signature_value_ok
FROM unnest(ARRAY['sig_valid', 'sig_valid_noattr']) s,
     LATERAL (SELECT pg_temp.g(s) AS d) d,
     dossier.verify_cms(pg_temp.g('content'),
                        overlay(d.d placing set_byte('\x00', 0, get_byte(d.d, length(d.d) - 1) # 1)
                                from length(d.d) for 1),
                        '2030-06-01') v
ORDER BY s;
-- the precedence, case by case: tampered outranks every trust problem;
-- in 2050 (after every notAfter and every CRL's nextUpdate) expired
-- outranks the wrong key usage and the stale CRL
SELECT c, s AS sig, at, v.verdict, v.sub_indication, cardinality(v.errors) > 1 AS more_findings
FROM (VALUES ('content_tampered', 'sig_rsa1024', '2030-06-01'::timestamptz),
             ('content_tampered', 'sig_revoked', '2030-06-01'),
             ('content_tampered', 'sig_rogue', '2030-06-01'),
             ('content', 'sig_encipher_only', '2050-01-01')) t(c, s, at),
     dossier.verify_cms(pg_temp.g(t.c), pg_temp.g(t.s), t.at) v
ORDER BY 1, 2;

-- unreadable signatures are verdicts, not errors
SELECT label, v.verdict, v.sub_indication, v.errors
FROM (VALUES ('empty', '\x'::bytea),
             ('truncated', substring(pg_temp.g('sig_valid') FROM 1 FOR 200)),
             ('trailing byte', pg_temp.g('sig_valid') || '\x00'::bytea),
             ('a certificate', pg_temp.g('valid')),
             ('an OCSP response', pg_temp.g('ocsp_revoked_ocsp'))) t(label, sig),
     dossier.verify_cms(pg_temp.g('content'), t.sig, '2030-06-01') v
ORDER BY label;

-- at defaults to now(); NULL content or signature gives NULL; at must be finite
SELECT validation_time = now() AS at_is_now FROM dossier.verify_cms(pg_temp.g('content'), pg_temp.g('sig_valid'));
SELECT dossier.verify_cms(NULL, pg_temp.g('sig_valid')) IS NULL AS null_content,
       dossier.verify_cms(pg_temp.g('content'), NULL) IS NULL AS null_signature;
\set VERBOSITY default
SELECT verdict FROM dossier.verify_cms(pg_temp.g('content'), pg_temp.g('sig_valid'), 'infinity');
\set VERBOSITY terse

-- soft revocation: without CRLs and OCSP responses a valid signer is
-- indeterminate by default and valid (with warnings) when soft
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;
SELECT r AS require_revocation, v.verdict, v.sub_indication, v.revocation_status, cardinality(v.warnings) > 0 AS warned
FROM unnest(ARRAY[true, false]) r,
     dossier.verify_cms(pg_temp.g('content'), pg_temp.g('sig_valid'), '2030-06-01', r) v
ORDER BY r;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;
