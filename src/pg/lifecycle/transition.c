/*
 * transition.c
 *	  dossier.transition: the one function every change of a dossier goes
 *	  through (registration is register.c).
 *
 * Every change of a dossier goes through do_transition(), which, in the
 * caller's transaction:
 *
 *	 1. locks the dossier row (SELECT ... FOR NO KEY UPDATE), so two officials
 *		acting at once are serialised: the second sees the first's result
 *		(READ COMMITTED re-reads the row) or gets a serialization failure
 *		(REPEATABLE READ and above); never a lost update or a forked chain;
 *	 2. asks the one transition table (src/core/lifecycle/lifecycle.c) for the next
 *		status: VN101 when forbidden;
 *	 3. checks the actor's role for the action (and for internal steps, the
 *		role of the step): 42501 insufficient_privilege;
 *	 4. computes deadlines with the working-time calendar (calendar.c):
 *		due date on receipt, pause and extension or restart on supplements,
 *		a later appointment on an apology (the due date is kept);
 *	 5. writes the new dossier row, the history row chained by SHA-256
 *		(history.c) and the DVCQG outbox row, through the write guard
 *		(guard.c), and wakes outbox listeners with NOTIFY;
 *	 6. returns the new status.
 *
 * Steps 1 and 5 are dossier_write.c, step 3 actor.c.  The functions are
 * SECURITY DEFINER so that nobody needs write privileges on the tables; the
 * actor is the session's current role (GetOuterUserId()), which SECURITY
 * DEFINER does not change.  All their SQL is schema-qualified, operators
 * included, so the search path cannot redirect it.  Plans are prepared once
 * per backend and re-prepared if the extension's schema is recreated.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "pg/common/dossier.h"
#include "pg/lifecycle/dossier_write.h"
#include "pg/lifecycle/status.h"
#include "pg/lifecycle/procedure_cache.h"
#include "pg/calendar/calendar.h"
#include "core/lifecycle/lifecycle.h"

PG_FUNCTION_INFO_V1(dossier_transition);

/* Raise 22023 for an argument that does not apply to the action. */
static void
not_applicable(const char *arg, int action, const char *applies_to)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument %s does not apply to action %s", arg, lifecycle_action_name(action)),
			 errdetail("%s is used only by %s.", arg, applies_to),
			 errhint("Leave %s NULL for action %s.", arg, lifecycle_action_name(action))));
}

/* Check the arguments that only some actions take. */
static void
check_applicable(int action, const TransitionArgs *a)
{
	if (a->has_to_step && action != ACTION_START_PROCESSING &&
		action != ACTION_MOVE_STEP && action != ACTION_RECALL)
		not_applicable("to_step", action, "start_processing, move_step and recall");
	if (a->has_to_agency && action != ACTION_TRANSFER)
		not_applicable("to_agency", action, "transfer");
	if (a->has_new_appointment && action != ACTION_APOLOGIZE)
		not_applicable("new_appointment", action, "apologize");
	if (action == ACTION_TRANSFER && !a->has_to_agency)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("transfer needs the agency to transfer to"),
				 errdetail("Argument to_agency is NULL."),
				 errhint("Pass to_agency => the code of the agency that takes the dossier over (liên thông).")));
	if (action == ACTION_APOLOGIZE && !a->has_new_appointment)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("an apology needs a new appointment"),
				 errdetail("Argument new_appointment is NULL."),
				 errhint("Pass new_appointment => the new date promised in the apology letter (phiếu xin lỗi và hẹn lại ngày trả kết quả).")));
}


/* The procedure of a dossier, from the cache; VN104 when it has disappeared. */
const ProcedureInfo *
dossier_procedure(Datum procedure)
{
	struct varlena *v = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(procedure));
	const ProcedureInfo *p = procedure_lookup(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));

	if (p == NULL)
	{
		char	   *code = datum_text(procedure, dw.t_procedure_code);

		ereport(ERROR,
				(errcode(ERRCODE_UNKNOWN_PROCEDURE),
				 errmsg("procedure %s does not exist", code),
				 errdetail("No row of dossier.procedure has the code %s.", code),
				 errhint("Load the procedure into dossier.procedure (with its processing time) first.")));
	}
	return p;
}

