-- Who may see what (issue 13 section 1; docs/reference/access/access.md,
-- docs/roles.md): officials bound to the agency they serve, row-level
-- security on the dossier tables, de-identified views for analysts, and
-- logged reads of personal data for auditors.
--
-- An official's login role is bound to one agency (dossier.official).  Staff
-- see the dossiers their agency holds or registered, and the dossiers of
-- agencies their agency succeeded (dossier.agency_succession); a binding may
-- add a subtree the official reads but does not act on (a supervising
-- department, Decision 766/QĐ-TTg counts a unit "together with all units
-- under it").  dossier.transition and dossier.register_dossier enforce the
-- same binding in C (src/pg/access/, cached per backend): acting outside it
-- is 42501, a role bound to no agency VN401, a role whose agency no longer
-- exists VN402.  Other parts call dossier.visible_agencies(),
-- dossier.visible_subtree(), dossier.agency_visible(a) and
-- dossier.dossier_visible(code) to ask the same question.
--
-- The part only adds to 0.1.0 (and changes grants), so a 0.1.0 database
-- runs exactly these statements: extension/upgrade/0.1.0--0.2.0/30_access.sql
-- is a symbolic link to this file.

-- -------------------------------------------------------------------------
-- Bindings
-- -------------------------------------------------------------------------

CREATE TABLE dossier.official (
  login      regrole PRIMARY KEY,
  login_name name NOT NULL,
  agency     dossier.agency_code NOT NULL,
  scope      dossier.agency_code,
  bound_at   timestamptz NOT NULL,
  bound_by   name NOT NULL,
  note       text
);
COMMENT ON TABLE dossier.official IS
  'officials (login roles) bound to the agency they serve, written only by dossier.bind_official and dossier.unbind_official; a staff role acts only on dossiers of its agency and sees those and its scope''s';
COMMENT ON COLUMN dossier.official.login IS
  'the login role of the official, by OID (a renamed role keeps its OID; pg_dump writes the name)';
COMMENT ON COLUMN dossier.official.login_name IS
  'the role''s name when it was bound: a binding whose role has since been dropped or renamed gives nothing until the DBA binds the role again';
COMMENT ON COLUMN dossier.official.agency IS
  'the agency the official serves: registers dossiers there, acts on its dossiers (and those of the agencies it succeeded)';
COMMENT ON COLUMN dossier.official.scope IS
  'root of an agency subtree the official may also read (a supervising department), never act on; NULL: its own agency only';
COMMENT ON COLUMN dossier.official.bound_at IS 'when the binding was made or last changed';
COMMENT ON COLUMN dossier.official.bound_by IS 'the role that bound the official (the current role, as SET ROLE set it)';
COMMENT ON COLUMN dossier.official.note IS 'free remarks, e.g. the decision that appointed the official';
SELECT pg_catalog.pg_extension_config_dump('dossier.official', '');

CREATE TABLE dossier.official_log (
  id          int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL,
  action      text NOT NULL CONSTRAINT official_log_action_check CHECK (action IN ('bind', 'unbind')),
  login       oid NOT NULL,
  login_name  name NOT NULL,
  agency      dossier.agency_code,
  scope       dossier.agency_code,
  by_role     name NOT NULL,
  session_user_name name NOT NULL,
  note        text
);
COMMENT ON TABLE dossier.official_log IS
  'every binding and unbinding of an official (dossier.bind_official, dossier.unbind_official): who bound whom to which agency, when; append-only';
COMMENT ON COLUMN dossier.official_log.id IS 'entry number';
COMMENT ON COLUMN dossier.official_log.at IS 'transaction start time';
COMMENT ON COLUMN dossier.official_log.action IS 'bind (also a change of agency or scope) or unbind';
COMMENT ON COLUMN dossier.official_log.login IS 'OID of the official''s role';
COMMENT ON COLUMN dossier.official_log.login_name IS 'name of the official''s role at the time';
COMMENT ON COLUMN dossier.official_log.agency IS 'the agency bound to (bind) or left (unbind)';
COMMENT ON COLUMN dossier.official_log.scope IS 'the subtree the official may read, if any';
COMMENT ON COLUMN dossier.official_log.by_role IS 'current role of the session that made the change';
COMMENT ON COLUMN dossier.official_log.session_user_name IS 'session (login) role';
COMMENT ON COLUMN dossier.official_log.note IS 'the note given';
SELECT pg_catalog.pg_extension_config_dump('dossier.official_log', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('dossier.official_log', 'id'), '');

-- Append-only logs: no UPDATE, DELETE or TRUNCATE, not even by their owner
-- (VN110, the guard's code).  Inserts come from the functions below; a
-- restore's COPY is an insert too.
CREATE FUNCTION dossier.append_only() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION '% on %.% is not allowed', tg_op, tg_table_schema, tg_table_name
    USING ERRCODE = '@ERRCODE_GUARDED@',
          DETAIL = 'The table is an append-only log: its rows record who did what and stay as written.',
          HINT = 'Nothing to repair here; the functions that write the log add rows.';
END $$;
COMMENT ON FUNCTION dossier.append_only() IS
  'trigger: refuses UPDATE, DELETE and TRUNCATE of an append-only log (dossier.official_log, dossier.personal_data_access) (SQLSTATE VN110)';
CREATE TRIGGER official_log_append_only BEFORE UPDATE OR DELETE ON dossier.official_log
  FOR EACH ROW EXECUTE FUNCTION dossier.append_only();
CREATE TRIGGER official_log_append_only_truncate BEFORE TRUNCATE ON dossier.official_log
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.append_only();
ALTER TABLE dossier.official_log ENABLE ALWAYS TRIGGER official_log_append_only;
ALTER TABLE dossier.official_log ENABLE ALWAYS TRIGGER official_log_append_only_truncate;

-- The C checks cache each role's binding per backend; a change of a binding,
-- an agency or a succession drops the cache (in every backend once the change
-- commits), as procedure_step_changed does for the procedure cache.
CREATE FUNCTION dossier.official_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'official_changed'
LANGUAGE C PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.official_changed() IS
  'trigger: marks the bindings cached by every backend stale once the changing transaction commits (and in its own backend at once)';
CREATE TRIGGER official_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.official
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.official_changed();
CREATE TRIGGER official_agency_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.agency
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.official_changed();
CREATE TRIGGER official_succession_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.agency_succession
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.official_changed();

CREATE FUNCTION dossier.acting_role() RETURNS regrole
AS 'MODULE_PATHNAME', 'dossier_acting_role'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.acting_role() IS
  'the role the session acts as, the one SET ROLE set (or the login role), also inside a SECURITY DEFINER function: the actor the history and the logs record';

-- What a binding gives as of a day: the agencies the official acts for (its
-- own and the ones its own succeeded, transitively) or the problem that
-- leaves it nothing.  The one definition the C cache (src/pg/access/binding.c)
-- and dossier.official_status read.
CREATE FUNCTION dossier.official_binding(
    login regrole,
    as_of date DEFAULT (pg_catalog.now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
    OUT bound_name name, OUT bound_agency dossier.agency_code, OUT bound_scope dossier.agency_code,
    OUT problem text, OUT successors text, OUT acts_for dossier.agency_code[])
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  name_now name;
BEGIN
  SELECT o.login_name, o.agency, o.scope INTO bound_name, bound_agency, bound_scope
  FROM dossier.official o WHERE o.login OPERATOR(pg_catalog.=) official_binding.login;
  IF NOT FOUND THEN
    problem := 'not_bound';
    RETURN;
  END IF;
  SELECT r.rolname INTO name_now FROM pg_catalog.pg_roles r
  WHERE r.oid OPERATOR(pg_catalog.=) official_binding.login::oid;
  IF name_now IS NULL THEN
    problem := 'role_dropped';
    RETURN;
  ELSIF name_now OPERATOR(pg_catalog.<>) bound_name THEN
    problem := 'role_renamed';
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM dossier.agency a WHERE a.code OPERATOR(dossier.=) bound_agency) THEN
    problem := 'agency_gone';
    RETURN;
  END IF;
  SELECT pg_catalog.string_agg(s.new_code::text OPERATOR(pg_catalog.||) ' (from '
                               OPERATOR(pg_catalog.||) pg_catalog.to_char(s.valid_from, 'YYYY-MM-DD')
                               OPERATOR(pg_catalog.||) ')',
                               ', ' ORDER BY s.new_code)
  INTO successors
  FROM dossier.agency_succession s
  WHERE s.old_code OPERATOR(dossier.=) bound_agency AND s.valid_from OPERATOR(pg_catalog.<=) as_of;
  IF successors IS NOT NULL THEN
    problem := 'agency_succeeded';
    RETURN;
  END IF;
  WITH RECURSIVE p(code) AS (
    SELECT s.old_code FROM dossier.agency_succession s
    WHERE s.new_code OPERATOR(dossier.=) bound_agency AND s.valid_from OPERATOR(pg_catalog.<=) as_of
    UNION
    SELECT s.old_code FROM dossier.agency_succession s JOIN p ON s.new_code OPERATOR(dossier.=) p.code
    WHERE s.valid_from OPERATOR(pg_catalog.<=) as_of
  )
  SELECT ARRAY[bound_agency] OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.array_agg(p.code ORDER BY p.code)
                    FILTER (WHERE p.code OPERATOR(dossier.<>) bound_agency), '{}')
  INTO acts_for FROM p;
END $$;
COMMENT ON FUNCTION dossier.official_binding(regrole, date) IS
  'what the binding of a role gives as of a day (today in Vietnam by default): its agency and scope, and the agencies it acts for (its own first, then those it succeeded), or the problem that leaves it nothing: not_bound, role_dropped, role_renamed, agency_gone, agency_succeeded (with the successors)';

CREATE VIEW dossier.official_status AS
SELECT o.login::oid AS login_oid, o.login_name, r.rolname AS role_name_now, o.agency, o.scope,
       b.problem, b.successors, b.acts_for, o.bound_at, o.bound_by, o.note
FROM dossier.official o
LEFT JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) o.login::oid
CROSS JOIN LATERAL dossier.official_binding(o.login) b;
COMMENT ON VIEW dossier.official_status IS
  'every binding with what it gives today: problem is NULL for a binding in use, else role_dropped, role_renamed, agency_gone or agency_succeeded (successors names where the work went); the DBA''s list after DROP ROLE, a rename or a merger';

