/*
 * lunar.c
 *	  The Vietnamese lunisolar calendar at UTC+7: civil day <-> lunar date.
 *
 * See lunar.h for the rules.  Internally days are Julian day numbers (JDN,
 * the day that begins at noon UTC of JD jdn - 0.5); new moons are counted by
 * k, lunation 0 being the new moon of 1900-01-01.
 */
#include "core/calendar/lunar.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#define JDN_OF_2000_01_01 2451545
/* JD of new moon 0 (1900-01-01 13:51 UTC) and the mean synodic month */
#define NEW_MOON_0_JD 2415021.076998695
#define SYNODIC_MONTH 29.530588853

static const double deg = M_PI / 180.0;

static const char lunar_hint[] =
	"A lunar date is a year, a month 1-12, a day 1-29 or 1-30 and whether the "
	"month is the year's leap month (tháng nhuận); supported are the civil days "
	"from 1968-01-01 to 2100-12-31.";

/* Gregorian year, month and day of a JDN (Fliegel and Van Flandern). */
static void
jdn_to_civil(int32_t jdn, int *y, int *m, int *d)
{
	int32_t		a = jdn + 32044;
	int32_t		b = (4 * a + 3) / 146097;
	int32_t		c = a - 146097 * b / 4;
	int32_t		e = (4 * c + 3) / 1461;
	int32_t		f = c - 1461 * e / 4;
	int32_t		g = (5 * f + 2) / 153;

	*d = (int) (f - (153 * g + 2) / 5 + 1);
	*m = (int) (g + 3 - 12 * (g / 10));
	*y = (int) (100 * b + e - 4800 + g / 10);
}

/* JDN of a Gregorian date. */
static int32_t
civil_to_jdn(int y, int m, int d)
{
	int32_t		a = (14 - m) / 12;
	int32_t		yy = y + 4800 - a;
	int32_t		mm = m + 12 * a - 3;

	return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

/* Days since 2000-01-01 of a Gregorian date; see lunar.h. */
int32_t
lunar_civil_day(int year, int month, int day)
{
	return civil_to_jdn(year, month, day) - JDN_OF_2000_01_01;
}

/*
 * JD (UT) of the k-th new moon after that of 1900-01-01: the mean lunation
 * of Meeus ch. 49 with its largest periodic terms (Sun's and Moon's mean
 * anomalies M and M', the Moon's argument of latitude F), less ΔT.
 */
static double
new_moon_jd(int k)
{
	double		t = k / 1236.85;
	double		t2 = t * t;
	double		t3 = t2 * t;
	double		jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
		+ 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * deg);
	double		m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * deg;
	double		mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * deg;
	double		f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * deg;
	double		c;
	double		delta_t;

	c = (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2 * m)
		- 0.4068 * sin(mp) + 0.0161 * sin(2 * mp) - 0.0004 * sin(3 * mp)
		+ 0.0104 * sin(2 * f) - 0.0051 * sin(m + mp) - 0.0074 * sin(m - mp)
		+ 0.0004 * sin(2 * f + m) - 0.0004 * sin(2 * f - m)
		- 0.0006 * sin(2 * f + mp) + 0.0010 * sin(2 * f - mp)
		+ 0.0005 * sin(m + 2 * mp);
	/* ΔT = TT - UT in days, polynomial fits before and after 1900 - 11 centuries */
	if (t < -11)
		delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3
			- 0.000000081 * t * t3;
	else
		delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
	return jd + c - delta_t;
}

