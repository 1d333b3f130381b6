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
 *	 2. asks the core for the plan of the move (lifecycle_plan() in
 *		src/core/lifecycle/lifecycle.c): legal or not and why not (VN101 when
 *		the transition table forbids it), the next status and step, who may
 *		act, what happens to the deadlines and which milestone is recorded;
 *	 3. checks the actor against the plan (the action's roles, or the role of
 *		the internal step): 42501 insufficient_privilege; a staff actor
 *		first, right after the row is read, against the agency it is bound
 *		to (src/pg/access/): 42501, or VN401/VN402 for a role bound to no
 *		agency or to one that no longer exists; a portal acts only
 *		for the applicant whose assertion it presented in the transaction
 *		(VN431 before the row is read without one), and a dossier of another
 *		owner is reported to it as one that does not exist (actor.c);
 *	 4. computes the deadlines the plan asks for with the working-time
 *		calendar (calendar.c): due date on receipt, pause and extension or
 *		restart on supplements, a later appointment on an apology (the due
 *		date is kept);
 *	 5. writes the new dossier row, the history row chained by SHA-256
 *		(history_chain.c) and the DVCQG outbox row, through the write guard
 *		(guard.c), and wakes outbox listeners with NOTIFY;
 *	 6. returns the new status.
 *
 * Arguments the action does not take are refused before the row is locked.
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
PG_FUNCTION_INFO_V1(dossier_import_transition);

/*
 * Raise the error of a request refused before the dossier is read: an
 * argument the action does not take (22023) or needs (22004).
 */
static void
report_request_refusal(const LifecyclePlan *plan)
{
	switch (plan->refusal)
	{
		case LIFECYCLE_ARG_NOT_APPLICABLE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument %s does not apply to action %s",
							plan->refused_arg, plan->action_name),
					 errdetail("%s is used only by %s.", plan->refused_arg, plan->arg_applies_to),
					 errhint("Leave %s NULL for action %s.", plan->refused_arg, plan->action_name)));
			break;
		case LIFECYCLE_AGENCY_MISSING:
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("transfer needs the agency to transfer to"),
					 errdetail("Argument to_agency is NULL."),
					 errhint("Pass to_agency => the code of the agency that takes the dossier over (liên thông).")));
			break;
		case LIFECYCLE_APPOINTMENT_MISSING:
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("an apology needs a new appointment"),
					 errdetail("Argument new_appointment is NULL."),
					 errhint("Pass new_appointment => the new date promised in the apology letter (phiếu xin lỗi và hẹn lại ngày trả kết quả).")));
			break;
		default:
			elog(ERROR, "unexpected refusal %d of a lifecycle request", (int) plan->refusal);
	}
}

/* The procedure of a dossier from the cache, or NULL when it has disappeared. */
static const ProcedureInfo *
find_procedure(Datum procedure)
{
	struct varlena *v = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(procedure));

	return procedure_lookup(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
}

/* Raise VN104: the procedure of a dossier has disappeared. */
static void
report_unknown_procedure(Datum procedure)
{
	char	   *code = datum_text(procedure, dw.t_procedure_code);

	ereport(ERROR,
			(errcode(ERRCODE_UNKNOWN_PROCEDURE),
			 errmsg("procedure %s does not exist", code),
			 errdetail("No row of dossier.procedure has the code %s.", code),
			 errhint("Load the procedure into dossier.procedure (with its processing time) first.")));
}

/* The procedure of a dossier, from the cache; VN104 when it has disappeared. */
const ProcedureInfo *
dossier_procedure(Datum procedure)
{
	const ProcedureInfo *p = find_procedure(procedure);

	if (p == NULL)
		report_unknown_procedure(procedure);
	return p;
}

/* The request of action with the optional arguments a, for the core. */
static void
request_of(int action, const TransitionArgs *a, LifecycleRequest *req)
{
	req->action = action;
	req->has_to_step = a->has_to_step;
	req->to_step = a->to_step;
	req->has_to_agency = a->has_to_agency;
	req->has_new_appointment = a->has_new_appointment;
	req->on_behalf = a->on_behalf_of != NULL;
}

