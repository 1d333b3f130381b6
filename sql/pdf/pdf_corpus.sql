-- The third-party signed PDFs of test/fixtures/pdf/{pyhanko,esig-dss,
-- node-signpdf} (each directory with its SOURCE.md, LICENSE, MANIFEST.tsv
-- and the certificates its MANIFEST names) through dossier.verify_pdf and
-- dossier.verify_pdf_summary.  The MANIFEST's expected verdict holds "at
-- validation time now (2026) using only the anchors in the same
-- directory": each directory is verified with exactly its anchors and
-- intermediates in the trust tables, at the fixed instant 2026-06-01, with
-- revocation required.  A file whose document verdict differs must be
-- listed in corpus_deviation with its reason, and a listed
-- file that stops differing is reported too.
SET client_min_messages = warning;
SET TimeZone = 'UTC';

-- fixtures, read by psql on the client side (cwd is the checkout)
CREATE TEMP TABLE corpus_b64 (path text, b64 text);
\copy corpus_b64 FROM PROGRAM 'cd test/fixtures/pdf && for f in pyhanko/*.pdf pyhanko/*/*.pdf esig-dss/*.pdf node-signpdf/*.pdf */certs/*.pem; do echo "$f $(base64 -w0 "$f")"; done' WITH (FORMAT csv, DELIMITER ' ')
CREATE TEMP TABLE corpus_file AS SELECT path, decode(b64, 'base64') AS bytes FROM corpus_b64;
CREATE TEMP TABLE corpus_manifest (file text, source_repo text, source_path text, source_commit text,
  license text, expected text, expected_per_signature text, how_known text, trust_context text,
  dir text);
\copy corpus_manifest (file, source_repo, source_path, source_commit, license, expected, expected_per_signature, how_known, trust_context) FROM 'test/fixtures/pdf/pyhanko/MANIFEST.tsv' WITH (FORMAT csv, DELIMITER E'\t', QUOTE E'\x01', HEADER true)
UPDATE corpus_manifest SET dir = 'pyhanko' WHERE dir IS NULL;
\copy corpus_manifest (file, source_repo, source_path, source_commit, license, expected, expected_per_signature, how_known, trust_context) FROM 'test/fixtures/pdf/esig-dss/MANIFEST.tsv' WITH (FORMAT csv, DELIMITER E'\t', QUOTE E'\x01', HEADER true)
UPDATE corpus_manifest SET dir = 'esig-dss' WHERE dir IS NULL;
\copy corpus_manifest (file, source_repo, source_path, source_commit, license, expected, expected_per_signature, how_known, trust_context) FROM 'test/fixtures/pdf/node-signpdf/MANIFEST.tsv' WITH (FORMAT csv, DELIMITER E'\t', QUOTE E'\x01', HEADER true)
UPDATE corpus_manifest SET dir = 'node-signpdf' WHERE dir IS NULL;
-- the MANIFEST's pdf/x.pdf is the fixture <dir>/x.pdf, certs/x.pem is <dir>/certs/x.pem
ALTER TABLE corpus_manifest ADD COLUMN path text;
UPDATE corpus_manifest SET path = dir || '/' || regexp_replace(file, '^pdf/', '');

-- the corpus is complete: every MANIFEST row has its file, every PDF its row
SELECT dir, count(*) FILTER (WHERE expected NOT IN ('anchor', 'intermediate')) AS pdfs,
       count(*) FILTER (WHERE expected = 'anchor') AS anchors,
       count(*) FILTER (WHERE expected = 'intermediate') AS intermediates,
       count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM corpus_file f WHERE f.path = m.path)) AS missing
FROM corpus_manifest m GROUP BY dir ORDER BY dir;
SELECT path AS pdf_without_manifest_row FROM corpus_file
WHERE path LIKE '%.pdf' AND path NOT IN (SELECT path FROM corpus_manifest);

-- where the MANIFEST cannot be met, and why (checked below both ways)
CREATE TEMP TABLE corpus_deviation (path text PRIMARY KEY, got text, reason text);
INSERT INTO corpus_deviation VALUES
  ('esig-dss/double-signer-info.pdf', 'untrusted',
   'two SignerInfos of the same signer, both verifying, are one signature (issue 14 item 1, as PoDoFo writes them); DSS''s default policy fails the SignerInformationStore, pdfsig and openssl cms accept'),
  ('esig-dss/byterange-overlap.pdf', 'tampered',
   'the second signature''s overlapping ranges are still digested (issue 14 item 2): the digest differs (pdfsig: Digest Mismatch), and tampered outranks the format failure DSS reports'),
  ('pyhanko/coverage-anomalies/weird-byterange.pdf', 'attack',
   'the CMS verifies over 50 of 7486 bytes (pdfsig: Valid, not total document signed): the unclear coverage is an attack finding, which outranks the format failure (issue 14 item 2)');

