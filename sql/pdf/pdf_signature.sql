-- dossier.verify_pdf and dossier.verify_pdf_summary on node-signpdf's
-- signed-once.pdf (test/fixtures/pdf/node-signpdf, its self-signed signer
-- the only anchor), on copies changed here, and on input that is not a
-- PDF.  Validated at the fixed instant 2026-06-01, so the result never
-- depends on the day the test runs.  The corpus suites (pdf_corpus,
-- pdf_generated) check every verdict; this one the columns and the errors.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

\set once `base64 -w0 test/fixtures/pdf/node-signpdf/signed-once.pdf`
\set anchor `cat test/fixtures/pdf/node-signpdf/certs/signpdf-selfsigned.pem`
CREATE TEMP TABLE doc (name text PRIMARY KEY, pdf bytea);
INSERT INTO doc VALUES ('signed-once', decode(:'once', 'base64'));
-- a signed byte changed: the header's version
INSERT INTO doc SELECT 'tampered', overlay(pdf PLACING '%PDF-1.5'::bytea FROM 1) FROM doc WHERE name = 'signed-once';
-- the /SubFilter renamed (same length): not supported, then a document timestamp
INSERT INTO doc SELECT 'sha1-subfilter', decode(replace(encode(pdf, 'hex'),
    encode('/adbe.pkcs7.detached', 'hex'), encode('/adbe.pkcs7.sha1    ', 'hex')), 'hex')
  FROM doc WHERE name = 'signed-once';
INSERT INTO doc SELECT 'doc-timestamp', decode(replace(encode(pdf, 'hex'),
    encode('/adbe.pkcs7.detached', 'hex'), encode('/ETSI.RFC3161       ', 'hex')), 'hex')
  FROM doc WHERE name = 'signed-once';
-- a comment appended after the signed revision
INSERT INTO doc SELECT 'appended', pdf || convert_to(E'\n% unsigned\n', 'UTF8') FROM doc WHERE name = 'signed-once';

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;

-- without the anchor: intact, but untrusted
SELECT signature_number, field_name, subfilter, revision, verdict, indication, sub_indication,
       digest_matches, signature_value_ok
FROM doc, dossier.verify_pdf(pdf, '2026-06-01') WHERE name = 'signed-once';

SELECT dossier.load_certificate(convert_to(:'anchor', 'UTF8'), true, 'node-signpdf signer') IS NOT NULL AS anchor;

-- every column of the valid signature
\x on
SELECT signature_number, field_name, subfilter, revision, verdict, indication, sub_indication,
       digest_matches, signature_value_ok, byte_range, coverage, modification_level,
       docmdp_permission, docmdp_respected, signer_subject, signer_issuer, signer_serial,
       signer_certificate = dossier.certificate_der(convert_to(:'anchor', 'UTF8')) AS signer_certificate_is_anchor,
       chain, anchor, key_usage_ok, certificate_time_status, revocation_status,
       revocation_source, revocation_time, revocation_reason, claimed_signing_time,
       timestamp_time, timestamp_status, timestamp_authority,
       validation_time, warnings, errors
FROM doc, dossier.verify_pdf(pdf, '2026-06-01') v WHERE name = 'signed-once';
SELECT s.* FROM doc, dossier.verify_pdf_summary(pdf, '2026-06-01') s WHERE name = 'signed-once';
\x off

-- each changed copy: its verdict, and the document's
SELECT d.name, v.signature_number, v.verdict, v.indication, v.sub_indication, v.coverage,
       v.modification_level, v.errors
FROM doc d, dossier.verify_pdf(d.pdf, '2026-06-01') v ORDER BY d.name, v.signature_number;
SELECT d.name, s.* FROM doc d, dossier.verify_pdf_summary(d.pdf, '2026-06-01') s ORDER BY d.name;

-- require_revocation: the signer is the anchor, so nothing is missing
SELECT verdict, revocation_status FROM doc, dossier.verify_pdf(pdf, '2026-06-01', true) WHERE name = 'signed-once';
-- before the signer's certificate was valid
SELECT verdict, sub_indication, certificate_time_status
FROM doc, dossier.verify_pdf(pdf, '2000-01-01') WHERE name = 'signed-once';
-- the default instant is now(): same row as an explicit now()
SELECT (SELECT validation_time FROM doc, dossier.verify_pdf(pdf) WHERE name = 'signed-once') = now() AS at_now;

-- NULL: no row, a NULL summary
SELECT count(*) AS rows FROM dossier.verify_pdf(NULL);
SELECT s IS NULL AS null_summary FROM dossier.verify_pdf_summary(NULL) s;
-- a PDF without signatures
SELECT * FROM dossier.verify_pdf_summary(convert_to(
  E'%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'UTF8'));

-- errors: not a PDF (VN304), an infinite validation time (22023)
\set VERBOSITY default
SELECT * FROM dossier.verify_pdf('not a pdf'::bytea);
SELECT * FROM dossier.verify_pdf_summary(''::bytea);
SELECT * FROM dossier.verify_pdf('%PDF-1.7 and nothing else'::bytea);
SELECT * FROM doc, dossier.verify_pdf(pdf, 'infinity') WHERE name = 'signed-once';
SET client_min_messages = notice;
DO $$
BEGIN
  PERFORM * FROM dossier.verify_pdf('not a pdf'::bytea);
EXCEPTION WHEN SQLSTATE 'VN304' THEN RAISE NOTICE 'VN304 caught';
END $$;
SET client_min_messages = warning;

DELETE FROM dossier.trust_anchor;
DROP TABLE doc;

-- verify_pdf restates the columns of dossier.signature_verdict after its
-- own four (extension/parts/82_pdf_signature.sql and 81_signature.sql); the
-- C glue fills both from one table.  Every position where the two differ
-- in name or type, or where one has a column the other lacks, is a row:
-- there should be none.
WITH pdf_column AS (
  SELECT row_number() OVER (ORDER BY c.ord) AS position, c.name, c.type
  FROM pg_proc p,
       unnest(p.proargnames, p.proallargtypes, p.proargmodes)
         WITH ORDINALITY AS c(name, type, mode, ord)
  WHERE p.oid = 'dossier.verify_pdf(bytea, timestamptz, boolean)'::regprocedure
    AND c.mode = 't'),
pdf_verdict_column AS (
  SELECT position - 4 AS position, name, type FROM pdf_column WHERE position > 4),
verdict_attribute AS (
  SELECT row_number() OVER (ORDER BY a.attnum) AS position, a.attname::text AS name,
         a.atttypid AS type
  FROM pg_attribute a
  WHERE a.attrelid = 'dossier.signature_verdict'::regclass
    AND a.attnum > 0 AND NOT a.attisdropped)
SELECT coalesce(p.position, v.position) AS position,
       p.name AS verify_pdf_column, p.type::regtype AS verify_pdf_type,
       v.name AS verdict_attribute, v.type::regtype AS verdict_type
FROM pdf_verdict_column p
FULL JOIN verdict_attribute v ON v.position = p.position
WHERE p.name IS DISTINCT FROM v.name OR p.type IS DISTINCT FROM v.type
ORDER BY 1;
