-- The portal proves who is signed in (issue 13 §2) and an owner sees their
-- own (issue 13 §3); docs/reference/access/portal.md.
--
-- A portal's service account (dossier_portal) presents, once per
-- transaction, a short-lived assertion the identity provider (VNeID, the
-- national portal's single sign-on) signed when the citizen or enterprise
-- signed in: dossier.portal_login(assertion) verifies it against the public
-- keys a DBA registered in dossier.portal_key and keeps its subject in the
-- backend's memory until the transaction ends (src/pg/access/).  Without
-- one the portal acts on nothing (VN431) and sees nothing: row-level
-- security shows a portal only the dossiers of the subject.  The DVCQG sync
-- worker, which reads every dossier's messages, becomes a role of its own,
-- dossier_sync.
--
-- The upgrade part of extension/parts/96_portal.sql: the same statements,
-- and the 0.1.0 portals that ran the outbox keep running it (below).

-- -------------------------------------------------------------------------
-- The DVCQG sync worker: its own role
-- -------------------------------------------------------------------------

DO $roles$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'dossier_sync') THEN
    CREATE ROLE dossier_sync NOLOGIN;
  END IF;
END
$roles$;
COMMENT ON ROLE dossier_sync IS
  'DVCQG sync worker: claims, acknowledges and fails the messages of the outbox (every dossier''s), and reads dossier.outbox_status';
COMMENT ON ROLE dossier_portal IS
  'service account of a portal: acts for the citizen or enterprise whose signed assertion it presents in the transaction (dossier.portal_login), and sees only their dossiers';
GRANT USAGE ON SCHEMA dossier TO dossier_sync;

-- the outbox's messages carry every dossier's status: not the portal's
REVOKE EXECUTE ON FUNCTION dossier.claim_outbox(int4, interval), dossier.ack_outbox(uuid, int8[]),
  dossier.fail_outbox(uuid, int8, text, interval, interval), dossier.release_outbox(uuid)
  FROM dossier_portal;
REVOKE SELECT ON dossier.outbox_status FROM dossier_portal;
GRANT EXECUTE ON FUNCTION dossier.claim_outbox(int4, interval), dossier.ack_outbox(uuid, int8[]),
  dossier.fail_outbox(uuid, int8, text, interval, interval), dossier.release_outbox(uuid)
  TO dossier_sync;
GRANT SELECT ON dossier.outbox_status TO dossier_sync;

-- -------------------------------------------------------------------------
-- The identity side's public keys
-- -------------------------------------------------------------------------

CREATE FUNCTION dossier.portal_key_check(algorithm text, public_key text) RETURNS boolean
AS 'MODULE_PATHNAME', 'dossier_portal_key_check'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.portal_key_check(text, text) IS
  'true when public_key is a PEM public key (SubjectPublicKeyInfo) of the algorithm: Ed25519 for EdDSA, EC on P-256 for ES256; VN433 otherwise. The check of dossier.portal_key';

CREATE TABLE dossier.portal_key (
  kid         text PRIMARY KEY
                CONSTRAINT portal_key_kid_check CHECK (kid ~ '^[A-Za-z0-9._-]{1,64}$'),
  issuer      text NOT NULL
                CONSTRAINT portal_key_issuer_check CHECK (issuer <> '' AND octet_length(issuer) <= 256),
  algorithm   text NOT NULL
                CONSTRAINT portal_key_algorithm_check CHECK (algorithm IN ('EdDSA', 'ES256')),
  public_key  text NOT NULL,
  valid_from  timestamptz NOT NULL DEFAULT now(),
  valid_until timestamptz,
  note        text,
  CONSTRAINT portal_key_validity CHECK (valid_until IS NULL OR valid_until > valid_from),
  CONSTRAINT portal_key_fits CHECK (dossier.portal_key_check(algorithm, public_key))
);
COMMENT ON TABLE dossier.portal_key IS
  'public keys of the identity providers whose assertions a portal presents (dossier.portal_login); managed by the DBA; the private keys stay with the identity side. Rotation: add the new key, let the identity side switch, then set valid_until of the old one';
