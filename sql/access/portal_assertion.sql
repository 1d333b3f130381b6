-- Portal assertions (issue 13 §2; docs/reference/access/portal.md): the
-- DBA registers the identity side's public keys; a portal presents, once
-- per transaction, an assertion signed with one of them; every way of being
-- refused has its own SQLSTATE, writes nothing and quotes no claim.
-- Keys and assertions are made now by test/fixtures/gen/make_assertions.sh
-- (openssl CLI), valid for five minutes; the output shows no key, token,
-- jti or time.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET dossier.portal_audience = 'urn:dossier:test';

CREATE TEMP TABLE gen (name text PRIMARY KEY, v text NOT NULL);
\copy gen FROM PROGRAM 'bash test/fixtures/gen/make_assertions.sh' WITH (FORMAT csv, DELIMITER ' ')
GRANT SELECT ON gen TO PUBLIC;
SELECT count(*) FILTER (WHERE name LIKE 'key\_%') AS keys,
       count(*) FILTER (WHERE name NOT LIKE 'key\_%') AS assertions FROM gen;
-- a public key's PEM text, an assertion
CREATE FUNCTION pg_temp.pem(n text) RETURNS text LANGUAGE sql
  RETURN (SELECT convert_from(decode(v, 'base64'), 'UTF8') FROM pg_temp.gen WHERE name = 'key_' || n);
CREATE FUNCTION pg_temp.tok(n text) RETURNS text LANGUAGE sql
  RETURN (SELECT v FROM pg_temp.gen WHERE name = n);

CREATE ROLE regress_portal LOGIN IN ROLE dossier_portal;
CREATE ROLE regress_pa_dba LOGIN IN ROLE dossier_dba;
CREATE ROLE regress_pa_auditor LOGIN IN ROLE dossier_auditor;
CREATE ROLE regress_pa_desk LOGIN IN ROLE dossier_desk_officer;

-- ---------------------------------------------------------------------------
-- The DBA registers the keys: one per kid, with its issuer, algorithm and
-- validity; a retired key and one not yet in force
-- ---------------------------------------------------------------------------
SET ROLE regress_pa_dba;
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key, valid_from, valid_until, note) VALUES
  ('ed1', 'https://sso.example.vn', 'EdDSA', pg_temp.pem('ed'), '2026-01-01', NULL, 'Ed25519 key of the test identity provider'),
  ('es1', 'https://sso.example.vn', 'ES256', pg_temp.pem('es'), '2026-01-01', NULL, 'P-256 key'),
  ('ed_old', 'https://sso.example.vn', 'EdDSA', pg_temp.pem('ed'), '2020-01-01', '2021-01-01', 'retired'),
  ('ed_next', 'https://sso.example.vn', 'EdDSA', pg_temp.pem('ed'), '2099-01-01', NULL, 'not yet in force');
SELECT kid, issuer, algorithm, valid_from, valid_until FROM dossier.portal_key ORDER BY kid;
-- a key that is not one of its algorithm, or no key: VN433; bad columns: 23514
\set VERBOSITY default
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key) VALUES ('k1', 'https://sso.example.vn', 'EdDSA', pg_temp.pem('es'));
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key) VALUES ('k1', 'https://sso.example.vn', 'ES256', pg_temp.pem('p384'));
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key) VALUES ('k1', 'https://sso.example.vn', 'ES256', pg_temp.pem('rsa'));
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key) VALUES ('k1', 'https://sso.example.vn', 'EdDSA', 'MCowBQYDK2VwAyEA');
\set VERBOSITY terse
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key) VALUES ('k1', 'https://sso.example.vn', 'HS256', pg_temp.pem('ed'));
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key) VALUES ('k 1', 'https://sso.example.vn', 'EdDSA', pg_temp.pem('ed'));
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key, valid_from, valid_until)
VALUES ('k1', 'https://sso.example.vn', 'EdDSA', pg_temp.pem('ed'), '2027-01-01', '2026-01-01');
RESET ROLE;
-- only the DBA writes keys; the portal does not even read them
SET ROLE regress_portal;
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key) VALUES ('mine', 'https://evil.example', 'EdDSA', pg_temp.pem('ed'));
SELECT count(*) FROM dossier.portal_key;
-- nor the settings that say what is accepted
SET dossier.portal_audience = 'urn:dossier:other';
SET dossier.portal_assertion_max_lifetime = '1d';
SET dossier.portal_clock_skew = '10min';
RESET ROLE;
SELECT count(*) AS keys FROM dossier.portal_key;