-- The DBA's functions.  Roles are cluster objects: the binding stores the
-- OID and the name; a dropped or renamed role's binding gives nothing.
CREATE FUNCTION dossier.group_roles() RETURNS name[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY['dossier_desk_officer', 'dossier_specialist', 'dossier_leader', 'dossier_clerk',
             'dossier_analyst', 'dossier_auditor', 'dossier_dba', 'dossier_portal',
             'dossier_importer']::name[];
COMMENT ON FUNCTION dossier.group_roles() IS
  'the nine group roles the extension creates (extension/parts/91_roles.sql; docs/roles.md)';

CREATE FUNCTION dossier.check_bindable_agency(agency dossier.agency_code, what text)
  RETURNS void
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  succ text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM dossier.agency a WHERE a.code OPERATOR(dossier.=) agency) THEN
    RAISE EXCEPTION 'agency % does not exist', agency
      USING ERRCODE = '@ERRCODE_UNKNOWN_AGENCY@',
            DETAIL = pg_catalog.format('No row of dossier.agency has the code %s (the %s).', agency, what),
            HINT = 'Load the agency into dossier.agency first, or check the code.';
  END IF;
  SELECT pg_catalog.string_agg(s.new_code::text, ', ' ORDER BY s.new_code) INTO succ
  FROM dossier.agency_succession s
  WHERE s.old_code OPERATOR(dossier.=) agency
    AND s.valid_from OPERATOR(pg_catalog.<=) (pg_catalog.now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
  IF succ IS NOT NULL THEN
    RAISE EXCEPTION 'agency % no longer exists', agency
      USING ERRCODE = '@ERRCODE_AGENCY_GONE@',
            DETAIL = pg_catalog.format('Agency %s was succeeded by %s (dossier.agency_succession); the %s must be an agency in being.', agency, succ, what),
            HINT = pg_catalog.format('Bind the official to %s.', succ);
  END IF;
END $$;
COMMENT ON FUNCTION dossier.check_bindable_agency(dossier.agency_code, text) IS
  'raises VN107 when the agency is not in dossier.agency and VN402 when a succession in force replaced it; what names the argument in the message';

CREATE FUNCTION dossier.login_search_path(login regrole) RETURNS boolean
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c
             WHERE s.setrole OPERATOR(pg_catalog.=) login::oid
               AND s.setdatabase OPERATOR(pg_catalog.=)
                   (SELECT d.oid FROM pg_catalog.pg_database d
                    WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())
               AND c OPERATOR(pg_catalog.~~) 'search_path=%') THEN
    RETURN false;
  END IF;
  EXECUTE pg_catalog.format('ALTER ROLE %I IN DATABASE %I SET search_path = "$user", dossier, public',
                            (SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) login::oid),
                            pg_catalog.current_database());
  RETURN true;
