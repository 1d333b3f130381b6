/*
 * bytes_order.h
 *	  Byte order of identifier texts: memcmp over the common length, then the
 *	  shorter first.
 *
 * The order of procedure_code and agency_code, and of the agency part of
 * dossier_code.  One definition, so that the SQL glue (src/pg/identifiers/bytes_ident.c)
 * sorts exactly as the unit tests and fuzzers of those types check.
 */
#ifndef DOSSIER_BYTES_ORDER_H
#define DOSSIER_BYTES_ORDER_H

#include <stddef.h>

/* Three-way comparison of a[0..alen) and b[0..blen) as unsigned bytes: -1, 0 or 1. */
int			bytes_order_cmp(const char *a, size_t alen,
							const char *b, size_t blen);

#endif							/* DOSSIER_BYTES_ORDER_H */