/* Check a requested step number against the procedure's steps (VN106). */
static int
checked_step(const ProcedureInfo *p, int step, const char *code_text)
{
	if (p->n_steps == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_STEP),
				 errmsg("procedure %s has no internal steps", p->code),
				 errdetail("Dossier %s cannot be moved to step %d: dossier.procedure_step has no rows for the procedure.",
						   code_text, step),
				 errhint("Leave to_step NULL, or define the steps in dossier.procedure_step.")));
	if (step < 1 || step > p->n_steps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_STEP),
				 errmsg("procedure %s has no step %d", p->code, step),
				 errdetail("The procedure has steps 1 to %d.", p->n_steps),
				 errhint("Pass a step number from dossier.procedure_step.")));
	return step;
}

/*
 * Close an open supplement pause at instant at: the paused working time is
 * added to supplement_time, and the due date is extended by it, or
 * restarted from at when restart (the procedure's mode, for a received
 * supplement).  An appointment that was the due date follows it; a later
 * one (an apology) is kept if still later.
 */
static void
close_pause(DossierRow *row, const ProcedureInfo *p, TimestampTz at, bool restart)
{
	int64		paused;
	TimestampTz due;

	if (row->paused_at.isnull)
		return;
	paused = calendar_between_usecs(p->calendar, row->paused_at.v, at);
	row->supplement_usecs += paused;
	if (restart)
		due = calendar_add_amount(p->calendar, at, p->processing_time, p->time_unit);
	else if (!row->due_at.isnull)
		due = calendar_add_usecs(p->calendar, row->due_at.v, paused);
	else
		due = 0;
	if (!row->due_at.isnull || restart)
	{
		if (row->appointment_at.isnull || row->appointment_at.v == row->due_at.v ||
			row->appointment_at.v < due)
			row->appointment_at = opt_time(due);
		row->due_at = opt_time(due);
	}
	row->paused_at.isnull = true;
}

/*
 * Apply action to the locked dossier row and write everything; returns the
 * new status.  Runs inside the caller's SPI connection.
 */
