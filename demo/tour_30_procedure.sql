-- demo tour: procedure codes and the procedure catalogue
-- the identifier types' operators live in schema dossier
SET search_path = dossier, public;
SELECT to_regclass('dossier.procedure') IS NOT NULL AS ok \gset
\if :ok
\echo '== 3. procedures (dossier.procedure, keyed by dossier.procedure_code; sample codes 9.9000xx are illustrative)'
\set ECHO queries
SELECT code, dossier.is_local(code) AS local, processing_time AS time, time_unit, online_level, name
FROM dossier.procedure ORDER BY code;
-- a national code and all its local variants are one btree range
SELECT code, dossier.national_code(code), dossier.local_suffix(code)
FROM dossier.procedure WHERE code >= '9.900001' AND code < '9.900002' ORDER BY code;
\set ECHO none
\else
\echo '== 3. procedures: skipped, dossier.procedure is not in this build yet'
\endif
