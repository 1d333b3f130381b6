/*
 * lifecycle.c
 *	  DVCQG statuses and the one transition table of the dossier lifecycle.
 *
 * The table below is the only place a legal transition is written down: the
 * SQL functions next_status and allowed_actions, the view
 * dossier.transition_table and the documentation all read it.  It follows
 * the observed practice of production one-stop systems recorded in
 * docs/domain.md §2; that practice is not a legal text, so the table is
 * *(inferred)* as a whole, and the cells marked "inferred" below go beyond
 * what §2 states.  test/unit/lifecycle/test_lifecycle.c lists every one of the
 * 10 x 15 cells, so a change here fails until the test is changed too.
 */
#include "core/lifecycle/lifecycle.h"

#include <assert.h>
#include <string.h>

#define STATUS_HINT \
	"A dossier status is a DVCQG code 1-10, its English identifier or its " \
	"Vietnamese name: 1 registered, 2 received, 3 refused, 4 processing, " \
	"5 supplement_requested, 6 payment_requested, 7 withdrawal_requested, " \
	"8 stopped, 9 resolved, 10 result_returned."

/* One status: its English identifier and DVCQG name (docs/domain.md §2). */
typedef struct StatusInfo
{
	const char *ident;
	const char *name_vi;
} StatusInfo;

static const StatusInfo statuses[LIFECYCLE_MAX_STATUS + 1] = {
	[STATUS_REGISTERED] = {"registered", "Mới đăng ký"},
	[STATUS_RECEIVED] = {"received", "Được tiếp nhận"},
	[STATUS_REFUSED] = {"refused", "Không được tiếp nhận"},
	[STATUS_PROCESSING] = {"processing", "Đang xử lý"},
	[STATUS_SUPPLEMENT_REQUESTED] = {"supplement_requested", "Yêu cầu bổ sung giấy tờ"},
	[STATUS_PAYMENT_REQUESTED] = {"payment_requested", "Yêu cầu thực hiện nghĩa vụ tài chính"},
	[STATUS_WITHDRAWAL_REQUESTED] = {"withdrawal_requested", "Công dân yêu cầu rút hồ sơ"},
	[STATUS_STOPPED] = {"stopped", "Dừng xử lý"},
	[STATUS_RESOLVED] = {"resolved", "Đã xử lý xong"},
	[STATUS_RESULT_RETURNED] = {"result_returned", "Đã trả kết quả"},
};

static const char *const action_names[LIFECYCLE_N_ACTIONS] = {
	[ACTION_RECEIVE] = "receive",
	[ACTION_REFUSE] = "refuse",
	[ACTION_START_PROCESSING] = "start_processing",
	[ACTION_MOVE_STEP] = "move_step",
	[ACTION_REQUEST_SUPPLEMENT] = "request_supplement",
	[ACTION_SUPPLEMENT_RECEIVED] = "supplement_received",
	[ACTION_REQUEST_PAYMENT] = "request_payment",
	[ACTION_PAID] = "paid",
	[ACTION_REQUEST_WITHDRAWAL] = "request_withdrawal",
	[ACTION_STOP] = "stop",
	[ACTION_RESOLVE] = "resolve",
	[ACTION_RECALL] = "recall",
	[ACTION_RETURN_RESULT] = "return_result",
	[ACTION_TRANSFER] = "transfer",
	[ACTION_APOLOGIZE] = "apologize",
};

/*
 * THE transition table: [from status][action] -> next status; a cell left
 * out is 0 (STATUS_NONE): the action is forbidden from that status.
 * Citations are to docs/domain.md §2 ("Dossier statuses (DVCQG codes)").
 */