/* What the core needs of the locked row and its procedure (NULL if gone). */
static void
state_of(const DossierRow *row, const ProcedureInfo *p, LifecycleState *st)
{
	if (!lifecycle_status_valid(row->status))
		elog(ERROR, "stored dossier status %d is not a DVCQG code", row->status);
	st->status = row->status;
	st->prior_status = row->prior_status;
	st->step = row->step;
	st->n_steps = p ? p->n_steps : 0;
	st->restart_after_supplement = p ? p->restart : false;
	st->has_appointment = !row->appointment_at.isnull;
	st->working_to_due = PG_INT64_MAX;	/* known once the event time is;
										 * see do_transition() */
	st->milestones = 0;
	if (!row->received_at.isnull)
		st->milestones |= 1u << LIFECYCLE_MILESTONE_RECEIVED;
	if (!row->stopped_at.isnull)
		st->milestones |= 1u << LIFECYCLE_MILESTONE_STOPPED;
	if (!row->withdrawn_at.isnull)
		st->milestones |= 1u << LIFECYCLE_MILESTONE_WITHDRAWN;
	if (!row->resolved_at.isnull)
		st->milestones |= 1u << LIFECYCLE_MILESTONE_RESOLVED;
	if (!row->returned_at.isnull)
		st->milestones |= 1u << LIFECYCLE_MILESTONE_RETURNED;
}

/*
 * Raise 42501 unless the actor holds the role of step s of procedure p: the
 * role of the current step for move_step, of the last step for resolve.
 */
static void
check_step_role(Oid actor, const ProcedureInfo *p, const ProcedureStep *s,
				bool resolve, const char *code_text)
{
	char	   *holders;
	char	   *who;

	if (has_privs_of_role(actor, s->role))
		return;
	holders = GetUserNameFromId(s->role, false);
	who = GetUserNameFromId(actor, false);
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 resolve ?
			 errmsg("permission denied to resolve dossier %s", code_text) :
			 errmsg("permission denied to complete step %d \"%s\" of dossier %s",
					s->step, s->name, code_text),
			 resolve ?
			 errdetail("The last step \"%s\" of procedure %s is completed by members of %s; role \"%s\" is not one.",
					   s->name, p->code, holders, who) :
			 errdetail("Step %d of procedure %s is completed by members of %s; role \"%s\" is not one.",
					   s->step, p->code, holders, who),
			 resolve ?
			 errhint("Have an official holding the last step's role resolve the dossier.") :
			 errhint("Have an official holding the step's role act; dossier.procedure_step lists the roles.")));
}

/* Raise VN106: resolve before the last step s of procedure p. */
static void
report_not_at_last_step(const ProcedureInfo *p, const ProcedureStep *last,
						const DossierRow *row)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_STEP),
			 errmsg("dossier %s is not at the last step of its processing", row->code_text),
			 errdetail("The dossier is at step %d of %d; processing finishes after step %d \"%s\".",
					   row->step, p->n_steps, last->step, last->name),
			 errhint("Move the dossier through its remaining steps with action move_step first.")));
}

/*
 * Check the actor as the plan says: a portal for the owner (a->on_behalf_of
 * becomes the owner's canonical identifier), the role of a step, or a
 * staff role of the action.
 */
static void
check_actor(Oid actor, const LifecyclePlan *plan, const ProcedureInfo *p,
			const DossierRow *row, TransitionArgs *a)
{
	char		what[64];

	snprintf(what, sizeof(what), "%s dossier", plan->action_name);
	switch (plan->actor)
	{
		case LIFECYCLE_ACTOR_APPLICANT:
			Assert(a->on_behalf_of != NULL);
			a->on_behalf_of = check_applicant(actor, what, plan->roles, a->on_behalf_of,
											  row->owner, row->owner_type);
			break;
		case LIFECYCLE_ACTOR_STEP:
			Assert(plan->actor_step >= 1);
			check_step_role(actor, p, &p->steps[plan->actor_step - 1], false, row->code_text);
			break;
		case LIFECYCLE_ACTOR_LAST_STEP:
			Assert(plan->actor_step == p->n_steps);
			if (plan->refusal == LIFECYCLE_NOT_AT_LAST_STEP)
				report_not_at_last_step(p, &p->steps[plan->actor_step - 1], row);
			check_step_role(actor, p, &p->steps[plan->actor_step - 1], true, row->code_text);
			break;
		case LIFECYCLE_ACTOR_STAFF:
			check_staff(actor, what, plan->roles);
			break;
	}
}

