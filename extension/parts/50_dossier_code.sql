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
