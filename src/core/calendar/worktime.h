/*
 * worktime.h
 *	  Working-time arithmetic on a calendar of office hours (docs/domain.md §3).
 *
 * Times are local wall-clock times of the calendar's zone, in microseconds
 * since 2000-01-01 00:00 local (PostgreSQL's timestamp epoch), so day number
 * floor(t / WT_USECS_PER_DAY) is the same integer as PostgreSQL's DateADT.
 * The SQL glue converts timestamptz to and from local time with the zone
 * rules of the calendar; this file never sees a zone or a DST change.
 *
 * A calendar has a weekly pattern of working weekdays with the full office
 * hours, optionally short weekdays (a commune desk open Saturday mornings)
 * with a second, shorter set of intervals, and a sorted list of exceptions:
 * days off (public holidays, bridged days) and extra working days (swapped
 * Saturdays).  A working day's hours depend only on its ISO weekday: short
 * hours on a short weekday, the full hours on any other, so an extra working
 * day on a short weekday works the short hours.  An instant is working when
 * its day is a working day and its time of day lies in [open, close) of an
 * interval of that day's hours.  The arithmetic counts working time, not
 * working days: a short day contributes its own total.
 *
 * Nothing here allocates; every search is bounded (WT_HORIZON_DAYS) and
 * skips whole weeks arithmetically, so a 100-year span costs a few
 * microseconds.  Plain C99, no PostgreSQL headers.
 */
#ifndef DOSSIER_WORKTIME_H
#define DOSSIER_WORKTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "core/common/parse_error.h"

#define WT_USECS_PER_SEC INT64_C(1000000)
#define WT_USECS_PER_HOUR (INT64_C(3600) * WT_USECS_PER_SEC)
#define WT_USECS_PER_DAY (INT64_C(24) * WT_USECS_PER_HOUR)

/* at most this many office-hour intervals per day */
#define WT_MAX_INTERVALS 16

/*
 * Supported days (relative to 2000-01-01): from about 6200 BC to about
 * AD 275,000, inside PostgreSQL's timestamp range and far enough from the
 * int64 limits that no sum below overflows.
 */
#define WT_DAY_MIN INT64_C(-3000000)
#define WT_DAY_MAX INT64_C(100000000)

/*
 * A search for working time gives up after this many days (1000 years): the
 * longest duration on a Monday-to-Friday calendar of 8 h needs about 420.
 */
#define WT_HORIZON_DAYS INT64_C(365250)

/* The longest duration accepted: 100 years of 24-hour days (36525 days). */
#define WT_MAX_DAYS 36525
#define WT_MAX_AMOUNT ((int64_t) WT_MAX_DAYS * WT_USECS_PER_DAY)

/* Office hours of a working day, microseconds since local midnight. */
typedef struct WtInterval
{
	int64_t		open;			/* 0 .. WT_USECS_PER_DAY - 1 */
	int64_t		close;			/* open + 1 .. WT_USECS_PER_DAY (24:00) */
} WtInterval;

/* A day that departs from the weekly pattern. */
typedef struct WtException
{
	int32_t		day;			/* days since 2000-01-01 */
	bool		working;		/* true: extra working day; false: day off */
} WtException;

typedef struct WtCalendar
{
	unsigned	weekdays;		/* bit (d - 1) set: ISO weekday d works full
								 * hours */
	int			n_intervals;
	WtInterval	intervals[WT_MAX_INTERVALS];	/* sorted, disjoint */
	const WtException *exceptions;	/* sorted by day, no day twice */
	int			n_exceptions;

	/*
	 * Optional buffer of n_exceptions + 1 entries from the caller, or NULL:
	 * wt_calendar_check stores in prefix[i] the net change the first i
	 * exceptions make to the weekly count, so that counting working days
	 * over a long range costs two binary searches instead of a loop.
	 */
	int32_t    *prefix;
	int64_t		day_total;		/* office time of one working day; set by
								 * wt_calendar_check */

	/*
	 * Short weekdays (bit (d - 1): ISO weekday d works the short hours),
	 * disjoint from weekdays; 0 and no short intervals for a calendar
	 * without them.  short_prefix, like prefix, is an optional buffer of
	 * n_exceptions + 1 entries: the net change the first i exceptions make
	 * to the count of working short weekdays.
	 */
	unsigned	short_weekdays;
	int			n_short_intervals;
	WtInterval	short_intervals[WT_MAX_INTERVALS];	/* sorted, disjoint */
	int32_t    *short_prefix;
	int64_t		short_total;	/* office time of one short day; set by
								 * wt_calendar_check */
} WtCalendar;