/*
 * Raise the error of a refusal about the step or the appointment, which is
 * reported once the actor and the event time have been checked.
 */
static void
report_move_refusal(const LifecyclePlan *plan, const ProcedureInfo *p,
					const DossierRow *row)
{
	int			step = plan->refused_step;

	switch (plan->refusal)
	{
		case LIFECYCLE_NO_STEPS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_STEP),
					 errmsg("procedure %s has no internal steps", p->code),
					 errdetail("Dossier %s cannot be moved to step %d: dossier.procedure_step has no rows for the procedure.",
							   row->code_text, step),
					 errhint("Leave to_step NULL, or define the steps in dossier.procedure_step.")));
			break;
		case LIFECYCLE_NO_SUCH_STEP:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_STEP),
					 errmsg("procedure %s has no step %d", p->code, step),
					 errdetail("The procedure has steps 1 to %d.", p->n_steps),
					 errhint("Pass a step number from dossier.procedure_step.")));
			break;
		case LIFECYCLE_NOTHING_TO_MOVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_STEP),
					 errmsg("procedure %s has no internal steps", p->code),
					 errdetail("Dossier %s has nowhere to move: dossier.procedure_step has no rows for the procedure.",
							   row->code_text),
					 errhint("Resolve the dossier when processing is done, or define the steps in dossier.procedure_step.")));
			break;
		case LIFECYCLE_AT_LAST_STEP:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_STEP),
					 errmsg("dossier %s is at the last step of its processing", row->code_text),
					 errdetail("Step %d \"%s\" is the last of procedure %s.",
							   step, p->steps[step - 1].name, p->code),
					 errhint("Use action resolve to finish processing, or pass to_step to go back to an earlier step.")));
			break;
		case LIFECYCLE_SAME_STEP:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_STEP),
					 errmsg("dossier %s is already at step %d", row->code_text, step),
					 errdetail("Moving to the current step would record nothing."),
					 errhint("Pass another to_step, or leave it NULL to move to the next step.")));
			break;
		case LIFECYCLE_APOLOGY_TOO_LATE:
			ereport(ERROR,
					(errcode(ERRCODE_APOLOGY_TOO_LATE),
					 errmsg("too late to apologize for dossier %s", row->code_text),
					 errdetail("The dossier is due %s; an apology letter goes out at the latest one working day before the due date (Decree 61/2018/NĐ-CP Art. 19).",
							   vn_text(row->due_at.v)),
					 errhint("A dossier past its due date stays late: return the result as soon as it is ready.")));
			break;
		case LIFECYCLE_NO_APPOINTMENT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_APPOINTMENT),
					 errmsg("dossier %s has no appointment to postpone", row->code_text),
					 errdetail("The dossier was never received, so no receipt slip fixed a date for the result."),
					 errhint("An apology letter postpones the date of a received dossier.")));
			break;
		default:
			elog(ERROR, "unexpected lifecycle refusal %d", (int) plan->refusal);
	}
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
	Assert(paused >= 0);
	row->supplement_usecs += paused;
	if (restart && !row->received_at.isnull)
	{
		/*
		 * The period runs again from the complete dossier: all the working
		 * time before it is left out, so that receipt-to-end minus
		 * supplement_time is the time counted (docs/domain.md §3).
		 */
		row->supplement_usecs = calendar_between_usecs(p->calendar, row->received_at.v, at);
	}
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
 * Set the appointment an apology promises: a finite working instant of the
 * dossier's calendar (VN121) later than both the current appointment and the
 * apology (VN108 otherwise).
 */
