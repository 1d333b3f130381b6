/*
 * lunar.h
 *	  The Vietnamese lunisolar calendar (âm lịch), computed astronomically.
 *
 * A lunar month begins on the civil day, at UTC+7, that holds the instant of
 * a new moon.  The month that holds the December solstice is month 11; when
 * thirteen months lie between two months 11, the first of them after month
 * 11 in which the Sun enters no new zodiac sign (no major solar term, trung
 * khí) is the leap month and repeats the number of the month before it.
 * Vietnam has reckoned this on the meridian 105°E, UTC+7, since 1968 (before
 * that, on 120°E, UTC+8, as China still does), which is why Tết fell on
 * 17 Feb 2007 in Vietnam but 18 Feb in China (docs/domain.md §3).
 *
 * New moons and the Sun's longitude come from the series of J. Meeus,
 * Astronomical Algorithms (2nd ed., 1998), ch. 25 and 49, truncated to the
 * terms that matter at the precision of a day; the result is checked
 * against published conversion tables in test/unit/calendar/test_lunar.c.
 *
 * Days are counted as PostgreSQL's DateADT counts them: days since
 * 2000-01-01.  Supported are the civil days from 1968-01-01 to 2100-12-31
 * (LUNAR_FIRST_DAY .. LUNAR_LAST_DAY), where UTC+7 is the law's meridian.
 * Plain C99, no PostgreSQL headers, nothing allocated.
 */
#ifndef DOSSIER_LUNAR_H
#define DOSSIER_LUNAR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/common/parse_error.h"

/* 1968-01-01 and 2100-12-31 as days since 2000-01-01 */
#define LUNAR_FIRST_DAY (-11688)
#define LUNAR_LAST_DAY 36889

/* hours east of UTC of the meridian the lunar calendar is reckoned on */
#define LUNAR_ZONE_HOURS 7

typedef struct LunarDate
{
	int			year;			/* the year whose month 1 holds Tết */
	int			month;			/* 1..12 */
	int			day;			/* 1..30 */
	bool		leap;			/* the leap month after month `month` */
} LunarDate;

/* What a conversion found. */
typedef enum LunarStatus
{
	LUNAR_OK = 0,
	LUNAR_NO_SUCH_DATE,			/* a lunar date that does not exist */
	LUNAR_OUT_OF_RANGE			/* outside the supported days */
} LunarStatus;

/* Convert a civil day; LUNAR_OUT_OF_RANGE (with err) outside the supported days. */
extern LunarStatus lunar_from_day(int32_t day, LunarDate *out, ParseError *err);

/*
 * Convert a lunar date to its civil day: LUNAR_NO_SUCH_DATE (with err) when
 * the date does not exist (a leap month the year lacks, day 30 of a 29-day
 * month, a month or day out of range), LUNAR_OUT_OF_RANGE when its year or
 * its day lies outside the supported range.
 */
extern LunarStatus lunar_to_day(const LunarDate *date, int32_t *day, ParseError *err);

/* The number of days (29 or 30) of a lunar month; 0 when it does not exist. */
extern int	lunar_month_length(int year, int month, bool leap);

/* Days since 2000-01-01 of a Gregorian date (any year, proleptic). */
extern int32_t lunar_civil_day(int year, int month, int day);

/* The leap month of a lunar year (1..12), or 0 when the year has none. */
extern int	lunar_leap_month(int year);

#endif							/* DOSSIER_LUNAR_H */
