/*
 * status.c
 *	  SQL type dossier.dossier_status and the SQL face of the transition
 *	  table: next_status, allowed_actions, is_final, transition_cells, and
 *	  allowed_actions_of, which asks lifecycle_plan() what one role may do
 *	  on one dossier row (the same plan dossier.transition follows).
 *
 * A status is its DVCQG code (1-10) stored as a pass-by-value int2, so it
 * costs what a smallint costs and sorts by code; comparison, hashing, sort
 * support and binary output are smallint's own functions, declared LANGUAGE
 * internal in the install script.  The lifecycle actions are
 * the SQL enum dossier.dossier_action, whose labels are the core's action
 * names in the core's order; enum values are converted by label.  Every
 * transition is read from the one table in src/core/lifecycle/lifecycle.c.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "pg/common/dossier.h"
#include "core/lifecycle/lifecycle.h"
#include "pg/lifecycle/status.h"
#include "pg/lifecycle/actor.h"
#include "pg/lifecycle/procedure_cache.h"
#include "pg/calendar/calendar.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/timestamp.h"

#define TYPE_LABEL "dossier status"


PG_FUNCTION_INFO_V1(dossier_status_in);
PG_FUNCTION_INFO_V1(dossier_status_out);
PG_FUNCTION_INFO_V1(dossier_status_recv);
PG_FUNCTION_INFO_V1(dossier_status_code);
PG_FUNCTION_INFO_V1(dossier_status_name_vi);
PG_FUNCTION_INFO_V1(dossier_status_from_code);
PG_FUNCTION_INFO_V1(dossier_status_is_final);
PG_FUNCTION_INFO_V1(dossier_next_status);
PG_FUNCTION_INFO_V1(dossier_allowed_actions);
PG_FUNCTION_INFO_V1(dossier_transition_cells);
PG_FUNCTION_INFO_V1(dossier_action_roles);
PG_FUNCTION_INFO_V1(dossier_allowed_actions_of);

/* Text input: a code, an English identifier or a Vietnamese name. */
Datum
dossier_status_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	int			code;
	ParseError	err;

	if (!lifecycle_status_parse(input, strlen(input), &code, &err))
		report_invalid_text(TYPE_LABEL, input, &err);
	PG_RETURN_INT16((int16) code);
}

/* Text output: the English identifier. */
Datum
dossier_status_out(PG_FUNCTION_ARGS)
{
	int			code = PG_GETARG_INT16(0);

	if (!lifecycle_status_valid(code))
		elog(ERROR, "stored dossier status %d is not a DVCQG code", code);
	PG_RETURN_CSTRING(pstrdup(lifecycle_status_ident(code)));
}

/* Binary input: an int2 code, checked to be 1-10. */
Datum
dossier_status_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			code = (int16) pq_getmsgint(buf, 2);
	ParseError	err;

	if (!lifecycle_status_check(code, &err))
		report_invalid_binary(TYPE_LABEL, &err);
	PG_RETURN_INT16((int16) code);
}

/* The DVCQG code, 1-10. */
Datum
dossier_status_code(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) PG_GETARG_INT16(0));
}

/* The Vietnamese DVCQG name, e.g. 'Đang xử lý'. */
Datum
dossier_status_name_vi(PG_FUNCTION_ARGS)
{
	int			code = PG_GETARG_INT16(0);

	if (!lifecycle_status_valid(code))
		elog(ERROR, "stored dossier status %d is not a DVCQG code", code);
	PG_RETURN_TEXT_P(cstring_to_text(lifecycle_status_name_vi(code)));
}

/* The status of a DVCQG code; 22P02 when the code is not 1-10. */
Datum
dossier_status_from_code(PG_FUNCTION_ARGS)
{
	int32		code = PG_GETARG_INT32(0);
	ParseError	err;

	if (!lifecycle_status_check(code, &err))
	{
		char	   *input = psprintf("%d", code);

		report_invalid_text(TYPE_LABEL, input, &err);
	}
	PG_RETURN_INT16((int16) code);
}

/* True for the final statuses 3, 8 and 10. */
Datum
dossier_status_is_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(lifecycle_status_is_final(PG_GETARG_INT16(0)));
}