static void
postpone(DossierRow *row, const char *calendar, TimestampTz new_appointment,
		 TimestampTz at)
{
	Assert(!row->appointment_at.isnull);
	require_finite(new_appointment, ERRCODE_INVALID_APPOINTMENT, "new appointment",
				   "An apology letter names the date the result will be ready.");
	if (new_appointment <= row->appointment_at.v || new_appointment <= at)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_APPOINTMENT),
				 errmsg("new appointment %s is not later than the current one", vn_text(new_appointment)),
				 errdetail("The current appointment of dossier %s is %s and the apology is dated %s.",
						   row->code_text, vn_text(row->appointment_at.v), vn_text(at)),
				 errhint("An apology promises a later date than both.")));
	/* a working instant: the calendar works then, or just before (closing time) */
	if (calendar_add_usecs(calendar, new_appointment, 0) != new_appointment &&
		calendar_between_usecs(calendar, new_appointment - 1, new_appointment) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_APPOINTMENT_NOT_WORKING),
				 errmsg("new appointment %s is not working time", vn_text(new_appointment)),
				 errdetail("Calendar \"%s\" of dossier %s does not work then; its next working instant is %s.",
						   calendar, row->code_text,
						   vn_text(calendar_add_usecs(calendar, new_appointment, 0))),
				 errhint("Promise a date and time when the one-stop desk is open.")));
	row->appointment_at = opt_time(new_appointment);
}

/* Apply the plan's effect on the deadlines to row, at instant at. */
static void
apply_clock(const LifecyclePlan *plan, DossierRow *row, const ProcedureInfo *p,
			TimestampTz at, const TransitionArgs *a)
{
	switch (plan->clock)
	{
		case LIFECYCLE_CLOCK_KEEP:
			break;
		case LIFECYCLE_CLOCK_START:
			row->due_at = opt_time(calendar_add_amount(p->calendar, at, p->processing_time,
													   p->time_unit));
			row->appointment_at = row->due_at;
			break;
		case LIFECYCLE_CLOCK_PAUSE:
			row->paused_at = opt_time(at);
			if (row->supplement_requests < PG_INT16_MAX)
				row->supplement_requests++;
			break;
		case LIFECYCLE_CLOCK_RESUME:
		case LIFECYCLE_CLOCK_RESTART:
			close_pause(row, p, at, plan->clock == LIFECYCLE_CLOCK_RESTART);
			break;
		case LIFECYCLE_CLOCK_POSTPONE:
			postpone(row, p->calendar, a->new_appointment, at);
			break;
	}
}

/* Record the plan's milestone in row at instant at. */
static void
record_milestone(LifecycleMilestone m, DossierRow *row, TimestampTz at)
{
	switch (m)
	{
		case LIFECYCLE_MILESTONE_NONE:
			break;
		case LIFECYCLE_MILESTONE_RECEIVED:
			row->received_at = opt_time(at);
			break;
		case LIFECYCLE_MILESTONE_STOPPED:
			row->stopped_at = opt_time(at);
			break;
		case LIFECYCLE_MILESTONE_WITHDRAWN:
			row->withdrawn_at = opt_time(at);
			break;
		case LIFECYCLE_MILESTONE_RESOLVED:
			row->resolved_at = opt_time(at);
			break;
		case LIFECYCLE_MILESTONE_RETURNED:
			row->returned_at = opt_time(at);
			break;
	}
}

/* Move row to agency to_agency, which must exist and differ (transfer). */
static void
change_agency(DossierRow *row, Datum to_agency)
{
	char	   *to = check_agency_exists(to_agency);

	if (strcmp(to, datum_text(row->agency, dw.t_agency_code)) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_SAME_AGENCY),
				 errmsg("dossier %s is already with agency %s", row->code_text, to),
				 errdetail("A transfer (liên thông) moves a dossier to another agency."),
				 errhint("Pass the code of the agency that takes the dossier over.")));
	row->agency = to_agency;
}

/*
 * Apply action to the locked dossier row and write everything; returns the
 * new status.  Runs inside the caller's SPI connection.  The core decides
 * the move (lifecycle_plan); this function reads, checks the actor against
 * the plan, reports its refusal, and writes what it says.
 */
