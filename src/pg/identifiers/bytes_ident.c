/*
 * bytes_ident.c
 *	  Shared operator support for varlena identifier types whose equality is
 *	  byte equality; ordering by bytes then length for those that use it.
 *
 * = and <> compare the bytes and the hashes hash them, which is right for
 * every type whose equal values are the same bytes, whatever its order:
 * procedure_code, agency_code and dossier_code.  The three-way comparison,
 * < <= > >= and sort support order by the bytes, then the length
 * (bytes_order_cmp in src/core/identifiers/bytes_order.c): procedure_code and
 * agency_code use them; dossier_code has its own order (dossier_code.c),
 * compared with bytes_ident_compare_args and bytes_ident_compare_datums.
 * Each type's SQL functions (dossier.agency_code_cmp, ...) name these C
 * symbols and keep their own names, comments and operator classes.
 *
 * The binary output of all three is the canonical text (bytes_ident_send).
 *
 * Every function reads its arguments with PG_GETARG_VARLENA_PP and
 * VARDATA_ANY, so short-header, compressed and out-of-line values are all
 * handled, and frees any copy it detoasted.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/sortsupport.h"

#include "pg/identifiers/bytes_ident.h"
#include "core/identifiers/bytes_order.h"

/* Bytes and length of a detoasted value. */
#define IDENT_DATA(v) VARDATA_ANY(v)
#define IDENT_LEN(v) VARSIZE_ANY_EXHDR(v)

PG_FUNCTION_INFO_V1(bytes_ident_cmp);
PG_FUNCTION_INFO_V1(bytes_ident_eq);
PG_FUNCTION_INFO_V1(bytes_ident_ne);
PG_FUNCTION_INFO_V1(bytes_ident_lt);
PG_FUNCTION_INFO_V1(bytes_ident_le);
PG_FUNCTION_INFO_V1(bytes_ident_gt);
PG_FUNCTION_INFO_V1(bytes_ident_ge);
PG_FUNCTION_INFO_V1(bytes_ident_hash);
PG_FUNCTION_INFO_V1(bytes_ident_hash_extended);
PG_FUNCTION_INFO_V1(bytes_ident_sortsupport);
PG_FUNCTION_INFO_V1(bytes_ident_send);

/* Compare the two varlena arguments of an fmgr call; frees detoasted copies. */
int
bytes_ident_compare_args(FunctionCallInfo fcinfo, BytesIdentOrder cmp)
{
	struct varlena *a = PG_GETARG_VARLENA_PP(0);
	struct varlena *b = PG_GETARG_VARLENA_PP(1);
	int			c = cmp(IDENT_DATA(a), IDENT_LEN(a), IDENT_DATA(b), IDENT_LEN(b));

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return c;
}

/* Compare two varlena Datums (for a sort comparator); frees detoasted copies. */
int
bytes_ident_compare_datums(Datum x, Datum y, BytesIdentOrder cmp)
{
	struct varlena *a = PG_DETOAST_DATUM_PACKED(x);
	struct varlena *b = PG_DETOAST_DATUM_PACKED(y);
	int			c = cmp(IDENT_DATA(a), IDENT_LEN(a), IDENT_DATA(b), IDENT_LEN(b));

	if ((Pointer) a != DatumGetPointer(x))
		pfree(a);
	if ((Pointer) b != DatumGetPointer(y))
		pfree(b);
	return c;
}

/* Byte order of the two arguments: bytes, then length. */
static inline int
byte_order_args(FunctionCallInfo fcinfo)
{
	return bytes_ident_compare_args(fcinfo, bytes_order_cmp);
}

/* Three-way comparison for btree: byte order, then length; -1, 0 or 1. */
Datum
bytes_ident_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(byte_order_args(fcinfo));
}

/* a = b: the same length and the same bytes. */
Datum
bytes_ident_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(byte_order_args(fcinfo) == 0);
}

/* a <> b */
Datum
bytes_ident_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(byte_order_args(fcinfo) != 0);
}

/* a < b */
Datum
bytes_ident_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(byte_order_args(fcinfo) < 0);
}

/* a <= b */
Datum
bytes_ident_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(byte_order_args(fcinfo) <= 0);
}

/* a > b */
Datum
bytes_ident_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(byte_order_args(fcinfo) > 0);
}

/* a >= b */
Datum
bytes_ident_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(byte_order_args(fcinfo) >= 0);
}

/* 32-bit hash of the bytes (hash_any). */
Datum
bytes_ident_hash(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	Datum		h = hash_any((const unsigned char *) IDENT_DATA(v), IDENT_LEN(v));

	PG_FREE_IF_COPY(v, 0);
	return h;
}

/* 64-bit seeded hash of the bytes (hash_any_extended). */
Datum
bytes_ident_hash_extended(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	Datum		h = hash_any_extended((const unsigned char *) IDENT_DATA(v),
									  IDENT_LEN(v), PG_GETARG_INT64(1));

	PG_FREE_IF_COPY(v, 0);
	return h;
}

/* Sort comparator: byte order without the fmgr call. */
static int
bytes_ident_fastcmp(Datum x, Datum y, SortSupport ssup)
{
	return bytes_ident_compare_datums(x, y, bytes_order_cmp);
}

/* Sort support: install the comparator above. */
Datum
bytes_ident_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = bytes_ident_fastcmp;
	PG_RETURN_VOID();
}

/* Binary output: the stored (canonical) text. */
Datum
bytes_ident_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendtext(&buf, IDENT_DATA(v), IDENT_LEN(v));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