static const uint8_t transitions[LIFECYCLE_MAX_STATUS + 1][LIFECYCLE_N_ACTIONS] = {
	/*
	 * 1 registered (online, not yet received).  §2: reception either receives
	 * (receipt slip, Mẫu 01) or refuses (Mẫu 03, final).  No withdrawal: a
	 * withdrawal could only end in a stop (8), and a dossier never received
	 * is refused, not stopped (§2 point 3).  No apology: no appointment
	 * exists before the receipt slip fixes the due date.
	 */
	[STATUS_REGISTERED] = {
		[ACTION_RECEIVE] = STATUS_RECEIVED,
		[ACTION_REFUSE] = STATUS_REFUSED,
	},

	/*
	 * 2 received.  §2: processing starts (4); withdrawal sets 7; stopping is
	 * refused only from 9 and 10, so an official may stop (8).  Inferred: a
	 * supplement may be requested before processing starts (Mẫu 02, 5);
	 * transfer between agencies (liên thông) keeps the status; an apology
	 * with a new appointment keeps the status.
	 */
	[STATUS_RECEIVED] = {
		[ACTION_START_PROCESSING] = STATUS_PROCESSING,
		[ACTION_REQUEST_SUPPLEMENT] = STATUS_SUPPLEMENT_REQUESTED,
		[ACTION_REQUEST_WITHDRAWAL] = STATUS_WITHDRAWAL_REQUESTED,
		[ACTION_STOP] = STATUS_STOPPED,
		[ACTION_TRANSFER] = STATUS_RECEIVED,
		[ACTION_APOLOGIZE] = STATUS_RECEIVED,
	},

	/* 3 refused: final (§2). */
	[STATUS_REFUSED] = {0},

	/*
	 * 4 processing.  §2: internal steps map onto 4 (move_step stays 4);
	 * supplement (5), fees (6), withdrawal (7), stop (8), finish (9).
	 * Inferred: transfer and apology keep the status.
	 */
	[STATUS_PROCESSING] = {
		[ACTION_MOVE_STEP] = STATUS_PROCESSING,
		[ACTION_REQUEST_SUPPLEMENT] = STATUS_SUPPLEMENT_REQUESTED,
		[ACTION_REQUEST_PAYMENT] = STATUS_PAYMENT_REQUESTED,
		[ACTION_REQUEST_WITHDRAWAL] = STATUS_WITHDRAWAL_REQUESTED,
		[ACTION_STOP] = STATUS_STOPPED,
		[ACTION_RESOLVE] = STATUS_RESOLVED,
		[ACTION_TRANSFER] = STATUS_PROCESSING,
		[ACTION_APOLOGIZE] = STATUS_PROCESSING,
	},

	/*
	 * 5 supplement requested.  §2: "completing a supplement returns the
	 * dossier to 2 (or resumes 4)": this table takes the first reading, 2,
	 * so that a supplemented dossier is received again (new receipt, the
	 * clock resumes or restarts per procedure) and start_processing resumes
	 * 4.  Withdrawal (7) and stop (8) per §2.  No apology: the clock is
	 * paused while the applicant completes the dossier, so the agency is not
	 * running late, and the due date moves when the papers arrive (§3).
	 */
	[STATUS_SUPPLEMENT_REQUESTED] = {
		[ACTION_SUPPLEMENT_RECEIVED] = STATUS_RECEIVED,
		[ACTION_REQUEST_WITHDRAWAL] = STATUS_WITHDRAWAL_REQUESTED,
		[ACTION_STOP] = STATUS_STOPPED,
	},

	/*
	 * 6 payment requested during processing (from 4).  Inferred: once paid,
	 * processing resumes (4).  Withdrawal (7) and stop (8) per §2; apology
	 * inferred (the clock runs).  A dossier sent to 6 from 9 has its own row,
	 * payment_after_resolve below.
	 */
	[STATUS_PAYMENT_REQUESTED] = {
		[ACTION_PAID] = STATUS_PROCESSING,
		[ACTION_REQUEST_WITHDRAWAL] = STATUS_WITHDRAWAL_REQUESTED,
		[ACTION_STOP] = STATUS_STOPPED,
		[ACTION_APOLOGIZE] = STATUS_PAYMENT_REQUESTED,
	},

	/*
	 * 7 withdrawal requested.  §2: an official then stops (8), and nothing
	 * else: no apology for the date of a result the applicant no longer
	 * wants.
	 */
	[STATUS_WITHDRAWAL_REQUESTED] = {
		[ACTION_STOP] = STATUS_STOPPED,
	},

	/* 8 stopped: final (§2). */
	[STATUS_STOPPED] = {0},

	/*
	 * 9 resolved.  §2: the result is returned (10), or the dossier is
	 * recalled to 4, or sent to 6 when the fee is due at return; stopping
	 * is refused.  No withdrawal (it could only lead to a stop) and no
	 * apology (the result is ready).
	 */
	[STATUS_RESOLVED] = {
		[ACTION_REQUEST_PAYMENT] = STATUS_PAYMENT_REQUESTED,
		[ACTION_RECALL] = STATUS_PROCESSING,
		[ACTION_RETURN_RESULT] = STATUS_RESULT_RETURNED,
	},

	/* 10 result returned: final (§2). */
	[STATUS_RESULT_RETURNED] = {0},
};

