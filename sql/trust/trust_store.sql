-- Trust store: loading and inspecting certificates and CRLs, their errors,
-- verify_certificate's verdict fields, soft and hard revocation, and the
-- per-backend cache following the tables (also across a rollback).
-- Fixtures come from test/fixtures/pkits (see SOURCE.md).
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

CREATE TEMP TABLE fx (name text PRIMARY KEY, der bytea);
\set f `base64 -w0 test/fixtures/pkits/certs/TrustAnchorRootCertificate.crt`
INSERT INTO fx VALUES ('root', decode(:'f', 'base64'));
\set f `base64 -w0 test/fixtures/pkits/crls/TrustAnchorRootCRL.crl`
INSERT INTO fx VALUES ('root_crl', decode(:'f', 'base64'));
\set f `base64 -w0 test/fixtures/pkits/certs/GoodCACert.crt`
INSERT INTO fx VALUES ('ca', decode(:'f', 'base64'));
\set f `base64 -w0 test/fixtures/pkits/crls/GoodCACRL.crl`
INSERT INTO fx VALUES ('ca_crl', decode(:'f', 'base64'));
\set f `base64 -w0 test/fixtures/pkits/certs/ValidCertificatePathTest1EE.crt`
INSERT INTO fx VALUES ('ee', decode(:'f', 'base64'));
\set f `base64 -w0 test/fixtures/pkits/certs/InvalidRevokedEETest3EE.crt`
INSERT INTO fx VALUES ('ee_revoked', decode(:'f', 'base64'));
\set f `base64 -w0 test/fixtures/pkits/certs/InvalidEEnotAfterDateTest6EE.crt`
INSERT INTO fx VALUES ('ee_expired', decode(:'f', 'base64'));
\set f `base64 -w0 test/fixtures/pkits/certs/ValidDSASignaturesTest4EE.crt`
INSERT INTO fx VALUES ('ee_dsa', decode(:'f', 'base64'));
\set f `base64 -w0 test/fixtures/pkits/certs/DSACACert.crt`
INSERT INTO fx VALUES ('ca_dsa', decode(:'f', 'base64'));
\set f `base64 -w0 test/fixtures/pkits/crls/DSACACRL.crl`
INSERT INTO fx VALUES ('ca_dsa_crl', decode(:'f', 'base64'));
CREATE FUNCTION pg_temp.fx(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT der FROM fx WHERE name = n $$;
-- PEM form of a DER certificate (64-character lines)
CREATE FUNCTION pg_temp.pem(der bytea, label text DEFAULT 'CERTIFICATE') RETURNS bytea LANGUAGE sql AS $$
  SELECT convert_to('-----BEGIN ' || label || E'-----\n' ||
         regexp_replace(translate(encode(der, 'base64'), E'\n', ''), '(.{64})', E'\\1\n', 'g') ||
         E'\n-----END ' || label || E'-----\n', 'UTF8') $$;

-- inspection
SELECT * FROM dossier.inspect_certificate(pg_temp.fx('ca')) \gx
SELECT subject, key_usage, extended_key_usage, is_ca, path_len_constraint, self_issued
FROM dossier.inspect_certificate(pg_temp.fx('root'));
SELECT key_algorithm, key_bits, signature_algorithm FROM dossier.inspect_certificate(pg_temp.fx('ee_dsa'));
-- PEM and DER give the same certificate, and certificate_der normalises PEM
SELECT (dossier.inspect_certificate(pg_temp.pem(pg_temp.fx('ee')))).sha256_fingerprint =
       (dossier.inspect_certificate(pg_temp.fx('ee'))).sha256_fingerprint AS pem_equals_der,
       dossier.certificate_der(pg_temp.pem(pg_temp.fx('ee'))) = pg_temp.fx('ee') AS der_roundtrip;
SELECT issuer, this_update, next_update, revoked_count, der = pg_temp.fx('ca_crl') AS der_kept
FROM dossier.inspect_crl(pg_temp.pem(pg_temp.fx('ca_crl'), 'X509 CRL'));

-- malformed input: VN301 for certificates, VN302 for CRLs
\set VERBOSITY default
SELECT dossier.inspect_certificate('\x');
SELECT dossier.inspect_certificate('\x3082');
SELECT dossier.inspect_certificate(pg_temp.fx('ee') || '\x00'::bytea);
SELECT dossier.inspect_certificate(convert_to(E'-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', 'UTF8'));
SELECT dossier.inspect_certificate(pg_temp.fx('ca_crl'));
SELECT dossier.inspect_crl(pg_temp.fx('ca'));
SELECT dossier.load_certificate('\xdeadbeef');
SELECT dossier.load_crl('\xdeadbeef');
DO $$ BEGIN PERFORM dossier.load_certificate('\x00');
EXCEPTION WHEN SQLSTATE 'VN301' THEN RAISE WARNING 'caught VN301'; END $$;
SELECT count(*) AS anchors_after_errors FROM dossier.trust_anchor;

-- loading: fingerprints, derived columns, loading twice is a no-op
SELECT dossier.load_certificate(pg_temp.fx('root'), true, 'PKITS root') =
       (dossier.inspect_certificate(pg_temp.fx('root'))).sha256_fingerprint AS returns_fingerprint;
SELECT dossier.load_certificate(pg_temp.pem(pg_temp.fx('root')), true) IS NOT NULL AS again;
SELECT subject, issuer, serial, not_before, not_after, note, der = pg_temp.fx('root') AS der_kept
FROM dossier.trust_anchor;
SELECT dossier.load_crl(pg_temp.fx('root_crl')) = dossier.load_crl(pg_temp.fx('root_crl')) AS crl_idempotent;
SELECT dossier.load_crl(pg_temp.fx('ca_crl')) IS NOT NULL AS ca_crl_loaded;
SELECT issuer, this_update, next_update, revoked_count FROM dossier.trust_crl ORDER BY issuer;
-- derived columns cannot be forged: the trigger recomputes them
UPDATE dossier.trust_anchor SET subject = 'CN=Forged';
SELECT subject FROM dossier.trust_anchor;

-- a valid path, the intermediate given as input, every field shown
SELECT * FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01', ARRAY[pg_temp.fx('ca')]) \gx
-- without the intermediate: no chain
SELECT verdict, indication, sub_indication, anchor, revocation_status
FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01');
-- the intermediate in the table is found; the cache sees the insert at once
SELECT dossier.load_certificate(pg_temp.fx('ca')) IS NOT NULL AS ca_loaded;
SELECT verdict, chain, revocation_status FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01');
-- revoked: time and reason from the CRL
SELECT verdict, indication, sub_indication, revocation_status, revocation_source,
       revocation_time, revocation_reason
FROM dossier.verify_certificate(pg_temp.fx('ee_revoked'), '2026-06-01');
-- expired at the validation time, valid before
SELECT verdict, indication, sub_indication FROM dossier.verify_certificate(pg_temp.fx('ee_expired'), '2026-06-01');
SELECT verdict FROM dossier.verify_certificate(pg_temp.fx('ee_expired'), '2010-06-01', require_revocation => false);
-- before the CA's validity: not yet valid
SELECT verdict, sub_indication FROM dossier.verify_certificate(pg_temp.fx('ee'), '2009-06-01');
-- weak crypto by policy
SELECT verdict, sub_indication, errors
FROM dossier.verify_certificate(pg_temp.fx('ee_dsa'), '2026-06-01',
                                ARRAY[pg_temp.fx('ca_dsa')], require_revocation => false);
-- a malformed leaf is a verdict, a malformed intermediate an error
SELECT verdict, indication, sub_indication, errors, chain, revocation_status
FROM dossier.verify_certificate('\x0102', '2026-06-01');
SELECT verdict FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01', ARRAY['\x01'::bytea]);
-- bad parameters
SELECT verdict FROM dossier.verify_certificate(pg_temp.fx('ee'), 'infinity');
SELECT verdict FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01', policies => ARRAY['not.an.oid']);
SELECT dossier.verify_certificate(NULL) IS NULL AS null_in_null_out;
-- a policy the path does not assert, and explicit policy required
SELECT verdict, sub_indication FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01',
  policies => ARRAY['2.16.840.1.101.3.2.1.48.2'], explicit_policy => true);

