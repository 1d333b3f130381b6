-- demo tour: the enterprise / tax code type (mã số doanh nghiệp, MST)
-- the identifier types' operators live in schema dossier
SET search_path = dossier, public;
SELECT to_regtype('dossier.tax_code') IS NOT NULL AS ok \gset
\if :ok
\echo '== 2. tax codes (dossier.tax_code): 10 digits with a check digit, or 13 for a branch'
\set ECHO queries
SELECT tax_code, dossier.is_branch(tax_code) AS branch,
       dossier.parent_tax_code(tax_code) AS parent, dossier.branch_number(tax_code) AS branch_no, name
FROM demo.enterprise ORDER BY tax_code;
\set ECHO none
\echo '-- a rejected input (wrong check digit), with its detail and hint:'
\set ON_ERROR_STOP 0
\set ECHO queries
SELECT '0100233480'::dossier.tax_code;
\set ECHO none
\set ON_ERROR_STOP 1
\else
\echo '== 2. tax codes: skipped, dossier.tax_code is not in this build yet'
\endif
