-- 0.1.0 -> 0.2.0: receipt slips with a QR code, the public status lookup
-- and procedure posters (issue 13 item 7): the role dossier_public, as
-- extension/parts/91_roles.sql creates it, then the objects of
-- extension/parts/97_receipt.sql, then a lookup token for every dossier the
-- 0.1.0 database holds.

DO $roles$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'dossier_public') THEN
    CREATE ROLE dossier_public NOLOGIN;
  END IF;
  COMMENT ON ROLE dossier_public IS 'anonymous web role of the public status lookup: calls dossier.public_status(token) and nothing else';
  GRANT USAGE ON SCHEMA dossier TO dossier_public;
END
$roles$;

CREATE FUNCTION dossier.qr_svg(content text, ec_level text DEFAULT 'M') RETURNS text
  AS 'MODULE_PATHNAME', 'qr_svg'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.qr_svg(text, text) IS
  'SVG picture of the QR code (libqrencode) of content at error correction level L, M, Q or H: one path of integer module coordinates over a white square with a 4-module quiet zone, scalable; VN601 if content is too long, 22023 if it is empty or the level is unknown';

CREATE FUNCTION dossier.new_public_token() RETURNS text
  AS 'MODULE_PATHNAME', 'new_public_token'
  LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.new_public_token() IS
  'a fresh lookup token: 160 bits from pg_strong_random in base32 (32 characters A-Z, 2-7)';

CREATE FUNCTION dossier.public_token_hash(token text) RETURNS bytea
  AS 'MODULE_PATHNAME', 'public_token_hash'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.public_token_hash(text) IS
  'SHA-256 of a lookup token''s canonical text (spaces and hyphens dropped, upper case, 0/1/8 read as O/I/B); of the input as given when it is not a token, so that every input costs the same and none is an error';

-- -------------------------------------------------------------------------
-- Lookup tokens
-- -------------------------------------------------------------------------

CREATE TABLE dossier.public_token (
  dossier    dossier.dossier_code PRIMARY KEY
               REFERENCES dossier.dossier (code) ON DELETE CASCADE,
  token      text NOT NULL CONSTRAINT public_token_form CHECK (token ~ '^[A-Z2-7]{32}$'),
  token_hash bytea NOT NULL CONSTRAINT public_token_hash_key UNIQUE
               CONSTRAINT public_token_hash_sha256 CHECK (octet_length(token_hash) = 32),
  issued_at  timestamptz NOT NULL,
  rotations  int4 NOT NULL DEFAULT 0 CHECK (rotations >= 0),
  rotated_by name
);
COMMENT ON TABLE dossier.public_token IS
  'the lookup token of each dossier''s receipt slip (its QR code leads to <dossier.public_base_url>/status/<token>); a row is visible only beside a dossier the reader can see; written by the registration and by dossier.rotate_public_token, whose trigger always draws the token itself';
COMMENT ON COLUMN dossier.public_token.dossier IS 'the dossier';
COMMENT ON COLUMN dossier.public_token.token IS 'the current token, kept so that a slip can be printed again (docs/reference/receipt/receipt.md, "Why the token is kept"); read by the desk and the portal only';
COMMENT ON COLUMN dossier.public_token.token_hash IS 'SHA-256 of the token (dossier.public_token_hash): what dossier.public_status looks up';
COMMENT ON COLUMN dossier.public_token.issued_at IS 'when the current token was drawn';
COMMENT ON COLUMN dossier.public_token.rotations IS 'how many times the token was replaced (0: the one drawn at registration)';
COMMENT ON COLUMN dossier.public_token.rotated_by IS 'the role that replaced the token last; NULL for the registration''s';
SELECT pg_catalog.pg_extension_config_dump('dossier.public_token', '');

-- Whatever a writer supplies, the token is drawn here: a desk officer who
-- may rotate a token cannot choose it.  Only pg_restore (dossier.restore_mode,
-- superusers only) brings tokens of its own, so printed slips survive a
-- restore.
CREATE FUNCTION dossier.public_token_fill() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' AND NEW.token IS NOT NULL
     AND pg_catalog.current_setting('dossier.restore_mode', true) OPERATOR(pg_catalog.=) 'on' THEN
    NEW.token_hash := dossier.public_token_hash(NEW.token);
    RETURN NEW;
  END IF;
  NEW.token := dossier.new_public_token();
  NEW.token_hash := dossier.public_token_hash(NEW.token);
  NEW.issued_at := pg_catalog.now();
  IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
    NEW.dossier := OLD.dossier;
    NEW.rotations := OLD.rotations OPERATOR(pg_catalog.+) 1;
    NEW.rotated_by := CURRENT_USER;
  ELSIF NEW.rotated_by IS NOT NULL THEN
    -- a token issued again by dossier.rotate_public_token
    NEW.rotations := 1;
    NEW.rotated_by := CURRENT_USER;
  ELSE
    NEW.rotations := 0;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION dossier.public_token_fill() IS
  'trigger: draws a new token for every insert or update of dossier.public_token (keeping the dossier), stamps when and by whom; under dossier.restore_mode an inserted token is kept';