END $$;
COMMENT ON FUNCTION dossier.login_search_path(regrole) IS
  'internal: give the role, in this database, the default search_path "$user", dossier, public unless it has one here already; returns whether it set it';

CREATE FUNCTION dossier.configure_login(login regrole) RETURNS boolean
  LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  IF login IS NULL THEN
    RAISE EXCEPTION 'argument login must not be null'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'configure_login needs the login role to configure.',
            HINT = 'Pass the name of a login role that is a member of one of the dossier_* roles.';
  END IF;
  SELECT g.rolname, g.rolsuper INTO r FROM pg_catalog.pg_roles g WHERE g.oid OPERATOR(pg_catalog.=) login::oid;
  IF NOT FOUND OR r.rolsuper OR r.rolname OPERATOR(pg_catalog.=) ANY (dossier.group_roles())
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles g
                    WHERE g.rolname OPERATOR(pg_catalog.=) ANY (dossier.group_roles())
                      AND pg_catalog.pg_has_role(login::oid, g.oid, 'USAGE')) THEN
    RAISE EXCEPTION 'role % cannot be configured for the dossier extension', login
      USING ERRCODE = '@ERRCODE_NOT_BINDABLE@',
            DETAIL = CASE WHEN NOT FOUND THEN 'No role has that OID.'
                          WHEN r.rolsuper THEN 'It is a superuser; its settings are the cluster administrator''s.'
                          WHEN r.rolname OPERATOR(pg_catalog.=) ANY (dossier.group_roles()) THEN 'It is one of the extension''s group roles, not a login.'
                          ELSE 'It is a member of none of the extension''s nine roles.' END,
            HINT = 'Configure the login role of a person or service that holds one of the dossier_* roles.';
  END IF;
  RETURN dossier.login_search_path(login);
