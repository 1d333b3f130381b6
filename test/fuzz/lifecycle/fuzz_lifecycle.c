/*
 * fuzz_lifecycle.c
 *	  libFuzzer harness for the dossier-status parser, the transition table
 *	  and the plan of a move.
 *
 * Any byte string must either be refused with a detail and a hint, or be
 * accepted as a code 1-10 whose identifier and Vietnamese name parse back to
 * it; and every transition from it leads to a valid status or is forbidden.
 * The first eight bytes also make a dossier and a request, whose plan must
 * agree with the table and keep the step within the procedure's steps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lifecycle/lifecycle.h"

/* The invariants of the plan of a move made from the first 8 bytes. */
static void
fuzz_plan(const uint8_t *data, size_t size)
{
	LifecycleState st;
	LifecycleRequest req;
	LifecyclePlan plan;
	LifecyclePlan check;
	LifecycleRefusal why;
	int			table;

	if (size < 8)
		return;
	memset(&st, 0, sizeof(st));
	memset(&req, 0, sizeof(req));
	st.status = 1 + data[0] % LIFECYCLE_N_STATUSES;
	st.prior_status = data[1] % (LIFECYCLE_MAX_STATUS + 1);
	st.step = data[2] % 8;
	st.n_steps = data[3] % 6;
	req.action = data[4] % LIFECYCLE_N_ACTIONS;
	req.to_step = (int8_t) data[5];
	req.has_to_step = data[6] & 1;
	req.has_to_agency = data[6] & 2;
	req.has_new_appointment = data[6] & 4;
	req.on_behalf = data[6] & 8;
	st.restart_after_supplement = data[6] & 16;
	st.has_appointment = data[6] & 32;
	st.milestones = data[7] & 0x3e;
	st.working_to_due = ((int64_t) (int8_t) data[5]) * (LIFECYCLE_APOLOGY_NOTICE_USECS / 16);

	why = lifecycle_plan(&st, &req, &plan);
	if (why != plan.refusal)
		abort();
	if (lifecycle_check_request(&req, &check) != LIFECYCLE_OK)
	{
		if (why != check.refusal)
			abort();
		return;
	}
	table = lifecycle_next_from(st.status, req.action, st.prior_status);
	if ((table == STATUS_NONE) != (why == LIFECYCLE_ILLEGAL))
		abort();
	if (why == LIFECYCLE_ILLEGAL)
		return;
	if (plan.next_status != table || plan.roles != lifecycle_action_roles(req.action))
		abort();
	if ((plan.actor == LIFECYCLE_ACTOR_STEP || plan.actor == LIFECYCLE_ACTOR_LAST_STEP) &&
		plan.actor_step < 1)
		abort();
	if (why != LIFECYCLE_OK)
		return;
	/* the step survives only an interruption of processing (2, 5, 6) */
	if (plan.next_step != 0 && plan.next_status != STATUS_PROCESSING &&
		plan.next_status != STATUS_RECEIVED &&
		plan.next_status != STATUS_SUPPLEMENT_REQUESTED &&
		plan.next_status != STATUS_PAYMENT_REQUESTED)
		abort();
	if (req.action == ACTION_APOLOGIZE && st.working_to_due < LIFECYCLE_APOLOGY_NOTICE_USECS)
		abort();
	if ((req.action == ACTION_START_PROCESSING || req.action == ACTION_RECALL ||
		 req.action == ACTION_MOVE_STEP) &&
		(plan.next_step < (st.n_steps > 0) || plan.next_step > st.n_steps))
		abort();
	if (req.action == ACTION_MOVE_STEP && plan.next_step == st.step)
		abort();
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			v;
	int			again;
	ParseError	err;
	const char *ident;
	const char *vi;

	fuzz_plan(data, size);
	if (!lifecycle_status_parse((const char *) data, size, &v, &err))
	{
		if (err.hint == NULL || strlen(err.detail) == 0)
			abort();
		return 0;
	}
	if (!lifecycle_status_valid(v))
		abort();
	ident = lifecycle_status_ident(v);
	vi = lifecycle_status_name_vi(v);
	if (!lifecycle_status_parse(ident, strlen(ident), &again, &err) || again != v)
		abort();
	if (!lifecycle_status_parse(vi, strlen(vi), &again, &err) || again != v)
		abort();
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
	{
		int			next = lifecycle_next(v, a);

		if (next != STATUS_NONE && !lifecycle_status_valid(next))
			abort();
	}
	return 0;
}
