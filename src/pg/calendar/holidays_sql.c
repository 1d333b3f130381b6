/*
 * holidays_sql.c
 *	  SQL face of the computed public holidays:
 *	  dossier.computed_public_holidays(year).
 *
 * The rules are src/core/calendar/holidays.c; the notices, the view that
 * prefers them and the loader are SQL (extension/parts/72_holidays.sql).
 */
#include "postgres.h"

#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"

#include "pg/common/dossier.h"
#include "core/calendar/holidays.h"

PG_FUNCTION_INFO_V1(dossier_computed_public_holidays);

/* dossier.computed_public_holidays(year): (day, kind, name_vi) rows. */
Datum
dossier_computed_public_holidays(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int32		year = PG_GETARG_INT32(0);
	Holiday		h[HOLIDAYS_MAX];
	int			n;
	ParseError	err;

	if (holidays_compute(year, h, &n, &err) != LUNAR_OK)
		ereport(ERROR,
				(errcode(ERRCODE_LUNAR_OUT_OF_RANGE),
				 errmsg("no public holidays for year %d", year),
				 errdetail("%s", err.detail),
				 errhint("%s", err.hint)));
	InitMaterializedSRF(fcinfo, 0);
	Assert(rsinfo->setDesc->natts == 3);
	for (int i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = DateADTGetDatum((DateADT) h[i].day);
		values[1] = CStringGetTextDatum(holiday_kind_name(h[i].kind));
		values[2] = CStringGetTextDatum(holiday_kind_name_vi(h[i].kind));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
