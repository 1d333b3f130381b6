/*
 * register.c
 *	  dossier.register_dossier: a new dossier in status 1, with its first
 *	  history event and outbox message, optionally received at once.
 *
 * Same rules as dossier.transition (transition.c): SECURITY DEFINER, the
 * actor is the session's current role, writes go through the guard.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/timestamp.h"

#include "pg/common/dossier.h"
#include "pg/lifecycle/dossier_write.h"
#include "core/lifecycle/lifecycle.h"

PG_FUNCTION_INFO_V1(dossier_register);

/*
 * dossier.register_dossier(procedure, agency, owner_citizen, owner_enterprise,
 *		channel, on_behalf_of, at, code, note, receive) -> dossier_code
 */
Datum
dossier_register(PG_FUNCTION_ARGS)
{
	Oid			actor = GetOuterUserId();
	TransitionArgs a;
	DossierRow	row;
	Datum		code;
	char	   *channel;
	TimestampTz at;
	bool		receive = !PG_ARGISNULL(9) && PG_GETARG_BOOL(9);

	require_arg(fcinfo, 0, "procedure", "Pass the code of the procedure (mã TTHC) the dossier is filed for.");
	require_arg(fcinfo, 1, "agency", "Pass the code of the receiving agency.");
	require_arg(fcinfo, 4, "channel", "Pass direct, online or postal.");
	if (PG_ARGISNULL(2) == PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OWNER),
				 errmsg("a dossier has exactly one owner"),
				 errdetail(PG_ARGISNULL(2) ? "Both owner_citizen and owner_enterprise are NULL." :
						   "Both owner_citizen and owner_enterprise are given."),
				 errhint("Pass owner_citizen (personal ID) for a person or owner_enterprise (tax code) for an organisation.")));
	read_args(fcinfo, &a, 8, -1, -1, -1, 5, 6);
	channel = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(4)));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ensure_plans();

	memset(&row, 0, sizeof(row));
	row.owner_is_citizen = !PG_ARGISNULL(2);
	row.owner = row.owner_is_citizen ? PG_GETARG_DATUM(2) : PG_GETARG_DATUM(3);
	row.owner_type = row.owner_is_citizen ? dw.t_citizen_id : dw.t_tax_code;
	{
		uint32		mask = lifecycle_register_roles();

		if (a.on_behalf_of != NULL)
		{
			a.on_behalf_of = check_applicant(actor, "register a dossier", mask, a.on_behalf_of,
											 row.owner, row.owner_type);
			if (strcmp(channel, "online") != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("a portal registers only online dossiers"),
						 errdetail("The channel given is %s.", channel),
						 errhint("Pass channel => 'online'; dossiers handed in at the desk or by post are registered by a desk officer.")));
		}
		else
			check_staff(actor, "register a dossier", mask);
	}

	/* procedure and agency must exist */
	row.procedure = PG_GETARG_DATUM(0);
	(void) dossier_procedure(row.procedure);
	row.agency = PG_GETARG_DATUM(1);
	{
		Datum		args[1] = {row.agency};

		if (SPI_execute_plan(dw.agency_plan, args, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "cannot read dossier.agency");
		if (SPI_processed == 0)
		{
			char	   *ag = datum_text(row.agency, dw.t_agency_code);

			ereport(ERROR,
					(errcode(ERRCODE_UNKNOWN_AGENCY),
					 errmsg("agency %s does not exist", ag),
					 errdetail("No row of dossier.agency has the code %s.", ag),
					 errhint("Load the agency into dossier.agency first.")));
		}
	}
	at = event_time(&a, NULL, NULL);

	/* the code: given, or the next of the agency for the day */
	if (!PG_ARGISNULL(7))
	{
		Datum		args[1];

		code = PG_GETARG_DATUM(7);
		args[0] = code;
		/* not read-only: see a dossier an earlier call of this statement made */
		if (SPI_execute_plan(dw.exists_plan, args, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "cannot read dossier.dossier");
		if (SPI_processed > 0)
		{
			char	   *c = datum_text(code, dw.t_dossier_code);

			ereport(ERROR,
					(errcode(ERRCODE_DOSSIER_EXISTS),
					 errmsg("dossier %s already exists", c),
					 errdetail("A dossier code is given to one dossier only."),
					 errhint("Omit code to allocate the next one with dossier.next_dossier_code.")));
		}
	}
	else
	{
		Datum		args[2] = {row.agency, TimestampTzGetDatum(at)};
		bool		isnull;

		if (SPI_execute_plan(dw.code_plan, args, NULL, false, 1) != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "cannot allocate a dossier code");
		code = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		code = datumCopy(code, false, -1);
	}

	row.code = code;
	row.code_text = datum_text(code, dw.t_dossier_code);
	row.channel = channel_code(channel);
	row.status = STATUS_REGISTERED;
	row.registered_at = at;
	row.received_at.isnull = row.due_at.isnull = row.appointment_at.isnull = true;
	row.paused_at.isnull = row.resolved_at.isnull = row.returned_at.isnull = true;
	row.stopped_at.isnull = row.withdrawn_at.isnull = true;
	row.updated_at = at;
	memset(row.head, 0, HISTORY_HASH_LEN);

	store_registration(&row, PG_GETARG_DATUM(4), at, &a, actor);

	if (receive)
	{
		TransitionArgs r;

		memset(&r, 0, sizeof(r));
		r.has_at = true;
		r.at = at;
		do_transition(code, ACTION_RECEIVE, &r);
	}
	code = SPI_datumTransfer(code, false, -1);
	SPI_finish();
	PG_RETURN_DATUM(code);
}

