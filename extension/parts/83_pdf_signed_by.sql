-- A helper for the digitization checks of later issues: does a PDF carry a
-- valid signature by a given signer (docs/reference/cms/signatures.md,
-- "pdf_signed_by").

CREATE FUNCTION dossier.pdf_signed_by(
    pdf bytea,
    signer_fingerprint text DEFAULT NULL,
    signer_subject_like text DEFAULT NULL,
    at timestamptz DEFAULT now(),
    require_revocation boolean DEFAULT true)
  RETURNS boolean
  LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  fp text := upper(regexp_replace(signer_fingerprint, '[:\s]', '', 'g'));
  found boolean;
BEGIN
  IF pdf IS NULL THEN
    RETURN NULL;
  END IF;
  IF fp IS NOT NULL AND fp !~ '^[0-9A-F]{64}$' THEN
    RAISE EXCEPTION 'invalid SHA-256 fingerprint: "%"', left(signer_fingerprint, 100)
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'A SHA-256 fingerprint is 64 hexadecimal digits, optionally separated by colons or spaces.',
            HINT = 'Pass the sha256_fingerprint of dossier.inspect_certificate or of a trust table, or NULL to match any signer.';
  END IF;
  SELECT coalesce(bool_or(true), false) INTO found
  FROM dossier.verify_pdf(pdf, coalesce(at, pg_catalog.now()), coalesce(require_revocation, true)) v
  WHERE v.indication OPERATOR(pg_catalog.=) 'TOTAL_PASSED'
    AND (fp IS NULL
         OR upper(encode(sha256(v.signer_certificate), 'hex')) OPERATOR(pg_catalog.=) fp)
    AND (signer_subject_like IS NULL OR v.signer_subject LIKE signer_subject_like);
  RETURN found;
END
$$;
COMMENT ON FUNCTION dossier.pdf_signed_by(bytea, text, text, timestamptz, boolean) IS
  'True when the PDF carries at least one signature that verifies (TOTAL_PASSED) at the given time whose signer certificate has the given SHA-256 fingerprint and whose subject matches the given LIKE pattern (NULL filters match any signer); 22023 for a malformed fingerprint, VN304 if the file is not a readable PDF';
