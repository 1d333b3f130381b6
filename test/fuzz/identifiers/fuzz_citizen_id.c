/*
 * fuzz_citizen_id.c
 *	  libFuzzer harness for the personal-ID parser.
 *
 * Any byte string must either be refused with a detail and a hint, or be
 * accepted and round-trip: format(parse(s)) parses back to the same value
 * and the accessors stay in their documented ranges.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/identifiers/citizen_id.h"

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		v;
	int64_t		again;
	ParseError	err;
	char		buf[CITIZEN_ID_TEXT_LEN];

	if (!citizen_id_parse((const char *) data, size, &v, &err))
	{
		if (err.hint == NULL || strlen(err.detail) == 0)
			abort();
		return 0;
	}
	citizen_id_format(v, buf);
	if (!citizen_id_parse(buf, strlen(buf), &again, &err) || again != v)
		abort();
	if (citizen_id_province(v) < 1 || citizen_id_province(v) > 96 ||
		citizen_id_birth_year(v) < 1900 || citizen_id_birth_year(v) > 2099)
		abort();
	return 0;
}
