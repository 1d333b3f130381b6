-- The one transition function, registration, the history chain and on-time
-- status (issue 3 items 2, 5, 6, 7; docs/reference/lifecycle/dossier.md).

CREATE FUNCTION dossier.register_dossier(
    procedure        dossier.procedure_code,
    agency           dossier.agency_code,
    owner_citizen    dossier.citizen_id DEFAULT NULL,
    owner_enterprise dossier.tax_code DEFAULT NULL,
    channel          dossier.channel DEFAULT 'direct',
    on_behalf_of     text DEFAULT NULL,
    at               timestamptz DEFAULT NULL,
    code             dossier.dossier_code DEFAULT NULL,
    note             text DEFAULT NULL,
    receive          boolean DEFAULT false)
  RETURNS dossier.dossier_code
AS 'MODULE_PATHNAME', 'dossier_register'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.register_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean) IS
  'register a dossier (status 1) for a procedure at a receiving agency, owned by a person or an organisation, allocating its code unless given; with receive => true a desk officer also receives it (status 2) in the same call. Staff (dossier_desk_officer) act as themselves; a portal (dossier_portal) registers online dossiers on behalf of their owner. A code given must be of the receiving agency and today (VN114). Errors: 22004, VN104, VN107, VN109, VN112, VN103, VN113, VN114, 42501';

CREATE FUNCTION dossier.transition(
    code            dossier.dossier_code,
    action          dossier.dossier_action,
    note            text DEFAULT NULL,
    to_step         int4 DEFAULT NULL,
    to_agency       dossier.agency_code DEFAULT NULL,
    new_appointment timestamptz DEFAULT NULL,
    on_behalf_of    text DEFAULT NULL,
    at              timestamptz DEFAULT NULL,
    reason_code     text DEFAULT NULL,
    reason          text DEFAULT NULL)
  RETURNS dossier.dossier_status
AS 'MODULE_PATHNAME', 'dossier_transition'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text) IS
  'the one way a dossier changes: checks the action against the transition table and the actor''s role, updates deadlines, writes the dossier, a hash-chained history row and a DVCQG outbox row in the caller''s transaction, and returns the new status. The event is stamped with the server''s clock (at only within dossier.event_time_tolerance of it); refuse, request_supplement and stop state reason_code (dossier.transition_reason) and reason. Errors: VN101 (illegal action, with the allowed ones), VN102, VN103, VN106, VN107, VN108, VN111, VN113, VN115, VN116, 22004, 22023, 42501';

-- The import path: past events (a migration from a provincial system, a desk
-- that was offline) at the time they happened in their source, with the
-- source's codes, each event marked with the source (dossier_event.import_source).
CREATE FUNCTION dossier.import_dossier(
    procedure        dossier.procedure_code,
    agency           dossier.agency_code,
    owner_citizen    dossier.citizen_id DEFAULT NULL,
    owner_enterprise dossier.tax_code DEFAULT NULL,
    channel          dossier.channel DEFAULT 'direct',
    on_behalf_of     text DEFAULT NULL,
    at               timestamptz DEFAULT NULL,
    code             dossier.dossier_code DEFAULT NULL,
    note             text DEFAULT NULL,
    receive          boolean DEFAULT false,
    source           text DEFAULT NULL)
  RETURNS dossier.dossier_code
AS 'MODULE_PATHNAME', 'dossier_import_register'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.import_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean, text) IS
  'import a dossier registered in another system: like register_dossier, but at (required) is the time it happened there, code may be of any agency and day, and source (required) names the system; every event it writes carries the source. For members of dossier_importer only. Errors: 22004, VN103, VN104, VN107, VN109, VN112, 42501';

CREATE FUNCTION dossier.import_transition(
    code            dossier.dossier_code,
    action          dossier.dossier_action,
    note            text DEFAULT NULL,
    to_step         int4 DEFAULT NULL,
    to_agency       dossier.agency_code DEFAULT NULL,
    new_appointment timestamptz DEFAULT NULL,
    on_behalf_of    text DEFAULT NULL,
    at              timestamptz DEFAULT NULL,
    reason_code     text DEFAULT NULL,
    reason          text DEFAULT NULL,
    source          text DEFAULT NULL)
  RETURNS dossier.dossier_status
AS 'MODULE_PATHNAME', 'dossier_import_transition'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.import_transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text, text) IS
  'import an event of a dossier that happened in another system: like transition, checked against the same table, but at (required) is the time it happened there (in order, never in the future) and source (required) names the system, recorded in the event; the importer stands for the source''s official. For members of dossier_importer only. Errors: as transition, and 22004 without at or source';

