-- A PKI made at test time with the openssl CLI
-- (test/fixtures/gen/make_pki.sh): root and CA valid 2025-2049, CRLs dated
-- 2025-06-01 to 2049-12-31, and leaves that are valid (RSA, ECDSA), expired,
-- not yet valid, revoked, for key encipherment only, weak (RSA-1024, SHA-1),
-- under a CA certificate without CA:TRUE, or under a rogue root with the
-- real root's name.  Validated at the fixed instant 2030-06-01, so the
-- result never depends on the day the test runs.
-- Keys are fresh each run, so only verdicts and names are shown.
SET client_min_messages = warning;
SET TimeZone = 'UTC';

CREATE TEMP TABLE gen_b64 (name text, b64 text);
\copy gen_b64 FROM PROGRAM 'bash test/fixtures/gen/make_pki.sh' WITH (FORMAT csv, DELIMITER ' ')
CREATE TEMP TABLE gen AS SELECT name, decode(b64, 'base64') AS der FROM gen_b64;
SELECT count(*) AS objects FROM gen;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
SELECT dossier.load_certificate(der, true, 'generated root') IS NOT NULL AS root FROM gen WHERE name = 'root';
SELECT count(dossier.load_certificate(der)) AS intermediates FROM gen WHERE name IN ('ca', 'notca');
SELECT count(dossier.load_crl(der)) AS crls FROM gen WHERE name LIKE '%crl';

CREATE TEMP TABLE gen_expect (name text PRIMARY KEY, verdict text, sub_indication text);
INSERT INTO gen_expect VALUES
  ('root', 'valid', NULL),
  ('valid', 'valid', NULL),
  ('valid_ec', 'valid', NULL),
  ('encipher_only', 'valid', NULL),
  ('expired', 'expired', 'EXPIRED'),
  ('not_yet_valid', 'expired', 'NOT_YET_VALID'),
  ('revoked', 'revoked', 'REVOKED'),
  ('rsa1024', 'untrusted', 'CRYPTO_CONSTRAINTS_FAILURE'),
  ('sha1', 'untrusted', 'CRYPTO_CONSTRAINTS_FAILURE'),
  ('under_notca', 'untrusted', 'CHAIN_CONSTRAINTS_FAILURE'),
  ('rogue_leaf', 'untrusted', 'NO_CERTIFICATE_CHAIN_FOUND'),
  ('rogue_root', 'untrusted', 'NO_CERTIFICATE_CHAIN_FOUND');

CREATE TEMP TABLE gen_result AS
SELECT g.name, v.* FROM gen g, dossier.verify_certificate(g.der, '2030-06-01') v
WHERE g.name IN (SELECT name FROM gen_expect);

-- every verdict as expected
SELECT e.name, e.verdict AS expected, r.verdict AS got, r.indication, r.sub_indication,
       r.verdict = e.verdict AND r.sub_indication IS NOT DISTINCT FROM e.sub_indication AS ok
FROM gen_expect e LEFT JOIN gen_result r USING (name) ORDER BY e.name;

-- details: chain and anchor of the valid ones, key usage, revocation
SELECT name, chain_length, anchor, key_usage_ok, revocation_status, revocation_reason,
       cardinality(warnings) AS warnings
FROM gen_result ORDER BY name;

-- what inspection says of the weak and the EC leaves
SELECT g.name, i.key_algorithm, i.key_bits, i.signature_algorithm, i.key_usage
FROM gen g, dossier.inspect_certificate(g.der) i
WHERE g.name IN ('rsa1024', 'sha1', 'valid_ec', 'encipher_only') ORDER BY g.name;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
