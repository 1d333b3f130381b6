/*
 * fuzz_lunar.c
 *	  libFuzzer harness for the lunar calendar (src/core/calendar/lunar.c).
 *
 * The input is a lunar date (year, month, day as int32, leap as a byte) and
 * a civil day (int32).  Every conversion must return; a failure must carry a
 * detail and a hint; a lunar date that converts must come back unchanged
 * from its civil day, and a civil day in range must convert and come back.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar/lunar.h"

/* The next int32 of the input, or 0 once it is used up. */
static int32_t
next_int(const uint8_t **p, size_t *left)
{
	int32_t		v = 0;

	if (*left >= sizeof(v))
	{
		memcpy(&v, *p, sizeof(v));
		*p += sizeof(v);
		*left -= sizeof(v);
	}
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t		left = size;
	LunarDate	l,
				back;
	int32_t		day;
	ParseError	err;

	/* small values are the interesting ones: fold years near the range */
	l.year = 1960 + (int) ((uint32_t) next_int(&p, &left) % 150);
	l.month = next_int(&p, &left) % 16;
	l.day = next_int(&p, &left) % 34;
	l.leap = left > 0 && (p[0] & 1);
	day = next_int(&p, &left);

	memset(&err, 0, sizeof(err));
	if (lunar_to_day(&l, &day, &err) == LUNAR_OK)
	{
		if (lunar_from_day(day, &back, &err) != LUNAR_OK ||
			back.year != l.year || back.month != l.month ||
			back.day != l.day || back.leap != l.leap)
			abort();
	}
	else if (err.detail[0] == '\0' || err.hint == NULL)
		abort();

	day = LUNAR_FIRST_DAY + (int32_t) ((uint32_t) day % (LUNAR_LAST_DAY - LUNAR_FIRST_DAY + 1));
	if (lunar_from_day(day, &l, &err) != LUNAR_OK)
		abort();
	{
		int32_t		again;

		if (lunar_to_day(&l, &again, &err) != LUNAR_OK || again != day)
			abort();
	}
	return 0;
}
