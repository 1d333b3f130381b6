/*
 * register.c
 *	  dossier.register_dossier: a new dossier in status 1, with its first
 *	  history event and outbox message, optionally received at once.
 *
 * Same rules as dossier.transition (transition.c): SECURITY DEFINER, the
 * actor is the session's current role, an official registers only at the
 * agency it is bound to, writes go through the guard.
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
PG_FUNCTION_INFO_V1(dossier_import_register);

/* Raise VN109 unless exactly one of owner_citizen and owner_enterprise is given. */
static void
check_one_owner(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(2) == PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OWNER),
				 errmsg("a dossier has exactly one owner"),
				 errdetail(PG_ARGISNULL(2) ? "Both owner_citizen and owner_enterprise are NULL." :
						   "Both owner_citizen and owner_enterprise are given."),
				 errhint("Pass owner_citizen (personal ID) for a person or owner_enterprise (tax code) for an organisation.")));
}

/*
 * Check who registers as the core's registration plan says: staff of the
 * desk, at the agency they are bound to, or a portal for the owner
 * (a->on_behalf_of becomes the owner's canonical identifier), which
 * registers only online dossiers.
 */
static void
check_registrar(Oid actor, const LifecyclePlan *plan, const DossierRow *row,
				const char *channel, TransitionArgs *a)
{
	if (plan->actor == LIFECYCLE_ACTOR_STAFF)
	{
		check_staff(actor, "register a dossier", plan->roles);
		check_staff_registers_at(actor, row->agency);
		return;
	}
	Assert(plan->actor == LIFECYCLE_ACTOR_APPLICANT && a->on_behalf_of != NULL);
	a->on_behalf_of = check_applicant(actor, "register a dossier", plan->roles,
									  a->on_behalf_of, row->owner, row->owner_type);
	if (plan->refusal == LIFECYCLE_PORTAL_NOT_ONLINE)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("a portal registers only online dossiers"),
				 errdetail("The channel given is %s.", channel),
				 errhint("Pass channel => 'online'; dossiers handed in at the desk or by post are registered by a desk officer.")));
}

/* The new dossier in status, registered at at: every milestone NULL. */
static void
init_registered(DossierRow *row, Datum code, const char *channel, int status,
				TimestampTz at)
{
	row->code = code;
	row->code_text = datum_text(code, dw.t_dossier_code);
	row->channel = channel_code(channel);
	row->status = status;
	row->registered_at = at;
	row->received_at.isnull = row->due_at.isnull = row->appointment_at.isnull = true;
	row->paused_at.isnull = row->resolved_at.isnull = row->returned_at.isnull = true;
	row->stopped_at.isnull = row->withdrawn_at.isnull = true;
	row->updated_at = at;
	memset(row->head, 0, HISTORY_HASH_LEN);
}

/* Receive the dossier just registered, at the same instant (and source). */
static void
receive_at_once(Datum code, TimestampTz at, text *import_source)
{
	TransitionArgs r;

	memset(&r, 0, sizeof(r));
	r.has_at = true;
	r.at = at;
	r.import_source = import_source;
	do_transition(code, ACTION_RECEIVE, &r);
}

/*
 * Register a dossier with the arguments of register_dossier; import_source
 * is NULL, or the source of an imported dossier (import_dossier).
 */
static Datum
register_with(FunctionCallInfo fcinfo, text *import_source)
{
	Oid			actor = GetOuterUserId();
	TransitionArgs a;
	DossierRow	row;
	LifecyclePlan plan;
	Datum		code;
	char	   *channel;
	TimestampTz at;
	bool		receive = !PG_ARGISNULL(9) && PG_GETARG_BOOL(9);

	require_arg(fcinfo, 0, "procedure", "Pass the code of the procedure (mã TTHC) the dossier is filed for.");
	require_arg(fcinfo, 1, "agency", "Pass the code of the receiving agency.");
	require_arg(fcinfo, 4, "channel", "Pass direct, online or postal.");
	check_one_owner(fcinfo);
	read_args(fcinfo, &a, 8, -1, -1, -1, 5, 6);
	a.import_source = import_source;
	if (import_source == NULL)
		portal_applicant(actor, &a, "register a dossier");
	channel = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(4)));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ensure_plans();

	memset(&row, 0, sizeof(row));
	row.owner_is_citizen = !PG_ARGISNULL(2);
	row.owner = row.owner_is_citizen ? PG_GETARG_DATUM(2) : PG_GETARG_DATUM(3);
	row.owner_type = row.owner_is_citizen ? dw.t_citizen_id : dw.t_tax_code;
	lifecycle_plan_registration(a.on_behalf_of != NULL, strcmp(channel, "online") == 0,
								&plan);
	row.agency = PG_GETARG_DATUM(1);
	if (import_source != NULL)
		check_importer(actor, "import a dossier");
	else
		check_registrar(actor, &plan, &row, channel, &a);

	/* procedure and agency must exist */
	row.procedure = PG_GETARG_DATUM(0);
	(void) dossier_procedure(row.procedure);
	(void) check_agency_exists(row.agency);
	at = event_time(&a, NULL, NULL);

	/* the code: given, or the next of the agency for the day */
	if (!PG_ARGISNULL(7))
	{
		code = PG_GETARG_DATUM(7);
		check_given_code(code, row.agency, at, &a);
	}
	else
		code = allocate_free_code(row.agency, at);

	Assert(plan.next_status == STATUS_REGISTERED);
	init_registered(&row, code, channel, plan.next_status, at);
	store_registration(&row, PG_GETARG_DATUM(4), at, &a, actor);
	if (receive)
		receive_at_once(code, at, import_source);
	code = SPI_datumTransfer(code, false, -1);
	SPI_finish();
	PG_RETURN_DATUM(code);
}

/*
 * dossier.register_dossier(procedure, agency, owner_citizen, owner_enterprise,
 *		channel, on_behalf_of, at, code, note, receive) -> dossier_code
 */
Datum
dossier_register(PG_FUNCTION_ARGS)
{
	return register_with(fcinfo, NULL);
}

/*
 * dossier.import_dossier(procedure, agency, owner_citizen, owner_enterprise,
 *		channel, on_behalf_of, at, code, note, receive, source): a dossier of
 *		a source system, at its time and with its code, marked with the
 *		source; for members of dossier_importer.
 */
Datum
dossier_import_register(PG_FUNCTION_ARGS)
{
	require_arg(fcinfo, 6, "at", "An imported dossier keeps the time it was registered in its source system.");
	require_arg(fcinfo, 10, "source", "Name the system the dossier comes from, e.g. 'motcua-h56 export 2026-11-30'.");
	return register_with(fcinfo, PG_GETARG_TEXT_PP(10));
}
