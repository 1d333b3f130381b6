-- The reference data that error hints and docs/roles.md name is readable by
-- every role that gets those hints (issue 13 item 4, first slice): the
-- transition table, who may act, the administrative units and their
-- successions, through the tables and through successors() and
-- admin_unit_at().  A role that is none of the extension's reads nothing.
SET search_path = dossier, public;
SET client_min_messages = warning;

CREATE FUNCTION pg_temp.reads(r name) RETURNS TABLE (role name, transition_table boolean, action_role boolean,
                                                     admin_unit boolean, succession boolean, successors boolean,
                                                     admin_unit_at boolean)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('SET LOCAL ROLE %I', r);
  RETURN QUERY SELECT r,
    (SELECT count(*) > 0 FROM dossier.transition_table),
    (SELECT count(*) > 0 FROM dossier.action_role),
    (SELECT count(*) > 0 FROM dossier.admin_unit),
    (SELECT count(*) > 0 FROM dossier.admin_unit_succession),
    (SELECT count(*) > 0 FROM dossier.successors('00001')),
    (SELECT (dossier.admin_unit_at('01', '2026-01-01')).code IS NOT NULL);
END $$;

BEGIN;
SELECT (pg_temp.reads(r)).* FROM unnest(ARRAY['dossier_desk_officer', 'dossier_specialist', 'dossier_leader',
  'dossier_clerk', 'dossier_analyst', 'dossier_auditor', 'dossier_dba', 'dossier_portal',
  'dossier_importer']::name[]) r
ORDER BY 1;
ROLLBACK;

-- a role of no one's: denied
CREATE ROLE regress_nobody NOLOGIN;
GRANT USAGE ON SCHEMA dossier TO regress_nobody;
\set VERBOSITY terse
SET ROLE regress_nobody;
SELECT count(*) FROM dossier.admin_unit;
SELECT count(*) FROM dossier.transition_table;
RESET ROLE;
\set VERBOSITY default
REVOKE USAGE ON SCHEMA dossier FROM regress_nobody;
DROP ROLE regress_nobody;