/*
 * 6 reached from 9 (the fee falls due on collecting the result, §2 point 5):
 * the row that replaces transitions[6] for such a dossier.  Finished stays
 * finished (§2 point 2): no stop, no withdrawal, no apology (the result is
 * ready); once paid, the dossier is resolved again (9).
 */
static const uint8_t payment_after_resolve[LIFECYCLE_N_ACTIONS] = {
	[ACTION_PAID] = STATUS_RESOLVED,
};

/* The rows that depend on the prior status: (status, prior) -> row. */
static const struct
{
	int			status;
	int			prior;
	const uint8_t *row;
}			prior_rows[] = {
	{STATUS_PAYMENT_REQUESTED, STATUS_RESOLVED, payment_after_resolve},
};

#define N_PRIOR_ROWS ((int) (sizeof(prior_rows) / sizeof(prior_rows[0])))

static const char *const role_names[LIFECYCLE_N_ROLES] = {
	[LIFECYCLE_ROLE_DESK_OFFICER] = "dossier_desk_officer",
	[LIFECYCLE_ROLE_SPECIALIST] = "dossier_specialist",
	[LIFECYCLE_ROLE_LEADER] = "dossier_leader",
	[LIFECYCLE_ROLE_CLERK] = "dossier_clerk",
	[LIFECYCLE_ROLE_APPLICANT] = "dossier_portal",
};

#define R(role) (UINT32_C(1) << LIFECYCLE_ROLE_##role)

/*
 * Who may take each action (docs/roles.md).  The one-stop desk receives,
 * refuses, asks for papers and fees and returns results (the one-stop
 * mechanism of Decree 61/2018/NĐ-CP); specialists review; leaders decide
 * (stop, recall, transfer, apology letters are signed by the agency's
 * leader); the clerk issues the stamped result.  The applicant, through a
 * portal, may only supply papers, pay, ask to withdraw and receive an
 * electronic result.  move_step is further restricted to the role of the
 * current internal step, and resolve to the role of the last step, when the
 * procedure has steps (src/pg/lifecycle/transition.c).
 */
static const uint32_t action_roles[LIFECYCLE_N_ACTIONS] = {
	[ACTION_RECEIVE] = R(DESK_OFFICER),
	[ACTION_REFUSE] = R(DESK_OFFICER) | R(LEADER),
	[ACTION_START_PROCESSING] = R(DESK_OFFICER) | R(SPECIALIST) | R(LEADER),
	[ACTION_MOVE_STEP] = R(DESK_OFFICER) | R(SPECIALIST) | R(LEADER) | R(CLERK),
	[ACTION_REQUEST_SUPPLEMENT] = R(DESK_OFFICER) | R(SPECIALIST) | R(LEADER),
	[ACTION_SUPPLEMENT_RECEIVED] = R(DESK_OFFICER) | R(APPLICANT),
	[ACTION_REQUEST_PAYMENT] = R(DESK_OFFICER) | R(SPECIALIST) | R(LEADER),
	[ACTION_PAID] = R(DESK_OFFICER) | R(APPLICANT),
	[ACTION_REQUEST_WITHDRAWAL] = R(DESK_OFFICER) | R(APPLICANT),
	[ACTION_STOP] = R(LEADER),
	[ACTION_RESOLVE] = R(LEADER) | R(CLERK),
	[ACTION_RECALL] = R(LEADER),
	[ACTION_RETURN_RESULT] = R(DESK_OFFICER) | R(CLERK) | R(APPLICANT),
	[ACTION_TRANSFER] = R(DESK_OFFICER) | R(LEADER),
	[ACTION_APOLOGIZE] = R(LEADER),
};

/* True when code is one of the ten DVCQG status codes. */
bool
lifecycle_status_valid(int code)
{
	return code >= LIFECYCLE_MIN_STATUS && code <= LIFECYCLE_MAX_STATUS;
}

/* English identifier of a valid status. */
const char *
lifecycle_status_ident(int code)
{
	return lifecycle_status_valid(code) ? statuses[code].ident : NULL;
}

/* Vietnamese DVCQG name of a valid status. */
const char *
lifecycle_status_name_vi(int code)
{
	return lifecycle_status_valid(code) ? statuses[code].name_vi : NULL;
}

