-- Dossiers (hồ sơ), their internal processing steps, their tamper-evident
-- history and the DVCQG sync outbox (issue 3; docs/reference/lifecycle/dossier.md).
--
-- Nothing here is written directly: dossier.register_dossier and
-- dossier.transition (src/pg/lifecycle/transition.c) are the only writers of
-- dossier.dossier, dossier.dossier_event and the outbox rows they add, and C
-- guard triggers refuse every other INSERT, UPDATE, DELETE or TRUNCATE of the
-- first two unless a DBA lifts the guard with dossier.lift_history_guard,
-- which is itself recorded in dossier.guard_log.  A restore writes the
-- history whole or not at all: without dossier.restore_mode none of the
-- history tables, the outbox and the code counters included, takes the rows
-- a client loads (src/pg/lifecycle/guard.c).

CREATE TYPE dossier.channel AS ENUM ('direct', 'online', 'postal');
COMMENT ON TYPE dossier.channel IS
  'how a dossier was filed: direct (at the one-stop desk), online (through a portal), postal (public postal service, bưu chính công ích); DVCQG KenhThucHien 1, 2, 3';

ALTER TABLE dossier.procedure
  ADD CONSTRAINT procedure_calendar_fkey FOREIGN KEY (calendar)
  REFERENCES dossier.calendar (name) ON UPDATE CASCADE;

-- -------------------------------------------------------------------------
-- Internal steps of processing (status 4), per procedure
-- -------------------------------------------------------------------------

CREATE TABLE dossier.procedure_step (
  procedure dossier.procedure_code NOT NULL
              REFERENCES dossier.procedure (code) ON UPDATE CASCADE ON DELETE CASCADE,
  step      int2 NOT NULL CONSTRAINT procedure_step_positive CHECK (step BETWEEN 1 AND 100),
  name      text NOT NULL CHECK (name <> ''),
  role      regrole NOT NULL,
  note      text,
  PRIMARY KEY (procedure, step)
);
COMMENT ON TABLE dossier.procedure_step IS
  'internal steps of processing (status 4) of a procedure, in order, each with the SQL role that may complete it; a procedure without rows has no internal steps';
COMMENT ON COLUMN dossier.procedure_step.procedure IS 'the procedure';
COMMENT ON COLUMN dossier.procedure_step.step IS 'position of the step, 1 first; steps must be numbered 1, 2, 3... without gaps';
COMMENT ON COLUMN dossier.procedure_step.name IS 'name of the step, e.g. assign department, specialist review, leader signs, clerk stamps';
COMMENT ON COLUMN dossier.procedure_step.role IS 'SQL role whose members (or a superuser) may complete the step';
COMMENT ON COLUMN dossier.procedure_step.note IS 'free remarks';
SELECT pg_catalog.pg_extension_config_dump('dossier.procedure_step', '');

-- Steps are numbered without gaps, checked once per statement so that a
-- whole sequence can be renumbered in one statement.
CREATE FUNCTION dossier.procedure_step_check() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bad record;
BEGIN
  SELECT s.procedure, count(*) AS n, max(s.step) AS top INTO bad
  FROM dossier.procedure_step s
  GROUP BY s.procedure
  HAVING count(*) OPERATOR(pg_catalog.<>) max(s.step)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'steps of procedure % are not numbered 1 to %', bad.procedure, bad.n
      USING ERRCODE = '@ERRCODE_STEP_NUMBERING@',
            DETAIL = format('The procedure has %s steps and the highest is step %s.', bad.n, bad.top),
            HINT = 'Number the steps of a procedure 1, 2, 3... without gaps; renumber them in one statement.';
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION dossier.procedure_step_check() IS
  'trigger: refuses a statement that leaves the steps of a procedure not numbered 1..n (SQLSTATE VN105)';
CREATE TRIGGER procedure_step_check AFTER INSERT OR UPDATE OR DELETE ON dossier.procedure_step
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.procedure_step_check();

CREATE FUNCTION dossier.procedure_step_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'procedure_step_changed'
LANGUAGE C PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.procedure_step_changed() IS
  'trigger: marks the steps cached by every backend stale once the changing transaction commits (and in its own backend at once)';
