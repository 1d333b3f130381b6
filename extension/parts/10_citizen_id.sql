-- citizen_id: 12-digit personal ID (số định danh cá nhân), Law on
-- Identification 2023 Art. 12.  Stored as a pass-by-value int8.

CREATE TYPE dossier.citizen_id;

CREATE FUNCTION dossier.citizen_id_in(cstring) RETURNS dossier.citizen_id
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.citizen_id_out(dossier.citizen_id) RETURNS cstring
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.citizen_id_recv(internal) RETURNS dossier.citizen_id
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.citizen_id_send(dossier.citizen_id) RETURNS bytea
  AS 'int8send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE dossier.citizen_id (
  INPUT = dossier.citizen_id_in,
  OUTPUT = dossier.citizen_id_out,
  RECEIVE = dossier.citizen_id_recv,
  SEND = dossier.citizen_id_send,
  INTERNALLENGTH = 8,
  PASSEDBYVALUE,
  ALIGNMENT = double,
  STORAGE = plain
);
COMMENT ON TYPE dossier.citizen_id IS
  '12-digit personal ID (số định danh cá nhân): PPP province of birth registration, G century and gender, YY birth year, 6 random digits';

CREATE FUNCTION dossier.citizen_id_cmp(dossier.citizen_id, dossier.citizen_id) RETURNS int4
  AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.citizen_id_eq(dossier.citizen_id, dossier.citizen_id) RETURNS bool
  AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.citizen_id_ne(dossier.citizen_id, dossier.citizen_id) RETURNS bool
  AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.citizen_id_lt(dossier.citizen_id, dossier.citizen_id) RETURNS bool
  AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.citizen_id_le(dossier.citizen_id, dossier.citizen_id) RETURNS bool
  AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.citizen_id_gt(dossier.citizen_id, dossier.citizen_id) RETURNS bool
  AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.citizen_id_ge(dossier.citizen_id, dossier.citizen_id) RETURNS bool
  AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.citizen_id_hash(dossier.citizen_id) RETURNS int4
  AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.citizen_id_hash_extended(dossier.citizen_id, int8) RETURNS int8
  AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.citizen_id_sortsupport(internal) RETURNS void
  AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION dossier.citizen_id_in(cstring) IS 'text input of citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_out(dossier.citizen_id) IS 'text output of citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_recv(internal) IS 'binary input of citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_send(dossier.citizen_id) IS 'binary output of citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_cmp(dossier.citizen_id, dossier.citizen_id) IS 'btree comparison of citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_eq(dossier.citizen_id, dossier.citizen_id) IS 'implementation of = for citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_ne(dossier.citizen_id, dossier.citizen_id) IS 'implementation of <> for citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_lt(dossier.citizen_id, dossier.citizen_id) IS 'implementation of < for citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_le(dossier.citizen_id, dossier.citizen_id) IS 'implementation of <= for citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_gt(dossier.citizen_id, dossier.citizen_id) IS 'implementation of > for citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_ge(dossier.citizen_id, dossier.citizen_id) IS 'implementation of >= for citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_hash(dossier.citizen_id) IS 'hash of citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_hash_extended(dossier.citizen_id, int8) IS 'seeded 64-bit hash of citizen_id';
COMMENT ON FUNCTION dossier.citizen_id_sortsupport(internal) IS 'sort support for citizen_id';

