/*
 * test_worktime.c
 *	  cmocka tests of the working-time arithmetic (src/core/calendar/worktime.c).
 *
 * One test per calendar bug class users file against workflow engines
 * (issue 3 item 5): holidays ignored, weekends counted as working days, a
 * day read as 24 hours, timers outside office hours, a multi-day holiday, a
 * swapped Saturday; then round trips, monotonicity, bounds and long spans;
 * then a commune desk with short Saturdays (issue 12 item 4).
 * Dates are local; 2026-03-02 is a Monday.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/calendar/worktime.h"

#define H(h, m) ((int64_t) (h) * WT_USECS_PER_HOUR + (int64_t) (m) * 60 * WT_USECS_PER_SEC)

/* Days from 2000-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
day_of(int y, int m, int d)
{
	int64_t		era;
	int64_t		yoe;
	int64_t		doy;
	int64_t		doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468 - 10957;
}

/* Local time y-m-d hh:mm. */
static int64_t
at(int y, int mo, int d, int h, int mi)
{
	return day_of(y, mo, d) * WT_USECS_PER_DAY + H(h, mi);
}

/* The default calendar: Mon-Fri, 07:00-11:30 and 13:30-17:00, exceptions ex. */
static WtCalendar
default_calendar(const WtException *ex, int n_ex)
{
	WtCalendar	cal;
	ParseError	err;

	memset(&cal, 0, sizeof(cal));
	cal.weekdays = 0x1f;
	cal.n_intervals = 2;
	cal.intervals[0] = (WtInterval) {H(7, 0), H(11, 30)};
	cal.intervals[1] = (WtInterval) {H(13, 30), H(17, 0)};
	cal.exceptions = ex;
	cal.n_exceptions = n_ex;
	assert_true(wt_calendar_check(&cal, &err));
	return cal;
}

/*
 * A commune desk: Mon-Fri 07:00-11:30 and 13:30-17:00 (8 h), Saturday
 * 07:30-11:30 (4 h, a short day), exceptions ex; a week holds 44 h.
 */
static WtCalendar
commune_calendar(const WtException *ex, int n_ex)
{
	WtCalendar	cal = default_calendar(ex, n_ex);
	ParseError	err;

	cal.short_weekdays = 1u << (6 - 1);
	cal.n_short_intervals = 1;
	cal.short_intervals[0] = (WtInterval) {H(7, 30), H(11, 30)};
	assert_true(wt_calendar_check(&cal, &err));
	assert_int_equal(cal.day_total, H(8, 0));
	assert_int_equal(cal.short_total, H(4, 0));
	return cal;
}

static void check_round_trip_and_monotone(const WtCalendar *cal);

/* add working time, asserting success */
static int64_t
add(const WtCalendar *cal, int64_t t, int64_t amount)
{
	int64_t		out = 0;

	assert_int_equal(wt_add_working(cal, t, amount, &out), WT_OK);
	return out;
}

/* working time between, asserting success */
static int64_t
between(const WtCalendar *cal, int64_t a, int64_t b)
{
	int64_t		out = -1;

	assert_int_equal(wt_between(cal, a, b, &out), WT_OK);
	return out;
}

/* next working instant, asserting success */
static int64_t
next(const WtCalendar *cal, int64_t t)
{
	int64_t		out = 0;

	assert_int_equal(wt_next_working_instant(cal, t, &out), WT_OK);
	return out;
}

/* Weekday numbering: 2000-01-01 Saturday, 2026-03-02 Monday, negatives too. */
static void
test_weekdays(void **state)
{
	assert_int_equal(wt_iso_weekday(0), 6);
	assert_int_equal(wt_iso_weekday(day_of(2026, 3, 2)), 1);
	assert_int_equal(wt_iso_weekday(day_of(2026, 3, 8)), 7);
	assert_int_equal(wt_iso_weekday(day_of(1999, 12, 31)), 5);
	assert_int_equal(wt_iso_weekday(day_of(1970, 1, 1)), 4);
	assert_int_equal(wt_day_of(-1), -1);
	assert_int_equal(wt_day_of(WT_USECS_PER_DAY), 1);
}

