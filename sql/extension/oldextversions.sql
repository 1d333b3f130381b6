-- Upgrade paths, in the manner of pg_stat_statements' oldextversions test:
-- every version ever released must be installable and must update, step by
-- step, to the default version.  When a version is released (tagged in
-- CHANGELOG.md) its install script is frozen in extension/ and a block for it
-- is added here; schema changes then ship as dossier--A--B.sql scripts.

-- a database of its own, so that dropping and recreating the extension does
-- not disturb the other suites
CREATE DATABASE dossier_oldext;
\c dossier_oldext
SET client_min_messages = warning;
CREATE EXTENSION postgis;
CREATE EXTENSION pgcrypto;

-- the versions this build offers, and from each a path to the default
SELECT version, installed, superuser, relocatable, schema, requires
FROM pg_available_extension_versions WHERE name = 'dossier' ORDER BY version;
SELECT source, target, path
FROM pg_extension_update_paths('dossier')
WHERE target = (SELECT default_version FROM pg_available_extensions WHERE name = 'dossier')
  AND source <> target
ORDER BY source;
-- a version without a path to the default is a release we can no longer upgrade
SELECT v.version AS stranded_version
FROM pg_available_extension_versions v
WHERE v.name = 'dossier'
  AND v.version <> (SELECT default_version FROM pg_available_extensions WHERE name = 'dossier')
  AND NOT EXISTS (SELECT 1 FROM pg_extension_update_paths('dossier') p
                  WHERE p.source = v.version AND p.path IS NOT NULL
                    AND p.target = (SELECT default_version FROM pg_available_extensions
                                    WHERE name = 'dossier'));

-- 0.1.0: the first version
CREATE EXTENSION dossier VERSION '0.1.0';
SELECT extversion FROM pg_extension WHERE extname = 'dossier';
SELECT '001087012345'::dossier.citizen_id;
ALTER EXTENSION dossier UPDATE;
SELECT extversion = (SELECT default_version FROM pg_available_extensions WHERE name = 'dossier')
  AS at_default_version
FROM pg_extension WHERE extname = 'dossier';

-- the extension cannot be relocated, and refuses to be created twice
ALTER EXTENSION dossier SET SCHEMA public;
CREATE EXTENSION dossier;
DROP EXTENSION dossier;
-- CASCADE brings the required extensions
DROP EXTENSION pgcrypto;
CREATE EXTENSION dossier CASCADE;
SELECT extname FROM pg_extension WHERE extname IN ('dossier', 'pgcrypto', 'postgis') ORDER BY 1;

\c contrib_regression
DROP DATABASE dossier_oldext;
