/*
 * int8_ident.c
 *	  Shared operator support for identifier types stored as a pass-by-value
 *	  int8 whose order is integer order (citizen_id, tax_code).
 *
 * Such a type compares, hashes and sorts exactly as bigint does, so one set
 * of btree and hash support functions serves them all: each type's SQL
 * functions (dossier.citizen_id_cmp, dossier.tax_code_eq, ...) name these C
 * symbols, and keep their own names, comments and operator classes.  The
 * hashes equal bigint's hash of the same integer.
 */
#include "postgres.h"

#include "libpq/pqformat.h"

#include "utils/builtins.h"
#include "utils/sortsupport.h"

PG_FUNCTION_INFO_V1(int8_ident_cmp);
PG_FUNCTION_INFO_V1(int8_ident_eq);
PG_FUNCTION_INFO_V1(int8_ident_ne);
PG_FUNCTION_INFO_V1(int8_ident_lt);
PG_FUNCTION_INFO_V1(int8_ident_le);
PG_FUNCTION_INFO_V1(int8_ident_gt);
PG_FUNCTION_INFO_V1(int8_ident_ge);
PG_FUNCTION_INFO_V1(int8_ident_hash);
PG_FUNCTION_INFO_V1(int8_ident_hash_extended);
PG_FUNCTION_INFO_V1(int8_ident_sortsupport);
PG_FUNCTION_INFO_V1(int8_ident_send);

/* Three-way comparison for btree: -1, 0 or 1. */
Datum
int8_ident_cmp(PG_FUNCTION_ARGS)
{
	int64		a = PG_GETARG_INT64(0);
	int64		b = PG_GETARG_INT64(1);

	PG_RETURN_INT32((a > b) - (a < b));
}

/* a = b */
Datum
int8_ident_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) == PG_GETARG_INT64(1));
}

/* a <> b */
Datum
int8_ident_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) != PG_GETARG_INT64(1));
}

/* a < b */
Datum
int8_ident_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) < PG_GETARG_INT64(1));
}

/* a <= b */
Datum
int8_ident_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) <= PG_GETARG_INT64(1));
}

/* a > b */
Datum
int8_ident_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) > PG_GETARG_INT64(1));
}

/* a >= b */
Datum
int8_ident_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) >= PG_GETARG_INT64(1));
}

/* 32-bit hash, equal to bigint's hash of the same integer. */
Datum
int8_ident_hash(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall1(hashint8, PG_GETARG_DATUM(0));
}

/* 64-bit seeded hash, equal to bigint's hash of the same integer. */
Datum
int8_ident_hash_extended(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall2(hashint8extended, PG_GETARG_DATUM(0),
							   PG_GETARG_DATUM(1));
}

/* Sort support: the same fast comparator bigint uses. */
Datum
int8_ident_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = ssup_datum_signed_cmp;
	PG_RETURN_VOID();
}

/* Binary output: the int8 value. */
Datum
int8_ident_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