COMMENT ON COLUMN dossier.portal_key.kid IS 'key id, the kid of the assertions'' JWS header';
COMMENT ON COLUMN dossier.portal_key.issuer IS 'the issuer whose assertions the key signs: their iss must be this';
COMMENT ON COLUMN dossier.portal_key.algorithm IS 'EdDSA (Ed25519) or ES256 (ECDSA P-256 with SHA-256); an assertion whose alg differs is refused (VN421)';
COMMENT ON COLUMN dossier.portal_key.public_key IS 'the public key, PEM SubjectPublicKeyInfo (-----BEGIN PUBLIC KEY-----), e.g. from openssl pkey -pubout';
COMMENT ON COLUMN dossier.portal_key.valid_from IS 'assertions verified from this time on';
COMMENT ON COLUMN dossier.portal_key.valid_until IS 'no assertion verified from this time on (the key is retired); NULL: until set';
COMMENT ON COLUMN dossier.portal_key.note IS 'free remarks: the identity provider, the decision that introduced the key';
SELECT pg_catalog.pg_extension_config_dump('dossier.portal_key', '');

-- The jti of every assertion spent, until it expires: an assertion is good
-- for one transaction.  Not dumped: after a restore, the assertions still
-- alive (minutes) could be presented once more.
CREATE TABLE dossier.portal_assertion_used (
  issuer     text NOT NULL,
  jti        text NOT NULL,
  kid        text NOT NULL,
  used_at    timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (issuer, jti)
);
COMMENT ON TABLE dossier.portal_assertion_used IS
  'portal assertions spent by a committed transaction, by issuer and jti, kept until they expire (each dossier.portal_login purges a few expired rows): a second presentation is refused (VN429)';
COMMENT ON COLUMN dossier.portal_assertion_used.issuer IS 'iss of the assertion';
COMMENT ON COLUMN dossier.portal_assertion_used.jti IS 'jti of the assertion, unique per issuer';
COMMENT ON COLUMN dossier.portal_assertion_used.kid IS 'the key that signed it';
COMMENT ON COLUMN dossier.portal_assertion_used.used_at IS 'start of the transaction that presented it';
COMMENT ON COLUMN dossier.portal_assertion_used.expires_at IS 'its exp; the row may go once exp plus dossier.portal_clock_skew has passed';
CREATE INDEX portal_assertion_used_expires_idx ON dossier.portal_assertion_used (expires_at);

-- -------------------------------------------------------------------------
-- Signing in: once per transaction
-- -------------------------------------------------------------------------

-- enable_seqscan = off: its plans are prepared once per backend and kept
-- (portal_login.c), often while dossier.portal_assertion_used is still
-- small; a sequential scan chosen then would be kept as the table grows to
-- the assertions of the last minutes.  Its statements always have an index.
CREATE FUNCTION dossier.portal_login(assertion text) RETURNS text
AS 'MODULE_PATHNAME', 'dossier_portal_login'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET enable_seqscan = off;
COMMENT ON FUNCTION dossier.portal_login(text) IS
  'verify a portal assertion (compact JWS, EdDSA or ES256, with a key of dossier.portal_key) and make its subject, a citizen''s personal ID or an enterprise''s tax code, the applicant of the rest of the transaction; returns the subject. One per transaction, each assertion once, in a read-write transaction. For members of dossier_portal. Errors: VN420-VN432, 25006, 42501';

CREATE FUNCTION dossier.portal_subject() RETURNS text
AS 'MODULE_PATHNAME', 'dossier_portal_subject'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.portal_subject() IS
  'the applicant the current role signed in with dossier.portal_login in this transaction (personal ID or tax code, canonical form); NULL when none';

CREATE FUNCTION dossier.portal_citizen() RETURNS dossier.citizen_id
AS 'MODULE_PATHNAME', 'dossier_portal_citizen'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.portal_citizen() IS
  'the citizen the current role signed in with dossier.portal_login in this transaction; NULL when none or when an enterprise is signed in. Used by the row-level security policies of the portal';

CREATE FUNCTION dossier.portal_enterprise() RETURNS dossier.tax_code
AS 'MODULE_PATHNAME', 'dossier_portal_enterprise'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.portal_enterprise() IS
  'the enterprise the current role signed in with dossier.portal_login in this transaction; NULL when none or when a citizen is signed in. Used by the row-level security policies of the portal';

