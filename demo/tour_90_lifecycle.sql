-- demo tour: dossier statuses and the one transition table (issue 3, first slice)
SET search_path = dossier, public;
SELECT to_regclass('dossier.transition_table') IS NOT NULL AS ok \gset
\if :ok
\echo '== 9. dossier statuses (DVCQG codes 1-10) and the legal transitions (docs/domain.md §2)'
\set ECHO queries
SELECT status_code(s) AS code, s AS status, status_name_vi(s) AS name_vi, is_final(s) AS final,
       allowed_actions(s) AS allowed_actions
FROM generate_series(1, 10) c, LATERAL status_from_code(c) s
ORDER BY code;
-- a whole path: received, processed with a supplement request, resolved, returned
SELECT next_status(next_status(next_status(next_status(next_status(
         next_status('registered', 'receive'), 'start_processing'),
         'request_supplement'), 'supplement_received'), 'start_processing'), 'resolve') AS after_path;
-- an illegal move names the current status and what is allowed from it:
\set ON_ERROR_STOP 0
SELECT next_status('resolved', 'stop');
\set ON_ERROR_STOP 1
\set ECHO none
\else
\echo '== 9. dossier statuses: skipped, not in this build yet'
\endif
