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