CREATE FUNCTION dossier.event_canonical(dossier.dossier_event) RETURNS bytea
AS 'MODULE_PATHNAME', 'dossier_event_canonical'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.event_canonical(dossier.dossier_event) IS
  'canonical bytes of a history row that its hash covers: hash = sha256(prev_hash || event_canonical(row)); lets an auditor recompute the chain in SQL';

CREATE FUNCTION dossier.verify_history(code dossier.dossier_code DEFAULT NULL)
  RETURNS TABLE (dossier dossier.dossier_code, events int4, ok boolean,
                 broken_seq int4, problem text)
AS 'MODULE_PATHNAME', 'dossier_verify_history'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.verify_history(dossier.dossier_code) IS
  'recompute the hash chain of one dossier, or of all when code is NULL: one row per dossier (and per history without a dossier row), with the first broken link and what is wrong with it';

CREATE FUNCTION dossier.history_digest(code dossier.dossier_code) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
RETURN (SELECT d.code::text OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) d.events::text
               OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) pg_catalog.encode(d.head, 'hex')
        FROM dossier.dossier d WHERE d.code OPERATOR(dossier.=) history_digest.code);
COMMENT ON FUNCTION dossier.history_digest(dossier.dossier_code) IS
  'a value an auditor stores outside the database, "code:events:sha256-hex" of the dossier''s newest event; dossier.check_digest later proves that history up to that event is unchanged';

CREATE FUNCTION dossier.check_digest(digest text) RETURNS boolean
  LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  parts text[] := pg_catalog.regexp_match(digest, '^([^:]+):([0-9]{1,9}):([0-9a-f]{64})$');
  v record;
BEGIN
  IF parts IS NULL THEN
    RAISE EXCEPTION 'invalid history digest: "%"', pg_catalog.left(digest, 100)
      USING ERRCODE = 'invalid_text_representation',
            DETAIL = 'A digest has the form code:events:64 hex digits.',
            HINT = 'Pass a value returned by dossier.history_digest.';
  END IF;
  SELECT * INTO v FROM dossier.verify_history(parts[1]::dossier.dossier_code);
  RETURN v.ok AND v.events OPERATOR(pg_catalog.>=) parts[2]::int4
     AND EXISTS (SELECT 1 FROM dossier.dossier_event e
                 WHERE e.dossier OPERATOR(dossier.=) parts[1]::dossier.dossier_code
                   AND e.seq OPERATOR(pg_catalog.=) parts[2]::int4
                   AND e.hash OPERATOR(pg_catalog.=) pg_catalog.decode(parts[3], 'hex'));
END $$;
COMMENT ON FUNCTION dossier.check_digest(text) IS
  'true when the dossier''s whole chain verifies and the event a digest from dossier.history_digest names still has the hash it had: its past was not rewritten';

-- -------------------------------------------------------------------------
-- On time (Decision 766/QĐ-TTg item 2.1, docs/domain.md §3)
-- -------------------------------------------------------------------------

CREATE TYPE dossier.timeliness AS ENUM ('on_time', 'overdue', 'in_progress', 'in_progress_overdue', 'not_received');
COMMENT ON TYPE dossier.timeliness IS
  'on-time status of a dossier at an instant: finished on_time or overdue, still in_progress (before its due date, or with the clock paused for a supplement) or in_progress_overdue, or not_received (no due date yet)';

CREATE FUNCTION dossier.timeliness(due_at timestamptz, ended_at timestamptz, paused_at timestamptz,
                                   supplement_requests int4, as_of timestamptz)
  RETURNS dossier.timeliness
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
  WHEN due_at IS NULL THEN 'not_received'::dossier.timeliness
  WHEN ended_at IS NOT NULL AND ended_at OPERATOR(pg_catalog.<=) as_of THEN
    CASE WHEN supplement_requests OPERATOR(pg_catalog.<=) 1 AND ended_at OPERATOR(pg_catalog.<=) due_at
         THEN 'on_time'::dossier.timeliness ELSE 'overdue'::dossier.timeliness END
  WHEN supplement_requests OPERATOR(pg_catalog.>) 1 THEN 'in_progress_overdue'::dossier.timeliness
  WHEN as_of OPERATOR(pg_catalog.<=) due_at
    OR (paused_at IS NOT NULL AND paused_at OPERATOR(pg_catalog.<=) due_at)
    THEN 'in_progress'::dossier.timeliness
  ELSE 'in_progress_overdue'::dossier.timeliness
END;
COMMENT ON FUNCTION dossier.timeliness(timestamptz, timestamptz, timestamptz, int4, timestamptz) IS
  'on-time status per Decision 766/QĐ-TTg item 2.1 (docs/domain.md §3): a dossier that ended by as_of is on time when it ended by its due date with at most one supplement request; the due date is the legal time counted from receipt and extended by the paused time (extend mode) or counted again from the complete dossier (restart mode), so ended_at <= due_at is the legal rule of both modes; an open one is overdue once as_of passes the due date unless its clock is paused, and with a second supplement request. Immutable: usable in indexes';