/* A day is 8 working hours, not 24: one working day from Monday 07:00. */
static void
test_day_is_not_24_hours(void **state)
{
	WtCalendar	cal = default_calendar(NULL, 0);

	assert_int_equal(cal.day_total, H(8, 0));
	assert_int_equal(add(&cal, at(2026, 3, 2, 7, 0), H(8, 0)), at(2026, 3, 2, 17, 0));
	assert_int_equal(add(&cal, at(2026, 3, 2, 9, 0), H(8, 0)), at(2026, 3, 3, 9, 0));
	assert_int_equal(between(&cal, at(2026, 3, 2, 0, 0), at(2026, 3, 3, 0, 0)), H(8, 0));
	/* 4.5 h in the morning, then the afternoon */
	assert_int_equal(add(&cal, at(2026, 3, 2, 7, 0), H(4, 30)), at(2026, 3, 2, 11, 30));
	assert_int_equal(add(&cal, at(2026, 3, 2, 7, 0), H(4, 31)), at(2026, 3, 2, 13, 31));
}

/* Weekends are not working days: Friday afternoon + 1 day ends Monday. */
static void
test_weekend_skipped(void **state)
{
	WtCalendar	cal = default_calendar(NULL, 0);

	assert_int_equal(add(&cal, at(2026, 3, 6, 15, 0), H(8, 0)), at(2026, 3, 9, 15, 0));
	assert_int_equal(between(&cal, at(2026, 3, 6, 17, 0), at(2026, 3, 9, 7, 0)), 0);
	assert_int_equal(wt_count_working_days(&cal, day_of(2026, 3, 2), day_of(2026, 3, 16)), 10);
	/* 5 working days from Monday 07:00 end Friday 17:00, not Saturday */
	assert_int_equal(add(&cal, at(2026, 3, 2, 7, 0), H(40, 0)), at(2026, 3, 6, 17, 0));
}

/* Holidays are not ignored: 2026-04-30 and 05-01 (Thursday, Friday) off. */
static void
test_holidays_skipped(void **state)
{
	WtException days[2];
	WtCalendar	cal;

	days[0] = (WtException) {(int32_t) day_of(2026, 4, 30), false};
	days[1] = (WtException) {(int32_t) day_of(2026, 5, 1), false};
	cal = default_calendar(days, 2);
	assert_false(wt_is_working_day(&cal, day_of(2026, 4, 30)));
	/* Wednesday 09:00 + 2 days: Thursday, Friday, weekend off -> Tuesday 09:00 */
	assert_int_equal(add(&cal, at(2026, 4, 29, 9, 0), H(16, 0)), at(2026, 5, 5, 9, 0));
	assert_int_equal(between(&cal, at(2026, 4, 29, 17, 0), at(2026, 5, 4, 7, 0)), 0);
	assert_int_equal(next(&cal, at(2026, 4, 30, 8, 0)), at(2026, 5, 4, 7, 0));
}

/* A 9-day Tết break (2026-02-14 .. 02-22): a duration crosses it whole. */
static void
test_multi_day_holiday(void **state)
{
	WtException days[9];
	WtCalendar	cal;

	for (int i = 0; i < 9; i++)
		days[i] = (WtException) {(int32_t) (day_of(2026, 2, 14) + i), false};
	cal = default_calendar(days, 9);
	/* Friday 2026-02-13 10:00 + 1 working day -> Monday 2026-02-23 10:00 */
	assert_int_equal(add(&cal, at(2026, 2, 13, 10, 0), H(8, 0)), at(2026, 2, 23, 10, 0));
	/* received during the break: the clock starts when it ends */
	assert_int_equal(next(&cal, at(2026, 2, 16, 9, 0)), at(2026, 2, 23, 7, 0));
	assert_int_equal(add(&cal, at(2026, 2, 16, 9, 0), H(24, 0)), at(2026, 2, 25, 17, 0));
	assert_int_equal(between(&cal, at(2026, 2, 13, 0, 0), at(2026, 2, 24, 0, 0)), H(16, 0));
	/* 15 working days across the break: Feb 13, then 14 more from the 23rd */
	assert_int_equal(add(&cal, at(2026, 2, 13, 7, 0), 15 * H(8, 0)), at(2026, 3, 12, 17, 0));
}

