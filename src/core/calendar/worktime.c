/*
 * worktime.c
 *	  Working-time arithmetic on a calendar of office hours.
 *
 * See worktime.h for the model.  Whole days are never stepped over one by
 * one: the number of working days in a range is the weekly pattern times
 * the number of whole weeks, plus the remainder, corrected by the
 * exceptions inside the range (found by binary search); the office time of
 * a range is that count split into full and short days, each times its
 * day's total; the day a duration ends on is found by bisection on that
 * office time.
 */
#include "core/calendar/worktime.h"

#include <assert.h>

#define WT_CALENDAR_HINT \
	"Office hours are sorted, non-overlapping intervals within one day, " \
	"e.g. 07:00-11:30 and 13:30-17:00."

/* The office hours of one working day: its intervals and their total. */
typedef struct WtHours
{
	const WtInterval *iv;
	int			n;
	int64_t		total;
} WtHours;

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

/* The weekdays that work in the weekly pattern, with full or short hours. */
static unsigned
pattern_mask(const WtCalendar *cal)
{
	return cal->weekdays | cal->short_weekdays;
}

/* Whether day's ISO weekday is in the weekday mask m. */
static bool
in_mask(unsigned m, int64_t day)
{
	return (m >> (wt_iso_weekday(day) - 1)) & 1;
}

/* Whether the weekly pattern alone makes day a working day. */
static bool
pattern_works(const WtCalendar *cal, int64_t day)
{
	return in_mask(pattern_mask(cal), day);
}

