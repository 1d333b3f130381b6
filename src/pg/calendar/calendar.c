/*
 * calendar.c
 *	  SQL glue of the working-time calendars: dossier.add_working_time,
 *	  dossier.working_time_between, dossier.next_working_instant.
 *
 * The arithmetic is src/core/calendar/worktime.c, on local wall-clock time.  This file
 * converts timestamptz to the calendar's local time and back with
 * PostgreSQL's zone rules (so 07:00 stays 07:00 local across a DST change),
 * turns numeric amounts and duration units into microseconds, and keeps the
 * calendars in a backend-local cache.
 *
 * Cache and locking rule: the cache is private to the backend, so it needs
 * no lock.  It is filled with SPI from dossier.calendar and
 * dossier.calendar_day on first use, and marked stale by a relcache callback
 * on those two tables.  Row changes do not send relcache invalidations by
 * themselves, so a statement trigger on each table (calendar_changed below)
 * calls CacheInvalidateRelcache: the changing backend sees it at the next
 * command, every other backend when the transaction commits, and nobody if
 * it rolls back.  The cache is marked valid before it is read, so an
 * invalidation that arrives during the read makes the next call read again.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "pgtime.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "pg/common/dossier.h"
#include "pg/calendar/calendar.h"
#include "core/calendar/worktime.h"


/* One cached calendar; everything lives in calendar_context. */
typedef struct CalendarEntry
{
	char	   *name;
	pg_tz	   *tz;				/* NULL when time_zone is unknown */
	char	   *tz_name;
	WtCalendar	cal;
	WtException *days;
	bool		public_holidays;	/* takes dossier.public_holiday */
	bool		ok;				/* passed wt_calendar_check */
	ParseError	err;			/* why not, when !ok */
} CalendarEntry;

static MemoryContext calendar_context = NULL;
static CalendarEntry *calendars = NULL;
static int	n_calendars = 0;
static bool cache_valid = false;
static bool callback_registered = false;
static Oid	calendar_relid = InvalidOid;
static Oid	calendar_day_relid = InvalidOid;
static Oid	holiday_notice_relid = InvalidOid;
static Oid	holiday_notice_day_relid = InvalidOid;

/* Years 1968-2100 whose public holidays come from a loaded notice. */
#define FIRST_HOLIDAY_YEAR 1968
#define LAST_HOLIDAY_YEAR 2100
static bool official_year[LAST_HOLIDAY_YEAR - FIRST_HOLIDAY_YEAR + 1];

PG_FUNCTION_INFO_V1(calendar_changed);
PG_FUNCTION_INFO_V1(calendar_add_working_time);
PG_FUNCTION_INFO_V1(calendar_working_time_between);
PG_FUNCTION_INFO_V1(calendar_next_working_instant);

/* Relcache callback: a change to either calendar table makes the cache stale. */
static void
calendar_relcache_callback(Datum arg, Oid relid)
{
	if (!OidIsValid(relid) || relid == calendar_relid || relid == calendar_day_relid ||
		relid == holiday_notice_relid || relid == holiday_notice_day_relid)
		cache_valid = false;
}

/* Trigger on both tables: send a relcache invalidation for the table. */
Datum
calendar_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "calendar_changed: not called by the trigger manager");
	CacheInvalidateRelcache(trigdata->tg_relation);
	return PointerGetDatum(NULL);
}

/*
 * Read a time[] of [open, close] pairs (office_hours, short_day_hours) into
 * intervals; a malformed array gives a count the check refuses.
 */