int
do_transition(Datum code, int action, TransitionArgs *a)
{
	DossierRow	row;
	Oid			actor = GetOuterUserId();
	const ProcedureInfo *p;
	uint32		mask = lifecycle_action_roles(action);
	int			from;
	int			next;
	TimestampTz at;
	char		what[64];

	check_applicable(action, a);
	lock_dossier(code, &row);
	from = row.status;
	next = lifecycle_next_from(from, action, row.prior_status);
	if (next == STATUS_NONE)
		report_illegal_transition(from, action, row.code_text);
	p = dossier_procedure(row.procedure);

	/* who may act */
	snprintf(what, sizeof(what), "%s dossier", lifecycle_action_name(action));
	if (a->on_behalf_of != NULL)
		a->on_behalf_of = check_applicant(actor, what, mask, a->on_behalf_of,
										  row.owner, row.owner_type);
	else if (action == ACTION_MOVE_STEP && p->n_steps > 0 && row.step > 0)
	{
		const ProcedureStep *s = &p->steps[row.step - 1];

		if (!has_privs_of_role(actor, s->role))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied to complete step %d \"%s\" of dossier %s",
							s->step, s->name, row.code_text),
					 errdetail("Step %d of procedure %s is completed by members of %s; role \"%s\" is not one.",
							   s->step, p->code, GetUserNameFromId(s->role, false),
							   GetUserNameFromId(actor, false)),
					 errhint("Have an official holding the step's role act; dossier.procedure_step lists the roles.")));
	}
	else if (action == ACTION_RESOLVE && p->n_steps > 0)
	{
		const ProcedureStep *last = &p->steps[p->n_steps - 1];

		if (row.step != p->n_steps)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_STEP),
					 errmsg("dossier %s is not at the last step of its processing", row.code_text),
					 errdetail("The dossier is at step %d of %d; processing finishes after step %d \"%s\".",
							   row.step, p->n_steps, last->step, last->name),
					 errhint("Move the dossier through its remaining steps with action move_step first.")));
		if (!has_privs_of_role(actor, last->role))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied to resolve dossier %s", row.code_text),
					 errdetail("The last step \"%s\" of procedure %s is completed by members of %s; role \"%s\" is not one.",
							   last->name, p->code, GetUserNameFromId(last->role, false),
							   GetUserNameFromId(actor, false)),
					 errhint("Have an official holding the last step's role resolve the dossier.")));
	}
	else
		check_staff(actor, what, mask);

	at = event_time(a, &row, row.code_text);

	/* leaving a supplement request closes the pause */
	if (from == STATUS_SUPPLEMENT_REQUESTED && next != STATUS_SUPPLEMENT_REQUESTED)
		close_pause(&row, p, at, action == ACTION_SUPPLEMENT_RECEIVED && p->restart);

	switch ((LifecycleAction) action)
	{
		case ACTION_RECEIVE:
			row.received_at = opt_time(at);
			row.due_at = opt_time(calendar_add_amount(p->calendar, at, p->processing_time,
													  p->time_unit));
			row.appointment_at = row.due_at;
			break;
		case ACTION_REFUSE:
		case ACTION_STOP:
			if (row.stopped_at.isnull)
				row.stopped_at = opt_time(at);
			break;
		case ACTION_START_PROCESSING:
		case ACTION_RECALL:
			row.step = a->has_to_step ? checked_step(p, a->to_step, row.code_text) :
				(p->n_steps > 0 ? 1 : 0);
			break;
		case ACTION_MOVE_STEP:
			{
				int			to;

				if (p->n_steps == 0)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_STEP),
							 errmsg("procedure %s has no internal steps", p->code),
							 errdetail("Dossier %s has nowhere to move: dossier.procedure_step has no rows for the procedure.",
									   row.code_text),
							 errhint("Resolve the dossier when processing is done, or define the steps in dossier.procedure_step.")));
				if (a->has_to_step)
					to = checked_step(p, a->to_step, row.code_text);
				else if (row.step >= p->n_steps)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_STEP),
							 errmsg("dossier %s is at the last step of its processing", row.code_text),
							 errdetail("Step %d \"%s\" is the last of procedure %s.",
									   row.step, p->steps[row.step - 1].name, p->code),
							 errhint("Use action resolve to finish processing, or pass to_step to go back to an earlier step.")));
				else
					to = row.step + 1;
				if (to == row.step)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_STEP),
							 errmsg("dossier %s is already at step %d", row.code_text, to),
							 errdetail("Moving to the current step would record nothing."),
							 errhint("Pass another to_step, or leave it NULL to move to the next step.")));
				row.step = to;
				break;
			}
		case ACTION_REQUEST_SUPPLEMENT:
			row.paused_at = opt_time(at);
			if (row.supplement_requests < PG_INT16_MAX)
				row.supplement_requests++;
			break;
		case ACTION_REQUEST_WITHDRAWAL:
			if (!row.received_at.isnull && row.withdrawn_at.isnull)
				row.withdrawn_at = opt_time(at);
			break;
		case ACTION_RESOLVE:
			if (row.resolved_at.isnull)
				row.resolved_at = opt_time(at);
			break;
		case ACTION_RETURN_RESULT:
			row.returned_at = opt_time(at);
			break;
		case ACTION_TRANSFER:
			{
				Datum		args[1] = {a->to_agency};
				char	   *to = datum_text(a->to_agency, dw.t_agency_code);

				if (SPI_execute_plan(dw.agency_plan, args, NULL, true, 1) != SPI_OK_SELECT)
					elog(ERROR, "cannot read dossier.agency");
				if (SPI_processed == 0)
					ereport(ERROR,
							(errcode(ERRCODE_UNKNOWN_AGENCY),
							 errmsg("agency %s does not exist", to),
							 errdetail("No row of dossier.agency has the code %s.", to),
							 errhint("Load the agency into dossier.agency first.")));
				if (strcmp(to, datum_text(row.agency, dw.t_agency_code)) == 0)
					ereport(ERROR,
							(errcode(ERRCODE_SAME_AGENCY),
							 errmsg("dossier %s is already with agency %s", row.code_text, to),
							 errdetail("A transfer (liên thông) moves a dossier to another agency."),
							 errhint("Pass the code of the agency that takes the dossier over.")));
				row.agency = a->to_agency;
				break;
			}
		case ACTION_APOLOGIZE:
			if (row.appointment_at.isnull)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_APPOINTMENT),
						 errmsg("dossier %s has no appointment to postpone", row.code_text),
						 errdetail("The dossier was never received, so no receipt slip fixed a date for the result."),
						 errhint("An apology letter postpones the date of a received dossier.")));
			if (TIMESTAMP_NOT_FINITE(a->new_appointment))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_APPOINTMENT),
						 errmsg("new appointment must be finite"),
						 errdetail("The new appointment given is %s.", timestamptz_to_str(a->new_appointment)),
						 errhint("An apology letter names the date the result will be ready.")));
			if (a->new_appointment <= row.appointment_at.v || a->new_appointment <= at)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_APPOINTMENT),
						 errmsg("new appointment %s is not later than the current one", vn_text(a->new_appointment)),
						 errdetail("The current appointment of dossier %s is %s and the apology is dated %s.",
								   row.code_text, vn_text(row.appointment_at.v), vn_text(at)),
						 errhint("An apology promises a later date than both.")));
			row.appointment_at = opt_time(a->new_appointment);
			break;
		case ACTION_SUPPLEMENT_RECEIVED:
		case ACTION_REQUEST_PAYMENT:
		case ACTION_PAID:
			break;
	}
	if (next != STATUS_PROCESSING)
		row.step = 0;
	if (next != from)
		row.prior_status = from;
	row.status = next;
	row.updated_at = at;

	store_transition(&row, action, from, at, a, actor);
	return next;
}

