-- The 0.1.0 -> 0.2.0 update of receipts and signature privileges
-- (extension/upgrade/0.1.0--0.2.0/20_signature_grants.sql, 50_receipt.sql):
-- dossiers a 0.1.0 database holds get their lookup tokens, and the update
-- gives the same privileges, policies and triggers as a fresh install, which
-- the last queries print for both (this database, then contrib_regression).
CREATE DATABASE dossier_receipt_upgrade;
\c dossier_receipt_upgrade
SET client_min_messages = warning;
SET TimeZone = 'Asia/Ho_Chi_Minh';
CREATE EXTENSION postgis;
CREATE EXTENSION pgcrypto;
CREATE EXTENSION dossier VERSION '0.1.0';
SET dossier.event_time_tolerance = '20000d';
SET search_path = dossier, public;
INSERT INTO dossier.agency (code, name, level) VALUES ('G62', 'Bộ Thử nghiệm nâng cấp', 'central');
INSERT INTO dossier.procedure (code, name, processing_time, time_unit)
VALUES ('9.620001', 'Thủ tục thử nghiệm nâng cấp', 5, 'working_day');
SELECT count(dossier.register_dossier('9.620001', 'G62', owner_citizen => '001099062001',
                                      at => '2026-03-02 08:00'::timestamptz + n * interval '1 minute', receive => n % 2 = 0))
  AS registered_in_0_1_0
FROM generate_series(1, 5) n;

ALTER EXTENSION dossier UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'dossier';

-- every dossier of 0.1.0 has a token of its own, and the lookup finds it
SELECT count(*) AS dossiers, count(t.token) AS tokens, count(DISTINCT t.token) AS distinct_tokens,
       bool_and(t.token ~ '^[A-Z2-7]{32}$') AS base32,
       bool_and(t.token_hash = sha256(convert_to(t.token, 'UTF8'))) AS hashed,
       bool_and(t.rotations = 0 AND t.rotated_by IS NULL) AS first_tokens
FROM dossier.dossier d LEFT JOIN dossier.public_token t ON t.dossier = d.code;
SELECT count(*) AS found_by_their_tokens
FROM dossier.public_token t, dossier.public_status(t.token) s WHERE s.dossier_code = t.dossier;
-- and a dossier registered after the update gets one as it is registered
SELECT dossier.register_dossier('9.620001', 'G62', owner_citizen => '001099062002',
                                at => '2026-03-03 08:00', receive => true) AS c \gset
SELECT count(*) AS new_dossier_token FROM dossier.public_token WHERE dossier = :'c';

-- privileges, policies, triggers after the update ...
\i sql/receipt/receipt_privileges.psql
\c contrib_regression
DROP DATABASE dossier_receipt_upgrade;
-- ... and in a fresh install: the same
\i sql/receipt/receipt_privileges.psql
