-- dossier 0.1.0, released 2026-12-04: frozen.  Never edit this file; schema
-- changes go into extension/parts/ and extension/upgrade/ (docs/DEVELOPING.md).
-- dossier install script, assembled by the Makefile from extension/parts/*.sql
-- in file-name order.  Each part covers one concern.
\echo Use "CREATE EXTENSION dossier" to load this file. \quit

COMMENT ON SCHEMA dossier IS
  'Vietnamese one-stop administrative-procedure dossiers (dossier extension)';
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
-- tax_code: enterprise / tax code (mã số doanh nghiệp, MST), Law on Tax
-- Administration 2019 Art. 30, Circular 105/2020/TT-BTC Art. 5.  10 digits,
-- or 13 for a branch written 0314409058-002.  Stored as a pass-by-value int8
-- holding base * 1000 + branch (0 for a head office), so a branch sorts right
-- after its head office.  See docs/reference/identifiers/tax_code.md.

CREATE TYPE dossier.tax_code;

CREATE FUNCTION dossier.tax_code_in(cstring) RETURNS dossier.tax_code
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.tax_code_out(dossier.tax_code) RETURNS cstring
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.tax_code_recv(internal) RETURNS dossier.tax_code
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.tax_code_send(dossier.tax_code) RETURNS bytea
  AS 'int8send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE dossier.tax_code (
  INPUT = dossier.tax_code_in,
  OUTPUT = dossier.tax_code_out,
  RECEIVE = dossier.tax_code_recv,
  SEND = dossier.tax_code_send,
  INTERNALLENGTH = 8,
  PASSEDBYVALUE,
  ALIGNMENT = double,
  STORAGE = plain
);
COMMENT ON TYPE dossier.tax_code IS
  'enterprise / tax code (mã số doanh nghiệp, MST): 10 digits with a check digit, or 13 for a branch (0314409058-002)';

CREATE FUNCTION dossier.tax_code_cmp(dossier.tax_code, dossier.tax_code) RETURNS int4
  AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.tax_code_eq(dossier.tax_code, dossier.tax_code) RETURNS bool
  AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.tax_code_ne(dossier.tax_code, dossier.tax_code) RETURNS bool
  AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.tax_code_lt(dossier.tax_code, dossier.tax_code) RETURNS bool
  AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.tax_code_le(dossier.tax_code, dossier.tax_code) RETURNS bool
  AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.tax_code_gt(dossier.tax_code, dossier.tax_code) RETURNS bool
  AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.tax_code_ge(dossier.tax_code, dossier.tax_code) RETURNS bool
  AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.tax_code_hash(dossier.tax_code) RETURNS int4
  AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.tax_code_hash_extended(dossier.tax_code, int8) RETURNS int8
  AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.tax_code_sortsupport(internal) RETURNS void
  AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION dossier.tax_code_in(cstring) IS 'text input of tax_code';
COMMENT ON FUNCTION dossier.tax_code_out(dossier.tax_code) IS 'text output of tax_code';
COMMENT ON FUNCTION dossier.tax_code_recv(internal) IS 'binary input of tax_code';
COMMENT ON FUNCTION dossier.tax_code_send(dossier.tax_code) IS 'binary output of tax_code';
COMMENT ON FUNCTION dossier.tax_code_cmp(dossier.tax_code, dossier.tax_code) IS 'btree comparison of tax_code';
COMMENT ON FUNCTION dossier.tax_code_eq(dossier.tax_code, dossier.tax_code) IS 'implementation of = for tax_code';
COMMENT ON FUNCTION dossier.tax_code_ne(dossier.tax_code, dossier.tax_code) IS 'implementation of <> for tax_code';
COMMENT ON FUNCTION dossier.tax_code_lt(dossier.tax_code, dossier.tax_code) IS 'implementation of < for tax_code';
COMMENT ON FUNCTION dossier.tax_code_le(dossier.tax_code, dossier.tax_code) IS 'implementation of <= for tax_code';
COMMENT ON FUNCTION dossier.tax_code_gt(dossier.tax_code, dossier.tax_code) IS 'implementation of > for tax_code';
COMMENT ON FUNCTION dossier.tax_code_ge(dossier.tax_code, dossier.tax_code) IS 'implementation of >= for tax_code';
COMMENT ON FUNCTION dossier.tax_code_hash(dossier.tax_code) IS 'hash of tax_code, equal to hashint8 of the stored integer';
COMMENT ON FUNCTION dossier.tax_code_hash_extended(dossier.tax_code, int8) IS 'seeded 64-bit hash of tax_code, equal to hashint8extended of the stored integer';
COMMENT ON FUNCTION dossier.tax_code_sortsupport(internal) IS 'sort support for tax_code';

CREATE OPERATOR dossier.= (
  LEFTARG = dossier.tax_code, RIGHTARG = dossier.tax_code,
  FUNCTION = dossier.tax_code_eq, COMMUTATOR = OPERATOR(dossier.=),
  NEGATOR = OPERATOR(dossier.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
  HASHES, MERGES);
CREATE OPERATOR dossier.<> (
  LEFTARG = dossier.tax_code, RIGHTARG = dossier.tax_code,
  FUNCTION = dossier.tax_code_ne, COMMUTATOR = OPERATOR(dossier.<>),
  NEGATOR = OPERATOR(dossier.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR dossier.< (
  LEFTARG = dossier.tax_code, RIGHTARG = dossier.tax_code,
  FUNCTION = dossier.tax_code_lt, COMMUTATOR = OPERATOR(dossier.>),
  NEGATOR = OPERATOR(dossier.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR dossier.<= (
  LEFTARG = dossier.tax_code, RIGHTARG = dossier.tax_code,
  FUNCTION = dossier.tax_code_le, COMMUTATOR = OPERATOR(dossier.>=),
  NEGATOR = OPERATOR(dossier.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR dossier.> (
  LEFTARG = dossier.tax_code, RIGHTARG = dossier.tax_code,
  FUNCTION = dossier.tax_code_gt, COMMUTATOR = OPERATOR(dossier.<),
  NEGATOR = OPERATOR(dossier.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR dossier.>= (
  LEFTARG = dossier.tax_code, RIGHTARG = dossier.tax_code,
  FUNCTION = dossier.tax_code_ge, COMMUTATOR = OPERATOR(dossier.<=),
  NEGATOR = OPERATOR(dossier.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

COMMENT ON OPERATOR dossier.= (dossier.tax_code, dossier.tax_code) IS 'equal';
COMMENT ON OPERATOR dossier.<> (dossier.tax_code, dossier.tax_code) IS 'not equal';
COMMENT ON OPERATOR dossier.< (dossier.tax_code, dossier.tax_code) IS 'less than (head office first, then its branches in number order)';
COMMENT ON OPERATOR dossier.<= (dossier.tax_code, dossier.tax_code) IS 'less than or equal';
COMMENT ON OPERATOR dossier.> (dossier.tax_code, dossier.tax_code) IS 'greater than';
COMMENT ON OPERATOR dossier.>= (dossier.tax_code, dossier.tax_code) IS 'greater than or equal';

CREATE OPERATOR CLASS dossier.tax_code_ops
  DEFAULT FOR TYPE dossier.tax_code USING btree AS
    OPERATOR 1 dossier.<,
    OPERATOR 2 dossier.<=,
    OPERATOR 3 dossier.=,
    OPERATOR 4 dossier.>=,
    OPERATOR 5 dossier.>,
    FUNCTION 1 dossier.tax_code_cmp(dossier.tax_code, dossier.tax_code),
    FUNCTION 2 dossier.tax_code_sortsupport(internal);
COMMENT ON OPERATOR CLASS dossier.tax_code_ops USING btree IS
  'default btree operator class for tax_code: order of base * 1000 + branch';
CREATE OPERATOR CLASS dossier.tax_code_hash_ops
  DEFAULT FOR TYPE dossier.tax_code USING hash AS
    OPERATOR 1 dossier.=,
    FUNCTION 1 dossier.tax_code_hash(dossier.tax_code),
    FUNCTION 2 dossier.tax_code_hash_extended(dossier.tax_code, int8);
COMMENT ON OPERATOR CLASS dossier.tax_code_hash_ops USING hash IS
  'default hash operator class for tax_code';

-- Casts: text forms are I/O conversions; assignment casts let a portal insert
-- text into a tax_code column and a tax_code into a text column.
CREATE CAST (text AS dossier.tax_code) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.tax_code AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS dossier.tax_code) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.tax_code AS varchar) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS dossier.tax_code) IS 'parse a tax code from text (I/O conversion)';
COMMENT ON CAST (dossier.tax_code AS text) IS 'canonical text of a tax code (I/O conversion)';
COMMENT ON CAST (varchar AS dossier.tax_code) IS 'parse a tax code from varchar (I/O conversion)';
COMMENT ON CAST (dossier.tax_code AS varchar) IS 'canonical text of a tax code as varchar (I/O conversion)';

CREATE FUNCTION dossier.is_branch(dossier.tax_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'tax_code_is_branch_bool'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.is_branch(dossier.tax_code) IS
  'true for a branch (13-digit code, 0314409058-002), false for a head office';
CREATE FUNCTION dossier.parent_tax_code(dossier.tax_code) RETURNS dossier.tax_code
  AS 'MODULE_PATHNAME', 'tax_code_parent'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.parent_tax_code(dossier.tax_code) IS
  'the head office a branch belongs to (0314409058-002 gives 0314409058); NULL for a head office';
CREATE FUNCTION dossier.branch_number(dossier.tax_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'tax_code_branch_number'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.branch_number(dossier.tax_code) IS
  'the branch number, 1 to 999 (0314409058-002 gives 2); 0 for a head office';
-- procedure_code: administrative procedure code (mã thủ tục hành chính, mã
-- TTHC) of the National Database on Administrative Procedures, docs/domain.md
-- §4: national 1.000656 or local 1.000656.000.00.00.H56.  Stored as a varlena
-- holding the canonical text (at most 64 bytes; suffix letters upper-cased),
-- ordered by its bytes so local variants follow their national code.
-- See docs/reference/identifiers/procedure_code.md.

CREATE TYPE dossier.procedure_code;

CREATE FUNCTION dossier.procedure_code_in(cstring) RETURNS dossier.procedure_code
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.procedure_code_out(dossier.procedure_code) RETURNS cstring
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.procedure_code_recv(internal) RETURNS dossier.procedure_code
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.procedure_code_send(dossier.procedure_code) RETURNS bytea
  AS 'MODULE_PATHNAME', 'bytes_ident_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- STORAGE extended (as text) lets tables keep the value with a 1-byte header;
-- the C functions accept short-header and toasted values alike.
CREATE TYPE dossier.procedure_code (
  INPUT = dossier.procedure_code_in,
  OUTPUT = dossier.procedure_code_out,
  RECEIVE = dossier.procedure_code_recv,
  SEND = dossier.procedure_code_send,
  INTERNALLENGTH = VARIABLE,
  ALIGNMENT = int4,
  STORAGE = extended
);
COMMENT ON TYPE dossier.procedure_code IS
  'administrative procedure code (mã TTHC): national 1.000656 or local variant 1.000656.000.00.00.H56, at most 64 characters';

CREATE FUNCTION dossier.procedure_code_cmp(dossier.procedure_code, dossier.procedure_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'bytes_ident_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.procedure_code_eq(dossier.procedure_code, dossier.procedure_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.procedure_code_ne(dossier.procedure_code, dossier.procedure_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.procedure_code_lt(dossier.procedure_code, dossier.procedure_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.procedure_code_le(dossier.procedure_code, dossier.procedure_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.procedure_code_gt(dossier.procedure_code, dossier.procedure_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.procedure_code_ge(dossier.procedure_code, dossier.procedure_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.procedure_code_hash(dossier.procedure_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'bytes_ident_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.procedure_code_hash_extended(dossier.procedure_code, int8) RETURNS int8
  AS 'MODULE_PATHNAME', 'bytes_ident_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.procedure_code_sortsupport(internal) RETURNS void
  AS 'MODULE_PATHNAME', 'bytes_ident_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION dossier.procedure_code_in(cstring) IS 'text input of procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_out(dossier.procedure_code) IS 'text output of procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_recv(internal) IS 'binary input of procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_send(dossier.procedure_code) IS 'binary output of procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_cmp(dossier.procedure_code, dossier.procedure_code) IS 'btree comparison of procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_eq(dossier.procedure_code, dossier.procedure_code) IS 'implementation of = for procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_ne(dossier.procedure_code, dossier.procedure_code) IS 'implementation of <> for procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_lt(dossier.procedure_code, dossier.procedure_code) IS 'implementation of < for procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_le(dossier.procedure_code, dossier.procedure_code) IS 'implementation of <= for procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_gt(dossier.procedure_code, dossier.procedure_code) IS 'implementation of > for procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_ge(dossier.procedure_code, dossier.procedure_code) IS 'implementation of >= for procedure_code';
COMMENT ON FUNCTION dossier.procedure_code_hash(dossier.procedure_code) IS 'hash of procedure_code: hash_any over the bytes of the canonical text';
COMMENT ON FUNCTION dossier.procedure_code_hash_extended(dossier.procedure_code, int8) IS 'seeded 64-bit hash of procedure_code: hash_any_extended over the bytes of the canonical text';
COMMENT ON FUNCTION dossier.procedure_code_sortsupport(internal) IS 'sort support for procedure_code';

CREATE OPERATOR dossier.= (
  LEFTARG = dossier.procedure_code, RIGHTARG = dossier.procedure_code,
  FUNCTION = dossier.procedure_code_eq, COMMUTATOR = OPERATOR(dossier.=),
  NEGATOR = OPERATOR(dossier.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
  HASHES, MERGES);
CREATE OPERATOR dossier.<> (
  LEFTARG = dossier.procedure_code, RIGHTARG = dossier.procedure_code,
  FUNCTION = dossier.procedure_code_ne, COMMUTATOR = OPERATOR(dossier.<>),
  NEGATOR = OPERATOR(dossier.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR dossier.< (
  LEFTARG = dossier.procedure_code, RIGHTARG = dossier.procedure_code,
  FUNCTION = dossier.procedure_code_lt, COMMUTATOR = OPERATOR(dossier.>),
  NEGATOR = OPERATOR(dossier.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR dossier.<= (
  LEFTARG = dossier.procedure_code, RIGHTARG = dossier.procedure_code,
  FUNCTION = dossier.procedure_code_le, COMMUTATOR = OPERATOR(dossier.>=),
  NEGATOR = OPERATOR(dossier.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR dossier.> (
  LEFTARG = dossier.procedure_code, RIGHTARG = dossier.procedure_code,
  FUNCTION = dossier.procedure_code_gt, COMMUTATOR = OPERATOR(dossier.<),
  NEGATOR = OPERATOR(dossier.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR dossier.>= (
  LEFTARG = dossier.procedure_code, RIGHTARG = dossier.procedure_code,
  FUNCTION = dossier.procedure_code_ge, COMMUTATOR = OPERATOR(dossier.<=),
  NEGATOR = OPERATOR(dossier.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

COMMENT ON OPERATOR dossier.= (dossier.procedure_code, dossier.procedure_code) IS 'equal';
COMMENT ON OPERATOR dossier.<> (dossier.procedure_code, dossier.procedure_code) IS 'not equal';
COMMENT ON OPERATOR dossier.< (dossier.procedure_code, dossier.procedure_code) IS 'less than in byte order of the canonical text (a national code first, then its local variants)';
COMMENT ON OPERATOR dossier.<= (dossier.procedure_code, dossier.procedure_code) IS 'less than or equal';
COMMENT ON OPERATOR dossier.> (dossier.procedure_code, dossier.procedure_code) IS 'greater than';
COMMENT ON OPERATOR dossier.>= (dossier.procedure_code, dossier.procedure_code) IS 'greater than or equal';

CREATE OPERATOR CLASS dossier.procedure_code_ops
  DEFAULT FOR TYPE dossier.procedure_code USING btree AS
    OPERATOR 1 dossier.<,
    OPERATOR 2 dossier.<=,
    OPERATOR 3 dossier.=,
    OPERATOR 4 dossier.>=,
    OPERATOR 5 dossier.>,
    FUNCTION 1 dossier.procedure_code_cmp(dossier.procedure_code, dossier.procedure_code),
    FUNCTION 2 dossier.procedure_code_sortsupport(internal);
COMMENT ON OPERATOR CLASS dossier.procedure_code_ops USING btree IS
  'default btree operator class for procedure_code: byte order of the canonical text, then length';
CREATE OPERATOR CLASS dossier.procedure_code_hash_ops
  DEFAULT FOR TYPE dossier.procedure_code USING hash AS
    OPERATOR 1 dossier.=,
    FUNCTION 1 dossier.procedure_code_hash(dossier.procedure_code),
    FUNCTION 2 dossier.procedure_code_hash_extended(dossier.procedure_code, int8);
COMMENT ON OPERATOR CLASS dossier.procedure_code_hash_ops USING hash IS
  'default hash operator class for procedure_code';

-- Casts: text forms are I/O conversions; assignment casts let a portal insert
-- text into a procedure_code column and a procedure_code into a text column.
CREATE CAST (text AS dossier.procedure_code) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.procedure_code AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS dossier.procedure_code) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.procedure_code AS varchar) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS dossier.procedure_code) IS 'parse a procedure code from text (I/O conversion)';
COMMENT ON CAST (dossier.procedure_code AS text) IS 'canonical text of a procedure code (I/O conversion)';
COMMENT ON CAST (varchar AS dossier.procedure_code) IS 'parse a procedure code from varchar (I/O conversion)';
COMMENT ON CAST (dossier.procedure_code AS varchar) IS 'canonical text of a procedure code as varchar (I/O conversion)';

CREATE FUNCTION dossier.national_code(dossier.procedure_code) RETURNS dossier.procedure_code
  AS 'MODULE_PATHNAME', 'procedure_code_national'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.national_code(dossier.procedure_code) IS
  'the national code, i.e. the first 8 characters (1.000656.000.00.00.H56 gives 1.000656); a national code gives itself';
CREATE FUNCTION dossier.local_suffix(dossier.procedure_code) RETURNS text
  AS 'MODULE_PATHNAME', 'procedure_code_suffix'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.local_suffix(dossier.procedure_code) IS
  'the local suffix after the national code and its dot (1.000656.000.00.00.H56 gives 000.00.00.H56); NULL for a national code';
CREATE FUNCTION dossier.is_local(dossier.procedure_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'procedure_code_is_local_bool'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.is_local(dossier.procedure_code) IS
  'true for a local variant (with a suffix), false for a national code';
-- agency_code: agency electronic ID (mã định danh điện tử), Decision
-- 20/2020/QĐ-TTg amended by 09/2025/QĐ-TTg.  Stored as a varlena of the
-- canonical modern text (H56.22.17); the legacy reversed form of QCVN
-- 102:2016 (000.17.22.H56) is accepted on input.  Ordered by bytes, so a
-- subtree is a btree key range, which the planner support functions of <@
-- and @> use (docs/reference/identifiers/agency_code.md).

CREATE TYPE dossier.agency_code;

CREATE FUNCTION dossier.agency_code_in(cstring) RETURNS dossier.agency_code
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.agency_code_out(dossier.agency_code) RETURNS cstring
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.agency_code_recv(internal) RETURNS dossier.agency_code
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.agency_code_send(dossier.agency_code) RETURNS bytea
  AS 'MODULE_PATHNAME', 'bytes_ident_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE dossier.agency_code (
  INPUT = dossier.agency_code_in,
  OUTPUT = dossier.agency_code_out,
  RECEIVE = dossier.agency_code_recv,
  SEND = dossier.agency_code_send,
  INTERNALLENGTH = VARIABLE,
  ALIGNMENT = int4,
  STORAGE = extended
);
COMMENT ON TYPE dossier.agency_code IS
  'agency electronic ID (mã định danh điện tử), Decision 20/2020/QĐ-TTg: level-1 code MXX and dot-separated groups, stored in the modern form (H56.22.17); the legacy form 000.17.22.H56 is accepted on input';

COMMENT ON FUNCTION dossier.agency_code_in(cstring) IS 'text input of agency_code: modern or legacy form, case folded';
COMMENT ON FUNCTION dossier.agency_code_out(dossier.agency_code) IS 'text output of agency_code: the modern form';
COMMENT ON FUNCTION dossier.agency_code_recv(internal) IS 'binary input of agency_code: the canonical modern text, checked';
COMMENT ON FUNCTION dossier.agency_code_send(dossier.agency_code) IS 'binary output of agency_code: the canonical modern text';

-- comparison: byte order (memcmp, then length)
CREATE FUNCTION dossier.agency_code_cmp(dossier.agency_code, dossier.agency_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'bytes_ident_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.agency_code_eq(dossier.agency_code, dossier.agency_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.agency_code_ne(dossier.agency_code, dossier.agency_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.agency_code_lt(dossier.agency_code, dossier.agency_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.agency_code_le(dossier.agency_code, dossier.agency_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.agency_code_gt(dossier.agency_code, dossier.agency_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.agency_code_ge(dossier.agency_code, dossier.agency_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.agency_code_hash(dossier.agency_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'bytes_ident_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.agency_code_hash_extended(dossier.agency_code, int8) RETURNS int8
  AS 'MODULE_PATHNAME', 'bytes_ident_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.agency_code_sortsupport(internal) RETURNS void
  AS 'MODULE_PATHNAME', 'bytes_ident_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION dossier.agency_code_cmp(dossier.agency_code, dossier.agency_code) IS 'btree comparison of agency_code: byte order';
COMMENT ON FUNCTION dossier.agency_code_eq(dossier.agency_code, dossier.agency_code) IS 'implementation of = for agency_code';
COMMENT ON FUNCTION dossier.agency_code_ne(dossier.agency_code, dossier.agency_code) IS 'implementation of <> for agency_code';
COMMENT ON FUNCTION dossier.agency_code_lt(dossier.agency_code, dossier.agency_code) IS 'implementation of < for agency_code';
COMMENT ON FUNCTION dossier.agency_code_le(dossier.agency_code, dossier.agency_code) IS 'implementation of <= for agency_code';
COMMENT ON FUNCTION dossier.agency_code_gt(dossier.agency_code, dossier.agency_code) IS 'implementation of > for agency_code';
COMMENT ON FUNCTION dossier.agency_code_ge(dossier.agency_code, dossier.agency_code) IS 'implementation of >= for agency_code';
COMMENT ON FUNCTION dossier.agency_code_hash(dossier.agency_code) IS 'hash of agency_code bytes';
COMMENT ON FUNCTION dossier.agency_code_hash_extended(dossier.agency_code, int8) IS 'seeded 64-bit hash of agency_code bytes';
COMMENT ON FUNCTION dossier.agency_code_sortsupport(internal) IS 'sort support for agency_code';

CREATE OPERATOR dossier.= (
  LEFTARG = dossier.agency_code, RIGHTARG = dossier.agency_code,
  FUNCTION = dossier.agency_code_eq, COMMUTATOR = OPERATOR(dossier.=),
  NEGATOR = OPERATOR(dossier.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
  HASHES, MERGES);
CREATE OPERATOR dossier.<> (
  LEFTARG = dossier.agency_code, RIGHTARG = dossier.agency_code,
  FUNCTION = dossier.agency_code_ne, COMMUTATOR = OPERATOR(dossier.<>),
  NEGATOR = OPERATOR(dossier.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR dossier.< (
  LEFTARG = dossier.agency_code, RIGHTARG = dossier.agency_code,
  FUNCTION = dossier.agency_code_lt, COMMUTATOR = OPERATOR(dossier.>),
  NEGATOR = OPERATOR(dossier.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR dossier.<= (
  LEFTARG = dossier.agency_code, RIGHTARG = dossier.agency_code,
  FUNCTION = dossier.agency_code_le, COMMUTATOR = OPERATOR(dossier.>=),
  NEGATOR = OPERATOR(dossier.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR dossier.> (
  LEFTARG = dossier.agency_code, RIGHTARG = dossier.agency_code,
  FUNCTION = dossier.agency_code_gt, COMMUTATOR = OPERATOR(dossier.<),
  NEGATOR = OPERATOR(dossier.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR dossier.>= (
  LEFTARG = dossier.agency_code, RIGHTARG = dossier.agency_code,
  FUNCTION = dossier.agency_code_ge, COMMUTATOR = OPERATOR(dossier.<=),
  NEGATOR = OPERATOR(dossier.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

COMMENT ON OPERATOR dossier.= (dossier.agency_code, dossier.agency_code) IS 'equal: the same canonical code';
COMMENT ON OPERATOR dossier.<> (dossier.agency_code, dossier.agency_code) IS 'not equal';
COMMENT ON OPERATOR dossier.< (dossier.agency_code, dossier.agency_code) IS 'less than, in byte order';
COMMENT ON OPERATOR dossier.<= (dossier.agency_code, dossier.agency_code) IS 'less than or equal, in byte order';
COMMENT ON OPERATOR dossier.> (dossier.agency_code, dossier.agency_code) IS 'greater than, in byte order';
COMMENT ON OPERATOR dossier.>= (dossier.agency_code, dossier.agency_code) IS 'greater than or equal, in byte order';

-- btequalimage: equality is byte equality, so btree deduplication is safe
CREATE OPERATOR CLASS dossier.agency_code_ops
  DEFAULT FOR TYPE dossier.agency_code USING btree AS
    OPERATOR 1 dossier.<,
    OPERATOR 2 dossier.<=,
    OPERATOR 3 dossier.=,
    OPERATOR 4 dossier.>=,
    OPERATOR 5 dossier.>,
    FUNCTION 1 dossier.agency_code_cmp(dossier.agency_code, dossier.agency_code),
    FUNCTION 2 dossier.agency_code_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS dossier.agency_code_hash_ops
  DEFAULT FOR TYPE dossier.agency_code USING hash AS
    OPERATOR 1 dossier.=,
    FUNCTION 1 dossier.agency_code_hash(dossier.agency_code),
    FUNCTION 2 dossier.agency_code_hash_extended(dossier.agency_code, int8);
COMMENT ON OPERATOR CLASS dossier.agency_code_ops USING btree IS
  'byte order of agency codes; a subtree is the key range [X, X || ''/''), used by <@ and @>';
COMMENT ON OPERATOR CLASS dossier.agency_code_hash_ops USING hash IS
  'hash of agency code bytes';

-- hierarchy: <@ "is under" (like ltree), @> "contains"
CREATE FUNCTION dossier.agency_code_is_under_support(internal) RETURNS internal
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.agency_code_contains_support(internal) RETURNS internal
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.agency_code_subtree_sel(internal, oid, internal, int4) RETURNS float8
  AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.agency_code_subtree_max(dossier.agency_code) RETURNS dossier.agency_code
  AS 'MODULE_PATHNAME', 'agency_code_subtree_max_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.agency_code_is_under(dossier.agency_code, dossier.agency_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'agency_code_is_under_sql'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
  SUPPORT dossier.agency_code_is_under_support;
CREATE FUNCTION dossier.agency_code_contains(dossier.agency_code, dossier.agency_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'agency_code_contains_sql'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
  SUPPORT dossier.agency_code_contains_support;

COMMENT ON FUNCTION dossier.agency_code_is_under_support(internal) IS
  'planner support of <@: turns col <@ X into the btree range col >= X AND col <= agency_code_subtree_max(X)';
COMMENT ON FUNCTION dossier.agency_code_contains_support(internal) IS
  'planner support of @>: turns X @> col into the btree range col >= X AND col <= agency_code_subtree_max(X)';
COMMENT ON FUNCTION dossier.agency_code_subtree_sel(internal, oid, internal, int4) IS
  'restriction selectivity of <@ and @>, from the column''s MCVs and histogram';
COMMENT ON FUNCTION dossier.agency_code_subtree_max(dossier.agency_code) IS
  'greatest valid code under a code (the code followed by .ZZZ groups up to 35 characters): the top of its subtree''s key range, used by the planner';
COMMENT ON FUNCTION dossier.agency_code_is_under(dossier.agency_code, dossier.agency_code) IS
  'implementation of <@: true when the first code is the second or one of its descendants';
COMMENT ON FUNCTION dossier.agency_code_contains(dossier.agency_code, dossier.agency_code) IS
  'implementation of @>: true when the second code is the first or one of its descendants';

CREATE OPERATOR dossier.<@ (
  LEFTARG = dossier.agency_code, RIGHTARG = dossier.agency_code,
  FUNCTION = dossier.agency_code_is_under, COMMUTATOR = OPERATOR(dossier.@>),
  RESTRICT = dossier.agency_code_subtree_sel, JOIN = contjoinsel);
CREATE OPERATOR dossier.@> (
  LEFTARG = dossier.agency_code, RIGHTARG = dossier.agency_code,
  FUNCTION = dossier.agency_code_contains, COMMUTATOR = OPERATOR(dossier.<@),
  RESTRICT = dossier.agency_code_subtree_sel, JOIN = contjoinsel);
COMMENT ON OPERATOR dossier.<@ (dossier.agency_code, dossier.agency_code) IS
  'is under: the left code is the right one or one of its descendants (a btree range scan)';
COMMENT ON OPERATOR dossier.@> (dossier.agency_code, dossier.agency_code) IS
  'contains: the right code is the left one or one of its descendants (a btree range scan)';

-- Casts: text forms are I/O conversions; assignment casts let a portal insert
-- text into an agency_code column (as citext does).
CREATE CAST (text AS dossier.agency_code) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.agency_code AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS dossier.agency_code) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.agency_code AS varchar) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS dossier.agency_code) IS 'parse either form, as the input function does';
COMMENT ON CAST (dossier.agency_code AS text) IS 'the canonical modern form';
COMMENT ON CAST (varchar AS dossier.agency_code) IS 'parse either form, as the input function does';
COMMENT ON CAST (dossier.agency_code AS varchar) IS 'the canonical modern form';

-- accessors
CREATE FUNCTION dossier.parent(dossier.agency_code) RETURNS dossier.agency_code
  AS 'MODULE_PATHNAME', 'agency_code_parent'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.parent(dossier.agency_code) IS
  'the code one level up (H56.22 for H56.22.17); NULL for a level-1 code';
CREATE FUNCTION dossier.level(dossier.agency_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'agency_code_level'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.level(dossier.agency_code) IS
  'number of levels of the code: 1 for H56, 3 for H56.22.17';
CREATE FUNCTION dossier.ancestor(dossier.agency_code, level int4) RETURNS dossier.agency_code
  AS 'MODULE_PATHNAME', 'agency_code_ancestor'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.ancestor(dossier.agency_code, int4) IS
  'the ancestor at the given level (1 = level-1 code, the code itself at its own level); NULL when deeper than the code; error 22023 below 1';
CREATE FUNCTION dossier.legacy_form(dossier.agency_code) RETURNS text
  AS 'MODULE_PATHNAME', 'agency_code_legacy_text'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.legacy_form(dossier.agency_code) IS
  'the legacy QCVN 102:2016 form LLL.KK.JJ.MXX (000.17.22.H56 for H56.22.17), a 2-character level-4 group padded with a leading 0; error 22023 when the code does not fit';
-- dossier_code: the dossier code (mã hồ sơ) {agency ID}-{YYMMDD}-{sequence},
-- e.g. 000.17.22.H56-210531-0001, or ...-YYMMDD-AB0001 in the centralised
-- systems of Circular 04/2025.  Stored as a varlena of the canonical text,
-- the agency part kept as written.  Also the allocator next_dossier_code and
-- its counter table (docs/reference/identifiers/dossier_code.md).

CREATE TYPE dossier.dossier_code;

CREATE FUNCTION dossier.dossier_code_in(cstring) RETURNS dossier.dossier_code
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.dossier_code_out(dossier.dossier_code) RETURNS cstring
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.dossier_code_recv(internal) RETURNS dossier.dossier_code
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.dossier_code_send(dossier.dossier_code) RETURNS bytea
  AS 'MODULE_PATHNAME', 'bytes_ident_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE dossier.dossier_code (
  INPUT = dossier.dossier_code_in,
  OUTPUT = dossier.dossier_code_out,
  RECEIVE = dossier.dossier_code_recv,
  SEND = dossier.dossier_code_send,
  INTERNALLENGTH = VARIABLE,
  ALIGNMENT = int4,
  STORAGE = extended
);
COMMENT ON TYPE dossier.dossier_code IS
  'dossier code (mã hồ sơ) agency-YYMMDD-sequence printed on the receipt slip, e.g. 000.17.22.H56-210531-0001; the agency part is kept as written';

COMMENT ON FUNCTION dossier.dossier_code_in(cstring) IS 'text input of dossier_code: trimmed, letters folded to upper case';
COMMENT ON FUNCTION dossier.dossier_code_out(dossier.dossier_code) IS 'text output of dossier_code: the canonical text';
COMMENT ON FUNCTION dossier.dossier_code_recv(internal) IS 'binary input of dossier_code: the canonical text, checked';
COMMENT ON FUNCTION dossier.dossier_code_send(dossier.dossier_code) IS 'binary output of dossier_code: the canonical text';

-- comparison: agency part bytes, date, sequence by value (digits before AA)
CREATE FUNCTION dossier.dossier_code_cmp(dossier.dossier_code, dossier.dossier_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'dossier_code_cmp_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_code_eq(dossier.dossier_code, dossier.dossier_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_code_ne(dossier.dossier_code, dossier.dossier_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'bytes_ident_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_code_lt(dossier.dossier_code, dossier.dossier_code) RETURNS bool
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_code_le(dossier.dossier_code, dossier.dossier_code) RETURNS bool
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_code_gt(dossier.dossier_code, dossier.dossier_code) RETURNS bool
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_code_ge(dossier.dossier_code, dossier.dossier_code) RETURNS bool
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_code_hash(dossier.dossier_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'bytes_ident_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_code_hash_extended(dossier.dossier_code, int8) RETURNS int8
  AS 'MODULE_PATHNAME', 'bytes_ident_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_code_sortsupport(internal) RETURNS void
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION dossier.dossier_code_cmp(dossier.dossier_code, dossier.dossier_code) IS
  'btree comparison of dossier_code: agency part bytes, then date, then sequence by value (digit sequences before AAXXXX ones)';
COMMENT ON FUNCTION dossier.dossier_code_eq(dossier.dossier_code, dossier.dossier_code) IS 'implementation of = for dossier_code: the same bytes';
COMMENT ON FUNCTION dossier.dossier_code_ne(dossier.dossier_code, dossier.dossier_code) IS 'implementation of <> for dossier_code';
COMMENT ON FUNCTION dossier.dossier_code_lt(dossier.dossier_code, dossier.dossier_code) IS 'implementation of < for dossier_code';
COMMENT ON FUNCTION dossier.dossier_code_le(dossier.dossier_code, dossier.dossier_code) IS 'implementation of <= for dossier_code';
COMMENT ON FUNCTION dossier.dossier_code_gt(dossier.dossier_code, dossier.dossier_code) IS 'implementation of > for dossier_code';
COMMENT ON FUNCTION dossier.dossier_code_ge(dossier.dossier_code, dossier.dossier_code) IS 'implementation of >= for dossier_code';
COMMENT ON FUNCTION dossier.dossier_code_hash(dossier.dossier_code) IS 'hash of dossier_code bytes';
COMMENT ON FUNCTION dossier.dossier_code_hash_extended(dossier.dossier_code, int8) IS 'seeded 64-bit hash of dossier_code bytes';
COMMENT ON FUNCTION dossier.dossier_code_sortsupport(internal) IS 'sort support for dossier_code';

CREATE OPERATOR dossier.= (
  LEFTARG = dossier.dossier_code, RIGHTARG = dossier.dossier_code,
  FUNCTION = dossier.dossier_code_eq, COMMUTATOR = OPERATOR(dossier.=),
  NEGATOR = OPERATOR(dossier.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
  HASHES, MERGES);
CREATE OPERATOR dossier.<> (
  LEFTARG = dossier.dossier_code, RIGHTARG = dossier.dossier_code,
  FUNCTION = dossier.dossier_code_ne, COMMUTATOR = OPERATOR(dossier.<>),
  NEGATOR = OPERATOR(dossier.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR dossier.< (
  LEFTARG = dossier.dossier_code, RIGHTARG = dossier.dossier_code,
  FUNCTION = dossier.dossier_code_lt, COMMUTATOR = OPERATOR(dossier.>),
  NEGATOR = OPERATOR(dossier.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR dossier.<= (
  LEFTARG = dossier.dossier_code, RIGHTARG = dossier.dossier_code,
  FUNCTION = dossier.dossier_code_le, COMMUTATOR = OPERATOR(dossier.>=),
  NEGATOR = OPERATOR(dossier.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR dossier.> (
  LEFTARG = dossier.dossier_code, RIGHTARG = dossier.dossier_code,
  FUNCTION = dossier.dossier_code_gt, COMMUTATOR = OPERATOR(dossier.<),
  NEGATOR = OPERATOR(dossier.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR dossier.>= (
  LEFTARG = dossier.dossier_code, RIGHTARG = dossier.dossier_code,
  FUNCTION = dossier.dossier_code_ge, COMMUTATOR = OPERATOR(dossier.<=),
  NEGATOR = OPERATOR(dossier.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

COMMENT ON OPERATOR dossier.= (dossier.dossier_code, dossier.dossier_code) IS 'equal: the same canonical text';
COMMENT ON OPERATOR dossier.<> (dossier.dossier_code, dossier.dossier_code) IS 'not equal';
COMMENT ON OPERATOR dossier.< (dossier.dossier_code, dossier.dossier_code) IS 'less than: agency part, date, sequence by value';
COMMENT ON OPERATOR dossier.<= (dossier.dossier_code, dossier.dossier_code) IS 'less than or equal: agency part, date, sequence by value';
COMMENT ON OPERATOR dossier.> (dossier.dossier_code, dossier.dossier_code) IS 'greater than: agency part, date, sequence by value';
COMMENT ON OPERATOR dossier.>= (dossier.dossier_code, dossier.dossier_code) IS 'greater than or equal: agency part, date, sequence by value';

-- btequalimage: equality is byte equality, so btree deduplication is safe
CREATE OPERATOR CLASS dossier.dossier_code_ops
  DEFAULT FOR TYPE dossier.dossier_code USING btree AS
    OPERATOR 1 dossier.<,
    OPERATOR 2 dossier.<=,
    OPERATOR 3 dossier.=,
    OPERATOR 4 dossier.>=,
    OPERATOR 5 dossier.>,
    FUNCTION 1 dossier.dossier_code_cmp(dossier.dossier_code, dossier.dossier_code),
    FUNCTION 2 dossier.dossier_code_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS dossier.dossier_code_hash_ops
  DEFAULT FOR TYPE dossier.dossier_code USING hash AS
    OPERATOR 1 dossier.=,
    FUNCTION 1 dossier.dossier_code_hash(dossier.dossier_code),
    FUNCTION 2 dossier.dossier_code_hash_extended(dossier.dossier_code, int8);
COMMENT ON OPERATOR CLASS dossier.dossier_code_ops USING btree IS
  'dossier codes by agency part bytes, reception date, then sequence by value';
COMMENT ON OPERATOR CLASS dossier.dossier_code_hash_ops USING hash IS
  'hash of dossier code bytes';

CREATE CAST (text AS dossier.dossier_code) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.dossier_code AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS dossier.dossier_code) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.dossier_code AS varchar) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS dossier.dossier_code) IS 'parse a dossier code, as the input function does';
COMMENT ON CAST (dossier.dossier_code AS text) IS 'the canonical text';
COMMENT ON CAST (varchar AS dossier.dossier_code) IS 'parse a dossier code, as the input function does';
COMMENT ON CAST (dossier.dossier_code AS varchar) IS 'the canonical text';

-- accessors and constructor
CREATE FUNCTION dossier.agency(dossier.dossier_code) RETURNS dossier.agency_code
  AS 'MODULE_PATHNAME', 'dossier_code_agency'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.agency(dossier.dossier_code) IS
  'the receiving agency, normalised to the modern form (H56.22.17 for 000.17.22.H56-210531-0001)';
CREATE FUNCTION dossier.reception_date(dossier.dossier_code) RETURNS date
  AS 'MODULE_PATHNAME', 'dossier_code_reception_date'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.reception_date(dossier.dossier_code) IS
  'the reception date YYMMDD of the code, as a date in 2000-2099';
CREATE FUNCTION dossier.sequence(dossier.dossier_code) RETURNS int8
  AS 'MODULE_PATHNAME', 'dossier_code_sequence'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.sequence(dossier.dossier_code) IS
  'the number of the sequence: 1 for 0001, 1 for AB0001 (the digits after the two letters)';
CREATE FUNCTION dossier.make_dossier_code(agency dossier.agency_code, day date, seq int8,
                                          legacy bool DEFAULT true)
  RETURNS dossier.dossier_code
  AS 'MODULE_PATHNAME', 'dossier_code_make_sql'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.make_dossier_code(dossier.agency_code, date, int8, bool) IS
  'the code of dossier seq received by agency on day; legacy writes the agency in the legacy form when that form names exactly the same agency; errors 22008 (day outside 2000-2099) and 22003 (seq outside 1 .. 10^18-1)';

-- The allocator.  One row per agency and reception day holds the last number
-- handed out.  Locking rule: the INSERT ... ON CONFLICT DO UPDATE of
-- next_dossier_code takes the row lock of (agency, day) and keeps it until
-- the transaction ends, so allocations for one agency and day are serialised
-- and a rolled-back number is handed out again; other agencies and days are
-- not blocked.
CREATE TABLE dossier.dossier_code_counter (
  agency dossier.agency_code NOT NULL,
  day date NOT NULL,
  last_value int8 NOT NULL CHECK (last_value BETWEEN 1 AND 999999999999999999),
  PRIMARY KEY (agency, day)
);
COMMENT ON TABLE dossier.dossier_code_counter IS
  'last dossier sequence handed out by dossier.next_dossier_code, per agency (modern form) and reception day';
COMMENT ON COLUMN dossier.dossier_code_counter.agency IS 'receiving agency, modern form';
COMMENT ON COLUMN dossier.dossier_code_counter.day IS 'reception day (Vietnam time)';
COMMENT ON COLUMN dossier.dossier_code_counter.last_value IS 'last sequence handed out; the next is last_value + 1';
SELECT pg_catalog.pg_extension_config_dump('dossier.dossier_code_counter', '');

-- Parameters are always written next_dossier_code.agency/.day; unqualified
-- agency and day are the counter's columns (variable_conflict use_column).
CREATE FUNCTION dossier.next_dossier_code(
    agency dossier.agency_code,
    day date DEFAULT (pg_catalog.now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
  RETURNS dossier.dossier_code
  LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  seq int8;
BEGIN
  IF next_dossier_code.agency IS NULL THEN
    RAISE EXCEPTION 'agency of a new dossier code must not be null'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'Dossier codes are numbered per receiving agency and reception day, so both are needed.',
            HINT = 'Pass the code of the receiving agency, e.g. dossier.next_dossier_code(''H56.22.17'').';
  END IF;
  IF next_dossier_code.day IS NULL THEN
    RAISE EXCEPTION 'reception day of a new dossier code must not be null'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'Dossier codes are numbered per receiving agency and reception day, so both are needed.',
            HINT = 'Omit the day to use today in Vietnam time (Asia/Ho_Chi_Minh).';
  END IF;
  -- a day a code cannot carry fails here (22008), before anything is counted
  PERFORM dossier.make_dossier_code(next_dossier_code.agency, next_dossier_code.day, 1);

  INSERT INTO dossier.dossier_code_counter (agency, day, last_value)
  VALUES (next_dossier_code.agency, next_dossier_code.day, 1)
  ON CONFLICT (agency, day) DO UPDATE
    SET last_value = dossier_code_counter.last_value + 1
    WHERE dossier_code_counter.last_value < 999999999999999999
  RETURNING dossier_code_counter.last_value INTO seq;

  IF seq IS NULL THEN
    RAISE EXCEPTION 'no dossier sequence left for agency % on %',
                    next_dossier_code.agency, to_char(next_dossier_code.day, 'YYYY-MM-DD')
      USING ERRCODE = 'sequence_generator_limit_exceeded',
            DETAIL = 'The sequence of a dossier code has at most 18 digits and 999999999999999999 has been handed out.',
            HINT = 'Check dossier.dossier_code_counter for a corrupted last_value.';
  END IF;
  RETURN dossier.make_dossier_code(next_dossier_code.agency, next_dossier_code.day, seq, true);
END
$$;
COMMENT ON FUNCTION dossier.next_dossier_code(dossier.agency_code, date) IS
  'allocate the next dossier code of an agency for a reception day (today in Vietnam time by default): numbers of committed codes never repeat and have no gaps; waits for a concurrent allocation of the same agency and day; errors 22004 (null argument), 22008 (day outside 2000-2099), 2200H (sequence exhausted)';
-- Reference catalogue: administrative units (đơn vị hành chính) before and
-- after the 1 July 2025 reorganisation, and how old units went into new ones.
-- Filled by dossier.load_admin_units() (61_admin_unit_loader.sql) from the
-- files installed under $(pg_config --sharedir)/dossier/admin-units/.
-- See docs/reference/catalogue/catalogue.md.

CREATE TYPE dossier.admin_level AS ENUM ('province', 'district', 'commune');
COMMENT ON TYPE dossier.admin_level IS
  'level of an administrative unit: province (tỉnh, thành phố), district (huyện, quận, thị xã, thành phố; abolished on 2025-07-01), commune (xã, phường, thị trấn, đặc khu)';

CREATE TYPE dossier.succession_coverage AS ENUM ('whole', 'partial');
COMMENT ON TYPE dossier.succession_coverage IS
  'how much of an old unit went into a new one: whole (all of it) or partial (part of its area and/or population; a split unit has one partial row per receiving unit)';

CREATE TABLE dossier.admin_unit (
  code        text NOT NULL,
  name        text NOT NULL,
  short_name  text NOT NULL,
  level       dossier.admin_level NOT NULL,
  parent_code text,
  unit_type   text NOT NULL,
  valid_from  date NOT NULL,
  valid_to    date,
  boundary    geometry(MultiPolygon, 4326),
  note        text,
  source      text,
  PRIMARY KEY (code, valid_from),
  -- lets dossier.agency check that an agency's level is its unit's level
  CONSTRAINT admin_unit_version_level UNIQUE (code, valid_from, level),
  CONSTRAINT admin_unit_code_shape CHECK (
    CASE level
      WHEN 'province' THEN code ~ '^[0-9]{2}$'
      WHEN 'district' THEN code ~ '^[0-9]{3}$'
      WHEN 'commune'  THEN code ~ '^[0-9]{5}$'
    END),
  CONSTRAINT admin_unit_parent_shape CHECK (
    CASE level
      WHEN 'province' THEN parent_code IS NULL
      WHEN 'district' THEN parent_code ~ '^[0-9]{2}$'
      WHEN 'commune'  THEN parent_code ~ '^[0-9]{2,3}$'
    END),
  CONSTRAINT admin_unit_validity CHECK (valid_to > valid_from),
  CONSTRAINT admin_unit_names CHECK (name <> '' AND short_name <> '' AND unit_type <> '')
);
COMMENT ON TABLE dossier.admin_unit IS
  'administrative units (đơn vị hành chính), one row per version: a unit whose name, type or parent changes gets a new row with the same code and a later valid_from; versions of one code never overlap';
COMMENT ON COLUMN dossier.admin_unit.code IS
  'GSO/NSO code, a string with leading zeros: 2 digits for a province, 3 for a district, 5 for a commune; since 2025-07-01 a new commune reuses the code of one of the old communes it absorbed';
COMMENT ON COLUMN dossier.admin_unit.name IS
  'full official name including the unit word, e.g. Phường Ba Đình, Tỉnh Cao Bằng';
COMMENT ON COLUMN dossier.admin_unit.short_name IS
  'name without the unit word, e.g. Ba Đình, Cao Bằng';
COMMENT ON COLUMN dossier.admin_unit.level IS
  'province, district or commune; the district level exists only before 2025-07-01';
COMMENT ON COLUMN dossier.admin_unit.parent_code IS
  'code of the enclosing unit in force at the same time: the province of a district or of a post-2025 commune, the district of a pre-2025 commune; NULL for a province';
COMMENT ON COLUMN dossier.admin_unit.unit_type IS
  'unit word in lower case: thành phố trực thuộc trung ương, thành phố, tỉnh, quận, huyện, thị xã, xã, phường, thị trấn, đặc khu';
COMMENT ON COLUMN dossier.admin_unit.valid_from IS
  'first day the version is in force; -infinity for the pre-2025 list, whose units'' start dates are not in the data';
COMMENT ON COLUMN dossier.admin_unit.valid_to IS
  'first day the version is no longer in force (exclusive end); NULL while it is still in force';
COMMENT ON COLUMN dossier.admin_unit.boundary IS
  'simplified boundary (WGS 84, about 22 m tolerance); only post-2025 units have one, NULL when loaded without boundaries';
COMMENT ON COLUMN dossier.admin_unit.note IS
  'remarks carried from the reference data, e.g. why a unit is special';
COMMENT ON COLUMN dossier.admin_unit.source IS
  'reference file the loader took the row from; NULL for rows added by users, which the loader never deletes';

CREATE INDEX admin_unit_parent_idx ON dossier.admin_unit (parent_code, valid_from);
CREATE INDEX admin_unit_boundary_idx ON dossier.admin_unit USING gist (boundary);

SELECT pg_catalog.pg_extension_config_dump('dossier.admin_unit', '');

-- Versions of one code must not overlap.  Checked once per statement, after
-- it, so that a statement may close one version and open the next.
CREATE FUNCTION dossier.admin_unit_check_overlap() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off AS $$
DECLARE
  r record;
BEGIN
  SELECT a.code, a.valid_from AS a_from, a.valid_to AS a_to,
         b.valid_from AS b_from, b.valid_to AS b_to
    INTO r
    FROM changed c
    JOIN dossier.admin_unit a
      ON a.code OPERATOR(pg_catalog.=) c.code
     AND a.valid_from OPERATOR(pg_catalog.=) c.valid_from
    JOIN dossier.admin_unit b
      ON b.code OPERATOR(pg_catalog.=) a.code
     AND b.valid_from OPERATOR(pg_catalog.<>) a.valid_from
     AND b.valid_from OPERATOR(pg_catalog.<) COALESCE(a.valid_to, 'infinity'::date)
     AND a.valid_from OPERATOR(pg_catalog.<) COALESCE(b.valid_to, 'infinity'::date)
   ORDER BY a.code, a.valid_from, b.valid_from;
  IF FOUND THEN
    RAISE EXCEPTION 'versions of administrative unit "%" overlap', r.code
      USING ERRCODE = 'exclusion_violation',
            DETAIL = pg_catalog.format('One version is in force from %s %s, another from %s %s.',
                                       r.a_from, COALESCE('until ' OPERATOR(pg_catalog.||) r.a_to, 'with no end'),
                                       r.b_from, COALESCE('until ' OPERATOR(pg_catalog.||) r.b_to, 'with no end')),
            HINT = 'Close the earlier version (set valid_to to the later version''s valid_from) in the same statement or before adding the later one.';
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION dossier.admin_unit_check_overlap() IS
  'statement trigger: refuses overlapping versions of one administrative unit code';

CREATE TRIGGER admin_unit_no_overlap_ins AFTER INSERT ON dossier.admin_unit
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.admin_unit_check_overlap();
CREATE TRIGGER admin_unit_no_overlap_upd AFTER UPDATE ON dossier.admin_unit
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.admin_unit_check_overlap();

CREATE TABLE dossier.admin_unit_succession (
  old_level         dossier.admin_level NOT NULL,
  old_province_code text NOT NULL,
  old_district_code text,
  old_commune_code  text,
  new_province_code text NOT NULL,
  new_commune_code  text,
  old_code          text NOT NULL
    GENERATED ALWAYS AS (COALESCE(old_commune_code, old_district_code, old_province_code)) STORED,
  new_code          text NOT NULL
    GENERATED ALWAYS AS (COALESCE(new_commune_code, new_province_code)) STORED,
  coverage          dossier.succession_coverage NOT NULL,
  effective         date NOT NULL,
  old_name          text,
  new_name          text,
  note              text,
  source            text,
  PRIMARY KEY (old_code, new_code, effective),
  CONSTRAINT admin_unit_succession_shape CHECK (
    old_province_code ~ '^[0-9]{2}$' AND new_province_code ~ '^[0-9]{2}$'
    AND (old_district_code IS NULL OR old_district_code ~ '^[0-9]{3}$')
    AND (old_commune_code IS NULL OR old_commune_code ~ '^[0-9]{5}$')
    AND (new_commune_code IS NULL OR new_commune_code ~ '^[0-9]{5}$')
    AND CASE old_level
          WHEN 'province' THEN old_district_code IS NULL AND old_commune_code IS NULL
                               AND new_commune_code IS NULL
          WHEN 'district' THEN old_district_code IS NOT NULL AND old_commune_code IS NULL
                               AND new_commune_code IS NOT NULL
          WHEN 'commune'  THEN old_district_code IS NOT NULL AND old_commune_code IS NOT NULL
                               AND new_commune_code IS NOT NULL
        END)
);
COMMENT ON TABLE dossier.admin_unit_succession IS
  'which new units the units of an earlier list went into (for the 2025 reorganisation: 63 provinces into 34, old communes into 3,321 new ones); a split unit has one row per receiving unit';
COMMENT ON COLUMN dossier.admin_unit_succession.old_level IS
  'level of the old unit: province, commune, or district for the 5 island districts without communes that became đặc khu';
COMMENT ON COLUMN dossier.admin_unit_succession.old_province_code IS 'province of the old unit, in the old list';
COMMENT ON COLUMN dossier.admin_unit_succession.old_district_code IS 'district of the old unit, in the old list; NULL for a province';
COMMENT ON COLUMN dossier.admin_unit_succession.old_commune_code IS 'the old commune; NULL for a province or an island district';
COMMENT ON COLUMN dossier.admin_unit_succession.new_province_code IS 'province of the new unit, in the new list';
COMMENT ON COLUMN dossier.admin_unit_succession.new_commune_code IS 'the new commune; NULL for a province';
COMMENT ON COLUMN dossier.admin_unit_succession.old_code IS 'code of the old unit (generated: commune, else district, else province)';
COMMENT ON COLUMN dossier.admin_unit_succession.new_code IS 'code of the new unit (generated: commune, else province)';
COMMENT ON COLUMN dossier.admin_unit_succession.coverage IS
  'whole: all of the old unit went into the new one; partial: only part of its area and/or population did (the source gives no shares)';
COMMENT ON COLUMN dossier.admin_unit_succession.effective IS
  'day the succession took effect: valid_to of the old unit and valid_from of the new one';
COMMENT ON COLUMN dossier.admin_unit_succession.old_name IS 'name of the old unit, for readability';
COMMENT ON COLUMN dossier.admin_unit_succession.new_name IS 'name of the new unit, for readability';
COMMENT ON COLUMN dossier.admin_unit_succession.note IS 'corrections and special cases, with the clause of the resolution that was checked';
COMMENT ON COLUMN dossier.admin_unit_succession.source IS
  'reference file the loader took the row from; NULL for rows added by users';

CREATE INDEX admin_unit_succession_new_idx ON dossier.admin_unit_succession (new_code, effective);

SELECT pg_catalog.pg_extension_config_dump('dossier.admin_unit_succession', '');

CREATE FUNCTION dossier.admin_unit_at(code text, at date DEFAULT CURRENT_DATE)
RETURNS dossier.admin_unit
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT u.*
    FROM dossier.admin_unit u
   WHERE u.code OPERATOR(pg_catalog.=) $1
     AND u.valid_from OPERATOR(pg_catalog.<=) $2
     AND (u.valid_to IS NULL OR u.valid_to OPERATOR(pg_catalog.>) $2)
$$;
COMMENT ON FUNCTION dossier.admin_unit_at(text, date) IS
  'the version of an administrative unit in force on a date (default today), or NULL if the code was not in force then';

CREATE FUNCTION dossier.successors(old_code text)
RETURNS TABLE (code text, name text, level dossier.admin_level,
               coverage dossier.succession_coverage, effective date, note text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  -- a unit named in the succession table: its own rows
  SELECT s.new_code, COALESCE(u.name, s.new_name),
         CASE WHEN s.new_commune_code IS NULL THEN 'province' ELSE 'commune' END::dossier.admin_level,
         s.coverage, s.effective, s.note
    FROM dossier.admin_unit_succession s
    LEFT JOIN dossier.admin_unit u
      ON u.code OPERATOR(pg_catalog.=) s.new_code
     AND u.valid_from OPERATOR(pg_catalog.<=) s.effective
     AND (u.valid_to IS NULL OR u.valid_to OPERATOR(pg_catalog.>) s.effective)
   WHERE s.old_code OPERATOR(pg_catalog.=) $1
  UNION ALL
  -- an old district: the new communes its communes went into; whole only
  -- when all of its communes went wholly into one single new commune
  SELECT g.new_code, g.name, 'commune'::dossier.admin_level,
         CASE WHEN g.all_whole
                   AND pg_catalog.count(*) OVER (PARTITION BY g.effective) OPERATOR(pg_catalog.=) 1
              THEN 'whole' ELSE 'partial' END::dossier.succession_coverage,
         g.effective, NULL::text
    FROM (SELECT s.new_code, s.effective,
                 COALESCE(pg_catalog.max(u.name), pg_catalog.max(s.new_name)) AS name,
                 pg_catalog.bool_and(s.coverage OPERATOR(pg_catalog.=) 'whole') AS all_whole
            FROM dossier.admin_unit_succession s
            LEFT JOIN dossier.admin_unit u
              ON u.code OPERATOR(pg_catalog.=) s.new_code
             AND u.valid_from OPERATOR(pg_catalog.<=) s.effective
             AND (u.valid_to IS NULL OR u.valid_to OPERATOR(pg_catalog.>) s.effective)
           WHERE s.old_district_code OPERATOR(pg_catalog.=) $1
             AND s.old_level OPERATOR(pg_catalog.=) 'commune'
             AND NOT EXISTS (SELECT 1 FROM dossier.admin_unit_succession d
                              WHERE d.old_code OPERATOR(pg_catalog.=) $1)
           GROUP BY s.new_code, s.effective) g
  ORDER BY 5, 1
$$;
COMMENT ON FUNCTION dossier.successors(text) IS
  'the units an old administrative unit (province, district or commune code) went into, with coverage; for an old district, the new communes its communes went into';
-- dossier.load_admin_units(): fill the catalogue of 60_catalogue.sql from the
-- reference files `make install` puts in $(pg_config --sharedir)/dossier/admin-units/
-- (a copy of data/admin-units/).  Rerunnable: it stages every file in temp
-- tables, computes the rows it wants, and upserts only the rows that differ,
-- so a second run writes nothing.  It never deletes a row a user added.
--
-- SQLSTATEs: 42501 caller is not a superuser; 58P01 a reference file is
-- missing; 22000 the files do not pass validation (nothing is written).

CREATE FUNCTION dossier.load_admin_units(with_boundaries boolean DEFAULT true,
                                         apply_later_changes boolean DEFAULT true)
RETURNS TABLE (item text, rows bigint)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
-- JIT compiling the validation query costs seconds and saves nothing
SET jit = off
-- search_path: set at the end of this file, once PostGIS's schema is known
AS $$
DECLARE
  reorg      CONSTANT date := '2025-07-01';  -- the 2025 reorganisation
  pre_list   CONSTANT date := '2025-03-01';  -- date of the NSO list in units-pre2025.csv
  later_file CONSTANT text := 'changes-after-2025-07-01.csv';
  unit_word  CONSTANT text := '^(Thành phố|Tỉnh|Quận|Huyện|Thị xã|Thị trấn|Phường|Xã|Đặc khu) ';
  dir        text;
  f          text;
  n          bigint;
  r          record;
  msg        text;
  n_units    bigint := 0;
  n_removed  bigint := 0;
  n_succ     bigint := 0;
BEGIN
  -- Only a superuser may read server files and pg_config.
  IF NOT COALESCE((SELECT a.rolsuper FROM pg_catalog.pg_roles a
                    WHERE a.rolname OPERATOR(pg_catalog.=) CURRENT_USER), false) THEN
    RAISE EXCEPTION 'permission denied to load administrative units'
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = pg_catalog.format('The loader reads reference files on the database server, which only a superuser may do; role "%s" is not a superuser.', CURRENT_USER),
            HINT = 'Ask a DBA to run SELECT * FROM dossier.load_admin_units(); as a superuser.';
  END IF;

  SELECT c.setting INTO dir FROM pg_catalog.pg_config c
   WHERE c.name OPERATOR(pg_catalog.=) 'SHAREDIR';
  dir := dir OPERATOR(pg_catalog.||) '/dossier/admin-units/';
  FOREACH f IN ARRAY ARRAY['units-pre2025.csv', 'units-2025.csv', 'mapping-2025.csv',
                           'mapping-provinces-2025.csv', later_file,
                           'provinces-2025.geojson', 'communes-2025.geojsonl'] LOOP
    IF pg_catalog.pg_stat_file(dir OPERATOR(pg_catalog.||) f, true) IS NULL THEN
      RAISE EXCEPTION 'reference file "%" is missing', dir OPERATOR(pg_catalog.||) f
        USING ERRCODE = 'undefined_file',
              DETAIL = 'The loader reads the files that make install copies from data/admin-units/ of the source tree.',
              HINT = 'Run make install for this server (PG_CONFIG pointing at it), then call the loader again.';
    END IF;
  END LOOP;

  -- One loader at a time; readers are not blocked.
  LOCK TABLE dossier.admin_unit, dossier.admin_unit_succession IN SHARE ROW EXCLUSIVE MODE;

  ---------------------------------------------------------------- staging
  CREATE TEMP TABLE dossier_load_stg_pre (code text, name text, level text, parent_code text,
                             type text, note text);
  CREATE TEMP TABLE dossier_load_stg_new (code text, name text, short_name text, level text,
                             parent_code text, type text, note text);
  CREATE TEMP TABLE dossier_load_stg_later (code text, level text, name_2025_07_01 text,
                               name_current text, basis text);
  CREATE TEMP TABLE dossier_load_stg_map (old_province_code text, old_district_code text,
                             old_commune_code text, new_province_code text,
                             new_commune_code text, coverage text, old_name text,
                             new_name text, note text);
  CREATE TEMP TABLE dossier_load_stg_map_prov (old_province_code text, old_name text,
                                  new_province_code text, new_name text);
  CREATE TEMP TABLE dossier_load_stg_geo (code text, name text, geom geometry);
  CREATE TEMP TABLE dossier_load_stg_line (line text);

  EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_pre FROM %L (FORMAT csv, HEADER true, ENCODING ''UTF8'')',
                            dir OPERATOR(pg_catalog.||) 'units-pre2025.csv');
  EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_new FROM %L (FORMAT csv, HEADER true, ENCODING ''UTF8'')',
                            dir OPERATOR(pg_catalog.||) 'units-2025.csv');
  EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_later FROM %L (FORMAT csv, HEADER true, ENCODING ''UTF8'')',
                            dir OPERATOR(pg_catalog.||) later_file);
  EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_map FROM %L (FORMAT csv, HEADER true, ENCODING ''UTF8'')',
                            dir OPERATOR(pg_catalog.||) 'mapping-2025.csv');
  EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_map_prov FROM %L (FORMAT csv, HEADER true, ENCODING ''UTF8'')',
                            dir OPERATOR(pg_catalog.||) 'mapping-provinces-2025.csv');

  IF with_boundaries THEN
    -- provinces: one FeatureCollection
    INSERT INTO pg_temp.dossier_load_stg_geo (code, name, geom)
    SELECT pg_catalog.jsonb_extract_path_text(ft, 'properties', 'code'), pg_catalog.jsonb_extract_path_text(ft, 'properties', 'name'),
           ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(pg_catalog.jsonb_extract_path(ft, 'geometry')::text), 4326))
      FROM pg_catalog.jsonb_array_elements(pg_catalog.jsonb_extract_path(
             pg_catalog.convert_from(
               pg_catalog.pg_read_binary_file(dir OPERATOR(pg_catalog.||) 'provinces-2025.geojson'),
               'UTF8')::jsonb, 'features')) AS ft;
    -- communes: one Feature per line; \x01 and \x02 never occur in the
    -- file, so each whole line arrives as one value
    EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_line FROM %L (FORMAT csv, QUOTE E''\x01'', DELIMITER E''\x02'', ENCODING ''UTF8'')',
                              dir OPERATOR(pg_catalog.||) 'communes-2025.geojsonl');
    INSERT INTO pg_temp.dossier_load_stg_geo (code, name, geom)
    SELECT pg_catalog.jsonb_extract_path_text(ft, 'properties', 'code'), pg_catalog.jsonb_extract_path_text(ft, 'properties', 'name'),
           ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(pg_catalog.jsonb_extract_path(ft, 'geometry')::text), 4326))
      FROM (SELECT l.line::jsonb AS ft FROM pg_temp.dossier_load_stg_line l) s;
  END IF;

  --------------------------------------------------- the rows we want
  CREATE TEMP TABLE dossier_load_want (LIKE dossier.admin_unit);

  -- pre-2025 list: start unknown; the 12 communes absent from the NSO list of
  -- 2025-03-01 (kept only because the mapping names them) ended by then
  INSERT INTO pg_temp.dossier_load_want (code, name, short_name, level, parent_code, unit_type,
                            valid_from, valid_to, boundary, note, source)
  SELECT p.code, p.name, pg_catalog.regexp_replace(p.name, unit_word, ''),
         p.level::dossier.admin_level, p.parent_code, p.type,
         '-infinity'::date,
         CASE WHEN pg_catalog.starts_with(p.note, 'absent from the NSO list') THEN pre_list ELSE reorg END,
         NULL, p.note, 'units-pre2025.csv'
    FROM pg_temp.dossier_load_stg_pre p;

  -- units in force from 2025-07-01
  INSERT INTO pg_temp.dossier_load_want (code, name, short_name, level, parent_code, unit_type,
                            valid_from, valid_to, boundary, note, source)
  SELECT u.code, u.name, u.short_name, u.level::dossier.admin_level, u.parent_code, u.type,
         reorg, NULL, g.geom, u.note, 'units-2025.csv'
    FROM pg_temp.dossier_load_stg_new u
    LEFT JOIN pg_temp.dossier_load_stg_geo g ON g.code OPERATOR(pg_catalog.=) u.code;

  -- loading without boundaries keeps those already loaded
  IF NOT with_boundaries THEN
    UPDATE pg_temp.dossier_load_want w SET boundary = t.boundary
      FROM dossier.admin_unit t
     WHERE t.code OPERATOR(pg_catalog.=) w.code
       AND t.valid_from OPERATOR(pg_catalog.=) w.valid_from;
  END IF;

  -- later changes (vouched for only by the upstream README): close the
  -- 2025 version on the effective day, open a new one with the same code and
  -- geometry
  IF apply_later_changes THEN
    CREATE TEMP TABLE dossier_load_later AS
    SELECT l.code, l.level::dossier.admin_level AS level, l.name_current, l.basis,
           pg_catalog.substring(l.basis, 'effective ([0-9]{4}-[0-9]{2}-[0-9]{2})')::date AS effective,
           pg_catalog.substring(l.name_current, unit_word) AS word
      FROM pg_temp.dossier_load_stg_later l;
    IF EXISTS (SELECT 1 FROM pg_temp.dossier_load_later WHERE effective IS NULL OR word IS NULL) THEN
      RAISE EXCEPTION 'reference file "%" does not pass validation', later_file
        USING ERRCODE = 'data_exception',
              DETAIL = 'Every row needs an "effective YYYY-MM-DD" in basis and a unit word in name_current.',
              HINT = 'Restore the file from data/admin-units/ of the source tree and run make install.';
    END IF;
    INSERT INTO pg_temp.dossier_load_want (code, name, short_name, level, parent_code, unit_type,
                              valid_from, valid_to, boundary, note, source)
    SELECT w.code, l.name_current, pg_catalog.regexp_replace(l.name_current, unit_word, ''),
           w.level, w.parent_code,
           CASE l.word WHEN 'Thành phố' THEN 'thành phố' WHEN 'Tỉnh' THEN 'tỉnh'
                       WHEN 'Phường' THEN 'phường' WHEN 'Xã' THEN 'xã'
                       WHEN 'Đặc khu' THEN 'đặc khu' END,
           l.effective, NULL, w.boundary,
           'changed after 2025-07-01 (' OPERATOR(pg_catalog.||) l.basis
             OPERATOR(pg_catalog.||) '); vouched for only by the upstream README, not checked against the resolution',
           later_file
      FROM pg_temp.dossier_load_later l
      JOIN pg_temp.dossier_load_want w ON w.code OPERATOR(pg_catalog.=) l.code
                         AND w.level OPERATOR(pg_catalog.=) l.level
                         AND w.valid_from OPERATOR(pg_catalog.=) reorg;
    UPDATE pg_temp.dossier_load_want w SET valid_to = l.effective
      FROM pg_temp.dossier_load_later l
     WHERE w.code OPERATOR(pg_catalog.=) l.code AND w.level OPERATOR(pg_catalog.=) l.level
       AND w.valid_from OPERATOR(pg_catalog.=) reorg;
  END IF;

  -- a version a user closed by adding a later version of their own stays closed
  UPDATE pg_temp.dossier_load_want w SET valid_to = t.valid_to
    FROM dossier.admin_unit t
   WHERE w.valid_to IS NULL AND t.valid_to IS NOT NULL
     AND t.code OPERATOR(pg_catalog.=) w.code
     AND t.valid_from OPERATOR(pg_catalog.=) w.valid_from
     AND EXISTS (SELECT 1 FROM dossier.admin_unit v
                  WHERE v.code OPERATOR(pg_catalog.=) t.code
                    AND v.valid_from OPERATOR(pg_catalog.=) t.valid_to
                    AND v.source IS NULL);

  CREATE TEMP TABLE dossier_load_want_succ (LIKE dossier.admin_unit_succession INCLUDING GENERATED);
  INSERT INTO pg_temp.dossier_load_want_succ (old_level, old_province_code, old_district_code,
                                 old_commune_code, new_province_code, new_commune_code,
                                 coverage, effective, old_name, new_name, note, source)
  SELECT CASE WHEN m.old_commune_code IS NULL THEN 'district' ELSE 'commune' END::dossier.admin_level,
         m.old_province_code, m.old_district_code, m.old_commune_code,
         m.new_province_code, m.new_commune_code, m.coverage::dossier.succession_coverage,
         reorg, m.old_name, m.new_name, m.note, 'mapping-2025.csv'
    FROM pg_temp.dossier_load_stg_map m
  UNION ALL
  SELECT 'province', p.old_province_code, NULL, NULL, p.new_province_code, NULL, 'whole',
         reorg, p.old_name, p.new_name, NULL, 'mapping-provinces-2025.csv'
    FROM pg_temp.dossier_load_stg_map_prov p;

  CREATE INDEX ON pg_temp.dossier_load_want (code, valid_from);
  CREATE INDEX ON pg_temp.dossier_load_want_succ (old_code);
  ANALYZE pg_temp.dossier_load_want;
  ANALYZE pg_temp.dossier_load_want_succ;
  ANALYZE pg_temp.dossier_load_stg_geo;

  ------------------------------------------------------------ validation
  -- on the staged rows, before anything is written
  FOR r IN
    SELECT v.what, v.got, v.expected
      FROM (SELECT 'units-pre2025.csv provinces', pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'province'), 63 FROM pg_temp.dossier_load_stg_pre
            UNION ALL SELECT 'units-pre2025.csv districts', pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'district'), 696 FROM pg_temp.dossier_load_stg_pre
            UNION ALL SELECT 'units-pre2025.csv communes', pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'commune'), 10047 FROM pg_temp.dossier_load_stg_pre
            UNION ALL SELECT 'units-pre2025.csv rows', pg_catalog.count(*), 10806 FROM pg_temp.dossier_load_stg_pre
            UNION ALL SELECT 'pre-2025 communes in force on 2025-06-30',
                             pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'commune' AND valid_to OPERATOR(pg_catalog.=) reorg), 10035
                        FROM pg_temp.dossier_load_want WHERE source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
            UNION ALL SELECT 'units-2025.csv provinces', pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'province'), 34 FROM pg_temp.dossier_load_stg_new
            UNION ALL SELECT 'units-2025.csv communes', pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'commune'), 3321 FROM pg_temp.dossier_load_stg_new
            UNION ALL SELECT 'units-2025.csv rows', pg_catalog.count(*), 3355 FROM pg_temp.dossier_load_stg_new
            UNION ALL SELECT 'mapping-2025.csv rows', pg_catalog.count(*), 10583 FROM pg_temp.dossier_load_stg_map
            UNION ALL SELECT 'mapping-provinces-2025.csv rows', pg_catalog.count(*), 63 FROM pg_temp.dossier_load_stg_map_prov
            UNION ALL SELECT 'codes per list (duplicates)', pg_catalog.count(*), 0
                        FROM (SELECT code FROM pg_temp.dossier_load_want GROUP BY code, valid_from HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 1) d
            UNION ALL SELECT 'later changes without a 2025 unit', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_stg_later l
                       WHERE NOT EXISTS (SELECT 1 FROM pg_temp.dossier_load_stg_new u
                                          WHERE u.code OPERATOR(pg_catalog.=) l.code
                                            AND u.level OPERATOR(pg_catalog.=) l.level
                                            AND u.name OPERATOR(pg_catalog.=) l.name_2025_07_01)
            UNION ALL SELECT 'boundaries', pg_catalog.count(*),
                             CASE WHEN with_boundaries THEN 3355 ELSE 0 END FROM pg_temp.dossier_load_stg_geo
            UNION ALL SELECT 'boundaries matching no 2025 unit by code and name', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_stg_geo g
                       WHERE NOT EXISTS (SELECT 1 FROM pg_temp.dossier_load_stg_new u
                                          WHERE u.code OPERATOR(pg_catalog.=) g.code
                                            AND u.name OPERATOR(pg_catalog.=) g.name)
            UNION ALL SELECT 'boundaries that are not valid MultiPolygons', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_stg_geo g
                       WHERE g.geom IS NULL OR GeometryType(g.geom) OPERATOR(pg_catalog.<>) 'MULTIPOLYGON'
            -- every parent is in force, at the right level, when its child starts
            UNION ALL SELECT 'units whose parent is missing', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want c
                       WHERE c.parent_code IS NOT NULL
                         AND NOT EXISTS (
                           SELECT 1 FROM pg_temp.dossier_load_want p
                            WHERE p.code OPERATOR(pg_catalog.=) c.parent_code
                              AND p.valid_from OPERATOR(pg_catalog.<=) c.valid_from
                              AND COALESCE(p.valid_to, 'infinity') OPERATOR(pg_catalog.>) c.valid_from
                              AND p.level OPERATOR(pg_catalog.=)
                                  CASE WHEN c.level OPERATOR(pg_catalog.=) 'commune'
                                            AND c.valid_from OPERATOR(pg_catalog.<) reorg
                                       THEN 'district' ELSE 'province' END::dossier.admin_level)
            -- every code of the mapping names a unit of the right list and level,
            -- and the old and new hierarchies agree with the unit lists
            UNION ALL SELECT 'succession rows naming a missing old unit', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want_succ s
                       WHERE NOT EXISTS (
                           SELECT 1 FROM pg_temp.dossier_load_want u
                            WHERE u.code OPERATOR(pg_catalog.=) s.old_code
                              AND u.level OPERATOR(pg_catalog.=) s.old_level
                              AND u.valid_from OPERATOR(pg_catalog.=) '-infinity')
            UNION ALL SELECT 'succession rows whose old codes disagree with the old hierarchy', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want_succ s
                        JOIN pg_temp.dossier_load_want u
                          ON u.code OPERATOR(pg_catalog.=) s.old_code
                         AND u.level OPERATOR(pg_catalog.=) s.old_level
                         AND u.valid_from OPERATOR(pg_catalog.=) '-infinity'
                        LEFT JOIN pg_temp.dossier_load_want d
                          ON d.code OPERATOR(pg_catalog.=) s.old_district_code
                         AND d.level OPERATOR(pg_catalog.=) 'district'
                         AND d.valid_from OPERATOR(pg_catalog.=) '-infinity'
                       WHERE u.parent_code IS DISTINCT FROM
                             CASE s.old_level WHEN 'commune' THEN s.old_district_code
                                              WHEN 'district' THEN s.old_province_code END
                          OR (s.old_district_code IS NOT NULL
                              AND d.parent_code IS DISTINCT FROM s.old_province_code)
            UNION ALL SELECT 'succession rows naming a missing new unit', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want_succ s
                       WHERE NOT EXISTS (
                           SELECT 1 FROM pg_temp.dossier_load_want u
                            WHERE u.code OPERATOR(pg_catalog.=) s.new_code
                              AND u.valid_from OPERATOR(pg_catalog.=) reorg
                              AND u.level OPERATOR(pg_catalog.=)
                                  CASE WHEN s.new_commune_code IS NULL THEN 'province' ELSE 'commune' END::dossier.admin_level)
            UNION ALL SELECT 'succession rows whose new codes disagree with the new hierarchy', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want_succ s
                        JOIN pg_temp.dossier_load_want u
                          ON u.code OPERATOR(pg_catalog.=) s.new_code
                         AND u.valid_from OPERATOR(pg_catalog.=) reorg
                       WHERE u.parent_code IS DISTINCT FROM
                             CASE WHEN s.new_commune_code IS NOT NULL THEN s.new_province_code END
            UNION ALL SELECT 'old communes without a successor', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want u
                       WHERE u.source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
                         AND u.level OPERATOR(pg_catalog.<>) 'district'
                         AND NOT EXISTS (SELECT 1 FROM pg_temp.dossier_load_want_succ s
                                          WHERE s.old_code OPERATOR(pg_catalog.=) u.code)
            UNION ALL SELECT 'commune rows disagreeing with the province mapping', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want_succ s
                       WHERE s.old_level OPERATOR(pg_catalog.<>) 'province'
                         AND NOT EXISTS (SELECT 1 FROM pg_temp.dossier_load_want_succ p
                                          WHERE p.old_level OPERATOR(pg_catalog.=) 'province'
                                            AND p.old_code OPERATOR(pg_catalog.=) s.old_province_code
                                            AND p.new_code OPERATOR(pg_catalog.=) s.new_province_code)
           ) AS v(what, got, expected)
     WHERE v.got OPERATOR(pg_catalog.<>) v.expected
  LOOP
    msg := COALESCE(msg OPERATOR(pg_catalog.||) ' ', '')
           OPERATOR(pg_catalog.||) pg_catalog.format('%s: %s, expected %s.', r.what, r.got, r.expected);
  END LOOP;
  IF msg IS NOT NULL THEN
    RAISE EXCEPTION 'administrative-unit reference files in "%" do not pass validation', dir
      USING ERRCODE = 'data_exception',
            DETAIL = msg,
            HINT = 'Reinstall the files from data/admin-units/ with make install; if they were updated on purpose, update the loader''s expectations too.';
  END IF;

  ----------------------------------------------------------------- write
  -- later versions the loader added before but is now told not to apply
  IF NOT apply_later_changes THEN
    BEGIN
      DELETE FROM dossier.admin_unit t
       WHERE t.source OPERATOR(pg_catalog.=) later_file;
      GET DIAGNOSTICS n_removed = ROW_COUNT;
    EXCEPTION WHEN foreign_key_violation THEN
      GET STACKED DIAGNOSTICS msg = PG_EXCEPTION_DETAIL;
      RAISE EXCEPTION 'cannot revert the changes after 2025-07-01: a version they added is still referenced'
        USING ERRCODE = 'foreign_key_violation',
              DETAIL = msg,
              HINT = 'Point the referencing rows (e.g. dossier.agency) at the 2025-07-01 version first, or keep apply_later_changes => true.';
    END;
  END IF;

  INSERT INTO dossier.admin_unit AS t (code, name, short_name, level, parent_code, unit_type,
                                       valid_from, valid_to, boundary, note, source)
  SELECT w.code, w.name, w.short_name, w.level, w.parent_code, w.unit_type,
         w.valid_from, w.valid_to, w.boundary, w.note, w.source
    FROM pg_temp.dossier_load_want w
   ORDER BY w.code, w.valid_from
  ON CONFLICT (code, valid_from) DO UPDATE
     SET name = EXCLUDED.name, short_name = EXCLUDED.short_name, level = EXCLUDED.level,
         parent_code = EXCLUDED.parent_code, unit_type = EXCLUDED.unit_type,
         valid_to = EXCLUDED.valid_to, boundary = EXCLUDED.boundary, note = EXCLUDED.note,
         source = EXCLUDED.source
   WHERE (t.name, t.short_name, t.level, t.parent_code, t.unit_type, t.valid_to,
          t.note, t.source)
         IS DISTINCT FROM
         (EXCLUDED.name, EXCLUDED.short_name, EXCLUDED.level, EXCLUDED.parent_code,
          EXCLUDED.unit_type, EXCLUDED.valid_to, EXCLUDED.note, EXCLUDED.source)
      OR (t.boundary IS NULL) OPERATOR(pg_catalog.<>) (EXCLUDED.boundary IS NULL)
      OR NOT ST_OrderingEquals(t.boundary, EXCLUDED.boundary);
  GET DIAGNOSTICS n_units = ROW_COUNT;

  INSERT INTO dossier.admin_unit_succession AS t
         (old_level, old_province_code, old_district_code, old_commune_code,
          new_province_code, new_commune_code, coverage, effective,
          old_name, new_name, note, source)
  SELECT s.old_level, s.old_province_code, s.old_district_code, s.old_commune_code,
         s.new_province_code, s.new_commune_code, s.coverage, s.effective,
         s.old_name, s.new_name, s.note, s.source
    FROM pg_temp.dossier_load_want_succ s
   ORDER BY s.old_code, s.new_code
  ON CONFLICT (old_code, new_code, effective) DO UPDATE
     SET old_level = EXCLUDED.old_level, old_province_code = EXCLUDED.old_province_code,
         old_district_code = EXCLUDED.old_district_code,
         old_commune_code = EXCLUDED.old_commune_code,
         new_province_code = EXCLUDED.new_province_code,
         new_commune_code = EXCLUDED.new_commune_code, coverage = EXCLUDED.coverage,
         old_name = EXCLUDED.old_name, new_name = EXCLUDED.new_name, note = EXCLUDED.note,
         source = EXCLUDED.source
   WHERE (t.old_level, t.old_province_code, t.old_district_code, t.old_commune_code,
          t.new_province_code, t.new_commune_code, t.coverage, t.old_name, t.new_name,
          t.note, t.source)
         IS DISTINCT FROM
         (EXCLUDED.old_level, EXCLUDED.old_province_code, EXCLUDED.old_district_code,
          EXCLUDED.old_commune_code, EXCLUDED.new_province_code, EXCLUDED.new_commune_code,
          EXCLUDED.coverage, EXCLUDED.old_name, EXCLUDED.new_name, EXCLUDED.note,
          EXCLUDED.source);
  GET DIAGNOSTICS n_succ = ROW_COUNT;

  DROP TABLE pg_temp.dossier_load_stg_pre, pg_temp.dossier_load_stg_new, pg_temp.dossier_load_stg_later, pg_temp.dossier_load_stg_map,
             pg_temp.dossier_load_stg_map_prov, pg_temp.dossier_load_stg_geo, pg_temp.dossier_load_stg_line, pg_temp.dossier_load_want,
             pg_temp.dossier_load_want_succ;
  IF apply_later_changes THEN
    DROP TABLE pg_temp.dossier_load_later;
  END IF;

  --------------------------------------------------------------- report
  -- what the loader's own rows now hold, then what this run wrote
  RETURN QUERY
  SELECT v.item, v.n FROM (
    SELECT 1 AS ord, 'provinces in force on 2025-06-30' AS item,
           pg_catalog.count(*) FILTER (WHERE u.level OPERATOR(pg_catalog.=) 'province' AND u.valid_to OPERATOR(pg_catalog.=) reorg) AS n
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
    UNION ALL
    SELECT 2, 'districts in force on 2025-06-30',
           pg_catalog.count(*) FILTER (WHERE u.level OPERATOR(pg_catalog.=) 'district' AND u.valid_to OPERATOR(pg_catalog.=) reorg)
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
    UNION ALL
    SELECT 3, 'communes in force on 2025-06-30',
           pg_catalog.count(*) FILTER (WHERE u.level OPERATOR(pg_catalog.=) 'commune' AND u.valid_to OPERATOR(pg_catalog.=) reorg)
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
    UNION ALL
    SELECT 4, 'communes ended before 2025-03-01 (kept for the mapping)',
           pg_catalog.count(*) FILTER (WHERE u.valid_to OPERATOR(pg_catalog.=) pre_list)
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
    UNION ALL
    SELECT 5, 'provinces in force on 2025-07-01', pg_catalog.count(*) FILTER (WHERE u.level OPERATOR(pg_catalog.=) 'province')
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-2025.csv'
    UNION ALL
    SELECT 6, 'communes in force on 2025-07-01', pg_catalog.count(*) FILTER (WHERE u.level OPERATOR(pg_catalog.=) 'commune')
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-2025.csv'
    UNION ALL
    SELECT 7, 'versions from later changes', pg_catalog.count(*)
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) later_file
    UNION ALL
    SELECT 8, 'units with a boundary', pg_catalog.count(u.boundary)
      FROM dossier.admin_unit u WHERE u.source IS NOT NULL
    UNION ALL
    SELECT 9, 'commune successions', pg_catalog.count(*)
      FROM dossier.admin_unit_succession s WHERE s.source OPERATOR(pg_catalog.=) 'mapping-2025.csv'
    UNION ALL
    SELECT 10, 'province successions', pg_catalog.count(*)
      FROM dossier.admin_unit_succession s WHERE s.source OPERATOR(pg_catalog.=) 'mapping-provinces-2025.csv'
    UNION ALL SELECT 11, 'admin_unit rows written', n_units
    UNION ALL SELECT 12, 'admin_unit rows removed', n_removed
    UNION ALL SELECT 13, 'admin_unit_succession rows written', n_succ
  ) v ORDER BY v.ord;
END $$;

COMMENT ON FUNCTION dossier.load_admin_units(boolean, boolean) IS
  'superuser only: load or refresh the administrative-unit catalogue from the installed reference files (idempotent; never deletes rows users added); returns what the catalogue holds and how many rows this run wrote';

-- PostGIS may live in any schema: pin the loader's search_path to it.
DO $$
DECLARE
  postgis_schema name;
BEGIN
  SELECT n.nspname INTO postgis_schema
    FROM pg_catalog.pg_extension e
    JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace
   WHERE e.extname OPERATOR(pg_catalog.=) 'postgis';
  IF postgis_schema IS NULL THEN
    RAISE EXCEPTION 'extension "postgis" is not installed'
      USING ERRCODE = 'undefined_object',
            DETAIL = 'dossier requires postgis; the loader is bound to its schema at install time.',
            HINT = 'CREATE EXTENSION dossier CASCADE installs it.';
  END IF;
  EXECUTE pg_catalog.format(
    'ALTER FUNCTION dossier.load_admin_units(boolean, boolean) SET search_path = pg_catalog, %I, pg_temp',
    postgis_schema);
END $$;
-- Catalogue of administrative procedures (thủ tục hành chính): the legal
-- processing time that due dates are computed from (docs/domain.md §3),
-- whether a result is issued (KPI 4.1) and how far the procedure can be done
-- online (KPI 3.3).  Filled by users or from the national procedure database.

CREATE TYPE dossier.duration_unit AS ENUM ('working_day', 'working_hour', 'calendar_day');
COMMENT ON TYPE dossier.duration_unit IS
  'unit of a legal processing time: working_day (8 working hours, skipping days off), working_hour, or calendar_day (an end on a day off moves to the next working day)';

CREATE TYPE dossier.online_level AS ENUM ('none', 'partial', 'full');
COMMENT ON TYPE dossier.online_level IS
  'how far a procedure can be done online: none (in person or by post only), partial (filed online, some steps at the desk), full (filed, paid and returned online)';

CREATE TYPE dossier.supplement_mode AS ENUM ('extend', 'restart');
COMMENT ON TYPE dossier.supplement_mode IS
  'what a supplement (Mẫu 02) does to the due date once it arrives: extend it by the working time the clock was paused, or restart the full processing time from the arrival (theo Nghị định)';

CREATE TABLE dossier.procedure (
  code            dossier.procedure_code PRIMARY KEY,
  name            text NOT NULL CHECK (name <> ''),
  processing_time numeric NOT NULL CONSTRAINT procedure_processing_time_positive
                    CHECK (processing_time > 0),
  time_unit       dossier.duration_unit NOT NULL,
  issues_result   boolean NOT NULL DEFAULT true,
  online_level    dossier.online_level NOT NULL DEFAULT 'none',
  supplement_mode dossier.supplement_mode NOT NULL DEFAULT 'extend',
  calendar        text NOT NULL DEFAULT 'default',
  note            text
);
COMMENT ON TABLE dossier.procedure IS
  'administrative procedures (thủ tục hành chính) and their legal processing time';
COMMENT ON COLUMN dossier.procedure.code IS
  'procedure code (mã TTHC) of the national procedure database, national (1.000656) or a local variant (1.000656.000.00.00.H56)';
COMMENT ON COLUMN dossier.procedure.name IS 'official name of the procedure';
COMMENT ON COLUMN dossier.procedure.processing_time IS
  'legal processing time, in time_unit; positive, may be fractional (0.5 working day)';
COMMENT ON COLUMN dossier.procedure.time_unit IS 'unit of processing_time';
COMMENT ON COLUMN dossier.procedure.issues_result IS
  'whether the procedure issues a result (licence, certificate): the denominator of KPI 4.1 and the e-result condition of KPI 4.2';
COMMENT ON COLUMN dossier.procedure.online_level IS 'how far the procedure can be done online';
COMMENT ON COLUMN dossier.procedure.supplement_mode IS
  'whether a received supplement extends the due date by the paused working time or restarts the full processing time';
COMMENT ON COLUMN dossier.procedure.calendar IS
  'working calendar (dossier.calendar) that due dates of this procedure are computed with';
COMMENT ON COLUMN dossier.procedure.note IS 'free remarks, e.g. the legal basis of the processing time';

SELECT pg_catalog.pg_extension_config_dump('dossier.procedure', '');
-- Catalogue of agencies (cơ quan, đơn vị) that receive and process dossiers,
-- keyed by their electronic ID (dossier.agency_code, so a subtree is a btree
-- range: code <@ 'H56.22').  The level is the one KPI targets are set by
-- (docs/domain.md §6: departments, districts, communes), and ties the agency
-- to an administrative unit of the same level.

CREATE TYPE dossier.agency_level AS ENUM ('central', 'province', 'district', 'commune');
COMMENT ON TYPE dossier.agency_level IS
  'administrative level of an agency, the level KPI targets are set by: central (ministries), province (the provincial People''s Committee and its departments), district (before 2025-07-01), commune';

CREATE TABLE dossier.agency (
  code                  dossier.agency_code PRIMARY KEY,
  name                  text NOT NULL CHECK (name <> ''),
  level                 dossier.agency_level NOT NULL,
  admin_unit_code       text,
  admin_unit_valid_from date,
  admin_unit_level      dossier.admin_level GENERATED ALWAYS AS (
                          CASE level WHEN 'province' THEN 'province'::dossier.admin_level
                                     WHEN 'district' THEN 'district'::dossier.admin_level
                                     WHEN 'commune'  THEN 'commune'::dossier.admin_level
                          END) STORED,
  note                  text,
  CONSTRAINT agency_admin_unit_fkey
    FOREIGN KEY (admin_unit_code, admin_unit_valid_from, admin_unit_level)
    REFERENCES dossier.admin_unit (code, valid_from, level) MATCH FULL,
  CONSTRAINT agency_central_has_no_unit
    CHECK ((level = 'central') = (admin_unit_code IS NULL AND admin_unit_valid_from IS NULL))
);
COMMENT ON TABLE dossier.agency IS
  'agencies that receive or process dossiers, keyed by their electronic ID; every agency but a central one belongs to one version of an administrative unit of its own level';
COMMENT ON COLUMN dossier.agency.code IS
  'electronic ID (mã định danh, Decision 20/2020/QĐ-TTg), modern form; the hierarchy is queryable with <@ and @>';
COMMENT ON COLUMN dossier.agency.name IS 'official name, e.g. Sở Tư pháp thành phố Đà Nẵng';
COMMENT ON COLUMN dossier.agency.level IS 'level KPI targets are set by: central, province, district or commune';
COMMENT ON COLUMN dossier.agency.admin_unit_code IS
  'code of the administrative unit the agency serves (province, district or commune of its level); NULL for a central agency';
COMMENT ON COLUMN dossier.agency.admin_unit_valid_from IS
  'valid_from of that unit''s version, so the reference survives later versions of the same code; NULL for a central agency';
COMMENT ON COLUMN dossier.agency.admin_unit_level IS
  'level of that unit, derived from level; part of the foreign key, so a commune agency cannot point at a province';
COMMENT ON COLUMN dossier.agency.note IS 'free remarks';

CREATE INDEX agency_admin_unit_idx ON dossier.agency (admin_unit_code, admin_unit_valid_from);

SELECT pg_catalog.pg_extension_config_dump('dossier.agency', '');
-- Working-time calendars and deadline arithmetic (docs/domain.md §3, issue 3
-- item 5).  A calendar is a time zone, office hours shared by every working
-- day, a weekly pattern of working weekdays, optionally short weekdays with
-- their own hours (a commune desk open on Saturday mornings, issue 12 item
-- 4), and days that depart from it (holidays off, swapped Saturdays on).  The arithmetic is in C
-- (src/core/calendar/worktime.c); the tables are read once per backend and cached,
-- and a statement trigger on each table invalidates that cache in every
-- backend when the transaction that changed them commits
-- (docs/reference/calendar/calendar.md).

CREATE TABLE dossier.calendar (
  name             text PRIMARY KEY CONSTRAINT calendar_name_check CHECK (name <> ''),
  time_zone        text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
  office_hours     time[] NOT NULL DEFAULT '{{07:00,11:30},{13:30,17:00}}',
  working_weekdays int[] NOT NULL DEFAULT '{1,2,3,4,5}',
  public_holidays  boolean NOT NULL DEFAULT false,
  note             text,
  short_day_hours  time[],
  short_weekdays   int[] NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE dossier.calendar IS
  'working-time calendars: time zone, office hours and working weekdays; days that depart from the weekly pattern are in dossier.calendar_day';
COMMENT ON COLUMN dossier.calendar.name IS 'calendar name, passed to the calendar functions; ''default'' is installed with the extension';
COMMENT ON COLUMN dossier.calendar.time_zone IS
  'IANA time zone the office hours are read in, one of pg_timezone_names (Asia/Ho_Chi_Minh)';
COMMENT ON COLUMN dossier.calendar.office_hours IS
  'office hours of every working day as [open, close] pairs, sorted and non-overlapping: {{07:00,11:30},{13:30,17:00}}; 24:00 closes at midnight';
COMMENT ON COLUMN dossier.calendar.working_weekdays IS
  'ISO weekdays that are working days, 1 = Monday .. 7 = Sunday; may be empty when every working day is listed in calendar_day';
COMMENT ON COLUMN dossier.calendar.public_holidays IS
  'true: the public holidays of state agencies apply (dossier.public_holiday: the year''s official notice where loaded, else computed from the Labour Code 2019 Art. 112), under the calendar''s own dossier.calendar_day rows; working time on it is then kept within 1968-2100';
COMMENT ON COLUMN dossier.calendar.note IS 'free remarks, e.g. the decision that sets the office hours';
COMMENT ON COLUMN dossier.calendar.short_day_hours IS
  'office hours of the short weekdays, pairs like office_hours: {{07:30,11:30}} for a Saturday morning; NULL when the calendar has no short weekdays';
COMMENT ON COLUMN dossier.calendar.short_weekdays IS
  'ISO weekdays that are working days with short_day_hours instead of office_hours, disjoint from working_weekdays; a working day listed in calendar_day on one of them also works short_day_hours';

CREATE TABLE dossier.calendar_day (
  calendar   text NOT NULL REFERENCES dossier.calendar (name) ON UPDATE CASCADE ON DELETE CASCADE,
  day        date NOT NULL CONSTRAINT calendar_day_finite CHECK (isfinite(day)),
  is_working boolean NOT NULL,
  note       text,
  PRIMARY KEY (calendar, day)
);
COMMENT ON TABLE dossier.calendar_day IS
  'days that depart from a calendar''s weekly pattern: public holidays and bridged days off (is_working false), swapped working days such as a Saturday (is_working true)';
COMMENT ON COLUMN dossier.calendar_day.calendar IS 'the calendar the day belongs to';
COMMENT ON COLUMN dossier.calendar_day.day IS 'the local date';
COMMENT ON COLUMN dossier.calendar_day.is_working IS
  'true: a working day with the hours of its weekday (short_day_hours on a short weekday, else office_hours); false: a day off';
COMMENT ON COLUMN dossier.calendar_day.note IS 'why, e.g. ''Tết Nguyên Đán'' or ''làm bù cho ngày 02/01''';

-- Checks a calendar row; errors carry SQLSTATE VN204 with a detail and a hint.
CREATE FUNCTION dossier.calendar_check() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  hint constant text :=
    'Office hours are [open, close] pairs in order, e.g. ''{{07:00,11:30},{13:30,17:00}}''; weekdays are 1 (Monday) to 7 (Sunday).';
  oh time[] := NEW.office_hours;
  n int;
  close_at interval;
  prev_close interval;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names z
                 WHERE z.name OPERATOR(pg_catalog.=) NEW.time_zone) THEN
    RAISE EXCEPTION 'unknown time zone "%" for calendar "%"', NEW.time_zone, NEW.name
      USING ERRCODE = 'VN204',
            DETAIL = 'The time zone must be one of the names in pg_timezone_names.',
            HINT = 'Use an IANA name such as Asia/Ho_Chi_Minh.';
  END IF;
  IF array_ndims(oh) IS DISTINCT FROM 2 OR array_length(oh, 2) <> 2 THEN
    RAISE EXCEPTION 'invalid office hours for calendar "%"', NEW.name
      USING ERRCODE = 'VN204',
            DETAIL = format('The office hours %s are not a list of [open, close] pairs.', oh),
            HINT = hint;
  END IF;
  n := array_length(oh, 1);
  IF n > 16 THEN
    RAISE EXCEPTION 'invalid office hours for calendar "%"', NEW.name
      USING ERRCODE = 'VN204',
            DETAIL = format('There are %s intervals, at most 16 are allowed.', n),
            HINT = hint;
  END IF;
  FOR i IN 1..n LOOP
    IF oh[i][1] IS NULL OR oh[i][2] IS NULL THEN
      RAISE EXCEPTION 'invalid office hours for calendar "%"', NEW.name
        USING ERRCODE = 'VN204',
              DETAIL = format('Interval %s has a NULL bound.', i), HINT = hint;
    END IF;
    -- 24:00 is the end of the day, 00:00 its start
    close_at := oh[i][2] - time '00:00';
    IF close_at <= oh[i][1] - time '00:00' THEN
      RAISE EXCEPTION 'invalid office hours for calendar "%"', NEW.name
        USING ERRCODE = 'VN204',
              DETAIL = format('Interval %s (%s-%s) does not close after it opens.', i, oh[i][1], oh[i][2]),
              HINT = hint;
    END IF;
    IF prev_close IS NOT NULL AND oh[i][1] - time '00:00' < prev_close THEN
      RAISE EXCEPTION 'invalid office hours for calendar "%"', NEW.name
        USING ERRCODE = 'VN204',
              DETAIL = format('Interval %s opens at %s, before interval %s closes at %s.',
                              i, oh[i][1], i - 1, oh[i - 1][2]),
              HINT = hint;
    END IF;
    prev_close := close_at;
  END LOOP;
  IF array_ndims(NEW.working_weekdays) > 1
     OR EXISTS (SELECT 1 FROM unnest(NEW.working_weekdays) d WHERE d IS NULL OR d < 1 OR d > 7)
     OR (SELECT count(*) <> count(DISTINCT d) FROM unnest(NEW.working_weekdays) d) THEN
    RAISE EXCEPTION 'invalid working weekdays for calendar "%"', NEW.name
      USING ERRCODE = 'VN204',
            DETAIL = format('The weekdays %s are not distinct numbers from 1 to 7.', NEW.working_weekdays),
            HINT = hint;
  END IF;
  -- short weekdays and their hours (checked after the rest, in a block of
  -- its own, so that the errors above keep their line numbers)
  DECLARE
    sh time[] := NEW.short_day_hours;
    sw int[] := NEW.short_weekdays;
    msg text := format('invalid short days for calendar "%s"', NEW.name);
    short_hint constant text :=
      'A short weekday works short_day_hours instead of office_hours, e.g. short_weekdays ''{6}'' with short_day_hours ''{{07:30,11:30}}''; it is not also a working weekday.';
    bad text;
  BEGIN
    IF sw IS NULL OR array_ndims(sw) > 1
       OR EXISTS (SELECT 1 FROM unnest(sw) d WHERE d IS NULL OR d < 1 OR d > 7)
       OR (SELECT count(*) <> count(DISTINCT d) FROM unnest(sw) d) THEN
      bad := format('The short weekdays %s are not distinct numbers from 1 to 7.', sw);
    ELSIF sw && NEW.working_weekdays THEN
      bad := format('The weekdays %s are both working weekdays and short weekdays; a weekday has one set of office hours.',
                    ARRAY(SELECT d FROM unnest(sw) d WHERE d = ANY (NEW.working_weekdays) ORDER BY d));
    ELSIF sh IS NULL AND cardinality(sw) > 0 THEN
      bad := format('The short weekdays %s have no short_day_hours.', sw);
    ELSIF sh IS NOT NULL AND cardinality(sw) = 0 THEN
      bad := format('The short_day_hours %s belong to no weekday: short_weekdays is empty.', sh);
    ELSIF sh IS NOT NULL AND (array_ndims(sh) IS DISTINCT FROM 2 OR array_length(sh, 2) <> 2
                              OR array_length(sh, 1) > 16) THEN
      bad := format('The short_day_hours %s are not a list of at most 16 [open, close] pairs.', sh);
    ELSIF sh IS NOT NULL THEN
      -- the first pair with a NULL bound, not closing after it opens, or
      -- opening before the pair before it closes (24:00 ends the day)
      SELECT CASE
               WHEN o IS NULL OR c IS NULL THEN format('Short-day interval %s has a NULL bound.', i)
               WHEN c <= o THEN format('Short-day interval %s (%s-%s) does not close after it opens.', i, o, c)
               ELSE format('Short-day interval %s opens at %s, before interval %s closes at %s.', i, o, i - 1, pc)
             END
        INTO bad
        FROM (SELECT i, sh[i][1] - time '00:00' AS o, sh[i][2] - time '00:00' AS c,
                     lag(sh[i][2] - time '00:00') OVER (ORDER BY i) AS pc
                FROM generate_subscripts(sh, 1) i) p
       WHERE o IS NULL OR c IS NULL OR c <= o OR o < pc
       ORDER BY i LIMIT 1;
    END IF;
    IF bad IS NOT NULL THEN
      RAISE EXCEPTION '%', msg
        USING ERRCODE = 'VN204', DETAIL = bad, HINT = short_hint;
    END IF;
  END;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION dossier.calendar_check() IS
  'trigger: refuses a calendar with an unknown time zone, office hours or short-day hours that are not sorted non-overlapping pairs within a day, weekdays outside 1..7, a weekday both working and short, or short weekdays without short-day hours or the reverse (SQLSTATE VN204)';

CREATE TRIGGER calendar_check BEFORE INSERT OR UPDATE ON dossier.calendar
  FOR EACH ROW EXECUTE FUNCTION dossier.calendar_check();

-- Invalidate the backend caches of calendars when either table changes.
CREATE FUNCTION dossier.calendar_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'calendar_changed'
LANGUAGE C PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.calendar_changed() IS
  'trigger: marks the calendars cached by every backend stale once the changing transaction commits (and in its own backend at once)';

CREATE TRIGGER calendar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.calendar
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.calendar_changed();
CREATE TRIGGER calendar_day_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.calendar_day
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.calendar_changed();

INSERT INTO dossier.calendar (name, public_holidays, note) VALUES
  ('default', true, 'Vietnamese state offices: Monday to Friday, 07:00-11:30 and 13:30-17:00, Asia/Ho_Chi_Minh, with the public holidays of state agencies (dossier.public_holiday); add local days off and swapped days to dossier.calendar_day');

-- The default calendar row created by CREATE EXTENSION is left out of
-- pg_dump, since a restore creates it again and would collide; changes to
-- it are not dumped.  Every day users add is.
SELECT pg_catalog.pg_extension_config_dump('dossier.calendar', 'WHERE name <> ''default''');
SELECT pg_catalog.pg_extension_config_dump('dossier.calendar_day', '');

CREATE FUNCTION dossier.add_working_time(start timestamptz, amount numeric,
                                         unit dossier.duration_unit,
                                         calendar text DEFAULT 'default')
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'calendar_add_working_time'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.add_working_time(timestamptz, numeric, dossier.duration_unit, text) IS
  'due instant of a duration started at start: working_hour and working_day (= the calendar''s office time of one day, 8 h by default) count office hours only, from the next working instant; calendar_day adds whole local days, and an end outside working time moves to the next working instant';

CREATE FUNCTION dossier.working_time_between(a timestamptz, b timestamptz,
                                             calendar text DEFAULT 'default')
RETURNS interval
AS 'MODULE_PATHNAME', 'calendar_working_time_between'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.working_time_between(timestamptz, timestamptz, text) IS
  'office time of the calendar between a and b, as an interval of hours (8 h per default working day); 0 when b <= a';

CREATE FUNCTION dossier.next_working_instant(t timestamptz, calendar text DEFAULT 'default')
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'calendar_next_working_instant'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.next_working_instant(timestamptz, text) IS
  'the first instant at or after t inside office hours of a working day: t itself, the next opening the same day, or the first opening of the next working day';
-- The Vietnamese lunar calendar (âm lịch), computed astronomically at UTC+7
-- (src/core/calendar/lunar.c, docs/reference/calendar/calendar.md): Tết and
-- the Hùng Kings' day are lunar dates (Labour Code 2019 Art. 112).

CREATE FUNCTION dossier.to_lunar(
    civil_date date,
    OUT year integer,
    OUT month integer,
    OUT day integer,
    OUT leap boolean)
  RETURNS record
  AS 'MODULE_PATHNAME', 'dossier_to_lunar'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.to_lunar(date) IS
  'the Vietnamese lunar date (UTC+7 meridian) of a civil date from 1968-01-01 to 2100-12-31: lunar year (the one whose month 1 holds Tết), month 1-12, day 1-30, and whether the month is the year''s leap month; VN206 outside that range';

CREATE FUNCTION dossier.from_lunar(
    year integer,
    month integer,
    day integer,
    leap boolean DEFAULT false)
  RETURNS date
  AS 'MODULE_PATHNAME', 'dossier_from_lunar'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.from_lunar(integer, integer, integer, boolean) IS
  'the civil date of a Vietnamese lunar date (UTC+7 meridian); leap => true names the leap month after month `month`; VN205 for a date that does not exist (a leap month the year lacks, day 30 of a 29-day month), VN206 outside 1968-01-01 to 2100-12-31';
-- Public holidays of state agencies (docs/reference/calendar/calendar.md,
-- "Public holidays"): computed for any year 1968-2100 from the Labour Code
-- 2019 Art. 112 (src/core/calendar/holidays.c), replaced year by year by the
-- Government's notice once it is loaded.  A calendar with public_holidays
-- takes them, under its own dossier.calendar_day rows.

CREATE FUNCTION dossier.computed_public_holidays(
    year integer,
    OUT day date,
    OUT kind text,
    OUT name_vi text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'dossier_computed_public_holidays'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 13;
COMMENT ON FUNCTION dossier.computed_public_holidays(integer) IS
  'the public holidays of a civil year as the Labour Code 2019 Art. 112 sets them, computed: 1 January, Tết (the last day of the lunar year and the first four of the next), the Hùng Kings'' day (10/3 lunar), 30 April, 1 May, 2 September and 1 September (3 September when the 2nd is a Monday), and a compensatory weekday for each one on a Saturday or Sunday (Art. 111(3)); VN206 outside 1968-2100';

-- The Government's yearly schedule for state agencies (công chức, viên
-- chức): which days of Tết and of National Day, and the working days it
-- swaps.  Rows with shipped = true come with the extension; a notice the
-- DBA loads (shipped = false) takes precedence over a shipped one for the
-- same year, so that a restore never collides with the shipped rows.
CREATE TABLE dossier.holiday_notice (
  year       integer NOT NULL CONSTRAINT holiday_notice_year_check CHECK (year BETWEEN 1968 AND 2100),
  shipped    boolean NOT NULL DEFAULT false,
  reference  text NOT NULL CONSTRAINT holiday_notice_reference_check CHECK (reference <> ''),
  loaded_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
  note       text,
  PRIMARY KEY (year, shipped)
);
COMMENT ON TABLE dossier.holiday_notice IS
  'the Government''s yearly holiday schedule for state agencies, one per year (a DBA-loaded one, shipped = false, takes precedence over the one shipped with the extension); its days are in dossier.holiday_notice_day; load with dossier.load_holiday_notice';
COMMENT ON COLUMN dossier.holiday_notice.year IS 'the civil year the notice covers, 1968-2100';
COMMENT ON COLUMN dossier.holiday_notice.shipped IS 'true: installed with the extension; false: loaded by the DBA';
COMMENT ON COLUMN dossier.holiday_notice.reference IS 'the documents the schedule comes from, e.g. ''Văn bản 9859/VPCP-KGVX ngày 13/10/2025''';
COMMENT ON COLUMN dossier.holiday_notice.loaded_at IS 'when the notice was loaded';
COMMENT ON COLUMN dossier.holiday_notice.note IS 'free remarks';

CREATE TABLE dossier.holiday_notice_day (
  year        integer NOT NULL,
  shipped     boolean NOT NULL,
  day         date NOT NULL,
  is_working  boolean NOT NULL,
  kind        text NOT NULL CONSTRAINT holiday_notice_day_kind_check
                CHECK (kind IN ('new_year', 'tet', 'hung_kings', 'victory', 'labour',
                                'national_day', 'compensatory', 'bridge', 'swapped')),
  note        text,
  PRIMARY KEY (year, shipped, day),
  FOREIGN KEY (year, shipped) REFERENCES dossier.holiday_notice ON DELETE CASCADE,
  CONSTRAINT holiday_notice_day_year_check CHECK (pg_catalog.date_part('year', day) = year)
);
COMMENT ON TABLE dossier.holiday_notice_day IS
  'the days of a yearly notice that depart from Monday-Friday working: days off (holidays, compensatory and bridging days) and swapped working days (a Saturday worked in return)';
COMMENT ON COLUMN dossier.holiday_notice_day.year IS 'the notice''s year';
COMMENT ON COLUMN dossier.holiday_notice_day.shipped IS 'the notice''s shipped flag';
COMMENT ON COLUMN dossier.holiday_notice_day.day IS 'the day';
COMMENT ON COLUMN dossier.holiday_notice_day.is_working IS 'false: a day off; true: a working day (a swapped Saturday)';
COMMENT ON COLUMN dossier.holiday_notice_day.kind IS
  'new_year, tet, hung_kings, victory, labour, national_day, compensatory (Art. 111(3)), bridge (a working day given off in a swap) or swapped (the weekend day worked in return)';
COMMENT ON COLUMN dossier.holiday_notice_day.note IS 'free remarks';

-- The effective public holidays of a year: the year's notice where one is
-- loaded (the DBA's before the shipped one), else the computed holidays.
-- The one place that says which source wins; the view below asks it for
-- every year.
CREATE FUNCTION dossier.public_holidays(year integer)
  RETURNS TABLE (day date, is_working boolean, kind text, source text, reference text, note text)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  notice record;
BEGIN
  IF public_holidays.year < 1968 OR public_holidays.year > 2100 THEN
    RAISE EXCEPTION 'no public holidays for year %', public_holidays.year
      USING ERRCODE = 'VN206',
            DETAIL = 'Public holidays are kept for the years of the lunar calendar, 1968 to 2100.',
            HINT = 'Ask for a year from 1968 to 2100.';
  END IF;
  SELECT n.shipped, n.reference INTO notice
  FROM dossier.holiday_notice n
  WHERE n.year OPERATOR(pg_catalog.=) public_holidays.year
  ORDER BY n.shipped
  LIMIT 1;
  IF FOUND THEN
    RETURN QUERY
    SELECT d.day, d.is_working, d.kind, 'official'::text, notice.reference, d.note
    FROM dossier.holiday_notice_day d
    WHERE d.year OPERATOR(pg_catalog.=) public_holidays.year
      AND d.shipped OPERATOR(pg_catalog.=) notice.shipped
    ORDER BY d.day;
  ELSE
    RETURN QUERY
    SELECT c.day, false, c.kind, 'computed'::text, 'Labour Code 2019 Art. 112'::text, c.name_vi
    FROM dossier.computed_public_holidays(public_holidays.year) c
    ORDER BY c.day;
  END IF;
END
$$;
COMMENT ON FUNCTION dossier.public_holidays(integer) IS
  'the public holidays of state agencies in a civil year, with their source: official (the year''s notice) or computed (Labour Code 2019 Art. 112); VN206 outside 1968-2100';

CREATE VIEW dossier.public_holiday AS
SELECT h.*
FROM pg_catalog.generate_series(1968, 2100) y(year)
CROSS JOIN LATERAL dossier.public_holidays(y.year) h;
COMMENT ON VIEW dossier.public_holiday IS
  'the public holidays of state agencies for 1968-2100, one row per day that departs from Monday-Friday working: from the year''s notice where one is loaded (source official), else computed from the Labour Code (source computed)';

-- Load (or replace) a year's notice: the days off and the working days it
-- lists, for every Monday-Friday day off and every weekend day worked.
CREATE FUNCTION dossier.load_holiday_notice(
    year integer,
    reference text,
    days_off date[],
    working_days date[] DEFAULT '{}',
    note text DEFAULT NULL)
  RETURNS integer
  LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  y constant integer := load_holiday_notice.year;
  d date;
  n integer;
BEGIN
  IF y IS NULL OR y < 1968 OR y > 2100 THEN
    RAISE EXCEPTION 'no public holidays for year %', y
      USING ERRCODE = 'VN206',
            DETAIL = 'Public holidays are kept for the years of the lunar calendar, 1968 to 2100.',
            HINT = 'Pass the civil year the notice covers.';
  END IF;
  IF reference IS NULL OR reference = '' OR days_off IS NULL OR working_days IS NULL THEN
    RAISE EXCEPTION 'a holiday notice needs a reference, its days off and its working days'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'The reference names the Government document; the arrays may be empty but not NULL.',
            HINT = 'e.g. dossier.load_holiday_notice(2027, ''Văn bản …/VPCP-KGVX'', ''{2027-01-01,…}'', ''{}'').';
  END IF;
  FOREACH d IN ARRAY days_off || working_days LOOP
    IF d IS NULL OR pg_catalog.date_part('year', d) <> y THEN
      RAISE EXCEPTION 'day % is not in year %', coalesce(d::text, 'NULL'), y
        USING ERRCODE = 'VN207',
              DETAIL = 'Every day of a notice lies in the year it covers.',
              HINT = 'Load each year''s notice with its own call.';
    END IF;
  END LOOP;
  IF EXISTS (SELECT 1 FROM unnest(days_off) o JOIN unnest(working_days) w ON o = w)
     OR (SELECT count(*) <> count(DISTINCT x) FROM unnest(days_off || working_days) x) THEN
    RAISE EXCEPTION 'a day is listed twice in the notice for %', y
      USING ERRCODE = 'VN207',
            DETAIL = 'A day is either off or worked, once.',
            HINT = 'List each day once, in days_off or in working_days.';
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(days_off) o WHERE pg_catalog.date_part('isodow', o) > 5)
     OR EXISTS (SELECT 1 FROM unnest(working_days) w WHERE pg_catalog.date_part('isodow', w) <= 5) THEN
    RAISE EXCEPTION 'the notice for % lists a weekend day off or a weekday worked', y
      USING ERRCODE = 'VN207',
            DETAIL = 'days_off are the Monday-Friday days given off; working_days are the Saturdays or Sundays worked in return.',
            HINT = 'Leave out holidays that fall on a weekend: their compensatory weekday is the day to list.';
  END IF;

  DELETE FROM dossier.holiday_notice h WHERE h.year = y AND NOT h.shipped;
  INSERT INTO dossier.holiday_notice (year, shipped, reference, note)
  VALUES (y, false, load_holiday_notice.reference, load_holiday_notice.note);
  INSERT INTO dossier.holiday_notice_day (year, shipped, day, is_working, kind)
  SELECT y, false, o, false, coalesce(c.kind, 'bridge')
  FROM unnest(days_off) o
  LEFT JOIN dossier.computed_public_holidays(y) c ON c.day = o
  UNION ALL
  SELECT y, false, w, true, 'swapped' FROM unnest(working_days) w;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;
COMMENT ON FUNCTION dossier.load_holiday_notice(integer, text, date[], date[], text) IS
  'load or replace the Government''s holiday schedule of a year for state agencies: every Monday-Friday day off and every weekend day worked in return; it takes precedence over the computed holidays (and over a shipped notice) in every calendar with public_holidays; returns the number of days; VN206 for a year outside 1968-2100, VN207 for a day outside the year, listed twice, a weekend day off or a weekday worked';

-- The notices published for 2024-2026, as the Government's documents fix
-- them for state agencies (Monday-Friday days off, weekend days worked).
INSERT INTO dossier.holiday_notice (year, shipped, reference, loaded_at) VALUES
  (2024, true, 'Thông báo của Bộ Lao động - Thương binh và Xã hội về lịch nghỉ Tết Âm lịch và Quốc khánh năm 2024 (Tết 08/2-14/2, Quốc khánh 02/9-03/9); ý kiến của Thủ tướng Chính phủ về hoán đổi ngày làm việc 29/4/2024 sang thứ Bảy 04/5/2024', '2024-01-01'),
  (2025, true, 'Thông báo của Bộ Lao động - Thương binh và Xã hội về lịch nghỉ Tết Âm lịch, 30/4-1/5 và Quốc khánh năm 2025 (Tết 25/1-02/2, hoán đổi 02/5 sang thứ Bảy 26/4, Quốc khánh 30/8-02/9)', '2025-01-01'),
  (2026, true, 'Văn bản 9859/VPCP-KGVX ngày 13/10/2025 (Tết Âm lịch, Quốc khánh, hoán đổi 31/8); Văn bản 12729/VPCP-KGVX ngày 25/12/2025 (Tết Dương lịch, hoán đổi 2/1)', '2026-01-01');
INSERT INTO dossier.holiday_notice_day (year, shipped, day, is_working, kind, note) VALUES
  (2024, true, '2024-01-01', false, 'new_year', 'Tết Dương lịch'),
  (2024, true, '2024-02-08', false, 'tet', 'Tết Nguyên Đán: 29 tháng Chạp'),
  (2024, true, '2024-02-09', false, 'tet', 'Tết Nguyên Đán: 30 tháng Chạp'),
  (2024, true, '2024-02-12', false, 'tet', 'Tết Nguyên Đán: mùng 3'),
  (2024, true, '2024-02-13', false, 'tet', 'Tết Nguyên Đán: mùng 4'),
  (2024, true, '2024-02-14', false, 'tet', 'Tết Nguyên Đán: mùng 5'),
  (2024, true, '2024-04-18', false, 'hung_kings', 'Giỗ Tổ Hùng Vương'),
  (2024, true, '2024-04-29', false, 'bridge', 'hoán đổi, làm bù thứ Bảy 04/5'),
  (2024, true, '2024-04-30', false, 'victory', 'Ngày Chiến thắng'),
  (2024, true, '2024-05-01', false, 'labour', 'Ngày Quốc tế Lao động'),
  (2024, true, '2024-05-04', true, 'swapped', 'làm bù cho thứ Hai 29/4'),
  (2024, true, '2024-09-02', false, 'national_day', 'Quốc khánh'),
  (2024, true, '2024-09-03', false, 'national_day', 'Quốc khánh, ngày liền kề'),
  (2025, true, '2025-01-01', false, 'new_year', 'Tết Dương lịch'),
  (2025, true, '2025-01-27', false, 'tet', 'Tết Nguyên Đán: 28 tháng Chạp'),
  (2025, true, '2025-01-28', false, 'tet', 'Tết Nguyên Đán: 29 tháng Chạp'),
  (2025, true, '2025-01-29', false, 'tet', 'Tết Nguyên Đán: mùng 1'),
  (2025, true, '2025-01-30', false, 'tet', 'Tết Nguyên Đán: mùng 2'),
  (2025, true, '2025-01-31', false, 'tet', 'Tết Nguyên Đán: mùng 3'),
  (2025, true, '2025-04-07', false, 'hung_kings', 'Giỗ Tổ Hùng Vương'),
  (2025, true, '2025-04-26', true, 'swapped', 'làm bù cho thứ Sáu 02/5'),
  (2025, true, '2025-04-30', false, 'victory', 'Ngày Chiến thắng'),
  (2025, true, '2025-05-01', false, 'labour', 'Ngày Quốc tế Lao động'),
  (2025, true, '2025-05-02', false, 'bridge', 'hoán đổi, làm bù thứ Bảy 26/4'),
  (2025, true, '2025-09-01', false, 'national_day', 'Quốc khánh, ngày liền kề'),
  (2025, true, '2025-09-02', false, 'national_day', 'Quốc khánh'),
  (2026, true, '2026-01-01', false, 'new_year', 'Tết Dương lịch'),
  (2026, true, '2026-01-02', false, 'bridge', 'hoán đổi, làm bù thứ Bảy 10/1'),
  (2026, true, '2026-01-10', true, 'swapped', 'làm bù cho thứ Sáu 02/1'),
  (2026, true, '2026-02-16', false, 'tet', 'Tết Nguyên Đán: 29 tháng Chạp'),
  (2026, true, '2026-02-17', false, 'tet', 'Tết Nguyên Đán: mùng 1'),
  (2026, true, '2026-02-18', false, 'tet', 'Tết Nguyên Đán: mùng 2'),
  (2026, true, '2026-02-19', false, 'tet', 'Tết Nguyên Đán: mùng 3'),
  (2026, true, '2026-02-20', false, 'tet', 'Tết Nguyên Đán: mùng 4'),
  (2026, true, '2026-04-27', false, 'compensatory', 'nghỉ bù Giỗ Tổ Hùng Vương (Chủ nhật 26/4)'),
  (2026, true, '2026-04-30', false, 'victory', 'Ngày Chiến thắng'),
  (2026, true, '2026-05-01', false, 'labour', 'Ngày Quốc tế Lao động'),
  (2026, true, '2026-08-22', true, 'swapped', 'làm bù cho thứ Hai 31/8'),
  (2026, true, '2026-08-31', false, 'bridge', 'hoán đổi, làm bù thứ Bảy 22/8'),
  (2026, true, '2026-09-01', false, 'national_day', 'Quốc khánh, ngày liền kề'),
  (2026, true, '2026-09-02', false, 'national_day', 'Quốc khánh');

-- What the DBA loads is dumped; what the extension ships is made again by
-- CREATE EXTENSION.
SELECT pg_catalog.pg_extension_config_dump('dossier.holiday_notice', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('dossier.holiday_notice_day', 'WHERE NOT shipped');

CREATE TRIGGER holiday_notice_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.holiday_notice
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.calendar_changed();
CREATE TRIGGER holiday_notice_day_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.holiday_notice_day
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.calendar_changed();
-- Trust store: anchors, intermediates, CRLs and OCSP responses in tables,
-- certificate, CRL and OCSP response inspection, and certificate path validation with OpenSSL
-- (docs/reference/trust/trust_store.md).

CREATE TYPE dossier.certificate_info AS (
  subject text,
  issuer text,
  serial text,
  not_before timestamptz,
  not_after timestamptz,
  key_algorithm text,
  key_bits integer,
  signature_algorithm text,
  key_usage text[],
  extended_key_usage text[],
  is_ca boolean,
  path_len_constraint integer,
  ski text,
  aki text,
  sha256_fingerprint text,
  self_issued boolean
);
COMMENT ON TYPE dossier.certificate_info IS
  'What dossier.inspect_certificate shows of an X.509 certificate';

CREATE TYPE dossier.crl_info AS (
  der bytea,
  issuer text,
  this_update timestamptz,
  next_update timestamptz,
  revoked_count integer,
  sha256_fingerprint text
);
COMMENT ON TYPE dossier.crl_info IS
  'What dossier.inspect_crl shows of an X.509 CRL, with its DER encoding';

CREATE TYPE dossier.ocsp_response_info AS (
  der bytea,
  responder_id text,
  produced_at timestamptz,
  signature_algorithm text,
  cert_count integer,
  cert_serial text[],
  cert_status text[],
  this_update timestamptz[],
  next_update timestamptz[],
  revocation_time timestamptz[],
  revocation_reason text[],
  hash_algorithm text[],
  issuer_name_hash text[],
  issuer_key_hash text[],
  sha256_fingerprint text,
  response_count integer
);
COMMENT ON TYPE dossier.ocsp_response_info IS
  'What dossier.inspect_ocsp_response shows of an OCSP response: responder, producedAt, and per SingleResponse (array element i) the CertID, status and times';

CREATE TYPE dossier.certificate_verdict AS (
  indication text,
  sub_indication text,
  verdict text,
  subject text,
  issuer text,
  serial text,
  chain text[],
  anchor text,
  key_usage_ok boolean,
  revocation_status text,
  revocation_source text,
  revocation_time timestamptz,
  revocation_reason text,
  validation_time timestamptz,
  errors text[],
  warnings text[],
  chain_length integer
);
COMMENT ON TYPE dossier.certificate_verdict IS
  'Result of dossier.verify_certificate: ETSI EN 319 102-1 indication and sub-indication, verdict word, chain, anchor, revocation, errors and warnings';

CREATE FUNCTION dossier.certificate_der(pem_or_der bytea) RETURNS bytea
  AS 'MODULE_PATHNAME', 'certificate_der'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.certificate_der(bytea) IS
  'DER encoding of one X.509 certificate given in PEM or DER; VN301 if unreadable';

CREATE FUNCTION dossier.inspect_certificate(pem_or_der bytea) RETURNS dossier.certificate_info
  AS 'MODULE_PATHNAME', 'inspect_certificate'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.inspect_certificate(bytea) IS
  'Subject, issuer, serial, validity, key, signature algorithm, key usages, basic constraints, SKI/AKI and SHA-256 fingerprint of a certificate; VN301 if unreadable';

CREATE FUNCTION dossier.inspect_crl(pem_or_der bytea) RETURNS dossier.crl_info
  AS 'MODULE_PATHNAME', 'inspect_crl'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.inspect_crl(bytea) IS
  'DER, issuer, thisUpdate, nextUpdate, entry count and SHA-256 fingerprint of a CRL; VN302 if unreadable';

CREATE FUNCTION dossier.inspect_ocsp_response(der bytea) RETURNS dossier.ocsp_response_info
  AS 'MODULE_PATHNAME', 'inspect_ocsp_response'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.inspect_ocsp_response(bytea) IS
  'Responder id, producedAt, signature algorithm, and per SingleResponse the serial, status, thisUpdate, nextUpdate and revocation of a DER OCSP response; VN303 if unreadable or not successful';

-- The four tables keep the DER as given (normalised from PEM) and columns
-- derived from it by a trigger, so they cannot disagree with the DER.

CREATE TABLE dossier.trust_anchor (
  sha256_fingerprint text PRIMARY KEY,
  der bytea NOT NULL,
  subject text NOT NULL,
  issuer text NOT NULL,
  serial text NOT NULL,
  ski text,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  note text,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dossier.trust_anchor IS
  'Trusted root (or other anchor) certificates: which to trust is the DBA''s choice';

CREATE TABLE dossier.trust_intermediate (LIKE dossier.trust_anchor INCLUDING ALL);
COMMENT ON TABLE dossier.trust_intermediate IS
  'Untrusted CA certificates used to build chains from a certificate to an anchor';

CREATE TABLE dossier.trust_crl (
  sha256_fingerprint text PRIMARY KEY,
  der bytea NOT NULL,
  issuer text NOT NULL,
  this_update timestamptz NOT NULL,
  next_update timestamptz,
  revoked_count integer NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dossier.trust_crl IS
  'Certificate revocation lists; OpenSSL picks the applicable one for each certificate of a chain';

CREATE TABLE dossier.trust_ocsp (
  sha256_fingerprint text PRIMARY KEY,
  der bytea NOT NULL,
  responder_id text NOT NULL,
  produced_at timestamptz NOT NULL,
  cert_serial text[] NOT NULL,
  cert_status text[] NOT NULL,
  this_update timestamptz[] NOT NULL,
  next_update timestamptz[] NOT NULL,
  issuer_key_hash text[] NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dossier.trust_ocsp IS
  'Stored OCSP responses (DER); verify_certificate uses one once OCSP_basic_verify accepts it against the anchors and the validation time lies in its window';

CREATE INDEX ON dossier.trust_anchor (subject);
CREATE INDEX ON dossier.trust_intermediate (subject);
CREATE INDEX ON dossier.trust_crl (issuer);

SELECT pg_catalog.pg_extension_config_dump('dossier.trust_anchor', '');
SELECT pg_catalog.pg_extension_config_dump('dossier.trust_intermediate', '');
SELECT pg_catalog.pg_extension_config_dump('dossier.trust_crl', '');
SELECT pg_catalog.pg_extension_config_dump('dossier.trust_ocsp', '');

CREATE FUNCTION dossier.trust_certificate_fill() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  i dossier.certificate_info;
BEGIN
  NEW.der := dossier.certificate_der(NEW.der);
  i := dossier.inspect_certificate(NEW.der);
  NEW.sha256_fingerprint := i.sha256_fingerprint;
  NEW.subject := i.subject;
  NEW.issuer := i.issuer;
  NEW.serial := i.serial;
  NEW.ski := i.ski;
  NEW.not_before := i.not_before;
  NEW.not_after := i.not_after;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION dossier.trust_certificate_fill() IS
  'Trigger: normalise der to DER and derive the other columns of a trust certificate row from it';

CREATE FUNCTION dossier.trust_crl_fill() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  i dossier.crl_info;
BEGIN
  i := dossier.inspect_crl(NEW.der);
  NEW.der := i.der;
  NEW.sha256_fingerprint := i.sha256_fingerprint;
  NEW.issuer := i.issuer;
  NEW.this_update := i.this_update;
  NEW.next_update := i.next_update;
  NEW.revoked_count := i.revoked_count;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION dossier.trust_crl_fill() IS
  'Trigger: normalise der to DER and derive the other columns of a CRL row from it';

CREATE FUNCTION dossier.trust_ocsp_fill() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  i dossier.ocsp_response_info;
BEGIN
  i := dossier.inspect_ocsp_response(NEW.der);
  NEW.der := i.der;
  NEW.sha256_fingerprint := i.sha256_fingerprint;
  NEW.responder_id := i.responder_id;
  NEW.produced_at := i.produced_at;
  NEW.cert_serial := i.cert_serial;
  NEW.cert_status := i.cert_status;
  NEW.this_update := i.this_update;
  NEW.next_update := i.next_update;
  NEW.issuer_key_hash := i.issuer_key_hash;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION dossier.trust_ocsp_fill() IS
  'Trigger: derive the columns of an OCSP response row from its DER';

-- Triggers never run in parallel workers; RESTRICTED says it must run in the
-- leader, which is where writes (and so invalidations) happen.
CREATE FUNCTION dossier.trust_store_changed() RETURNS trigger
  AS 'MODULE_PATHNAME', 'trust_store_changed'
  LANGUAGE C PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.trust_store_changed() IS
  'Trigger: tell every backend that its cached trust store is stale';

CREATE TRIGGER trust_anchor_fill BEFORE INSERT OR UPDATE ON dossier.trust_anchor
  FOR EACH ROW EXECUTE FUNCTION dossier.trust_certificate_fill();
CREATE TRIGGER trust_intermediate_fill BEFORE INSERT OR UPDATE ON dossier.trust_intermediate
  FOR EACH ROW EXECUTE FUNCTION dossier.trust_certificate_fill();
CREATE TRIGGER trust_crl_fill BEFORE INSERT OR UPDATE ON dossier.trust_crl
  FOR EACH ROW EXECUTE FUNCTION dossier.trust_crl_fill();
CREATE TRIGGER trust_ocsp_fill BEFORE INSERT OR UPDATE ON dossier.trust_ocsp
  FOR EACH ROW EXECUTE FUNCTION dossier.trust_ocsp_fill();
CREATE TRIGGER trust_anchor_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON dossier.trust_anchor FOR EACH STATEMENT EXECUTE FUNCTION dossier.trust_store_changed();
CREATE TRIGGER trust_intermediate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON dossier.trust_intermediate FOR EACH STATEMENT EXECUTE FUNCTION dossier.trust_store_changed();
CREATE TRIGGER trust_crl_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON dossier.trust_crl FOR EACH STATEMENT EXECUTE FUNCTION dossier.trust_store_changed();
CREATE TRIGGER trust_ocsp_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON dossier.trust_ocsp FOR EACH STATEMENT EXECUTE FUNCTION dossier.trust_store_changed();

CREATE FUNCTION dossier.load_certificate(pem_or_der bytea, as_anchor boolean DEFAULT false,
                                         note text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE AS $$
DECLARE
  fp text;
BEGIN
  -- not STRICT: note defaults to NULL; a NULL certificate gives NULL
  IF pem_or_der IS NULL THEN
    RETURN NULL;
  END IF;
  IF coalesce(as_anchor, false) THEN
    INSERT INTO dossier.trust_anchor AS t (sha256_fingerprint, der, subject, issuer, serial,
                                           not_before, not_after, note)
    VALUES ('', pem_or_der, '', '', '', 'epoch', 'epoch', load_certificate.note)
    ON CONFLICT (sha256_fingerprint) DO UPDATE SET note = coalesce(EXCLUDED.note, t.note)
    RETURNING t.sha256_fingerprint INTO fp;
  ELSE
    INSERT INTO dossier.trust_intermediate AS t (sha256_fingerprint, der, subject, issuer, serial,
                                                 not_before, not_after, note)
    VALUES ('', pem_or_der, '', '', '', 'epoch', 'epoch', load_certificate.note)
    ON CONFLICT (sha256_fingerprint) DO UPDATE SET note = coalesce(EXCLUDED.note, t.note)
    RETURNING t.sha256_fingerprint INTO fp;
  END IF;
  RETURN fp;
END
$$;
COMMENT ON FUNCTION dossier.load_certificate(bytea, boolean, text) IS
  'Store a PEM or DER certificate as a trust anchor (as_anchor) or an intermediate; returns its SHA-256 fingerprint; loading twice is a no-op';

CREATE FUNCTION dossier.load_crl(pem_or_der bytea) RETURNS text
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE AS $$
DECLARE
  fp text;
BEGIN
  INSERT INTO dossier.trust_crl AS t (sha256_fingerprint, der, issuer, this_update, revoked_count)
  VALUES ('', pem_or_der, '', 'epoch', 0)
  ON CONFLICT (sha256_fingerprint) DO NOTHING
  RETURNING t.sha256_fingerprint INTO fp;
  RETURN coalesce(fp, (dossier.inspect_crl(pem_or_der)).sha256_fingerprint);
END
$$;
COMMENT ON FUNCTION dossier.load_crl(bytea) IS
  'Store a PEM or DER CRL; returns its SHA-256 fingerprint; loading twice is a no-op';

CREATE FUNCTION dossier.load_ocsp_response(der bytea) RETURNS text
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE AS $$
DECLARE
  fp text;
BEGIN
  INSERT INTO dossier.trust_ocsp AS t (sha256_fingerprint, der, responder_id, produced_at,
                                       cert_serial, cert_status, this_update, next_update,
                                       issuer_key_hash)
  VALUES ('', der, '', 'epoch', '{}', '{}', '{}', '{}', '{}')
  ON CONFLICT (sha256_fingerprint) DO NOTHING
  RETURNING t.sha256_fingerprint INTO fp;
  RETURN coalesce(fp, (dossier.inspect_ocsp_response(der)).sha256_fingerprint);
END
$$;
COMMENT ON FUNCTION dossier.load_ocsp_response(bytea) IS
  'Store a DER OCSP response (successful status); returns its SHA-256 fingerprint; loading twice is a no-op';

CREATE FUNCTION dossier.verify_certificate(
    cert bytea,
    at timestamptz DEFAULT now(),
    intermediates bytea[] DEFAULT NULL,
    require_revocation boolean DEFAULT true,
    policies text[] DEFAULT NULL,
    explicit_policy boolean DEFAULT false,
    inhibit_policy_mapping boolean DEFAULT false,
    inhibit_any_policy boolean DEFAULT false)
  RETURNS dossier.certificate_verdict
  AS 'MODULE_PATHNAME', 'verify_certificate'
  LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.verify_certificate(bytea, timestamptz, bytea[], boolean, text[], boolean, boolean, boolean) IS
  'Validate a certificate''s path to a stored trust anchor at a given time, with CRL and stored OCSP revocation; returns a dossier.certificate_verdict';
-- Signature verification: the verdict type shared by CMS and (later) PDF
-- signatures, and detached CMS verification against the trust store
-- (docs/reference/cms/signatures.md).

CREATE TYPE dossier.signature_coverage AS ENUM ('entire_file', 'entire_revision', 'unclear');
COMMENT ON TYPE dossier.signature_coverage IS
  'How much of a PDF file a signature covers: the whole file, the whole revision it signed, or unclear';

CREATE TYPE dossier.modification_level AS ENUM
  ('none', 'signatures_only', 'form_filling', 'annotations', 'other');
COMMENT ON TYPE dossier.modification_level IS
  'The most a PDF was changed after a signature: nothing, further signatures, form filling, annotations, or anything else';

CREATE TYPE dossier.signature_verdict AS (
  verdict text,
  indication text,
  sub_indication text,
  digest_matches boolean,
  signature_value_ok boolean,
  byte_range int8[],
  coverage dossier.signature_coverage,
  modification_level dossier.modification_level,
  docmdp_permission integer,
  docmdp_respected boolean,
  signer_subject text,
  signer_issuer text,
  signer_serial text,
  signer_certificate bytea,
  chain text[],
  anchor text,
  key_usage_ok boolean,
  certificate_time_status text,
  revocation_status text,
  revocation_source text,
  revocation_time timestamptz,
  revocation_reason text,
  claimed_signing_time timestamptz,
  timestamp_time timestamptz,
  timestamp_status text,
  timestamp_authority text,
  validation_time timestamptz,
  warnings text[],
  errors text[]
);
COMMENT ON TYPE dossier.signature_verdict IS
  'Result of a signature verification: verdict word by the fixed precedence malformed > tampered > attack > revoked > expired > untrusted > indeterminate > valid, ETSI EN 319 102-1 indication and sub-indication, integrity, PDF structure (NULL for CMS), signer and chain, revocation, claimed and validation times, signature timestamps (the earliest valid genTime is the best-signature-time, a proof of existence), warnings and errors';

CREATE FUNCTION dossier.verify_cms(
    content bytea,
    signature bytea,
    at timestamptz DEFAULT now(),
    require_revocation boolean DEFAULT true)
  RETURNS dossier.signature_verdict
  AS 'MODULE_PATHNAME', 'verify_cms'
  LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.verify_cms(bytea, bytea, timestamptz, boolean) IS
  'Verify a detached CMS/PKCS#7 signature (DER or BER) of content at a given time against the trust store; returns a dossier.signature_verdict';
-- PDF signature verification: the structure of every signature of a PDF
-- (ByteRange, coverage, changes after signing, DocMDP) combined with the
-- CMS verification of its signed bytes, one row per signature, and the
-- document verdict (docs/reference/cms/signatures.md, "verify_pdf").

CREATE FUNCTION dossier.verify_pdf(
    pdf bytea,
    at timestamptz DEFAULT now(),
    require_revocation boolean DEFAULT true)
  RETURNS TABLE (
    signature_number integer,
    field_name text,
    subfilter text,
    revision integer,
    verdict text,
    indication text,
    sub_indication text,
    digest_matches boolean,
    signature_value_ok boolean,
    byte_range int8[],
    coverage dossier.signature_coverage,
    modification_level dossier.modification_level,
    docmdp_permission integer,
    docmdp_respected boolean,
    signer_subject text,
    signer_issuer text,
    signer_serial text,
    signer_certificate bytea,
    chain text[],
    anchor text,
    key_usage_ok boolean,
    certificate_time_status text,
    revocation_status text,
    revocation_source text,
    revocation_time timestamptz,
    revocation_reason text,
    claimed_signing_time timestamptz,
    timestamp_time timestamptz,
    timestamp_status text,
    timestamp_authority text,
    validation_time timestamptz,
    warnings text[],
    errors text[])
  AS 'MODULE_PATHNAME', 'verify_pdf'
  LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 2;
COMMENT ON FUNCTION dossier.verify_pdf(bytea, timestamptz, boolean) IS
  'Verify every signature of a PDF at a given time against the trust store: one row per signature in revision order (number, field name, /SubFilter, revision) with the columns of dossier.signature_verdict; structure and CMS combined by the fixed precedence; VN304 if the file is not a readable PDF';

CREATE FUNCTION dossier.verify_pdf_summary(
    pdf bytea,
    at timestamptz DEFAULT now(),
    require_revocation boolean DEFAULT true,
    OUT signature_count integer,
    OUT revision_count integer,
    OUT all_passed boolean,
    OUT last_covers_whole_file boolean,
    OUT unsigned_trailing_bytes bigint,
    OUT worst_verdict text,
    OUT findings text[])
  RETURNS record
  AS 'MODULE_PATHNAME', 'verify_pdf_summary'
  LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.verify_pdf_summary(bytea, timestamptz, boolean) IS
  'The document verdict of a PDF: signature and revision counts, whether every signature (document timestamps included) is TOTAL_PASSED, whether the last one covers the whole file, unsigned trailing bytes, the worst verdict by the fixed precedence, and document-level findings; VN304 if the file is not a readable PDF';
-- A helper for the digitization checks of later issues: does a PDF carry a
-- valid signature by a given signer (docs/reference/cms/signatures.md,
-- "pdf_signed_by").

CREATE FUNCTION dossier.pdf_signed_by(
    pdf bytea,
    signer_fingerprint text DEFAULT NULL,
    signer_subject_like text DEFAULT NULL,
    at timestamptz DEFAULT now(),
    require_revocation boolean DEFAULT true)
  RETURNS boolean
  LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  fp text := upper(regexp_replace(signer_fingerprint, '[:\s]', '', 'g'));
  found boolean;
BEGIN
  IF pdf IS NULL THEN
    RETURN NULL;
  END IF;
  IF fp IS NOT NULL AND fp !~ '^[0-9A-F]{64}$' THEN
    RAISE EXCEPTION 'invalid SHA-256 fingerprint: "%"', left(signer_fingerprint, 100)
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'A SHA-256 fingerprint is 64 hexadecimal digits, optionally separated by colons or spaces.',
            HINT = 'Pass the sha256_fingerprint of dossier.inspect_certificate or of a trust table, or NULL to match any signer.';
  END IF;
  SELECT coalesce(bool_or(true), false) INTO found
  FROM dossier.verify_pdf(pdf, coalesce(at, pg_catalog.now()), coalesce(require_revocation, true)) v
  WHERE v.indication OPERATOR(pg_catalog.=) 'TOTAL_PASSED'
    AND (fp IS NULL
         OR upper(encode(sha256(v.signer_certificate), 'hex')) OPERATOR(pg_catalog.=) fp)
    AND (signer_subject_like IS NULL OR v.signer_subject LIKE signer_subject_like);
  RETURN found;
END
$$;
COMMENT ON FUNCTION dossier.pdf_signed_by(bytea, text, text, timestamptz, boolean) IS
  'True when the PDF carries at least one signature that verifies (TOTAL_PASSED) at the given time whose signer certificate has the given SHA-256 fingerprint and whose subject matches the given LIKE pattern (NULL filters match any signer); 22023 for a malformed fingerprint, VN304 if the file is not a readable PDF';
-- dossier_status: the ten DVCQG dossier status codes (docs/domain.md §2),
-- stored as a pass-by-value int2 ordered by code; dossier_action: the lifecycle
-- actions; and the SQL face of the one transition table in
-- src/core/lifecycle/lifecycle.c (docs/reference/lifecycle/lifecycle.md).

CREATE TYPE dossier.dossier_status;

CREATE FUNCTION dossier.dossier_status_in(cstring) RETURNS dossier.dossier_status
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.dossier_status_out(dossier.dossier_status) RETURNS cstring
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.dossier_status_recv(internal) RETURNS dossier.dossier_status
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dossier.dossier_status_send(dossier.dossier_status) RETURNS bytea
  AS 'int2send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE dossier.dossier_status (
  INPUT = dossier.dossier_status_in,
  OUTPUT = dossier.dossier_status_out,
  RECEIVE = dossier.dossier_status_recv,
  SEND = dossier.dossier_status_send,
  INTERNALLENGTH = 2,
  PASSEDBYVALUE,
  ALIGNMENT = int2,
  STORAGE = plain
);
COMMENT ON TYPE dossier.dossier_status IS
  'DVCQG dossier status (TrangThaiHoSo 1-10): input by code, English identifier or Vietnamese name; output the English identifier; ordered by code';

COMMENT ON FUNCTION dossier.dossier_status_in(cstring) IS 'text input of dossier_status: code, English identifier or Vietnamese name';
COMMENT ON FUNCTION dossier.dossier_status_out(dossier.dossier_status) IS 'text output of dossier_status: the English identifier';
COMMENT ON FUNCTION dossier.dossier_status_recv(internal) IS 'binary input of dossier_status: the int2 code';
COMMENT ON FUNCTION dossier.dossier_status_send(dossier.dossier_status) IS 'binary output of dossier_status: the int2 code';

CREATE FUNCTION dossier.dossier_status_cmp(dossier.dossier_status, dossier.dossier_status) RETURNS int4
  AS 'btint2cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_status_eq(dossier.dossier_status, dossier.dossier_status) RETURNS bool
  AS 'int2eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_status_ne(dossier.dossier_status, dossier.dossier_status) RETURNS bool
  AS 'int2ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_status_lt(dossier.dossier_status, dossier.dossier_status) RETURNS bool
  AS 'int2lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_status_le(dossier.dossier_status, dossier.dossier_status) RETURNS bool
  AS 'int2le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_status_gt(dossier.dossier_status, dossier.dossier_status) RETURNS bool
  AS 'int2gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_status_ge(dossier.dossier_status, dossier.dossier_status) RETURNS bool
  AS 'int2ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_status_hash(dossier.dossier_status) RETURNS int4
  AS 'hashint2' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_status_hash_extended(dossier.dossier_status, int8) RETURNS int8
  AS 'hashint2extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION dossier.dossier_status_sortsupport(internal) RETURNS void
  AS 'btint2sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION dossier.dossier_status_cmp(dossier.dossier_status, dossier.dossier_status) IS 'btree comparison of dossier_status, by code';
COMMENT ON FUNCTION dossier.dossier_status_eq(dossier.dossier_status, dossier.dossier_status) IS 'implementation of = for dossier_status';
COMMENT ON FUNCTION dossier.dossier_status_ne(dossier.dossier_status, dossier.dossier_status) IS 'implementation of <> for dossier_status';
COMMENT ON FUNCTION dossier.dossier_status_lt(dossier.dossier_status, dossier.dossier_status) IS 'implementation of < for dossier_status';
COMMENT ON FUNCTION dossier.dossier_status_le(dossier.dossier_status, dossier.dossier_status) IS 'implementation of <= for dossier_status';
COMMENT ON FUNCTION dossier.dossier_status_gt(dossier.dossier_status, dossier.dossier_status) IS 'implementation of > for dossier_status';
COMMENT ON FUNCTION dossier.dossier_status_ge(dossier.dossier_status, dossier.dossier_status) IS 'implementation of >= for dossier_status';
COMMENT ON FUNCTION dossier.dossier_status_hash(dossier.dossier_status) IS 'hash of dossier_status (smallint hash of the code)';
COMMENT ON FUNCTION dossier.dossier_status_hash_extended(dossier.dossier_status, int8) IS 'seeded 64-bit hash of dossier_status';
COMMENT ON FUNCTION dossier.dossier_status_sortsupport(internal) IS 'sort support for dossier_status';

CREATE OPERATOR dossier.= (
  LEFTARG = dossier.dossier_status, RIGHTARG = dossier.dossier_status,
  FUNCTION = dossier.dossier_status_eq, COMMUTATOR = OPERATOR(dossier.=),
  NEGATOR = OPERATOR(dossier.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
  HASHES, MERGES);
CREATE OPERATOR dossier.<> (
  LEFTARG = dossier.dossier_status, RIGHTARG = dossier.dossier_status,
  FUNCTION = dossier.dossier_status_ne, COMMUTATOR = OPERATOR(dossier.<>),
  NEGATOR = OPERATOR(dossier.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR dossier.< (
  LEFTARG = dossier.dossier_status, RIGHTARG = dossier.dossier_status,
  FUNCTION = dossier.dossier_status_lt, COMMUTATOR = OPERATOR(dossier.>),
  NEGATOR = OPERATOR(dossier.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR dossier.<= (
  LEFTARG = dossier.dossier_status, RIGHTARG = dossier.dossier_status,
  FUNCTION = dossier.dossier_status_le, COMMUTATOR = OPERATOR(dossier.>=),
  NEGATOR = OPERATOR(dossier.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR dossier.> (
  LEFTARG = dossier.dossier_status, RIGHTARG = dossier.dossier_status,
  FUNCTION = dossier.dossier_status_gt, COMMUTATOR = OPERATOR(dossier.<),
  NEGATOR = OPERATOR(dossier.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR dossier.>= (
  LEFTARG = dossier.dossier_status, RIGHTARG = dossier.dossier_status,
  FUNCTION = dossier.dossier_status_ge, COMMUTATOR = OPERATOR(dossier.<=),
  NEGATOR = OPERATOR(dossier.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

COMMENT ON OPERATOR dossier.= (dossier.dossier_status, dossier.dossier_status) IS 'equal';
COMMENT ON OPERATOR dossier.<> (dossier.dossier_status, dossier.dossier_status) IS 'not equal';
COMMENT ON OPERATOR dossier.< (dossier.dossier_status, dossier.dossier_status) IS 'less than, by DVCQG code';
COMMENT ON OPERATOR dossier.<= (dossier.dossier_status, dossier.dossier_status) IS 'less than or equal, by DVCQG code';
COMMENT ON OPERATOR dossier.> (dossier.dossier_status, dossier.dossier_status) IS 'greater than, by DVCQG code';
COMMENT ON OPERATOR dossier.>= (dossier.dossier_status, dossier.dossier_status) IS 'greater than or equal, by DVCQG code';

CREATE OPERATOR CLASS dossier.dossier_status_ops
  DEFAULT FOR TYPE dossier.dossier_status USING btree AS
    OPERATOR 1 dossier.<,
    OPERATOR 2 dossier.<=,
    OPERATOR 3 dossier.=,
    OPERATOR 4 dossier.>=,
    OPERATOR 5 dossier.>,
    FUNCTION 1 dossier.dossier_status_cmp(dossier.dossier_status, dossier.dossier_status),
    FUNCTION 2 dossier.dossier_status_sortsupport(internal);
COMMENT ON OPERATOR CLASS dossier.dossier_status_ops USING btree IS
  'default btree operator class for dossier_status: order of the DVCQG codes';
CREATE OPERATOR CLASS dossier.dossier_status_hash_ops
  DEFAULT FOR TYPE dossier.dossier_status USING hash AS
    OPERATOR 1 dossier.=,
    FUNCTION 1 dossier.dossier_status_hash(dossier.dossier_status),
    FUNCTION 2 dossier.dossier_status_hash_extended(dossier.dossier_status, int8);
COMMENT ON OPERATOR CLASS dossier.dossier_status_hash_ops USING hash IS
  'default hash operator class for dossier_status';

-- Casts: text forms are I/O conversions, as for the identifier types.
CREATE CAST (text AS dossier.dossier_status) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.dossier_status AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS dossier.dossier_status) WITH INOUT AS ASSIGNMENT;
CREATE CAST (dossier.dossier_status AS varchar) WITH INOUT AS ASSIGNMENT;

CREATE FUNCTION dossier.status_code(dossier.dossier_status) RETURNS int4
  AS 'MODULE_PATHNAME', 'dossier_status_code'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.status_code(dossier.dossier_status) IS
  'DVCQG code of a status, 1-10 (field TrangThaiHoSo)';
CREATE FUNCTION dossier.status_name_vi(dossier.dossier_status) RETURNS text
  AS 'MODULE_PATHNAME', 'dossier_status_name_vi'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.status_name_vi(dossier.dossier_status) IS
  'Vietnamese DVCQG name of a status, e.g. Đang xử lý';
CREATE FUNCTION dossier.status_from_code(int4) RETURNS dossier.dossier_status
  AS 'MODULE_PATHNAME', 'dossier_status_from_code'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.status_from_code(int4) IS
  'status of a DVCQG code 1-10; 22P02 for any other code';
CREATE FUNCTION dossier.is_final(dossier.dossier_status) RETURNS bool
  AS 'MODULE_PATHNAME', 'dossier_status_is_final'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.is_final(dossier.dossier_status) IS
  'true for the final statuses refused (3), stopped (8) and result_returned (10), from which no action is allowed';

-- The labels and their order are those of src/core/lifecycle/lifecycle.h; the C code
-- converts by label, and lifecycle_table checks the two agree.
CREATE TYPE dossier.dossier_action AS ENUM (
  'receive', 'refuse', 'start_processing', 'move_step', 'request_supplement',
  'supplement_received', 'request_payment', 'paid', 'request_withdrawal',
  'stop', 'resolve', 'recall', 'return_result', 'transfer', 'apologize');
COMMENT ON TYPE dossier.dossier_action IS
  'an action that changes, or keeps, a dossier''s DVCQG status; dossier.transition_table says where each leads';

-- STABLE, not IMMUTABLE: enum values are converted by label, which reads
-- the catalogue, as enum_in and enum_out do.
CREATE FUNCTION dossier.next_status(dossier.dossier_status, dossier.dossier_action)
  RETURNS dossier.dossier_status
  AS 'MODULE_PATHNAME', 'dossier_next_status'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.next_status(dossier.dossier_status, dossier.dossier_action) IS
  'status the action leads to from the status; SQLSTATE VN101 when the transition table forbids it';
CREATE FUNCTION dossier.allowed_actions(dossier.dossier_status)
  RETURNS dossier.dossier_action[]
  AS 'MODULE_PATHNAME', 'dossier_allowed_actions'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.allowed_actions(dossier.dossier_status) IS
  'actions allowed from a status, in enum order; empty for a final status';
CREATE FUNCTION dossier.transition_cells(
    OUT from_status dossier.dossier_status,
    OUT action dossier.dossier_action,
    OUT to_status dossier.dossier_status,
    OUT prior_status dossier.dossier_status)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'dossier_transition_cells'
  LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 165;
COMMENT ON FUNCTION dossier.transition_cells() IS
  'every cell of the transition table of src/core/lifecycle/lifecycle.c: 10 statuses x 15 actions with prior_status NULL, then the 15 cells of each row that depends on the status before (6 reached from 9); to_status NULL when forbidden';

CREATE VIEW dossier.transition_table AS
  SELECT from_status, action, to_status, prior_status FROM dossier.transition_cells();
COMMENT ON VIEW dossier.transition_table IS
  'the one transition table (docs/domain.md §2): every (from_status, action) pair with the status it leads to, NULL when forbidden; a row with prior_status applies instead of the general one (prior_status NULL) to a dossier that reached from_status from prior_status';
-- The SQL roles of a one-stop desk (issue 3 item 4; docs/roles.md).
--
-- Group roles (NOLOGIN): a deployment grants them to the login roles of its
-- officials and to its portal's service account.  Staff act as themselves;
-- the portal acts on behalf of an applicant and names them on every call.
-- Roles belong to the cluster, not to a database: they are created only if
-- missing (a second database reuses them) and are not dropped with the
-- extension (docs/dba-guide.md says how to drop them).

DO $roles$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES
    ('dossier_desk_officer', 'one-stop desk officer (cán bộ tiếp nhận, bộ phận một cửa): registers, receives, refuses, requests supplements, returns results'),
    ('dossier_specialist',   'specialist (chuyên viên xử lý): reviews a dossier during processing, requests supplements or fees'),
    ('dossier_leader',       'leader (lãnh đạo): assigns, signs, stops, recalls, transfers and apologises'),
    ('dossier_clerk',        'clerk (văn thư): stamps and issues the result'),
    ('dossier_analyst',      'analyst: reads dossiers and reports, changes nothing'),
    ('dossier_auditor',      'auditor: reads dossiers, history and outbox, verifies the history chain'),
    ('dossier_dba',          'DBA of the dossier extension: configures procedures, steps and calendars, runs the outbox, may lift the history guard (recorded)'),
    ('dossier_portal',       'service account of a portal acting on behalf of applicants: registers online dossiers and does what an applicant may do'),
    ('dossier_importer',     'migration account: imports dossiers and past events of another system through dossier.import_dossier and dossier.import_transition, each marked with its source')
  ) AS v(name, note)
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r.name);
    END IF;
    EXECUTE format('COMMENT ON ROLE %I IS %L', r.name, r.note);
    EXECUTE format('GRANT USAGE ON SCHEMA dossier TO %I', r.name);
  END LOOP;
END
$roles$;
-- Dossiers (hồ sơ), their internal processing steps, their tamper-evident
-- history and the DVCQG sync outbox (issue 3; docs/reference/lifecycle/dossier.md).
--
-- Nothing here is written directly: dossier.register_dossier and
-- dossier.transition (src/pg/lifecycle/transition.c) are the only writers of
-- dossier.dossier, dossier.dossier_event and the outbox rows they add, and C
-- guard triggers refuse every other INSERT, UPDATE, DELETE or TRUNCATE of the
-- first two unless a DBA lifts the guard with dossier.lift_history_guard,
-- which is itself recorded in dossier.guard_log.

CREATE TYPE dossier.channel AS ENUM ('direct', 'online', 'postal');
COMMENT ON TYPE dossier.channel IS
  'how a dossier was filed: direct (at the one-stop desk), online (through a portal), postal (public postal service, bưu chính công ích); DVCQG KenhThucHien 1, 2, 3';

ALTER TABLE dossier.procedure
  ADD CONSTRAINT procedure_calendar_fkey FOREIGN KEY (calendar)
  REFERENCES dossier.calendar (name) ON UPDATE CASCADE;

-- -------------------------------------------------------------------------
-- Internal steps of processing (status 4), per procedure
-- -------------------------------------------------------------------------

CREATE TABLE dossier.procedure_step (
  procedure dossier.procedure_code NOT NULL
              REFERENCES dossier.procedure (code) ON UPDATE CASCADE ON DELETE CASCADE,
  step      int2 NOT NULL CONSTRAINT procedure_step_positive CHECK (step BETWEEN 1 AND 100),
  name      text NOT NULL CHECK (name <> ''),
  role      regrole NOT NULL,
  note      text,
  PRIMARY KEY (procedure, step)
);
COMMENT ON TABLE dossier.procedure_step IS
  'internal steps of processing (status 4) of a procedure, in order, each with the SQL role that may complete it; a procedure without rows has no internal steps';
COMMENT ON COLUMN dossier.procedure_step.procedure IS 'the procedure';
COMMENT ON COLUMN dossier.procedure_step.step IS 'position of the step, 1 first; steps must be numbered 1, 2, 3... without gaps';
COMMENT ON COLUMN dossier.procedure_step.name IS 'name of the step, e.g. assign department, specialist review, leader signs, clerk stamps';
COMMENT ON COLUMN dossier.procedure_step.role IS 'SQL role whose members (or a superuser) may complete the step';
COMMENT ON COLUMN dossier.procedure_step.note IS 'free remarks';
SELECT pg_catalog.pg_extension_config_dump('dossier.procedure_step', '');

-- Steps are numbered without gaps, checked once per statement so that a
-- whole sequence can be renumbered in one statement.
CREATE FUNCTION dossier.procedure_step_check() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bad record;
BEGIN
  SELECT s.procedure, count(*) AS n, max(s.step) AS top INTO bad
  FROM dossier.procedure_step s
  GROUP BY s.procedure
  HAVING count(*) OPERATOR(pg_catalog.<>) max(s.step)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'steps of procedure % are not numbered 1 to %', bad.procedure, bad.n
      USING ERRCODE = 'VN105',
            DETAIL = format('The procedure has %s steps and the highest is step %s.', bad.n, bad.top),
            HINT = 'Number the steps of a procedure 1, 2, 3... without gaps; renumber them in one statement.';
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION dossier.procedure_step_check() IS
  'trigger: refuses a statement that leaves the steps of a procedure not numbered 1..n (SQLSTATE VN105)';
CREATE TRIGGER procedure_step_check AFTER INSERT OR UPDATE OR DELETE ON dossier.procedure_step
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.procedure_step_check();

CREATE FUNCTION dossier.procedure_step_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'procedure_step_changed'
LANGUAGE C PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.procedure_step_changed() IS
  'trigger: marks the steps cached by every backend stale once the changing transaction commits (and in its own backend at once)';
CREATE TRIGGER procedure_step_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossier.procedure_step
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.procedure_step_changed();
-- a renamed or deleted procedure cascades into the steps
CREATE TRIGGER procedure_changed AFTER UPDATE OR DELETE OR TRUNCATE ON dossier.procedure
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.procedure_step_changed();

-- -------------------------------------------------------------------------
-- Dossiers
-- -------------------------------------------------------------------------

CREATE TABLE dossier.dossier (
  code               dossier.dossier_code PRIMARY KEY,
  procedure          dossier.procedure_code NOT NULL REFERENCES dossier.procedure (code),
  agency             dossier.agency_code NOT NULL REFERENCES dossier.agency (code),
  receiving_agency   dossier.agency_code NOT NULL REFERENCES dossier.agency (code),
  owner_citizen      dossier.citizen_id,
  owner_enterprise   dossier.tax_code,
  channel            dossier.channel NOT NULL,
  status             dossier.dossier_status NOT NULL,
  step               int2,
  registered_at      timestamptz NOT NULL,
  received_at        timestamptz,
  due_at             timestamptz,
  appointment_at     timestamptz,
  paused_at          timestamptz,
  supplement_requests int2 NOT NULL DEFAULT 0,
  supplement_time    interval NOT NULL DEFAULT '0',
  resolved_at        timestamptz,
  returned_at        timestamptz,
  stopped_at         timestamptz,
  withdrawn_at       timestamptz,
  ended_at           timestamptz GENERATED ALWAYS AS
                       (COALESCE(resolved_at, returned_at, stopped_at, withdrawn_at)) STORED,
  prior_status       dossier.dossier_status,
  updated_at         timestamptz NOT NULL,
  events             int4 NOT NULL,
  head               bytea NOT NULL,
  CONSTRAINT dossier_one_owner CHECK (num_nonnulls(owner_citizen, owner_enterprise) = 1),
  CONSTRAINT dossier_head_sha256 CHECK (octet_length(head) = 32)
) WITH (fillfactor = 85);
COMMENT ON TABLE dossier.dossier IS
  'dossiers (hồ sơ thủ tục hành chính): one row per dossier, its current status and deadlines; written only by dossier.register_dossier and dossier.transition';
COMMENT ON COLUMN dossier.dossier.code IS 'dossier code (mã hồ sơ) printed on the receipt slip';
COMMENT ON COLUMN dossier.dossier.procedure IS 'the administrative procedure';
COMMENT ON COLUMN dossier.dossier.agency IS 'agency now responsible for the dossier (changes on transfer, liên thông)';
COMMENT ON COLUMN dossier.dossier.receiving_agency IS 'agency whose one-stop desk registered the dossier';
COMMENT ON COLUMN dossier.dossier.owner_citizen IS 'owner when a person: personal identification number (số định danh cá nhân)';
COMMENT ON COLUMN dossier.dossier.owner_enterprise IS 'owner when an organisation: tax code (mã số thuế / mã số doanh nghiệp)';
COMMENT ON COLUMN dossier.dossier.channel IS 'how the dossier was filed';
COMMENT ON COLUMN dossier.dossier.status IS 'current DVCQG status (TrangThaiHoSo)';
COMMENT ON COLUMN dossier.dossier.step IS 'current internal step of processing (dossier.procedure_step); kept while a supplement or a fee interrupts processing (2, 5, 6), so that it resumes there; NULL before processing, after it ends, or when the procedure has none';
COMMENT ON COLUMN dossier.dossier.registered_at IS 'when the dossier was registered (status 1)';
COMMENT ON COLUMN dossier.dossier.received_at IS 'when it was received (status 2, receipt slip Mẫu 01); the clock starts at the next working instant';
COMMENT ON COLUMN dossier.dossier.due_at IS 'legal due date: received_at plus the procedure''s processing time, moved only by supplements (never by an apology); on-time reporting compares against it';
COMMENT ON COLUMN dossier.dossier.appointment_at IS 'date promised to the applicant for the result (ngày hẹn trả): the due date, or the later date of an apology (phiếu xin lỗi và hẹn lại)';
COMMENT ON COLUMN dossier.dossier.paused_at IS 'start of the open supplement request (status 5): the clock is paused since then';
COMMENT ON COLUMN dossier.dossier.supplement_requests IS 'number of supplement requests (Mẫu 02) so far; more than one makes the dossier overdue (Decision 766/QĐ-TTg item 2.1, docs/domain.md §3)';
COMMENT ON COLUMN dossier.dossier.supplement_time IS 'working time not counted because of supplements: the paused time (extend mode), or all the time from receipt to the arrival of the papers (restart mode); docs/domain.md §3';
COMMENT ON COLUMN dossier.dossier.resolved_at IS 'first time processing finished (status 9)';
COMMENT ON COLUMN dossier.dossier.returned_at IS 'when the result was returned (status 10)';
COMMENT ON COLUMN dossier.dossier.stopped_at IS 'when the dossier was stopped (8) or refused (3)';
COMMENT ON COLUMN dossier.dossier.withdrawn_at IS 'when a received dossier''s owner asked to withdraw it (7)';
COMMENT ON COLUMN dossier.dossier.ended_at IS 'end of processing for on-time reporting (Decision 766/QĐ-TTg item 2.1, docs/domain.md §3): the first of resolved_at, returned_at, stopped_at, withdrawn_at';
COMMENT ON COLUMN dossier.dossier.prior_status IS 'status before the current one (a dossier in 6 reached from 9 may only be paid, back to 9)';
COMMENT ON COLUMN dossier.dossier.updated_at IS 'time of the last event';
COMMENT ON COLUMN dossier.dossier.events IS 'number of history events, i.e. the seq of the last one';
COMMENT ON COLUMN dossier.dossier.head IS 'SHA-256 chain hash of the last history event (the head of the chain)';
SELECT pg_catalog.pg_extension_config_dump('dossier.dossier', '');

-- A renamed agency or procedure gets a new code; the dossiers filed under
-- the old one keep it (their foreign keys refuse a change of a referenced
-- code), and the successions say where a code went, as
-- dossier.admin_unit_succession does for the 2025 reorganisation.
CREATE TABLE dossier.agency_succession (
  old_code   dossier.agency_code NOT NULL REFERENCES dossier.agency (code),
  new_code   dossier.agency_code NOT NULL REFERENCES dossier.agency (code),
  valid_from date NOT NULL,
  note       text,
  PRIMARY KEY (old_code, new_code),
  CONSTRAINT agency_succession_differs CHECK (old_code <> new_code)
);
COMMENT ON TABLE dossier.agency_succession IS
  'where an agency code went when the agency was renamed, merged or split: dossiers keep the code they were filed under';
COMMENT ON COLUMN dossier.agency_succession.old_code IS 'the code the agency had';
COMMENT ON COLUMN dossier.agency_succession.new_code IS 'a code that takes its work over';
COMMENT ON COLUMN dossier.agency_succession.valid_from IS 'from when the new code applies';
COMMENT ON COLUMN dossier.agency_succession.note IS 'the decision, e.g. a merger';
SELECT pg_catalog.pg_extension_config_dump('dossier.agency_succession', '');

CREATE TABLE dossier.procedure_succession (
  old_code   dossier.procedure_code NOT NULL REFERENCES dossier.procedure (code),
  new_code   dossier.procedure_code NOT NULL REFERENCES dossier.procedure (code),
  valid_from date NOT NULL,
  note       text,
  PRIMARY KEY (old_code, new_code),
  CONSTRAINT procedure_succession_differs CHECK (old_code <> new_code)
);
COMMENT ON TABLE dossier.procedure_succession IS
  'where a procedure code went when the procedure was replaced in the national database: dossiers keep the code they were filed under';
COMMENT ON COLUMN dossier.procedure_succession.old_code IS 'the code the procedure had';
COMMENT ON COLUMN dossier.procedure_succession.new_code IS 'the code that replaces it';
COMMENT ON COLUMN dossier.procedure_succession.valid_from IS 'from when the new code applies';
COMMENT ON COLUMN dossier.procedure_succession.note IS 'the decision that published the change';
SELECT pg_catalog.pg_extension_config_dump('dossier.procedure_succession', '');

CREATE INDEX dossier_owner_citizen_idx ON dossier.dossier (owner_citizen) WHERE owner_citizen IS NOT NULL;
CREATE INDEX dossier_owner_enterprise_idx ON dossier.dossier (owner_enterprise) WHERE owner_enterprise IS NOT NULL;
CREATE INDEX dossier_agency_idx ON dossier.dossier (agency);

-- -------------------------------------------------------------------------
-- History: one row per event, chained by SHA-256 per dossier
-- -------------------------------------------------------------------------

CREATE TABLE dossier.dossier_event (
  dossier         dossier.dossier_code NOT NULL,
  seq             int4 NOT NULL CHECK (seq >= 1),
  action          dossier.dossier_action,
  from_status     dossier.dossier_status,
  to_status       dossier.dossier_status NOT NULL,
  at              timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  actor           name NOT NULL,
  on_behalf_of    text,
  agency          dossier.agency_code NOT NULL,
  step            int2,
  due_at          timestamptz,
  appointment_at  timestamptz,
  note            text,
  procedure       dossier.procedure_code,
  owner_citizen   dossier.citizen_id,
  owner_enterprise dossier.tax_code,
  channel         dossier.channel,
  supplement_time interval NOT NULL DEFAULT '0',
  reason_code     text,
  reason          text,
  import_source   text,
  prev_hash       bytea NOT NULL,
  hash            bytea NOT NULL,
  PRIMARY KEY (dossier, seq),
  CONSTRAINT dossier_event_registration_facts CHECK
    ((seq = 1) = (procedure IS NOT NULL AND channel IS NOT NULL
                  AND num_nonnulls(owner_citizen, owner_enterprise) = 1)
     AND (seq = 1 OR num_nonnulls(procedure, channel, owner_citizen, owner_enterprise) = 0)),
  CONSTRAINT dossier_event_reason_pair CHECK ((reason_code IS NULL) = (reason IS NULL))
);
COMMENT ON TABLE dossier.dossier_event IS
  'history of every dossier: one row per registration or transition, append-only, each row chained to the previous one of its dossier by SHA-256 (verify with dossier.verify_history)';
COMMENT ON COLUMN dossier.dossier_event.dossier IS 'the dossier';
COMMENT ON COLUMN dossier.dossier_event.seq IS 'position in the dossier''s history, 1 for the registration';
COMMENT ON COLUMN dossier.dossier_event.action IS 'the action; NULL for the registration';
COMMENT ON COLUMN dossier.dossier_event.from_status IS 'status before; NULL for the registration';
COMMENT ON COLUMN dossier.dossier_event.to_status IS 'status after';
COMMENT ON COLUMN dossier.dossier_event.at IS 'when the event happened: the server''s clock, or the caller''s time within dossier.event_time_tolerance of it; an imported event''s time from its source system (import_source); never before the previous event nor in the future';
COMMENT ON COLUMN dossier.dossier_event.recorded_at IS 'when the database recorded it (transaction start time)';
COMMENT ON COLUMN dossier.dossier_event.actor IS 'SQL role that acted (the session''s current role, not a SECURITY DEFINER owner)';
COMMENT ON COLUMN dossier.dossier_event.on_behalf_of IS 'the applicant a portal acted for (their personal ID or tax code); NULL when staff acted';
COMMENT ON COLUMN dossier.dossier_event.agency IS 'agency responsible after the event';
COMMENT ON COLUMN dossier.dossier_event.step IS 'internal step after the event';
COMMENT ON COLUMN dossier.dossier_event.due_at IS 'legal due date after the event';
COMMENT ON COLUMN dossier.dossier_event.appointment_at IS 'appointment after the event';
COMMENT ON COLUMN dossier.dossier_event.note IS 'free text the actor adds for the file (an internal note)';
COMMENT ON COLUMN dossier.dossier_event.procedure IS 'registration only: the procedure of the dossier';
COMMENT ON COLUMN dossier.dossier_event.owner_citizen IS 'registration only: the owner, when a person';
COMMENT ON COLUMN dossier.dossier_event.owner_enterprise IS 'registration only: the owner, when an organisation';
COMMENT ON COLUMN dossier.dossier_event.channel IS 'registration only: how the dossier was filed';
COMMENT ON COLUMN dossier.dossier_event.supplement_time IS 'working time the clock was paused for supplements, in total, after the event';
COMMENT ON COLUMN dossier.dossier_event.reason_code IS 'the reason of a refusal (Mẫu 03), a supplement request (Mẫu 02) or a stop, as a code of dossier.transition_reason';
COMMENT ON COLUMN dossier.dossier_event.reason IS 'the reason in words: why refused or stopped, which papers are missing';
COMMENT ON COLUMN dossier.dossier_event.import_source IS 'imported events (dossier.import_dossier, dossier.import_transition): the system the event comes from; NULL for events recorded live';
COMMENT ON COLUMN dossier.dossier_event.prev_hash IS 'hash of the previous event of the dossier; 32 zero bytes for the first';
COMMENT ON COLUMN dossier.dossier_event.hash IS 'SHA-256 of prev_hash followed by dossier.event_canonical(row)';
SELECT pg_catalog.pg_extension_config_dump('dossier.dossier_event', '');
CREATE INDEX dossier_event_imported_idx ON dossier.dossier_event (dossier) WHERE import_source IS NOT NULL;

-- The reasons a refusal, a supplement request or a stop gives (Circular
-- 01/2018/TT-VPCP, Mẫu 02 and 03 state the reason or the papers missing):
-- a code from this list and the reason in words.
CREATE TABLE dossier.transition_reason (
  action  dossier.dossier_action NOT NULL,
  code    text NOT NULL CONSTRAINT transition_reason_code_check CHECK (code ~ '^[a-z][a-z0-9_]*$'),
  name_vi text NOT NULL,
  note    text,
  shipped boolean NOT NULL DEFAULT false,
  PRIMARY KEY (action, code),
  CONSTRAINT transition_reason_action_check CHECK (action IN ('refuse', 'request_supplement', 'stop'))
);
COMMENT ON TABLE dossier.transition_reason IS
  'reason codes an action that must state its reason accepts (refuse, request_supplement, stop); the DBA may add codes';
COMMENT ON COLUMN dossier.transition_reason.action IS 'the action the code is for';
COMMENT ON COLUMN dossier.transition_reason.code IS 'the code, lower case';
COMMENT ON COLUMN dossier.transition_reason.name_vi IS 'what the code means, in Vietnamese';
COMMENT ON COLUMN dossier.transition_reason.note IS 'free remarks';
COMMENT ON COLUMN dossier.transition_reason.shipped IS 'true: installed with the extension (not dumped; CREATE EXTENSION makes it again)';
INSERT INTO dossier.transition_reason (action, code, name_vi, shipped)
SELECT action::dossier.dossier_action, code, name_vi, true FROM (VALUES
  ('refuse', 'not_competent', 'Không thuộc thẩm quyền giải quyết của cơ quan'),
  ('refuse', 'not_eligible', 'Không đủ điều kiện giải quyết theo quy định'),
  ('refuse', 'invalid_papers', 'Giấy tờ không hợp lệ'),
  ('refuse', 'other', 'Lý do khác'),
  ('request_supplement', 'missing_papers', 'Thiếu thành phần hồ sơ'),
  ('request_supplement', 'incorrect_papers', 'Thành phần hồ sơ chưa đúng, cần hoàn thiện'),
  ('request_supplement', 'other', 'Lý do khác'),
  ('stop', 'withdrawn', 'Tổ chức, cá nhân rút hồ sơ'),
  ('stop', 'no_supplement', 'Không bổ sung hồ sơ trong thời hạn'),
  ('stop', 'not_eligible', 'Không đủ điều kiện giải quyết'),
  ('stop', 'other', 'Lý do khác')) v(action, code, name_vi);
SELECT pg_catalog.pg_extension_config_dump('dossier.transition_reason', 'WHERE NOT shipped');

-- -------------------------------------------------------------------------
-- DVCQG sync outbox (the consumer API is in the next part)
-- -------------------------------------------------------------------------

CREATE TABLE dossier.outbox (
  id               int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier          dossier.dossier_code NOT NULL,
  seq              int4 NOT NULL,
  idempotency_key  text NOT NULL UNIQUE,
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  attempts         int4 NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  claim_token      uuid,
  claimed_until    timestamptz,
  last_error       text,
  sent_at          timestamptz,
  UNIQUE (dossier, seq)
);
COMMENT ON TABLE dossier.outbox IS
  'messages to the national portal DVCQG, one per dossier event, written in the transaction of the event; consumed in per-dossier order through dossier.claim_outbox and dossier.ack_outbox';
COMMENT ON COLUMN dossier.outbox.id IS 'message number, in commit-independent insertion order';
COMMENT ON COLUMN dossier.outbox.dossier IS 'the dossier';
COMMENT ON COLUMN dossier.outbox.seq IS 'the history event (dossier_event.seq) the message reports; messages of one dossier are delivered in seq order';
COMMENT ON COLUMN dossier.outbox.idempotency_key IS 'key the receiver uses to drop duplicates: dossier code, seq and the first 16 hex digits of the event hash';
COMMENT ON COLUMN dossier.outbox.payload IS 'DVCQG fields of the dossier after the event (MaHoSo, MaTTHC, MaCoQuan, KenhThucHien, TrangThaiHoSo, dates as yyyyMMddHHmmss in Vietnam time)';
COMMENT ON COLUMN dossier.outbox.created_at IS 'when the message was written (transaction start time)';
COMMENT ON COLUMN dossier.outbox.attempts IS 'failed delivery attempts so far';
COMMENT ON COLUMN dossier.outbox.next_attempt_at IS 'not claimed before this time (retry back-off)';
COMMENT ON COLUMN dossier.outbox.claim_token IS 'token of the consumer batch that holds the message';
COMMENT ON COLUMN dossier.outbox.claimed_until IS 'end of the claim''s lease; after it another consumer may claim the message';
COMMENT ON COLUMN dossier.outbox.last_error IS 'error of the last failed attempt';
COMMENT ON COLUMN dossier.outbox.sent_at IS 'when delivery was acknowledged; NULL while pending';
SELECT pg_catalog.pg_extension_config_dump('dossier.outbox', '');
-- the identity sequence too, or a restored outbox would hand out used ids
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('dossier.outbox', 'id'), '');
CREATE INDEX outbox_pending_idx ON dossier.outbox (next_attempt_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_pending_dossier_idx ON dossier.outbox (dossier, seq) WHERE sent_at IS NULL;

-- -------------------------------------------------------------------------
-- Guards
-- -------------------------------------------------------------------------

CREATE TABLE dossier.guard_log (
  id         int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lifted_at  timestamptz NOT NULL,
  lifted_by  name NOT NULL,
  session_user_name name NOT NULL,
  reason     text NOT NULL,
  backend_pid int4 NOT NULL,
  xid        xid8 NOT NULL
);
COMMENT ON TABLE dossier.guard_log IS
  'every lifting of the guard of dossier.dossier and dossier.dossier_event (dossier.lift_history_guard): who, when, why; append-only';
COMMENT ON COLUMN dossier.guard_log.id IS 'entry number';
COMMENT ON COLUMN dossier.guard_log.lifted_at IS 'transaction start time';
COMMENT ON COLUMN dossier.guard_log.lifted_by IS 'current role of the session that lifted the guard';
COMMENT ON COLUMN dossier.guard_log.session_user_name IS 'session (login) role';
COMMENT ON COLUMN dossier.guard_log.reason IS 'the reason given';
COMMENT ON COLUMN dossier.guard_log.backend_pid IS 'backend process id';
COMMENT ON COLUMN dossier.guard_log.xid IS 'the transaction in which the guard was lifted: direct changes are allowed in it only';
SELECT pg_catalog.pg_extension_config_dump('dossier.guard_log', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('dossier.guard_log', 'id'), '');

CREATE FUNCTION dossier.dossier_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'dossier_guard'
LANGUAGE C;
COMMENT ON FUNCTION dossier.dossier_guard() IS
  'trigger: refuses a change of dossier.dossier or dossier.dossier_event that does not come from dossier.register_dossier or dossier.transition, unless the guard was lifted in this transaction (SQLSTATE VN110)';

CREATE FUNCTION dossier.guard_log_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'guard_log_guard'
LANGUAGE C;
COMMENT ON FUNCTION dossier.guard_log_guard() IS
  'trigger: refuses any change of dossier.guard_log but the insert made by dossier.lift_history_guard (SQLSTATE VN110)';

CREATE TRIGGER dossier_guard BEFORE INSERT OR UPDATE OR DELETE ON dossier.dossier
  FOR EACH ROW EXECUTE FUNCTION dossier.dossier_guard();
CREATE TRIGGER dossier_guard_truncate BEFORE TRUNCATE ON dossier.dossier
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.dossier_guard();
CREATE TRIGGER dossier_event_guard BEFORE INSERT OR UPDATE OR DELETE ON dossier.dossier_event
  FOR EACH ROW EXECUTE FUNCTION dossier.dossier_guard();
CREATE TRIGGER dossier_event_guard_truncate BEFORE TRUNCATE ON dossier.dossier_event
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.dossier_guard();
CREATE TRIGGER guard_log_guard BEFORE INSERT OR UPDATE OR DELETE ON dossier.guard_log
  FOR EACH ROW EXECUTE FUNCTION dossier.guard_log_guard();
CREATE TRIGGER guard_log_guard_truncate BEFORE TRUNCATE ON dossier.guard_log
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.guard_log_guard();
-- session_replication_role = replica must not switch the guards off
ALTER TABLE dossier.dossier ENABLE ALWAYS TRIGGER dossier_guard;
ALTER TABLE dossier.dossier ENABLE ALWAYS TRIGGER dossier_guard_truncate;
ALTER TABLE dossier.dossier_event ENABLE ALWAYS TRIGGER dossier_event_guard;
ALTER TABLE dossier.dossier_event ENABLE ALWAYS TRIGGER dossier_event_guard_truncate;
ALTER TABLE dossier.guard_log ENABLE ALWAYS TRIGGER guard_log_guard;
ALTER TABLE dossier.guard_log ENABLE ALWAYS TRIGGER guard_log_guard_truncate;

CREATE FUNCTION dossier.lift_history_guard(reason text) RETURNS int8
AS 'MODULE_PATHNAME', 'lift_history_guard'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.lift_history_guard(text) IS
  'lift the guard of dossier.dossier and dossier.dossier_event for the rest of the current transaction, for members of dossier_dba and superusers, recording who and why in dossier.guard_log; returns the log entry id. Direct changes break the history chain, which dossier.verify_history then reports';

CREATE FUNCTION dossier.history_guard_lifted() RETURNS boolean
AS 'MODULE_PATHNAME', 'history_guard_lifted'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.history_guard_lifted() IS
  'whether dossier.lift_history_guard was called in the current transaction';

-- Changing the guarded tables' triggers or rules (ALTER TABLE ... DISABLE
-- TRIGGER, DROP TRIGGER, a new trigger that rewrites NEW, a DO INSTEAD rule)
-- would bypass the guard without a record: refuse it unless the guard was
-- lifted, which is recorded.  Superusers can still disable these event
-- triggers; the hash chain and digests stored elsewhere are the backstop
-- (docs/reference/lifecycle/dossier.md, "What the guard does not stop").
CREATE FUNCTION dossier.guard_ddl_check() RETURNS event_trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  c record;
  guarded oid[] := ARRAY['dossier.dossier'::regclass, 'dossier.dossier_event'::regclass,
                         'dossier.guard_log'::regclass]::oid[];
  target oid;
BEGIN
  IF dossier.history_guard_lifted() THEN
    RETURN;
  END IF;
  FOR c IN SELECT * FROM pg_catalog.pg_event_trigger_ddl_commands() LOOP
    CONTINUE WHEN c.in_extension;
    target := CASE c.classid
                WHEN 'pg_catalog.pg_class'::regclass THEN c.objid
                WHEN 'pg_catalog.pg_trigger'::regclass THEN
                  (SELECT t.tgrelid FROM pg_catalog.pg_trigger t WHERE t.oid OPERATOR(pg_catalog.=) c.objid)
                WHEN 'pg_catalog.pg_rewrite'::regclass THEN
                  (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid OPERATOR(pg_catalog.=) c.objid)
              END;
    IF target OPERATOR(pg_catalog.=) ANY (guarded) THEN
      RAISE EXCEPTION '% on % is not allowed while its guard is in place', c.command_tag, target::regclass
        USING ERRCODE = 'VN110',
              DETAIL = 'Triggers and rules of the dossier tables protect their history; changing them would bypass the guard without a record.',
              HINT = 'Call dossier.lift_history_guard(reason) first in the same transaction; the lifting is recorded in dossier.guard_log.';
    END IF;
  END LOOP;
END $$;
COMMENT ON FUNCTION dossier.guard_ddl_check() IS
  'event trigger: refuses ALTER TABLE, CREATE or ALTER TRIGGER and CREATE RULE on dossier.dossier, dossier.dossier_event and dossier.guard_log unless the guard was lifted in this transaction (SQLSTATE VN110)';

CREATE FUNCTION dossier.guard_drop_check() RETURNS event_trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  o record;
BEGIN
  IF tg_tag OPERATOR(pg_catalog.=) 'DROP EXTENSION' OR dossier.history_guard_lifted() THEN
    RETURN;
  END IF;
  SELECT * INTO o FROM pg_catalog.pg_event_trigger_dropped_objects() d
  WHERE d.object_type OPERATOR(pg_catalog.=) ANY (ARRAY['trigger', 'rule'])
    AND d.address_names[1] OPERATOR(pg_catalog.=) 'dossier'
    AND d.address_names[2] OPERATOR(pg_catalog.=) ANY (ARRAY['dossier', 'dossier_event', 'guard_log'])
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '% % is not allowed while its guard is in place', tg_tag, o.object_identity
      USING ERRCODE = 'VN110',
            DETAIL = 'Triggers and rules of the dossier tables protect their history; dropping them would bypass the guard without a record.',
            HINT = 'Call dossier.lift_history_guard(reason) first in the same transaction; the lifting is recorded in dossier.guard_log.';
  END IF;
END $$;
COMMENT ON FUNCTION dossier.guard_drop_check() IS
  'event trigger: refuses dropping a trigger or rule of dossier.dossier, dossier.dossier_event or dossier.guard_log unless the guard was lifted in this transaction (SQLSTATE VN110)';

CREATE EVENT TRIGGER dossier_guard_ddl ON ddl_command_end
  WHEN TAG IN ('ALTER TABLE', 'CREATE TRIGGER', 'ALTER TRIGGER', 'CREATE RULE')
  EXECUTE FUNCTION dossier.guard_ddl_check();
CREATE EVENT TRIGGER dossier_guard_drop ON sql_drop
  WHEN TAG IN ('DROP TRIGGER', 'DROP RULE', 'ALTER TABLE')
  EXECUTE FUNCTION dossier.guard_drop_check();
ALTER EVENT TRIGGER dossier_guard_ddl ENABLE ALWAYS;
ALTER EVENT TRIGGER dossier_guard_drop ENABLE ALWAYS;
COMMENT ON EVENT TRIGGER dossier_guard_ddl IS
  'refuses DDL that would switch off the guard of the dossier tables without a record (dossier.guard_ddl_check)';
COMMENT ON EVENT TRIGGER dossier_guard_drop IS
  'refuses dropping the triggers or rules of the dossier tables without a record (dossier.guard_drop_check)';
-- The one transition function, registration, the history chain and on-time
-- status (issue 3 items 2, 5, 6, 7; docs/reference/lifecycle/dossier.md).

CREATE FUNCTION dossier.register_dossier(
    procedure        dossier.procedure_code,
    agency           dossier.agency_code,
    owner_citizen    dossier.citizen_id DEFAULT NULL,
    owner_enterprise dossier.tax_code DEFAULT NULL,
    channel          dossier.channel DEFAULT 'direct',
    on_behalf_of     text DEFAULT NULL,
    at               timestamptz DEFAULT NULL,
    code             dossier.dossier_code DEFAULT NULL,
    note             text DEFAULT NULL,
    receive          boolean DEFAULT false)
  RETURNS dossier.dossier_code
AS 'MODULE_PATHNAME', 'dossier_register'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.register_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean) IS
  'register a dossier (status 1) for a procedure at a receiving agency, owned by a person or an organisation, allocating its code unless given; with receive => true a desk officer also receives it (status 2) in the same call. Staff (dossier_desk_officer) act as themselves; a portal (dossier_portal) registers online dossiers on behalf of their owner. A code given must be of the receiving agency and today (VN114). Errors: 22004, VN104, VN107, VN109, VN112, VN103, VN113, VN114, 42501';

CREATE FUNCTION dossier.transition(
    code            dossier.dossier_code,
    action          dossier.dossier_action,
    note            text DEFAULT NULL,
    to_step         int4 DEFAULT NULL,
    to_agency       dossier.agency_code DEFAULT NULL,
    new_appointment timestamptz DEFAULT NULL,
    on_behalf_of    text DEFAULT NULL,
    at              timestamptz DEFAULT NULL,
    reason_code     text DEFAULT NULL,
    reason          text DEFAULT NULL)
  RETURNS dossier.dossier_status
AS 'MODULE_PATHNAME', 'dossier_transition'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text) IS
  'the one way a dossier changes: checks the action against the transition table and the actor''s role, updates deadlines, writes the dossier, a hash-chained history row and a DVCQG outbox row in the caller''s transaction, and returns the new status. The event is stamped with the server''s clock (at only within dossier.event_time_tolerance of it); refuse, request_supplement and stop state reason_code (dossier.transition_reason) and reason. Errors: VN101 (illegal action, with the allowed ones), VN102, VN103, VN106, VN107, VN108, VN111, VN113, VN115, VN116, 22004, 22023, 42501';

-- The import path: past events (a migration from a provincial system, a desk
-- that was offline) at the time they happened in their source, with the
-- source's codes, each event marked with the source (dossier_event.import_source).
CREATE FUNCTION dossier.import_dossier(
    procedure        dossier.procedure_code,
    agency           dossier.agency_code,
    owner_citizen    dossier.citizen_id DEFAULT NULL,
    owner_enterprise dossier.tax_code DEFAULT NULL,
    channel          dossier.channel DEFAULT 'direct',
    on_behalf_of     text DEFAULT NULL,
    at               timestamptz DEFAULT NULL,
    code             dossier.dossier_code DEFAULT NULL,
    note             text DEFAULT NULL,
    receive          boolean DEFAULT false,
    source           text DEFAULT NULL)
  RETURNS dossier.dossier_code
AS 'MODULE_PATHNAME', 'dossier_import_register'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.import_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean, text) IS
  'import a dossier registered in another system: like register_dossier, but at (required) is the time it happened there, code may be of any agency and day, and source (required) names the system; every event it writes carries the source. For members of dossier_importer only. Errors: 22004, VN103, VN104, VN107, VN109, VN112, 42501';

CREATE FUNCTION dossier.import_transition(
    code            dossier.dossier_code,
    action          dossier.dossier_action,
    note            text DEFAULT NULL,
    to_step         int4 DEFAULT NULL,
    to_agency       dossier.agency_code DEFAULT NULL,
    new_appointment timestamptz DEFAULT NULL,
    on_behalf_of    text DEFAULT NULL,
    at              timestamptz DEFAULT NULL,
    reason_code     text DEFAULT NULL,
    reason          text DEFAULT NULL,
    source          text DEFAULT NULL)
  RETURNS dossier.dossier_status
AS 'MODULE_PATHNAME', 'dossier_import_transition'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.import_transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text, text) IS
  'import an event of a dossier that happened in another system: like transition, checked against the same table, but at (required) is the time it happened there (in order, never in the future) and source (required) names the system, recorded in the event; the importer stands for the source''s official. For members of dossier_importer only. Errors: as transition, and 22004 without at or source';

CREATE FUNCTION dossier.event_canonical(dossier.dossier_event) RETURNS bytea
AS 'MODULE_PATHNAME', 'dossier_event_canonical'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.event_canonical(dossier.dossier_event) IS
  'canonical bytes of a history row that its hash covers: hash = sha256(prev_hash || event_canonical(row)); lets an auditor recompute the chain in SQL';

CREATE FUNCTION dossier.verify_history(code dossier.dossier_code DEFAULT NULL)
  RETURNS TABLE (dossier dossier.dossier_code, events int4, ok boolean,
                 broken_seq int4, problem text)
AS 'MODULE_PATHNAME', 'dossier_verify_history'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION dossier.verify_history(dossier.dossier_code) IS
  'recompute the hash chain of one dossier, or of all when code is NULL: one row per dossier (and per history without a dossier row), with the first broken link and what is wrong with it';

CREATE FUNCTION dossier.history_digest(code dossier.dossier_code) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
RETURN (SELECT d.code::text OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) d.events::text
               OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) pg_catalog.encode(d.head, 'hex')
        FROM dossier.dossier d WHERE d.code OPERATOR(dossier.=) history_digest.code);
COMMENT ON FUNCTION dossier.history_digest(dossier.dossier_code) IS
  'a value an auditor stores outside the database, "code:events:sha256-hex" of the dossier''s newest event; dossier.check_digest later proves that history up to that event is unchanged';

CREATE FUNCTION dossier.check_digest(digest text) RETURNS boolean
  LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  parts text[] := pg_catalog.regexp_match(digest, '^([^:]+):([0-9]{1,9}):([0-9a-f]{64})$');
  v record;
BEGIN
  IF parts IS NULL THEN
    RAISE EXCEPTION 'invalid history digest: "%"', pg_catalog.left(digest, 100)
      USING ERRCODE = 'invalid_text_representation',
            DETAIL = 'A digest has the form code:events:64 hex digits.',
            HINT = 'Pass a value returned by dossier.history_digest.';
  END IF;
  SELECT * INTO v FROM dossier.verify_history(parts[1]::dossier.dossier_code);
  RETURN v.ok AND v.events OPERATOR(pg_catalog.>=) parts[2]::int4
     AND EXISTS (SELECT 1 FROM dossier.dossier_event e
                 WHERE e.dossier OPERATOR(dossier.=) parts[1]::dossier.dossier_code
                   AND e.seq OPERATOR(pg_catalog.=) parts[2]::int4
                   AND e.hash OPERATOR(pg_catalog.=) pg_catalog.decode(parts[3], 'hex'));
END $$;
COMMENT ON FUNCTION dossier.check_digest(text) IS
  'true when the dossier''s whole chain verifies and the event a digest from dossier.history_digest names still has the hash it had: its past was not rewritten';

-- -------------------------------------------------------------------------
-- On time (Decision 766/QĐ-TTg item 2.1, docs/domain.md §3)
-- -------------------------------------------------------------------------

CREATE TYPE dossier.timeliness AS ENUM ('on_time', 'overdue', 'in_progress', 'in_progress_overdue', 'not_received');
COMMENT ON TYPE dossier.timeliness IS
  'on-time status of a dossier at an instant: finished on_time or overdue, still in_progress (before its due date, or with the clock paused for a supplement) or in_progress_overdue, or not_received (no due date yet)';

CREATE FUNCTION dossier.timeliness(due_at timestamptz, ended_at timestamptz, paused_at timestamptz,
                                   supplement_requests int4, as_of timestamptz)
  RETURNS dossier.timeliness
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
  WHEN due_at IS NULL THEN 'not_received'::dossier.timeliness
  WHEN ended_at IS NOT NULL AND ended_at OPERATOR(pg_catalog.<=) as_of THEN
    CASE WHEN supplement_requests OPERATOR(pg_catalog.<=) 1 AND ended_at OPERATOR(pg_catalog.<=) due_at
         THEN 'on_time'::dossier.timeliness ELSE 'overdue'::dossier.timeliness END
  WHEN supplement_requests OPERATOR(pg_catalog.>) 1 THEN 'in_progress_overdue'::dossier.timeliness
  WHEN as_of OPERATOR(pg_catalog.<=) due_at
    OR (paused_at IS NOT NULL AND paused_at OPERATOR(pg_catalog.<=) due_at)
    THEN 'in_progress'::dossier.timeliness
  ELSE 'in_progress_overdue'::dossier.timeliness
END;
COMMENT ON FUNCTION dossier.timeliness(timestamptz, timestamptz, timestamptz, int4, timestamptz) IS
  'on-time status per Decision 766/QĐ-TTg item 2.1 (docs/domain.md §3): a dossier that ended by as_of is on time when it ended by its due date with at most one supplement request; the due date is the legal time counted from receipt and extended by the paused time (extend mode) or counted again from the complete dossier (restart mode), so ended_at <= due_at is the legal rule of both modes; an open one is overdue once as_of passes the due date unless its clock is paused, and with a second supplement request. Immutable: usable in indexes';

CREATE FUNCTION dossier.timeliness(d dossier.dossier, as_of timestamptz DEFAULT now())
  RETURNS dossier.timeliness
  LANGUAGE sql STABLE PARALLEL SAFE
RETURN dossier.timeliness(d.due_at, d.ended_at, d.paused_at, d.supplement_requests, as_of);
COMMENT ON FUNCTION dossier.timeliness(dossier.dossier, timestamptz) IS
  'on-time status of a dossier row at as_of (now by default)';

CREATE FUNCTION dossier.is_on_time(d dossier.dossier, as_of timestamptz DEFAULT now())
  RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
RETURN dossier.timeliness(d, as_of) OPERATOR(pg_catalog.=) ANY (ARRAY['on_time', 'in_progress']::dossier.timeliness[]);
COMMENT ON FUNCTION dossier.is_on_time(dossier.dossier, timestamptz) IS
  'true when the dossier counts as on time at as_of (finished on time, or still open and not late); NULL-free; the numerator of the on-time indicator 2.1 of Decision 766/QĐ-TTg (docs/domain.md §3, §6)';

-- -------------------------------------------------------------------------
-- What a desk or a portal may do with a dossier, and an owner's dossiers
-- (issue 12 item 8)
-- -------------------------------------------------------------------------

CREATE FUNCTION dossier.allowed_actions_of(d dossier.dossier, as_role regrole)
  RETURNS dossier.dossier_action[]
AS 'MODULE_PATHNAME', 'dossier_allowed_actions_of'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION dossier.allowed_actions_of(dossier.dossier, regrole) IS
  'actions the role may take on this dossier row now, in enum order, decided by the same plan as dossier.transition (status and status before it, internal step and its role, the apology window); a portal is taken to act for the owner; empty when none';

CREATE FUNCTION dossier.allowed_actions(code dossier.dossier_code, as_role name DEFAULT CURRENT_USER)
  RETURNS dossier.dossier_action[]
  LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  d dossier.dossier;
  r oid;
BEGIN
  IF code IS NULL OR as_role IS NULL THEN
    RAISE EXCEPTION 'argument % must not be null', CASE WHEN code IS NULL THEN 'code' ELSE 'as_role' END
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'allowed_actions needs the dossier''s code and the role that would act.',
            HINT = 'Pass the code printed on the receipt slip; leave as_role out to ask for the current role.';
  END IF;
  SELECT g.oid INTO r FROM pg_catalog.pg_roles g WHERE g.rolname OPERATOR(pg_catalog.=) as_role;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'role "%" does not exist', as_role
      USING ERRCODE = 'undefined_object',
            DETAIL = 'as_role names no role of this cluster.',
            HINT = 'Pass the name of a role, e.g. a member of dossier_desk_officer or dossier_portal.';
  END IF;
  SELECT * INTO d FROM dossier.dossier x WHERE x.code OPERATOR(dossier.=) allowed_actions.code;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'dossier % does not exist', code
      USING ERRCODE = 'VN102',
            DETAIL = pg_catalog.format('No row of dossier.dossier has the code %s.', code),
            HINT = 'Check the code printed on the receipt slip.';
  END IF;
  RETURN dossier.allowed_actions_of(d, r::regrole);
END $$;
COMMENT ON FUNCTION dossier.allowed_actions(dossier.dossier_code, name) IS
  'actions as_role (the current role by default) may take on the dossier now, in enum order: what dossier.transition would accept from that role, decided by the same plan; call it as allowed_actions(code => ...), since a bare literal could also be a status. Errors: VN102, 42704, 22004';

CREATE FUNCTION dossier.owner_dossiers(owner text)
  RETURNS SETOF dossier.dossier
  LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED ROWS 10
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF owner OPERATOR(pg_catalog.~) '^\s*[0-9]{12}\s*$' THEN
    RETURN QUERY SELECT * FROM dossier.dossier d
      WHERE d.owner_citizen OPERATOR(dossier.=) owner::dossier.citizen_id
      ORDER BY d.registered_at DESC, d.code;
  ELSE
    RETURN QUERY SELECT * FROM dossier.dossier d
      WHERE d.owner_enterprise OPERATOR(dossier.=) owner::dossier.tax_code
      ORDER BY d.registered_at DESC, d.code;
  END IF;
END $$;
COMMENT ON FUNCTION dossier.owner_dossiers(text) IS
  'the dossiers of an owner, newest first: owner is a 12-digit personal identification number or a tax code (any accepted input form); 22P02 when it is neither';

CREATE INDEX dossier_finished_timeliness_idx ON dossier.dossier
  (dossier.timeliness(due_at, ended_at, paused_at, supplement_requests, 'infinity'))
  WHERE ended_at IS NOT NULL;

-- -------------------------------------------------------------------------
-- Who may act
-- -------------------------------------------------------------------------

CREATE FUNCTION dossier.action_roles() RETURNS TABLE (action dossier.dossier_action, role name)
AS 'MODULE_PATHNAME', 'dossier_action_roles'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.action_roles() IS
  'the SQL roles that may take each action, from the table in src/core/lifecycle/lifecycle.c (move_step and resolve are further limited to the roles of the procedure''s steps)';

CREATE VIEW dossier.action_role AS SELECT * FROM dossier.action_roles();
COMMENT ON VIEW dossier.action_role IS
  'who may take each action: one row per action and SQL role';

-- -------------------------------------------------------------------------
-- Privileges (docs/roles.md)
-- -------------------------------------------------------------------------

REVOKE ALL ON FUNCTION dossier.register_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.import_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.import_transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.lift_history_guard(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.verify_history(dossier.dossier_code) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.history_digest(dossier.dossier_code) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.check_digest(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION dossier.register_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean)
  TO dossier_desk_officer, dossier_portal;
GRANT EXECUTE ON FUNCTION dossier.transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text)
  TO dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk, dossier_portal;
GRANT EXECUTE ON FUNCTION dossier.import_dossier(dossier.procedure_code, dossier.agency_code, dossier.citizen_id, dossier.tax_code, dossier.channel, text, timestamptz, dossier.dossier_code, text, boolean, text),
  dossier.import_transition(dossier.dossier_code, dossier.dossier_action, text, int4, dossier.agency_code, timestamptz, text, timestamptz, text, text, text)
  TO dossier_importer;
GRANT EXECUTE ON FUNCTION dossier.lift_history_guard(text) TO dossier_dba;
REVOKE ALL ON FUNCTION dossier.owner_dossiers(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.owner_dossiers(text)
  TO dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk, dossier_portal;
GRANT EXECUTE ON FUNCTION dossier.verify_history(dossier.dossier_code) TO dossier_auditor, dossier_dba;
GRANT EXECUTE ON FUNCTION dossier.history_digest(dossier.dossier_code) TO dossier_auditor, dossier_dba;
GRANT EXECUTE ON FUNCTION dossier.check_digest(text) TO dossier_auditor, dossier_dba;

GRANT SELECT ON dossier.dossier TO dossier_desk_officer, dossier_specialist, dossier_leader,
  dossier_clerk, dossier_analyst, dossier_auditor, dossier_dba, dossier_portal, dossier_importer;
GRANT SELECT ON dossier.dossier_event TO dossier_desk_officer, dossier_specialist, dossier_leader,
  dossier_clerk, dossier_auditor, dossier_dba, dossier_importer;
GRANT SELECT ON dossier.transition_reason TO dossier_desk_officer, dossier_specialist, dossier_leader,
  dossier_clerk, dossier_analyst, dossier_auditor, dossier_portal, dossier_importer;
GRANT SELECT, INSERT, UPDATE, DELETE ON dossier.transition_reason TO dossier_dba;
-- the reference data error hints and the docs name, readable by every role
-- that gets those hints: the transition table, who may act, the
-- administrative units and their successions (successors(), admin_unit_at())
GRANT SELECT ON dossier.transition_table, dossier.action_role, dossier.admin_unit,
  dossier.admin_unit_succession TO dossier_desk_officer, dossier_specialist, dossier_leader,
  dossier_clerk, dossier_analyst, dossier_auditor, dossier_dba, dossier_portal, dossier_importer;
GRANT SELECT ON dossier.agency_succession, dossier.procedure_succession TO dossier_desk_officer,
  dossier_specialist, dossier_leader, dossier_clerk, dossier_analyst, dossier_auditor, dossier_portal;
GRANT SELECT, INSERT, UPDATE, DELETE ON dossier.agency_succession, dossier.procedure_succession TO dossier_dba;
GRANT SELECT ON dossier.guard_log TO dossier_auditor, dossier_dba;
GRANT SELECT ON dossier.outbox TO dossier_auditor, dossier_dba;
GRANT SELECT ON dossier.procedure, dossier.procedure_step, dossier.agency, dossier.calendar,
  dossier.calendar_day, dossier.holiday_notice, dossier.holiday_notice_day, dossier.public_holiday
  TO dossier_desk_officer, dossier_specialist, dossier_leader, dossier_clerk,
  dossier_analyst, dossier_auditor, dossier_portal;
GRANT SELECT, INSERT, UPDATE, DELETE ON dossier.procedure, dossier.procedure_step, dossier.agency,
  dossier.calendar, dossier.calendar_day, dossier.holiday_notice, dossier.holiday_notice_day
  TO dossier_dba;
GRANT SELECT ON dossier.public_holiday TO dossier_dba;
-- a year's holiday notice is the DBA's to load
REVOKE ALL ON FUNCTION dossier.load_holiday_notice(integer, text, date[], date[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.load_holiday_notice(integer, text, date[], date[], text) TO dossier_dba;
-- Consumer API of the DVCQG sync outbox (issue 3 item 8, issue 12 item 7;
-- docs/reference/lifecycle/outbox.md).
--
-- dossier.transition writes one outbox row per event in the event's
-- transaction.  A sync worker claims a batch (claim_outbox), sends it to the
-- national portal, then acknowledges what was accepted (ack_outbox) and
-- reports what failed (fail_outbox, which schedules a retry with exponential
-- back-off).  Claims are leases: a worker that dies loses its claim when the
-- lease ends, and its late acknowledgement is refused because the claim
-- token no longer matches.  Messages of one dossier are delivered in event
-- order: a batch holds, per dossier, the earliest unsent message and those
-- that follow it, in seq order.  After dossier.outbox_max_attempts failed
-- attempts a message is dead-lettered (dead_at); the later messages of its
-- dossier wait for it, because DVCQG must receive a dossier's statuses in
-- order, until a DBA requeues it (requeue_outbox).  NOTIFY dossier_outbox
-- only wakes workers; they also poll.

-- The dead-letter state belongs to the consumer API, so its column is added
-- here rather than where the table is created (92_dossier.sql).
ALTER TABLE dossier.outbox ADD COLUMN dead_at timestamptz;
COMMENT ON COLUMN dossier.outbox.dead_at IS
  'when the message was dead-lettered: its attempts reached dossier.outbox_max_attempts; it and the later messages of its dossier are not claimed until dossier.requeue_outbox. NULL otherwise';

CREATE FUNCTION dossier.outbox_max_attempts() RETURNS int4
  LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'outbox_max_attempts';
COMMENT ON FUNCTION dossier.outbox_max_attempts() IS
  'the setting dossier.outbox_max_attempts (failed deliveries after which fail_outbox dead-letters a message); calling it loads the library, which defines the setting';

CREATE FUNCTION dossier.claim_outbox(batch_size int4 DEFAULT 100,
                                     lease interval DEFAULT '5 minutes')
  RETURNS TABLE (id int8, dossier dossier.dossier_code, seq int4, idempotency_key text,
                 payload jsonb, attempts int4, claim_token uuid, claimed_until timestamptz)
  LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  token uuid := gen_random_uuid();
BEGIN
  IF batch_size IS NULL OR batch_size OPERATOR(pg_catalog.<) 1 OR batch_size OPERATOR(pg_catalog.>) 10000 THEN
    RAISE EXCEPTION 'batch size % is out of range', batch_size
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'A batch has 1 to 10000 messages.',
            HINT = 'Claim what one request to DVCQG can carry, e.g. 100.';
  END IF;
  IF lease IS NULL OR lease OPERATOR(pg_catalog.<) interval '1 second' OR lease OPERATOR(pg_catalog.>) interval '1 day' THEN
    RAISE EXCEPTION 'lease % is out of range', lease
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'A lease lasts from 1 second to 1 day.',
            HINT = 'Use a little more than the time a batch takes to send, e.g. 5 minutes.';
  END IF;
  -- 1. heads: the earliest unsent message of each dossier, when it is due,
  --    not dead and not under a live claim; oldest due first, locked with
  --    SKIP LOCKED so that concurrent workers take different dossiers.
  -- 2. followers: the next messages of the heads' dossiers, each due, not
  --    dead and not under a live claim, locked the same way.
  -- 3. kept: per dossier, the head and the followers before the first
  --    unsent message this claim did not lock (another worker or an
  --    acknowledgement holds it, or it is not due): a claim never skips a
  --    message of a dossier.
  -- 4. the first batch_size of them, dossier by dossier in seq order.
  RETURN QUERY
  WITH heads AS MATERIALIZED (
    SELECT o.id, o.dossier, o.seq, o.next_attempt_at
    FROM dossier.outbox o
    WHERE o.sent_at IS NULL
      AND o.dead_at IS NULL
      AND o.next_attempt_at OPERATOR(pg_catalog.<=) pg_catalog.now()
      AND (o.claimed_until IS NULL OR o.claimed_until OPERATOR(pg_catalog.<) pg_catalog.now())
      AND NOT EXISTS (SELECT 1 FROM dossier.outbox p
                      WHERE p.dossier OPERATOR(dossier.=) o.dossier
                        AND p.seq OPERATOR(pg_catalog.<) o.seq
                        AND p.sent_at IS NULL)
    ORDER BY o.next_attempt_at, o.id
    LIMIT batch_size
    FOR UPDATE SKIP LOCKED
  ), followers AS MATERIALIZED (
    SELECT f.id, f.dossier, f.seq
    FROM heads h JOIN dossier.outbox f
      ON f.dossier OPERATOR(dossier.=) h.dossier AND f.seq OPERATOR(pg_catalog.>) h.seq
    WHERE f.sent_at IS NULL
      AND f.dead_at IS NULL
      AND f.next_attempt_at OPERATOR(pg_catalog.<=) pg_catalog.now()
      AND (f.claimed_until IS NULL OR f.claimed_until OPERATOR(pg_catalog.<) pg_catalog.now())
    FOR UPDATE OF f SKIP LOCKED
  ), gap AS (
    -- the first unsent message after each head that this claim did not lock
    SELECT h.id AS head, pg_catalog.min(u.seq) AS seq
    FROM heads h JOIN dossier.outbox u
      ON u.dossier OPERATOR(dossier.=) h.dossier AND u.seq OPERATOR(pg_catalog.>) h.seq
    WHERE u.sent_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM followers f WHERE f.id OPERATOR(pg_catalog.=) u.id)
    GROUP BY h.id
  ), kept AS (
    SELECT h.id, h.seq, h.next_attempt_at AS head_due, h.id AS head_id FROM heads h
    UNION ALL
    SELECT f.id, f.seq, h.next_attempt_at, h.id
    FROM followers f JOIN heads h ON h.dossier OPERATOR(dossier.=) f.dossier
    LEFT JOIN gap g ON g.head OPERATOR(pg_catalog.=) h.id
    WHERE g.seq IS NULL OR f.seq OPERATOR(pg_catalog.<) g.seq
  ), batch AS MATERIALIZED (
    SELECT k.id, pg_catalog.row_number() OVER (ORDER BY k.head_due, k.head_id, k.seq) AS rn
    FROM kept k
    ORDER BY k.head_due, k.head_id, k.seq
    LIMIT batch_size
  ), claimed AS (
    UPDATE dossier.outbox o
       SET claim_token = token,
           claimed_until = pg_catalog.now() OPERATOR(pg_catalog.+) lease
      FROM batch b
     WHERE o.id OPERATOR(pg_catalog.=) b.id
    RETURNING o.id, o.dossier, o.seq, o.idempotency_key, o.payload, o.attempts,
              o.claim_token, o.claimed_until, b.rn
  )
  SELECT c.id, c.dossier, c.seq, c.idempotency_key, c.payload, c.attempts,
         c.claim_token, c.claimed_until
  FROM claimed c
  ORDER BY c.rn;
END $$;
COMMENT ON FUNCTION dossier.claim_outbox(int4, interval) IS
  'claim up to batch_size pending messages for lease: for the dossiers whose earliest unsent message is due first, that message and the due ones that follow it, dossier by dossier in event order (never a later message without its predecessors); dead-lettered messages and those behind them are not claimed; rows other workers are claiming are skipped (FOR UPDATE SKIP LOCKED); returns them in sending order with the claim token to acknowledge them with';

CREATE FUNCTION dossier.ack_outbox(claim_token uuid, ids int8[] DEFAULT NULL)
  RETURNS int4
  LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH done AS (
    UPDATE dossier.outbox o
       SET sent_at = pg_catalog.now(), claim_token = NULL, claimed_until = NULL, last_error = NULL
     WHERE o.claim_token OPERATOR(pg_catalog.=) ack_outbox.claim_token
       AND o.sent_at IS NULL
       AND (ack_outbox.ids IS NULL OR o.id OPERATOR(pg_catalog.=) ANY (ack_outbox.ids))
    RETURNING 1)
  SELECT pg_catalog.count(*)::int4 FROM done;
END;
COMMENT ON FUNCTION dossier.ack_outbox(uuid, int8[]) IS
  'mark the messages of a claim as delivered (all of them, or those in ids); returns how many were acknowledged. A claim whose lease ran out and was taken by another worker acknowledges nothing';

CREATE FUNCTION dossier.fail_outbox(claim_token uuid, id int8, error text,
                                    base_delay interval DEFAULT '10 seconds',
                                    max_delay interval DEFAULT '1 hour')
  RETURNS timestamptz
  LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH failed AS (
    UPDATE dossier.outbox o
       SET attempts = o.attempts OPERATOR(pg_catalog.+) 1,
           last_error = pg_catalog.left(fail_outbox.error, 2000),
           claim_token = NULL,
           claimed_until = NULL,
           dead_at = CASE WHEN o.attempts OPERATOR(pg_catalog.+) 1 OPERATOR(pg_catalog.>=) dossier.outbox_max_attempts()
                          THEN pg_catalog.now() END,
           next_attempt_at =
             CASE WHEN o.attempts OPERATOR(pg_catalog.+) 1 OPERATOR(pg_catalog.>=) dossier.outbox_max_attempts()
                  THEN 'infinity'::timestamptz
                  ELSE pg_catalog.now() OPERATOR(pg_catalog.+)
                       LEAST(fail_outbox.max_delay,
                             fail_outbox.base_delay OPERATOR(pg_catalog.*)
                               pg_catalog.power(2, LEAST(o.attempts, 30))::float8) END
     WHERE o.claim_token OPERATOR(pg_catalog.=) fail_outbox.claim_token
       AND o.id OPERATOR(pg_catalog.=) fail_outbox.id
       AND o.sent_at IS NULL
    RETURNING o.dossier, o.seq, o.next_attempt_at
  ), held_back AS (
    -- the later messages of the dossier in the same claim must not be sent
    -- before this one: give them back (no attempt counted)
    UPDATE dossier.outbox o
       SET claim_token = NULL, claimed_until = NULL
      FROM failed f
     WHERE o.claim_token OPERATOR(pg_catalog.=) fail_outbox.claim_token
       AND o.dossier OPERATOR(dossier.=) f.dossier
       AND o.seq OPERATOR(pg_catalog.>) f.seq
       AND o.sent_at IS NULL
    RETURNING 1
  )
  SELECT f.next_attempt_at FROM failed f;
END;
COMMENT ON FUNCTION dossier.fail_outbox(uuid, int8, text, interval, interval) IS
  'record a failed delivery of one claimed message: count the attempt, keep the error, release the claim and schedule the retry after base_delay * 2^(attempts so far), at most max_delay; at dossier.outbox_max_attempts attempts dead-letter it instead (returns infinity). Gives back the later messages of its dossier in the same claim, which wait for it. Returns the time of the next attempt (NULL when the claim no longer holds the message)';

CREATE FUNCTION dossier.requeue_outbox(ids int8[])
  RETURNS int4
  LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  msg record;
  n int4;
BEGIN
  IF ids IS NULL OR pg_catalog.array_position(ids, NULL) IS NOT NULL THEN
    RAISE EXCEPTION 'message ids must not be null'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'requeue_outbox takes an array of outbox message ids, none of them NULL.',
            HINT = 'Pass ARRAY(SELECT id FROM dossier.outbox WHERE dead_at IS NOT NULL) to requeue every dead letter.';
  END IF;
  -- lock the rows, then check every id before changing any
  PERFORM 1 FROM dossier.outbox o WHERE o.id OPERATOR(pg_catalog.=) ANY (ids)
    ORDER BY o.id FOR UPDATE;
  FOR msg IN
    SELECT i.id, o.id AS found, o.dossier, o.seq, o.sent_at, o.dead_at
    FROM pg_catalog.unnest(ids) AS i(id)
    LEFT JOIN dossier.outbox o ON o.id OPERATOR(pg_catalog.=) i.id
    ORDER BY i.id
  LOOP
    IF msg.found IS NULL THEN
      RAISE EXCEPTION 'outbox message % does not exist', msg.id
        USING ERRCODE = 'VN130',
              DETAIL = pg_catalog.format('No row of dossier.outbox has the id %s; delivered messages are deleted by purge_outbox.', msg.id),
              HINT = 'List the dead letters with SELECT id FROM dossier.outbox WHERE dead_at IS NOT NULL.';
    END IF;
    IF msg.dead_at IS NULL THEN
      RAISE EXCEPTION 'outbox message % is not dead-lettered', msg.id
        USING ERRCODE = 'VN131',
              DETAIL = pg_catalog.format('Message %s (event %s of dossier %s) is %s; only a dead-lettered message is requeued.',
                                         msg.id, msg.seq, msg.dossier,
                                         CASE WHEN msg.sent_at IS NULL THEN 'still pending' ELSE 'delivered' END),
              HINT = 'List the dead letters with SELECT id FROM dossier.outbox WHERE dead_at IS NOT NULL.';
    END IF;
  END LOOP;
  UPDATE dossier.outbox o
     SET dead_at = NULL, attempts = 0, next_attempt_at = pg_catalog.now()
   WHERE o.id OPERATOR(pg_catalog.=) ANY (ids);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
COMMENT ON FUNCTION dossier.requeue_outbox(int8[]) IS
  'give dead-lettered messages a new series of attempts (attempts 0, due now; last_error is kept), which also lets the later messages of their dossiers through; every id must name a dead letter (VN130, VN131), or nothing is requeued; returns how many';

CREATE FUNCTION dossier.release_outbox(claim_token uuid)
  RETURNS int4
  LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH released AS (
    UPDATE dossier.outbox o
       SET claim_token = NULL, claimed_until = NULL
     WHERE o.claim_token OPERATOR(pg_catalog.=) release_outbox.claim_token
       AND o.sent_at IS NULL
    RETURNING 1)
  SELECT pg_catalog.count(*)::int4 FROM released;
END;
COMMENT ON FUNCTION dossier.release_outbox(uuid) IS
  'give back the unacknowledged messages of a claim without counting an attempt (a worker shutting down); returns how many';

CREATE FUNCTION dossier.purge_outbox(older_than interval DEFAULT '90 days')
  RETURNS int8
  LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH gone AS (
    DELETE FROM dossier.outbox o
     WHERE o.sent_at OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) purge_outbox.older_than)
    RETURNING 1)
  SELECT pg_catalog.count(*) FROM gone;
END;
COMMENT ON FUNCTION dossier.purge_outbox(interval) IS
  'delete messages delivered more than older_than ago (the history keeps every event); returns how many';

CREATE VIEW dossier.outbox_status AS
SELECT pg_catalog.count(*) FILTER (WHERE o.sent_at IS NULL) AS pending,
       pg_catalog.count(*) FILTER (WHERE o.sent_at IS NULL AND o.claimed_until OPERATOR(pg_catalog.>=) pg_catalog.now()) AS claimed,
       pg_catalog.count(*) FILTER (WHERE o.sent_at IS NULL AND o.dead_at IS NULL AND o.attempts OPERATOR(pg_catalog.>) 0) AS failing,
       pg_catalog.max(o.attempts) FILTER (WHERE o.sent_at IS NULL) AS max_attempts,
       pg_catalog.now() OPERATOR(pg_catalog.-) pg_catalog.min(o.created_at) FILTER (WHERE o.sent_at IS NULL) AS oldest_pending_age,
       pg_catalog.count(*) FILTER (WHERE o.sent_at IS NOT NULL) AS delivered,
       pg_catalog.count(*) FILTER (WHERE o.sent_at IS NULL AND o.dead_at IS NOT NULL) AS dead,
       pg_catalog.count(*) FILTER (WHERE o.sent_at IS NULL AND o.dead_at IS NULL AND
                                         d.dossier IS NOT NULL AND o.seq OPERATOR(pg_catalog.>) d.seq) AS held,
       pg_catalog.now() OPERATOR(pg_catalog.-) pg_catalog.min(o.dead_at) AS oldest_dead_age
FROM dossier.outbox o
LEFT JOIN (SELECT x.dossier, pg_catalog.min(x.seq) AS seq
           FROM dossier.outbox x
           WHERE x.dead_at IS NOT NULL AND x.sent_at IS NULL
           GROUP BY x.dossier) d
  ON d.dossier OPERATOR(dossier.=) o.dossier;
COMMENT ON VIEW dossier.outbox_status IS
  'health of the DVCQG outbox: pending (undelivered, dead letters included), claimed and failing (not yet dead) messages, the most attempts, the age of the oldest pending message, delivered messages not yet purged, dead letters, messages held behind a dead letter of their dossier, and how long the oldest dead letter has waited for dossier.requeue_outbox';

REVOKE ALL ON FUNCTION dossier.claim_outbox(int4, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.ack_outbox(uuid, int8[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.fail_outbox(uuid, int8, text, interval, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.release_outbox(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.purge_outbox(interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.requeue_outbox(int8[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.claim_outbox(int4, interval), dossier.ack_outbox(uuid, int8[]),
  dossier.fail_outbox(uuid, int8, text, interval, interval), dossier.release_outbox(uuid)
  TO dossier_portal, dossier_dba;
GRANT EXECUTE ON FUNCTION dossier.purge_outbox(interval), dossier.requeue_outbox(int8[]) TO dossier_dba;
GRANT SELECT ON dossier.outbox_status TO dossier_auditor, dossier_dba, dossier_portal;
