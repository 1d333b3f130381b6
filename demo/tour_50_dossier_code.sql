-- demo tour: dossier codes and their daily allocator
-- the identifier types' operators live in schema dossier
SET search_path = dossier, public;
SELECT to_regprocedure('dossier.next_dossier_code(dossier.agency_code, date)') IS NOT NULL AS ok \gset
\if :ok
\echo '== 5. dossier codes (dossier.dossier_code): {agency}-{YYMMDD}-{sequence}, numbered per agency and day'
\set ECHO queries
-- parse a code from a receipt slip
SELECT c AS code, dossier.agency(c), dossier.reception_date(c), dossier.sequence(c)
FROM (SELECT '000.17.22.H56-210531-0001'::dossier.dossier_code AS c) s;
-- allocate codes for today (Vietnam time) at two illustrative desks; the
-- numbers never repeat, so they grow each time the demo runs
SELECT dossier.next_dossier_code('H99.60') AS hai_chau_1,
       dossier.next_dossier_code('H99.60') AS hai_chau_2,
       dossier.next_dossier_code('000.00.10.H99') AS so_tu_phap,
       dossier.next_dossier_code('H99.60', '2025-07-01') AS hai_chau_on_2025_07_01;
SELECT agency, day, last_value FROM dossier.dossier_code_counter ORDER BY agency, day;
\set ECHO none
\else
\echo '== 5. dossier codes: skipped, dossier.next_dossier_code is not in this build yet'
\endif