/* Read the optional arguments at the given positions (-1: the function has none). */
void
read_args(FunctionCallInfo fcinfo, TransitionArgs *a, int note_arg, int step_arg,
		  int agency_arg, int appt_arg, int behalf_arg, int at_arg)
{
	memset(a, 0, sizeof(*a));
	if (note_arg >= 0 && !PG_ARGISNULL(note_arg))
		a->note = PG_GETARG_TEXT_PP(note_arg);
	if (step_arg >= 0 && !PG_ARGISNULL(step_arg))
	{
		a->has_to_step = true;
		a->to_step = PG_GETARG_INT32(step_arg);
	}
	if (agency_arg >= 0 && !PG_ARGISNULL(agency_arg))
	{
		a->has_to_agency = true;
		a->to_agency = PG_GETARG_DATUM(agency_arg);
	}
	if (appt_arg >= 0 && !PG_ARGISNULL(appt_arg))
	{
		a->has_new_appointment = true;
		a->new_appointment = PG_GETARG_TIMESTAMPTZ(appt_arg);
	}
	if (behalf_arg >= 0 && !PG_ARGISNULL(behalf_arg))
		a->on_behalf_of = PG_GETARG_TEXT_PP(behalf_arg);
	if (at_arg >= 0 && !PG_ARGISNULL(at_arg))
	{
		a->has_at = true;
		a->at = PG_GETARG_TIMESTAMPTZ(at_arg);
	}
}

/* Raise 22004 for a required argument that is NULL. */
void
require_arg(FunctionCallInfo fcinfo, int arg, const char *name, const char *hint)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument %s must not be null", name),
				 errdetail("Argument %s is NULL.", name),
				 errhint("%s", hint)));
}

/*
 * dossier.transition(code, action, note, to_step, to_agency,
 *					  new_appointment, on_behalf_of, at) -> dossier_status
 */
Datum
dossier_transition(PG_FUNCTION_ARGS)
{
	TransitionArgs a;
	int			action;
	int			next;

	require_arg(fcinfo, 0, "code", "Pass the code of the dossier, as printed on the receipt slip.");
	require_arg(fcinfo, 1, "action", "Pass one of the actions of dossier.dossier_action; dossier.transition_table lists the legal ones.");
	action = action_of_datum(PG_GETARG_DATUM(1));
	read_args(fcinfo, &a, 2, 3, 4, 5, 6, 7);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ensure_plans();
	next = do_transition(PG_GETARG_DATUM(0), action, &a);
	SPI_finish();
	PG_RETURN_INT16((int16) next);
}

