/*
 * worktime.c
 *	  Working-time arithmetic on a calendar of office hours.
 *
 * See worktime.h for the model.  Whole days are never stepped over one by
 * one: the number of working days in a range is the weekly pattern times
 * the number of whole weeks, plus the remainder, corrected by the
 * exceptions inside the range (found by binary search); the n-th working
 * day is found by bisection on that count.
 */
#include "core/calendar/worktime.h"

#include <assert.h>

#define WT_CALENDAR_HINT \
	"Office hours are sorted, non-overlapping intervals within one day, " \
	"e.g. 07:00-11:30 and 13:30-17:00."

/* Floor division of a by a positive b. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	assert(b > 0);
	return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* Day number of a local time (floor division). */
int64_t
wt_day_of(int64_t t)
{
	return floor_div(t, WT_USECS_PER_DAY);
}

/* ISO weekday of a day number: 2000-01-01 (day 0) was a Saturday (6). */
int
wt_iso_weekday(int64_t day)
{
	int64_t		r = (day + 5) % 7;

	if (r < 0)
		r += 7;
	assert(r >= 0 && r < 7);
	return (int) r + 1;
}

/* Number of bits set in the low 7 bits of m. */
static int
popcount7(unsigned m)
{
	int			n = 0;

	for (int i = 0; i < 7; i++)
		n += (m >> i) & 1;
	return n;
}

/* Whether the weekly pattern alone makes day a working day. */
static bool
pattern_works(const WtCalendar *cal, int64_t day)
{
	return (cal->weekdays >> (wt_iso_weekday(day) - 1)) & 1;
}

