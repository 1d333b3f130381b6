-- Who may verify signatures and keep the trust store (issue 13 item 4;
-- docs/roles.md, docs/reference/trust/trust_store.md "Who may verify"), as
-- a login member of each role: the staff roles, the auditor, the DBA and the
-- portal verify certificates, CMS and PDF signatures and read the store;
-- analysts, importers, the anonymous web role and a plain login do not.
-- The DBA keeps intermediates, CRLs and OCSP responses current but plants
-- no anchor and deletes nothing.  Fixtures: a PKI made at test time
-- (test/fixtures/gen/make_pki.sh --cms, validated at 2030-06-01) and
-- node-signpdf's signed-once.pdf (its self-signed signer as an anchor,
-- 2026-06-01).
SET client_min_messages = warning;
SET TimeZone = 'UTC';

CREATE TEMP TABLE gen_b64 (name text, b64 text);
\copy gen_b64 FROM PROGRAM 'bash test/fixtures/gen/make_pki.sh --cms' WITH (FORMAT csv, DELIMITER ' ')
\set once `base64 -w0 test/fixtures/pdf/node-signpdf/signed-once.pdf`
\set signer1 `cat test/fixtures/pdf/node-signpdf/certs/signpdf-selfsigned.pem`
CREATE TEMP TABLE fx (name text PRIMARY KEY, der bytea);
INSERT INTO fx SELECT name, decode(b64, 'base64') FROM gen_b64
WHERE name IN ('root', 'ca', 'root_crl', 'ca_crl', 'valid', 'rogue_root', 'rogue_leaf',
               'content', 'sig_valid', 'ocsp_revoked_ocsp');
INSERT INTO fx VALUES ('pdf', decode(:'once', 'base64')),
                      ('pdf_signer', dossier.certificate_der(convert_to(:'signer1', 'UTF8')));
GRANT SELECT ON fx TO PUBLIC;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;
SELECT count(dossier.load_certificate(der, true)) AS anchors FROM fx WHERE name IN ('root', 'pdf_signer');
SELECT count(dossier.load_certificate(der)) AS intermediates FROM fx WHERE name = 'ca';
SELECT count(dossier.load_crl(der)) AS crls FROM fx WHERE name IN ('root_crl', 'ca_crl');

CREATE ROLE regress_sig_desk LOGIN IN ROLE dossier_desk_officer;
CREATE ROLE regress_sig_specialist LOGIN IN ROLE dossier_specialist;
CREATE ROLE regress_sig_leader LOGIN IN ROLE dossier_leader;
CREATE ROLE regress_sig_clerk LOGIN IN ROLE dossier_clerk;
CREATE ROLE regress_sig_auditor LOGIN IN ROLE dossier_auditor;
CREATE ROLE regress_sig_dba LOGIN IN ROLE dossier_dba;
CREATE ROLE regress_sig_portal LOGIN IN ROLE dossier_portal;
CREATE ROLE regress_sig_analyst LOGIN IN ROLE dossier_analyst;
CREATE ROLE regress_sig_importer LOGIN IN ROLE dossier_importer;
CREATE ROLE regress_sig_web LOGIN IN ROLE dossier_public;
CREATE ROLE regress_sig_nobody LOGIN;
GRANT USAGE ON SCHEMA dossier TO regress_sig_nobody;