static void
read_hours(Datum value, WtInterval *intervals, int *n_intervals)
{
	ArrayType  *arr = DatumGetArrayTypeP(value);
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	deconstruct_array(arr, TIMEOID, sizeof(TimeADT), FLOAT8PASSBYVAL,
					  TYPALIGN_DOUBLE, &elems, &nulls, &n);
	*n_intervals = (ARR_NDIM(arr) == 2 && ARR_DIMS(arr)[1] == 2) ? n / 2 : 0;
	if (*n_intervals > WT_MAX_INTERVALS)
		*n_intervals = WT_MAX_INTERVALS + 1;	/* refused by the check */
	Assert(*n_intervals >= 0 && *n_intervals <= WT_MAX_INTERVALS + 1);
	for (int i = 0; i < *n_intervals && i < WT_MAX_INTERVALS; i++)
	{
		if (nulls[2 * i] || nulls[2 * i + 1])
		{
			*n_intervals = 0;
			break;
		}
		intervals[i].open = DatumGetTimeADT(elems[2 * i]);
		intervals[i].close = DatumGetTimeADT(elems[2 * i + 1]);
	}
}

/* A weekday mask from an int[] of ISO weekdays (out of range: bit 7, refused). */
static unsigned
read_weekdays(Datum value)
{
	ArrayType  *arr = DatumGetArrayTypeP(value);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	unsigned	mask = 0;

	deconstruct_array(arr, INT4OID, sizeof(int32), true, TYPALIGN_INT,
					  &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		int32		d = nulls[i] ? 0 : DatumGetInt32(elems[i]);

		/* out of range: a bit the check refuses */
		mask |= (d >= 1 && d <= 7) ? 1u << (d - 1) : 0x80u;
	}
	return mask;
}

/* Find a loaded calendar by name, or NULL. */
static CalendarEntry *
find_loaded(const char *name, int len)
{
	for (int i = 0; i < n_calendars; i++)
		if (strlen(calendars[i].name) == (size_t) len &&
			memcmp(calendars[i].name, name, len) == 0)
			return &calendars[i];
	return NULL;
}

/*
 * Fill e from a row (name, time_zone, office_hours, working_weekdays,
 * public_holidays, short_day_hours, short_weekdays) of dossier.calendar.
 */
static void
read_calendar_row(CalendarEntry *e, HeapTuple tup, TupleDesc desc)
{
	Datum		value;
	bool		isnull;

	e->name = SPI_getvalue(tup, desc, 1);
	e->tz_name = SPI_getvalue(tup, desc, 2);
	e->tz = pg_tzset(e->tz_name);
	read_hours(SPI_getbinval(tup, desc, 3, &isnull), e->cal.intervals, &e->cal.n_intervals);
	e->cal.weekdays = read_weekdays(SPI_getbinval(tup, desc, 4, &isnull));
	e->public_holidays = DatumGetBool(SPI_getbinval(tup, desc, 5, &isnull));
	/* short_day_hours is NULL on a calendar without short weekdays */
	value = SPI_getbinval(tup, desc, 6, &isnull);
	if (!isnull)
		read_hours(value, e->cal.short_intervals, &e->cal.n_short_intervals);
	e->cal.short_weekdays = read_weekdays(SPI_getbinval(tup, desc, 7, &isnull));
}