CREATE TRIGGER public_token_fill BEFORE INSERT OR UPDATE ON dossier.public_token
  FOR EACH ROW EXECUTE FUNCTION dossier.public_token_fill();

-- Every dossier gets its token when it is registered (and imported): an
-- AFTER INSERT trigger, so the dossier row and its hash chain are untouched.
CREATE FUNCTION dossier.public_token_issue() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- pg_restore brings the token with the rows of dossier.public_token
  IF pg_catalog.current_setting('dossier.restore_mode', true) OPERATOR(pg_catalog.=) 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO dossier.public_token (dossier) VALUES (NEW.code);
  RETURN NULL;
END $$;
COMMENT ON FUNCTION dossier.public_token_issue() IS
  'trigger: gives a newly registered dossier its lookup token (not under dossier.restore_mode, when the dump brings it)';
CREATE TRIGGER dossier_public_token AFTER INSERT ON dossier.dossier
  FOR EACH ROW EXECUTE FUNCTION dossier.public_token_issue();

-- A token row is visible, and may be rotated, only beside a visible
-- dossier: the policies ask dossier.dossier, whose own row-level security
-- (agency, portal) then applies to the token too.
ALTER TABLE dossier.public_token ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_token_read ON dossier.public_token FOR SELECT
  USING (EXISTS (SELECT 1 FROM dossier.dossier d
                 WHERE d.code OPERATOR(dossier.=) public_token.dossier));
CREATE POLICY public_token_rotate ON dossier.public_token FOR UPDATE
  USING (EXISTS (SELECT 1 FROM dossier.dossier d
                 WHERE d.code OPERATOR(dossier.=) public_token.dossier));
CREATE POLICY public_token_reissue ON dossier.public_token FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM dossier.dossier d
                      WHERE d.code OPERATOR(dossier.=) public_token.dossier));
COMMENT ON POLICY public_token_read ON dossier.public_token IS
  'a token is read only beside a dossier the reader can see';
COMMENT ON POLICY public_token_rotate ON dossier.public_token IS
  'a token is replaced only beside a dossier the writer can see';
COMMENT ON POLICY public_token_reissue ON dossier.public_token IS
  'a missing token is issued again only for a dossier the writer can see';

-- -------------------------------------------------------------------------
-- The receipt slip
-- -------------------------------------------------------------------------

CREATE TYPE dossier.receipt_slip AS (
  dossier_code          dossier.dossier_code,
  procedure_code        dossier.procedure_code,
  procedure_name        text,
  processing_time       numeric,
  time_unit             dossier.duration_unit,
  receiving_agency      dossier.agency_code,
  receiving_agency_name text,
  applicant             text,
  channel               dossier.channel,
  received_at           timestamptz,
  appointment_at        timestamptz,
  received_by           name,
  lookup_token          text,
  lookup_url            text,
  qr_svg                text
);
COMMENT ON TYPE dossier.receipt_slip IS
  'what dossier.receipt gives for the receipt slip (Mẫu 01, Circular 01/2018/TT-VPCP): dossier code, procedure, legal processing time, receiving agency, applicant (personal ID or tax code), channel, received and appointment times, the receiving official, the lookup token (in groups of four), its URL and the QR code of the URL as SVG';

CREATE FUNCTION dossier.receipt(code dossier.dossier_code)
  RETURNS dossier.receipt_slip
  LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  d dossier.dossier;
  s dossier.receipt_slip;
  base text;
  tok text;
