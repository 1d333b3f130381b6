-- Auditors see everything read-only, and their reads of personal data are
-- logged (issue 13 section 1; docs/reference/access/access.md, "Auditors").
-- A SELECT fires no trigger, and a log row written in the reading
-- transaction disappears with a rollback: so an auditor first opens a
-- dossier's personal data with a purpose, in a transaction of its own that
-- commits; only then do dossier.audit_dossier and dossier.audit_history
-- return the dossier whole, to that role, for an hour.
SET search_path = dossier, public;
SET dossier.event_time_tolerance = '20000d';
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
\set SHOW_CONTEXT never

INSERT INTO agency (code, name, level) VALUES ('G48', 'Regress ministry (personal data)', 'central');
INSERT INTO procedure (code, name, processing_time, time_unit)
VALUES ('9.480001', 'Regress procedure (personal data)', 5, 'working_day');
CREATE ROLE regress_pd_auditor LOGIN IN ROLE dossier_auditor;
CREATE ROLE regress_pd_auditor2 LOGIN IN ROLE dossier_auditor;
CREATE ROLE regress_pd_analyst LOGIN IN ROLE dossier_analyst;
CREATE ROLE regress_pd_desk LOGIN IN ROLE dossier_desk_officer;
SELECT agency FROM bind_official('regress_pd_desk', 'G48');

SELECT register_dossier('9.480001', 'G48', owner_citizen => '001099004801', at => '2026-03-02 08:00',
                        receive => true, note => 'gọi số 0905 000 111') AS a \gset
SELECT transition(:'a', 'request_supplement', at => '2026-03-02 09:00', reason_code => 'missing_papers',
                  reason => 'thiếu bản sao sổ hộ khẩu của ông Nguyễn Văn A');

-- 1. Without an opening: refused ----------------------------------------------
\set VERBOSITY default
SET ROLE regress_pd_auditor;
SELECT code FROM audit_dossier(:'a');
-- opened and read in one transaction: still refused, a rollback would erase the record
BEGIN;
SELECT open_personal_data(:'a', 'Khiếu nại số 12/2026 của ông A') > 0 AS opened;
SELECT code FROM audit_dossier(:'a');
ROLLBACK;
SELECT count(*) AS rolled_back_openings FROM personal_data_access WHERE dossier = :'a';

-- 2. Opened and committed: the dossier whole, for this role -------------------
SELECT open_personal_data(:'a', 'Khiếu nại số 12/2026 của ông A') > 0 AS opened;
SELECT code, owner_citizen, owner_enterprise, status FROM audit_dossier(:'a');
SELECT seq, action, actor, note, reason_code, reason, on_behalf_of, owner_citizen FROM audit_history(:'a');
RESET ROLE;
-- another auditor has not opened it
SET ROLE regress_pd_auditor2;
SELECT seq FROM audit_history(:'a');
RESET ROLE;
-- the log: who, which dossier, why, in which session
SET ROLE regress_pd_auditor2;
SELECT reader, reader_name, session_user_name, dossier = :'a' AS this_dossier, purpose,
       backend_pid = pg_backend_pid() AS this_backend, opened_at <= now() AS past
FROM personal_data_access WHERE dossier = :'a' ORDER BY id;
RESET ROLE;

-- 3. Bad input, each its own error, nothing opened -----------------------------
SET ROLE regress_pd_auditor;
SELECT open_personal_data(:'a', 'xem');
SELECT open_personal_data(:'a', NULL);
SELECT open_personal_data(NULL, 'Khiếu nại số 12/2026');
SELECT open_personal_data('000.00.00.G48-260302-9999', 'Khiếu nại số 12/2026');
SELECT audit_dossier(NULL);
RESET ROLE;
\set VERBOSITY terse
SELECT count(*) AS openings FROM personal_data_access WHERE dossier = :'a';
-- only auditors open; analysts and staff cannot call the functions
SET ROLE regress_pd_analyst;
SELECT open_personal_data(:'a', 'Khiếu nại số 12/2026 của ông A');
SELECT code FROM audit_dossier(:'a');
RESET ROLE;
SET ROLE regress_pd_desk;
SELECT seq FROM audit_history(:'a');
RESET ROLE;
-- the log is append-only, even for its owner
UPDATE personal_data_access SET purpose = 'nothing to see' WHERE dossier = :'a';
DELETE FROM personal_data_access WHERE dossier = :'a';
TRUNCATE personal_data_access;
SELECT count(*) AS openings FROM personal_data_access WHERE dossier = :'a';
-- a superuser reads anyway, and is not logged
SELECT count(*) AS superuser_reads FROM audit_history(:'a');

-- cleanup (the log keeps its rows: it is append-only)
BEGIN;
SELECT lift_history_guard('regress access/personal_data: remove test dossiers') > 0 AS lifted;
DELETE FROM dossier_event WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G48');
DELETE FROM outbox WHERE dossier IN (SELECT code FROM dossier.dossier WHERE receiving_agency = 'G48');
DELETE FROM dossier.dossier WHERE receiving_agency = 'G48';
COMMIT;
DELETE FROM dossier_code_counter WHERE agency = 'G48';
SELECT login_name FROM unbind_official('regress_pd_desk');
DELETE FROM procedure WHERE code = '9.480001';
DELETE FROM agency WHERE code = 'G48';
DROP ROLE regress_pd_auditor, regress_pd_auditor2, regress_pd_analyst, regress_pd_desk;
