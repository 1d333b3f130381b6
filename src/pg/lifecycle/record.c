/*
 * record.c
 *	  What the record of a dossier must hold to be true: the time of an
 *	  event (the server's clock), the reasons a refusal, a supplement
 *	  request or a stop states, dossier codes that belong to their
 *	  receiving agency and day, and the import path through which past
 *	  events (a migration, a desk that was offline) enter, marked as
 *	  imported.
 *
 * Ordinary calls are stamped with the server's clock (event_time());
 * dossier.import_dossier (register.c) and
 * dossier.import_transition (transition.c), for members of dossier_importer
 * only, take the source's time and a code of any agency and day, and record
 * the source in every event they write.  The writers call this file; it
 * calls none of them.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "pg/common/dossier.h"
#include "pg/lifecycle/dossier_write.h"
#include "core/identifiers/dossier_code.h"
#include "core/lifecycle/lifecycle.h"

#define VN_TIME_ZONE_SQL "Asia/Ho_Chi_Minh"

/* Read reason_code and reason at the given positions. */
void
read_record_args(FunctionCallInfo fcinfo, TransitionArgs *a, int reason_code_arg,
				 int reason_arg)
{
	if (!PG_ARGISNULL(reason_code_arg))
		a->reason_code = PG_GETARG_TEXT_PP(reason_code_arg);
	if (!PG_ARGISNULL(reason_arg))
		a->reason = PG_GETARG_TEXT_PP(reason_arg);
}

/*
 * A refusal (Mẫu 03), a supplement request (Mẫu 02) and a stop state their
 * reason: a code of dossier.transition_reason for the action (VN116) and the
 * reason in words (VN115 when either is missing); other actions take none.
 */
void
check_reason(int action, const TransitionArgs *a)
{
	const char *name = lifecycle_action_name(action);
	Datum		args[2];

	if (!lifecycle_action_needs_reason(action))
	{
		if (a->reason_code != NULL || a->reason != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument %s does not apply to action %s",
							a->reason_code != NULL ? "reason_code" : "reason", name),
					 errdetail("A reason is stated by refuse, request_supplement and stop."),
					 errhint("Leave reason_code and reason out, or use note for a remark.")));
		return;
	}
	if (a->reason_code == NULL || a->reason == NULL ||
		VARSIZE_ANY_EXHDR(a->reason) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_REASON_REQUIRED),
				 errmsg("action %s needs a reason", name),
				 errdetail("%s is missing; the notice to the applicant (Circular 01/2018/TT-VPCP, %s) states the reason%s.",
						   a->reason_code == NULL ? "reason_code" : "reason",
						   action == ACTION_REQUEST_SUPPLEMENT ? "Mẫu 02" : "Mẫu 03",
						   action == ACTION_REQUEST_SUPPLEMENT ? " and the papers missing" : ""),
				 errhint("Pass reason_code (one of dossier.transition_reason for %s) and reason, the words the applicant reads.",
						 name)));
	args[0] = DirectFunctionCall2(enum_in, CStringGetDatum(name), ObjectIdGetDatum(dw.t_action));
	args[1] = PointerGetDatum(a->reason_code);
	if (SPI_execute_plan(dw.reason_plan, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "cannot read dossier.transition_reason");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNKNOWN_REASON),
				 errmsg("reason code \"%s\" is not a reason of action %s",
						text_to_cstring(a->reason_code), name),
				 errdetail("dossier.transition_reason has no row (%s, %s).", name,
						   text_to_cstring(a->reason_code)),
				 errhint("Use one of the codes dossier.transition_reason lists for %s, or ask the DBA to add one.",
						 name)));
}

/* Raise 42501 unless actor is a member of dossier_importer. */
void
check_importer(Oid actor, const char *what)
{
	Oid			importer = get_role_oid("dossier_importer", true);

	if (!OidIsValid(importer) || !has_privs_of_role(actor, importer))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s", what),
				 errdetail("Role %s is not a member of dossier_importer.",
						   GetUserNameFromId(actor, false)),
				 errhint("Past events enter through the import path, which the DBA grants to the role of a migration (GRANT dossier_importer TO ...).")));
}

/* The agency (modern form) and reception day of a dossier code, by the core parser. */
static void
code_agency_day(Datum code, char *agency, int *y, int *m, int *d)
{
	char	   *text = datum_text(code, dw.t_dossier_code);
	char		canon[DOSSIER_CODE_TEXT_LEN];
	size_t		len;
	DossierCodeParts parts;
	ParseError	err;
	bool		ok PG_USED_FOR_ASSERTS_ONLY;

	/* a stored code parses: its type checked it on input */
	ok = dossier_code_parse(text, strlen(text), canon, &len, &parts, &err) &&
		agency_code_parse_part(canon, parts.agency_len, agency, &len, NULL, &err);
	Assert(ok);
	*y = parts.year;
	*m = parts.month;
	*d = parts.day;
}

/*
 * A code given to register_dossier must be of the receiving agency and of
 * the reception day (Vietnam time) of the event (VN114); the import path
 * takes any.  Either way the code must be free (VN112), and the agency's
 * counter is moved past it so that the allocator never hands it out.
 */