/* The office hours a working day works: short on a short weekday, else full. */
static WtHours
hours_of(const WtCalendar *cal, int64_t day)
{
	WtHours		h;

	if (in_mask(cal->short_weekdays, day))
		h = (WtHours) {cal->short_intervals, cal->n_short_intervals, cal->short_total};
	else
		h = (WtHours) {cal->intervals, cal->n_intervals, cal->day_total};
	assert(h.n >= 1 && h.total > 0);
	return h;
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

/*
 * +1, -1 or 0: what exception i changes in the weekly count of its day,
 * counting only the working days whose weekday is in mask.
 */
static int
exception_change(const WtCalendar *cal, int i, unsigned mask)
{
	bool		base = pattern_works(cal, cal->exceptions[i].day);

	if (!in_mask(mask, cal->exceptions[i].day))
		return 0;

	if (cal->exceptions[i].working && !base)
		return 1;
	if (!cal->exceptions[i].working && base)
		return -1;
	return 0;
}

/*
 * Check n office-hour intervals and store their total in *total; what and
 * what_lc name them in a detail ("Office-hour", "office-hour").
 */
static bool
check_intervals(const WtInterval *ivs, int n, const char *what, const char *what_lc,
				int64_t *total, ParseError *err)
{
	*total = 0;
	if (n > WT_MAX_INTERVALS)
		return parse_error_set(err, WT_CALENDAR_HINT,
							   "The calendar has %d %s intervals, at most %d are allowed.",
							   n, what_lc, WT_MAX_INTERVALS);
	for (int i = 0; i < n; i++)
	{
		const WtInterval *iv = &ivs[i];

		if (iv->open < 0 || iv->close > WT_USECS_PER_DAY || iv->open >= iv->close)
			return parse_error_set(err, WT_CALENDAR_HINT,
								   "%s interval %d does not end after it opens within one day.",
								   what, i + 1);
		if (i > 0 && ivs[i - 1].close > iv->open)
			return parse_error_set(err, WT_CALENDAR_HINT,
								   "%s interval %d opens before interval %d closes.",
								   what, i + 1, i);
		*total += iv->close - iv->open;
	}
	assert(*total >= 0 && *total <= WT_USECS_PER_DAY);
	return true;
}

/* Check the weekday masks: within a week, working and short ones disjoint. */
static bool
check_weekdays(const WtCalendar *cal, ParseError *err)
{
	if ((cal->weekdays | cal->short_weekdays) > 0x7f)
		return parse_error_set(err, "Weekdays are numbered 1 (Monday) to 7 (Sunday).",
							   "The weekday pattern names a day beyond Sunday.");
	if ((cal->weekdays & cal->short_weekdays) != 0)
		return parse_error_set(err, "A weekday has one set of office hours: list it as a working or a short weekday.",
							   "A weekday is both a working and a short weekday.");
	if (cal->short_weekdays != 0 && cal->n_short_intervals < 1)
		return parse_error_set(err, WT_CALENDAR_HINT,
							   "The calendar has short weekdays but no short-day hours.");
	if (cal->short_weekdays == 0 && cal->n_short_intervals != 0)
		return parse_error_set(err, "Name the short weekdays, or drop the short-day hours.",
							   "The calendar has short-day hours but no short weekdays.");
	return true;
}

/* Fill a prefix-sum buffer of the exceptions, counting the days in mask. */
static void
fill_prefix(const WtCalendar *cal, int32_t *prefix, unsigned mask)
{
	if (prefix == NULL)
		return;
	prefix[0] = 0;
	for (int i = 0; i < cal->n_exceptions; i++)
		prefix[i + 1] = prefix[i] + exception_change(cal, i, mask);
}

/* Check a calendar filled by the caller and compute its day_total. */
bool
wt_calendar_check(WtCalendar *cal, ParseError *err)
{
	int64_t		total;
	int64_t		short_total;

	assert(cal != NULL && err != NULL);
	if (cal->n_intervals < 1)
		return parse_error_set(err, WT_CALENDAR_HINT,
							   "The calendar has no office hours.");
	if (!check_intervals(cal->intervals, cal->n_intervals, "Office-hour", "office-hour",
						 &total, err) ||
		!check_weekdays(cal, err) ||
		!check_intervals(cal->short_intervals, cal->n_short_intervals, "Short-day",
						 "short-day", &short_total, err))
		return false;
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
	fill_prefix(cal, cal->prefix, 0x7f);
	fill_prefix(cal, cal->short_prefix, cal->short_weekdays);
	assert(total > 0 && total <= WT_USECS_PER_DAY);
	cal->day_total = total;
	cal->short_total = short_total;
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

/*
 * Number of working days in [d0, d1) whose weekday is in mask, with the
 * prefix sums of fill_prefix for that mask, or NULL to walk the exceptions.
 */
static int64_t
count_in_mask(const WtCalendar *cal, unsigned mask, const int32_t *prefix,
			  int64_t d0, int64_t d1)
{
	unsigned	m = pattern_mask(cal) & mask;
	int64_t		n;
	int64_t		d;
	int			i;

	if (d1 <= d0)
		return 0;
	n = ((d1 - d0) / 7) * popcount7(m);
	for (d = d0 + ((d1 - d0) / 7) * 7; d < d1; d++)
		n += in_mask(m, d);
	i = lower_bound(cal, d0);
	if (prefix != NULL)
		n += prefix[lower_bound(cal, d1)] - prefix[i];
	else
		for (; i < cal->n_exceptions && cal->exceptions[i].day < d1; i++)
			n += exception_change(cal, i, mask);
	assert(n >= 0 && n <= d1 - d0);
	return n;
}

/* Number of working days (full or short) in [d0, d1); 0 when d1 <= d0. */
int64_t
wt_count_working_days(const WtCalendar *cal, int64_t d0, int64_t d1)
{
	return count_in_mask(cal, 0x7f, cal->prefix, d0, d1);
}

/* Office time of the working days in [d0, d1); 0 when d1 <= d0. */
int64_t
wt_working_time_of_days(const WtCalendar *cal, int64_t d0, int64_t d1)
{
	int64_t		all = wt_count_working_days(cal, d0, d1);
	int64_t		n_short;

	if (cal->short_weekdays == 0)
		return all * cal->day_total;
	n_short = count_in_mask(cal, cal->short_weekdays, cal->short_prefix, d0, d1);
	assert(n_short >= 0 && n_short <= all);
	return (all - n_short) * cal->day_total + n_short * cal->short_total;
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
		else if (pattern_mask(cal) != 0)
			day++;				/* at most 6 steps to a pattern day */
		else if (i < cal->n_exceptions)
			day = cal->exceptions[i].day;	/* only exceptions can work */
		else
			break;
	}
	return WT_NO_WORKING_TIME;
}

/*
 * The first day after day by whose end the working days after day hold at
 * least amount (> 0) of office time, within the horizon of start_day:
 * bisection on wt_working_time_of_days.  Without short days that is the n-th
 * working day after day, n = ceil(amount / day_total).
 */
static WtStatus
day_reaching(const WtCalendar *cal, int64_t day, int64_t amount,
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
	 * An upper bound hi with time(lo, hi + 1) >= amount, when one exists.
	 * With working weekdays, the weeks amount needs if no day were off,
	 * widened by doubling while days off leave it short: a long list of
	 * holidays (the public holidays of 1968-2100) costs a step or two, not a
	 * bisection over the whole list.  With none, only listed days work: up
	 * to the last.
	 */
	if (pattern_mask(cal) != 0)
	{
		int64_t		week = popcount7(cal->weekdays) * cal->day_total +
			popcount7(cal->short_weekdays) * cal->short_total;
		int64_t		weeks = amount / week + 1;

		hi = weeks > (limit - lo) / 7 ? limit : lo + weeks * 7;
		while (wt_working_time_of_days(cal, lo, hi + 1) < amount)
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
		if (wt_working_time_of_days(cal, lo, hi + 1) < amount)
			return WT_NO_WORKING_TIME;
	}
	/* smallest x in [lo, hi] with time(lo, x + 1) >= amount */
	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (wt_working_time_of_days(cal, day + 1, mid + 1) >= amount)
			hi = mid;
		else
			lo = mid + 1;
	}
	assert(lo > day && wt_working_time_of_days(cal, day + 1, lo + 1) >= amount &&
		   wt_working_time_of_days(cal, day + 1, lo) < amount);
	*out = lo;
	return WT_OK;
}

