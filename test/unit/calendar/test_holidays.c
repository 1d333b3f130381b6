/*
 * test_holidays.c
 *	  cmocka tests of src/core/calendar/holidays.c: the Labour Code's public
 *	  holidays of a year, computed, against hand-computed lists.
 *
 * 2023 has every kind of compensatory day (1 January on a Sunday, Tết over a
 * weekend, Hùng Kings' day and 30 April on a weekend, 2 September on a
 * Saturday); its computed 30 April and National Day breaks equal the ones
 * the Government announced.  2026's computed Tết, Hùng Kings' day, 30 April
 * and 1 May equal the announced ones; its 1 January and National Day were
 * widened by swapped days, which only the official schedule carries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/calendar/holidays.h"

/* days since 2000-01-01 of a Gregorian date */
#define civil(y, m, d) lunar_civil_day((y), (m), (d))

typedef struct Expected
{
	int			m;
	int			d;
	HolidayKind kind;
} Expected;

/* the computed list of year must be exactly want[0..n) */
static void
check_year(int year, const Expected *want, int n)
{
	Holiday		got[HOLIDAYS_MAX];
	int			count;
	ParseError	err;

	assert_int_equal(holidays_compute(year, got, &count, &err), LUNAR_OK);
	for (int i = 0; i < n && i < count; i++)
	{
		if (got[i].day != civil(year, want[i].m, want[i].d) || got[i].kind != want[i].kind)
			fail_msg("%d, holiday %d: got day %d %s, expected %02d-%02d %s", year, i,
					 got[i].day, holiday_kind_name(got[i].kind), want[i].m, want[i].d,
					 holiday_kind_name(want[i].kind));
	}
	assert_int_equal(count, n);
}

static void
test_2023_every_compensation(void **state)
{
	static const Expected want[] = {
		{1, 1, HOLIDAY_NEW_YEAR},	/* Sunday */
		{1, 2, HOLIDAY_COMPENSATORY},
		{1, 21, HOLIDAY_TET},	/* Saturday, 30 Tết */
		{1, 22, HOLIDAY_TET},	/* Sunday, mùng 1 */
		{1, 23, HOLIDAY_TET},
		{1, 24, HOLIDAY_TET},
		{1, 25, HOLIDAY_TET},
		{1, 26, HOLIDAY_COMPENSATORY},
		{1, 27, HOLIDAY_COMPENSATORY},
		{4, 29, HOLIDAY_HUNG_KINGS},	/* Saturday */
		{4, 30, HOLIDAY_VICTORY},	/* Sunday */
		{5, 1, HOLIDAY_LABOUR},
		{5, 2, HOLIDAY_COMPENSATORY},
		{5, 3, HOLIDAY_COMPENSATORY},
		{9, 1, HOLIDAY_NATIONAL_DAY},
		{9, 2, HOLIDAY_NATIONAL_DAY},	/* Saturday */
		{9, 4, HOLIDAY_COMPENSATORY},
	};

	check_year(2023, want, sizeof(want) / sizeof(want[0]));
}

static void
test_2025(void **state)
{
	static const Expected want[] = {
		{1, 1, HOLIDAY_NEW_YEAR},
		{1, 28, HOLIDAY_TET}, {1, 29, HOLIDAY_TET}, {1, 30, HOLIDAY_TET},
		{1, 31, HOLIDAY_TET}, {2, 1, HOLIDAY_TET},	/* Saturday */
		{2, 3, HOLIDAY_COMPENSATORY},
		{4, 7, HOLIDAY_HUNG_KINGS},
		{4, 30, HOLIDAY_VICTORY},
		{5, 1, HOLIDAY_LABOUR},
		{9, 1, HOLIDAY_NATIONAL_DAY},	/* 2 September is a Tuesday */
		{9, 2, HOLIDAY_NATIONAL_DAY},
	};

	check_year(2025, want, sizeof(want) / sizeof(want[0]));
}