END $$;
COMMENT ON FUNCTION dossier.configure_login(regrole) IS
  'for the DBA: give a login role of the extension''s roles (portal, analyst, auditor, ...) the default search_path "$user", dossier, public in this database, so that a driver binding parameters finds the types'' operators; returns false when the role already has a search_path here (left as it is). Errors: VN403, 22004';

CREATE FUNCTION dossier.bind_official(login regrole, agency dossier.agency_code,
                                      scope dossier.agency_code DEFAULT NULL, note text DEFAULT NULL)
  RETURNS dossier.official
  LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
  result dossier.official;
  by_role name := dossier.acting_role()::text;
BEGIN
  IF login IS NULL OR agency IS NULL THEN
    RAISE EXCEPTION 'argument % must not be null', CASE WHEN login IS NULL THEN 'login' ELSE 'agency' END
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'bind_official needs the login role of the official and the agency it serves.',
            HINT = 'Call dossier.bind_official(''login_role'', ''agency code'').';
  END IF;
  SELECT g.rolname, g.rolsuper INTO r FROM pg_catalog.pg_roles g WHERE g.oid OPERATOR(pg_catalog.=) login::oid;
  IF NOT FOUND OR r.rolsuper OR r.rolname OPERATOR(pg_catalog.=) ANY (dossier.group_roles())
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles g
                    WHERE g.rolname OPERATOR(pg_catalog.=) ANY (ARRAY['dossier_desk_officer', 'dossier_specialist',
                            'dossier_leader', 'dossier_clerk']::name[])
                      AND pg_catalog.pg_has_role(login::oid, g.oid, 'USAGE')) THEN
    RAISE EXCEPTION 'role % cannot be bound to an agency', login
      USING ERRCODE = '@ERRCODE_NOT_BINDABLE@',
            DETAIL = CASE WHEN NOT FOUND THEN 'No role has that OID.'
                          WHEN r.rolsuper THEN 'It is a superuser, which acts everywhere.'
                          WHEN r.rolname OPERATOR(pg_catalog.=) ANY (dossier.group_roles()) THEN 'It is one of the extension''s group roles; bind the login role of each official.'
                          ELSE 'It holds no staff role (dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk).' END,
            HINT = 'Grant the official a staff role first (GRANT dossier_desk_officer TO ...), then bind the login role.';
  END IF;
  PERFORM dossier.check_bindable_agency(agency, 'agency');
  IF scope IS NOT NULL THEN
    PERFORM dossier.check_bindable_agency(scope, 'scope');
  END IF;
  INSERT INTO dossier.official AS o (login, login_name, agency, scope, bound_at, bound_by, note)
  VALUES (login, r.rolname, agency, scope, pg_catalog.now(), by_role, note)
  ON CONFLICT ON CONSTRAINT official_pkey DO UPDATE
    SET login_name = excluded.login_name, agency = excluded.agency, scope = excluded.scope,
        bound_at = excluded.bound_at, bound_by = excluded.bound_by, note = excluded.note
  RETURNING o.* INTO result;
  INSERT INTO dossier.official_log (at, action, login, login_name, agency, scope, by_role, session_user_name, note)
  VALUES (pg_catalog.now(), 'bind', login::oid, r.rolname, agency, scope, by_role, SESSION_USER, note);
  PERFORM dossier.login_search_path(login);
  RETURN result;
END $$;
COMMENT ON FUNCTION dossier.bind_official(regrole, dossier.agency_code, dossier.agency_code, text) IS
  'for the DBA: bind an official''s login role (a member of a staff role) to the agency it serves, and optionally to a subtree (scope) it may read; binding again changes the binding. Recorded in dossier.official_log; gives the role the default search_path "$user", dossier, public in this database unless it has one here. Errors: VN403 (superuser, group role, no staff role), VN107 (unknown agency or scope), VN402 (agency succeeded), 22004';

CREATE FUNCTION dossier.unbind_official(login regrole) RETURNS dossier.official
  LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  gone dossier.official;
  role_name name;
