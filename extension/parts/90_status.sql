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
