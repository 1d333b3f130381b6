/*
 * fuzz_worktime.c
 *	  libFuzzer harness for the working-time arithmetic.
 *
 * The input builds a calendar (weekday pattern, office hours at minute
 * resolution, up to 64 exceptions), a query (start, amount) and, from the
 * bytes after it, short weekdays with their own hours (none when the input
 * ends before, so older seeds keep their meaning).  Calendars that
 * wt_calendar_check refuses must carry a detail and a hint; for the others
 * every operation must return (never loop), and when it succeeds: the next
 * working instant is at or after the start and is a fixed point;
 * working_time_between(start, add(start, d)) = d; add is monotone in d; a
 * day holds the office time of its hours (short or full) when it works, none
 * when it does not; prefix sums count what the walk over the exceptions
 * counts; a calendar-day period ends at 24:00 of the first working day on or
 * after its last day (Civil Code 2015 Art. 148).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar/worktime.h"

#define MINUTE (60 * WT_USECS_PER_SEC)

/* Reads bytes from the input, zeros once it is used up. */
typedef struct Reader
{
	const uint8_t *p;
	size_t		left;
} Reader;

/* Next byte of the input, or 0. */
static uint8_t
next_byte(Reader *r)
{
	if (r->left == 0)
		return 0;
	r->left--;
	return *r->p++;
}

/* Next 16-bit value of the input. */
static uint32_t
next_u16(Reader *r)
{
	uint32_t	hi = next_byte(r);

	return (hi << 8) | next_byte(r);
}

/* n office-hour intervals at increasing minutes, sometimes touching or overlapping. */
static void
read_intervals(Reader *r, WtInterval *iv, int n)
{
	int64_t		minute = 0;

	for (int i = 0; i < n; i++)
	{
		int64_t		open = minute + next_byte(r) % 200 - 5;
		int64_t		close = open + next_byte(r) % 300;

		iv[i].open = open * MINUTE;
		iv[i].close = close * MINUTE;
		minute = close;
	}
}

/*
 * Short weekdays and their hours; mostly disjoint from the working weekdays,
 * overlapping when the top bit is set, so that the check is fuzzed too.
 */
static void
read_short_days(Reader *r, WtCalendar *cal)
{
	uint8_t		b = next_byte(r);

	cal->short_weekdays = (b & 0x80) ? (b & 0x7fu) : (b & 0x7fu & ~cal->weekdays);
	cal->n_short_intervals = next_byte(r) % 4;
	read_intervals(r, cal->short_intervals, cal->n_short_intervals);
}

/* The office time day must hold: its hours' total when it works, else 0. */
static int64_t
expected_day_time(const WtCalendar *cal, int64_t day)
{
	if (!wt_is_working_day(cal, day))
		return 0;
	if ((cal->short_weekdays >> (wt_iso_weekday(day) - 1)) & 1)
		return cal->short_total;
	return cal->day_total;
}

/* Weekday pattern, office hours and up to 64 exceptions (in ex) from the input. */
static void
read_calendar(Reader *r, WtCalendar *cal, WtException *ex)
{
	int64_t		day = 9000;		/* 2024-08-23 */

	memset(cal, 0, sizeof(*cal));
	cal->weekdays = next_byte(r) & 0x7f;
	cal->n_intervals = next_byte(r) % 5;
	read_intervals(r, cal->intervals, cal->n_intervals);
	cal->n_exceptions = next_byte(r) % 65;
	for (int i = 0; i < cal->n_exceptions; i++)
	{
		uint8_t		b = next_byte(r);

		day += 1 + b % 40;
		ex[i].day = (int32_t) day;
		ex[i].working = b & 0x80;
	}
	cal->exceptions = ex;
}

/*
 * A day holds its own hours' office time, on cal and on fast (the same with
 * prefix sums): the day of t and the next six.
 */
static void
check_days(const WtCalendar *cal, const WtCalendar *fast, int64_t t)
{
	int64_t		w;

	for (int64_t d = wt_day_of(t); d < wt_day_of(t) + 7; d++)
		if (wt_between(cal, d * WT_USECS_PER_DAY, (d + 1) * WT_USECS_PER_DAY, &w) != WT_OK ||
			w != expected_day_time(cal, d) ||
			wt_working_time_of_days(fast, d, d + 1) != w)
			abort();
}

/*
 * A period of calendar days ends at 24:00 of a working day on or after its
 * last day, with no working day between them (Civil Code Art. 148).
 */
