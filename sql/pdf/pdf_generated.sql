-- dossier.verify_pdf on the PDFs test/fixtures/gen/make_pdf.sh writes,
-- signed with the PKI of test/fixtures/gen/make_pki.sh (make_pki.sh --pdf:
-- root and CA valid 2025-2049, CRLs dated 2025-06-01 to 2049-12-31): the
-- valid leaf signs the whole corpus (valid, tampered, a second signature in
-- an appended revision, changed content, an annotation, form filling,
-- appearance-only changes, DocMDP 1 and 2, FieldMDP locks (the signed
-- transform and a field's /Lock), ByteRange anomalies, wrapping,
-- a gap larger than /Contents, a missing /Contents, a document timestamp
-- revision by the PKI's TSA leaf, the same with a byte of its revision
-- changed, and one whose token is signed by the valid leaf, which lacks the
-- timeStamping EKU), and the expired, not yet valid, revoked and rogue
-- leaves, the ECDSA leaf, the keyEncipherment-only leaf and the RSA-1024
-- leaf sign signed.pdf once each; the expired and revoked ones get a
-- document timestamp revision too (stamped-N), which comes too late to
-- prove anything for them.  A leaf that expires tomorrow signs signed.pdf,
-- with and without a document timestamp (pdfnow_*), checked a year from
-- now: the timestamp proves the signature existed in time.  The root
-- is the only anchor, the CA an intermediate, the CRLs loaded; validated
-- at the fixed instant 2030-06-01 with revocation required, so the result
-- never depends on the day the test runs.  Keys are fresh each run, so only
-- verdicts and names are shown.
SET client_min_messages = warning;
SET TimeZone = 'UTC';

CREATE TEMP TABLE gen_b64 (name text, b64 text);
\copy gen_b64 FROM PROGRAM 'bash test/fixtures/gen/make_pki.sh --pdf' WITH (FORMAT csv, DELIMITER ' ')
CREATE TEMP TABLE gen AS SELECT name, decode(b64, 'base64') AS bytes FROM gen_b64;
SELECT count(*) FILTER (WHERE name LIKE 'pdf\_%') AS pdfs FROM gen;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;
SELECT dossier.load_certificate(bytes, true, 'generated root') IS NOT NULL AS root FROM gen WHERE name = 'root';
SELECT count(dossier.load_certificate(bytes)) AS intermediates FROM gen WHERE name = 'ca';
SELECT count(dossier.load_crl(bytes)) AS crls FROM gen WHERE name IN ('root_crl', 'ca_crl');

-- the document verdict of each PDF, and the verdict of each signature in order
CREATE TEMP TABLE gen_expect (name text PRIMARY KEY, document text, signatures text[]);
INSERT INTO gen_expect VALUES
  ('signed',                 'valid',     '{valid}'),
  ('tampered',               'tampered',  '{tampered/HASH_FAILURE}'),
  ('two-sigs',               'valid',     '{valid,valid}'),
  -- names and strings that are not UTF-8 as written still give text
  -- (issue 14 item 4): the /SubFilter with a Latin-1 byte is unsupported
  ('subfilter-byte',         'indeterminate', '{indeterminate/FORMAT_FAILURE}'),
  ('field-utf16',            'valid',     '{valid}'),
  ('field-utf8-bad',         'valid',     '{valid}'),
  -- the second signer's font added to the AcroForm is signing
  -- (signatures_only), a font it changes is form filling: both allowed
  ('two-sigs-dr',            'valid',     '{valid,valid}'),
  ('two-sigs-dr-changed',    'valid',     '{valid,valid}'),
  ('content-changed',        'attack',    '{attack/SIG_CONSTRAINTS_FAILURE}'),
  ('annot-added',            'valid',     '{valid}'),
  ('certified-p1-annot',     'attack',    '{attack/SIG_CONSTRAINTS_FAILURE}'),
  ('form-filled',            'valid',     '{valid}'),
  ('form-ap-replaced',       'attack',    '{attack/SIG_CONSTRAINTS_FAILURE}'),
  ('form-ap-swapped',        'attack',    '{attack/SIG_CONSTRAINTS_FAILURE}'),
  ('certified-p2-form',      'valid',     '{valid}'),
  -- FieldMDP: a locked field filled after signing is an attack
  ('fieldmdp-locked',        'attack',    '{attack/SIG_CONSTRAINTS_FAILURE}'),
  ('fieldmdp-other',         'valid',     '{valid}'),
  ('fieldmdp-exclude',       'valid',     '{valid}'),
  ('fieldmdp-all',           'attack',    '{attack/SIG_CONSTRAINTS_FAILURE}'),
  ('field-lock-all',         'attack',    '{attack/SIG_CONSTRAINTS_FAILURE}'),
  ('fieldmdp-value-object',  'attack',    '{attack/SIG_CONSTRAINTS_FAILURE}'),
  ('br-not-zero',            'malformed', '{malformed/FORMAT_FAILURE}'),
  -- overlapping ranges cover the /Contents, so what was signed changed
  -- when the CMS was written: the format failure does not hide it
  ('br-overlap',             'tampered',  '{tampered/HASH_FAILURE}'),
  ('br-past-eof',            'malformed', '{malformed/FORMAT_FAILURE}'),
  ('contents-missing',       'malformed', '{malformed/FORMAT_FAILURE}'),
  -- a format failure (SignerInfos of two signers, a /ByteRange not at 0)
  -- never hides a changed content or an attack (issue 14 item 2); a
  -- revoked signer stays a finding below it
  ('two-signers',            'malformed', '{malformed/FORMAT_FAILURE}'),
  ('two-signers-tampered',   'tampered',  '{tampered/HASH_FAILURE}'),
  ('two-signers-content-changed', 'attack', '{attack/SIG_CONSTRAINTS_FAILURE}'),
  ('br-not-zero-revoked',    'malformed', '{malformed/FORMAT_FAILURE}'),
  -- the dictionary's own CMS signed other ranges than the wrapped ones:
  -- tampered outranks the structural attack
  ('wrapping',               'tampered',  '{tampered/HASH_FAILURE}'),
  ('gap-too-big',            'attack',    '{attack/SIG_CONSTRAINTS_FAILURE}'),
  ('signed-by-expired',      'expired',   '{expired/EXPIRED}'),
  ('signed-by-not_yet_valid','expired',   '{expired/NOT_YET_VALID}'),
  ('signed-by-revoked',      'revoked',   '{revoked/REVOKED}'),
  ('signed-by-rogue_leaf',   'untrusted', '{untrusted/NO_CERTIFICATE_CHAIN_FOUND}'),
  ('signed-by-valid_ec',     'valid',     '{valid}'),
  ('signed-by-encipher_only','untrusted', '{untrusted/CHAIN_CONSTRAINTS_FAILURE}'),
  ('signed-by-rsa1024',      'untrusted', '{untrusted/CRYPTO_CONSTRAINTS_FAILURE}'),
  -- document timestamps (ETSI.RFC3161) are validated and count
  ('doc-timestamp',          'valid',     '{valid,valid}'),
  ('doc-timestamp-tampered', 'tampered',  '{valid,tampered/HASH_FAILURE}'),
  ('doc-timestamp-noeku',    'untrusted', '{valid,untrusted/CHAIN_CONSTRAINTS_FAILURE}'),
  -- a document timestamp made today is no proof of existence for a
  -- signer expired in 2021 or revoked before it
  ('stamped-expired',        'expired',   '{expired/EXPIRED,valid}'),
  ('stamped-revoked',        'revoked',   '{revoked/REVOKED,valid}');

-- every generated PDF is expected somewhere
SELECT name AS unexpected FROM gen WHERE name LIKE 'pdf\_%' AND substr(name, 5) NOT IN (SELECT name FROM gen_expect);

CREATE TEMP TABLE gen_pdf AS SELECT substr(name, 5) AS name, bytes FROM gen WHERE name LIKE 'pdf\_%';
CREATE TEMP TABLE gen_sig AS
SELECT g.name, v.* FROM gen_pdf g, dossier.verify_pdf(g.bytes, '2030-06-01', true) v;
CREATE TEMP TABLE gen_doc AS
SELECT g.name, s.* FROM gen_pdf g, dossier.verify_pdf_summary(g.bytes, '2030-06-01', true) s;

-- every verdict as expected
SELECT e.name, e.document AS expected, d.worst_verdict AS got,
       ARRAY(SELECT verdict || coalesce('/' || sub_indication, '') FROM gen_sig s
             WHERE s.name = e.name ORDER BY signature_number) AS signatures,
       d.worst_verdict = e.document
       AND e.signatures = ARRAY(SELECT verdict || coalesce('/' || sub_indication, '') FROM gen_sig s
                                WHERE s.name = e.name ORDER BY signature_number) AS ok
FROM gen_expect e LEFT JOIN gen_doc d USING (name) ORDER BY e.name;

-- the structure of each signature, and the document summary
SELECT name, signature_number AS n, field_name, revision, byte_range IS NOT NULL AS has_byte_range,
       coverage, modification_level, docmdp_permission, docmdp_respected,
       digest_matches, signature_value_ok, signer_subject, cardinality(chain) AS chain_length,
       revocation_status, revocation_source
FROM gen_sig ORDER BY name, n;
SELECT name, signature_count, revision_count, all_passed, last_covers_whole_file,
       unsigned_trailing_bytes > 0 AS unsigned_tail
FROM gen_doc ORDER BY name;

-- a document timestamp: its TSA, its genTime (the claimed_signing_time: made
-- by this run, so only checked to be recent) and the first error
SELECT name, signature_number AS n, subfilter, verdict, signer_subject,
       claimed_signing_time BETWEEN now() - interval '1 hour' AND now() AS time_is_gen_time,
       errors[1] AS first_error
FROM gen_sig WHERE subfilter LIKE '%RFC3161' ORDER BY name, n;

-- the structural reason an attack or malformed signature gives
SELECT name, errors[1] AS first_error FROM gen_sig
WHERE verdict IN ('attack', 'malformed') ORDER BY name;

-- what a format failure leaves computed: integrity, trust and the other
-- findings (issue 14 item 2)
SELECT name, digest_matches, signature_value_ok, revocation_status, modification_level,
       ARRAY(SELECT e FROM unnest(errors) e ORDER BY e) AS errors
FROM gen_sig WHERE name LIKE 'two-signers%' OR name LIKE 'br-%' ORDER BY name;

-- text from names and strings that are not UTF-8: the PDF name escape
-- (#E9) for the /SubFilter, qpdf's conversion of UTF-16BE and the text
-- escape (\xFF) for a field name; pdf_signed_by answers for these files
SELECT name, field_name, subfilter, errors[1] AS first_error,
       dossier.pdf_signed_by(g.bytes, NULL, NULL, '2030-06-01') AS signed
FROM gen_sig s JOIN gen_pdf g USING (name)
WHERE name IN ('subfilter-byte', 'field-utf16', 'field-utf8-bad') ORDER BY name;

-- the proof of existence a document timestamp of a later revision gives the
-- signatures it covers: the document timestamp itself has none
SELECT name, signature_number AS n, subfilter, verdict, timestamp_status,
       timestamp_time = (SELECT t.claimed_signing_time FROM gen_sig t
                         WHERE t.name = s.name AND t.subfilter LIKE '%RFC3161') AS time_is_doc_gen_time,
       timestamp_authority, certificate_time_status, revocation_status
FROM gen_sig s WHERE name IN ('doc-timestamp', 'stamped-expired', 'stamped-revoked')
ORDER BY name, n;
SELECT name, signature_number AS n,
       regexp_replace(w, '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC', '<time>', 'g') AS warning
FROM gen_sig, unnest(warnings) w
WHERE name IN ('stamped-expired', 'stamped-revoked') AND w LIKE '%timestamp%'
ORDER BY name, n, w;

-- the leaf that expires tomorrow, a year from now: expired without the
-- document timestamp, valid with it (a warning names both times)
CREATE TEMP TABLE now_sig AS
SELECT substr(g.name, 8) AS name, v.*
FROM gen g, dossier.verify_pdf(g.bytes, now() + interval '1 year', true) v
WHERE g.name LIKE 'pdfnow\_%';
SELECT name, signature_number AS n, subfilter, verdict, sub_indication, certificate_time_status,
       timestamp_status, timestamp_time IS NOT NULL AS has_timestamp_time,
       timestamp_time = (SELECT t.claimed_signing_time FROM now_sig t
                         WHERE t.name = s.name AND t.subfilter LIKE '%RFC3161') AS time_is_doc_gen_time
FROM now_sig s ORDER BY name, n;
SELECT name, signature_number AS n,
       regexp_replace(w, '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC', '<time>', 'g') AS warning
FROM now_sig, unnest(warnings) w WHERE w LIKE '%timestamp%' ORDER BY name, n, w;
SELECT count(*) AS pdfs, bool_and(all_passed) FILTER (WHERE substr(g.name, 8) LIKE 'stamped%') AS stamped_all_passed
FROM gen g, dossier.verify_pdf_summary(g.bytes, now() + interval '1 year', true) s
WHERE g.name LIKE 'pdfnow\_%';

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DROP TABLE gen_b64, gen, gen_pdf, gen_expect, gen_sig, gen_doc, now_sig;