/* Read both calendar tables with SPI; entries go to calendar_context. */
static void
read_tables(void)
{
	MemoryContext old;
	uint64		n;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute("SELECT name, time_zone, office_hours, working_weekdays, "
					"public_holidays, short_day_hours, short_weekdays "
					"FROM dossier.calendar", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cannot read dossier.calendar");
	n = SPI_processed;
	old = MemoryContextSwitchTo(calendar_context);
	calendars = palloc0(sizeof(CalendarEntry) * (n + 1));
	for (uint64 i = 0; i < n; i++)
		read_calendar_row(&calendars[i], SPI_tuptable->vals[i], SPI_tuptable->tupdesc);
	n_calendars = (int) n;
	MemoryContextSwitchTo(old);

	/*
	 * A calendar's own days, and the public holidays where it takes them
	 * and has no day of its own on that date.
	 */
	if (SPI_execute("SELECT calendar, day, is_working FROM ("
					" SELECT d.calendar, d.day, d.is_working FROM dossier.calendar_day d"
					" UNION ALL"
					" SELECT c.name, h.day, h.is_working"
					" FROM dossier.calendar c JOIN dossier.public_holiday h ON c.public_holidays"
					" WHERE NOT EXISTS (SELECT 1 FROM dossier.calendar_day d"
					"                   WHERE d.calendar = c.name AND d.day = h.day)) s"
					" ORDER BY calendar COLLATE \"C\", day", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cannot read dossier.calendar_day");
	n = SPI_processed;
	for (uint64 i = 0; i < n;)
	{
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *name = SPI_getvalue(SPI_tuptable->vals[i], desc, 1);
		CalendarEntry *e = find_loaded(name, strlen(name));
		uint64		j = i;

		while (j < n && strcmp(SPI_getvalue(SPI_tuptable->vals[j], desc, 1), name) == 0)
			j++;
		if (e != NULL)
		{
			e->days = MemoryContextAlloc(calendar_context, sizeof(WtException) * (j - i));
			for (uint64 k = i; k < j; k++)
			{
				bool		isnull;

				e->days[k - i].day = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[k], desc, 2, &isnull));
				e->days[k - i].working = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[k], desc, 3, &isnull));
			}
			e->cal.exceptions = e->days;
			e->cal.n_exceptions = (int) (j - i);
		}
		i = j;
	}

	memset(official_year, 0, sizeof(official_year));
	if (SPI_execute("SELECT DISTINCT year FROM dossier.holiday_notice", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cannot read dossier.holiday_notice");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		int32		y = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i],
													SPI_tuptable->tupdesc, 1, &isnull));

		if (y >= FIRST_HOLIDAY_YEAR && y <= LAST_HOLIDAY_YEAR)
			official_year[y - FIRST_HOLIDAY_YEAR] = true;
	}
	SPI_finish();
}

/* Refill the cache from both calendar tables. */
static void
load_calendars(void)
{
	Oid			nsp = get_namespace_oid("dossier", false);

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(calendar_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	if (calendar_context == NULL)
		calendar_context = AllocSetContextCreate(CacheMemoryContext,
												 "dossier calendars",
												 ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(calendar_context);
	calendars = NULL;
	n_calendars = 0;
	calendar_relid = get_relname_relid("calendar", nsp);
	calendar_day_relid = get_relname_relid("calendar_day", nsp);
	holiday_notice_relid = get_relname_relid("holiday_notice", nsp);
	holiday_notice_day_relid = get_relname_relid("holiday_notice_day", nsp);
	cache_valid = true;			/* an invalidation during the read clears it */
	PG_TRY();
	{
		read_tables();
	}
	PG_CATCH();
	{
		cache_valid = false;
		n_calendars = 0;
		PG_RE_THROW();
	}
	PG_END_TRY();
	for (int i = 0; i < n_calendars; i++)
	{
		calendars[i].cal.prefix =
			MemoryContextAlloc(calendar_context,
							   sizeof(int32) * (calendars[i].cal.n_exceptions + 1));
		calendars[i].cal.short_prefix =
			MemoryContextAlloc(calendar_context,
							   sizeof(int32) * (calendars[i].cal.n_exceptions + 1));
		calendars[i].ok = wt_calendar_check(&calendars[i].cal, &calendars[i].err);
	}
}

/* The named calendar, loading the cache when stale; raises VN201 / VN204. */
static CalendarEntry *
get_calendar(text *name)
{
	CalendarEntry *e;

	if (!cache_valid)
		load_calendars();
	e = find_loaded(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	if (e == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNKNOWN_CALENDAR),
				 errmsg("unknown calendar \"%s\"", text_to_cstring(name)),
				 errdetail("No row of dossier.calendar is named \"%s\".", text_to_cstring(name)),
				 errhint("Omit the calendar argument to use 'default', or insert the calendar into dossier.calendar first.")));
	if (e->tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_CALENDAR),
				 errmsg("invalid calendar \"%s\"", e->name),
				 errdetail("The time zone \"%s\" is unknown to this server.", e->tz_name),
				 errhint("Set dossier.calendar.time_zone to a name from pg_timezone_names.")));
	if (!e->ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_CALENDAR),
				 errmsg("invalid calendar \"%s\"", e->name),
				 errdetail("%s", e->err.detail),
				 errhint("%s", e->err.hint)));
	/* a checked calendar has office time on a working day */
	Assert(e->cal.day_total > 0 && e->cal.day_total <= WT_USECS_PER_DAY);
	return e;
}