-- revocation: without the CA's CRL the status is unknown; soft mode warns
DELETE FROM dossier.trust_crl WHERE issuer LIKE 'CN=Good CA,%';
SELECT verdict, indication, sub_indication, revocation_status, errors
FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01');
SELECT verdict, revocation_status, warnings
FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01', require_revocation => false);
-- the CRL back: good again (stale CRLs: PKITS 4.4.11 and 4.4.12 in trust_pkits)
SELECT dossier.load_crl(pg_temp.fx('ca_crl')) IS NOT NULL AS reloaded;
SELECT verdict, revocation_status FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01');

-- the cache follows the tables, including a rolled-back delete
BEGIN;
DELETE FROM dossier.trust_anchor;
SELECT verdict, sub_indication FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01');
ROLLBACK;
SELECT verdict FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01');
TRUNCATE dossier.trust_intermediate;
SELECT verdict, sub_indication FROM dossier.verify_certificate(pg_temp.fx('ee'), '2026-06-01');

-- the tables are configuration: pg_dump keeps their rows
SELECT c.relname FROM pg_extension e, unnest(e.extconfig) t(oid) JOIN pg_class c ON c.oid = t.oid
WHERE e.extname = 'dossier' AND c.relname LIKE 'trust%' ORDER BY 1;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_crl;
