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