CREATE TRIGGER procedure_step_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.procedure_step
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.procedure_step_changed();
-- a renamed or deleted procedure cascades into the steps
CREATE TRIGGER procedure_changed AFTER UPDATE OR DELETE OR TRUNCATE ON dossier.procedure
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.procedure_step_changed();

-- -------------------------------------------------------------------------
-- Dossiers
-- -------------------------------------------------------------------------

CREATE TABLE dossier.dossier (
  code               dossier.dossier_code PRIMARY KEY,
  procedure          dossier.procedure_code NOT NULL REFERENCES dossier.procedure (code),
  agency             dossier.agency_code NOT NULL REFERENCES dossier.agency (code),
  receiving_agency   dossier.agency_code NOT NULL REFERENCES dossier.agency (code),
  owner_citizen      dossier.citizen_id,
  owner_enterprise   dossier.tax_code,
  channel            dossier.channel NOT NULL,
  status             dossier.dossier_status NOT NULL,
  step               int2,
  registered_at      timestamptz NOT NULL,
  received_at        timestamptz,
  due_at             timestamptz,
  appointment_at     timestamptz,
  paused_at          timestamptz,
  supplement_requests int2 NOT NULL DEFAULT 0,
  supplement_time    interval NOT NULL DEFAULT '0',
  resolved_at        timestamptz,
  returned_at        timestamptz,
  stopped_at         timestamptz,
  withdrawn_at       timestamptz,
  ended_at           timestamptz GENERATED ALWAYS AS
                       (COALESCE(resolved_at, returned_at, stopped_at, withdrawn_at)) STORED,
  prior_status       dossier.dossier_status,
  updated_at         timestamptz NOT NULL,
  events             int4 NOT NULL,
  head               bytea NOT NULL,
  CONSTRAINT dossier_one_owner CHECK (num_nonnulls(owner_citizen, owner_enterprise) = 1),
  CONSTRAINT dossier_head_sha256 CHECK (octet_length(head) = 32)
) WITH (fillfactor = 85);
COMMENT ON TABLE dossier.dossier IS
  'dossiers (hồ sơ thủ tục hành chính): one row per dossier, its current status and deadlines; written only by dossier.register_dossier and dossier.transition';
COMMENT ON COLUMN dossier.dossier.code IS 'dossier code (mã hồ sơ) printed on the receipt slip';
COMMENT ON COLUMN dossier.dossier.procedure IS 'the administrative procedure';
COMMENT ON COLUMN dossier.dossier.agency IS 'agency now responsible for the dossier (changes on transfer, liên thông)';
COMMENT ON COLUMN dossier.dossier.receiving_agency IS 'agency whose one-stop desk registered the dossier';
COMMENT ON COLUMN dossier.dossier.owner_citizen IS 'owner when a person: personal identification number (số định danh cá nhân)';
COMMENT ON COLUMN dossier.dossier.owner_enterprise IS 'owner when an organisation: tax code (mã số thuế / mã số doanh nghiệp)';
COMMENT ON COLUMN dossier.dossier.channel IS 'how the dossier was filed';
COMMENT ON COLUMN dossier.dossier.status IS 'current DVCQG status (TrangThaiHoSo)';
COMMENT ON COLUMN dossier.dossier.step IS 'current internal step of processing (dossier.procedure_step); kept while a supplement or a fee interrupts processing (2, 5, 6), so that it resumes there; NULL before processing, after it ends, or when the procedure has none';
COMMENT ON COLUMN dossier.dossier.registered_at IS 'when the dossier was registered (status 1)';
COMMENT ON COLUMN dossier.dossier.received_at IS 'when it was received (status 2, receipt slip Mẫu 01); the clock starts at the next working instant';
COMMENT ON COLUMN dossier.dossier.due_at IS 'legal due date: received_at plus the procedure''s processing time, moved only by supplements (never by an apology); on-time reporting compares against it';
COMMENT ON COLUMN dossier.dossier.appointment_at IS 'date promised to the applicant for the result (ngày hẹn trả): the due date, or the later date of an apology (phiếu xin lỗi và hẹn lại)';
COMMENT ON COLUMN dossier.dossier.paused_at IS 'start of the open supplement request (status 5): the clock is paused since then';
COMMENT ON COLUMN dossier.dossier.supplement_requests IS 'number of supplement requests (Mẫu 02) so far; more than one makes the dossier overdue (Decision 766/QĐ-TTg item 2.1, docs/domain.md §3)';
COMMENT ON COLUMN dossier.dossier.supplement_time IS 'working time not counted because of supplements: the paused time (extend mode), or all the time from receipt to the arrival of the papers (restart mode); docs/domain.md §3';
COMMENT ON COLUMN dossier.dossier.resolved_at IS 'first time processing finished (status 9)';
COMMENT ON COLUMN dossier.dossier.returned_at IS 'when the result was returned (status 10)';
COMMENT ON COLUMN dossier.dossier.stopped_at IS 'when the dossier was stopped (8) or refused (3)';
COMMENT ON COLUMN dossier.dossier.withdrawn_at IS 'when a received dossier''s owner asked to withdraw it (7)';
COMMENT ON COLUMN dossier.dossier.ended_at IS 'end of processing for on-time reporting (Decision 766/QĐ-TTg item 2.1, docs/domain.md §3): the first of resolved_at, returned_at, stopped_at, withdrawn_at';
COMMENT ON COLUMN dossier.dossier.prior_status IS 'status before the current one (a dossier in 6 reached from 9 may only be paid, back to 9)';
COMMENT ON COLUMN dossier.dossier.updated_at IS 'time of the last event';
COMMENT ON COLUMN dossier.dossier.events IS 'number of history events, i.e. the seq of the last one';
COMMENT ON COLUMN dossier.dossier.head IS 'SHA-256 chain hash of the last history event (the head of the chain)';
SELECT pg_catalog.pg_extension_config_dump('dossier.dossier', '');

