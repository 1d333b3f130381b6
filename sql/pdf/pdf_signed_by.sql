-- dossier.pdf_signed_by on node-signpdf's signed-once.pdf and signed-twice.pdf
-- (test/fixtures/pdf/node-signpdf, their self-signed signers as anchors),
-- at the fixed instant 2026-06-01: by fingerprint, by subject pattern, both,
-- neither; a signer that is not trusted, a tampered copy, the expired
-- second signer of signed-twice.pdf; NULLs and malformed fingerprints.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
\pset null '(null)'

\set once `base64 -w0 test/fixtures/pdf/node-signpdf/signed-once.pdf`
\set twice `base64 -w0 test/fixtures/pdf/node-signpdf/signed-twice.pdf`
\set signer1 `cat test/fixtures/pdf/node-signpdf/certs/signpdf-selfsigned.pem`
\set signer2 `cat test/fixtures/pdf/node-signpdf/certs/signpdf-selfsigned-2.pem`
CREATE TEMP TABLE doc (name text PRIMARY KEY, pdf bytea);
INSERT INTO doc VALUES ('once', decode(:'once', 'base64')), ('twice', decode(:'twice', 'base64'));
INSERT INTO doc SELECT 'tampered', overlay(pdf PLACING '%PDF-1.5'::bytea FROM 1) FROM doc WHERE name = 'once';
CREATE TEMP TABLE signer AS
SELECT 'signer1' AS name, sha256_fingerprint AS fp, subject FROM dossier.inspect_certificate(convert_to(:'signer1', 'UTF8'))
UNION ALL
SELECT 'signer2', sha256_fingerprint, subject FROM dossier.inspect_certificate(convert_to(:'signer2', 'UTF8'));
SELECT name, subject FROM signer ORDER BY name;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;

-- no anchor yet: nothing verifies, so no signer matches
SELECT dossier.pdf_signed_by(pdf, at => '2026-06-01') AS any_signer FROM doc WHERE name = 'once';

SELECT count(dossier.load_certificate(convert_to(pem, 'UTF8'), true, 'node-signpdf signer')) AS anchors
FROM (VALUES (:'signer1'), (:'signer2')) AS x(pem);

-- each document against each way of naming a signer
CREATE TEMP TABLE probe (probe text, fp text, subject_like text);
INSERT INTO probe
SELECT 'any signer', NULL, NULL
UNION ALL SELECT 'signer1 by fingerprint', fp, NULL FROM signer WHERE name = 'signer1'
UNION ALL SELECT 'signer1, lower case with colons', lower(regexp_replace(fp, '(..)(?!$)', '\1:', 'g')), NULL FROM signer WHERE name = 'signer1'
UNION ALL SELECT 'signer1 by subject', NULL, '%,CN=signpdf,O=Some Company,%'
UNION ALL SELECT 'signer1 by both', fp, '%CN=signpdf%' FROM signer WHERE name = 'signer1'
UNION ALL SELECT 'signer1 fingerprint, wrong subject', fp, '%O=Someone Else%' FROM signer WHERE name = 'signer1'
UNION ALL SELECT 'signer2 by fingerprint', fp, NULL FROM signer WHERE name = 'signer2'
UNION ALL SELECT 'another fingerprint', repeat('AB', 32), NULL;
SELECT p.probe, d.name AS doc, dossier.pdf_signed_by(d.pdf, p.fp, p.subject_like, '2026-06-01') AS signed_by
FROM probe p CROSS JOIN doc d ORDER BY p.probe, d.name;

-- signer2's certificate of signed-twice.pdf was valid for one month (2018-09-25 to 2018-10-25)
SELECT dossier.pdf_signed_by(pdf, fp, NULL, '2018-10-01', false) AS signer2_in_2018_10,
       dossier.pdf_signed_by(pdf, fp, NULL, '2026-06-01', false) AS signer2_in_2026
FROM doc, signer WHERE doc.name = 'twice' AND signer.name = 'signer2';

-- NULL document: NULL; NULL at and require_revocation: their defaults
SELECT dossier.pdf_signed_by(NULL) AS null_pdf;
SELECT dossier.pdf_signed_by(pdf, NULL, NULL, NULL, NULL) AS null_options FROM doc WHERE name = 'once';

-- errors: a malformed fingerprint (22023), not a PDF (VN304), infinity (22023)
\set VERBOSITY default
SELECT dossier.pdf_signed_by(pdf, 'ABCD') FROM doc WHERE name = 'once';
SELECT dossier.pdf_signed_by(pdf, repeat('G', 64)) FROM doc WHERE name = 'once';
SELECT dossier.pdf_signed_by('not a pdf'::bytea);
SELECT dossier.pdf_signed_by(pdf, at => 'infinity') FROM doc WHERE name = 'once';

DELETE FROM dossier.trust_anchor;
DROP TABLE doc, signer, probe;
