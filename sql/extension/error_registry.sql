-- The one SQLSTATE registry (docs/DEVELOPING.md, Errors): every VN code is
-- defined once, in src/pg/common/sqlstate.h; docs/errors.md lists exactly
-- those codes in its tables; every VN code named anywhere else (C, the
-- install script's parts, the reference pages, the installed functions) is
-- one of them; and nothing but the registry defines one.  The files are read
-- by psql on the client side (cwd is the checkout).

CREATE TEMP TABLE registry (name text, code text);
\copy registry FROM PROGRAM 'sed -n "s/^#define \\(ERRCODE_[A-Z0-9_]*\\)[[:space:]]*MAKE_SQLSTATE(.\\(.\\).,.\\(.\\).,.\\(.\\).,.\\(.\\).,.\\(.\\).).*/\\1 \\2\\3\\4\\5\\6/p" src/pg/common/sqlstate.h' WITH (FORMAT csv, DELIMITER ' ')
-- codes that docs/errors.md gives a table row of their own
CREATE TEMP TABLE documented (code text);
\copy documented FROM PROGRAM 'grep -o "^| .VN[0-9A-Z]*. |" docs/errors.md | grep -o "VN[0-9A-Z]*" | sort -u'
-- every VN code named in the sources and docs, with the file naming it
CREATE TEMP TABLE mentioned (file text, code text);
\copy mentioned FROM PROGRAM 'grep -rHo "VN[0-9][0-9][0-9]" src extension/parts docs README.md --include=*.c --include=*.h --include=*.sql --include=*.md | sed "s/:/ /" | sort -u' WITH (FORMAT csv, DELIMITER ' ')
-- SQLSTATE definitions outside the registry, in C and in the parts
CREATE TEMP TABLE stray_definition (line text);
\copy stray_definition FROM PROGRAM 'grep -rn "MAKE_SQLSTATE(.V.\|ERRCODE = .VN" src extension/parts --include=*.c --include=*.h --include=*.sql | grep -v "^src/pg/common/sqlstate.h:" || true' WITH (FORMAT text, DELIMITER E'\x01')

-- every list was read, and each code and name is defined once
SELECT (SELECT count(*) FROM registry) > 15 AS registry_read,
       (SELECT count(*) FROM documented) > 15 AS docs_read,
       (SELECT count(*) FROM mentioned) > 15 AS mentions_read,
       (SELECT count(DISTINCT code) = count(*) FROM registry) AS codes_unique,
       (SELECT count(DISTINCT name) = count(*) FROM registry) AS names_unique;
-- in the registry but not documented, or documented but not in the registry
SELECT r.code AS undocumented FROM registry r
WHERE NOT EXISTS (SELECT 1 FROM documented d WHERE d.code = r.code) ORDER BY 1;
SELECT d.code AS documented_not_defined FROM documented d
WHERE NOT EXISTS (SELECT 1 FROM registry r WHERE r.code = d.code) ORDER BY 1;
-- named somewhere but not defined
SELECT m.file, m.code AS named_not_defined FROM mentioned m
WHERE NOT EXISTS (SELECT 1 FROM registry r WHERE r.code = m.code) ORDER BY 1, 2;
SELECT line AS defined_outside_registry FROM stray_definition ORDER BY 1;
-- the installed functions raise only registered VN codes
SELECT p.oid::regprocedure AS raises_unregistered_code, c[1] AS code
FROM pg_proc p, regexp_matches(p.prosrc, 'ERRCODE\s*=\s*''(VN[0-9A-Z]{3})''', 'g') c
WHERE p.pronamespace = 'dossier'::regnamespace
  AND NOT EXISTS (SELECT 1 FROM registry r WHERE r.code = c[1])
ORDER BY 1, 2;
-- the build's substitution reached them: the VN codes PL/pgSQL raises, and
-- no placeholder left behind
SELECT DISTINCT c[1] AS raised_in_plpgsql
FROM pg_proc p, regexp_matches(p.prosrc, 'ERRCODE\s*=\s*''(VN[^'']*)''', 'g') c
WHERE p.pronamespace = 'dossier'::regnamespace
ORDER BY 1;
SELECT p.oid::regprocedure AS unsubstituted_placeholder
FROM pg_proc p
WHERE p.pronamespace = 'dossier'::regnamespace AND p.prosrc LIKE '%@ERRCODE%'
ORDER BY 1;