-- A renamed agency or procedure gets a new code; the dossiers filed under
-- the old one keep it (their foreign keys refuse a change of a referenced
-- code), and the successions say where a code went, as
-- dossier.admin_unit_succession does for the 2025 reorganisation.
CREATE TABLE dossier.agency_succession (
  old_code   dossier.agency_code NOT NULL REFERENCES dossier.agency (code),
  new_code   dossier.agency_code NOT NULL REFERENCES dossier.agency (code),
  valid_from date NOT NULL,
  note       text,
  PRIMARY KEY (old_code, new_code),
  CONSTRAINT agency_succession_differs CHECK (old_code <> new_code)
);
COMMENT ON TABLE dossier.agency_succession IS
  'where an agency code went when the agency was renamed, merged or split: dossiers keep the code they were filed under';
COMMENT ON COLUMN dossier.agency_succession.old_code IS 'the code the agency had';
COMMENT ON COLUMN dossier.agency_succession.new_code IS 'a code that takes its work over';
COMMENT ON COLUMN dossier.agency_succession.valid_from IS 'from when the new code applies';
COMMENT ON COLUMN dossier.agency_succession.note IS 'the decision, e.g. a merger';
SELECT pg_catalog.pg_extension_config_dump('dossier.agency_succession', '');

CREATE TABLE dossier.procedure_succession (
  old_code   dossier.procedure_code NOT NULL REFERENCES dossier.procedure (code),
  new_code   dossier.procedure_code NOT NULL REFERENCES dossier.procedure (code),
  valid_from date NOT NULL,
  note       text,
  PRIMARY KEY (old_code, new_code),
  CONSTRAINT procedure_succession_differs CHECK (old_code <> new_code)
);
COMMENT ON TABLE dossier.procedure_succession IS
  'where a procedure code went when the procedure was replaced in the national database: dossiers keep the code they were filed under';
COMMENT ON COLUMN dossier.procedure_succession.old_code IS 'the code the procedure had';
COMMENT ON COLUMN dossier.procedure_succession.new_code IS 'the code that replaces it';
COMMENT ON COLUMN dossier.procedure_succession.valid_from IS 'from when the new code applies';
COMMENT ON COLUMN dossier.procedure_succession.note IS 'the decision that published the change';
SELECT pg_catalog.pg_extension_config_dump('dossier.procedure_succession', '');

CREATE INDEX dossier_owner_citizen_idx ON dossier.dossier (owner_citizen) WHERE owner_citizen IS NOT NULL;
CREATE INDEX dossier_owner_enterprise_idx ON dossier.dossier (owner_enterprise) WHERE owner_enterprise IS NOT NULL;
CREATE INDEX dossier_agency_idx ON dossier.dossier (agency);