-- -------------------------------------------------------------------------
-- Row-level security: a portal sees the subject's dossiers only
-- -------------------------------------------------------------------------

ALTER TABLE dossier.dossier ENABLE ROW LEVEL SECURITY;
ALTER TABLE dossier.dossier_event ENABLE ROW LEVEL SECURITY;

CREATE POLICY portal_owner ON dossier.dossier FOR SELECT TO dossier_portal
  USING (owner_citizen OPERATOR(dossier.=) dossier.portal_citizen()
         OR owner_enterprise OPERATOR(dossier.=) dossier.portal_enterprise());
COMMENT ON POLICY portal_owner ON dossier.dossier IS
  'a portal reads the dossiers of the citizen or enterprise whose assertion it presented in the transaction, and nothing without one';

CREATE POLICY portal_owner ON dossier.dossier_event FOR SELECT TO dossier_portal
  USING (EXISTS (SELECT 1 FROM dossier.dossier d
                 WHERE d.code OPERATOR(dossier.=) dossier_event.dossier
                   AND (d.owner_citizen OPERATOR(dossier.=) dossier.portal_citizen()
                        OR d.owner_enterprise OPERATOR(dossier.=) dossier.portal_enterprise())));
COMMENT ON POLICY portal_owner ON dossier.dossier_event IS
  'history rows of the signed-in subject''s dossiers only; the portal holds no privilege on the table itself and reads a timeline without internal notes through dossier.my_timeline';

-- -------------------------------------------------------------------------
-- The owner's view
-- -------------------------------------------------------------------------

CREATE FUNCTION dossier.my_dossiers()
  RETURNS TABLE (code dossier.dossier_code, procedure dossier.procedure_code, procedure_name text,
                 agency dossier.agency_code, agency_name text, channel dossier.channel,
                 status dossier.dossier_status, registered_at timestamptz, received_at timestamptz,
                 appointment_at timestamptz, due_at timestamptz, ended_at timestamptz,
                 returned_at timestamptz, timeliness dossier.timeliness,
                 actions dossier.dossier_action[])
  LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER ROWS 10
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  citizen dossier.citizen_id := dossier.portal_citizen();
  enterprise dossier.tax_code := dossier.portal_enterprise();
BEGIN
  IF citizen IS NULL AND enterprise IS NULL THEN
    RAISE EXCEPTION 'no portal assertion in this transaction'
      USING ERRCODE = '@ERRCODE_NO_PORTAL_ASSERTION@',
            DETAIL = 'A portal may list dossiers only for the applicant whose signed assertion it presented in the same transaction.',
            HINT = 'Call dossier.portal_login(assertion) first in the same transaction, with the assertion the identity provider issued when the applicant signed in.';
  END IF;
  RETURN QUERY
  SELECT d.code, d.procedure, p.name, d.agency, a.name, d.channel, d.status, d.registered_at,
         d.received_at, d.appointment_at, d.due_at, d.ended_at, d.returned_at,
         dossier.timeliness(d), dossier.allowed_actions_of(d, 'dossier_portal'::pg_catalog.regrole)
  FROM dossier.dossier d
  JOIN dossier.procedure p ON p.code OPERATOR(dossier.=) d.procedure
  JOIN dossier.agency a ON a.code OPERATOR(dossier.=) d.agency
  WHERE d.owner_citizen OPERATOR(dossier.=) citizen OR d.owner_enterprise OPERATOR(dossier.=) enterprise
  ORDER BY d.registered_at DESC, d.code;
END $$;
COMMENT ON FUNCTION dossier.my_dossiers() IS
  'the dossiers of the applicant signed in with dossier.portal_login, newest first: procedure, agency, status, dates, on-time status and the actions the applicant may take now. For members of dossier_portal. Errors: VN431';