CREATE FUNCTION dossier.timeliness(d dossier.dossier, as_of timestamptz DEFAULT now())
  RETURNS dossier.timeliness
  LANGUAGE sql STABLE PARALLEL SAFE
RETURN dossier.timeliness(d.due_at, d.ended_at, d.paused_at, d.supplement_requests, as_of);
COMMENT ON FUNCTION dossier.timeliness(dossier.dossier, timestamptz) IS
  'on-time status of a dossier row at as_of (now by default)';

CREATE FUNCTION dossier.is_on_time(d dossier.dossier, as_of timestamptz DEFAULT now())
  RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
RETURN dossier.timeliness(d, as_of) OPERATOR(pg_catalog.=) ANY (ARRAY['on_time', 'in_progress']::dossier.timeliness[]);
COMMENT ON FUNCTION dossier.is_on_time(dossier.dossier, timestamptz) IS
  'true when the dossier counts as on time at as_of (finished on time, or still open and not late); NULL-free; the numerator of the on-time indicator 2.1 of Decision 766/QĐ-TTg (docs/domain.md §3, §6)';

-- -------------------------------------------------------------------------
-- What a desk or a portal may do with a dossier, and an owner's dossiers
-- (issue 12 item 8)
-- -------------------------------------------------------------------------

CREATE FUNCTION dossier.allowed_actions_of(d dossier.dossier, as_role regrole)
  RETURNS dossier.dossier_action[]
AS 'MODULE_PATHNAME', 'dossier_allowed_actions_of'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.allowed_actions_of(dossier.dossier, regrole) IS
  'actions the role may take on this dossier row now, in enum order, decided by the same plan as dossier.transition (status and status before it, internal step and its role, the apology window); a portal is taken to act for the owner; empty when none';

CREATE FUNCTION dossier.allowed_actions(code dossier.dossier_code, as_role name DEFAULT CURRENT_USER)
  RETURNS dossier.dossier_action[]
  LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  d dossier.dossier;
  r oid;
BEGIN
  IF code IS NULL OR as_role IS NULL THEN
    RAISE EXCEPTION 'argument % must not be null', CASE WHEN code IS NULL THEN 'code' ELSE 'as_role' END
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'allowed_actions needs the dossier''s code and the role that would act.',
            HINT = 'Pass the code printed on the receipt slip; leave as_role out to ask for the current role.';
  END IF;
  SELECT g.oid INTO r FROM pg_catalog.pg_roles g WHERE g.rolname OPERATOR(pg_catalog.=) as_role;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'role "%" does not exist', as_role
      USING ERRCODE = 'undefined_object',
            DETAIL = 'as_role names no role of this cluster.',
            HINT = 'Pass the name of a role, e.g. a member of dossier_desk_officer or dossier_portal.';
  END IF;
  SELECT * INTO d FROM dossier.dossier x WHERE x.code OPERATOR(dossier.=) allowed_actions.code;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'dossier % does not exist', code
      USING ERRCODE = '@ERRCODE_UNKNOWN_DOSSIER@',
            DETAIL = pg_catalog.format('No row of dossier.dossier has the code %s.', code),
            HINT = 'Check the code printed on the receipt slip.';
  END IF;
  RETURN dossier.allowed_actions_of(d, r::regrole);
END $$;
COMMENT ON FUNCTION dossier.allowed_actions(dossier.dossier_code, name) IS
  'actions as_role (the current role by default) may take on the dossier now, in enum order: what dossier.transition would accept from that role, decided by the same plan; call it as allowed_actions(code => ...), since a bare literal could also be a status. Errors: VN102, 42704, 22004';

CREATE FUNCTION dossier.owner_dossiers(owner text)
  RETURNS SETOF dossier.dossier
  LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED ROWS 10
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF owner OPERATOR(pg_catalog.~) '^\s*[0-9]{12}\s*$' THEN
    RETURN QUERY SELECT * FROM dossier.dossier d
      WHERE d.owner_citizen OPERATOR(dossier.=) owner::dossier.citizen_id
      ORDER BY d.registered_at DESC, d.code;
  ELSE
    RETURN QUERY SELECT * FROM dossier.dossier d
      WHERE d.owner_enterprise OPERATOR(dossier.=) owner::dossier.tax_code
      ORDER BY d.registered_at DESC, d.code;
  END IF;
END $$;
COMMENT ON FUNCTION dossier.owner_dossiers(text) IS
  'the dossiers of an owner, newest first: owner is a 12-digit personal identification number or a tax code (any accepted input form); 22P02 when it is neither';