-- -------------------------------------------------------------------------
-- History: one row per event, chained by SHA-256 per dossier
-- -------------------------------------------------------------------------

CREATE TABLE dossier.dossier_event (
  dossier         dossier.dossier_code NOT NULL,
  seq             int4 NOT NULL CHECK (seq >= 1),
  action          dossier.dossier_action,
  from_status     dossier.dossier_status,
  to_status       dossier.dossier_status NOT NULL,
  at              timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  actor           name NOT NULL,
  on_behalf_of    text,
  agency          dossier.agency_code NOT NULL,
  step            int2,
  due_at          timestamptz,
  appointment_at  timestamptz,
  note            text,
  procedure       dossier.procedure_code,
  owner_citizen   dossier.citizen_id,
  owner_enterprise dossier.tax_code,
  channel         dossier.channel,
  supplement_time interval NOT NULL DEFAULT '0',
  reason_code     text,
  reason          text,
  import_source   text,
  prev_hash       bytea NOT NULL,
  hash            bytea NOT NULL,
  PRIMARY KEY (dossier, seq),
  CONSTRAINT dossier_event_registration_facts CHECK
    ((seq = 1) = (procedure IS NOT NULL AND channel IS NOT NULL
                  AND num_nonnulls(owner_citizen, owner_enterprise) = 1)
     AND (seq = 1 OR num_nonnulls(procedure, channel, owner_citizen, owner_enterprise) = 0)),
  CONSTRAINT dossier_event_reason_pair CHECK ((reason_code IS NULL) = (reason IS NULL))
);
COMMENT ON TABLE dossier.dossier_event IS
  'history of every dossier: one row per registration or transition, append-only, each row chained to the previous one of its dossier by SHA-256 (verify with dossier.verify_history)';
COMMENT ON COLUMN dossier.dossier_event.dossier IS 'the dossier';
COMMENT ON COLUMN dossier.dossier_event.seq IS 'position in the dossier''s history, 1 for the registration';
COMMENT ON COLUMN dossier.dossier_event.action IS 'the action; NULL for the registration';
COMMENT ON COLUMN dossier.dossier_event.from_status IS 'status before; NULL for the registration';
COMMENT ON COLUMN dossier.dossier_event.to_status IS 'status after';
COMMENT ON COLUMN dossier.dossier_event.at IS 'when the event happened: the server''s clock, or the caller''s time within dossier.event_time_tolerance of it; an imported event''s time from its source system (import_source); never before the previous event nor in the future';
COMMENT ON COLUMN dossier.dossier_event.recorded_at IS 'when the database recorded it (transaction start time)';
COMMENT ON COLUMN dossier.dossier_event.actor IS 'SQL role that acted (the session''s current role, not a SECURITY DEFINER owner)';
COMMENT ON COLUMN dossier.dossier_event.on_behalf_of IS 'the applicant a portal acted for (their personal ID or tax code); NULL when staff acted';
COMMENT ON COLUMN dossier.dossier_event.agency IS 'agency responsible after the event';
COMMENT ON COLUMN dossier.dossier_event.step IS 'internal step after the event';
COMMENT ON COLUMN dossier.dossier_event.due_at IS 'legal due date after the event';
COMMENT ON COLUMN dossier.dossier_event.appointment_at IS 'appointment after the event';
COMMENT ON COLUMN dossier.dossier_event.note IS 'free text the actor adds for the file (an internal note)';
COMMENT ON COLUMN dossier.dossier_event.procedure IS 'registration only: the procedure of the dossier';
COMMENT ON COLUMN dossier.dossier_event.owner_citizen IS 'registration only: the owner, when a person';
COMMENT ON COLUMN dossier.dossier_event.owner_enterprise IS 'registration only: the owner, when an organisation';
COMMENT ON COLUMN dossier.dossier_event.channel IS 'registration only: how the dossier was filed';
COMMENT ON COLUMN dossier.dossier_event.supplement_time IS 'working time the clock was paused for supplements, in total, after the event';
COMMENT ON COLUMN dossier.dossier_event.reason_code IS 'the reason of a refusal (Mẫu 03), a supplement request (Mẫu 02) or a stop, as a code of dossier.transition_reason';
COMMENT ON COLUMN dossier.dossier_event.reason IS 'the reason in words: why refused or stopped, which papers are missing';
COMMENT ON COLUMN dossier.dossier_event.import_source IS 'imported events (dossier.import_dossier, dossier.import_transition): the system the event comes from; NULL for events recorded live';
COMMENT ON COLUMN dossier.dossier_event.prev_hash IS 'hash of the previous event of the dossier; 32 zero bytes for the first';
COMMENT ON COLUMN dossier.dossier_event.hash IS 'SHA-256 of prev_hash followed by dossier.event_canonical(row)';
SELECT pg_catalog.pg_extension_config_dump('dossier.dossier_event', '');
CREATE INDEX dossier_event_imported_idx ON dossier.dossier_event (dossier) WHERE import_source IS NOT NULL;