/* A swapped Saturday works: Saturday 2026-01-10 made a working day. */
static void
test_swapped_saturday(void **state)
{
	WtException days[2];
	WtCalendar	cal;

	days[0] = (WtException) {(int32_t) day_of(2026, 1, 2), false};	/* bridged Friday */
	days[1] = (WtException) {(int32_t) day_of(2026, 1, 10), true};	/* made up */
	cal = default_calendar(days, 2);
	assert_true(wt_is_working_day(&cal, day_of(2026, 1, 10)));
	assert_false(wt_is_working_day(&cal, day_of(2026, 1, 11)));
	/* Friday 2026-01-09 15:00 + 1 day -> Saturday 15:00 */
	assert_int_equal(add(&cal, at(2026, 1, 9, 15, 0), H(8, 0)), at(2026, 1, 10, 15, 0));
	assert_int_equal(next(&cal, at(2026, 1, 9, 17, 30)), at(2026, 1, 10, 7, 0));
	/* Thursday 2026-01-01 15:00 + 1 day: Friday is bridged -> Monday 15:00 */
	assert_int_equal(add(&cal, at(2026, 1, 1, 15, 0), H(8, 0)), at(2026, 1, 5, 15, 0));
	assert_int_equal(wt_count_working_days(&cal, day_of(2026, 1, 1), day_of(2026, 1, 12)), 7);
}

/* Timers outside office hours: 06:00, lunch, 17:30, Sunday. */
static void
test_outside_office_hours(void **state)
{
	WtCalendar	cal = default_calendar(NULL, 0);

	assert_int_equal(next(&cal, at(2026, 3, 3, 6, 0)), at(2026, 3, 3, 7, 0));
	assert_int_equal(next(&cal, at(2026, 3, 3, 12, 0)), at(2026, 3, 3, 13, 30));
	assert_int_equal(next(&cal, at(2026, 3, 3, 17, 30)), at(2026, 3, 4, 7, 0));
	assert_int_equal(next(&cal, at(2026, 3, 3, 17, 0)), at(2026, 3, 4, 7, 0));
	assert_int_equal(next(&cal, at(2026, 3, 3, 16, 59)), at(2026, 3, 3, 16, 59));
	assert_int_equal(next(&cal, at(2026, 3, 8, 10, 0)), at(2026, 3, 9, 7, 0));
	assert_int_equal(add(&cal, at(2026, 3, 3, 6, 0), H(2, 0)), at(2026, 3, 3, 9, 0));
	assert_int_equal(add(&cal, at(2026, 3, 3, 12, 0), H(2, 0)), at(2026, 3, 3, 15, 30));
	assert_int_equal(add(&cal, at(2026, 3, 3, 17, 30), H(2, 0)), at(2026, 3, 4, 9, 0));
	assert_int_equal(add(&cal, at(2026, 3, 8, 10, 0), H(2, 0)), at(2026, 3, 9, 9, 0));
	assert_int_equal(add(&cal, at(2026, 3, 8, 10, 0), 0), at(2026, 3, 9, 7, 0));
	assert_int_equal(between(&cal, at(2026, 3, 3, 11, 0), at(2026, 3, 3, 14, 0)), H(1, 0));
	assert_int_equal(between(&cal, at(2026, 3, 7, 8, 0), at(2026, 3, 8, 16, 0)), 0);
}