/* Raise the error of a timestamp outside the supported range. */
static void
report_time_range(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("timestamp out of range for working-time arithmetic"),
			 errdetail("Working time is computed for finite local times from 6200 BC to AD 275000."),
			 errhint("Pass a finite timestamp; infinity has no working time.")));
}

/* A timestamptz as local wall-clock time of tz (microseconds since 2000-01-01). */
static int64
to_local(TimestampTz t, pg_tz *tz)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;
	Timestamp	local;

	if (TIMESTAMP_NOT_FINITE(t) ||
		timestamp2tm(t, &tzoff, &tm, &fsec, NULL, tz) != 0 ||
		tm2timestamp(&tm, fsec, NULL, &local) != 0)
		report_time_range();
	return local;
}

/*
 * A local wall-clock time of tz as timestamptz.  A local time that does not
 * exist or exists twice (at a DST change) is read as PostgreSQL reads it in
 * timestamp AT TIME ZONE.
 */
static TimestampTz
from_local(int64 local, pg_tz *tz)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;
	TimestampTz result;

	if (timestamp2tm(local, NULL, &tm, &fsec, NULL, NULL) != 0)
		report_time_range();
	tzoff = DetermineTimeZoneOffset(&tm, tz);
	if (tm2timestamp(&tm, fsec, &tzoff, &result) != 0 || !IS_VALID_TIMESTAMP(result))
		report_time_range();
	return result;
}

/* Local time as text, for messages. */
static char *
local_text(int64 local)
{
	return DatumGetCString(DirectFunctionCall1(timestamp_out, TimestampGetDatum(local)));
}

/* Raise the error for a non-OK status of the core. */
static void
report_status(WtStatus st, CalendarEntry *e, int64 local_start)
{
	if (st == WT_TIME_OUT_OF_RANGE)
		report_time_range();
	if (st == WT_NO_WORKING_TIME)
		ereport(ERROR,
				(errcode(ERRCODE_NO_WORKING_TIME),
				 errmsg("calendar \"%s\" has not enough working time in reach", e->name),
				 errdetail("The working weekdays of the calendar and its working days in dossier.calendar_day hold too little office time in the 1000 years after %s (local time).",
						   local_text(local_start)),
				 errhint("Add working weekdays to dossier.calendar or working days to dossier.calendar_day.")));
	elog(ERROR, "unexpected working-time status %d", (int) st);
}

/* The civil year of a local time. */
static int
local_year(int64 local)
{
	int			y,
				m,
				d;
	int64		day = local / WT_USECS_PER_DAY - (local % WT_USECS_PER_DAY < 0);

	j2date((int) (day + POSTGRES_EPOCH_JDATE), &y, &m, &d);
	return y;
}

/*
 * On a calendar that takes the public holidays, a span of local time from a
 * to b must lie in the years they are kept for (VN206), and a span that
 * reaches a year whose holidays are only computed says so with a NOTICE:
 * the Government's notice may still move Tết and swap days.
 */