BEGIN
  -- as the caller: the row-level security of dossier.dossier decides
  SELECT * INTO d FROM dossier.dossier x WHERE x.code OPERATOR(dossier.=) receipt.code;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'dossier % does not exist', code
      USING ERRCODE = '@ERRCODE_UNKNOWN_DOSSIER@',
            DETAIL = pg_catalog.format('No dossier you may see has the code %s.', code),
            HINT = 'Check the code; a dossier of another agency is not visible to you.';
  END IF;
  IF d.received_at IS NULL THEN
    RAISE EXCEPTION 'dossier % has not been received', code
      USING ERRCODE = '@ERRCODE_NOT_RECEIVED@',
            DETAIL = pg_catalog.format('Its status is %s (%s); the receipt slip (Mẫu 01) is issued when a dossier is received.',
                                       dossier.status_code(d.status), dossier.status_name_vi(d.status)),
            HINT = 'Receive the dossier first (action receive); a dossier refused at the desk gets the refusal slip (Mẫu 03) instead.';
  END IF;
  base := pg_catalog.rtrim(COALESCE(pg_catalog.current_setting('dossier.public_base_url', true), ''), '/');
  IF base OPERATOR(pg_catalog.=) '' THEN
    RAISE EXCEPTION 'dossier.public_base_url is not set'
      USING ERRCODE = '@ERRCODE_PUBLIC_URL_UNSET@',
            DETAIL = 'The QR code of a receipt slip leads to <dossier.public_base_url>/status/<token>.',
            HINT = 'A superuser sets it, e.g. ALTER DATABASE ... SET dossier.public_base_url = ''https://dichvucong.example.gov.vn/tra-cuu''.';
  END IF;
  SELECT t.token INTO tok FROM dossier.public_token t WHERE t.dossier OPERATOR(dossier.=) d.code;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'dossier % has no lookup token', code
      USING ERRCODE = '@ERRCODE_NO_PUBLIC_TOKEN@',
            DETAIL = 'Every dossier gets one when registered; this one has none (restored without dossier.public_token?).',
            HINT = 'Issue one with dossier.rotate_public_token(code), then print the slip again.';
  END IF;

  s.dossier_code := d.code;
  s.procedure_code := d.procedure;
  SELECT p.name, p.processing_time, p.time_unit INTO s.procedure_name, s.processing_time, s.time_unit
  FROM dossier.procedure p WHERE p.code OPERATOR(dossier.=) d.procedure;
  s.receiving_agency := d.receiving_agency;
  SELECT a.name INTO s.receiving_agency_name
  FROM dossier.agency a WHERE a.code OPERATOR(dossier.=) d.receiving_agency;
  s.applicant := COALESCE(d.owner_citizen::text, d.owner_enterprise::text);
  s.channel := d.channel;
  s.received_at := d.received_at;
  s.appointment_at := d.appointment_at;
  -- the official who received it, for a caller who may read the history
  IF pg_catalog.has_table_privilege('dossier.dossier_event', 'SELECT') THEN
    SELECT e.actor INTO s.received_by
    FROM dossier.dossier_event e
    WHERE e.dossier OPERATOR(dossier.=) d.code
      AND e.to_status OPERATOR(dossier.=) dossier.status_from_code(2)
    ORDER BY e.seq LIMIT 1;
  END IF;
  s.lookup_token := pg_catalog.regexp_replace(tok, '(.{4})(?!$)', '\1-', 'g');
  s.lookup_url := base OPERATOR(pg_catalog.||) '/status/' OPERATOR(pg_catalog.||) tok;
  s.qr_svg := dossier.qr_svg(s.lookup_url, 'M');
  RETURN s;
END $$;
COMMENT ON FUNCTION dossier.receipt(dossier.dossier_code) IS
  'the receipt slip of a received dossier (Mẫu 01, Circular 01/2018/TT-VPCP) with the QR code of its public lookup URL; runs as the caller, so only a dossier the caller can see is printed. Errors: VN102 (no such dossier visible), VN603 (not received), VN602 (dossier.public_base_url unset), VN604 (no token)';

CREATE FUNCTION dossier.rotate_public_token(code dossier.dossier_code)
  RETURNS text
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  tok text;
BEGIN
  -- as the caller: only a visible dossier's token is replaced (or issued)
  INSERT INTO dossier.public_token AS t (dossier, rotated_by)
  SELECT d.code, CURRENT_USER FROM dossier.dossier d
  WHERE d.code OPERATOR(dossier.=) rotate_public_token.code
  ON CONFLICT (dossier) DO UPDATE SET rotations = t.rotations OPERATOR(pg_catalog.+) 1
  RETURNING t.token INTO tok;
  IF tok IS NULL THEN
    RAISE EXCEPTION 'dossier % does not exist', code
      USING ERRCODE = '@ERRCODE_UNKNOWN_DOSSIER@',
            DETAIL = pg_catalog.format('No dossier you may see has the code %s.', code),
            HINT = 'Check the code; a dossier of another agency is not visible to you.';
  END IF;
  RETURN tok;
END $$;
COMMENT ON FUNCTION dossier.rotate_public_token(dossier.dossier_code) IS
  'replace a dossier''s lookup token (a lost receipt slip): the old token stops working at once, the new one is returned and dossier.receipt prints it; a dossier without a token gets one. Runs as the caller. Errors: VN102';