/* Calendar days: same wall-clock time n days later, then the next working instant. */
static void
test_calendar_days(void **state)
{
	WtException days[1];
	WtCalendar	cal;
	int64_t		out;

	days[0] = (WtException) {(int32_t) day_of(2026, 3, 16), false};
	cal = default_calendar(days, 1);
	/*
	 * Civil Code 2015 Art. 147-148: the event's day is not counted and the
	 * period ends at 24:00 (00:00 of the next day) of its last day
	 */
	assert_int_equal(wt_add_calendar(&cal, at(2026, 3, 2, 9, 0), 3, &out), WT_OK);
	assert_int_equal(out, at(2026, 3, 6, 0, 0));
	/* last day a Saturday -> the end of Monday (Art. 148(5)) */
	assert_int_equal(wt_add_calendar(&cal, at(2026, 3, 2, 9, 0), 5, &out), WT_OK);
	assert_int_equal(out, at(2026, 3, 10, 0, 0));
	/* last day a holiday Monday -> the end of Tuesday */
	assert_int_equal(wt_add_calendar(&cal, at(2026, 3, 2, 9, 0), 14, &out), WT_OK);
	assert_int_equal(out, at(2026, 3, 18, 0, 0));
	/* the time of the event does not matter, only its day */
	assert_int_equal(wt_add_calendar(&cal, at(2026, 3, 2, 18, 0), 1, &out), WT_OK);
	assert_int_equal(out, at(2026, 3, 4, 0, 0));
	assert_int_equal(wt_add_calendar(&cal, at(2026, 3, 2, 0, 0), 1, &out), WT_OK);
	assert_int_equal(out, at(2026, 3, 4, 0, 0));
	/* 0 days: the end of the event's day, or of the next working day */
	assert_int_equal(wt_add_calendar(&cal, at(2026, 3, 6, 23, 0), 0, &out), WT_OK);
	assert_int_equal(out, at(2026, 3, 7, 0, 0));
	assert_int_equal(wt_add_calendar(&cal, at(2026, 3, 7, 10, 0), 0, &out), WT_OK);
	assert_int_equal(out, at(2026, 3, 10, 0, 0));
	assert_int_equal(wt_add_calendar(&cal, at(2026, 3, 7, 10, 0), WT_MAX_DAYS + 1, &out),
					 WT_AMOUNT_OUT_OF_RANGE);
}

/* Round trip between(a, add(a, d)) = d, and monotonicity, over many cases. */
static void
test_round_trip_and_monotone(void **state)
{
	WtException days[3];
	WtCalendar	cal;

	days[0] = (WtException) {(int32_t) day_of(2026, 3, 4), false};
	days[1] = (WtException) {(int32_t) day_of(2026, 3, 7), true};
	days[2] = (WtException) {(int32_t) day_of(2026, 3, 10), false};
	cal = default_calendar(days, 3);
	check_round_trip_and_monotone(&cal);
}

/*
 * Round trip between(a, add(a, d)) = d and monotonicity on cal, from every
 * quarter hour of two weeks from 2026-03-01.
 */
static void
check_round_trip_and_monotone(const WtCalendar *cal)
{
	int64_t		prev_end = INT64_MIN;

	for (int64_t step = 0; step < 14 * 24 * 4; step++)
	{
		int64_t		a = at(2026, 3, 1, 0, 0) + step * 15 * 60 * WT_USECS_PER_SEC;
		int64_t		s = next(cal, a);
		int64_t		prev = s;

		for (int64_t d = 0; d <= H(50, 0); d += H(1, 45))
		{
			int64_t		e = add(cal, a, d);

			assert_int_equal(between(cal, s, e), d);
			assert_int_equal(between(cal, a, e), d);
			assert_true(e >= prev);
			prev = e;
		}
		/* later start, later or equal end */
		{
			int64_t		e = add(cal, a, H(20, 0));

			assert_true(e >= prev_end);
			prev_end = e;
		}
	}
}

/* between is 0 for b <= a; additive across a split point. */
static void
test_between_order_and_additivity(void **state)
{
	WtCalendar	cal = default_calendar(NULL, 0);
	int64_t		a = at(2026, 3, 2, 10, 0);
	int64_t		m = at(2026, 3, 11, 12, 0);
	int64_t		b = at(2026, 3, 20, 16, 0);

	assert_int_equal(between(&cal, b, a), 0);
	assert_int_equal(between(&cal, a, a), 0);
	assert_int_equal(between(&cal, a, b), between(&cal, a, m) + between(&cal, m, b));
}