static void
check_holiday_years(CalendarEntry *e, int64 a, int64 b)
{
	int			ya,
				yb,
				y;
	StringInfoData computed;

	if (!e->public_holidays)
		return;
	if (b < a)
	{
		int64		t = a;

		a = b;
		b = t;
	}
	ya = local_year(a);
	yb = local_year(b);
	if (ya < FIRST_HOLIDAY_YEAR || yb > LAST_HOLIDAY_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_LUNAR_OUT_OF_RANGE),
				 errmsg("calendar \"%s\" has no public holidays for %d", e->name,
						ya < FIRST_HOLIDAY_YEAR ? ya : yb),
				 errdetail("The working time from %s to %s reaches a year outside 1968-2100, the years of the lunar calendar the public holidays are computed from.",
						   local_text(a), local_text(b)),
				 errhint("Keep dates within 1968-2100, or use a calendar without public_holidays.")));
	/* the common case, a span of official years, allocates nothing */
	for (y = ya; y <= yb && official_year[y - FIRST_HOLIDAY_YEAR]; y++)
		;
	if (y > yb)
		return;
	initStringInfo(&computed);
	for (y = ya; y <= yb; y++)
		if (!official_year[y - FIRST_HOLIDAY_YEAR])
			appendStringInfo(&computed, "%s%d", computed.len ? ", " : "", y);
	Assert(computed.len > 0);
	ereport(NOTICE,
			(errmsg("the public holidays of %s are computed, not from an official notice",
					computed.data),
			 errdetail("Working time on calendar \"%s\" from %s to %s counts the Labour Code's holidays as dossier.public_holidays computes them; the Government's yearly notice may move the days of Tết and swap working days.",
					   e->name, local_text(a), local_text(b)),
			 errhint("Load the year's notice with dossier.load_holiday_notice once it is published.")));
	pfree(computed.data);
}

/* The numeric form of the longest amount in days or in hours, made once. */
static Numeric
amount_limit(bool hours)
{
	static Numeric limits[2];

	if (limits[hours] == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		limits[hours] = int64_to_numeric(hours ? (int64) WT_MAX_DAYS * 24 : WT_MAX_DAYS);
		MemoryContextSwitchTo(old);
	}
	return limits[hours];
}

/* Microseconds of an amount in unit on calendar e; raises VN203. */
static int64
amount_usecs(Numeric amount, const char *unit, CalendarEntry *e)
{
	bool		hours = strcmp(unit, "working_hour") == 0;
	double		per_unit;
	double		value;

	if (numeric_is_nan(amount) || numeric_is_inf(amount) ||
		DatumGetBool(DirectFunctionCall2(numeric_gt,
										 DirectFunctionCall1(numeric_abs, NumericGetDatum(amount)),
										 NumericGetDatum(amount_limit(hours)))))
		ereport(ERROR,
				(errcode(ERRCODE_DURATION_OUT_OF_RANGE),
				 errmsg("duration %s %s is out of range",
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(amount))), unit),
				 errdetail("A duration is at most 100 years: %d %s.",
						   hours ? WT_MAX_DAYS * 24 : WT_MAX_DAYS, hours ? "working hours" : "days"),
				 errhint("Check the amount and the unit: legal processing times are days or weeks.")));
	value = DatumGetFloat8(DirectFunctionCall1(numeric_float8, NumericGetDatum(amount)));
	if (value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DURATION_OUT_OF_RANGE),
				 errmsg("duration %s %s is negative",
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(amount))), unit),
				 errdetail("A due date is never before the start of its duration."),
				 errhint("Pass an amount of 0 or more; to go back in time, subtract an interval from the timestamp.")));
	if (hours)
		per_unit = (double) WT_USECS_PER_HOUR;
	else if (strcmp(unit, "working_day") == 0)
		per_unit = (double) e->cal.day_total;
	else
		per_unit = (double) WT_USECS_PER_DAY;
	Assert(value >= 0 && per_unit > 0);
	return (int64) llround(value * per_unit);
}

