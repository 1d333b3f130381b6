-- dossier.verify_pdf on PDFs signed by other signing tools than the
-- project's generator (test/fixtures/gen/make_producers.sh, run by
-- make_pki.sh --producers): PoDoFo's podofosign, which writes two
-- SignerInfos of the same signer (issue 14 item 1), for every verdict class
-- (valid RSA and ECDSA, tampered, revoked, expired, untrusted, and the
-- incremental saving attacks: content replaced, page added), signed twice
-- by PoDoFo, and the committed @signpdf fixture (test/fixtures/pdf/signpdf)
-- signed again by PoDoFo (issue 14 item 3).  The PKI is make_pki.sh's
-- (root the only anchor, the CA an intermediate, CRLs loaded), validated at
-- the fixed instant 2030-06-01 with revocation required; the @signpdf
-- fixture's self-signed signer is an anchor too.  Keys are fresh each run,
-- so only verdicts, levels and messages are shown.
SET client_min_messages = warning;
SET TimeZone = 'UTC';

CREATE TEMP TABLE prod_b64 (name text, b64 text);
\copy prod_b64 FROM PROGRAM 'bash test/fixtures/gen/make_pki.sh --producers' WITH (FORMAT csv, DELIMITER ' ')
CREATE TEMP TABLE prod AS SELECT name, decode(b64, 'base64') AS bytes FROM prod_b64;
SELECT count(*) FILTER (WHERE name LIKE 'prod\_%') AS pdfs FROM prod;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;
SELECT count(dossier.load_certificate(bytes, true, name)) AS anchors FROM prod WHERE name IN ('root', 'signpdf_signer');
SELECT count(dossier.load_certificate(bytes)) AS intermediates FROM prod WHERE name = 'ca';
SELECT count(dossier.load_crl(bytes)) AS crls FROM prod WHERE name IN ('root_crl', 'ca_crl');

CREATE TEMP TABLE prod_pdf AS SELECT substr(name, 6) AS name, bytes FROM prod WHERE name LIKE 'prod\_%';
CREATE TEMP TABLE prod_sig AS
SELECT p.name, v.* FROM prod_pdf p, dossier.verify_pdf(p.bytes, '2030-06-01', true) v;
CREATE TEMP TABLE prod_doc AS
SELECT p.name, s.* FROM prod_pdf p, dossier.verify_pdf_summary(p.bytes, '2030-06-01', true) s;

-- the document verdict and each signature's verdict and modification level
CREATE TEMP TABLE prod_expect (name text PRIMARY KEY, document text, signatures text[]);
INSERT INTO prod_expect VALUES
  ('podofo-rsa',                 'valid',     '{valid/none}'),
  ('podofo-ec',                  'valid',     '{valid/none}'),
  ('podofo-tampered',            'tampered',  '{tampered/HASH_FAILURE/none}'),
  ('podofo-revoked',             'revoked',   '{revoked/REVOKED/none}'),
  ('podofo-expired',             'expired',   '{expired/EXPIRED/none}'),
  ('podofo-rogue',               'untrusted', '{untrusted/NO_CERTIFICATE_CHAIN_FOUND/none}'),
  ('podofo-content-changed',     'attack',    '{attack/SIG_CONSTRAINTS_FAILURE/other}'),
  ('podofo-page-added',          'attack',    '{attack/SIG_CONSTRAINTS_FAILURE/other}'),
  ('podofo-twice',               'valid',     '{valid/signatures_only,valid/none}'),
  ('podofo-twice-content-changed', 'attack',  '{attack/SIG_CONSTRAINTS_FAILURE/other,valid/none}'),
  -- what a second signer adds (field, widget, appearance, its font in the
  -- AcroForm /DA and /DR, /Fields, /SigFlags, the page's /Annots) is
  -- signatures_only (issue 14 item 3); more than that is still seen
  ('signpdf-podofo',             'valid',     '{valid/signatures_only,valid/none}'),
  ('podofo-annot-twice',         'valid',     '{valid/annotations,valid/none}'),
  ('podofo-dr-changed-twice',    'valid',     '{valid/form_filling,valid/none}'),
  ('pdfsig-rsa',                 'valid',     '{valid/none}'),
  ('pdfsig-twice',               'valid',     '{valid/signatures_only,valid/none}'),
  ('podofo-pdfsig',              'valid',     '{valid/signatures_only,valid/none}'),
  ('signpdf-pdfsig',             'valid',     '{valid/signatures_only,valid/none}');

SELECT name AS unexpected FROM prod_pdf WHERE name NOT IN (SELECT name FROM prod_expect);
SELECT e.name, d.worst_verdict AS got,
       ARRAY(SELECT verdict || coalesce('/' || sub_indication, '') || '/' || modification_level
             FROM prod_sig s WHERE s.name = e.name ORDER BY signature_number) AS signatures,
       d.worst_verdict = e.document
       AND e.signatures = ARRAY(SELECT verdict || coalesce('/' || sub_indication, '') || '/' || modification_level
                                FROM prod_sig s WHERE s.name = e.name ORDER BY signature_number) AS ok
FROM prod_expect e LEFT JOIN prod_doc d USING (name) ORDER BY e.name;

-- PoDoFo's two SignerInfos are read as one signature, with a warning, and
-- the signer is identified; a changed byte fails both
SELECT name, signature_number AS n, subfilter, digest_matches, signature_value_ok,
       signer_subject, cardinality(chain) AS chain_length,
       (SELECT w FROM unnest(warnings) w WHERE w LIKE '%SignerInfos%') AS signer_infos
FROM prod_sig WHERE name IN ('podofo-rsa', 'podofo-ec', 'podofo-tampered') ORDER BY name, n;
SELECT name, e AS error FROM prod_sig, unnest(errors) e
WHERE name = 'podofo-tampered' ORDER BY e;

-- what an earlier signature reports when a second one is added
SELECT name, signature_number AS n, w AS warning FROM prod_sig, unnest(warnings) w
WHERE w LIKE 'After the signed revision%' ORDER BY name, n;
SELECT name, signature_number AS n, e AS error FROM prod_sig, unnest(errors) e
WHERE name LIKE '%twice%' AND e LIKE '%after signing%' ORDER BY name, n;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DROP TABLE prod_b64, prod, prod_pdf, prod_expect, prod_sig, prod_doc;