/* Ten years: fast and equal to the per-day count. */
static void
test_long_span(void **state)
{
	WtException days[100];
	WtCalendar	cal;
	int64_t		a = at(2026, 1, 1, 8, 0);
	int64_t		b = at(2036, 1, 1, 8, 0);
	int64_t		naive = 0;
	clock_t		c0;
	WtCalendar	fast;
	int32_t		prefix[101];
	ParseError	err;

	for (int i = 0; i < 100; i++)
		days[i] = (WtException) {(int32_t) (day_of(2026, 1, 5) + i * 30), i % 2 == 0};
	cal = default_calendar(days, 100);
	for (int64_t d = wt_day_of(a); d < wt_day_of(b); d++)
		naive += wt_is_working_day(&cal, d);
	assert_int_equal(wt_count_working_days(&cal, wt_day_of(a), wt_day_of(b)), naive);
	assert_int_equal(between(&cal, a, b), naive * H(8, 0));
	/* the prefix sums give the same counts as the loop over exceptions */
	fast = cal;
	fast.prefix = prefix;
	assert_true(wt_calendar_check(&fast, &err));
	for (int64_t d = wt_day_of(a) - 40; d < wt_day_of(b) + 40; d += 37)
		assert_int_equal(wt_count_working_days(&fast, d, d + 500),
						 wt_count_working_days(&cal, d, d + 500));
	assert_int_equal(add(&fast, a, naive * H(8, 0)), add(&cal, a, naive * H(8, 0)));
	c0 = clock();
	for (int i = 0; i < 1000; i++)
		assert_int_equal(between(&fast, a, add(&fast, a, naive * H(8, 0))), naive * H(8, 0));
	/* 1000 ten-year round trips under a second, even with sanitizers */
	assert_true((double) (clock() - c0) / CLOCKS_PER_SEC < 1.0);
}

/* Bounds: negative and absurd amounts, out-of-range times. */
static void
test_bounds(void **state)
{
	WtCalendar	cal = default_calendar(NULL, 0);
	int64_t		out;
	int64_t		t = at(2026, 3, 2, 7, 0);

	assert_int_equal(wt_add_working(&cal, t, -1, &out), WT_AMOUNT_OUT_OF_RANGE);
	assert_int_equal(wt_add_working(&cal, t, WT_MAX_AMOUNT + 1, &out), WT_AMOUNT_OUT_OF_RANGE);
	assert_int_equal(wt_add_calendar(&cal, t, -1, &out), WT_AMOUNT_OUT_OF_RANGE);
	assert_int_equal(wt_add_working(&cal, t, WT_MAX_AMOUNT, &out), WT_OK);
	assert_true(out > t);
	assert_int_equal(wt_next_working_instant(&cal, (WT_DAY_MAX + 1) * WT_USECS_PER_DAY, &out),
					 WT_TIME_OUT_OF_RANGE);
	assert_int_equal(wt_between(&cal, WT_DAY_MIN * WT_USECS_PER_DAY - 1, t, &out),
					 WT_TIME_OUT_OF_RANGE);
	/* the far end of the range: no overflow, a clear error */
	assert_int_equal(wt_add_working(&cal, WT_DAY_MAX * WT_USECS_PER_DAY, WT_MAX_AMOUNT, &out),
					 WT_NO_WORKING_TIME);
}

/* Calendars without reachable working time end with an error, not a loop. */
static void
test_no_working_time(void **state)
{
	WtException days[2];
	WtCalendar	cal = default_calendar(NULL, 0);
	int64_t		out;

	cal.weekdays = 0;
	assert_int_equal(wt_next_working_instant(&cal, at(2026, 3, 2, 7, 0), &out), WT_NO_WORKING_TIME);
	assert_int_equal(wt_add_working(&cal, at(2026, 3, 2, 7, 0), H(1, 0), &out), WT_NO_WORKING_TIME);
	/* only two listed working days: one day fits, three do not */
	days[0] = (WtException) {(int32_t) day_of(2026, 3, 7), true};
	days[1] = (WtException) {(int32_t) day_of(2026, 6, 7), true};
	cal.exceptions = days;
	cal.n_exceptions = 2;
	assert_int_equal(add(&cal, at(2026, 3, 2, 7, 0), H(16, 0)), at(2026, 6, 7, 17, 0));
	assert_int_equal(wt_add_working(&cal, at(2026, 3, 2, 7, 0), H(24, 0), &out), WT_NO_WORKING_TIME);
	assert_int_equal(between(&cal, at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0)), H(16, 0));
	/* weekends only, 1 minute a day: a century of hours is beyond the horizon */
	cal = default_calendar(NULL, 0);
	cal.weekdays = 0x60;
	cal.n_intervals = 1;
	cal.intervals[0] = (WtInterval) {H(9, 0), H(9, 1)};
	cal.day_total = H(0, 1);
	assert_int_equal(wt_add_working(&cal, at(2026, 3, 2, 7, 0), WT_MAX_AMOUNT, &out), WT_NO_WORKING_TIME);
}

