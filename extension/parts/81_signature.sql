-- Signature verification: the verdict type shared by CMS and (later) PDF
-- signatures, and detached CMS verification against the trust store
-- (docs/reference/cms/signatures.md).

CREATE TYPE dossier.signature_coverage AS ENUM ('entire_file', 'entire_revision', 'unclear');
COMMENT ON TYPE dossier.signature_coverage IS
  'How much of a PDF file a signature covers: the whole file, the whole revision it signed, or unclear';

CREATE TYPE dossier.modification_level AS ENUM
  ('none', 'signatures_only', 'form_filling', 'annotations', 'other');
COMMENT ON TYPE dossier.modification_level IS
  'The most a PDF was changed after a signature: nothing, further signatures, form filling, annotations, or anything else';

CREATE TYPE dossier.signature_verdict AS (
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
  errors text[]
);
COMMENT ON TYPE dossier.signature_verdict IS
  'Result of a signature verification: verdict word by the fixed precedence malformed > tampered > attack > revoked > expired > untrusted > indeterminate > valid, ETSI EN 319 102-1 indication and sub-indication, integrity, PDF structure (NULL for CMS), signer and chain, revocation, claimed and validation times, signature timestamps (the earliest valid genTime is the best-signature-time, a proof of existence), warnings and errors';

CREATE FUNCTION dossier.verify_cms(
    content bytea,
    signature bytea,
    at timestamptz DEFAULT now(),
    require_revocation boolean DEFAULT true)
  RETURNS dossier.signature_verdict
  AS 'MODULE_PATHNAME', 'verify_cms'
  LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.verify_cms(bytea, bytea, timestamptz, boolean) IS
  'Verify a detached CMS/PKCS#7 signature (DER or BER) of content at a given time against the trust store; returns a dossier.signature_verdict';