void
check_given_code(Datum code, Datum agency, TimestampTz at, const TransitionArgs *a)
{
	char		ca[AGENCY_CODE_TEXT_LEN];
	char	   *ra = datum_text(agency, dw.t_agency_code);
	int			y,
				m,
				d;
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;

	code_agency_day(code, ca, &y, &m, &d);
	if (timestamp2tm(at, &tz, &tm, &fsec, NULL, pg_tzset(VN_TIME_ZONE_SQL)) != 0)
		elog(ERROR, "event time out of range");
	if (a->import_source == NULL &&
		(strcmp(ca, ra) != 0 || y != tm.tm_year || m != tm.tm_mon || d != tm.tm_mday))
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_DOSSIER_CODE),
				 errmsg("dossier code %s is not a code of agency %s for today",
						datum_text(code, dw.t_dossier_code), ra),
				 errdetail("The code names agency %s and reception day %04d-%02d-%02d; the dossier is received by %s on %04d-%02d-%02d.",
						   ca, y, m, d, ra, tm.tm_year, tm.tm_mon, tm.tm_mday),
				 errhint("Omit code to allocate the next one; codes of other agencies or days enter only through dossier.import_dossier.")));
	if (plan_finds(dw.exists_plan, code, false, "dossier.dossier"))
		ereport(ERROR,
				(errcode(ERRCODE_DOSSIER_EXISTS),
				 errmsg("dossier %s already exists", datum_text(code, dw.t_dossier_code)),
				 errdetail("A dossier code is given to one dossier only."),
				 errhint("Omit code to allocate the next one with dossier.next_dossier_code.")));
	if (SPI_execute_plan(dw.reserve_plan, &code, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "cannot move the dossier code counter");
}

/*
 * The next dossier code of agency for the day of at, skipping any code a
 * dossier has already (a code given before the counter reached it).
 */
Datum
allocate_free_code(Datum agency, TimestampTz at)
{
	Datum		args[2] = {agency, TimestampTzGetDatum(at)};

	for (;;)
	{
		bool		isnull;
		Datum		code;

		if (SPI_execute_plan(dw.code_plan, args, NULL, false, 1) != SPI_OK_SELECT ||
			SPI_processed != 1)
			elog(ERROR, "cannot allocate a dossier code");
		code = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		Assert(!isnull);
		code = datumCopy(code, false, -1);
		if (!plan_finds(dw.exists_plan, code, false, "dossier.dossier"))
			return code;
		CHECK_FOR_INTERRUPTS();
	}
}

/*
 * The instant of the event, read after the dossier row is locked (the
 * transaction's start time would not do: a transaction that started before
 * a concurrent one committed a newer event would date its own event before
 * it).  It is the server's clock.  A caller may pass its own time within
 * dossier.event_time_tolerance of it (VN113 beyond), for a client clock
 * that runs a little off: a time ahead of the server is taken as now, since
 * no event is recorded in the future.  An imported event (the import path,
 * record.c) keeps its source's time, which must not be in the future.
 * Either way an event is never dated before the dossier's last one (VN103).
 */
TimestampTz
event_time(const TransitionArgs *a, const DossierRow *row, const char *code_text)
{
	TimestampTz at;
	TimestampTz now = GetCurrentTimestamp();
	int64		tolerance = (int64) dossier_event_time_tolerance * USECS_PER_SEC;

	if (!a->has_at)
	{
		Assert(a->import_source == NULL && !TIMESTAMP_NOT_FINITE(now));
		return row && now < row->updated_at ? row->updated_at : now;
	}
	at = a->at;

	require_finite(at, ERRCODE_EVENT_TIME, "event time",
				   "Omit the argument at to use the current time.");
	if (a->import_source == NULL && (at < now - tolerance || at > now + tolerance))
		ereport(ERROR,
				(errcode(ERRCODE_EVENT_TIME_TOLERANCE),
				 errmsg("event time %s is not the current time", vn_text(at)),
				 errdetail("It is now %s; an event is stamped with the server's clock, and a time given by the caller may differ from it by at most dossier.event_time_tolerance (%d s).",
						   vn_text(now), dossier_event_time_tolerance),
				 errhint("Omit the argument at. Events that happened earlier (a migration, a desk that was offline) enter through dossier.import_dossier and dossier.import_transition.")));
	if (at > now && a->import_source == NULL)
		at = now;
	if (at > now)
		ereport(ERROR,
				(errcode(ERRCODE_EVENT_TIME),
				 errmsg("event time %s is in the future", vn_text(at)),
				 errdetail("It is now %s; events are recorded when they happen.", vn_text(now)),
				 errhint("Pass the time the event happened in the source system.")));
	if (row && at < row->updated_at)
		ereport(ERROR,
				(errcode(ERRCODE_EVENT_TIME),
				 errmsg("event time %s is before the last event of dossier %s", vn_text(at), code_text),
				 errdetail("The last event of the dossier happened at %s; history is recorded in order.",
						   vn_text(row->updated_at)),
				 errhint("Pass a time at or after the last event, or omit at to use the current time.")));
	return at;
}
