/*
 * bytes_order.c
 *	  Byte order of identifier texts; see bytes_order.h.
 */
#include "core/identifiers/bytes_order.h"

#include <string.h>

/* memcmp over the common length, then the shorter first; -1, 0 or 1. */
int
bytes_order_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int			c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c < 0 ? -1 : 1;
	return (alen > blen) - (alen < blen);
}