CREATE INDEX dossier_finished_timeliness_idx ON dossier.dossier
  (dossier.timeliness(due_at, ended_at, paused_at, supplement_requests, 'infinity'))
  WHERE ended_at IS NOT NULL;

-- -------------------------------------------------------------------------
-- Who may act
-- -------------------------------------------------------------------------

CREATE FUNCTION dossier.action_roles() RETURNS TABLE (action dossier.dossier_action, role name)
AS 'MODULE_PATHNAME', 'dossier_action_roles'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.action_roles() IS
  'the SQL roles that may take each action, from the table in src/core/lifecycle/lifecycle.c (move_step and resolve are further limited to the roles of the procedure''s steps)';

CREATE VIEW dossier.action_role AS SELECT * FROM dossier.action_roles();
COMMENT ON VIEW dossier.action_role IS
  'who may take each action: one row per action and SQL role';

-- -------------------------------------------------------------------------
-- Privileges (docs/roles.md)
-- -------------------------------------------------------------------------

REVOKE ALL ON FUNCTION dossier.register_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.import_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.import_transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.lift_history_guard(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.verify_history(dossier.dossier_code) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.history_digest(dossier.dossier_code) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.check_digest(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION dossier.register_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean)
  TO dossier_desk_officer, dossier_portal;
GRANT EXECUTE ON FUNCTION dossier.transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text)
  TO dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk, dossier_portal;
GRANT EXECUTE ON FUNCTION dossier.import_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean, text),
  dossier.import_transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text, text)
  TO dossier_importer;
GRANT EXECUTE ON FUNCTION dossier.lift_history_guard(text) TO dossier_dba;
REVOKE ALL ON FUNCTION dossier.owner_dossiers(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.owner_dossiers(text)
  TO dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk, dossier_portal;
GRANT EXECUTE ON FUNCTION dossier.verify_history(dossier.dossier_code) TO dossier_auditor, dossier_dba;
GRANT EXECUTE ON FUNCTION dossier.history_digest(dossier.dossier_code) TO dossier_auditor, dossier_dba;
GRANT EXECUTE ON FUNCTION dossier.check_digest(text) TO dossier_auditor, dossier_dba;

GRANT SELECT ON dossier.dossier TO dossier_desk_officer, dossier_specialist, dossier_leader,
  dossier_clerk, dossier_analyst, dossier_auditor, dossier_dba, dossier_portal, dossier_importer;
GRANT SELECT ON dossier.dossier_event TO dossier_desk_officer, dossier_specialist, dossier_leader,
  dossier_clerk, dossier_auditor, dossier_dba, dossier_importer;
GRANT SELECT ON dossier.transition_reason TO dossier_desk_officer, dossier_specialist, dossier_leader,
  dossier_clerk, dossier_analyst, dossier_auditor, dossier_portal, dossier_importer;
GRANT SELECT, INSERT, UPDATE, DELETE ON dossier.transition_reason TO dossier_dba;
-- the reference data error hints and the docs name, readable by every role
-- that gets those hints: the transition table, who may act, the
-- administrative units and their successions (successors(), admin_unit_at())
GRANT SELECT ON dossier.transition_table, dossier.action_role, dossier.admin_unit,
  dossier.admin_unit_succession TO dossier_desk_officer, dossier_specialist, dossier_leader,
  dossier_clerk, dossier_analyst, dossier_auditor, dossier_dba, dossier_portal, dossier_importer;
GRANT SELECT ON dossier.agency_succession, dossier.procedure_succession TO dossier_desk_officer,
  dossier_specialist, dossier_leader, dossier_clerk, dossier_analyst, dossier_auditor, dossier_portal;
GRANT SELECT, INSERT, UPDATE, DELETE ON dossier.agency_succession, dossier.procedure_succession TO dossier_dba;
GRANT SELECT ON dossier.guard_log TO dossier_auditor, dossier_dba;
GRANT SELECT ON dossier.outbox TO dossier_auditor, dossier_dba;
GRANT SELECT ON dossier.procedure, dossier.procedure_step, dossier.agency, dossier.calendar,
  dossier.calendar_day, dossier.holiday_notice, dossier.holiday_notice_day, dossier.public_holiday
  TO dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk,
  dossier_analyst, dossier_auditor, dossier_portal;
GRANT SELECT, INSERT, UPDATE, DELETE ON dossier.procedure, dossier.procedure_step, dossier.agency,
  dossier.calendar, dossier.calendar_day, dossier.holiday_notice, dossier.holiday_notice_day
  TO dossier_dba;
GRANT SELECT ON dossier.public_holiday TO dossier_dba;
-- a year's holiday notice is the DBA's to load
REVOKE ALL ON FUNCTION dossier.load_holiday_notice(integer, text, date[], date[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.load_holiday_notice(integer, text, date[], date[], text) TO dossier_dba;