/* Calendar validation refuses what the arithmetic cannot work with. */
static void
test_calendar_check(void **state)
{
	WtCalendar	cal = default_calendar(NULL, 0);
	WtCalendar	bad;
	WtException days[2];
	ParseError	err;

	bad = cal;
	bad.n_intervals = 0;
	assert_false(wt_calendar_check(&bad, &err));
	assert_string_equal(err.detail, "The calendar has no office hours.");
	bad = cal;
	bad.intervals[1] = (WtInterval) {H(11, 0), H(17, 0)};
	assert_false(wt_calendar_check(&bad, &err));
	assert_string_equal(err.detail, "Office-hour interval 2 opens before interval 1 closes.");
	bad = cal;
	bad.intervals[0] = (WtInterval) {H(12, 0), H(12, 0)};
	assert_false(wt_calendar_check(&bad, &err));
	bad = cal;
	bad.intervals[1] = (WtInterval) {H(13, 0), H(25, 0)};
	assert_false(wt_calendar_check(&bad, &err));
	bad = cal;
	bad.weekdays = 0x80;
	assert_false(wt_calendar_check(&bad, &err));
	bad = cal;
	days[0] = (WtException) {5, false};
	days[1] = (WtException) {5, true};
	bad.exceptions = days;
	bad.n_exceptions = 2;
	assert_false(wt_calendar_check(&bad, &err));
	assert_non_null(err.hint);
	/* touching intervals and a 24-hour day are valid */
	bad = cal;
	bad.n_intervals = 2;
	bad.intervals[0] = (WtInterval) {0, H(12, 0)};
	bad.intervals[1] = (WtInterval) {H(12, 0), WT_USECS_PER_DAY};
	assert_true(wt_calendar_check(&bad, &err));
	assert_int_equal(bad.day_total, WT_USECS_PER_DAY);
}

/*
 * Short Saturdays count their own 4 h.  2026-03-06 is a Friday.
 * 1 working day (8 h) from Friday 13:00: the clock starts at 13:30; Friday
 * 13:30-17:00 = 3.5 h (4.5 h left), Saturday 07:30-11:30 = 4 h (0.5 h
 * left), Sunday off, Monday 07:00 + 0.5 h = Monday 07:30.
 */