CREATE TEMP TABLE corpus_sig (path text, n integer, subfilter text, verdict text,
                              sub_indication text, coverage text, modification_level text);
CREATE TEMP TABLE corpus_doc (path text PRIMARY KEY, expected text, signature_count int,
                              all_passed boolean, last_covers_whole_file boolean, worst_verdict text);

-- one directory: its anchors and intermediates only, then its PDFs
CREATE FUNCTION pg_temp.run_dir(d text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dossier.trust_anchor;
  DELETE FROM dossier.trust_intermediate;
  DELETE FROM dossier.trust_crl;
  DELETE FROM dossier.trust_ocsp;
  PERFORM dossier.load_certificate(f.bytes, m.expected = 'anchor', m.dir || ' corpus')
  FROM corpus_manifest m JOIN corpus_file f USING (path)
  WHERE m.dir = d AND m.expected IN ('anchor', 'intermediate');
  INSERT INTO corpus_sig
  SELECT m.path, v.signature_number, v.subfilter, v.verdict, v.sub_indication, v.coverage, v.modification_level
  FROM corpus_manifest m JOIN corpus_file f USING (path),
       dossier.verify_pdf(f.bytes, '2026-06-01', true) v
  WHERE m.dir = d AND m.expected NOT IN ('anchor', 'intermediate');
  INSERT INTO corpus_doc
  SELECT m.path, m.expected, s.signature_count, s.all_passed, s.last_covers_whole_file, s.worst_verdict
  FROM corpus_manifest m JOIN corpus_file f USING (path),
       dossier.verify_pdf_summary(f.bytes, '2026-06-01', true) s
  WHERE m.dir = d AND m.expected NOT IN ('anchor', 'intermediate');
END $$;
SELECT pg_temp.run_dir(d) FROM (VALUES ('pyhanko'), ('esig-dss'), ('node-signpdf')) AS x(d);

-- every document verdict as the MANIFEST says
SELECT path, expected, worst_verdict AS got, signature_count AS sigs, all_passed, last_covers_whole_file,
       worst_verdict = expected AS ok
FROM corpus_doc ORDER BY path;
SELECT count(*) AS pdfs, count(*) FILTER (WHERE worst_verdict = expected) AS as_expected FROM corpus_doc;

-- a difference that is not a listed deviation, or a deviation that is gone
SELECT c.path, c.expected, c.worst_verdict AS got, d.reason
FROM corpus_doc c FULL JOIN corpus_deviation d USING (path)
WHERE (c.worst_verdict IS DISTINCT FROM c.expected) <> (d.path IS NOT NULL)
   OR (d.path IS NOT NULL AND d.got IS DISTINCT FROM c.worst_verdict);

-- per signature: what decided each verdict
SELECT path, n, subfilter, verdict, sub_indication, coverage, modification_level
FROM corpus_sig ORDER BY path, n;

-- the pyHanko files that are expired now were valid when their signers'
-- certificates were (the MANIFEST's "valid at 2020-11-01"): the same
-- anchors, at 2020-11-01, revocation not required (no CRL is shipped)
DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
SELECT count(dossier.load_certificate(f.bytes, m.expected = 'anchor', 'pyhanko corpus')) AS pyhanko_certificates
FROM corpus_manifest m JOIN corpus_file f USING (path)
WHERE m.dir = 'pyhanko' AND m.expected IN ('anchor', 'intermediate');
SELECT m.path, v.signature_number AS n, v.verdict, v.indication, v.revocation_status
FROM corpus_manifest m JOIN corpus_file f USING (path),
     dossier.verify_pdf(f.bytes, '2020-11-01', false) v
WHERE m.dir = 'pyhanko' AND m.expected = 'expired'
ORDER BY m.path, n;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DROP TABLE corpus_b64, corpus_file, corpus_manifest, corpus_deviation, corpus_sig, corpus_doc;