static void
check_calendar_days(const WtCalendar *cal, int64_t t, int64_t days)
{
	int64_t		e;
	int64_t		end_day;
	WtStatus	st = wt_add_calendar(cal, t, days, &e);

	if (st == WT_OK)
	{
		end_day = wt_day_of(e) - 1;
		if (e != wt_day_of(e) * WT_USECS_PER_DAY || e <= t ||
			end_day < wt_day_of(t) + days || !wt_is_working_day(cal, end_day) ||
			wt_count_working_days(cal, wt_day_of(t) + days, end_day) != 0)
			abort();
	}
	else if (st != WT_NO_WORKING_TIME && st != WT_TIME_OUT_OF_RANGE)
		abort();
}

/*
 * Round trip between(t, add(t, d1)) = d1 and monotonicity in d1 <= d2, from
 * t whose next working instant is start.
 */
static void
check_round_trip(const WtCalendar *cal, int64_t t, int64_t start, int64_t d1, int64_t d2)
{
	int64_t		e1;
	int64_t		e2;
	int64_t		w;
	WtStatus	st = wt_add_working(cal, t, d1, &e1);

	if (st == WT_OK)
	{
		if (e1 < start || wt_between(cal, t, e1, &w) != WT_OK || w != d1)
			abort();
		if (wt_between(cal, e1, t, &w) != WT_OK || w != 0)
			abort();
		st = wt_add_working(cal, t, d2, &e2);
		if (st == WT_OK && (e2 < e1 || wt_between(cal, e1, e2, &w) != WT_OK || w != d2 - d1))
			abort();
		if (st != WT_OK && st != WT_NO_WORKING_TIME)
			abort();
	}
	else if (st != WT_NO_WORKING_TIME)
		abort();
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Reader		r = {data, size};
	WtCalendar	cal;
	WtException ex[64];
	int32_t		prefix[65];
	int32_t		short_prefix[65];
	WtCalendar	fast;
	ParseError	err;
	int64_t		t;
	int64_t		d1;
	int64_t		d2;
	int64_t		start;
	int64_t		e1;
	int64_t		e2;
	int64_t		w;
	WtStatus	st;

	read_calendar(&r, &cal, ex);
	t = (int64_t) (8900 + next_u16(&r) % 2000) * WT_USECS_PER_DAY + next_u16(&r) * MINUTE % WT_USECS_PER_DAY;
	d1 = (int64_t) next_u16(&r) * MINUTE * (next_byte(&r) % 4 == 0 ? 60 : 1);
	d2 = d1 + (int64_t) next_u16(&r) * MINUTE;
	read_short_days(&r, &cal);
	if (!wt_calendar_check(&cal, &err))
	{
		if (err.hint == NULL || strlen(err.detail) == 0)
			abort();
		return 0;
	}
	/* the same calendar with prefix sums must count the same */
	fast = cal;
	fast.prefix = prefix;
	fast.short_prefix = short_prefix;
	if (!wt_calendar_check(&fast, &err))
		abort();
	check_days(&cal, &fast, t);

	st = wt_next_working_instant(&cal, t, &start);
	if (st == WT_NO_WORKING_TIME)
		return 0;
	if (st != WT_OK || start < t)
		abort();
	if (wt_next_working_instant(&cal, start, &e1) != WT_OK || e1 != start)
		abort();
	if (wt_between(&cal, t, start, &w) != WT_OK || w != 0)
		abort();
	check_round_trip(&cal, t, start, d1, d2);
	if (wt_count_working_days(&fast, t / WT_USECS_PER_DAY - 30, t / WT_USECS_PER_DAY + 3000) !=
		wt_count_working_days(&cal, t / WT_USECS_PER_DAY - 30, t / WT_USECS_PER_DAY + 3000) ||
		wt_working_time_of_days(&fast, t / WT_USECS_PER_DAY - 30, t / WT_USECS_PER_DAY + 3000) !=
		wt_working_time_of_days(&cal, t / WT_USECS_PER_DAY - 30, t / WT_USECS_PER_DAY + 3000))
		abort();
	st = wt_add_working(&fast, t, d2, &e2);
	if (st != wt_add_working(&cal, t, d2, &e1) || (st == WT_OK && e1 != e2))
		abort();
	check_calendar_days(&cal, t, (d1 < 0 ? -d1 : d1) / WT_USECS_PER_DAY % (WT_MAX_DAYS + 1));
	return 0;
}