-- The reasons a refusal, a supplement request or a stop gives (Circular
-- 01/2018/TT-VPCP, Mẫu 02 and 03 state the reason or the papers missing):
-- a code from this list and the reason in words.
CREATE TABLE dossier.transition_reason (
  action  dossier.dossier_action NOT NULL,
  code    text NOT NULL CONSTRAINT transition_reason_code_check CHECK (code ~ '^[a-z][a-z0-9_]*$'),
  name_vi text NOT NULL,
  note    text,
  shipped boolean NOT NULL DEFAULT false,
  PRIMARY KEY (action, code),
  CONSTRAINT transition_reason_action_check CHECK (action IN ('refuse', 'request_supplement', 'stop'))
);
COMMENT ON TABLE dossier.transition_reason IS
  'reason codes an action that must state its reason accepts (refuse, request_supplement, stop); the DBA may add codes';
COMMENT ON COLUMN dossier.transition_reason.action IS 'the action the code is for';
COMMENT ON COLUMN dossier.transition_reason.code IS 'the code, lower case';
COMMENT ON COLUMN dossier.transition_reason.name_vi IS 'what the code means, in Vietnamese';
COMMENT ON COLUMN dossier.transition_reason.note IS 'free remarks';
COMMENT ON COLUMN dossier.transition_reason.shipped IS 'true: installed with the extension (not dumped; CREATE EXTENSION makes it again)';
INSERT INTO dossier.transition_reason (action, code, name_vi, shipped)
SELECT action::dossier.dossier_action, code, name_vi, true FROM (VALUES
  ('refuse', 'not_competent', 'Không thuộc thẩm quyền giải quyết của cơ quan'),
  ('refuse', 'not_eligible', 'Không đủ điều kiện giải quyết theo quy định'),
  ('refuse', 'invalid_papers', 'Giấy tờ không hợp lệ'),
  ('refuse', 'other', 'Lý do khác'),
  ('request_supplement', 'missing_papers', 'Thiếu thành phần hồ sơ'),
  ('request_supplement', 'incorrect_papers', 'Thành phần hồ sơ chưa đúng, cần hoàn thiện'),
  ('request_supplement', 'other', 'Lý do khác'),
  ('stop', 'withdrawn', 'Tổ chức, cá nhân rút hồ sơ'),
  ('stop', 'no_supplement', 'Không bổ sung hồ sơ trong thời hạn'),
  ('stop', 'not_eligible', 'Không đủ điều kiện giải quyết'),
  ('stop', 'other', 'Lý do khác')) v(action, code, name_vi);
SELECT pg_catalog.pg_extension_config_dump('dossier.transition_reason', 'WHERE NOT shipped');

-- -------------------------------------------------------------------------
-- DVCQG sync outbox (the consumer API is in the next part)
-- -------------------------------------------------------------------------

CREATE TABLE dossier.outbox (
  id               int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier          dossier.dossier_code NOT NULL,
  seq              int4 NOT NULL,
  idempotency_key  text NOT NULL UNIQUE,
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  attempts         int4 NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  claim_token      uuid,
  claimed_until    timestamptz,
  last_error       text,
  sent_at          timestamptz,
  UNIQUE (dossier, seq)
);
COMMENT ON TABLE dossier.outbox IS
  'messages to the national portal DVCQG, one per dossier event, written in the transaction of the event; consumed in per-dossier order through dossier.claim_outbox and dossier.ack_outbox';
