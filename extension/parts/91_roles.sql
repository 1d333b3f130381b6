-- The SQL roles of a one-stop desk (issue 3 item 4; docs/roles.md).
--
-- Group roles (NOLOGIN): a deployment grants them to the login roles of its
-- officials and to its portal's service account.  Staff act as themselves;
-- the portal acts on behalf of an applicant and names them on every call.
-- Roles belong to the cluster, not to a database: they are created only if
-- missing (a second database reuses them) and are not dropped with the
-- extension (docs/dba-guide.md says how to drop them).

DO $roles$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES
    ('dossier_desk_officer', 'one-stop desk officer (cán bộ tiếp nhận, bộ phận một cửa): registers, receives, refuses, requests supplements, returns results'),
    ('dossier_specialist',   'specialist (chuyên viên xử lý): reviews a dossier during processing, requests supplements or fees'),
    ('dossier_leader',       'leader (lãnh đạo): assigns, signs, stops, recalls, transfers and apologises'),
    ('dossier_clerk',        'clerk (văn thư): stamps and issues the result'),
    ('dossier_analyst',      'analyst: reads dossiers and reports, changes nothing'),
    ('dossier_auditor',      'auditor: reads dossiers, history and outbox, verifies the history chain'),
    ('dossier_dba',          'DBA of the dossier extension: configures procedures, steps and calendars, runs the outbox, may lift the history guard (recorded)'),
    ('dossier_portal',       'service account of a portal acting on behalf of applicants: registers online dossiers and does what an applicant may do'),
    ('dossier_importer',     'migration account: imports dossiers and past events of another system through dossier.import_dossier and dossier.import_transition, each marked with its source'),
    ('dossier_public',       'anonymous web role of the public status lookup: calls dossier.public_status(token) and nothing else')
  ) AS v(name, note)
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r.name);
    END IF;
    EXECUTE format('COMMENT ON ROLE %I IS %L', r.name, r.note);
    EXECUTE format('GRANT USAGE ON SCHEMA dossier TO %I', r.name);
  END LOOP;
END
$roles$;