/* Index of the first exception whose day is >= day. */
static int
lower_bound(const WtCalendar *cal, int64_t day)
{
	int			lo = 0;
	int			hi = cal->n_exceptions;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (cal->exceptions[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	assert(lo >= 0 && lo <= cal->n_exceptions);
	return lo;
}

/* +1, -1 or 0: what exception i changes in the weekly count of its day. */
static int
exception_change(const WtCalendar *cal, int i)
{
	bool		base = pattern_works(cal, cal->exceptions[i].day);

	if (cal->exceptions[i].working && !base)
		return 1;
	if (!cal->exceptions[i].working && base)
		return -1;
	return 0;
}

/* Check a calendar filled by the caller and compute its day_total. */
bool
wt_calendar_check(WtCalendar *cal, ParseError *err)
{
	int64_t		total = 0;

	assert(cal != NULL && err != NULL);
	if (cal->n_intervals < 1)
		return parse_error_set(err, WT_CALENDAR_HINT,
							   "The calendar has no office hours.");
	if (cal->n_intervals > WT_MAX_INTERVALS)
		return parse_error_set(err, WT_CALENDAR_HINT,
							   "The calendar has %d office-hour intervals, at most %d are allowed.",
							   cal->n_intervals, WT_MAX_INTERVALS);
	if (cal->weekdays > 0x7f)
		return parse_error_set(err, "Weekdays are numbered 1 (Monday) to 7 (Sunday).",
							   "The weekday pattern names a day beyond Sunday.");
	for (int i = 0; i < cal->n_intervals; i++)
	{
		const WtInterval *iv = &cal->intervals[i];

		if (iv->open < 0 || iv->close > WT_USECS_PER_DAY || iv->open >= iv->close)
			return parse_error_set(err, WT_CALENDAR_HINT,
								   "Office-hour interval %d does not end after it opens within one day.",
								   i + 1);
		if (i > 0 && cal->intervals[i - 1].close > iv->open)
			return parse_error_set(err, WT_CALENDAR_HINT,
								   "Office-hour interval %d opens before interval %d closes.",
								   i + 1, i);
		total += iv->close - iv->open;
	}
	for (int i = 0; i < cal->n_exceptions; i++)
	{
		if (cal->exceptions[i].day < WT_DAY_MIN || cal->exceptions[i].day > WT_DAY_MAX)
			return parse_error_set(err, "List each day off or extra working day once, in order.",
								   "Calendar day %d is out of range.", i + 1);
		if (i > 0 && cal->exceptions[i - 1].day >= cal->exceptions[i].day)
			return parse_error_set(err, "List each day off or extra working day once, in order.",
								   "Calendar days %d and %d are not in increasing order.",
								   i, i + 1);
	}
	if (cal->prefix != NULL)
	{
		cal->prefix[0] = 0;
		for (int i = 0; i < cal->n_exceptions; i++)
			cal->prefix[i + 1] = cal->prefix[i] + exception_change(cal, i);
	}
	assert(total > 0 && total <= WT_USECS_PER_DAY);
	cal->day_total = total;
	return true;
}

/* Whether day is a working day of cal (exceptions first, then the pattern). */
bool
wt_is_working_day(const WtCalendar *cal, int64_t day)
{
	int			i = lower_bound(cal, day);

	if (i < cal->n_exceptions && cal->exceptions[i].day == day)
		return cal->exceptions[i].working;
	return pattern_works(cal, day);
}

/* Number of working days in [d0, d1); 0 when d1 <= d0. */
int64_t
wt_count_working_days(const WtCalendar *cal, int64_t d0, int64_t d1)
{
	int64_t		n;
	int64_t		d;
	int			i;

	if (d1 <= d0)
		return 0;
	n = ((d1 - d0) / 7) * popcount7(cal->weekdays);
	for (d = d0 + ((d1 - d0) / 7) * 7; d < d1; d++)
		n += pattern_works(cal, d);
	i = lower_bound(cal, d0);
	if (cal->prefix != NULL)
		n += cal->prefix[lower_bound(cal, d1)] - cal->prefix[i];
	else
		for (; i < cal->n_exceptions && cal->exceptions[i].day < d1; i++)
			n += exception_change(cal, i);
	assert(n >= 0 && n <= d1 - d0);
	return n;
}

/* First working day at or after day, within the horizon of start_day. */
static WtStatus
next_working_day(const WtCalendar *cal, int64_t day, int64_t start_day, int64_t *out)
{
	int64_t		limit = start_day + WT_HORIZON_DAYS;

	if (limit > WT_DAY_MAX)
		limit = WT_DAY_MAX;
	while (day <= limit)
	{
		int			i = lower_bound(cal, day);

		if (i < cal->n_exceptions && cal->exceptions[i].day == day)
		{
			if (cal->exceptions[i].working)
			{
				*out = day;
				return WT_OK;
			}
			day++;
		}
		else if (pattern_works(cal, day))
		{
			*out = day;
			return WT_OK;
		}
		else if (cal->weekdays != 0)
			day++;				/* at most 6 steps to a pattern day */
		else if (i < cal->n_exceptions)
			day = cal->exceptions[i].day;	/* only exceptions can work */
		else
			break;
	}
	return WT_NO_WORKING_TIME;
}

/*
 * The n-th working day after day (n >= 1), within the horizon of start_day:
 * bisection on wt_count_working_days.
 */
static WtStatus
nth_working_day_after(const WtCalendar *cal, int64_t day, int64_t n,
					  int64_t start_day, int64_t *out)
{
	int64_t		limit = start_day + WT_HORIZON_DAYS;
	int64_t		lo = day + 1;
	int64_t		hi;

	if (limit > WT_DAY_MAX)
		limit = WT_DAY_MAX;
	if (limit < lo)
		return WT_NO_WORKING_TIME;
	/*
	 * An upper bound hi with count(lo, hi + 1) >= n, when one exists.  With
	 * working weekdays, the weeks n needs if no day were off, widened by
	 * doubling while days off leave it short: a long list of holidays (the
	 * public holidays of 1968-2100) costs a step or two, not a bisection
	 * over the whole list.  With none, only listed days work: up to the last.
	 */
	if (cal->weekdays != 0)
	{
		int64_t		weeks = n / popcount7(cal->weekdays) + 1;

		hi = weeks > (limit - lo) / 7 ? limit : lo + weeks * 7;
		while (wt_count_working_days(cal, lo, hi + 1) < n)
		{
			if (hi >= limit)
				return WT_NO_WORKING_TIME;
			hi = hi - lo > (limit - lo) / 2 ? limit : lo + 2 * (hi - lo) + 1;
		}
	}
	else
	{
		hi = lo;
		if (cal->n_exceptions > 0 && cal->exceptions[cal->n_exceptions - 1].day > hi)
			hi = cal->exceptions[cal->n_exceptions - 1].day;
		if (hi > limit)
			hi = limit;
		if (wt_count_working_days(cal, lo, hi + 1) < n)
			return WT_NO_WORKING_TIME;
	}
	/* smallest x in [lo, hi] with count(lo, x + 1) >= n */
	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (wt_count_working_days(cal, day + 1, mid + 1) >= n)
			hi = mid;
		else
			lo = mid + 1;
	}
	assert(lo > day && wt_count_working_days(cal, day + 1, lo + 1) == n);
	*out = lo;
	return WT_OK;
}

/* Office time of a working day before time of day tod. */
static int64_t
worked_before(const WtCalendar *cal, int64_t tod)
{
	int64_t		sum = 0;

	for (int i = 0; i < cal->n_intervals; i++)
	{
		const WtInterval *iv = &cal->intervals[i];

		if (tod <= iv->open)
			break;
		sum += (tod < iv->close ? tod : iv->close) - iv->open;
	}
	assert(sum >= 0 && sum <= cal->day_total);
	return sum;
}

/*
 * Time of day at which amount (0 < amount <= office time left after tod)
 * of office time starting at tod is used up.
 */
static int64_t
consume(const WtCalendar *cal, int64_t tod, int64_t amount)
{
	assert(amount > 0 && amount <= cal->day_total - worked_before(cal, tod));
	for (int i = 0; i < cal->n_intervals; i++)
	{
		const WtInterval *iv = &cal->intervals[i];
		int64_t		from;

		if (iv->close <= tod)
			continue;
		from = iv->open > tod ? iv->open : tod;
		if (amount <= iv->close - from)
			return from + amount;
		amount -= iv->close - from;
	}
	return cal->intervals[cal->n_intervals - 1].close;	/* cannot happen */
}

/* Whether t lies in the supported range of days. */
static bool
time_in_range(int64_t t)
{
	int64_t		d = wt_day_of(t);

	return d >= WT_DAY_MIN && d <= WT_DAY_MAX;
}

/* The first working instant at or after t. */
WtStatus
wt_next_working_instant(const WtCalendar *cal, int64_t t, int64_t *out)
{
	int64_t		day;
	int64_t		tod;
	int64_t		next;
	WtStatus	st;

	assert(cal != NULL && out != NULL);
	assert(cal->n_intervals >= 1 && cal->day_total > 0);
	if (!time_in_range(t))
		return WT_TIME_OUT_OF_RANGE;
	day = wt_day_of(t);
	tod = t - day * WT_USECS_PER_DAY;
	if (wt_is_working_day(cal, day))
	{
		for (int i = 0; i < cal->n_intervals; i++)
		{
			if (tod < cal->intervals[i].close)
			{
				*out = day * WT_USECS_PER_DAY +
					(tod > cal->intervals[i].open ? tod : cal->intervals[i].open);
				assert(*out >= t);
				return WT_OK;
			}
		}
	}
	st = next_working_day(cal, day + 1, day, &next);
	if (st != WT_OK)
		return st;
	*out = next * WT_USECS_PER_DAY + cal->intervals[0].open;
	assert(*out > t);
	return WT_OK;
}

/* t plus amount microseconds of working time. */
WtStatus
wt_add_working(const WtCalendar *cal, int64_t t, int64_t amount, int64_t *out)
{
	int64_t		start;
	int64_t		day;
	int64_t		tod;
	int64_t		left;
	int64_t		full;
	int64_t		last;
	int64_t		end_day;
	WtStatus	st;

	if (amount < 0 || amount > WT_MAX_AMOUNT)
		return WT_AMOUNT_OUT_OF_RANGE;
	st = wt_next_working_instant(cal, t, &start);
	if (st != WT_OK)
		return st;
	if (amount == 0)
	{
		*out = start;
		return WT_OK;
	}
	day = wt_day_of(start);
	tod = start - day * WT_USECS_PER_DAY;
	left = cal->day_total - worked_before(cal, tod);
	if (amount <= left)
	{
		*out = day * WT_USECS_PER_DAY + consume(cal, tod, amount);
		assert(*out > start);	/* time moves forward */
		return WT_OK;
	}
	amount -= left;
	full = (amount - 1) / cal->day_total;	/* whole working days skipped */
	last = amount - full * cal->day_total;	/* 0 < last <= day_total */
	st = nth_working_day_after(cal, day, full + 1, wt_day_of(t), &end_day);
	if (st != WT_OK)
		return st;
	*out = end_day * WT_USECS_PER_DAY + consume(cal, 0, last);
	assert(*out > start);		/* time moves forward */
	return WT_OK;
}

/* End of a period of calendar days (Civil Code Art. 147-148); see worktime.h. */
WtStatus
wt_add_calendar(const WtCalendar *cal, int64_t t, int64_t days, int64_t *out)
{
	int64_t		last;
	int64_t		next;
	WtStatus	st;

	assert(cal != NULL && out != NULL);
	if (days < 0 || days > WT_MAX_DAYS)
		return WT_AMOUNT_OUT_OF_RANGE;
	if (!time_in_range(t))
		return WT_TIME_OUT_OF_RANGE;
	last = wt_day_of(t) + days;
	/* the last day, or the first working day after it (Art. 148(5)) */
	st = wt_next_working_instant(cal, last * WT_USECS_PER_DAY, &next);
	if (st != WT_OK)
		return st;
	last = wt_day_of(next);
	if (!time_in_range((last + 1) * WT_USECS_PER_DAY))
		return WT_TIME_OUT_OF_RANGE;
	*out = (last + 1) * WT_USECS_PER_DAY;
	assert(*out > t && wt_is_working_day(cal, last));
	return WT_OK;
}

/* Working time in [a, b), in microseconds; 0 when b <= a. */
WtStatus
wt_between(const WtCalendar *cal, int64_t a, int64_t b, int64_t *out)
{
	int64_t		da;
	int64_t		db;
	int64_t		wa;
	int64_t		wb;

	assert(cal != NULL && out != NULL);
	if (!time_in_range(a) || !time_in_range(b))
		return WT_TIME_OUT_OF_RANGE;
	if (b <= a)
	{
		*out = 0;
		return WT_OK;
	}
	da = wt_day_of(a);
	db = wt_day_of(b);
	wa = wt_is_working_day(cal, da) ? worked_before(cal, a - da * WT_USECS_PER_DAY) : 0;
	wb = wt_is_working_day(cal, db) ? worked_before(cal, b - db * WT_USECS_PER_DAY) : 0;
	if (da == db)
		*out = wb - wa;
	else
		*out = (wt_is_working_day(cal, da) ? cal->day_total - wa : 0) +
			wt_count_working_days(cal, da + 1, db) * cal->day_total + wb;
	assert(*out >= 0 && *out <= b - a);
	return WT_OK;
}