CREATE OPERATOR dossier.= (
  LEFTARG = dossier.citizen_id, RIGHTARG = dossier.citizen_id,
  FUNCTION = dossier.citizen_id_eq, COMMUTATOR = OPERATOR(dossier.=),
  NEGATOR = OPERATOR(dossier.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
  HASHES, MERGES);
CREATE OPERATOR dossier.<> (
  LEFTARG = dossier.citizen_id, RIGHTARG = dossier.citizen_id,
  FUNCTION = dossier.citizen_id_ne, COMMUTATOR = OPERATOR(dossier.<>),
  NEGATOR = OPERATOR(dossier.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR dossier.< (
  LEFTARG = dossier.citizen_id, RIGHTARG = dossier.citizen_id,
  FUNCTION = dossier.citizen_id_lt, COMMUTATOR = OPERATOR(dossier.>),
  NEGATOR = OPERATOR(dossier.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR dossier.<= (
  LEFTARG = dossier.citizen_id, RIGHTARG = dossier.citizen_id,
  FUNCTION = dossier.citizen_id_le, COMMUTATOR = OPERATOR(dossier.>=),
  NEGATOR = OPERATOR(dossier.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR dossier.> (
  LEFTARG = dossier.citizen_id, RIGHTARG = dossier.citizen_id,
  FUNCTION = dossier.citizen_id_gt, COMMUTATOR = OPERATOR(dossier.<),
  NEGATOR = OPERATOR(dossier.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR dossier.>= (
  LEFTARG = dossier.citizen_id, RIGHTARG = dossier.citizen_id,
  FUNCTION = dossier.citizen_id_ge, COMMUTATOR = OPERATOR(dossier.<=),
  NEGATOR = OPERATOR(dossier.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

COMMENT ON OPERATOR dossier.= (dossier.citizen_id, dossier.citizen_id) IS 'equal';
COMMENT ON OPERATOR dossier.<> (dossier.citizen_id, dossier.citizen_id) IS 'not equal';
COMMENT ON OPERATOR dossier.< (dossier.citizen_id, dossier.citizen_id) IS 'less than, in numeric order of the 12 digits';
COMMENT ON OPERATOR dossier.<= (dossier.citizen_id, dossier.citizen_id) IS 'less than or equal';
COMMENT ON OPERATOR dossier.> (dossier.citizen_id, dossier.citizen_id) IS 'greater than';
COMMENT ON OPERATOR dossier.>= (dossier.citizen_id, dossier.citizen_id) IS 'greater than or equal';

CREATE OPERATOR CLASS dossier.citizen_id_ops
  DEFAULT FOR TYPE dossier.citizen_id USING btree AS
    OPERATOR 1 dossier.<,
    OPERATOR 2 dossier.<=,
    OPERATOR 3 dossier.=,
    OPERATOR 4 dossier.>=,
    OPERATOR 5 dossier.>,
    FUNCTION 1 dossier.citizen_id_cmp(dossier.citizen_id, dossier.citizen_id),
    FUNCTION 2 dossier.citizen_id_sortsupport(internal);
COMMENT ON OPERATOR CLASS dossier.citizen_id_ops USING btree IS
  'default btree operator class for citizen_id: numeric order of the 12 digits';
CREATE OPERATOR CLASS dossier.citizen_id_hash_ops
  DEFAULT FOR TYPE dossier.citizen_id USING hash AS
    OPERATOR 1 dossier.=,
    FUNCTION 1 dossier.citizen_id_hash(dossier.citizen_id),
    FUNCTION 2 dossier.citizen_id_hash_extended(dossier.citizen_id, int8);
COMMENT ON OPERATOR CLASS dossier.citizen_id_hash_ops USING hash IS
  'default hash operator class for citizen_id';

-- Casts: text forms are I/O conversions; assignment casts let a portal insert
-- text into a citizen_id column (as citext does).
CREATE CAST (text AS dossier.citizen_id) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.citizen_id AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS dossier.citizen_id) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.citizen_id AS varchar) WITH INOUT AS ASSIGNMENT;

CREATE FUNCTION dossier.birth_province(dossier.citizen_id) RETURNS text
  AS 'MODULE_PATHNAME', 'citizen_id_birth_province'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.birth_province(dossier.citizen_id) IS
  'province where the birth was registered, as the 3-digit code of the ID (001-096)';
CREATE FUNCTION dossier.gender(dossier.citizen_id) RETURNS text
  AS 'MODULE_PATHNAME', 'citizen_id_gender_text'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.gender(dossier.citizen_id) IS
  'gender encoded in the century digit: male or female';
CREATE FUNCTION dossier.birth_century(dossier.citizen_id) RETURNS int4
  AS 'MODULE_PATHNAME', 'citizen_id_birth_century'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.birth_century(dossier.citizen_id) IS
  'birth century as the law counts it: 20 for 1900-1999, 21 for 2000-2099';
CREATE FUNCTION dossier.birth_year(dossier.citizen_id) RETURNS int4
  AS 'MODULE_PATHNAME', 'citizen_id_birth_year_int'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.birth_year(dossier.citizen_id) IS
  'full year of birth, from the century digit and the two year digits';
