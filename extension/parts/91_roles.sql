-- The SQL roles of a one-stop desk (issue 3 item 4; docs/roles.md), and the
-- privileges on the trust store and signature verification, whose objects
-- (80_trust_store.sql to 83_pdf_signed_by.sql) come before the roles.
--
-- Group roles (NOLOGIN): a deployment grants them to the login roles of its
-- officials and to its portal's service account.  Staff act as themselves;
-- the portal acts on behalf of an applicant and names them on every call.
-- Roles belong to the cluster, not to a database: they are created only if
-- missing (a second database reuses them) and are not dropped with the
-- extension (docs/dba-guide.md says how to drop them).

DO $roles$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES
    ('dossier_desk_officer', 'one-stop desk officer (cán bộ tiếp nhận, bộ phận một cửa): registers, receives, refuses, requests supplements, returns results'),
    ('dossier_specialist',   'specialist (chuyên viên xử lý): reviews a dossier during processing, requests supplements or fees'),
    ('dossier_leader',       'leader (lãnh đạo): assigns, signs, stops, recalls, transfers and apologises'),
    ('dossier_clerk',        'clerk (văn thư): stamps and issues the result'),
    ('dossier_analyst',      'analyst: reads dossiers and reports, changes nothing'),
    ('dossier_auditor',      'auditor: reads dossiers, history and outbox, verifies the history chain'),
    ('dossier_dba',          'DBA of the dossier extension: configures procedures, steps and calendars, runs the outbox, may lift the history guard (recorded)'),
    ('dossier_portal',       'service account of a portal acting on behalf of applicants: registers online dossiers and does what an applicant may do'),
    ('dossier_importer',     'migration account: imports dossiers and past events of another system through dossier.import_dossier and dossier.import_transition, each marked with its source'),
    ('dossier_public',       'anonymous web role of the public status lookup: calls dossier.public_status(token) and nothing else')
  ) AS v(name, note)
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r.name);
    END IF;
    EXECUTE format('COMMENT ON ROLE %I IS %L', r.name, r.note);
    EXECUTE format('GRANT USAGE ON SCHEMA dossier TO %I', r.name);
  END LOOP;
END
$roles$;

-- -------------------------------------------------------------------------
-- Trust store and signature verification (issue 13 item 4;
-- docs/reference/trust/trust_store.md, "Who may verify")
-- -------------------------------------------------------------------------
--
-- Verification runs as the caller and reads the four trust tables with the
-- caller's rights (no SECURITY DEFINER: nothing in the store is secret, and
-- the parsers of untrusted PDFs and CMS blobs keep the caller's identity).
-- Staff verify the papers they digitise and sign, the portal the files
-- applicants upload, auditors and the DBA whatever they check; analysts,
-- importers and the anonymous dossier_public do not.  Anchors are planted by
-- superusers only; the DBA keeps intermediates, CRLs and OCSP responses
-- current (they can revoke or complete a chain, never create trust).
GRANT SELECT ON dossier.trust_anchor, dossier.trust_intermediate, dossier.trust_crl,
  dossier.trust_ocsp TO dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk,
  dossier_auditor, dossier_dba, dossier_portal;
GRANT INSERT ON dossier.trust_intermediate, dossier.trust_crl, dossier.trust_ocsp TO dossier_dba;
GRANT UPDATE (note) ON dossier.trust_intermediate TO dossier_dba;
REVOKE ALL ON FUNCTION dossier.verify_certificate(bytea, timestamptz, bytea[], boolean, text[], boolean, boolean, boolean),
  dossier.verify_cms(bytea, bytea, timestamptz, boolean),
  dossier.verify_pdf(bytea, timestamptz, boolean),
  dossier.verify_pdf_summary(bytea, timestamptz, boolean),
  dossier.pdf_signed_by(bytea, text, text, timestamptz, boolean),
  dossier.load_certificate(bytea, boolean, text),
  dossier.load_crl(bytea),
  dossier.load_ocsp_response(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.verify_certificate(bytea, timestamptz, bytea[], boolean, text[], boolean, boolean, boolean),
  dossier.verify_cms(bytea, bytea, timestamptz, boolean),
  dossier.verify_pdf(bytea, timestamptz, boolean),
  dossier.verify_pdf_summary(bytea, timestamptz, boolean),
  dossier.pdf_signed_by(bytea, text, text, timestamptz, boolean)
  TO dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk,
     dossier_auditor, dossier_dba, dossier_portal;
GRANT EXECUTE ON FUNCTION dossier.load_certificate(bytea, boolean, text),
  dossier.load_crl(bytea), dossier.load_ocsp_response(bytea) TO dossier_dba;
