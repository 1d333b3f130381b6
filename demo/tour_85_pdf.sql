-- demo tour: signed PDFs (issue 4): verify_pdf, its summary and pdf_signed_by
-- on third-party files the project carries (test/fixtures/pdf, each with
-- its SOURCE.md and licence) and on a copy changed here
SET search_path = dossier, public;
SELECT to_regprocedure('dossier.verify_pdf(bytea, timestamptz, boolean)') IS NOT NULL AS ok \gset
\if :ok
\echo '== 8.5 signed PDFs (dossier.verify_pdf): integrity, trust, and what changed after signing'
\echo '   (node-signpdf, whose self-signed signer the DBA trusts, and EU DSS attack samples; validated at 2026-06-01)'
\set once `base64 -w0 test/fixtures/pdf/node-signpdf/signed-once.pdf`
\set signer `cat test/fixtures/pdf/node-signpdf/certs/signpdf-selfsigned.pem`
\set hide `base64 -w0 test/fixtures/pdf/esig-dss/shadow-hide.pdf`
\set page `base64 -w0 test/fixtures/pdf/esig-dss/added-page-after-signing.pdf`
CREATE TEMP TABLE demo_pdf (name text PRIMARY KEY, pdf bytea);
INSERT INTO demo_pdf VALUES
  ('signed', decode(:'once', 'base64')),
  ('shadow attack (hide)', decode(:'hide', 'base64')),
  ('page added after signing', decode(:'page', 'base64'));
-- the DBA trusts node-signpdf's self-signed test signer (PEM, as the file is)
SELECT dossier.load_certificate(convert_to(:'signer', 'UTF8'), as_anchor => true,
                                note => 'demo anchor (node-signpdf test signer)') IS NOT NULL AS anchor_loaded;
\set ECHO queries
-- one signed byte changed: the PDF header's version
INSERT INTO demo_pdf SELECT 'one byte changed', overlay(pdf PLACING '%PDF-1.5'::bytea FROM 1)
FROM demo_pdf WHERE name = 'signed';
-- one row per signature, in revision order
SELECT d.name, v.signature_number AS n, v.verdict, v.indication, v.sub_indication,
       v.coverage, v.modification_level, left(v.signer_subject, 45) AS signer
FROM demo_pdf d, LATERAL dossier.verify_pdf(d.pdf, '2026-06-01') v
ORDER BY d.name, v.signature_number;
-- why the attacks are attacks
SELECT d.name, left(v.errors[1], 110) AS first_error
FROM demo_pdf d, LATERAL dossier.verify_pdf(d.pdf, '2026-06-01') v
WHERE v.verdict <> 'valid' ORDER BY d.name;
-- the document as a whole
SELECT d.name, s.signature_count, s.revision_count, s.all_passed, s.last_covers_whole_file, s.worst_verdict
FROM demo_pdf d, LATERAL dossier.verify_pdf_summary(d.pdf, '2026-06-01') s ORDER BY d.name;
-- the digitization check: signed, validly, by this signer?
SELECT name, dossier.pdf_signed_by(pdf, signer_subject_like => '%signpdf%', at => '2026-06-01') AS signed_by_signer
FROM demo_pdf ORDER BY name;
\set ECHO none
\else
\echo '== 8.5 signed PDFs: skipped, not in this build yet'
\endif
