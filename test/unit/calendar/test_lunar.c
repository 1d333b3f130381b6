/*
 * test_lunar.c
 *	  cmocka tests of src/core/calendar/lunar.c against published tables.
 *
 * Expected dates are those of the Vietnamese calendar (UTC+7) as printed in
 * the yearly government holiday notices and the almanacs of the Vietnam
 * Institute of Physics' lunar tables: Tết (1/1), Hùng Kings' day (10/3),
 * leap months, months of 29 days, and the years in which the Vietnamese and
 * Chinese calendars part (1985, 2007, 2030).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/calendar/lunar.h"

/* days since 2000-01-01 of a Gregorian date */
#define civil(y, m, d) lunar_civil_day((y), (m), (d))

/* lunar (year, month, day, leap) must be civil day c, both ways */
static void
check_pair(int ly, int lm, int ld, bool leap, int y, int m, int d)
{
	LunarDate	in = {ly, lm, ld, leap};
	LunarDate	out;
	int32_t		day;
	ParseError	err;

	if (lunar_to_day(&in, &day, &err) != LUNAR_OK)
		fail_msg("%d/%d/%d%s: %s", ld, lm, ly, leap ? " leap" : "", err.detail);
	if (day != civil(y, m, d))
		fail_msg("%d/%d/%d%s -> day %d, expected %04d-%02d-%02d (%d)", ld, lm, ly,
				 leap ? " leap" : "", day, y, m, d, civil(y, m, d));
	assert_int_equal(lunar_from_day(civil(y, m, d), &out, &err), LUNAR_OK);
	assert_int_equal(out.year, ly);
	assert_int_equal(out.month, lm);
	assert_int_equal(out.day, ld);
	assert_int_equal(out.leap, leap);
}

/* Tết Nguyên Đán, the first day of the lunar year */
static void
test_tet(void **state)
{
	static const int tet[][4] = {
		{1968, 1, 29},			/* Mậu Thân: 29 Jan in the North, on UTC+7 */
		{1975, 2, 11}, {1985, 1, 21},	/* 1985: 20 Feb in China */
		{1990, 1, 27}, {2000, 2, 5}, {2007, 2, 17},	/* 2007: 18 Feb in China */
		{2015, 2, 19}, {2016, 2, 8}, {2017, 1, 28}, {2018, 2, 16},
		{2019, 2, 5}, {2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1},
		{2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29}, {2026, 2, 17},
		{2027, 2, 6}, {2030, 2, 2},	/* 2030: 3 Feb in China */
	};

	for (size_t i = 0; i < sizeof(tet) / sizeof(tet[0]); i++)
		check_pair(tet[i][0], 1, 1, false, tet[i][0], tet[i][1], tet[i][2]);
}

/* Hùng Kings' Commemoration Day, 10/3 lunar (Labour Code 2019 Art. 112) */
static void
test_hung_kings(void **state)
{
	check_pair(2023, 3, 10, false, 2023, 4, 29);
	check_pair(2024, 3, 10, false, 2024, 4, 18);
	check_pair(2025, 3, 10, false, 2025, 4, 7);
	check_pair(2026, 3, 10, false, 2026, 4, 26);
}

/* leap months: 2020 leap 4, 2023 leap 2, 2025 leap 6; 2024 and 2026 none */
static void
test_leap_months(void **state)
{
	assert_int_equal(lunar_leap_month(2020), 4);
	assert_int_equal(lunar_leap_month(2023), 2);
	assert_int_equal(lunar_leap_month(2025), 6);
	assert_int_equal(lunar_leap_month(2024), 0);
	assert_int_equal(lunar_leap_month(2026), 0);
	check_pair(2023, 2, 1, false, 2023, 2, 20);
	check_pair(2023, 2, 1, true, 2023, 3, 22);
	check_pair(2023, 3, 1, false, 2023, 4, 20);
	check_pair(2025, 6, 1, false, 2025, 6, 25);
	check_pair(2025, 6, 1, true, 2025, 7, 25);
	check_pair(2020, 4, 1, true, 2020, 5, 23);
	/* mid-autumn, 15/8 */
	check_pair(2024, 8, 15, false, 2024, 9, 17);
	check_pair(2025, 8, 15, false, 2025, 10, 6);
}