static void
test_short_saturday(void **state)
{
	WtCalendar	cal = commune_calendar(NULL, 0);

	assert_true(wt_is_working_day(&cal, day_of(2026, 3, 7)));
	assert_false(wt_is_working_day(&cal, day_of(2026, 3, 8)));
	assert_int_equal(add(&cal, at(2026, 3, 6, 13, 0), H(8, 0)), at(2026, 3, 9, 7, 30));
	assert_int_equal(between(&cal, at(2026, 3, 6, 13, 0), at(2026, 3, 9, 7, 30)), H(8, 0));
	/* Friday 17:30 -> Saturday 07:30; Saturday 07:00 -> 07:30; 12:00 -> Monday */
	assert_int_equal(next(&cal, at(2026, 3, 6, 17, 30)), at(2026, 3, 7, 7, 30));
	assert_int_equal(next(&cal, at(2026, 3, 7, 7, 0)), at(2026, 3, 7, 7, 30));
	assert_int_equal(next(&cal, at(2026, 3, 7, 12, 0)), at(2026, 3, 9, 7, 0));
	/* Saturday 10:00: 1.5 h uses up the morning exactly (11:30); 2 h ends Monday 07:30 */
	assert_int_equal(add(&cal, at(2026, 3, 7, 10, 0), H(1, 30)), at(2026, 3, 7, 11, 30));
	assert_int_equal(add(&cal, at(2026, 3, 7, 10, 0), H(2, 0)), at(2026, 3, 9, 7, 30));
	/* Saturday afternoon is not working time: Saturday 07:00 .. 18:00 holds 4 h */
	assert_int_equal(between(&cal, at(2026, 3, 7, 7, 0), at(2026, 3, 7, 18, 0)), H(4, 0));
	assert_int_equal(between(&cal, at(2026, 3, 7, 10, 0), at(2026, 3, 7, 14, 0)), H(1, 30));
	/* a week is 5 x 8 h + 4 h = 44 h */
	assert_int_equal(between(&cal, at(2026, 3, 2, 0, 0), at(2026, 3, 9, 0, 0)), H(44, 0));
	assert_int_equal(wt_working_time_of_days(&cal, day_of(2026, 3, 2), day_of(2026, 3, 9)),
					 H(44, 0));
	/*
	 * 5 working days (40 h) from Monday 07:00 end Friday 17:00; 10 (80 h):
	 * week 1 Mon-Sat holds 44 h (36 h left), Mon 9 .. Thu 12 hold 32 h (4 h
	 * left), Friday 13 07:00 + 4 h = 11:00
	 */
	assert_int_equal(add(&cal, at(2026, 3, 2, 7, 0), H(40, 0)), at(2026, 3, 6, 17, 0));
	assert_int_equal(add(&cal, at(2026, 3, 2, 7, 0), H(80, 0)), at(2026, 3, 13, 11, 0));
	/* 44 h from Monday 07:00 use up the week exactly: Saturday 11:30 */
	assert_int_equal(add(&cal, at(2026, 3, 2, 7, 0), H(44, 0)), at(2026, 3, 7, 11, 30));
}

/*
 * Listed days on a calendar with short Saturdays: a working day keeps its
 * weekday's hours.  Saturday 2026-03-07 off (a local holiday): Friday 13:00
 * + 8 h = Friday 3.5 h, Monday 07:00-11:30 4.5 h, exactly: Monday 11:30.
 * Sunday 2026-03-15 worked (not a short weekday: full hours): Saturday 14
 * 10:00 + 8 h = Saturday 1.5 h (to 11:30), Sunday 07:00-11:30 4.5 h (2 h
 * left), 13:30 + 2 h = Sunday 15:30.
 */
static void
test_short_days_and_exceptions(void **state)
{
	WtException days[2];
	WtCalendar	cal;
	WtCalendar	fast;
	int32_t		prefix[3];
	int32_t		short_prefix[3];
	ParseError	err;

	days[0] = (WtException) {(int32_t) day_of(2026, 3, 7), false};
	days[1] = (WtException) {(int32_t) day_of(2026, 3, 15), true};
	cal = commune_calendar(days, 2);
	assert_int_equal(add(&cal, at(2026, 3, 6, 13, 0), H(8, 0)), at(2026, 3, 9, 11, 30));
	assert_int_equal(next(&cal, at(2026, 3, 6, 17, 30)), at(2026, 3, 9, 7, 0));
	assert_int_equal(add(&cal, at(2026, 3, 14, 10, 0), H(8, 0)), at(2026, 3, 15, 15, 30));
	assert_int_equal(next(&cal, at(2026, 3, 14, 12, 0)), at(2026, 3, 15, 7, 0));
	/* 2 to 16 March: 2 weeks of 44 h, less Saturday 7 (4 h), plus Sunday 15 (8 h) */
	assert_int_equal(between(&cal, at(2026, 3, 2, 0, 0), at(2026, 3, 16, 0, 0)), H(92, 0));
	/* the prefix sums give the same office time as the walk over the days */
	fast = cal;
	fast.prefix = prefix;
	fast.short_prefix = short_prefix;
	assert_true(wt_calendar_check(&fast, &err));
	assert_int_equal(short_prefix[2], -1);
	for (int64_t d = day_of(2026, 2, 20); d < day_of(2026, 3, 25); d += 3)
		assert_int_equal(wt_working_time_of_days(&fast, d, d + 30),
						 wt_working_time_of_days(&cal, d, d + 30));
	check_round_trip_and_monotone(&cal);
	check_round_trip_and_monotone(&fast);
}