/* The core action of a dossier_action enum value (looked up by label). */
int
action_of_datum(Datum d)
{
	char	   *label = DatumGetCString(DirectFunctionCall1(enum_out, d));
	int			action = lifecycle_action_from_name(label);

	if (action < 0)
		elog(ERROR, "dossier_action \"%s\" is not in the transition table", label);
	return action;
}

/* The enum value of type enum_type for a core action. */
static Datum
datum_of_action(int action, Oid enum_type)
{
	Assert(lifecycle_action_name(action) != NULL);
	return DirectFunctionCall2(enum_in,
							   CStringGetDatum(lifecycle_action_name(action)),
							   ObjectIdGetDatum(enum_type));
}

/* "a, b and c": the actions allowed from status reached from prior, for messages. */
static char *
allowed_list(int status, int prior)
{
	uint32_t	mask = lifecycle_allowed_from(status, prior);
	int			left = pg_popcount32(mask);
	StringInfoData out;

	Assert(left > 0);			/* the caller reports a status that is not final */
	initStringInfo(&out);
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
	{
		if (!(mask & (UINT32_C(1) << a)))
			continue;
		appendStringInfoString(&out, lifecycle_action_name(a));
		left--;
		if (left > 1)
			appendStringInfoString(&out, ", ");
		else if (left == 1)
			appendStringInfoString(&out, " and ");
	}
	return out.data;
}

/*
 * Raise VN101 for action forbidden from status, naming the status and the
 * actions allowed from it; code is the dossier's code, or NULL.
 */
void
report_illegal_transition(int status, int prior, int action, const char *code)
{
	char	   *msg = code ?
		psprintf("action %s is not allowed on dossier %s in status %s",
				 lifecycle_action_name(action), code, lifecycle_status_ident(status)) :
		psprintf("action %s is not allowed from status %s",
				 lifecycle_action_name(action), lifecycle_status_ident(status));
	bool		final = lifecycle_allowed_from(status, prior) == 0;
	bool		own_row = lifecycle_allowed_from(status, prior) != lifecycle_allowed(status);

	Assert(lifecycle_status_valid(status) && lifecycle_action_name(action) != NULL);
	ereport(ERROR,
			(errcode(ERRCODE_ILLEGAL_TRANSITION),
			 errmsg_internal("%s", msg),
			 final ?
			 errdetail("The dossier is in status %d %s (%s), which is final: no action is allowed from it.",
					   status, lifecycle_status_ident(status), lifecycle_status_name_vi(status)) :
			 own_row ?
			 errdetail("The dossier is in status %d %s (%s), reached from %d %s; the actions allowed from it are %s.",
					   status, lifecycle_status_ident(status), lifecycle_status_name_vi(status),
					   prior, lifecycle_status_ident(prior), allowed_list(status, prior)) :
			 errdetail("The dossier is in status %d %s (%s); the actions allowed from it are %s.",
					   status, lifecycle_status_ident(status),
					   lifecycle_status_name_vi(status), allowed_list(status, 0)),
			 final ?
			 errhint("A closed dossier stays closed; submit a new dossier instead.") :
			 errhint("Use one of the allowed actions; dossier.transition_table lists every legal transition.")));
}

/*
 * The status action leads to from status; VN101 when the transition table
 * forbids it, with the allowed actions in the detail.
 */
Datum
dossier_next_status(PG_FUNCTION_ARGS)
{
	int			status = PG_GETARG_INT16(0);
	int			action = action_of_datum(PG_GETARG_DATUM(1));
	int			next = lifecycle_next(status, action);

	if (!lifecycle_status_valid(status))
		elog(ERROR, "stored dossier status %d is not a DVCQG code", status);
	if (next == STATUS_NONE)
		report_illegal_transition(status, 0, action, NULL);
	PG_RETURN_INT16((int16) next);
}

