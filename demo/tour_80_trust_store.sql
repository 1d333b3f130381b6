-- demo tour: the trust store and certificate validation (issue 4, first slice)
SET search_path = dossier, public;
SELECT to_regprocedure('dossier.verify_certificate(bytea, timestamptz, bytea[], boolean, text[], boolean, boolean, boolean)') IS NOT NULL AS ok \gset
\if :ok
\echo '== 8. certificates (dossier.verify_certificate) against anchors the DBA chose'
\echo '   (NIST PKITS test certificates, carried in test/fixtures/pkits; validated at 2026-06-01)'
\set anchor `base64 -w0 test/fixtures/pkits/certs/TrustAnchorRootCertificate.crt`
\set anchor_crl `base64 -w0 test/fixtures/pkits/crls/TrustAnchorRootCRL.crl`
\set ca `base64 -w0 test/fixtures/pkits/certs/GoodCACert.crt`
\set ca_crl `base64 -w0 test/fixtures/pkits/crls/GoodCACRL.crl`
\set good `base64 -w0 test/fixtures/pkits/certs/ValidCertificatePathTest1EE.crt`
\set revoked `base64 -w0 test/fixtures/pkits/certs/InvalidRevokedEETest3EE.crt`
\set expired `base64 -w0 test/fixtures/pkits/certs/InvalidEEnotAfterDateTest6EE.crt`
-- the files, read by psql on the client, into a temporary table
CREATE TEMP TABLE demo_file (name text PRIMARY KEY, der bytea);
INSERT INTO demo_file VALUES
  ('anchor', decode(:'anchor', 'base64')), ('anchor_crl', decode(:'anchor_crl', 'base64')),
  ('ca', decode(:'ca', 'base64')), ('ca_crl', decode(:'ca_crl', 'base64')),
  ('valid path', decode(:'good', 'base64')), ('revoked end entity', decode(:'revoked', 'base64')),
  ('expired end entity', decode(:'expired', 'base64'));
\set ECHO queries
-- the DBA chooses the anchor; intermediates and CRLs go in the store too
SELECT dossier.load_certificate(der, as_anchor => true, note => 'demo anchor (NIST PKITS)') IS NOT NULL AS anchor_loaded
FROM demo_file WHERE name = 'anchor';
SELECT dossier.load_certificate(der) IS NOT NULL AS intermediate_loaded FROM demo_file WHERE name = 'ca';
SELECT count(dossier.load_crl(der)) AS crls_loaded FROM demo_file WHERE name LIKE '%crl';
SELECT subject, issuer, not_after, key_algorithm, key_bits
FROM demo_file, LATERAL dossier.inspect_certificate(der) WHERE name = 'valid path';
SELECT f.name, v.verdict, v.indication, v.sub_indication, v.revocation_status, v.chain_length
FROM demo_file f, LATERAL dossier.verify_certificate(f.der, at => '2026-06-01') v
WHERE f.name LIKE '%entity' OR f.name = 'valid path'
ORDER BY f.name;
\set ECHO none
\else
\echo '== 8. certificates: skipped, not in this build yet'
\endif
