/*
 * fuzz_lifecycle.c
 *	  libFuzzer harness for the dossier-status parser and the transition table.
 *
 * Any byte string must either be refused with a detail and a hint, or be
 * accepted as a code 1-10 whose identifier and Vietnamese name parse back to
 * it; and every transition from it leads to a valid status or is forbidden.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lifecycle/lifecycle.h"

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			v;
	int			again;
	ParseError	err;
	const char *ident;
	const char *vi;

	if (!lifecycle_status_parse((const char *) data, size, &v, &err))
	{
		if (err.hint == NULL || strlen(err.detail) == 0)
			abort();
		return 0;
	}
	if (!lifecycle_status_valid(v))
		abort();
	ident = lifecycle_status_ident(v);
	vi = lifecycle_status_name_vi(v);
	if (!lifecycle_status_parse(ident, strlen(ident), &again, &err) || again != v)
		abort();
	if (!lifecycle_status_parse(vi, strlen(vi), &again, &err) || again != v)
		abort();
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
	{
		int			next = lifecycle_next(v, a);

		if (next != STATUS_NONE && !lifecycle_status_valid(next))
			abort();
	}
	return 0;
}
