/*
 * bytes_ident.h
 *	  What the SQL glue of a varlena identifier type with its own order needs
 *	  from src/pg/identifiers/bytes_ident.c.
 */
#ifndef DOSSIER_BYTES_IDENT_H
#define DOSSIER_BYTES_IDENT_H

#include "postgres.h"

#include "fmgr.h"

/* A core three-way comparison of two byte strings: -1, 0 or 1. */
typedef int (*BytesIdentOrder) (const char *a, size_t alen,
								const char *b, size_t blen);

/* Compare the two varlena arguments of an fmgr call; frees detoasted copies. */
extern int	bytes_ident_compare_args(FunctionCallInfo fcinfo, BytesIdentOrder cmp);

/* Compare two varlena Datums (for a sort comparator); frees detoasted copies. */
extern int	bytes_ident_compare_datums(Datum x, Datum y, BytesIdentOrder cmp);

#endif							/* DOSSIER_BYTES_IDENT_H */
