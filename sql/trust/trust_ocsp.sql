-- Stored OCSP responses (test/fixtures/openssl-ocsp, see SOURCE.md): the
-- 29 cases of openssl-ocsp.json, each run through dossier.verify_certificate
-- against a trust store that holds exactly that case's root, other
-- certificates and OCSP responses (no CRLs), at the case's moment (the
-- responses are from October 2012 and valid for a few days).  Revocation is
-- soft (require_revocation => false), as in the upstream tests: the CA of
-- the delegated cases has no revocation information at all, which only
-- warns, while a stored response for a certificate that cannot be relied on
-- (bad signature, unknown responder, mismatched CertID, stale) makes the
-- status unknown in either mode.  The expected verdict is the MANIFEST.tsv
-- one.  Also: inspection, loading, VN303, the table trigger and the cache.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

-- fixtures, read by psql on the client side (cwd is the checkout)
CREATE TEMP TABLE ocsp_b64 (name text, b64 text);
\copy ocsp_b64 FROM PROGRAM 'cd test/fixtures/openssl-ocsp && for f in *.pem; do echo "$f $(base64 -w0 "$f")"; done; for f in *.ors; do echo "$f $(tr -d "\r\n" < "$f")"; done' WITH (FORMAT csv, DELIMITER ' ')
CREATE TEMP TABLE ocsp_file AS
  SELECT name, decode(b64, 'base64') AS der FROM ocsp_b64;
CREATE TEMP TABLE ocsp_manifest (file text, source_repo text, source_path text, source_commit text,
  license text, expected text, expected_per_signature text, how_known text, trust_context text);
\copy ocsp_manifest FROM 'test/fixtures/openssl-ocsp/MANIFEST.tsv' WITH (FORMAT csv, DELIMITER E'\t', QUOTE E'\x01', HEADER true)
\set ocsp_json `cat test/fixtures/openssl-ocsp/openssl-ocsp.json`

CREATE TEMP TABLE ocsp_case AS
SELECT n AS ord, c->>'name' AS name, c->>'root' AS root, c->>'cert' AS cert,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(c->'other_certs', '[]'))) AS other_certs,
       ARRAY(SELECT jsonb_array_elements_text(c->'ocsps')) AS ocsps,
       (c->>'path_len')::int AS path_len,
       (c->>'moment')::timestamptz AS moment,
       c->'error'->>'class' AS error_class,
       m.expected
FROM jsonb_array_elements(:'ocsp_json'::jsonb) WITH ORDINALITY AS j(c, n)
LEFT JOIN ocsp_manifest m
  ON split_part(split_part(m.expected_per_signature, ':', 1), ' ', 2) = c->>'name';

-- the corpus is complete: 29 cases, each with its expectation and files
SELECT count(*) AS cases, count(expected) AS with_expectation,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM unnest(ARRAY[root, cert] || other_certs || ocsps) x
                                      WHERE NOT EXISTS (SELECT 1 FROM ocsp_file f WHERE f.name = x))) AS missing_file
FROM ocsp_case;
SELECT coalesce(error_class, '(none)') AS error_class, expected, count(*)
FROM ocsp_case GROUP BY 1, 2 ORDER BY 1, 2;

-- inspection of a direct and a delegated response
SELECT responder_id, produced_at, signature_algorithm, cert_count, response_count,
       cert_serial, cert_status, this_update, next_update, revocation_time,
       hash_algorithm, issuer_key_hash
FROM ocsp_file f, dossier.inspect_ocsp_response(f.der) i
WHERE f.name IN ('ND1.ors', 'D1.ors') ORDER BY f.name;
SELECT (dossier.inspect_ocsp_response(der)).der = der AS der_kept FROM ocsp_file WHERE name = 'ND3.ors';

-- unreadable or unsuccessful responses: VN303
\set VERBOSITY default
SELECT dossier.inspect_ocsp_response('\x');
SELECT dossier.inspect_ocsp_response('\x3082');
SELECT dossier.load_ocsp_response(der || '\x00'::bytea) FROM ocsp_file WHERE name = 'ND3.ors';
-- OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED tryLater(3) }
SELECT dossier.inspect_ocsp_response('\x30030a0103');
SELECT dossier.load_ocsp_response(der) FROM ocsp_file WHERE name = 'ND3_Cert_EE.pem';
CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;
SELECT pg_temp.sqlstate_of($$SELECT dossier.load_ocsp_response('\x30030a0101')$$) AS malformed_request,
       pg_temp.sqlstate_of($$INSERT INTO dossier.trust_ocsp (der) VALUES ('\x00')$$) AS direct_insert;
\set VERBOSITY terse