BEGIN
  IF login IS NULL THEN
    RAISE EXCEPTION 'argument login must not be null'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'unbind_official needs the login role to unbind.',
            HINT = 'Pass the role''s name, or the OID that dossier.official_status lists for a dropped role.';
  END IF;
  DELETE FROM dossier.official o WHERE o.login OPERATOR(pg_catalog.=) unbind_official.login
  RETURNING o.* INTO gone;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'role % is not bound to an agency', login
      USING ERRCODE = '@ERRCODE_NOT_BOUND@',
            DETAIL = 'dossier.official has no row for the role.',
            HINT = 'SELECT * FROM dossier.official_status lists the bindings.';
  END IF;
  INSERT INTO dossier.official_log (at, action, login, login_name, agency, scope, by_role, session_user_name, note)
  VALUES (pg_catalog.now(), 'unbind', login::oid, gone.login_name, gone.agency, gone.scope,
          dossier.acting_role()::text, SESSION_USER, NULL);
  -- the search path bind_official set, if it is still the one it set
  SELECT g.rolname INTO role_name FROM pg_catalog.pg_roles g WHERE g.oid OPERATOR(pg_catalog.=) login::oid;
  IF role_name IS NOT NULL AND EXISTS (
       SELECT 1 FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c
       WHERE s.setrole OPERATOR(pg_catalog.=) login::oid
         AND s.setdatabase OPERATOR(pg_catalog.=)
             (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())
         AND c OPERATOR(pg_catalog.=) 'search_path="$user", dossier, public') THEN
    EXECUTE pg_catalog.format('ALTER ROLE %I IN DATABASE %I RESET search_path', role_name, pg_catalog.current_database());
  END IF;
  RETURN gone;
END $$;
COMMENT ON FUNCTION dossier.unbind_official(regrole) IS
  'for the DBA: remove an official''s binding (recorded in dossier.official_log) and the default search_path bind_official gave it; a dropped role is named by its OID (unbind_official(16390)). Errors: VN401, 22004';

-- -------------------------------------------------------------------------
-- What the current role sees: for policies here and in other parts
-- -------------------------------------------------------------------------

CREATE FUNCTION dossier.visible_agencies() RETURNS dossier.agency_code[]
AS 'MODULE_PATHNAME', 'dossier_visible_agencies'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.visible_agencies() IS
  'the agencies whose dossiers the current role acts on and sees as an official: its bound agency first, then the agencies that agency succeeded; NULL when the role has no usable binding (unbound, agency gone or succeeded). Cached per backend; use it as col = ANY ((SELECT dossier.visible_agencies())::dossier.agency_code[]) so that it is computed once per query';

CREATE FUNCTION dossier.visible_subtree() RETURNS dossier.agency_code
AS 'MODULE_PATHNAME', 'dossier_visible_subtree'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.visible_subtree() IS
  'root of the agency subtree the current role may also read (its binding''s scope), or NULL; use it as col <@ (SELECT dossier.visible_subtree())';

CREATE FUNCTION dossier.agency_visible(agency dossier.agency_code) RETURNS boolean
AS 'MODULE_PATHNAME', 'dossier_agency_visible'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.agency_visible(dossier.agency_code) IS
  'whether the current role''s binding reaches the agency: one it acts for, or in the subtree it reads; false without a usable binding (superusers, auditors and the DBA included: they have their own policies)';

CREATE FUNCTION dossier.dossier_visible(code dossier.dossier_code) RETURNS boolean
AS 'MODULE_PATHNAME', 'dossier_dossier_visible'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.dossier_visible(dossier.dossier_code) IS
  'whether the current role''s binding reaches the dossier: its agency or receiving agency is visible (dossier.agency_visible); false for a dossier that does not exist. For policies of tables that hold a dossier code';

CREATE FUNCTION dossier.transfer_sender_visible(code dossier.dossier_code, seq int4) RETURNS boolean
AS 'MODULE_PATHNAME', 'dossier_transfer_sender_visible'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.transfer_sender_visible(dossier.dossier_code, int4) IS
  'whether the agency that held the dossier before event seq (the sender of a transfer) is visible to the current role: the sender keeps the transfer in the history it took part in';

-- -------------------------------------------------------------------------
-- Row-level security
-- -------------------------------------------------------------------------
--
-- Policies are permissive and per role (TO ...): each part adds its own (the
-- portal's are in the portal's part).  Superusers and the tables' owner (the
-- SECURITY DEFINER writers) bypass them.  Only SELECT is granted on these
-- tables, so only SELECT policies are needed.

ALTER TABLE dossier.dossier ENABLE ROW LEVEL SECURITY;
ALTER TABLE dossier.dossier_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE dossier.outbox ENABLE ROW LEVEL SECURITY;

-- Staff: the dossiers their agency holds or registered (the one-stop desk
-- follows what it received after a transfer, liên thông), those of the
-- agencies it succeeded, and the subtree of their scope.
CREATE POLICY staff_agency ON dossier.dossier FOR SELECT
  TO dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk
  USING (agency OPERATOR(dossier.=) ANY ((SELECT dossier.visible_agencies())::dossier.agency_code[])
      OR receiving_agency OPERATOR(dossier.=) ANY ((SELECT dossier.visible_agencies())::dossier.agency_code[])
      OR agency OPERATOR(dossier.<@) (SELECT dossier.visible_subtree())
      OR receiving_agency OPERATOR(dossier.<@) (SELECT dossier.visible_subtree()));
COMMENT ON POLICY staff_agency ON dossier.dossier IS
  'staff see the dossiers their agency holds or registered, those of agencies it succeeded, and those in the subtree of their scope';

