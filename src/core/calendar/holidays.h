/*
 * holidays.h
 *	  The public holidays of a year as the Labour Code sets them, computed.
 *
 * Labour Code 2019 (Bộ luật Lao động 45/2019/QH14) Art. 112(1) gives these
 * paid holidays: 1 January; Tết, five days; the Hùng Kings' day, 10th day
 * of the 3rd lunar month; 30 April; 1 May; National Day, 2 September and
 * one day next to it.  Art. 111(3): when a weekly rest day falls on one of
 * those holidays, the rest day is made up on the next working day.  Which
 * five days of Tết, and which day beside 2 September, the Prime Minister
 * fixes each year (Art. 112(3)), for state agencies with any swapped days;
 * until that notice is loaded the project computes them by the rules below,
 * and says so (docs/domain.md §3, docs/reference/calendar/calendar.md):
 *
 *   - Tết: the last day of the old lunar year and the first four of the new;
 *   - National Day: 1 September, or 3 September when 2 September is a
 *     Monday, so that the two days join a weekend where they can;
 *   - weekly rest days are Saturday and Sunday, as for state agencies
 *     (Decision 188/1999/QĐ-TTg); each holiday on one of them gets the next
 *     weekday that is neither a holiday nor already a compensatory day.
 *
 * Supported years are those of the lunar calendar, 1968 to 2100.  Plain C99,
 * no PostgreSQL headers, nothing allocated.
 */
#ifndef DOSSIER_HOLIDAYS_H
#define DOSSIER_HOLIDAYS_H

#include <stdint.h>

#include "core/calendar/lunar.h"

typedef enum HolidayKind
{
	HOLIDAY_NEW_YEAR,			/* Tết Dương lịch, 1 January */
	HOLIDAY_TET,				/* Tết Nguyên Đán */
	HOLIDAY_HUNG_KINGS,			/* Giỗ Tổ Hùng Vương, 10/3 lunar */
	HOLIDAY_VICTORY,			/* Ngày Chiến thắng, 30 April */
	HOLIDAY_LABOUR,				/* Ngày Quốc tế Lao động, 1 May */
	HOLIDAY_NATIONAL_DAY,		/* Quốc khánh, 2 September and a day beside */
	HOLIDAY_COMPENSATORY		/* nghỉ bù, Art. 111(3) */
} HolidayKind;

#define HOLIDAY_N_KINDS (HOLIDAY_COMPENSATORY + 1)

/* at most 11 holidays and 11 compensatory days in a year */
#define HOLIDAYS_MAX 24

typedef struct Holiday
{
	int32_t		day;			/* days since 2000-01-01 */
	HolidayKind kind;
} Holiday;

/*
 * The holidays of civil year `year`, sorted by day, into out[HOLIDAYS_MAX];
 * sets *n.  LUNAR_OUT_OF_RANGE (with err) for a year outside 1968-2100.
 */
extern LunarStatus holidays_compute(int year, Holiday *out, int *n, ParseError *err);

/* The kind's SQL label: new_year, tet, hung_kings, victory, labour, national_day, compensatory. */
extern const char *holiday_kind_name(HolidayKind kind);

/* The kind's Vietnamese name, for notes. */
extern const char *holiday_kind_name_vi(HolidayKind kind);

/* ISO weekday of a day since 2000-01-01: 1 = Monday .. 7 = Sunday. */
extern int	holidays_iso_weekday(int32_t day);

#endif							/* DOSSIER_HOLIDAYS_H */