-- loading: the trigger derives the columns, a second load is a no-op
DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;
SELECT dossier.load_ocsp_response(der) = dossier.load_ocsp_response(der) AS idempotent
FROM ocsp_file WHERE name = 'ND3.ors';
SELECT responder_id, produced_at, cert_serial, cert_status, this_update, next_update, issuer_key_hash
FROM dossier.trust_ocsp;
UPDATE dossier.trust_ocsp SET cert_status = '{revoked}';
SELECT cert_status FROM dossier.trust_ocsp;
SELECT pg_temp.sqlstate_of($$INSERT INTO dossier.trust_ocsp (der) SELECT der FROM ocsp_file WHERE name = 'ND3.ors'$$) AS duplicate;

-- the cache follows the table: the same leaf before and after its response
SELECT dossier.load_certificate(der, true) IS NOT NULL AS root FROM ocsp_file WHERE name = 'ND3_Issuer_Root.pem';
SELECT verdict, revocation_status, revocation_source
FROM ocsp_file, dossier.verify_certificate(der, '2012-10-12') WHERE name = 'ND3_Cert_EE.pem';
DELETE FROM dossier.trust_ocsp;
SELECT verdict, sub_indication, revocation_status, revocation_source
FROM ocsp_file, dossier.verify_certificate(der, '2012-10-12') WHERE name = 'ND3_Cert_EE.pem';
BEGIN;
SELECT dossier.load_ocsp_response(der) IS NOT NULL AS loaded FROM ocsp_file WHERE name = 'ND3.ors';
SELECT verdict, revocation_status FROM ocsp_file, dossier.verify_certificate(der, '2012-10-12')
WHERE name = 'ND3_Cert_EE.pem';
ROLLBACK;
SELECT verdict, revocation_status FROM ocsp_file, dossier.verify_certificate(der, '2012-10-12')
WHERE name = 'ND3_Cert_EE.pem';

-- every case
CREATE TEMP TABLE ocsp_result (ord bigint PRIMARY KEY, v dossier.certificate_verdict,
                               hard dossier.certificate_verdict);
CREATE FUNCTION pg_temp.run_case(c ocsp_case) RETURNS SETOF ocsp_result
LANGUAGE plpgsql AS $$
DECLARE
  leaf bytea := (SELECT der FROM ocsp_file WHERE name = c.cert);
BEGIN
  DELETE FROM dossier.trust_anchor;
  DELETE FROM dossier.trust_intermediate;
  DELETE FROM dossier.trust_ocsp;
  PERFORM dossier.load_certificate(der, true) FROM ocsp_file WHERE name = c.root;
  PERFORM dossier.load_certificate(der) FROM ocsp_file WHERE name = ANY (c.other_certs);
  PERFORM dossier.load_ocsp_response(der) FROM ocsp_file WHERE name = ANY (c.ocsps);
  RETURN QUERY SELECT c.ord,
    dossier.verify_certificate(leaf, c.moment, require_revocation => false),
    dossier.verify_certificate(leaf, c.moment);
END $$;
INSERT INTO ocsp_result SELECT r.* FROM ocsp_case c, pg_temp.run_case(c) r;

-- every case gets its expected verdict
SELECT c.name, c.expected, (r.v).verdict AS got, (r.v).sub_indication,
       (r.v).revocation_status, (r.v).revocation_source, (r.v).chain_length = c.path_len AS path_ok,
       (r.v).verdict = c.expected AS ok
FROM ocsp_case c JOIN ocsp_result r USING (ord) ORDER BY c.ord;
SELECT count(*) AS cases, count(*) FILTER (WHERE (r.v).verdict = c.expected) AS as_expected
FROM ocsp_case c JOIN ocsp_result r USING (ord);

-- why each failing case failed: the OCSP findings, subjects left out
SELECT c.name, regexp_replace(e, '^certificate (\d+) \(.*?\): ', 'certificate \1: ') AS error
FROM ocsp_case c JOIN ocsp_result r USING (ord), unnest((r.v).errors) e
WHERE c.expected <> 'valid' ORDER BY c.ord, e;

-- hard mode: the direct cases cover every certificate below the root, so
-- they keep their verdicts; the delegated ones lack the CA's status
SELECT (r.hard).verdict, (r.hard).sub_indication, count(*),
       string_agg(c.name, ', ' ORDER BY c.ord) FILTER (WHERE c.expected = 'valid') AS valid_cases
FROM ocsp_case c JOIN ocsp_result r USING (ord) GROUP BY 1, 2 ORDER BY 1, 2;

-- the crypto policy holds at the validation time: these CA certificates are
-- signed with SHA-1, accepted before 2016 only
DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_ocsp;
SELECT dossier.load_certificate(der, true) IS NOT NULL AS root FROM ocsp_file WHERE name = 'ND2_Issuer_Root.pem';
SELECT t AS at, verdict, sub_indication
FROM ocsp_file, unnest(ARRAY['2015-12-31 23:59:59+00', '2016-01-01 00:00:00+00']::timestamptz[]) t,
     dossier.verify_certificate(der, t, require_revocation => false)
WHERE name = 'ND1_Issuer_ICA.pem' ORDER BY t;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;