/* The Sun's apparent longitude at JD jd, in radians in [0, 2π) (Meeus ch. 25). */
static double
sun_longitude(double jd)
{
	double		t = (jd - 2451545.0) / 36525;
	double		t2 = t * t;
	double		m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * deg;
	double		l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	double		dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(m)
		+ (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000290 * sin(3 * m);
	double		l = (l0 + dl) * deg;

	l -= 2 * M_PI * floor(l / (2 * M_PI));
	return l;
}

/* JDN of the civil day at UTC+7 that holds the k-th new moon. */
static int32_t
new_moon_day(int k)
{
	return (int32_t) floor(new_moon_jd(k) + 0.5 + LUNAR_ZONE_HOURS / 24.0);
}

/* The Sun's zodiac sign, 0..11 (30° each), at the local midnight opening day jdn. */
static int
sun_sign(int32_t jdn)
{
	int			s = (int) floor(sun_longitude(jdn - 0.5 - LUNAR_ZONE_HOURS / 24.0) / M_PI * 6);

	assert(s >= 0 && s < 12);
	return s;
}

/* The lunation number of the month that begins on jdn, a new-moon day. */
static int
lunation_of(int32_t jdn)
{
	return (int) floor((jdn - NEW_MOON_0_JD) / SYNODIC_MONTH + 0.5);
}

/*
 * JDN of the first day of month 11 of the lunar year that ends in civil year
 * y: the month holding the December solstice (the Sun entering sign 9,
 * Capricorn, at 270°).
 */
static int32_t
month11_start(int y)
{
	int32_t		off = civil_to_jdn(y, 12, 31) - 2415021;
	int			k = (int) floor(off / SYNODIC_MONTH);
	int32_t		nm = new_moon_day(k);

	if (sun_sign(nm) >= 9)
		nm = new_moon_day(k - 1);
	return nm;
}

/*
 * In a year of 13 months from month 11 at a11: the offset (1..12) from a11 of
 * the leap month, the first month in which the Sun enters no new sign.
 */
static int
leap_offset(int32_t a11)
{
	int			k = lunation_of(a11);
	int			i = 1;
	int			sign = sun_sign(new_moon_day(k + i));
	int			last;

	do
	{
		last = sign;
		i++;
		sign = sun_sign(new_moon_day(k + i));
	} while (sign != last && i < 14);
	assert(i - 1 >= 1 && i - 1 <= 12);
	return i - 1;
}

/* Record an error of the given status with a printf-style detail; returns it. */
static LunarStatus
lunar_fail(ParseError *err, LunarStatus status, const char *fmt,...)
__attribute__((format(printf, 3, 4)));

static LunarStatus
lunar_fail(ParseError *err, LunarStatus status, const char *fmt,...)
{
	va_list		ap;

	if (err != NULL)
	{
		va_start(ap, fmt);
		vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
		va_end(ap);
		err->hint = lunar_hint;
	}
	return status;
}

/* Format a JDN as YYYY-MM-DD into buf (11 bytes). */
static void
format_jdn(int32_t jdn, char *buf)
{
	int			y,
				m,
				d;

	jdn_to_civil(jdn, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}

/* Convert a civil day; see lunar.h. */
LunarStatus
lunar_from_day(int32_t day, LunarDate *out, ParseError *err)
{
	int32_t		jdn;
	int			k;
	int32_t		month_start;
	int			y,
				m,
				d;
	int32_t		a11,
				b11;
	int			diff;

	if (day < LUNAR_FIRST_DAY || day > LUNAR_LAST_DAY)
	{
		char		buf[16];

		if (day < -1000000 || day > 1000000)
		{
			parse_error_set(err, lunar_hint,
							"The day is outside the supported range, 1968-01-01 to 2100-12-31.");
			return LUNAR_OUT_OF_RANGE;
		}
		format_jdn(day + JDN_OF_2000_01_01, buf);
		parse_error_set(err, lunar_hint,
						"The day %s is outside the supported range, 1968-01-01 to 2100-12-31.",
						buf);
		return LUNAR_OUT_OF_RANGE;
	}
	jdn = day + JDN_OF_2000_01_01;
	/* the mean lunation is within a day of the true one: step to the month */
	k = (int) floor((jdn - NEW_MOON_0_JD) / SYNODIC_MONTH);
	while (new_moon_day(k + 1) <= jdn)
		k++;
	while (new_moon_day(k) > jdn)
		k--;
	month_start = new_moon_day(k);
	assert(month_start <= jdn && jdn - month_start < 30);

	jdn_to_civil(jdn, &y, &m, &d);
	a11 = month11_start(y);
	b11 = a11;
	if (a11 >= month_start)
	{
		out->year = y;
		a11 = month11_start(y - 1);
	}
	else
	{
		out->year = y + 1;
		b11 = month11_start(y + 1);
	}
	out->day = (int) (jdn - month_start + 1);
	diff = (int) ((month_start - a11) / 29);
	out->leap = false;
	out->month = diff + 11;
	if (b11 - a11 > 365)
	{
		int			leap = leap_offset(a11);

		if (diff >= leap)
		{
			out->month = diff + 10;
			out->leap = (diff == leap);
		}
	}
	if (out->month > 12)
		out->month -= 12;
	/* months 11 and 12 before the new year belong to the year before */
	if (out->month >= 11 && diff < 4)
		out->year -= 1;
	assert(out->month >= 1 && out->month <= 12);
	assert(out->day >= 1 && out->day <= 30);
	return LUNAR_OK;
}

/*
 * The lunation number of lunar month (year, month, leap), or false when the
 * year has no such leap month; *leap_month gets the year's leap month or 0.
 */
static bool
month_lunation(int year, int month, bool leap, int *lunation, int *leap_month)
{
	int32_t		a11,
				b11;
	int			off;

	assert(month >= 1 && month <= 12);
	if (month < 11)
	{
		a11 = month11_start(year - 1);
		b11 = month11_start(year);
	}
	else
	{
		a11 = month11_start(year);
		b11 = month11_start(year + 1);
	}
	off = month - 11;
	if (off < 0)
		off += 12;
	*leap_month = 0;
	if (b11 - a11 > 365)
	{
		int			leap_off = leap_offset(a11);

		*leap_month = leap_off - 2;
		if (*leap_month <= 0)
			*leap_month += 12;
		if (leap && month != *leap_month)
			return false;
		if (leap || off >= leap_off)
			off += 1;
	}
	else if (leap)
		return false;
	*lunation = lunation_of(a11) + off;
	return true;
}

/* The leap month of a lunar year, or 0; see lunar.h. */
int
lunar_leap_month(int year)
{
	int			lunation;
	int			leap_month;

	/* the leap month of a year lies between its month 1 and its month 12 */
	for (int month = 1; month <= 12; month++)
	{
		if (month_lunation(year, month, false, &lunation, &leap_month) &&
			leap_month == month)
			return month;
	}
	return 0;
}

/* Days of a lunar month, or 0 when it does not exist; see lunar.h. */
int
lunar_month_length(int year, int month, bool leap)
{
	int			lunation;
	int			leap_month;

	if (month < 1 || month > 12 || year < 1967 || year > 2101)
		return 0;
	if (!month_lunation(year, month, leap, &lunation, &leap_month))
		return 0;
	return (int) (new_moon_day(lunation + 1) - new_moon_day(lunation));
}

/* Convert a lunar date to its civil day; see lunar.h. */
LunarStatus
lunar_to_day(const LunarDate *date, int32_t *day, ParseError *err)
{
	int			lunation;
	int			leap_month;
	int			length;
	int32_t		jdn;

	if (date->month < 1 || date->month > 12)
		return lunar_fail(err, LUNAR_NO_SUCH_DATE,
							   "The lunar month %d is out of range: a month is 1 to 12.",
							   date->month);
	if (date->day < 1 || date->day > 30)
		return lunar_fail(err, LUNAR_NO_SUCH_DATE,
							   "The lunar day %d is out of range: a day is 1 to 29 or 30.",
							   date->day);
	if (date->year < 1967 || date->year > 2100)
		return lunar_fail(err, LUNAR_OUT_OF_RANGE,
							   "The lunar year %d is outside the supported range, 1967 (its months 11 and 12) to 2100.",
							   date->year);
	if (!month_lunation(date->year, date->month, date->leap, &lunation, &leap_month))
	{
		/* the span searched may hold the leap month of a neighbouring year */
		leap_month = lunar_leap_month(date->year);
		if (leap_month == 0)
			return lunar_fail(err, LUNAR_NO_SUCH_DATE,
								   "The lunar year %d has no leap month.",
								   date->year);
		return lunar_fail(err, LUNAR_NO_SUCH_DATE,
							   "The leap month of lunar year %d is month %d, not month %d.",
							   date->year, leap_month, date->month);
	}
	jdn = new_moon_day(lunation);
	length = (int) (new_moon_day(lunation + 1) - jdn);
	assert(length == 29 || length == 30);
	if (date->day > length)
		return lunar_fail(err, LUNAR_NO_SUCH_DATE,
							   "%s %d of lunar year %d has %d days, not %d.",
							   date->leap ? "Leap month" : "Month",
							   date->month, date->year, length, date->day);
	jdn += date->day - 1;
	if (jdn - JDN_OF_2000_01_01 < LUNAR_FIRST_DAY ||
		jdn - JDN_OF_2000_01_01 > LUNAR_LAST_DAY)
	{
		char		buf[16];

		format_jdn(jdn, buf);
		return lunar_fail(err, LUNAR_OUT_OF_RANGE,
							   "The lunar date falls on %s, outside the supported range, 1968-01-01 to 2100-12-31.",
							   buf);
	}
	*day = jdn - JDN_OF_2000_01_01;
	return LUNAR_OK;
}