COMMENT ON COLUMN dossier.outbox.id IS 'message number, in commit-independent insertion order';
COMMENT ON COLUMN dossier.outbox.dossier IS 'the dossier';
COMMENT ON COLUMN dossier.outbox.seq IS 'the history event (dossier_event.seq) the message reports; messages of one dossier are delivered in seq order';
COMMENT ON COLUMN dossier.outbox.idempotency_key IS 'key the receiver uses to drop duplicates: dossier code, seq and the first 16 hex digits of the event hash';
COMMENT ON COLUMN dossier.outbox.payload IS 'DVCQG fields of the dossier after the event (MaHoSo, MaTTHC, MaCoQuan, KenhThucHien, TrangThaiHoSo, dates as yyyyMMddHHmmss in Vietnam time)';
COMMENT ON COLUMN dossier.outbox.created_at IS 'when the message was written (transaction start time)';
COMMENT ON COLUMN dossier.outbox.attempts IS 'failed delivery attempts so far';
COMMENT ON COLUMN dossier.outbox.next_attempt_at IS 'not claimed before this time (retry back-off)';
COMMENT ON COLUMN dossier.outbox.claim_token IS 'token of the consumer batch that holds the message';
COMMENT ON COLUMN dossier.outbox.claimed_until IS 'end of the claim''s lease; after it another consumer may claim the message';
COMMENT ON COLUMN dossier.outbox.last_error IS 'error of the last failed attempt';
COMMENT ON COLUMN dossier.outbox.sent_at IS 'when delivery was acknowledged; NULL while pending';
SELECT pg_catalog.pg_extension_config_dump('dossier.outbox', '');
-- the identity sequence too, or a restored outbox would hand out used ids
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('dossier.outbox', 'id'), '');
CREATE INDEX outbox_pending_idx ON dossier.outbox (next_attempt_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_pending_dossier_idx ON dossier.outbox (dossier, seq) WHERE sent_at IS NULL;

-- -------------------------------------------------------------------------
-- Guards
-- -------------------------------------------------------------------------

CREATE TABLE dossier.guard_log (
  id         int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lifted_at  timestamptz NOT NULL,
  lifted_by  name NOT NULL,
  session_user_name name NOT NULL,
  reason     text NOT NULL,
  backend_pid int4 NOT NULL,
  xid        xid8 NOT NULL
);
COMMENT ON TABLE dossier.guard_log IS
  'every lifting of the guard of dossier.dossier and dossier.dossier_event (dossier.lift_history_guard): who, when, why; append-only';
COMMENT ON COLUMN dossier.guard_log.id IS 'entry number';
COMMENT ON COLUMN dossier.guard_log.lifted_at IS 'transaction start time';
COMMENT ON COLUMN dossier.guard_log.lifted_by IS 'current role of the session that lifted the guard';
COMMENT ON COLUMN dossier.guard_log.session_user_name IS 'session (login) role';
COMMENT ON COLUMN dossier.guard_log.reason IS 'the reason given';
COMMENT ON COLUMN dossier.guard_log.backend_pid IS 'backend process id';
COMMENT ON COLUMN dossier.guard_log.xid IS 'the transaction in which the guard was lifted: direct changes are allowed in it only';
SELECT pg_catalog.pg_extension_config_dump('dossier.guard_log', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('dossier.guard_log', 'id'), '');

CREATE FUNCTION dossier.dossier_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'dossier_guard'
LANGUAGE C;
COMMENT ON FUNCTION dossier.dossier_guard() IS
  'trigger: refuses a change of dossier.dossier or dossier.dossier_event that does not come from dossier.register_dossier or dossier.transition, unless the guard was lifted in this transaction or a superuser restores with dossier.restore_mode (SQLSTATE VN110; a COPY without restore mode: VN140)';

CREATE FUNCTION dossier.guard_log_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'guard_log_guard'
LANGUAGE C;
COMMENT ON FUNCTION dossier.guard_log_guard() IS
  'trigger: refuses any change of dossier.guard_log but the insert made by dossier.lift_history_guard or by a restore with dossier.restore_mode (SQLSTATE VN110; a COPY without restore mode: VN140)';

CREATE TRIGGER dossier_guard BEFORE INSERT OR UPDATE OR DELETE ON dossier.dossier
  FOR EACH ROW EXECUTE FUNCTION dossier.dossier_guard();
CREATE TRIGGER dossier_guard_truncate BEFORE TRUNCATE ON dossier.dossier
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.dossier_guard();
CREATE TRIGGER dossier_event_guard BEFORE INSERT OR UPDATE OR DELETE ON dossier.dossier_event
  FOR EACH ROW EXECUTE FUNCTION dossier.dossier_guard();
CREATE TRIGGER dossier_event_guard_truncate BEFORE TRUNCATE ON dossier.dossier_event
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.dossier_guard();
CREATE TRIGGER guard_log_guard BEFORE INSERT OR UPDATE OR DELETE ON dossier.guard_log
  FOR EACH ROW EXECUTE FUNCTION dossier.guard_log_guard();
CREATE TRIGGER guard_log_guard_truncate BEFORE TRUNCATE ON dossier.guard_log
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.guard_log_guard();
-- session_replication_role = replica must not switch the guards off
ALTER TABLE dossier.dossier ENABLE ALWAYS TRIGGER dossier_guard;
ALTER TABLE dossier.dossier ENABLE ALWAYS TRIGGER dossier_guard_truncate;
ALTER TABLE dossier.dossier_event ENABLE ALWAYS TRIGGER dossier_event_guard;
ALTER TABLE dossier.dossier_event ENABLE ALWAYS TRIGGER dossier_event_guard_truncate;
ALTER TABLE dossier.guard_log ENABLE ALWAYS TRIGGER guard_log_guard;
ALTER TABLE dossier.guard_log ENABLE ALWAYS TRIGGER guard_log_guard_truncate;

-- The outbox and the code counters are written by the consumers and the
-- allocator as well, so they keep no write guard; but they belong to the
-- history a restore writes whole or not at all, so the rows a client loads
-- into them (a restore's COPY) need restore mode too.
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

CREATE FUNCTION dossier.lift_history_guard(reason text) RETURNS int8
AS 'MODULE_PATHNAME', 'lift_history_guard'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.lift_history_guard(text) IS
  'lift the guard of dossier.dossier and dossier.dossier_event for the rest of the current transaction, for members of dossier_dba and superusers, recording who and why in dossier.guard_log; returns the log entry id. Direct changes break the history chain, which dossier.verify_history then reports';

CREATE FUNCTION dossier.history_guard_lifted() RETURNS boolean
AS 'MODULE_PATHNAME', 'history_guard_lifted'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.history_guard_lifted() IS
  'whether dossier.lift_history_guard was called in the current transaction';

-- Changing the guarded tables' triggers or rules (ALTER TABLE ... DISABLE
-- TRIGGER, DROP TRIGGER, a new trigger that rewrites NEW, a DO INSTEAD rule)
-- would bypass the guard without a record: refuse it unless the guard was
-- lifted, which is recorded.  The outbox and the code counters stay free to
-- alter, but their load guards must stay enabled always and in place (or
-- pg_restore --data-only --disable-triggers would load them alone).
-- Superusers can still disable these event triggers; the hash chain and
-- digests stored elsewhere are the backstop (docs/reference/lifecycle/dossier.md,
-- "What the guard does not stop").
CREATE FUNCTION dossier.guard_ddl_check() RETURNS event_trigger
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

CREATE FUNCTION dossier.guard_drop_check() RETURNS event_trigger
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

CREATE EVENT TRIGGER dossier_guard_ddl ON ddl_command_end
  WHEN TAG IN ('ALTER TABLE', 'CREATE TRIGGER', 'ALTER TRIGGER', 'CREATE RULE')
  EXECUTE FUNCTION dossier.guard_ddl_check();
CREATE EVENT TRIGGER dossier_guard_drop ON sql_drop
  WHEN TAG IN ('DROP TRIGGER', 'DROP RULE', 'ALTER TABLE')
  EXECUTE FUNCTION dossier.guard_drop_check();
ALTER EVENT TRIGGER dossier_guard_ddl ENABLE ALWAYS;
ALTER EVENT TRIGGER dossier_guard_drop ENABLE ALWAYS;
COMMENT ON EVENT TRIGGER dossier_guard_ddl IS
  'refuses DDL that would switch off the guard of the dossier tables without a record (dossier.guard_ddl_check)';
COMMENT ON EVENT TRIGGER dossier_guard_drop IS
  'refuses dropping the triggers or rules of the dossier tables without a record (dossier.guard_drop_check)';
