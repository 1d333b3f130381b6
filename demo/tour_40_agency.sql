-- demo tour: agency IDs and the agency catalogue
-- the identifier types' operators live in schema dossier
SET search_path = dossier, public;
SELECT to_regclass('dossier.agency') IS NOT NULL AS ok \gset
\if :ok
\echo '== 4. agencies (dossier.agency, keyed by dossier.agency_code; the sample codes under H99 are illustrative)'
\set ECHO queries
-- the legacy reversed form is accepted and stored in the modern one
SELECT '000.00.10.H99'::dossier.agency_code AS modern, dossier.legacy_form('H99.20.01') AS legacy;
-- Đà Nẵng's agencies, each with the administrative unit it serves
SELECT a.code, dossier.parent(a.code) AS parent, a.level, u.code AS unit, u.name AS unit_name, a.name
FROM dossier.agency a
LEFT JOIN dossier.admin_unit u ON u.code = a.admin_unit_code AND u.valid_from = a.admin_unit_valid_from
ORDER BY a.code;
-- a subtree (is under, <@) and its ancestors (contains, @>)
SELECT code, name FROM dossier.agency WHERE code <@ 'H99.20' ORDER BY code;
SELECT code, name FROM dossier.agency WHERE code @> 'H99.20.01' ORDER BY code;
SELECT level, count(*) FROM dossier.agency WHERE code <@ 'H99' GROUP BY level ORDER BY level;
\set ECHO none
\echo '-- <@ is a btree range scan of the primary key (sequential scans off: with a dozen rows the planner would rightly read the whole table):'
SET enable_seqscan = off;
\set ECHO queries
EXPLAIN (COSTS OFF) SELECT code FROM dossier.agency WHERE code <@ 'H99.20';
\set ECHO none
RESET enable_seqscan;
\echo '-- a rejected input, with its detail and hint:'
\set ON_ERROR_STOP 0
\set ECHO queries
SELECT 'H9.20'::dossier.agency_code;
\set ECHO none
\set ON_ERROR_STOP 1
\else
\echo '== 4. agencies: skipped, dossier.agency is not in this build yet'
\endif