-- Staff: the whole history of a dossier they see, and, of a dossier they no
-- longer see, the events recorded while their agency held it (an event's
-- agency is the one after it) and the transfer that handed it on.
CREATE POLICY staff_agency ON dossier.dossier_event FOR SELECT
  TO dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk
  USING (agency OPERATOR(dossier.=) ANY ((SELECT dossier.visible_agencies())::dossier.agency_code[])
      OR agency OPERATOR(dossier.<@) (SELECT dossier.visible_subtree())
      OR dossier.dossier_visible(dossier)
      OR (action OPERATOR(pg_catalog.=) 'transfer'::dossier.dossier_action
          AND dossier.transfer_sender_visible(dossier, seq)));
COMMENT ON POLICY staff_agency ON dossier.dossier_event IS
  'staff see the history of the dossiers they see, and the part of other histories their agency took part in (events while it held the dossier, the transfer that handed it on)';

-- Auditors and the DBA: every row, read-only; the columns with personal data
-- are not granted to them (below): auditors read those through the logged
-- functions.
CREATE POLICY auditor_all ON dossier.dossier FOR SELECT TO dossier_auditor, dossier_dba USING (true);
COMMENT ON POLICY auditor_all ON dossier.dossier IS
  'auditors and the DBA see every dossier, without the personal columns';
CREATE POLICY auditor_all ON dossier.dossier_event FOR SELECT TO dossier_auditor, dossier_dba USING (true);
COMMENT ON POLICY auditor_all ON dossier.dossier_event IS
  'auditors and the DBA see every event, without the personal columns';
CREATE POLICY auditor_all ON dossier.outbox FOR SELECT TO dossier_auditor, dossier_dba USING (true);
COMMENT ON POLICY auditor_all ON dossier.outbox IS
  'auditors and the DBA see every outbox message (the portal consumes them through dossier.claim_outbox)';

-- The importer, a migration's account bound to no agency: what it imported.
CREATE POLICY importer_imported ON dossier.dossier_event FOR SELECT TO dossier_importer
  USING (import_source IS NOT NULL);
COMMENT ON POLICY importer_imported ON dossier.dossier_event IS
  'the importer sees the events it imported';
CREATE POLICY importer_imported ON dossier.dossier FOR SELECT TO dossier_importer
  USING (EXISTS (SELECT 1 FROM dossier.dossier_event e
                 WHERE e.dossier OPERATOR(dossier.=) dossier.code AND e.import_source IS NOT NULL));
COMMENT ON POLICY importer_imported ON dossier.dossier IS
  'the importer sees the dossiers that have an imported event';

-- -------------------------------------------------------------------------
-- Analysts: de-identified rows
-- -------------------------------------------------------------------------
--
-- No owner IDs, no notes, no on_behalf_of, no reasons in words, no actors:
-- what indicators need (Decision 766/QĐ-TTg, docs/domain.md §6).  The dossier
-- code stays, as the key between the two views: it names an agency, a day
-- and a number, not a person.  The views run as their owner, so they show
-- every agency.

CREATE VIEW dossier.dossier_deidentified AS
SELECT d.code, d.procedure, d.agency, d.receiving_agency,
       CASE WHEN d.owner_citizen IS NOT NULL THEN 'person' ELSE 'organisation' END AS owner_kind,
       d.channel, d.status, d.step, d.registered_at, d.received_at, d.due_at, d.appointment_at,
       d.paused_at, d.supplement_requests, d.supplement_time, d.resolved_at, d.returned_at,
       d.stopped_at, d.withdrawn_at, d.ended_at, d.prior_status, d.updated_at, d.events,
       dossier.timeliness(d.due_at, d.ended_at, d.paused_at, d.supplement_requests, pg_catalog.now()) AS timeliness
FROM dossier.dossier d;
COMMENT ON VIEW dossier.dossier_deidentified IS
  'every dossier without personal data (no owner ID; owner_kind says person or organisation) and its on-time status now: for analysts and indicators';

CREATE VIEW dossier.dossier_event_deidentified AS
SELECT e.dossier, e.seq, e.action, e.from_status, e.to_status, e.at, e.recorded_at, e.agency,
       e.step, e.due_at, e.appointment_at, e.procedure, e.channel, e.supplement_time,
       e.reason_code, e.on_behalf_of IS NOT NULL AS by_applicant, e.import_source IS NOT NULL AS imported
FROM dossier.dossier_event e;
COMMENT ON VIEW dossier.dossier_event_deidentified IS
  'every history event without personal data: no actor, owner, on_behalf_of, note or reason in words (reason_code stays); by_applicant says a portal acted for the owner';

-- -------------------------------------------------------------------------
-- Auditors: personal data, read through a logged opening
-- -------------------------------------------------------------------------
--
-- SELECT fires no trigger, and a log row written in the reading transaction
-- goes if that transaction rolls back.  So reading is in two steps: the
-- auditor opens a dossier's personal data with a purpose, which is logged
-- and committed; for an hour after, in later transactions, the logged
-- functions return that dossier's rows whole.