/* month 12 of Ất Tỵ (2025) has 29 days: Tết 2026 has no 30th */
static void
test_month_lengths(void **state)
{
	LunarDate	d = {2025, 12, 30, false};
	int32_t		day;
	ParseError	err;

	assert_int_equal(lunar_month_length(2025, 12, false), 29);
	assert_int_equal(lunar_to_day(&d, &day, &err), LUNAR_NO_SUCH_DATE);
	assert_string_equal(err.detail, "Month 12 of lunar year 2025 has 29 days, not 30.");
	check_pair(2025, 12, 29, false, 2026, 2, 16);
	assert_int_equal(lunar_month_length(2024, 2, true), 0);
	/* every month of the range has 29 or 30 days, and they add up */
	for (int y = 1968; y <= 2100; y++)
	{
		int			total = 0;

		for (int m = 1; m <= 12; m++)
		{
			int			n = lunar_month_length(y, m, false);

			assert_true(n == 29 || n == 30);
			total += n + lunar_month_length(y, m, true);
		}
		assert_true(total >= 353 && total <= 385);
	}
}

/* bad input: each its own detail */
static void
test_bad_dates(void **state)
{
	struct
	{
		LunarDate	d;
		LunarStatus status;
		const char *detail;
	}			cases[] = {
		{{2024, 2, 1, true}, LUNAR_NO_SUCH_DATE, "The lunar year 2024 has no leap month."},
		{{2023, 3, 1, true}, LUNAR_NO_SUCH_DATE, "The leap month of lunar year 2023 is month 2, not month 3."},
		{{2023, 11, 1, true}, LUNAR_NO_SUCH_DATE, "The leap month of lunar year 2023 is month 2, not month 11."},
		{{2025, 13, 1, false}, LUNAR_NO_SUCH_DATE, "The lunar month 13 is out of range: a month is 1 to 12."},
		{{2025, 0, 1, false}, LUNAR_NO_SUCH_DATE, "The lunar month 0 is out of range: a month is 1 to 12."},
		{{2025, 1, 31, false}, LUNAR_NO_SUCH_DATE, "The lunar day 31 is out of range: a day is 1 to 29 or 30."},
		{{2025, 1, 0, false}, LUNAR_NO_SUCH_DATE, "The lunar day 0 is out of range: a day is 1 to 29 or 30."},
		{{1900, 1, 1, false}, LUNAR_OUT_OF_RANGE, "The lunar year 1900 is outside the supported range, 1967 (its months 11 and 12) to 2100."},
		{{1967, 1, 1, false}, LUNAR_OUT_OF_RANGE, "The lunar date falls on 1967-02-09, outside the supported range, 1968-01-01 to 2100-12-31."},
	};
	int32_t		day;
	ParseError	err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		memset(&err, 0, sizeof(err));
		assert_int_equal(lunar_to_day(&cases[i].d, &day, &err), cases[i].status);
		assert_string_equal(err.detail, cases[i].detail);
		assert_non_null(err.hint);
	}
}

/* the range ends, and days outside it */
static void
test_range(void **state)
{
	LunarDate	out;
	ParseError	err;

	assert_int_equal(lunar_from_day(civil(1968, 1, 1), &out, &err), LUNAR_OK);
	assert_int_equal(out.year, 1967);
	assert_int_equal(lunar_from_day(civil(2100, 12, 31), &out, &err), LUNAR_OK);
	assert_int_equal(lunar_from_day(civil(1967, 12, 31), &out, &err), LUNAR_OUT_OF_RANGE);
	assert_string_equal(err.detail, "The day 1967-12-31 is outside the supported range, 1968-01-01 to 2100-12-31.");
	assert_int_equal(lunar_from_day(civil(2101, 1, 1), &out, &err), LUNAR_OUT_OF_RANGE);
	assert_int_equal(lunar_from_day(INT32_MIN, &out, &err), LUNAR_OUT_OF_RANGE);
	assert_int_equal(lunar_from_day(INT32_MAX, &out, &err), LUNAR_OUT_OF_RANGE);
}

/* every day of the range converts and converts back, and days advance by one */
static void
test_round_trip(void **state)
{
	LunarDate	prev = {0};

	for (int32_t day = LUNAR_FIRST_DAY; day <= LUNAR_LAST_DAY; day++)
	{
		LunarDate	l;
		int32_t		back;
		ParseError	err;

		assert_int_equal(lunar_from_day(day, &l, &err), LUNAR_OK);
		if (lunar_to_day(&l, &back, &err) != LUNAR_OK || back != day)
			fail_msg("day %d -> %d/%d/%d%s -> %d", day, l.day, l.month, l.year,
					 l.leap ? " leap" : "", back);
		if (day > LUNAR_FIRST_DAY && l.day != 1)
			assert_int_equal(l.day, prev.day + 1);
		prev = l;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tet),
		cmocka_unit_test(test_hung_kings),
		cmocka_unit_test(test_leap_months),
		cmocka_unit_test(test_month_lengths),
		cmocka_unit_test(test_bad_dates),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