CREATE FUNCTION dossier.my_dossier(code dossier.dossier_code)
  RETURNS TABLE (procedure dossier.procedure_code, procedure_name text,
                 agency dossier.agency_code, agency_name text, channel dossier.channel,
                 status dossier.dossier_status, registered_at timestamptz, received_at timestamptz,
                 appointment_at timestamptz, due_at timestamptz, ended_at timestamptz,
                 returned_at timestamptz, timeliness dossier.timeliness,
                 actions dossier.dossier_action[])
  LANGUAGE plpgsql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED SECURITY DEFINER ROWS 1
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  citizen dossier.citizen_id := dossier.portal_citizen();
  enterprise dossier.tax_code := dossier.portal_enterprise();
  wanted dossier.dossier_code := my_dossier.code;
BEGIN
  IF wanted IS NULL THEN
    RAISE EXCEPTION 'argument code must not be null'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'Argument code is NULL.',
            HINT = 'Pass the code of one of the applicant''s dossiers, as dossier.my_dossiers lists them.';
  END IF;
  IF citizen IS NULL AND enterprise IS NULL THEN
    RAISE EXCEPTION 'no portal assertion in this transaction'
      USING ERRCODE = '@ERRCODE_NO_PORTAL_ASSERTION@',
            DETAIL = 'A portal may look a dossier up only for the applicant whose signed assertion it presented in the same transaction.',
            HINT = 'Call dossier.portal_login(assertion) first in the same transaction, with the assertion the identity provider issued when the applicant signed in.';
  END IF;
  RETURN QUERY
  SELECT d.procedure, p.name, d.agency, a.name, d.channel, d.status, d.registered_at,
         d.received_at, d.appointment_at, d.due_at, d.ended_at, d.returned_at,
         dossier.timeliness(d), dossier.allowed_actions_of(d, 'dossier_portal'::pg_catalog.regrole)
  FROM dossier.dossier d
  JOIN dossier.procedure p ON p.code OPERATOR(dossier.=) d.procedure
  JOIN dossier.agency a ON a.code OPERATOR(dossier.=) d.agency
  WHERE d.code OPERATOR(dossier.=) wanted
    AND (d.owner_citizen OPERATOR(dossier.=) citizen OR d.owner_enterprise OPERATOR(dossier.=) enterprise);
  -- another owner's dossier is answered exactly as a code that does not
  -- exist (lock_dossier in src/pg/lifecycle/dossier_write.c): nothing revealed
  IF NOT FOUND THEN
    RAISE EXCEPTION 'dossier % does not exist', wanted
      USING ERRCODE = '@ERRCODE_UNKNOWN_DOSSIER@',
            DETAIL = pg_catalog.format('No row of dossier.dossier has the code %s.', wanted),
            HINT = 'Check the code on the receipt slip; a dossier exists once dossier.register_dossier has registered it.';
  END IF;
END $$;
COMMENT ON FUNCTION dossier.my_dossier(dossier.dossier_code) IS
  'the status of one dossier of the applicant signed in with dossier.portal_login, as dossier.my_dossiers shows it; another owner''s code is answered as one that does not exist. For members of dossier_portal. Errors: VN102, VN431, 22004';

CREATE FUNCTION dossier.my_timeline(code dossier.dossier_code)
  RETURNS TABLE (seq int4, at timestamptz, action dossier.dossier_action,
                 from_status dossier.dossier_status, to_status dossier.dossier_status,
                 agency dossier.agency_code, agency_name text, due_at timestamptz,
                 appointment_at timestamptz, reason_code text, reason_name text, reason text,
                 by_applicant boolean)
  LANGUAGE plpgsql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED SECURITY DEFINER ROWS 8
  SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  citizen dossier.citizen_id := dossier.portal_citizen();
  enterprise dossier.tax_code := dossier.portal_enterprise();
  wanted dossier.dossier_code := my_timeline.code;