CREATE TABLE dossier.personal_data_access (
  id          int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  opened_at   timestamptz NOT NULL,
  reader      regrole NOT NULL,
  reader_name name NOT NULL,
  session_user_name name NOT NULL,
  dossier     dossier.dossier_code NOT NULL,
  purpose     text NOT NULL,
  backend_pid int4 NOT NULL,
  xid         xid8 NOT NULL
);
COMMENT ON TABLE dossier.personal_data_access IS
  'every opening of a dossier''s personal data by an auditor (dossier.open_personal_data): who, when, which dossier, why; append-only';
COMMENT ON COLUMN dossier.personal_data_access.id IS 'entry number';
COMMENT ON COLUMN dossier.personal_data_access.opened_at IS 'transaction start time; the opening lasts an hour';
COMMENT ON COLUMN dossier.personal_data_access.reader IS 'the role that opened it (the current role, as SET ROLE set it)';
COMMENT ON COLUMN dossier.personal_data_access.reader_name IS 'its name at the time';
COMMENT ON COLUMN dossier.personal_data_access.session_user_name IS 'session (login) role';
COMMENT ON COLUMN dossier.personal_data_access.dossier IS 'the dossier whose personal data was opened';
COMMENT ON COLUMN dossier.personal_data_access.purpose IS 'why, e.g. a complaint or an inspection decision';
COMMENT ON COLUMN dossier.personal_data_access.backend_pid IS 'backend process id';
COMMENT ON COLUMN dossier.personal_data_access.xid IS 'the opening transaction: reads are allowed only once it has committed';
SELECT pg_catalog.pg_extension_config_dump('dossier.personal_data_access', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('dossier.personal_data_access', 'id'), '');
CREATE INDEX personal_data_access_reader_idx ON dossier.personal_data_access (reader, dossier, opened_at);
CREATE TRIGGER personal_data_access_append_only BEFORE UPDATE OR DELETE ON dossier.personal_data_access
  FOR EACH ROW EXECUTE FUNCTION dossier.append_only();
CREATE TRIGGER personal_data_access_append_only_truncate BEFORE TRUNCATE ON dossier.personal_data_access
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.append_only();
ALTER TABLE dossier.personal_data_access ENABLE ALWAYS TRIGGER personal_data_access_append_only;
ALTER TABLE dossier.personal_data_access ENABLE ALWAYS TRIGGER personal_data_access_append_only_truncate;

CREATE FUNCTION dossier.open_personal_data(code dossier.dossier_code, purpose text) RETURNS int8
  LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  reader regrole := dossier.acting_role();
  id int8;
BEGIN
  IF code IS NULL THEN
    RAISE EXCEPTION 'argument code must not be null'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'open_personal_data needs the dossier whose personal data is opened.',
            HINT = 'Pass the code of the dossier.';
  END IF;
  IF purpose IS NULL OR pg_catalog.length(pg_catalog.btrim(purpose)) OPERATOR(pg_catalog.<) 10 THEN
    RAISE EXCEPTION 'a purpose is required to open personal data'
      USING ERRCODE = '@ERRCODE_PURPOSE_REQUIRED@',
            DETAIL = 'The purpose is recorded in dossier.personal_data_access; it must have at least 10 characters.',
            HINT = 'Say why, e.g. the complaint or the inspection decision being handled.';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM dossier.dossier d WHERE d.code OPERATOR(dossier.=) open_personal_data.code) THEN
    RAISE EXCEPTION 'dossier % does not exist', code
      USING ERRCODE = '@ERRCODE_UNKNOWN_DOSSIER@',
            DETAIL = pg_catalog.format('No row of dossier.dossier has the code %s.', code),
            HINT = 'Check the code printed on the receipt slip.';
  END IF;
  INSERT INTO dossier.personal_data_access AS a (opened_at, reader, reader_name, session_user_name, dossier,
                                                 purpose, backend_pid, xid)
  VALUES (pg_catalog.now(), reader, reader::text, SESSION_USER, code, purpose, pg_catalog.pg_backend_pid(),
          pg_catalog.pg_current_xact_id())
  RETURNING a.id INTO id;
  RETURN id;
END $$;
COMMENT ON FUNCTION dossier.open_personal_data(dossier.dossier_code, text) IS
  'for auditors: record that the current role opens the personal data of a dossier, and why (dossier.personal_data_access); once this transaction commits, dossier.audit_dossier and dossier.audit_history return the dossier whole to the role for an hour. Errors: VN102, VN411, 22004';