-- run stmt as role r: 'ok' and the result, or the SQLSTATE and message
CREATE FUNCTION pg_temp.as_role(r text, stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  res text;
BEGIN
  EXECUTE format('SET LOCAL ROLE %I', r);
  EXECUTE stmt INTO res;
  RESET ROLE;
  RETURN 'ok ' || coalesce(res, '(null)');
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END $$;

-- every verification, and a read of the store, as each role
SELECT r AS role,
  pg_temp.as_role(r, $$SELECT verdict FROM dossier.verify_certificate((SELECT der FROM pg_temp.fx WHERE name = 'valid'), '2030-06-01')$$) AS certificate,
  pg_temp.as_role(r, $$SELECT verdict FROM dossier.verify_cms((SELECT der FROM pg_temp.fx WHERE name = 'content'), (SELECT der FROM pg_temp.fx WHERE name = 'sig_valid'), '2030-06-01')$$) AS cms,
  pg_temp.as_role(r, $$SELECT string_agg(verdict, ',') FROM dossier.verify_pdf((SELECT der FROM pg_temp.fx WHERE name = 'pdf'), '2026-06-01')$$) AS pdf,
  pg_temp.as_role(r, $$SELECT worst_verdict FROM dossier.verify_pdf_summary((SELECT der FROM pg_temp.fx WHERE name = 'pdf'), '2026-06-01')$$) AS pdf_summary,
  pg_temp.as_role(r, $$SELECT dossier.pdf_signed_by((SELECT der FROM pg_temp.fx WHERE name = 'pdf'), at => '2026-06-01')::text$$) AS signed_by,
  pg_temp.as_role(r, $$SELECT count(*)::text FROM dossier.trust_anchor$$) AS anchors
FROM unnest(ARRAY['regress_sig_desk', 'regress_sig_specialist', 'regress_sig_leader', 'regress_sig_clerk',
                  'regress_sig_auditor', 'regress_sig_dba', 'regress_sig_portal', 'regress_sig_analyst',
                  'regress_sig_importer', 'regress_sig_web', 'regress_sig_nobody']) r
ORDER BY 1;

-- the DBA keeps the store current: CRLs, OCSP responses, intermediates and their notes
SELECT pg_temp.as_role('regress_sig_dba', $$SELECT (dossier.load_crl((SELECT der FROM pg_temp.fx WHERE name = 'ca_crl')) IS NOT NULL)::text$$) AS dba_loads_crl,
       pg_temp.as_role('regress_sig_dba', $$SELECT (dossier.load_ocsp_response((SELECT der FROM pg_temp.fx WHERE name = 'ocsp_revoked_ocsp')) IS NOT NULL)::text$$) AS dba_loads_ocsp,
       pg_temp.as_role('regress_sig_dba', $$SELECT (dossier.load_certificate((SELECT der FROM pg_temp.fx WHERE name = 'ca'), note => 'checked 2026') IS NOT NULL)::text$$) AS dba_loads_intermediate;
SELECT note FROM dossier.trust_intermediate;
-- ... but plants no anchor, by any path, and removes or rewrites nothing
SELECT pg_temp.as_role('regress_sig_dba', $$SELECT dossier.load_certificate((SELECT der FROM pg_temp.fx WHERE name = 'rogue_root'), true)$$) AS dba_loads_anchor;
SELECT pg_temp.as_role('regress_sig_dba', $$INSERT INTO dossier.trust_anchor (der) SELECT der FROM pg_temp.fx WHERE name = 'rogue_root' RETURNING subject$$) AS dba_inserts_anchor;
SELECT pg_temp.as_role('regress_sig_dba', $$UPDATE dossier.trust_anchor SET der = (SELECT der FROM pg_temp.fx WHERE name = 'rogue_root') RETURNING subject$$) AS dba_replaces_anchor;
SELECT pg_temp.as_role('regress_sig_dba', $$UPDATE dossier.trust_intermediate SET der = (SELECT der FROM pg_temp.fx WHERE name = 'rogue_root') RETURNING subject$$) AS dba_rewrites_intermediate;
SELECT pg_temp.as_role('regress_sig_dba', $$DELETE FROM dossier.trust_crl RETURNING issuer$$) AS dba_deletes_crl;
SELECT pg_temp.as_role('regress_sig_dba', $$TRUNCATE dossier.trust_ocsp$$) AS dba_truncates_ocsp;
-- a rogue root the DBA loads as an intermediate creates no trust
SELECT pg_temp.as_role('regress_sig_dba', $$SELECT (dossier.load_certificate((SELECT der FROM pg_temp.fx WHERE name = 'rogue_root')) IS NOT NULL)::text$$) AS dba_loads_rogue_intermediate;
SELECT pg_temp.as_role('regress_sig_dba', $$SELECT verdict || ' ' || sub_indication FROM dossier.verify_certificate((SELECT der FROM pg_temp.fx WHERE name = 'rogue_leaf'), '2030-06-01')$$) AS rogue_leaf;
SELECT count(*) AS anchors, string_agg(subject, '; ' ORDER BY subject) AS subjects FROM dossier.trust_anchor;
-- nobody else loads anything
SELECT pg_temp.as_role('regress_sig_desk', $$SELECT dossier.load_crl((SELECT der FROM pg_temp.fx WHERE name = 'ca_crl'))$$) AS desk_loads_crl,
       pg_temp.as_role('regress_sig_auditor', $$SELECT dossier.load_certificate((SELECT der FROM pg_temp.fx WHERE name = 'ca'))$$) AS auditor_loads_intermediate,
       pg_temp.as_role('regress_sig_leader', $$INSERT INTO dossier.trust_crl (der) SELECT der FROM pg_temp.fx WHERE name = 'ca_crl' RETURNING issuer$$) AS leader_inserts_crl;

-- cleanup
DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
DELETE FROM dossier.trust_ocsp;
REVOKE USAGE ON SCHEMA dossier FROM regress_sig_nobody;
DROP ROLE regress_sig_desk, regress_sig_specialist, regress_sig_leader, regress_sig_clerk,
  regress_sig_auditor, regress_sig_dba, regress_sig_portal, regress_sig_analyst,
  regress_sig_importer, regress_sig_web, regress_sig_nobody;
DROP TABLE fx, gen_b64;