/* ASCII case-insensitive comparison of len bytes of s with NUL-terminated t. */
static bool
ascii_equal_ci(const char *s, size_t len, const char *t)
{
	if (strlen(t) != len)
		return false;
	for (size_t i = 0; i < len; i++)
	{
		unsigned char a = (unsigned char) s[i];
		unsigned char b = (unsigned char) t[i];

		if (a >= 'A' && a <= 'Z')
			a = (unsigned char) (a - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

/* Parse a status from its code, English identifier or Vietnamese name. */
bool
lifecycle_status_parse(const char *s, size_t len, int *out, ParseError *err)
{
	assert(out != NULL && err != NULL && (s != NULL || len == 0));
	parse_trim(&s, &len);
	if (len == 0)
		return parse_error_set(err, STATUS_HINT, "The value is empty.");
	if (parse_is_digit(s[0]))
	{
		int			code = 0;

		for (size_t i = 0; i < len; i++)
			if (!parse_is_digit(s[i]))
				return parse_error_set(err, STATUS_HINT,
									   "Character %zu is not a digit in a status code.",
									   i + 1);
		if (len > 2)
			return parse_error_set(err, STATUS_HINT,
								   "The status code has %zu digits, expected 1 to 10.",
								   len);
		for (size_t i = 0; i < len; i++)
			code = code * 10 + (s[i] - '0');
		if (!lifecycle_status_valid(code))
			return parse_error_set(err, STATUS_HINT,
								   "The status code is %d, expected 1 to 10.", code);
		*out = code;
		return true;
	}
	for (int code = LIFECYCLE_MIN_STATUS; code <= LIFECYCLE_MAX_STATUS; code++)
	{
		const char *vi = statuses[code].name_vi;

		if (ascii_equal_ci(s, len, statuses[code].ident) ||
			(strlen(vi) == len && memcmp(s, vi, len) == 0))
		{
			*out = code;
			return true;
		}
	}
	return parse_error_set(err, STATUS_HINT,
						   "The value is not a status code, English identifier or Vietnamese name of a DVCQG status.");
}

/* Check a status code received in binary form. */
bool
lifecycle_status_check(int code, ParseError *err)
{
	if (!lifecycle_status_valid(code))
		return parse_error_set(err, STATUS_HINT,
							   "The status code is %d, expected 1 to 10.", code);
	return true;
}

/* True for the final statuses, from which no action is allowed. */
bool
lifecycle_status_is_final(int code)
{
	return lifecycle_status_valid(code) && lifecycle_allowed(code) == 0;
}

/* Name of an action as the SQL enum spells it. */
const char *
lifecycle_action_name(int action)
{
	return action >= 0 && action < LIFECYCLE_N_ACTIONS ? action_names[action] : NULL;
}

/* The action named s, or -1. */
int
lifecycle_action_from_name(const char *s)
{
	assert(s != NULL);
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
		if (strcmp(s, action_names[a]) == 0)
			return a;
	return -1;
}

/* Next status of action from status, or STATUS_NONE when forbidden. */
int
lifecycle_next(int status, int action)
{
	int			next;

	if (!lifecycle_status_valid(status) || action < 0 || action >= LIFECYCLE_N_ACTIONS)
		return STATUS_NONE;
	next = transitions[status][action];
	assert(next == STATUS_NONE || lifecycle_status_valid(next));
	return next;
}

/* Bit (1 << action) set for every action allowed from status. */
uint32_t
lifecycle_allowed(int status)
{
	uint32_t	mask = 0;

	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
		if (lifecycle_next(status, a) != STATUS_NONE)
			mask |= UINT32_C(1) << a;
	return mask;
}

/* The row of prior_rows for (status, prior), or -1 when the general row applies. */
static int
prior_row(int status, int prior)
{
	for (int i = 0; i < N_PRIOR_ROWS; i++)
		if (prior_rows[i].status == status && prior_rows[i].prior == prior)
			return i;
	return -1;
}

/* Next status of action from status reached from prior. */
int
lifecycle_next_from(int status, int action, int prior)
{
	int			i = prior_row(status, prior);
	int			next;

	if (i < 0)
		return lifecycle_next(status, action);
	if (action < 0 || action >= LIFECYCLE_N_ACTIONS)
		return STATUS_NONE;
	next = prior_rows[i].row[action];
	assert(next == STATUS_NONE || lifecycle_status_valid(next));
	return next;
}

/* Bit (1 << action) set for every action allowed from status reached from prior. */
uint32_t
lifecycle_allowed_from(int status, int prior)
{
	uint32_t	mask = 0;

	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
		if (lifecycle_next_from(status, a, prior) != STATUS_NONE)
			mask |= UINT32_C(1) << a;
	return mask;
}

/* Number of rows that depend on the prior status. */
int
lifecycle_n_prior_rows(void)
{
	return N_PRIOR_ROWS;
}

/* The status and prior status of the i-th such row. */
void
lifecycle_prior_row(int i, int *status, int *prior)
{
	assert(i >= 0 && i < N_PRIOR_ROWS && status != NULL && prior != NULL);
	*status = prior_rows[i].status;
	*prior = prior_rows[i].prior;
}

/* SQL role of a lifecycle role. */
const char *
lifecycle_role_name(int role)
{
	return role >= 0 && role < LIFECYCLE_N_ROLES ? role_names[role] : NULL;
}

/* Roles that may take action. */
uint32_t
lifecycle_action_roles(int action)
{
	return action >= 0 && action < LIFECYCLE_N_ACTIONS ? action_roles[action] : 0;
}

/* Roles that may register a dossier: the desk, and applicants online. */
uint32_t
lifecycle_register_roles(void)
{
	return R(DESK_OFFICER) | R(APPLICANT);
}

/* Refuse in out: argument arg, taken only by the actions in applies_to. */
static LifecycleRefusal
refuse_arg(LifecyclePlan *out, const char *arg, const char *applies_to)
{
	out->refusal = LIFECYCLE_ARG_NOT_APPLICABLE;
	out->refused_arg = arg;
	out->arg_applies_to = applies_to;
	return out->refusal;
}

/* The first argument the request gives but its action does not take, or lacks. */
LifecycleRefusal
lifecycle_check_request(const LifecycleRequest *req, LifecyclePlan *out)
{
	int			action = req->action;

	assert(out != NULL);
	assert(action >= 0 && action < LIFECYCLE_N_ACTIONS);
	memset(out, 0, sizeof(*out));
	out->action_name = lifecycle_action_name(action);
	if (req->has_to_step && action != ACTION_START_PROCESSING &&
		action != ACTION_MOVE_STEP && action != ACTION_RECALL)
		return refuse_arg(out, "to_step", "start_processing, move_step and recall");
	if (req->has_to_agency && action != ACTION_TRANSFER)
		return refuse_arg(out, "to_agency", "transfer");
	if (req->has_new_appointment && action != ACTION_APOLOGIZE)
		return refuse_arg(out, "new_appointment", "apologize");
	if (action == ACTION_TRANSFER && !req->has_to_agency)
		return out->refusal = LIFECYCLE_AGENCY_MISSING;
	if (action == ACTION_APOLOGIZE && !req->has_new_appointment)
		return out->refusal = LIFECYCLE_APPOINTMENT_MISSING;
	return LIFECYCLE_OK;
}

/* Refuse in out for a reason about step. */
static LifecycleRefusal
refuse_step(LifecyclePlan *out, LifecycleRefusal why, int step)
{
	out->refusal = why;
	out->refused_step = step;
	return why;
}

/*
 * Who checks the actor: a portal on behalf of the owner; else the role of
 * the current step (move_step) or of the last step (resolve) when the
 * procedure has steps, instead of the action's roles; else the staff roles.
 */
static void
plan_actor(const LifecycleState *st, const LifecycleRequest *req, LifecyclePlan *out)
{
	out->roles = lifecycle_action_roles(req->action);
	if (req->on_behalf)
		out->actor = LIFECYCLE_ACTOR_APPLICANT;
	else if (req->action == ACTION_MOVE_STEP && st->n_steps > 0 && st->step > 0)
	{
		out->actor = LIFECYCLE_ACTOR_STEP;
		out->actor_step = st->step;
	}
	else if (req->action == ACTION_RESOLVE && st->n_steps > 0)
	{
		out->actor = LIFECYCLE_ACTOR_LAST_STEP;
		out->actor_step = st->n_steps;
		if (st->step != st->n_steps)
			refuse_step(out, LIFECYCLE_NOT_AT_LAST_STEP, st->step);
	}
	else
		out->actor = LIFECYCLE_ACTOR_STAFF;
}

/* A step asked for with to_step: the step, or a refusal. */
static LifecycleRefusal
plan_to_step(const LifecycleState *st, int to_step, LifecyclePlan *out)
{
	if (st->n_steps == 0)
		return refuse_step(out, LIFECYCLE_NO_STEPS, to_step);
	if (to_step < 1 || to_step > st->n_steps)
		return refuse_step(out, LIFECYCLE_NO_SUCH_STEP, to_step);
	out->next_step = to_step;
	return LIFECYCLE_OK;
}

/*
 * The internal step after the move: start_processing goes to to_step, else
 * back to the step processing was interrupted at (a supplement or a fee
 * kept it), else to the first step; recall to to_step or the first step;
 * move_step to to_step or the next one; every other action keeps the step.
 * The step is kept while processing is interrupted (2 after a supplement,
 * 5, 6) and dropped when it ends (7, 8, 9, 10) or never began.
 */
static void
plan_step(const LifecycleState *st, const LifecycleRequest *req, LifecyclePlan *out)
{
	out->next_step = st->step;
	switch ((LifecycleAction) req->action)
	{
		case ACTION_START_PROCESSING:
		case ACTION_RECALL:
			if (req->has_to_step)
				(void) plan_to_step(st, req->to_step, out);
			else if (req->action == ACTION_START_PROCESSING && st->step > 0)
				out->next_step = st->step < st->n_steps ? st->step : st->n_steps;
			else
				out->next_step = st->n_steps > 0 ? 1 : 0;
			break;
		case ACTION_MOVE_STEP:
			if (st->n_steps == 0)
				refuse_step(out, LIFECYCLE_NOTHING_TO_MOVE, st->step);
			else if (req->has_to_step)
			{
				if (plan_to_step(st, req->to_step, out) == LIFECYCLE_OK &&
					out->next_step == st->step)
					refuse_step(out, LIFECYCLE_SAME_STEP, st->step);
			}
			else if (st->step >= st->n_steps)
				refuse_step(out, LIFECYCLE_AT_LAST_STEP, st->step);
			else
				out->next_step = st->step + 1;
			break;
		default:
			break;
	}
	if (out->next_status != STATUS_PROCESSING && out->next_status != STATUS_RECEIVED &&
		out->next_status != STATUS_SUPPLEMENT_REQUESTED &&
		out->next_status != STATUS_PAYMENT_REQUESTED)
		out->next_step = 0;
}

/*
 * What the move does to the deadlines: leaving a supplement request ends the
 * pause (restarting the clock when the supplement is received and the
 * procedure says so); reception starts the clock; a supplement request
 * pauses it; an apology postpones the appointment.
 */
static LifecycleClock
plan_clock(const LifecycleState *st, int action, int next)
{
	if (st->status == STATUS_SUPPLEMENT_REQUESTED && next != STATUS_SUPPLEMENT_REQUESTED)
		return action == ACTION_SUPPLEMENT_RECEIVED && st->restart_after_supplement ?
			LIFECYCLE_CLOCK_RESTART : LIFECYCLE_CLOCK_RESUME;
	switch ((LifecycleAction) action)
	{
		case ACTION_RECEIVE:
			return LIFECYCLE_CLOCK_START;
		case ACTION_REQUEST_SUPPLEMENT:
			return LIFECYCLE_CLOCK_PAUSE;
		case ACTION_APOLOGIZE:
			return LIFECYCLE_CLOCK_POSTPONE;
		default:
			return LIFECYCLE_CLOCK_KEEP;
	}
}

/* Whether milestone m is recorded in state. */
static bool
recorded(const LifecycleState *st, LifecycleMilestone m)
{
	return (st->milestones & (1u << m)) != 0;
}

/*
 * The milestone the move records: reception and return always, a stop or a
 * resolution the first time, a withdrawal the first time after reception.
 */
static LifecycleMilestone
plan_milestone(const LifecycleState *st, int action)
{
	switch ((LifecycleAction) action)
	{
		case ACTION_RECEIVE:
			return LIFECYCLE_MILESTONE_RECEIVED;
		case ACTION_REFUSE:
		case ACTION_STOP:
			return recorded(st, LIFECYCLE_MILESTONE_STOPPED) ?
				LIFECYCLE_MILESTONE_NONE : LIFECYCLE_MILESTONE_STOPPED;
		case ACTION_REQUEST_WITHDRAWAL:
			return recorded(st, LIFECYCLE_MILESTONE_RECEIVED) &&
				!recorded(st, LIFECYCLE_MILESTONE_WITHDRAWN) ?
				LIFECYCLE_MILESTONE_WITHDRAWN : LIFECYCLE_MILESTONE_NONE;
		case ACTION_RESOLVE:
			return recorded(st, LIFECYCLE_MILESTONE_RESOLVED) ?
				LIFECYCLE_MILESTONE_NONE : LIFECYCLE_MILESTONE_RESOLVED;
		case ACTION_RETURN_RESULT:
			return LIFECYCLE_MILESTONE_RETURNED;
		default:
			return LIFECYCLE_MILESTONE_NONE;
	}
}

/*
 * Whether an action states its reason: a refusal (Circular 01/2018/TT-VPCP,
 * Mẫu 03), a supplement request (Mẫu 02) and a stop.
 */
bool
lifecycle_action_needs_reason(int action)
{
	return action == ACTION_REFUSE || action == ACTION_REQUEST_SUPPLEMENT ||
		action == ACTION_STOP;
}

/* The prior status after a move from status to next: it changes only when the status does. */
int
lifecycle_prior_after(int status, int next, int prior)
{
	return next != status ? status : prior;
}

/* The milestone a move records, given the milestones recorded before it. */
LifecycleMilestone
lifecycle_milestone(unsigned milestones, int action)
{
	LifecycleState st;

	memset(&st, 0, sizeof(st));
	st.milestones = milestones;
	return plan_milestone(&st, action);
}

/*
 * Whether an apology may be made now: there must be an appointment to
 * postpone, and the letter must go out at the latest one working day before
 * the due date (Decree 61/2018/NĐ-CP Art. 19, docs/domain.md §3).
 */
static LifecycleRefusal
plan_apology(const LifecycleState *st)
{
	if (!st->has_appointment)
		return LIFECYCLE_NO_APPOINTMENT;
	if (st->working_to_due < LIFECYCLE_APOLOGY_NOTICE_USECS)
		return LIFECYCLE_APOLOGY_TOO_LATE;
	return LIFECYCLE_OK;
}

/* Decide the whole move: refusal, next status and step, actor, clock, milestone. */
LifecycleRefusal
lifecycle_plan(const LifecycleState *state, const LifecycleRequest *req,
			   LifecyclePlan *out)
{
	assert(state != NULL && req != NULL && out != NULL);
	assert(lifecycle_status_valid(state->status));
	assert(state->n_steps >= 0 && state->step >= 0);
	if (lifecycle_check_request(req, out) != LIFECYCLE_OK)
		return out->refusal;
	out->from_status = state->status;
	out->next_status = lifecycle_next_from(state->status, req->action,
										   state->prior_status);
	if (out->next_status == STATUS_NONE)
		return out->refusal = LIFECYCLE_ILLEGAL;
	out->prior_status = lifecycle_prior_after(state->status, out->next_status,
											  state->prior_status);
	plan_actor(state, req, out);
	if (out->refusal == LIFECYCLE_OK)
		plan_step(state, req, out);
	if (out->refusal == LIFECYCLE_OK && req->action == ACTION_APOLOGIZE)
		out->refusal = plan_apology(state);
	out->clock = plan_clock(state, req->action, out->next_status);
	out->milestone = plan_milestone(state, req->action);
	out->change_agency = req->action == ACTION_TRANSFER;
	assert(lifecycle_status_valid(out->next_status));
	assert(out->next_step >= 0);
	assert(out->next_step == 0 || out->next_status == STATUS_PROCESSING ||
		   out->next_status == STATUS_RECEIVED ||
		   out->next_status == STATUS_SUPPLEMENT_REQUESTED ||
		   out->next_status == STATUS_PAYMENT_REQUESTED);
	return out->refusal;
}

/* Decide a registration: status 1, who registers, portals only online. */
LifecycleRefusal
lifecycle_plan_registration(bool on_behalf, bool online, LifecyclePlan *out)
{
	assert(out != NULL);
	memset(out, 0, sizeof(*out));
	out->next_status = STATUS_REGISTERED;
	out->roles = lifecycle_register_roles();
	out->actor = on_behalf ? LIFECYCLE_ACTOR_APPLICANT : LIFECYCLE_ACTOR_STAFF;
	if (on_behalf && !online)
		out->refusal = LIFECYCLE_PORTAL_NOT_ONLINE;
	return out->refusal;
}
