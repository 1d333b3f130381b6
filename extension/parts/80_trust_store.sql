-- Trust store: anchors, intermediates, CRLs and OCSP responses in tables,
-- certificate, CRL and OCSP response inspection, and certificate path validation with OpenSSL
-- (docs/reference/trust/trust_store.md).  Who may read the store, load it
-- and verify is granted in 91_roles.sql, once the roles exist.

CREATE TYPE dossier.certificate_info AS (
  subject text,
  issuer text,
  serial text,
  not_before timestamptz,
  not_after timestamptz,
  key_algorithm text,
  key_bits integer,
  signature_algorithm text,
  key_usage text[],
  extended_key_usage text[],
  is_ca boolean,
  path_len_constraint integer,
  ski text,
  aki text,
  sha256_fingerprint text,
  self_issued boolean
);
COMMENT ON TYPE dossier.certificate_info IS
  'What dossier.inspect_certificate shows of an X.509 certificate';

CREATE TYPE dossier.crl_info AS (
  der bytea,
  issuer text,
  this_update timestamptz,
  next_update timestamptz,
  revoked_count integer,
  sha256_fingerprint text
);
COMMENT ON TYPE dossier.crl_info IS
  'What dossier.inspect_crl shows of an X.509 CRL, with its DER encoding';

CREATE TYPE dossier.ocsp_response_info AS (
  der bytea,
  responder_id text,
  produced_at timestamptz,
  signature_algorithm text,
  cert_count integer,
  cert_serial text[],
  cert_status text[],
  this_update timestamptz[],
  next_update timestamptz[],
  revocation_time timestamptz[],
  revocation_reason text[],
  hash_algorithm text[],
  issuer_name_hash text[],
  issuer_key_hash text[],
  sha256_fingerprint text,
  response_count integer
);
COMMENT ON TYPE dossier.ocsp_response_info IS
  'What dossier.inspect_ocsp_response shows of an OCSP response: responder, producedAt, and per SingleResponse (array element i) the CertID, status and times';

CREATE TYPE dossier.certificate_verdict AS (
  indication text,
  sub_indication text,
  verdict text,
  subject text,
  issuer text,
  serial text,
  chain text[],
  anchor text,
  key_usage_ok boolean,
  revocation_status text,
  revocation_source text,
  revocation_time timestamptz,
  revocation_reason text,
  validation_time timestamptz,
  errors text[],
  warnings text[],
  chain_length integer
);
COMMENT ON TYPE dossier.certificate_verdict IS
  'Result of dossier.verify_certificate: ETSI EN 319 102-1 indication and sub-indication, verdict word, chain, anchor, revocation, errors and warnings';

CREATE FUNCTION dossier.certificate_der(pem_or_der bytea) RETURNS bytea
  AS 'MODULE_PATHNAME', 'certificate_der'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.certificate_der(bytea) IS
  'DER encoding of one X.509 certificate given in PEM or DER; VN301 if unreadable';

CREATE FUNCTION dossier.inspect_certificate(pem_or_der bytea) RETURNS dossier.certificate_info
  AS 'MODULE_PATHNAME', 'inspect_certificate'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.inspect_certificate(bytea) IS
  'Subject, issuer, serial, validity, key, signature algorithm, key usages, basic constraints, SKI/AKI and SHA-256 fingerprint of a certificate; VN301 if unreadable';

CREATE FUNCTION dossier.inspect_crl(pem_or_der bytea) RETURNS dossier.crl_info
  AS 'MODULE_PATHNAME', 'inspect_crl'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.inspect_crl(bytea) IS
  'DER, issuer, thisUpdate, nextUpdate, entry count and SHA-256 fingerprint of a CRL; VN302 if unreadable';

CREATE FUNCTION dossier.inspect_ocsp_response(der bytea) RETURNS dossier.ocsp_response_info
  AS 'MODULE_PATHNAME', 'inspect_ocsp_response'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.inspect_ocsp_response(bytea) IS
  'Responder id, producedAt, signature algorithm, and per SingleResponse the serial, status, thisUpdate, nextUpdate and revocation of a DER OCSP response; VN303 if unreadable or not successful';

-- The four tables keep the DER as given (normalised from PEM) and columns
-- derived from it by a trigger, so they cannot disagree with the DER.

