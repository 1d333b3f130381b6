-- PDF signature verification: the structure of every signature of a PDF
-- (ByteRange, coverage, changes after signing, DocMDP) combined with the
-- CMS verification of its signed bytes, one row per signature, and the
-- document verdict (docs/reference/cms/signatures.md, "verify_pdf").

CREATE FUNCTION dossier.verify_pdf(
    pdf bytea,
    at timestamptz DEFAULT now(),
    require_revocation boolean DEFAULT true)
  RETURNS TABLE (
    signature_number integer,
    field_name text,
    subfilter text,
    revision integer,
    verdict text,
    indication text,
    sub_indication text,
    digest_matches boolean,
    signature_value_ok boolean,
    byte_range int8[],
    coverage dossier.signature_coverage,
    modification_level dossier.modification_level,
    docmdp_permission integer,
    docmdp_respected boolean,
    signer_subject text,
    signer_issuer text,
    signer_serial text,
    signer_certificate bytea,
    chain text[],
    anchor text,
    key_usage_ok boolean,
    certificate_time_status text,
    revocation_status text,
    revocation_source text,
    revocation_time timestamptz,
    revocation_reason text,
    claimed_signing_time timestamptz,
    timestamp_time timestamptz,
    timestamp_status text,
    timestamp_authority text,
    validation_time timestamptz,
    warnings text[],
    errors text[])
  AS 'MODULE_PATHNAME', 'verify_pdf'
  LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 2;
COMMENT ON FUNCTION dossier.verify_pdf(bytea, timestamptz, boolean) IS
  'Verify every signature of a PDF at a given time against the trust store: one row per signature in revision order (number, field name, /SubFilter, revision) with the columns of dossier.signature_verdict; structure and CMS combined by the fixed precedence; VN304 if the file is not a readable PDF';

CREATE FUNCTION dossier.verify_pdf_summary(
    pdf bytea,
    at timestamptz DEFAULT now(),
    require_revocation boolean DEFAULT true,
    OUT signature_count integer,
    OUT revision_count integer,
    OUT all_passed boolean,
    OUT last_covers_whole_file boolean,
    OUT unsigned_trailing_bytes bigint,
    OUT worst_verdict text,
    OUT findings text[])
  RETURNS record
  AS 'MODULE_PATHNAME', 'verify_pdf_summary'
  LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.verify_pdf_summary(bytea, timestamptz, boolean) IS
  'The document verdict of a PDF: signature and revision counts, whether every signature (document timestamps included) is TOTAL_PASSED, whether the last one covers the whole file, unsigned trailing bytes, the worst verdict by the fixed precedence, and document-level findings; VN304 if the file is not a readable PDF';
