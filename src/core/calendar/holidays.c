/*
 * holidays.c
 *	  The Labour Code's public holidays of a year, computed (see holidays.h).
 */
#include "core/calendar/holidays.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>

static const char *const kind_names[HOLIDAY_N_KINDS] = {
	"new_year", "tet", "hung_kings", "victory", "labour", "national_day", "compensatory"
};

static const char *const kind_names_vi[HOLIDAY_N_KINDS] = {
	"Tết Dương lịch", "Tết Nguyên Đán", "Giỗ Tổ Hùng Vương", "Ngày Chiến thắng",
	"Ngày Quốc tế Lao động", "Quốc khánh", "Nghỉ bù"
};

static const char holidays_hint[] =
	"Public holidays are computed for the years of the lunar calendar, 1968 to 2100.";

/* The kind's SQL label. */
const char *
holiday_kind_name(HolidayKind kind)
{
	assert(kind >= 0 && kind < HOLIDAY_N_KINDS);
	return kind_names[kind];
}

/* The kind's Vietnamese name. */
const char *
holiday_kind_name_vi(HolidayKind kind)
{
	assert(kind >= 0 && kind < HOLIDAY_N_KINDS);
	return kind_names_vi[kind];
}

/* ISO weekday: 2000-01-01 (day 0) was a Saturday. */
int
holidays_iso_weekday(int32_t day)
{
	int			r = (int) (((int64_t) day + 5) % 7);

	if (r < 0)
		r += 7;
	return r + 1;
}

/* True when day is a Saturday or a Sunday. */
static bool
is_weekend(int32_t day)
{
	return holidays_iso_weekday(day) >= 6;
}

/* True when one of list[0..n) is on day. */
static bool
listed(const Holiday *list, int n, int32_t day)
{
	for (int i = 0; i < n; i++)
		if (list[i].day == day)
			return true;
	return false;
}

/* Append a holiday. */
static void
add(Holiday *out, int *n, int32_t day, HolidayKind kind)
{
	assert(*n < HOLIDAYS_MAX);
	out[*n].day = day;
	out[*n].kind = kind;
	(*n)++;
}

/*
 * Sort list[0..n) by day, given list[0..from) sorted already (insertion
 * sort: a year has a couple of dozen rows at most).
 */
static void
sort_from(Holiday *list, int from, int n)
{
	for (int i = from > 0 ? from : 1; i < n; i++)
	{
		Holiday		h = list[i];
		int			j = i - 1;

		while (j >= 0 && list[j].day > h.day)
		{
			list[j + 1] = list[j];
			j--;
		}
		list[j + 1] = h;
	}
}

/* The civil day of a lunar date that must exist (the year is in range). */
static int32_t
lunar_day(int year, int month, int day)
{
	LunarDate	l = {year, month, day, false};
	int32_t		out = 0;
	ParseError	err;
	LunarStatus status;

	status = lunar_to_day(&l, &out, &err);
	assert(status == LUNAR_OK);
	(void) status;
	return out;
}

/* Compute the holidays of a year; see holidays.h. */
LunarStatus
holidays_compute(int year, Holiday *out, int *n, ParseError *err)
{
	int32_t		tet;
	int32_t		sep2;
	int			base;

	*n = 0;
	if (year < 1968 || year > 2100)
	{
		parse_error_set(err, holidays_hint,
						"The year %d is outside the range of the lunar calendar, 1968 to 2100.",
						year);
		return LUNAR_OUT_OF_RANGE;
	}

	add(out, n, lunar_civil_day(year, 1, 1), HOLIDAY_NEW_YEAR);
	/* Tết: the last day of the old year and days 1 to 4 of the new one */
	tet = lunar_day(year, 1, 1);
	for (int32_t d = tet - 1; d <= tet + 3; d++)
		add(out, n, d, HOLIDAY_TET);
	add(out, n, lunar_day(year, 3, 10), HOLIDAY_HUNG_KINGS);
	add(out, n, lunar_civil_day(year, 4, 30), HOLIDAY_VICTORY);
	add(out, n, lunar_civil_day(year, 5, 1), HOLIDAY_LABOUR);
	sep2 = lunar_civil_day(year, 9, 2);
	add(out, n, holidays_iso_weekday(sep2) == 1 ? sep2 + 1 : sep2 - 1, HOLIDAY_NATIONAL_DAY);
	add(out, n, sep2, HOLIDAY_NATIONAL_DAY);

	sort_from(out, 1, *n);
	for (int i = 1; i < *n; i++)
		assert(out[i - 1].day < out[i].day);

	/* Art. 111(3): a holiday on a weekly rest day is made up the next weekday */
	base = *n;
	for (int i = 0; i < base; i++)
	{
		int32_t		d;

		if (!is_weekend(out[i].day))
			continue;
		d = out[i].day + 1;
		while (is_weekend(d) || listed(out, *n, d))
			d++;
		add(out, n, d, HOLIDAY_COMPENSATORY);
	}
	/* keep the whole list sorted: compensatory days go in their place */
	sort_from(out, base, *n);
	return LUNAR_OK;
}