BEGIN
  IF wanted IS NULL THEN
    RAISE EXCEPTION 'argument code must not be null'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'Argument code is NULL.',
            HINT = 'Pass the code of one of the applicant''s dossiers, as dossier.my_dossiers lists them.';
  END IF;
  IF citizen IS NULL AND enterprise IS NULL THEN
    RAISE EXCEPTION 'no portal assertion in this transaction'
      USING ERRCODE = '@ERRCODE_NO_PORTAL_ASSERTION@',
            DETAIL = 'A portal may show a timeline only for the applicant whose signed assertion it presented in the same transaction.',
            HINT = 'Call dossier.portal_login(assertion) first in the same transaction, with the assertion the identity provider issued when the applicant signed in.';
  END IF;
  -- another owner's dossier is answered exactly as a code that does not
  -- exist (lock_dossier in src/pg/lifecycle/dossier_write.c): nothing revealed
  IF NOT EXISTS (SELECT 1 FROM dossier.dossier d
                 WHERE d.code OPERATOR(dossier.=) wanted
                   AND (d.owner_citizen OPERATOR(dossier.=) citizen
                        OR d.owner_enterprise OPERATOR(dossier.=) enterprise)) THEN
    RAISE EXCEPTION 'dossier % does not exist', wanted
      USING ERRCODE = '@ERRCODE_UNKNOWN_DOSSIER@',
            DETAIL = pg_catalog.format('No row of dossier.dossier has the code %s.', wanted),
            HINT = 'Check the code on the receipt slip; a dossier exists once dossier.register_dossier has registered it.';
  END IF;
  RETURN QUERY
  SELECT e.seq, e.at, e.action, e.from_status, e.to_status, e.agency, a.name, e.due_at,
         e.appointment_at, e.reason_code, r.name_vi, e.reason, e.on_behalf_of IS NOT NULL
  FROM dossier.dossier_event e
  LEFT JOIN dossier.agency a ON a.code OPERATOR(dossier.=) e.agency
  LEFT JOIN dossier.transition_reason r
    ON r.action OPERATOR(pg_catalog.=) e.action AND r.code OPERATOR(pg_catalog.=) e.reason_code
  WHERE e.dossier OPERATOR(dossier.=) wanted
  ORDER BY e.seq;
END $$;
COMMENT ON FUNCTION dossier.my_timeline(dossier.dossier_code) IS
  'the history of one dossier of the applicant signed in with dossier.portal_login, oldest first, as the applicant may see it: when, what, the status before and after, the agency, the dates promised, the reason stated to the applicant (Mẫu 02, Mẫu 03), and whether the applicant acted through a portal; never the officials'' internal notes, their login names, the import source or the hash chain. Another owner''s code is answered as one that does not exist. For members of dossier_portal. Errors: VN102, VN431, 22004';

-- -------------------------------------------------------------------------
-- Privileges (docs/roles.md)
-- -------------------------------------------------------------------------

REVOKE ALL ON FUNCTION dossier.portal_login(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.my_dossiers() FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.my_dossier(dossier.dossier_code) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.my_timeline(dossier.dossier_code) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.portal_login(text), dossier.my_dossiers(),
  dossier.my_dossier(dossier.dossier_code), dossier.my_timeline(dossier.dossier_code) TO dossier_portal;
GRANT SELECT, INSERT, UPDATE, DELETE ON dossier.portal_key TO dossier_dba;
GRANT SELECT ON dossier.portal_key TO dossier_auditor;
GRANT SELECT ON dossier.portal_assertion_used TO dossier_auditor, dossier_dba;

-- -------------------------------------------------------------------------
-- 0.1.0 ran the DVCQG outbox as the portal: the login roles that are members
-- of dossier_portal become members of dossier_sync too, so that their sync
-- worker keeps running; once it has a login of its own, the DBA revokes
-- dossier_sync from the portal's (docs/dba-guide.md, "Upgrading to 0.2.0")
-- -------------------------------------------------------------------------

DO $compat$
DECLARE
  m record;
BEGIN
  FOR m IN SELECT r.rolname
           FROM pg_catalog.pg_auth_members a
           JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) a.member
           WHERE a.roleid OPERATOR(pg_catalog.=) 'dossier_portal'::pg_catalog.regrole
           ORDER BY r.rolname LOOP
    EXECUTE pg_catalog.format('GRANT dossier_sync TO %I', m.rolname);
    RAISE NOTICE 'role "%" may now run the DVCQG outbox as a member of dossier_sync, as it did as a member of dossier_portal', m.rolname
      USING HINT = 'Give the sync worker a login of its own in dossier_sync, then REVOKE dossier_sync FROM the portal''s role.';
  END LOOP;
END
$compat$;