-- ---------------------------------------------------------------------------
-- Signing in: the subject holds for the transaction, and only for it
-- ---------------------------------------------------------------------------
SET ROLE regress_portal;
SELECT dossier.portal_subject() IS NULL AS nobody_yet;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a1'));
SELECT dossier.portal_subject(), dossier.portal_citizen(), dossier.portal_enterprise();
-- one applicant per transaction
\set VERBOSITY default
SELECT dossier.portal_login(pg_temp.tok('ok_b1'));
ROLLBACK;
-- a rolled-back transaction left the assertion unspent: it may be retried
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a1'));
COMMIT;
SELECT dossier.portal_subject() IS NULL AS over_with_the_transaction;
-- spent once committed: a replay is refused
SELECT dossier.portal_login(pg_temp.tok('ok_a1'));
-- in its own statement (an implicit transaction) it holds for that statement only
SELECT dossier.portal_login(pg_temp.tok('ok_a2'));
SELECT dossier.portal_subject() IS NULL AS over_with_the_statement;
-- an ES256 assertion, an enterprise (also in a spelling with spaces), nbf
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_es_a'));
ROLLBACK;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_e_spaced'));
SELECT dossier.portal_subject(), dossier.portal_citizen(), dossier.portal_enterprise();
ROLLBACK;
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_nbf_a'));
ROLLBACK;

-- savepoints: a login undone with its savepoint is forgotten (and its jti
-- unspent); one released holds for the transaction
BEGIN;
SAVEPOINT s;
SELECT dossier.portal_login(pg_temp.tok('ok_a3')) IS NOT NULL AS signed_in;
ROLLBACK TO SAVEPOINT s;
SELECT dossier.portal_subject() IS NULL AS forgotten_with_the_savepoint;
SAVEPOINT t;
SELECT dossier.portal_login(pg_temp.tok('ok_a3')) IS NOT NULL AS signed_in_again;
RELEASE SAVEPOINT t;
SAVEPOINT u;
SELECT dossier.portal_subject() AS kept_after_release;
ROLLBACK TO SAVEPOINT u;
SELECT dossier.portal_subject() AS kept_after_a_later_rollback;
COMMIT;

-- a read-only transaction cannot spend an assertion
BEGIN READ ONLY;
SELECT dossier.portal_login(pg_temp.tok('ok_a4'));
ROLLBACK;
-- a second portal role does not inherit the first one's subject
BEGIN;
SELECT dossier.portal_login(pg_temp.tok('ok_a4')) IS NOT NULL AS signed_in;
RESET ROLE;
CREATE ROLE regress_portal2 LOGIN IN ROLE dossier_portal;
SET ROLE regress_portal2;
SELECT dossier.portal_subject() IS NULL AS not_for_another_role;
RESET ROLE;
DROP ROLE regress_portal2;
SET ROLE regress_portal;
SELECT dossier.portal_subject() AS still_for_the_first;
COMMIT;

-- ---------------------------------------------------------------------------
-- Refused: each its own SQLSTATE, nothing recorded, no claim quoted
-- ---------------------------------------------------------------------------
SELECT dossier.portal_login(NULL);
SELECT dossier.portal_login('');
SELECT dossier.portal_login('not a token');
SELECT dossier.portal_login(repeat('a', 4097));
SELECT dossier.portal_login(pg_temp.tok('ok_a5') || '=');
SELECT dossier.portal_login(replace(pg_temp.tok('ok_a5'), '.', '.*'));
SELECT dossier.portal_login(pg_temp.tok('ok_a5') || '.x');
-- the form of header and claims
SELECT dossier.portal_login(pg_temp.tok('not_json'));
SELECT dossier.portal_login(pg_temp.tok('no_jti'));
SELECT dossier.portal_login(pg_temp.tok('dup_sub'));
SELECT dossier.portal_login(pg_temp.tok('frac_exp'));
SELECT dossier.portal_login(pg_temp.tok('aud_array'));
SELECT dossier.portal_login(pg_temp.tok('crit'));
SELECT dossier.portal_login(pg_temp.tok('kid_bad'));
-- algorithms: none, HMAC keyed with the public key, ES256 under an Ed25519
-- key's kid, RS256
SELECT dossier.portal_login(pg_temp.tok('alg_none'));
SELECT dossier.portal_login(pg_temp.tok('alg_hs256'));
SELECT dossier.portal_login(pg_temp.tok('alg_es_for_ed'));
SELECT dossier.portal_login(pg_temp.tok('alg_rs256'));
-- keys: unknown, retired, not yet in force
SELECT dossier.portal_login(pg_temp.tok('kid_unknown'));
SELECT dossier.portal_login(pg_temp.tok('kid_retired'));
SELECT dossier.portal_login(pg_temp.tok('kid_future'));
-- forged: another key under kid ed1 (EdDSA), under kid es1 (ES256); the
-- claims of one assertion with the signature of another
SELECT dossier.portal_login(pg_temp.tok('forged'));
SELECT dossier.portal_login(pg_temp.tok('forged_es'));
SELECT dossier.portal_login(split_part(pg_temp.tok('ok_b2'), '.', 1) || '.' || split_part(pg_temp.tok('ok_b2'), '.', 2)
                            || '.' || split_part(pg_temp.tok('ok_a5'), '.', 3));