static void
test_2026(void **state)
{
	static const Expected want[] = {
		{1, 1, HOLIDAY_NEW_YEAR},
		{2, 16, HOLIDAY_TET}, {2, 17, HOLIDAY_TET}, {2, 18, HOLIDAY_TET},
		{2, 19, HOLIDAY_TET}, {2, 20, HOLIDAY_TET},
		{4, 26, HOLIDAY_HUNG_KINGS},	/* Sunday */
		{4, 27, HOLIDAY_COMPENSATORY},
		{4, 30, HOLIDAY_VICTORY},
		{5, 1, HOLIDAY_LABOUR},
		{9, 1, HOLIDAY_NATIONAL_DAY},
		{9, 2, HOLIDAY_NATIONAL_DAY},
	};

	check_year(2026, want, sizeof(want) / sizeof(want[0]));
}

/* 2024: 2 September is a Monday, so the second day is 3 September */
static void
test_2024_national_day_after(void **state)
{
	static const Expected want[] = {
		{1, 1, HOLIDAY_NEW_YEAR},
		{2, 9, HOLIDAY_TET}, {2, 10, HOLIDAY_TET}, {2, 11, HOLIDAY_TET},
		{2, 12, HOLIDAY_TET}, {2, 13, HOLIDAY_TET},
		{2, 14, HOLIDAY_COMPENSATORY}, {2, 15, HOLIDAY_COMPENSATORY},
		{4, 18, HOLIDAY_HUNG_KINGS},
		{4, 30, HOLIDAY_VICTORY},
		{5, 1, HOLIDAY_LABOUR},
		{9, 2, HOLIDAY_NATIONAL_DAY},
		{9, 3, HOLIDAY_NATIONAL_DAY},
	};

	check_year(2024, want, sizeof(want) / sizeof(want[0]));
}

/* every supported year: sorted, eleven holidays, compensation for each weekend one */
static void
test_every_year(void **state)
{
	for (int year = 1968; year <= 2100; year++)
	{
		Holiday		h[HOLIDAYS_MAX];
		int			n;
		int			holidays = 0;
		int			weekend = 0;
		int			comp = 0;
		ParseError	err;

		assert_int_equal(holidays_compute(year, h, &n, &err), LUNAR_OK);
		for (int i = 0; i < n; i++)
		{
			if (i > 0)
				assert_true(h[i - 1].day < h[i].day);
			if (h[i].kind == HOLIDAY_COMPENSATORY)
			{
				comp++;
				assert_true(holidays_iso_weekday(h[i].day) <= 5);
			}
			else
			{
				holidays++;
				weekend += holidays_iso_weekday(h[i].day) >= 6;
			}
			assert_true(h[i].day >= civil(year, 1, 1) && h[i].day <= civil(year, 12, 31));
		}
		assert_int_equal(holidays, 11);
		assert_int_equal(comp, weekend);
	}
}

static void
test_out_of_range(void **state)
{
	Holiday		h[HOLIDAYS_MAX];
	int			n;
	ParseError	err;

	assert_int_equal(holidays_compute(1967, h, &n, &err), LUNAR_OUT_OF_RANGE);
	assert_string_equal(err.detail, "The year 1967 is outside the range of the lunar calendar, 1968 to 2100.");
	assert_int_equal(holidays_compute(2101, h, &n, &err), LUNAR_OUT_OF_RANGE);
	assert_int_equal(n, 0);
	assert_int_equal(holidays_iso_weekday(civil(2026, 12, 4)), 5);	/* a Friday */
	assert_int_equal(holidays_iso_weekday(civil(1968, 1, 1)), 1);	/* a Monday */
	assert_string_equal(holiday_kind_name(HOLIDAY_HUNG_KINGS), "hung_kings");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_2023_every_compensation),
		cmocka_unit_test(test_2025),
		cmocka_unit_test(test_2026),
		cmocka_unit_test(test_2024_national_day_after),
		cmocka_unit_test(test_every_year),
		cmocka_unit_test(test_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