-- -------------------------------------------------------------------------
-- The public lookup and the procedure posters
-- -------------------------------------------------------------------------

CREATE FUNCTION dossier.public_status(token text)
  RETURNS TABLE (dossier_code dossier.dossier_code, status_code int4, status_name text,
                 procedure_code dossier.procedure_code, procedure_name text,
                 agency_code dossier.agency_code, agency_name text,
                 received_at timestamptz, appointment_at timestamptz,
                 timeliness dossier.timeliness, on_time boolean, updated_at timestamptz)
  LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED SECURITY DEFINER ROWS 1
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- one index probe by digest for every input, well-formed or not
  RETURN QUERY
  SELECT d.code, dossier.status_code(d.status), dossier.status_name_vi(d.status),
         d.procedure, p.name, d.agency, a.name, d.received_at, d.appointment_at,
         dossier.timeliness(d), dossier.is_on_time(d), d.updated_at
  FROM dossier.public_token t
  JOIN dossier.dossier d ON d.code OPERATOR(dossier.=) t.dossier
  JOIN dossier.procedure p ON p.code OPERATOR(dossier.=) d.procedure
  JOIN dossier.agency a ON a.code OPERATOR(dossier.=) d.agency
  WHERE t.token_hash OPERATOR(pg_catalog.=) dossier.public_token_hash(public_status.token);
END $$;
COMMENT ON FUNCTION dossier.public_status(text) IS
  'the public status of the dossier a lookup token belongs to: dossier code, status code and Vietnamese name, procedure, agency, received and appointment times, on-time status, last change; no personal data. No row for an unknown, rotated or malformed token alike (never an error). For the anonymous web role dossier_public';

CREATE FUNCTION dossier.procedure_poster(procedure dossier.procedure_code)
  RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  base text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM dossier.procedure p
                 WHERE p.code OPERATOR(dossier.=) procedure_poster.procedure) THEN
    RAISE EXCEPTION 'procedure % does not exist', procedure
      USING ERRCODE = '@ERRCODE_UNKNOWN_PROCEDURE@',
            DETAIL = pg_catalog.format('No row of dossier.procedure has the code %s.', procedure),
            HINT = 'Pass the code of a procedure in dossier.procedure.';
  END IF;
  base := pg_catalog.rtrim(COALESCE(pg_catalog.current_setting('dossier.public_base_url', true), ''), '/');
  IF base OPERATOR(pg_catalog.=) '' THEN
    RAISE EXCEPTION 'dossier.public_base_url is not set'
      USING ERRCODE = '@ERRCODE_PUBLIC_URL_UNSET@',
            DETAIL = 'The QR code of a procedure poster leads to <dossier.public_base_url>/procedure/<code>.',
            HINT = 'A superuser sets it, e.g. ALTER DATABASE ... SET dossier.public_base_url = ''https://dichvucong.example.gov.vn/tra-cuu''.';
  END IF;
  RETURN dossier.qr_svg(base OPERATOR(pg_catalog.||) '/procedure/' OPERATOR(pg_catalog.||) procedure::text, 'Q');
END $$;
COMMENT ON FUNCTION dossier.procedure_poster(dossier.procedure_code) IS
  'SVG QR code (level Q, for a wall) of a procedure''s public page <dossier.public_base_url>/procedure/<code>, for the one-stop desk''s posters. Errors: VN104, VN602';

-- -------------------------------------------------------------------------
-- Privileges (docs/roles.md)
-- -------------------------------------------------------------------------

GRANT SELECT ON dossier.public_token TO dossier_desk_officer, dossier_portal;
GRANT INSERT (dossier, rotated_by), UPDATE (rotations) ON dossier.public_token TO dossier_desk_officer;
GRANT SELECT (dossier, issued_at, rotations, rotated_by) ON dossier.public_token
  TO dossier_auditor, dossier_dba;
REVOKE ALL ON FUNCTION dossier.receipt(dossier.dossier_code) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.rotate_public_token(dossier.dossier_code) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.public_status(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.receipt(dossier.dossier_code) TO dossier_desk_officer, dossier_portal;
GRANT EXECUTE ON FUNCTION dossier.rotate_public_token(dossier.dossier_code) TO dossier_desk_officer;
GRANT EXECUTE ON FUNCTION dossier.public_status(text) TO dossier_public;

-- the dossiers of 0.1.0 get their tokens now (the trigger draws each)
INSERT INTO dossier.public_token (dossier) SELECT d.code FROM dossier.dossier d ORDER BY d.code;