/* start + amount in unit on calendar e (working or calendar time). */
static TimestampTz
add_amount(CalendarEntry *e, TimestampTz start, Numeric amount, const char *unit)
{
	int64		usecs = amount_usecs(amount, unit, e);
	int64		local = to_local(start, e->tz);
	int64		out;
	WtStatus	st;

	if (strcmp(unit, "calendar_day") == 0)
	{
		/* a period in days is whole days (Civil Code 2015 Art. 147-148) */
		if (usecs % WT_USECS_PER_DAY != 0)
			ereport(ERROR,
					(errcode(ERRCODE_DURATION_OUT_OF_RANGE),
					 errmsg("duration %s calendar_day is not a whole number of days",
							DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(amount)))),
					 errdetail("A period in calendar days ends at the end of its last day (Civil Code 2015 Art. 148), so it is counted in whole days."),
					 errhint("Pass a whole number of days, or use working_hour for a part of a day.")));
		st = wt_add_calendar(&e->cal, local, usecs / WT_USECS_PER_DAY, &out);
	}
	else
		st = wt_add_working(&e->cal, local, usecs, &out);
	if (st != WT_OK)
		report_status(st, e, local);
	Assert(out >= local);		/* a due date is never before its start */
	check_holiday_years(e, local, out);
	return from_local(out, e->tz);
}

/* Working microseconds between a and b on calendar e. */
static int64
between_usecs(CalendarEntry *e, TimestampTz a, TimestampTz b)
{
	int64		la = to_local(a, e->tz);
	int64		lb = to_local(b, e->tz);
	int64		out;
	WtStatus	st;

	st = wt_between(&e->cal, la, lb, &out);
	if (st != WT_OK)
		report_status(st, e, la);
	Assert(out >= 0);
	check_holiday_years(e, la, lb);
	return out;
}

/* dossier.add_working_time(start, amount, unit, calendar) */
Datum
calendar_add_working_time(PG_FUNCTION_ARGS)
{
	char	   *unit = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(2)));
	CalendarEntry *e = get_calendar(PG_GETARG_TEXT_PP(3));

	PG_RETURN_TIMESTAMPTZ(add_amount(e, PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_NUMERIC(1), unit));
}

/* dossier.working_time_between(a, b, calendar) */
Datum
calendar_working_time_between(PG_FUNCTION_ARGS)
{
	CalendarEntry *e = get_calendar(PG_GETARG_TEXT_PP(2));
	Interval   *result = palloc0(sizeof(Interval));

	result->time = between_usecs(e, PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_TIMESTAMPTZ(1));
	PG_RETURN_INTERVAL_P(result);
}

/* dossier.next_working_instant(t, calendar) */
Datum
calendar_next_working_instant(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	CalendarEntry *e = get_calendar(PG_GETARG_TEXT_PP(1));
	int64		local = to_local(t, e->tz);
	int64		out;
	WtStatus	st;

	st = wt_next_working_instant(&e->cal, local, &out);
	if (st != WT_OK)
		report_status(st, e, local);
	check_holiday_years(e, local, out);
	PG_RETURN_TIMESTAMPTZ(from_local(out, e->tz));
}

/* start + amount (numeric, in unit) on the named calendar, for C callers. */
TimestampTz
calendar_add_amount(const char *calendar, TimestampTz start, Numeric amount,
					const char *unit)
{
	return add_amount(get_calendar(cstring_to_text(calendar)), start, amount, unit);
}

/* start + working_usecs of working time on the named calendar. */
TimestampTz
calendar_add_usecs(const char *calendar, TimestampTz start, int64 working_usecs)
{
	CalendarEntry *e = get_calendar(cstring_to_text(calendar));
	int64		local = to_local(start, e->tz);
	int64		out;
	WtStatus	st;

	Assert(working_usecs >= 0);	/* a pause measured by calendar_between_usecs */
	st = wt_add_working(&e->cal, local, working_usecs, &out);
	if (st != WT_OK)
		report_status(st, e, local);
	check_holiday_years(e, local, out);
	return from_local(out, e->tz);
}

/* Working microseconds between a and b on the named calendar. */
int64
calendar_between_usecs(const char *calendar, TimestampTz a, TimestampTz b)
{
	return between_usecs(get_calendar(cstring_to_text(calendar)), a, b);
}