CREATE FUNCTION dossier.check_personal_data_open(code dossier.dossier_code) RETURNS void
  LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF code IS NULL THEN
    RAISE EXCEPTION 'argument code must not be null'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'A dossier''s personal data is read one dossier at a time.',
            HINT = 'Pass the code of a dossier opened with dossier.open_personal_data.';
  END IF;
  -- a superuser reads the tables anyway
  IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) dossier.acting_role()::oid) THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM dossier.personal_data_access a
                 WHERE a.reader OPERATOR(pg_catalog.=) dossier.acting_role()
                   AND a.dossier OPERATOR(dossier.=) check_personal_data_open.code
                   AND a.opened_at OPERATOR(pg_catalog.>) (pg_catalog.now() OPERATOR(pg_catalog.-) interval '1 hour')
                   AND a.xid IS DISTINCT FROM pg_catalog.pg_current_xact_id_if_assigned()) THEN
    RAISE EXCEPTION 'personal data of dossier % is not open to role %', code, dossier.acting_role()
      USING ERRCODE = '@ERRCODE_PERSONAL_DATA_NOT_OPEN@',
            DETAIL = 'Reading a dossier''s personal data needs an opening by the same role, committed, in the last hour.',
            HINT = pg_catalog.format('Call SELECT dossier.open_personal_data(%L, ''purpose'') and commit, then read.', code);
  END IF;
END $$;
COMMENT ON FUNCTION dossier.check_personal_data_open(dossier.dossier_code) IS
  'internal: raises VN410 unless the current role opened the dossier''s personal data (committed, in the last hour) or is a superuser';

CREATE FUNCTION dossier.audit_dossier(code dossier.dossier_code) RETURNS SETOF dossier.dossier
  LANGUAGE plpgsql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED SECURITY DEFINER ROWS 1
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM dossier.check_personal_data_open(code);
  RETURN QUERY SELECT * FROM dossier.dossier d WHERE d.code OPERATOR(dossier.=) audit_dossier.code;
END $$;
COMMENT ON FUNCTION dossier.audit_dossier(dossier.dossier_code) IS
  'for auditors: the dossier row whole, owner included, once its personal data was opened (dossier.open_personal_data, committed, in the last hour). Errors: VN410, 22004';

CREATE FUNCTION dossier.audit_history(code dossier.dossier_code) RETURNS SETOF dossier.dossier_event
  LANGUAGE plpgsql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED SECURITY DEFINER ROWS 10
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM dossier.check_personal_data_open(code);
  RETURN QUERY SELECT * FROM dossier.dossier_event e WHERE e.dossier OPERATOR(dossier.=) audit_history.code
    ORDER BY e.seq;
END $$;
COMMENT ON FUNCTION dossier.audit_history(dossier.dossier_code) IS
  'for auditors: the dossier''s history whole (actors, notes, on_behalf_of, reasons, owner), in order, once its personal data was opened (dossier.open_personal_data, committed, in the last hour). Errors: VN410, 22004';

-- -------------------------------------------------------------------------
-- Privileges (docs/roles.md)
-- -------------------------------------------------------------------------

-- analysts read no base row with personal data
REVOKE SELECT ON dossier.dossier FROM dossier_analyst;
GRANT SELECT ON dossier.dossier_deidentified, dossier.dossier_event_deidentified
  TO dossier_analyst, dossier_auditor, dossier_dba;
-- auditors and the DBA: every column but the personal ones
REVOKE SELECT ON dossier.dossier, dossier.dossier_event FROM dossier_auditor, dossier_dba;
GRANT SELECT (code, procedure, agency, receiving_agency, channel, status, step, registered_at,
              received_at, due_at, appointment_at, paused_at, supplement_requests, supplement_time,
              resolved_at, returned_at, stopped_at, withdrawn_at, ended_at, prior_status, updated_at,
              events, head)
  ON dossier.dossier TO dossier_auditor, dossier_dba;
GRANT SELECT (dossier, seq, action, from_status, to_status, at, recorded_at, actor, agency, step,
              due_at, appointment_at, procedure, channel, supplement_time, reason_code, import_source,
              prev_hash, hash)
  ON dossier.dossier_event TO dossier_auditor, dossier_dba;

REVOKE ALL ON FUNCTION dossier.bind_official(regrole, dossier.agency_code, dossier.agency_code, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.unbind_official(regrole) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.configure_login(regrole) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.login_search_path(regrole) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.official_binding(regrole, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.check_bindable_agency(dossier.agency_code, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.open_personal_data(dossier.dossier_code, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.audit_dossier(dossier.dossier_code) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.audit_history(dossier.dossier_code) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.check_personal_data_open(dossier.dossier_code) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.bind_official(regrole, dossier.agency_code, dossier.agency_code, text),
  dossier.unbind_official(regrole), dossier.configure_login(regrole) TO dossier_dba;
GRANT EXECUTE ON FUNCTION dossier.official_binding(regrole, date) TO dossier_dba, dossier_auditor;
GRANT EXECUTE ON FUNCTION dossier.open_personal_data(dossier.dossier_code, text),
  dossier.audit_dossier(dossier.dossier_code), dossier.audit_history(dossier.dossier_code)
  TO dossier_auditor;
GRANT SELECT ON dossier.official, dossier.official_log, dossier.official_status,
  dossier.personal_data_access TO dossier_dba, dossier_auditor;