int
do_transition(Datum code, int action, TransitionArgs *a)
{
	DossierRow	row;
	Oid			actor = GetOuterUserId();
	const ProcedureInfo *p;
	LifecycleRequest req;
	LifecycleState st;
	LifecyclePlan plan;
	TimestampTz at;

	request_of(action, a, &req);
	if (lifecycle_check_request(&req, &plan) != LIFECYCLE_OK)
		report_request_refusal(&plan);
	lock_dossier(code, &row);
	/* staff act within their agency, before anything about the dossier is told */
	if (a->import_source == NULL && a->on_behalf_of == NULL)
		check_staff_agency(actor, row.agency, lifecycle_action_name(action), row.code_text);
	hide_foreign_dossier(actor, a, &row);
	p = find_procedure(row.procedure);
	state_of(&row, p, &st);
	lifecycle_plan(&st, &req, &plan);
	Assert(plan.refusal != LIFECYCLE_ARG_NOT_APPLICABLE &&
		   plan.refusal != LIFECYCLE_AGENCY_MISSING &&
		   plan.refusal != LIFECYCLE_APPOINTMENT_MISSING);
	if (plan.refusal == LIFECYCLE_ILLEGAL)
		report_illegal_transition(row.status, row.prior_status, action, row.code_text);
	if (p == NULL)
		report_unknown_procedure(row.procedure);
	/* an imported event was done by its source's official; the importer is checked */
	if (a->import_source == NULL)
		check_actor(actor, &plan, p, &row, a);
	check_reason(action, a);
	at = event_time(a, &row, row.code_text);
	Assert(at >= row.updated_at);	/* history is recorded in order */
	if (action == ACTION_APOLOGIZE && plan.refusal == LIFECYCLE_OK)
	{
		/* the apology's window depends on the event time: decide again */
		st.working_to_due = row.due_at.isnull ? 0 :
			working_to_due(p->calendar, row.due_at.v, at);
		lifecycle_plan(&st, &req, &plan);
	}
	if (plan.refusal != LIFECYCLE_OK)
		report_move_refusal(&plan, p, &row);

	apply_clock(&plan, &row, p, at, a);
	record_milestone(plan.milestone, &row, at);
	if (plan.change_agency)
		change_agency(&row, a->to_agency);
	row.step = plan.next_step;
	row.prior_status = plan.prior_status;
	row.status = plan.next_status;
	row.updated_at = at;

	store_transition(&row, action, plan.from_status, at, a, actor);
	return plan.next_status;
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
 * Run a transition with the arguments of dossier.transition (positions 0-9);
 * import_source is NULL for a live call, or the source of an imported event.
 */
static Datum
transition_with(FunctionCallInfo fcinfo, text *import_source)
{
	TransitionArgs a;
	int			action;
	int			next;

	require_arg(fcinfo, 0, "code", "Pass the code of the dossier, as printed on the receipt slip.");
	require_arg(fcinfo, 1, "action", "Pass one of the actions of dossier.dossier_action; dossier.transition_table lists the legal ones.");
	action = action_of_datum(PG_GETARG_DATUM(1));
	read_args(fcinfo, &a, 2, 3, 4, 5, 6, 7);
	read_record_args(fcinfo, &a, 8, 9);
	a.import_source = import_source;
	if (import_source == NULL)
		portal_applicant(GetOuterUserId(), &a, "act on a dossier");

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ensure_plans();
	next = do_transition(PG_GETARG_DATUM(0), action, &a);
	SPI_finish();
	PG_RETURN_INT16((int16) next);
}

/*
 * dossier.transition(code, action, note, to_step, to_agency,
 *					  new_appointment, on_behalf_of, at, reason_code, reason)
 *		-> dossier_status
 */
Datum
dossier_transition(PG_FUNCTION_ARGS)
{
	return transition_with(fcinfo, NULL);
}

/*
 * dossier.import_transition(code, action, note, to_step, to_agency,
 *		new_appointment, on_behalf_of, at, reason_code, reason, source)
 *		-> dossier_status: a past event, at the source's time, marked with
 *		the source; for members of dossier_importer.
 */
Datum
dossier_import_transition(PG_FUNCTION_ARGS)
{
	require_arg(fcinfo, 7, "at", "An imported event keeps the time it happened in its source system.");
	require_arg(fcinfo, 10, "source", "Name the system the event comes from, e.g. 'motcua-h56 export 2026-11-30'.");
	check_importer(GetOuterUserId(), "import an event");
	return transition_with(fcinfo, PG_GETARG_TEXT_PP(10));
}