/*
 * Long spans with short days: 100 weeks from Monday 2026-03-02 hold
 * 100 x 44 h = 4400 h, and 4400 h from Monday 07:00 end on the Saturday of
 * the 100th week (Monday + 99 weeks + 5 days) at 11:30.
 */
static void
test_short_days_long_span(void **state)
{
	WtCalendar	cal = commune_calendar(NULL, 0);
	int64_t		sat = day_of(2026, 3, 2) + 99 * 7 + 5;

	assert_int_equal(between(&cal, at(2026, 3, 2, 0, 0), at(2026, 3, 2, 0, 0) + 700 * WT_USECS_PER_DAY),
					 H(4400, 0));
	assert_int_equal(add(&cal, at(2026, 3, 2, 7, 0), H(4400, 0)),
					 sat * WT_USECS_PER_DAY + H(11, 30));
	assert_int_equal(wt_iso_weekday(sat), 6);
	/* a calendar of short Saturdays only: 4 h a week, 8 h take two Saturdays */
	cal.weekdays = 0;
	assert_int_equal(add(&cal, at(2026, 3, 2, 7, 0), H(8, 0)), at(2026, 3, 14, 11, 30));
}

/* Assert that wt_calendar_check refuses cal, with a hint and detail. */
static void
assert_refused(WtCalendar cal, const char *detail)
{
	ParseError	err;

	assert_false(wt_calendar_check(&cal, &err));
	assert_non_null(err.hint);
	assert_string_equal(err.detail, detail);
}

/* Validation of short weekdays and short-day hours, each with its detail. */
static void
test_short_days_check(void **state)
{
	WtCalendar	cal = commune_calendar(NULL, 0);
	WtCalendar	overlap = cal;
	WtCalendar	no_hours = cal;
	WtCalendar	no_days = cal;
	WtCalendar	unsorted = cal;
	WtCalendar	reversed = cal;
	WtCalendar	beyond = cal;

	overlap.short_weekdays |= 1u << (5 - 1);	/* Friday both working and short */
	assert_refused(overlap, "A weekday is both a working and a short weekday.");
	no_hours.n_short_intervals = 0;
	assert_refused(no_hours, "The calendar has short weekdays but no short-day hours.");
	no_days.short_weekdays = 0;
	assert_refused(no_days, "The calendar has short-day hours but no short weekdays.");
	unsorted.n_short_intervals = 2;
	unsorted.short_intervals[1] = (WtInterval) {H(7, 0), H(8, 0)};
	assert_refused(unsorted, "Short-day interval 2 opens before interval 1 closes.");
	reversed.short_intervals[0] = (WtInterval) {H(11, 30), H(7, 30)};
	assert_refused(reversed, "Short-day interval 1 does not end after it opens within one day.");
	beyond.short_weekdays = 0x80;
	assert_refused(beyond, "The weekday pattern names a day beyond Sunday.");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_day_is_not_24_hours),
		cmocka_unit_test(test_weekend_skipped),
		cmocka_unit_test(test_holidays_skipped),
		cmocka_unit_test(test_multi_day_holiday),
		cmocka_unit_test(test_swapped_saturday),
		cmocka_unit_test(test_outside_office_hours),
		cmocka_unit_test(test_calendar_days),
		cmocka_unit_test(test_round_trip_and_monotone),
		cmocka_unit_test(test_between_order_and_additivity),
		cmocka_unit_test(test_long_span),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_no_working_time),
		cmocka_unit_test(test_calendar_check),
		cmocka_unit_test(test_short_saturday),
		cmocka_unit_test(test_short_days_and_exceptions),
		cmocka_unit_test(test_short_days_long_span),
		cmocka_unit_test(test_short_days_check),
	};

	return cmocka_run_group_tests_name("worktime", tests, NULL, NULL);
}
