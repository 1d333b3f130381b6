-- dossier install script, assembled by the Makefile from extension/parts/*.sql
-- in file-name order.  Each part covers one concern.
\echo Use "CREATE EXTENSION dossier" to load this file. \quit

COMMENT ON SCHEMA dossier IS
  'Vietnamese one-stop administrative-procedure dossiers (dossier extension)';
