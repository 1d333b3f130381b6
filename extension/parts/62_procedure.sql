-- Catalogue of administrative procedures (thủ tục hành chính): the legal
-- processing time that due dates are computed from (docs/domain.md §3),
-- whether a result is issued (KPI 4.1) and how far the procedure can be done
-- online (KPI 3.3).  Filled by users or from the national procedure database.

CREATE TYPE dossier.duration_unit AS ENUM ('working_day', 'working_hour', 'calendar_day');
COMMENT ON TYPE dossier.duration_unit IS
  'unit of a legal processing time: working_day (8 working hours, skipping days off), working_hour, or calendar_day (an end on a day off moves to the next working day)';

CREATE TYPE dossier.online_level AS ENUM ('none', 'partial', 'full');
COMMENT ON TYPE dossier.online_level IS
  'how far a procedure can be done online: none (in person or by post only), partial (filed online, some steps at the desk), full (filed, paid and returned online)';

CREATE TYPE dossier.supplement_mode AS ENUM ('extend', 'restart');
COMMENT ON TYPE dossier.supplement_mode IS
  'what a supplement (Mẫu 02) does to the due date once it arrives: extend it by the working time the clock was paused, or restart the full processing time from the arrival (theo Nghị định)';

CREATE TABLE dossier.procedure (
  code            dossier.procedure_code PRIMARY KEY,
  name            text NOT NULL CHECK (name <> ''),
  processing_time numeric NOT NULL CONSTRAINT procedure_processing_time_positive
                    CHECK (processing_time > 0),
  time_unit       dossier.duration_unit NOT NULL,
  issues_result   boolean NOT NULL DEFAULT true,
  online_level    dossier.online_level NOT NULL DEFAULT 'none',
  supplement_mode dossier.supplement_mode NOT NULL DEFAULT 'extend',
  calendar        text NOT NULL DEFAULT 'default',
  note            text
);
COMMENT ON TABLE dossier.procedure IS
  'administrative procedures (thủ tục hành chính) and their legal processing time';
COMMENT ON COLUMN dossier.procedure.code IS
  'procedure code (mã TTHC) of the national procedure database, national (1.000656) or a local variant (1.000656.000.00.00.H56)';
COMMENT ON COLUMN dossier.procedure.name IS 'official name of the procedure';
COMMENT ON COLUMN dossier.procedure.processing_time IS
  'legal processing time, in time_unit; positive, may be fractional (0.5 working day)';
COMMENT ON COLUMN dossier.procedure.time_unit IS 'unit of processing_time';
COMMENT ON COLUMN dossier.procedure.issues_result IS
  'whether the procedure issues a result (licence, certificate): the denominator of KPI 4.1 and the e-result condition of KPI 4.2';
COMMENT ON COLUMN dossier.procedure.online_level IS 'how far the procedure can be done online';
COMMENT ON COLUMN dossier.procedure.supplement_mode IS
  'whether a received supplement extends the due date by the paused working time or restarts the full processing time';
COMMENT ON COLUMN dossier.procedure.calendar IS
  'working calendar (dossier.calendar) that due dates of this procedure are computed with';
COMMENT ON COLUMN dossier.procedure.note IS 'free remarks, e.g. the legal basis of the processing time';

SELECT pg_catalog.pg_extension_config_dump('dossier.procedure', '');