CREATE TABLE dossier.trust_anchor (
  sha256_fingerprint text PRIMARY KEY,
  der bytea NOT NULL,
  subject text NOT NULL,
  issuer text NOT NULL,
  serial text NOT NULL,
  ski text,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  note text,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dossier.trust_anchor IS
  'Trusted root (or other anchor) certificates: which to trust is the DBA''s choice';

CREATE TABLE dossier.trust_intermediate (LIKE dossier.trust_anchor INCLUDING ALL);
COMMENT ON TABLE dossier.trust_intermediate IS
  'Untrusted CA certificates used to build chains from a certificate to an anchor';

CREATE TABLE dossier.trust_crl (
  sha256_fingerprint text PRIMARY KEY,
  der bytea NOT NULL,
  issuer text NOT NULL,
  this_update timestamptz NOT NULL,
  next_update timestamptz,
  revoked_count integer NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dossier.trust_crl IS
  'Certificate revocation lists; OpenSSL picks the applicable one for each certificate of a chain';

CREATE TABLE dossier.trust_ocsp (
  sha256_fingerprint text PRIMARY KEY,
  der bytea NOT NULL,
  responder_id text NOT NULL,
  produced_at timestamptz NOT NULL,
  cert_serial text[] NOT NULL,
  cert_status text[] NOT NULL,
  this_update timestamptz[] NOT NULL,
  next_update timestamptz[] NOT NULL,
  issuer_key_hash text[] NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dossier.trust_ocsp IS
  'Stored OCSP responses (DER); verify_certificate uses one once OCSP_basic_verify accepts it against the anchors and the validation time lies in its window';

CREATE INDEX ON dossier.trust_anchor (subject);
CREATE INDEX ON dossier.trust_intermediate (subject);
CREATE INDEX ON dossier.trust_crl (issuer);

SELECT pg_catalog.pg_extension_config_dump('dossier.trust_anchor', '');
SELECT pg_catalog.pg_extension_config_dump('dossier.trust_intermediate', '');
SELECT pg_catalog.pg_extension_config_dump('dossier.trust_crl', '');
SELECT pg_catalog.pg_extension_config_dump('dossier.trust_ocsp', '');

CREATE FUNCTION dossier.trust_certificate_fill() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  i dossier.certificate_info;
BEGIN
  NEW.der := dossier.certificate_der(NEW.der);
  i := dossier.inspect_certificate(NEW.der);
  NEW.sha256_fingerprint := i.sha256_fingerprint;
  NEW.subject := i.subject;
  NEW.issuer := i.issuer;
  NEW.serial := i.serial;
  NEW.ski := i.ski;
  NEW.not_before := i.not_before;
  NEW.not_after := i.not_after;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION dossier.trust_certificate_fill() IS
  'Trigger: normalise der to DER and derive the other columns of a trust certificate row from it';

CREATE FUNCTION dossier.trust_crl_fill() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  i dossier.crl_info;
BEGIN
  i := dossier.inspect_crl(NEW.der);
  NEW.der := i.der;
  NEW.sha256_fingerprint := i.sha256_fingerprint;
  NEW.issuer := i.issuer;
  NEW.this_update := i.this_update;
  NEW.next_update := i.next_update;
  NEW.revoked_count := i.revoked_count;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION dossier.trust_crl_fill() IS
  'Trigger: normalise der to DER and derive the other columns of a CRL row from it';

CREATE FUNCTION dossier.trust_ocsp_fill() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  i dossier.ocsp_response_info;
BEGIN
  i := dossier.inspect_ocsp_response(NEW.der);
  NEW.der := i.der;
  NEW.sha256_fingerprint := i.sha256_fingerprint;
  NEW.responder_id := i.responder_id;
  NEW.produced_at := i.produced_at;
  NEW.cert_serial := i.cert_serial;
  NEW.cert_status := i.cert_status;
  NEW.this_update := i.this_update;
  NEW.next_update := i.next_update;
  NEW.issuer_key_hash := i.issuer_key_hash;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION dossier.trust_ocsp_fill() IS
  'Trigger: derive the columns of an OCSP response row from its DER';

-- Triggers never run in parallel workers; RESTRICTED says it must run in the
-- leader, which is where writes (and so invalidations) happen.
CREATE FUNCTION dossier.trust_store_changed() RETURNS trigger
  AS 'MODULE_PATHNAME', 'trust_store_changed'
  LANGUAGE C PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.trust_store_changed() IS
  'Trigger: tell every backend that its cached trust store is stale';

CREATE TRIGGER trust_anchor_fill BEFORE INSERT OR UPDATE ON dossier.trust_anchor
  FOR EACH ROW EXECUTE FUNCTION dossier.trust_certificate_fill();
CREATE TRIGGER trust_intermediate_fill BEFORE INSERT OR UPDATE ON dossier.trust_intermediate
  FOR EACH ROW EXECUTE FUNCTION dossier.trust_certificate_fill();
CREATE TRIGGER trust_crl_fill BEFORE INSERT OR UPDATE ON dossier.trust_crl
  FOR EACH ROW EXECUTE FUNCTION dossier.trust_crl_fill();
CREATE TRIGGER trust_ocsp_fill BEFORE INSERT OR UPDATE ON dossier.trust_ocsp
  FOR EACH ROW EXECUTE FUNCTION dossier.trust_ocsp_fill();
CREATE TRIGGER trust_anchor_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON dossier.trust_anchor FOR EACH STATEMENT EXECUTE FUNCTION dossier.trust_store_changed();
CREATE TRIGGER trust_intermediate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON dossier.trust_intermediate FOR EACH STATEMENT EXECUTE FUNCTION dossier.trust_store_changed();
CREATE TRIGGER trust_crl_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON dossier.trust_crl FOR EACH STATEMENT EXECUTE FUNCTION dossier.trust_store_changed();
CREATE TRIGGER trust_ocsp_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON dossier.trust_ocsp FOR EACH STATEMENT EXECUTE FUNCTION dossier.trust_store_changed();

CREATE FUNCTION dossier.load_certificate(pem_or_der bytea, as_anchor boolean DEFAULT false,
                                         note text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE AS $$
DECLARE
  fp text;
BEGIN
  -- not STRICT: note defaults to NULL; a NULL certificate gives NULL
  IF pem_or_der IS NULL THEN
    RETURN NULL;
  END IF;
  IF coalesce(as_anchor, false) THEN
    INSERT INTO dossier.trust_anchor AS t (sha256_fingerprint, der, subject, issuer, serial,
                                           not_before, not_after, note)
    VALUES ('', pem_or_der, '', '', '', 'epoch', 'epoch', load_certificate.note)
    ON CONFLICT (sha256_fingerprint) DO UPDATE SET note = coalesce(EXCLUDED.note, t.note)
    RETURNING t.sha256_fingerprint INTO fp;
  ELSE
    INSERT INTO dossier.trust_intermediate AS t (sha256_fingerprint, der, subject, issuer, serial,
                                                 not_before, not_after, note)
    VALUES ('', pem_or_der, '', '', '', 'epoch', 'epoch', load_certificate.note)
    ON CONFLICT (sha256_fingerprint) DO UPDATE SET note = coalesce(EXCLUDED.note, t.note)
    RETURNING t.sha256_fingerprint INTO fp;
  END IF;
  RETURN fp;
END
$$;
COMMENT ON FUNCTION dossier.load_certificate(bytea, boolean, text) IS
  'Store a PEM or DER certificate as a trust anchor (as_anchor) or an intermediate; returns its SHA-256 fingerprint; loading twice is a no-op';

CREATE FUNCTION dossier.load_crl(pem_or_der bytea) RETURNS text
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE AS $$
DECLARE
  fp text;
BEGIN
  INSERT INTO dossier.trust_crl AS t (sha256_fingerprint, der, issuer, this_update, revoked_count)
  VALUES ('', pem_or_der, '', 'epoch', 0)
  ON CONFLICT (sha256_fingerprint) DO NOTHING
  RETURNING t.sha256_fingerprint INTO fp;
  RETURN coalesce(fp, (dossier.inspect_crl(pem_or_der)).sha256_fingerprint);
END
$$;
COMMENT ON FUNCTION dossier.load_crl(bytea) IS
  'Store a PEM or DER CRL; returns its SHA-256 fingerprint; loading twice is a no-op';

CREATE FUNCTION dossier.load_ocsp_response(der bytea) RETURNS text
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE AS $$
DECLARE
  fp text;
BEGIN
  INSERT INTO dossier.trust_ocsp AS t (sha256_fingerprint, der, responder_id, produced_at,
                                       cert_serial, cert_status, this_update, next_update,
                                       issuer_key_hash)
  VALUES ('', der, '', 'epoch', '{}', '{}', '{}', '{}', '{}')
  ON CONFLICT (sha256_fingerprint) DO NOTHING
  RETURNING t.sha256_fingerprint INTO fp;
  RETURN coalesce(fp, (dossier.inspect_ocsp_response(der)).sha256_fingerprint);
END
$$;
COMMENT ON FUNCTION dossier.load_ocsp_response(bytea) IS
  'Store a DER OCSP response (successful status); returns its SHA-256 fingerprint; loading twice is a no-op';

CREATE FUNCTION dossier.verify_certificate(
    cert bytea,
    at timestamptz DEFAULT now(),
    intermediates bytea[] DEFAULT NULL,
    require_revocation boolean DEFAULT true,
    policies text[] DEFAULT NULL,
    explicit_policy boolean DEFAULT false,
    inhibit_policy_mapping boolean DEFAULT false,
    inhibit_any_policy boolean DEFAULT false)
  RETURNS dossier.certificate_verdict
  AS 'MODULE_PATHNAME', 'verify_certificate'
  LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.verify_certificate(bytea, timestamptz, bytea[], boolean, text[], boolean, boolean, boolean) IS
  'Validate a certificate''s path to a stored trust anchor at a given time, with CRL and stored OCSP revocation; returns a dossier.certificate_verdict';
