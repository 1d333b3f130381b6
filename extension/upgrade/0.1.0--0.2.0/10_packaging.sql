-- Packaging (issue 13 item 8): a restore writes the history whole or not at
-- all.  The install part is extension/parts/92_dossier.sql (the guard
-- section); src/pg/lifecycle/guard.c has the triggers' C.

-- the guards of the three history tables answer a restore's COPY with VN140
COMMENT ON FUNCTION dossier.dossier_guard() IS
  'trigger: refuses a change of dossier.dossier or dossier.dossier_event that does not come from dossier.register_dossier or dossier.transition, unless the guard was lifted in this transaction or a superuser restores with dossier.restore_mode (SQLSTATE VN110; a COPY without restore mode: VN140)';
COMMENT ON FUNCTION dossier.guard_log_guard() IS
  'trigger: refuses any change of dossier.guard_log but the insert made by dossier.lift_history_guard or by a restore with dossier.restore_mode (SQLSTATE VN110; a COPY without restore mode: VN140)';

-- the outbox and the code counters refuse rows a client loads, unless restoring
CREATE FUNCTION dossier.history_load_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'history_load_guard'
LANGUAGE C;
COMMENT ON FUNCTION dossier.history_load_guard() IS
  'trigger: refuses the rows a client itself loads into dossier.outbox or dossier.dossier_code_counter (a COPY: SQLSTATE VN140; an INSERT: VN110) unless a superuser restores with dossier.restore_mode or the guard was lifted in this transaction; the inserts of the writers and of the allocator pass';
CREATE TRIGGER outbox_load_guard BEFORE INSERT ON dossier.outbox
  FOR EACH ROW EXECUTE FUNCTION dossier.history_load_guard();
CREATE TRIGGER dossier_code_counter_load_guard BEFORE INSERT ON dossier.dossier_code_counter
  FOR EACH ROW EXECUTE FUNCTION dossier.history_load_guard();
ALTER TABLE dossier.outbox ENABLE ALWAYS TRIGGER outbox_load_guard;
ALTER TABLE dossier.dossier_code_counter ENABLE ALWAYS TRIGGER dossier_code_counter_load_guard;

-- their load guards stay enabled always and in place
CREATE OR REPLACE FUNCTION dossier.guard_ddl_check() RETURNS event_trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  c record;
  guarded oid[] := ARRAY['dossier.dossier'::regclass, 'dossier.dossier_event'::regclass,
                         'dossier.guard_log'::regclass]::oid[];
  target oid;
BEGIN
  IF dossier.history_guard_lifted() THEN
    RETURN;
  END IF;
  FOR c IN SELECT * FROM pg_catalog.pg_event_trigger_ddl_commands() LOOP
    CONTINUE WHEN c.in_extension;
    target := CASE c.classid
                WHEN 'pg_catalog.pg_class'::regclass THEN c.objid
                WHEN 'pg_catalog.pg_trigger'::regclass THEN
                  (SELECT t.tgrelid FROM pg_catalog.pg_trigger t WHERE t.oid OPERATOR(pg_catalog.=) c.objid)
                WHEN 'pg_catalog.pg_rewrite'::regclass THEN
                  (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid OPERATOR(pg_catalog.=) c.objid)
              END;
    IF target OPERATOR(pg_catalog.=) ANY (guarded) THEN
      RAISE EXCEPTION '% on % is not allowed while its guard is in place', c.command_tag, target::regclass
        USING ERRCODE = '@ERRCODE_GUARDED@',
              DETAIL = 'Triggers and rules of the dossier tables protect their history; changing them would bypass the guard without a record.',
              HINT = 'Call dossier.lift_history_guard(reason) first in the same transaction; the lifting is recorded in dossier.guard_log.';
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_trigger t
               WHERE t.tgrelid OPERATOR(pg_catalog.=) target
                 AND t.tgfoid OPERATOR(pg_catalog.=) 'dossier.history_load_guard()'::pg_catalog.regprocedure
                 AND t.tgenabled OPERATOR(pg_catalog.<>) 'A') THEN
      RAISE EXCEPTION '% on % would switch off its load guard', c.command_tag, target::regclass
        USING ERRCODE = '@ERRCODE_GUARDED@',
              DETAIL = 'The load guard keeps a restore without dossier.restore_mode from writing part of the history; it stays ENABLE ALWAYS.',
              HINT = 'Leave the load guard''s trigger out of DISABLE TRIGGER, or call dossier.lift_history_guard(reason) first in the same transaction.';
    END IF;
  END LOOP;
END $$;
COMMENT ON FUNCTION dossier.guard_ddl_check() IS
  'event trigger: refuses ALTER TABLE, CREATE or ALTER TRIGGER and CREATE RULE on dossier.dossier, dossier.dossier_event and dossier.guard_log, and DDL that leaves the load guard of dossier.outbox or dossier.dossier_code_counter anything but enabled always, unless the guard was lifted in this transaction (SQLSTATE VN110)';

CREATE OR REPLACE FUNCTION dossier.guard_drop_check() RETURNS event_trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  o record;
BEGIN
  IF tg_tag OPERATOR(pg_catalog.=) 'DROP EXTENSION' OR dossier.history_guard_lifted() THEN
    RETURN;
  END IF;
  SELECT * INTO o FROM pg_catalog.pg_event_trigger_dropped_objects() d
  WHERE d.object_type OPERATOR(pg_catalog.=) ANY (ARRAY['trigger', 'rule'])
    AND d.address_names[1] OPERATOR(pg_catalog.=) 'dossier'
    AND (d.address_names[2] OPERATOR(pg_catalog.=) ANY (ARRAY['dossier', 'dossier_event', 'guard_log'])
         OR d.address_names[3] OPERATOR(pg_catalog.=) ANY (ARRAY['outbox_load_guard', 'dossier_code_counter_load_guard']))
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '% % is not allowed while its guard is in place', tg_tag, o.object_identity
      USING ERRCODE = '@ERRCODE_GUARDED@',
            DETAIL = 'Triggers and rules of the dossier tables protect their history; dropping them would bypass the guard without a record.',
            HINT = 'Call dossier.lift_history_guard(reason) first in the same transaction; the lifting is recorded in dossier.guard_log.';
  END IF;
END $$;
COMMENT ON FUNCTION dossier.guard_drop_check() IS
  'event trigger: refuses dropping a trigger or rule of dossier.dossier, dossier.dossier_event or dossier.guard_log, or the load guard of dossier.outbox or dossier.dossier_code_counter, unless the guard was lifted in this transaction (SQLSTATE VN110)';
