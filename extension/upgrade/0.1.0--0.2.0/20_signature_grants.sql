-- 0.1.0 -> 0.2.0: who may read the trust store, load it and verify
-- signatures (issue 13 item 4).  0.1.0 granted nothing, so only superusers
-- could verify; the same statements as extension/parts/91_roles.sql.

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