/* The actions allowed from a status, in enum order; empty when final. */
Datum
dossier_allowed_actions(PG_FUNCTION_ARGS)
{
	int			status = PG_GETARG_INT16(0);
	Oid			array_type = get_fn_expr_rettype(fcinfo->flinfo);
	Oid			enum_type = get_element_type(array_type);
	uint32_t	mask = lifecycle_allowed(status);
	Datum		elems[LIFECYCLE_N_ACTIONS];
	int			n = 0;

	if (!OidIsValid(enum_type))
		elog(ERROR, "could not determine the element type of allowed_actions");
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
		if (mask & (UINT32_C(1) << a))
			elems[n++] = datum_of_action(a, enum_type);
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(enum_type));
	/* enum values are OIDs: 4 bytes, by value, int alignment */
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, enum_type, sizeof(Oid),
										  true, TYPALIGN_INT));
}

/* Put the 15 cells of status reached from prior (0: any other) into the SRF. */
static void
put_row(ReturnSetInfo *rsinfo, Oid enum_type, int s, int prior)
{
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
	{
		int			next = lifecycle_next_from(s, a, prior);
		Datum		values[4];
		bool		nulls[4] = {false, false, next == STATUS_NONE, prior == 0};

		values[0] = Int16GetDatum((int16) s);
		values[1] = datum_of_action(a, enum_type);
		values[2] = Int16GetDatum((int16) next);
		values[3] = Int16GetDatum((int16) prior);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/*
 * Every cell of the transition table as (from_status, action, to_status,
 * prior_status), to_status NULL when forbidden: the 10 x 15 cells of the
 * general rows (prior_status NULL), in code and action order, then the 15
 * cells of each row that depends on the prior status (6 reached from 9).
 */
Datum
dossier_transition_cells(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			enum_type;

	InitMaterializedSRF(fcinfo, 0);
	enum_type = TupleDescAttr(rsinfo->setDesc, 1)->atttypid;
	for (int s = LIFECYCLE_MIN_STATUS; s <= LIFECYCLE_MAX_STATUS; s++)
		put_row(rsinfo, enum_type, s, 0);
	for (int i = 0; i < lifecycle_n_prior_rows(); i++)
	{
		int			s, prior;

		lifecycle_prior_row(i, &s, &prior);
		put_row(rsinfo, enum_type, s, prior);
	}
	return (Datum) 0;
}

/* The SQL roles that may take each action, in action and role order. */
Datum
dossier_action_roles(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			enum_type;

	InitMaterializedSRF(fcinfo, 0);
	enum_type = TupleDescAttr(rsinfo->setDesc, 0)->atttypid;
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
	{
		uint32_t	mask = lifecycle_action_roles(a);

		for (int r = 0; r < LIFECYCLE_N_ROLES; r++)
		{
			Datum		values[2];
			bool		nulls[2] = {false, false};

			if (!(mask & (UINT32_C(1) << r)))
				continue;
			values[0] = datum_of_action(a, enum_type);
			values[1] = DirectFunctionCall1(namein, CStringGetDatum(lifecycle_role_name(r)));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

/* Working time from at to the due date due, negative once it has passed. */
int64
working_to_due(const char *calendar, TimestampTz due, TimestampTz at)
{
	if (at <= due)
		return calendar_between_usecs(calendar, at, due);
	return -Max(calendar_between_usecs(calendar, due, at), 1);
}

/* A timestamp column of a dossier row, and whether it is set. */
static bool
row_time(HeapTupleHeader t, const char *column, TimestampTz *out)
{
	bool		isnull;
	Datum		d = GetAttributeByName(t, column, &isnull);

	if (!isnull && out != NULL)
		*out = DatumGetTimestampTz(d);
	return !isnull;
}

/* A smallint column of a dossier row, 0 when NULL. */
static int
row_int2(HeapTupleHeader t, const char *column)
{
	bool		isnull;
	Datum		d = GetAttributeByName(t, column, &isnull);

	return isnull ? 0 : DatumGetInt16(d);
}

/*
 * What the core needs of a dossier row, at instant now; the procedure is
 * returned in *proc (NULL when it has disappeared).
 */
static void
state_of_tuple(HeapTupleHeader t, TimestampTz now, LifecycleState *st,
			   const ProcedureInfo **proc)
{
	static const char *const milestone_columns[] = {
		[LIFECYCLE_MILESTONE_RECEIVED] = "received_at",
		[LIFECYCLE_MILESTONE_STOPPED] = "stopped_at",
		[LIFECYCLE_MILESTONE_WITHDRAWN] = "withdrawn_at",
		[LIFECYCLE_MILESTONE_RESOLVED] = "resolved_at",
		[LIFECYCLE_MILESTONE_RETURNED] = "returned_at",
	};
	bool		isnull;
	Datum		code = GetAttributeByName(t, "procedure", &isnull);
	struct varlena *v = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(code));
	const ProcedureInfo *p = procedure_lookup(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	TimestampTz due;

	memset(st, 0, sizeof(*st));
	st->status = row_int2(t, "status");
	if (!lifecycle_status_valid(st->status))
		elog(ERROR, "stored dossier status %d is not a DVCQG code", st->status);
	st->prior_status = row_int2(t, "prior_status");
	st->step = row_int2(t, "step");
	st->n_steps = p ? p->n_steps : 0;
	st->restart_after_supplement = p ? p->restart : false;
	st->has_appointment = row_time(t, "appointment_at", NULL);
	if (p != NULL && row_time(t, "due_at", &due))
		st->working_to_due = working_to_due(p->calendar, due, now);
	for (int m = LIFECYCLE_MILESTONE_RECEIVED; m <= LIFECYCLE_MILESTONE_RETURNED; m++)
		if (row_time(t, milestone_columns[m], NULL))
			st->milestones |= 1u << m;
	*proc = p;
}

/*
 * Whether role may take the move plan says: the role of the step for
 * move_step and resolve in a procedure with steps, a portal for the owner,
 * else a staff role of the action.
 */
static bool
plan_admits(const LifecyclePlan *plan, const ProcedureInfo *p, Oid role)
{
	if (plan->refusal != LIFECYCLE_OK)
		return false;
	switch (plan->actor)
	{
		case LIFECYCLE_ACTOR_APPLICANT:
			return actor_is_applicant_of(role, plan->roles);
		case LIFECYCLE_ACTOR_STEP:
		case LIFECYCLE_ACTOR_LAST_STEP:
			return p != NULL && plan->actor_step >= 1 && plan->actor_step <= p->n_steps &&
				has_privs_of_role(role, p->steps[plan->actor_step - 1].role);
		case LIFECYCLE_ACTOR_STAFF:
			return actor_is_staff_of(role, plan->roles);
	}
	return false;
}

/*
 * allowed_actions(d dossier.dossier, as_role regrole): the actions role may
 * take on this dossier now, in enum order: those lifecycle_plan() lets go
 * ahead, as staff (within the agency the role is bound to) or as a portal
 * acting for the owner, with the actor checked as dossier.transition
 * checks it.  An argument an action needs
 * (to_agency, new_appointment) is taken as given.
 */
Datum
dossier_allowed_actions_of(PG_FUNCTION_ARGS)
{
	HeapTupleHeader t = PG_GETARG_HEAPTUPLEHEADER(0);
	Oid			role = PG_GETARG_OID(1);
	Oid			enum_type = get_element_type(get_fn_expr_rettype(fcinfo->flinfo));
	const ProcedureInfo *p;
	LifecycleState st;
	Datum		elems[LIFECYCLE_N_ACTIONS];
	int			n = 0;
	bool		staff_here;

	if (!OidIsValid(enum_type))
		elog(ERROR, "could not determine the element type of allowed_actions");
	state_of_tuple(t, GetCurrentTransactionStartTimestamp(), &st, &p);
	/* staff act only within the agency they are bound to */
	{
		bool		isnull;

		staff_here = actor_may_act_at(role, GetAttributeByName(t, "agency", &isnull));
		Assert(!isnull);
	}
	for (int a = 0; a < LIFECYCLE_N_ACTIONS && p != NULL; a++)
	{
		LifecycleRequest req = {.action = a};
		LifecyclePlan plan;
		bool		ok;

		req.has_to_agency = a == ACTION_TRANSFER;
		req.has_new_appointment = a == ACTION_APOLOGIZE;
		lifecycle_plan(&st, &req, &plan);
		ok = staff_here && plan_admits(&plan, p, role);
		req.on_behalf = true;
		lifecycle_plan(&st, &req, &plan);
		if (ok || plan_admits(&plan, p, role))
			elems[n++] = datum_of_action(a, enum_type);
	}
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(enum_type));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, enum_type, sizeof(Oid),
										  true, TYPALIGN_INT));
}
