/*
 * lunar_date.c
 *	  SQL face of the Vietnamese lunar calendar: dossier.to_lunar and
 *	  dossier.from_lunar.
 *
 * The astronomy is src/core/calendar/lunar.c; a date is a DateADT, the same
 * day count the core uses.  A lunar date that does not exist is VN205, a
 * day or year outside 1968-2100 is VN206.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/date.h"

#include "pg/common/dossier.h"
#include "core/calendar/lunar.h"

PG_FUNCTION_INFO_V1(dossier_to_lunar);
PG_FUNCTION_INFO_V1(dossier_from_lunar);

/* Raise the error of a failed conversion. */
static void
report_lunar(LunarStatus status, const ParseError *err)
{
	Assert(status != LUNAR_OK);
	ereport(ERROR,
			(errcode(status == LUNAR_NO_SUCH_DATE ? ERRCODE_INVALID_LUNAR_DATE
					 : ERRCODE_LUNAR_OUT_OF_RANGE),
			 errmsg(status == LUNAR_NO_SUCH_DATE ? "lunar date does not exist"
					: "date outside the range of the lunar calendar"),
			 errdetail("%s", err->detail),
			 errhint("%s", err->hint)));
}

/* dossier.to_lunar(date): (year, month, day, leap) of the lunar calendar. */
Datum
dossier_to_lunar(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	TupleDesc	td;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	LunarDate	l;
	ParseError	err;
	LunarStatus status;

	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_LUNAR_OUT_OF_RANGE),
				 errmsg("date outside the range of the lunar calendar"),
				 errdetail("The day is %s.", DATE_IS_NOBEGIN(d) ? "-infinity" : "infinity"),
				 errhint("The lunar calendar is computed for the days from 1968-01-01 to 2100-12-31.")));
	status = lunar_from_day(d, &l, &err);
	if (status != LUNAR_OK)
		report_lunar(status, &err);
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "to_lunar must return a record");
	Assert(td->natts == 4);
	values[0] = Int32GetDatum(l.year);
	values[1] = Int32GetDatum(l.month);
	values[2] = Int32GetDatum(l.day);
	values[3] = BoolGetDatum(l.leap);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls)));
}

/* dossier.from_lunar(year, month, day, leap): the civil date of a lunar date. */
Datum
dossier_from_lunar(PG_FUNCTION_ARGS)
{
	LunarDate	l;
	int32		day;
	ParseError	err;
	LunarStatus status;

	l.year = PG_GETARG_INT32(0);
	l.month = PG_GETARG_INT32(1);
	l.day = PG_GETARG_INT32(2);
	l.leap = PG_GETARG_BOOL(3);
	status = lunar_to_day(&l, &day, &err);
	if (status != LUNAR_OK)
		report_lunar(status, &err);
	PG_RETURN_DATEADT((DateADT) day);
}