/* Office time of working hours h before time of day tod. */
static int64_t
worked_before(WtHours h, int64_t tod)
{
	int64_t		sum = 0;

	for (int i = 0; i < h.n; i++)
	{
		const WtInterval *iv = &h.iv[i];

		if (tod <= iv->open)
			break;
		sum += (tod < iv->close ? tod : iv->close) - iv->open;
	}
	assert(sum >= 0 && sum <= h.total);
	return sum;
}

/*
 * Time of day at which amount (0 < amount <= office time of h left after
 * tod) of office time starting at tod is used up.
 */
static int64_t
consume(WtHours h, int64_t tod, int64_t amount)
{
	assert(amount > 0 && amount <= h.total - worked_before(h, tod));
	for (int i = 0; i < h.n; i++)
	{
		const WtInterval *iv = &h.iv[i];
		int64_t		from;

		if (iv->close <= tod)
			continue;
		from = iv->open > tod ? iv->open : tod;
		if (amount <= iv->close - from)
			return from + amount;
		amount -= iv->close - from;
	}
	return h.iv[h.n - 1].close;	/* cannot happen */
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
		WtHours		h = hours_of(cal, day);

		for (int i = 0; i < h.n; i++)
		{
			if (tod < h.iv[i].close)
			{
				*out = day * WT_USECS_PER_DAY + (tod > h.iv[i].open ? tod : h.iv[i].open);
				assert(*out >= t);
				return WT_OK;
			}
		}
	}
	st = next_working_day(cal, day + 1, day, &next);
	if (st != WT_OK)
		return st;
	*out = next * WT_USECS_PER_DAY + hours_of(cal, next).iv[0].open;
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
	int64_t		end_day;
	WtHours		h;
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
	h = hours_of(cal, day);
	left = h.total - worked_before(h, tod);
	if (amount <= left)
	{
		*out = day * WT_USECS_PER_DAY + consume(h, tod, amount);
		assert(*out > start);	/* time moves forward */
		return WT_OK;
	}
	amount -= left;
	st = day_reaching(cal, day, amount, wt_day_of(t), &end_day);
	if (st != WT_OK)
		return st;
	/* what is left for the last day: 0 < amount <= its total */
	amount -= wt_working_time_of_days(cal, day + 1, end_day);
	*out = end_day * WT_USECS_PER_DAY + consume(hours_of(cal, end_day), 0, amount);
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
	wa = wt_is_working_day(cal, da) ?
		worked_before(hours_of(cal, da), a - da * WT_USECS_PER_DAY) : 0;
	wb = wt_is_working_day(cal, db) ?
		worked_before(hours_of(cal, db), b - db * WT_USECS_PER_DAY) : 0;
	if (da == db)
		*out = wb - wa;
	else
		*out = (wt_is_working_day(cal, da) ? hours_of(cal, da).total - wa : 0) +
			wt_working_time_of_days(cal, da + 1, db) + wb;
	assert(*out >= 0 && *out <= b - a);
	return WT_OK;
}
