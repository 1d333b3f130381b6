-- demo tour: the personal ID type (số định danh cá nhân)
-- the identifier types' operators live in schema dossier
SET search_path = dossier, public;
SELECT to_regtype('dossier.citizen_id') IS NOT NULL AS ok \gset
\if :ok
\echo '== 1. personal IDs (dossier.citizen_id): 12 digits PPP G YY NNNNNN, parsed once, stored as an int8'
\set ECHO queries
SELECT id, dossier.birth_province(id) AS province, dossier.gender(id) AS gender,
       dossier.birth_year(id) AS born, full_name
FROM demo.citizen ORDER BY id;
\set ECHO none
\echo '-- a rejected input (century digit 6 is for births after 2200), with its detail and hint:'
\set ON_ERROR_STOP 0
\set ECHO queries
SELECT '048690001234'::dossier.citizen_id;
\set ECHO none
\set ON_ERROR_STOP 1
\else
\echo '== 1. personal IDs: skipped, dossier.citizen_id is not in this build yet'
\endif