typedef enum WtStatus
{
	WT_OK = 0,
	WT_NO_WORKING_TIME,			/* not enough working time within the horizon */
	WT_AMOUNT_OUT_OF_RANGE,		/* negative or longer than WT_MAX_AMOUNT */
	WT_TIME_OUT_OF_RANGE		/* an instant outside WT_DAY_MIN .. WT_DAY_MAX */
} WtStatus;

/*
 * Check a calendar filled by the caller and compute its day_total.  Refuses
 * no or too many intervals, an interval outside the day or empty, intervals
 * out of order or overlapping (touching is allowed), weekday bits beyond 7,
 * exceptions out of order or repeated; the same for the short intervals, a
 * weekday both working and short, short weekdays without short intervals
 * and short intervals without short weekdays.
 */
bool		wt_calendar_check(WtCalendar *cal, ParseError *err);

/* ISO weekday of a day number: 1 = Monday .. 7 = Sunday. */
int			wt_iso_weekday(int64_t day);

/* Day number of a local time (floor division). */
int64_t		wt_day_of(int64_t t);

/*
 * Whether day is a working day of cal (exceptions first, then the pattern of
 * working and short weekdays).
 */
bool		wt_is_working_day(const WtCalendar *cal, int64_t day);

/* Number of working days (full or short) in [d0, d1); 0 when d1 <= d0. */
int64_t		wt_count_working_days(const WtCalendar *cal, int64_t d0, int64_t d1);

/* Office time of the working days in [d0, d1); 0 when d1 <= d0. */
int64_t		wt_working_time_of_days(const WtCalendar *cal, int64_t d0, int64_t d1);

/*
 * The first working instant at or after t: t itself inside office hours, the
 * next opening of the same day before an opening (06:00 -> 07:00, 12:00 ->
 * 13:30), else the first opening of the next working day (17:00 sharp and
 * later, days off).
 */
WtStatus	wt_next_working_instant(const WtCalendar *cal, int64_t t, int64_t *out);

/*
 * t plus amount microseconds of working time.  The clock starts at
 * wt_next_working_instant(t); an end that uses up an interval exactly is its
 * closing time (8 working hours from Monday 07:00 end Monday 17:00).  An
 * amount of 0 gives wt_next_working_instant(t).
 */
WtStatus	wt_add_working(const WtCalendar *cal, int64_t t, int64_t amount,
						   int64_t *out);

/*
 * The end of a period of `days` calendar days opened by an event at local
 * time t, as the Civil Code 2015 (91/2015/QH13) counts it: the day of the
 * event is not counted (Art. 147(1)); the period ends at 24:00 of its last
 * day (Art. 148(1) and (6)) or, when that day is not a working day of cal (a
 * weekly rest day or a holiday), at 24:00 of the next working day (Art.
 * 148(5)).  24:00 is written as 00:00 of the day after.  0 <= days <=
 * WT_MAX_DAYS.
 */
WtStatus	wt_add_calendar(const WtCalendar *cal, int64_t t, int64_t days,
							int64_t *out);

/* Working time in [a, b), in microseconds; 0 when b <= a. */
WtStatus	wt_between(const WtCalendar *cal, int64_t a, int64_t b, int64_t *out);

#endif							/* DOSSIER_WORKTIME_H */