-- claims: issuer, audience, lifetime, subject
SELECT dossier.portal_login(pg_temp.tok('wrong_iss'));
SELECT dossier.portal_login(pg_temp.tok('wrong_aud'));
SELECT dossier.portal_login(pg_temp.tok('too_long'));
SELECT dossier.portal_login(pg_temp.tok('exp_before_iat'));
SELECT dossier.portal_login(pg_temp.tok('bad_subject'));
SELECT dossier.portal_login(pg_temp.tok('bad_citizen'));
-- times (the details count seconds: terse)
\set VERBOSITY terse
SELECT dossier.portal_login(pg_temp.tok('expired'));
SELECT dossier.portal_login(pg_temp.tok('future'));
SELECT dossier.portal_login(pg_temp.tok('nbf_future'));
\set VERBOSITY default
RESET ROLE;

-- by default the audience is the database's name
RESET dossier.portal_audience;
SET ROLE regress_portal;
SELECT dossier.portal_login(pg_temp.tok('ok_a5'));
RESET ROLE;
SET dossier.portal_audience = 'urn:dossier:test';
-- a longer lifetime is accepted once a superuser allows it
SET dossier.portal_assertion_max_lifetime = '2h';
SET ROLE regress_portal;
SELECT dossier.portal_login(pg_temp.tok('too_long'));
RESET ROLE;
RESET dossier.portal_assertion_max_lifetime;

-- only a portal presents assertions
SET ROLE regress_pa_desk;
SELECT dossier.portal_login(pg_temp.tok('ok_a5'));
RESET ROLE;
GRANT EXECUTE ON FUNCTION dossier.portal_login(text) TO regress_pa_desk;
SET ROLE regress_pa_desk;
SELECT dossier.portal_login(pg_temp.tok('ok_a5'));
RESET ROLE;
REVOKE EXECUTE ON FUNCTION dossier.portal_login(text) FROM regress_pa_desk;

-- ---------------------------------------------------------------------------
-- What was recorded: one row per committed login (ok_a1, ok_a2, ok_a3,
-- ok_a4, too_long), read by the auditor; expired rows are purged by later
-- logins, two at a time, oldest first
-- ---------------------------------------------------------------------------
SET ROLE regress_pa_auditor;
SELECT count(*) AS spent, count(DISTINCT jti) AS distinct_jti, min(kid) AS kid,
       bool_and(expires_at > used_at) AS expire_after_use
FROM dossier.portal_assertion_used;
RESET ROLE;
INSERT INTO dossier.portal_assertion_used (issuer, jti, kid, used_at, expires_at) VALUES
  ('https://sso.example.vn', 'old1', 'ed1', '2026-01-01 08:00', '2026-01-01 08:05'),
  ('https://sso.example.vn', 'old2', 'ed1', '2026-01-01 08:00', '2026-01-01 08:06'),
  ('https://sso.example.vn', 'old3', 'ed1', '2026-01-01 08:00', '2026-01-01 08:07');
SET ROLE regress_portal;
SELECT dossier.portal_login(pg_temp.tok('ok_a5'));
RESET ROLE;
SELECT jti FROM dossier.portal_assertion_used WHERE jti LIKE 'old%' ORDER BY jti;
-- the portal reads neither the table nor writes it
SET ROLE regress_portal;
SELECT count(*) FROM dossier.portal_assertion_used;
DELETE FROM dossier.portal_assertion_used;
RESET ROLE;

DELETE FROM dossier.portal_assertion_used;
DELETE FROM dossier.portal_key;
DROP ROLE regress_portal, regress_pa_dba, regress_pa_auditor, regress_pa_desk;
