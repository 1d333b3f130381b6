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
