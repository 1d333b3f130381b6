/*
 * test_lifecycle.c
 *	  cmocka tests of the DVCQG statuses, the transition table and the plan
 *	  of a move (src/core).
 *
 * The expected matrix is written out here cell by cell, independently of
 * src/core/lifecycle/lifecycle.c: changing a transition there fails this test until
 * the matrix below (and docs/reference/lifecycle/lifecycle.md) is changed too.
 * The plans of single moves are listed in plan_cases.txt beside this file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"
#include "core/lifecycle/lifecycle.h"

/*
 * Expected next status, [status - 1][action]; 0 = forbidden.  Columns:
 * receive refuse start_processing move_step request_supplement
 * supplement_received request_payment paid request_withdrawal stop resolve
 * recall return_result transfer apologize.
 */
static const int expected[LIFECYCLE_N_STATUSES][LIFECYCLE_N_ACTIONS] = {
	/* rcv ref start move rsup sup rpay paid rwd stop res rec ret trf apo */
	{2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},	/* 1 registered */
	{0, 0, 4, 0, 5, 0, 0, 0, 7, 8, 0, 0, 0, 2, 2},	/* 2 received */
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},	/* 3 refused */
	{0, 0, 0, 4, 5, 0, 6, 0, 7, 8, 9, 0, 0, 4, 4},	/* 4 processing */
	{0, 0, 0, 0, 0, 2, 0, 0, 7, 8, 0, 0, 0, 0, 0},	/* 5 supplement_requested */
	{0, 0, 0, 0, 0, 0, 0, 4, 7, 8, 0, 0, 0, 0, 6},	/* 6 payment_requested */
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0},	/* 7 withdrawal_requested */
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},	/* 8 stopped */
	{0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 4, 10, 0, 0},	/* 9 resolved */
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},	/* 10 result_returned */
};

static const char *const expected_actions[LIFECYCLE_N_ACTIONS] = {
	"receive", "refuse", "start_processing", "move_step", "request_supplement",
	"supplement_received", "request_payment", "paid", "request_withdrawal",
	"stop", "resolve", "recall", "return_result", "transfer", "apologize",
};

/* Every one of the 150 cells has its expected target, or is forbidden. */
static void
test_every_cell(void **state)
{
	int			allowed = 0;

	for (int s = 1; s <= LIFECYCLE_N_STATUSES; s++)
		for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
		{
			int			got = lifecycle_next(s, a);

			if (got != expected[s - 1][a])
				fail_msg("status %d, action %s: got %d, expected %d",
						 s, expected_actions[a], got, expected[s - 1][a]);
			if (got != STATUS_NONE)
				allowed++;
		}
	assert_int_equal(allowed, 27);
}

/* The allowed-action mask agrees with the cells. */
static void
test_allowed_mask(void **state)
{
	for (int s = 1; s <= LIFECYCLE_N_STATUSES; s++)
	{
		uint32_t	mask = lifecycle_allowed(s);

		for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
			assert_int_equal((mask >> a) & 1, expected[s - 1][a] != 0);
		assert_int_equal(mask >> LIFECYCLE_N_ACTIONS, 0);
	}
	assert_int_equal(lifecycle_allowed(STATUS_REGISTERED),
					 (1u << ACTION_RECEIVE) | (1u << ACTION_REFUSE));
}

/* Exactly 3, 8 and 10 are final. */
static void
test_final(void **state)
{
	for (int s = 1; s <= LIFECYCLE_N_STATUSES; s++)
		assert_int_equal(lifecycle_status_is_final(s), s == 3 || s == 8 || s == 10);
	assert_false(lifecycle_status_is_final(0));
	assert_false(lifecycle_status_is_final(11));
}

/* Out-of-range arguments are forbidden, not read out of bounds. */
static void
test_out_of_range(void **state)
{
	assert_int_equal(lifecycle_next(0, ACTION_RECEIVE), STATUS_NONE);
	assert_int_equal(lifecycle_next(11, ACTION_RECEIVE), STATUS_NONE);
	assert_int_equal(lifecycle_next(-1, ACTION_RECEIVE), STATUS_NONE);
	assert_int_equal(lifecycle_next(1, -1), STATUS_NONE);
	assert_int_equal(lifecycle_next(1, LIFECYCLE_N_ACTIONS), STATUS_NONE);
	assert_int_equal(lifecycle_allowed(0), 0);
	assert_null(lifecycle_status_ident(0));
	assert_null(lifecycle_status_name_vi(11));
	assert_null(lifecycle_action_name(-1));
	assert_null(lifecycle_action_name(LIFECYCLE_N_ACTIONS));
}

/* Action names round-trip and are the SQL enum's labels, in order. */
static void
test_action_names(void **state)
{
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
	{
		assert_string_equal(lifecycle_action_name(a), expected_actions[a]);
		assert_int_equal(lifecycle_action_from_name(expected_actions[a]), a);
	}
	assert_int_equal(lifecycle_action_from_name("register"), -1);
	assert_int_equal(lifecycle_action_from_name("Receive"), -1);
	assert_int_equal(lifecycle_action_from_name(""), -1);
}

/* The observed practice docs/domain.md §2 states, one assertion per sentence. */
static void
test_reference_practice(void **state)
{
	/* withdrawal sets 7 and an official then stops (8) */
	assert_int_equal(lifecycle_next(STATUS_PROCESSING, ACTION_REQUEST_WITHDRAWAL),
					 STATUS_WITHDRAWAL_REQUESTED);
	assert_int_equal(lifecycle_next(STATUS_WITHDRAWAL_REQUESTED, ACTION_STOP),
					 STATUS_STOPPED);
	/* stopping is refused from 9 or 10 */
	assert_int_equal(lifecycle_next(STATUS_RESOLVED, ACTION_STOP), STATUS_NONE);
	assert_int_equal(lifecycle_next(STATUS_RESULT_RETURNED, ACTION_STOP), STATUS_NONE);
	/* completing a supplement returns the dossier to 2 (the reading chosen) */
	assert_int_equal(lifecycle_next(STATUS_SUPPLEMENT_REQUESTED, ACTION_SUPPLEMENT_RECEIVED),
					 STATUS_RECEIVED);
	/* 9 may be recalled to 4 or sent to 6 when the fee is due at return */
	assert_int_equal(lifecycle_next(STATUS_RESOLVED, ACTION_RECALL), STATUS_PROCESSING);
	assert_int_equal(lifecycle_next(STATUS_RESOLVED, ACTION_REQUEST_PAYMENT),
					 STATUS_PAYMENT_REQUESTED);
	/* internal steps of processing map onto 4 */
	assert_int_equal(lifecycle_next(STATUS_PROCESSING, ACTION_MOVE_STEP), STATUS_PROCESSING);
	/* refusal at reception is final */
	assert_int_equal(lifecycle_next(STATUS_REGISTERED, ACTION_REFUSE), STATUS_REFUSED);
	assert_true(lifecycle_status_is_final(STATUS_REFUSED));
}

/*
 * Transfer and apology never change the status, and every status but the
 * final ones reaches a final status: the lifecycle cannot get stuck.
 */
static void
test_status_preserving_and_reachability(void **state)
{
	bool		reaches_final[LIFECYCLE_MAX_STATUS + 1] = {false};
	bool		changed = true;

	for (int s = 1; s <= LIFECYCLE_N_STATUSES; s++)
	{
		int			t = lifecycle_next(s, ACTION_TRANSFER);
		int			p = lifecycle_next(s, ACTION_APOLOGIZE);

		assert_true(t == STATUS_NONE || t == s);
		assert_true(p == STATUS_NONE || p == s);
		reaches_final[s] = lifecycle_status_is_final(s);
	}
	while (changed)
	{
		changed = false;
		for (int s = 1; s <= LIFECYCLE_N_STATUSES; s++)
			for (int a = 0; a < LIFECYCLE_N_ACTIONS && !reaches_final[s]; a++)
			{
				int			n = lifecycle_next(s, a);

				if (n != STATUS_NONE && reaches_final[n])
					reaches_final[s] = changed = true;
			}
	}
	for (int s = 1; s <= LIFECYCLE_N_STATUSES; s++)
		assert_true(reaches_final[s]);
}

/* Identifiers and names are distinct, and no identifier reads as a code. */
static void
test_names_distinct(void **state)
{
	for (int s = 1; s <= LIFECYCLE_N_STATUSES; s++)
	{
		const char *id = lifecycle_status_ident(s);

		assert_false(id[0] >= '0' && id[0] <= '9');
		for (const char *c = id; *c; c++)
			assert_true((*c >= 'a' && *c <= 'z') || *c == '_');
		for (int t = s + 1; t <= LIFECYCLE_N_STATUSES; t++)
		{
			assert_string_not_equal(id, lifecycle_status_ident(t));
			assert_string_not_equal(lifecycle_status_name_vi(s), lifecycle_status_name_vi(t));
		}
	}
}

/* Each status reads from its code, English identifier and Vietnamese name. */
static void
test_status_input_forms(void **state)
{
	static const char *const ident[] = {
		"registered", "received", "refused", "processing", "supplement_requested",
		"payment_requested", "withdrawal_requested", "stopped", "resolved",
		"result_returned",
	};
	static const char *const vi[] = {
		"Mới đăng ký", "Được tiếp nhận", "Không được tiếp nhận", "Đang xử lý",
		"Yêu cầu bổ sung giấy tờ", "Yêu cầu thực hiện nghĩa vụ tài chính",
		"Công dân yêu cầu rút hồ sơ", "Dừng xử lý", "Đã xử lý xong",
		"Đã trả kết quả",
	};

	for (int s = 1; s <= LIFECYCLE_N_STATUSES; s++)
	{
		char		code[4];
		int			v = -1;
		ParseError	err;

		snprintf(code, sizeof(code), "%d", s);
		assert_true(lifecycle_status_parse(code, strlen(code), &v, &err));
		assert_int_equal(v, s);
		v = -1;
		assert_true(lifecycle_status_parse(ident[s - 1], strlen(ident[s - 1]), &v, &err));
		assert_int_equal(v, s);
		v = -1;
		assert_true(lifecycle_status_parse(vi[s - 1], strlen(vi[s - 1]), &v, &err));
		assert_int_equal(v, s);
		assert_string_equal(lifecycle_status_ident(s), ident[s - 1]);
		assert_string_equal(lifecycle_status_name_vi(s), vi[s - 1]);
	}
}

/* White space, ASCII case of identifiers, and a leading zero are accepted. */
static void
test_status_lenient(void **state)
{
	int			v;
	ParseError	err;

	assert_true(lifecycle_status_parse("  Processing\n", 13, &v, &err));
	assert_int_equal(v, 4);
	assert_true(lifecycle_status_parse(" 10 ", 4, &v, &err));
	assert_int_equal(v, 10);
	assert_true(lifecycle_status_parse("04", 2, &v, &err));
	assert_int_equal(v, 4);
}

/* Invalid status input is refused with a detail naming the problem. */
static void
test_status_invalid(void **state)
{
	static const struct
	{
		const char *input;
		const char *detail;
	}			cases[] = {
		{"", "The value is empty."},
		{"   ", "The value is empty."},
		{"0", "The status code is 0, expected 1 to 10."},
		{"11", "The status code is 11, expected 1 to 10."},
		{"100", "The status code has 3 digits, expected 1 to 10."},
		{"99999999999999999999", "The status code has 20 digits, expected 1 to 10."},
		{"4a", "Character 2 is not a digit in a status code."},
		{"-4", "The value is not a status code, English identifier or Vietnamese name of a DVCQG status."},
		{"processed", "The value is not a status code, English identifier or Vietnamese name of a DVCQG status."},
		{"đang xử lý", "The value is not a status code, English identifier or Vietnamese name of a DVCQG status."},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		int			v = -1;
		ParseError	err;

		assert_false(lifecycle_status_parse(cases[i].input, strlen(cases[i].input), &v, &err));
		assert_string_equal(err.detail, cases[i].detail);
		assert_non_null(err.hint);
		assert_int_equal(v, -1);
	}
}

/* An embedded NUL is not ignored. */
static void
test_status_embedded_nul(void **state)
{
	int			v;
	ParseError	err;

	assert_false(lifecycle_status_parse("4\0", 2, &v, &err));
	assert_false(lifecycle_status_parse("stopped\0x", 9, &v, &err));
}

/* Binary values are checked against 1..10. */
static void
test_status_check(void **state)
{
	ParseError	err;

	assert_true(lifecycle_status_check(1, &err));
	assert_true(lifecycle_status_check(10, &err));
	assert_false(lifecycle_status_check(0, &err));
	assert_false(lifecycle_status_check(11, &err));
	assert_false(lifecycle_status_check(-32768, &err));
	assert_string_equal(err.detail, "The status code is -32768, expected 1 to 10.");
}

/*
 * 6 reached from 9 has a row of its own: only paid, back to 9 (finished
 * stays finished, docs/domain.md §2 point 2); nothing else depends on the
 * prior status.
 */
static void
test_next_from_prior(void **state)
{
	int			status, prior;

	(void) state;
	assert_int_equal(lifecycle_next_from(6, ACTION_PAID, 9), 9);
	assert_int_equal(lifecycle_next_from(6, ACTION_PAID, 4), 4);
	assert_int_equal(lifecycle_next_from(6, ACTION_PAID, 0), 4);
	assert_int_equal(lifecycle_allowed_from(6, 9), 1u << ACTION_PAID);
	assert_int_equal(lifecycle_allowed_from(6, 4), lifecycle_allowed(6));
	assert_int_equal(lifecycle_next_from(6, -1, 9), STATUS_NONE);
	assert_int_equal(lifecycle_next_from(6, LIFECYCLE_N_ACTIONS, 9), STATUS_NONE);
	assert_int_equal(lifecycle_n_prior_rows(), 1);
	lifecycle_prior_row(0, &status, &prior);
	assert_int_equal(status, 6);
	assert_int_equal(prior, 9);
	for (int s = 1; s <= 10; s++)
		for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
			for (int p = 0; p <= 10; p++)
				if (s == 6 && p == 9)
					assert_int_equal(lifecycle_next_from(s, a, p), a == ACTION_PAID ? 9 : 0);
				else
					assert_int_equal(lifecycle_next_from(s, a, p), lifecycle_next(s, a));
}

/*
 * Who may act, written out independently: D desk officer, S specialist,
 * L leader, C clerk, A applicant (portal).
 */
static void
test_action_roles(void **state)
{
	static const char *const expected_roles[LIFECYCLE_N_ACTIONS] = {
		"D", "DL", "DSL", "DSLC", "DSL", "DA", "DSL", "DA", "DA", "L", "LC", "L", "DCA", "DL", "L"
	};
	const char *letters = "DSLCA";

	(void) state;
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
	{
		uint32_t	mask = lifecycle_action_roles(a);
		char		got[8];
		int			n = 0;

		for (int r = 0; r < LIFECYCLE_N_ROLES; r++)
			if (mask & (UINT32_C(1) << r))
				got[n++] = letters[r];
		got[n] = '\0';
		/* order of letters in expected_roles follows the role enum */
		{
			char		want[8];
			int			m = 0;

			for (int r = 0; r < LIFECYCLE_N_ROLES; r++)
				if (strchr(expected_roles[a], letters[r]))
					want[m++] = letters[r];
			want[m] = '\0';
			assert_string_equal(got, want);
		}
	}
	assert_int_equal(lifecycle_action_roles(-1), 0);
	assert_int_equal(lifecycle_action_roles(LIFECYCLE_N_ACTIONS), 0);
	assert_string_equal(lifecycle_role_name(LIFECYCLE_ROLE_APPLICANT), "dossier_portal");
	assert_string_equal(lifecycle_role_name(LIFECYCLE_ROLE_DESK_OFFICER), "dossier_desk_officer");
	assert_null(lifecycle_role_name(LIFECYCLE_N_ROLES));
	assert_int_equal(lifecycle_register_roles(),
					 (UINT32_C(1) << LIFECYCLE_ROLE_DESK_OFFICER) | (UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT));
}

/* A dossier in status at step of n_steps, received unless registered. */
static LifecycleState
state_at(int status, int step, int n_steps)
{
	LifecycleState st;

	memset(&st, 0, sizeof(st));
	st.status = status;
	st.step = step;
	st.n_steps = n_steps;
	st.has_appointment = status != STATUS_REGISTERED;
	if (status != STATUS_REGISTERED)
		st.milestones = 1u << LIFECYCLE_MILESTONE_RECEIVED;
	return st;
}

/* A request of action with the arguments it needs and nothing else. */
static LifecycleRequest
request(int action)
{
	LifecycleRequest req;

	memset(&req, 0, sizeof(req));
	req.action = action;
	req.has_to_agency = action == ACTION_TRANSFER;
	req.has_new_appointment = action == ACTION_APOLOGIZE;
	return req;
}

/* Plan req for a dossier in status at step of n_steps; returns the refusal. */
static LifecycleRefusal
plan_of(int status, int step, int n_steps, const LifecycleRequest *req,
		LifecyclePlan *out)
{
	LifecycleState st = state_at(status, step, n_steps);

	return lifecycle_plan(&st, req, out);
}

/* Arguments an action does not take, or needs, are refused first, by name. */
static void
test_plan_request_arguments(void **state)
{
	LifecycleRequest req = request(ACTION_RECEIVE);
	LifecyclePlan plan;

	(void) state;
	req.has_to_step = true;
	req.has_to_agency = true;
	/* to_step is checked first, even from a final status */
	assert_int_equal(plan_of(STATUS_REFUSED, 0, 0, &req, &plan), LIFECYCLE_ARG_NOT_APPLICABLE);
	assert_string_equal(plan.refused_arg, "to_step");
	assert_string_equal(plan.arg_applies_to, "start_processing, move_step and recall");
	assert_string_equal(plan.action_name, "receive");
	req.has_to_step = false;
	assert_int_equal(lifecycle_check_request(&req, &plan), LIFECYCLE_ARG_NOT_APPLICABLE);
	assert_string_equal(plan.refused_arg, "to_agency");
	assert_string_equal(plan.arg_applies_to, "transfer");
	req = request(ACTION_STOP);
	req.has_new_appointment = true;
	assert_int_equal(lifecycle_check_request(&req, &plan), LIFECYCLE_ARG_NOT_APPLICABLE);
	assert_string_equal(plan.refused_arg, "new_appointment");
	req = request(ACTION_TRANSFER);
	req.has_to_agency = false;
	assert_int_equal(lifecycle_check_request(&req, &plan), LIFECYCLE_AGENCY_MISSING);
	req = request(ACTION_APOLOGIZE);
	req.has_new_appointment = false;
	assert_int_equal(lifecycle_check_request(&req, &plan), LIFECYCLE_APPOINTMENT_MISSING);
	/* each step action takes to_step */
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
	{
		req = request(a);
		req.has_to_step = true;
		assert_int_equal(lifecycle_check_request(&req, &plan) == LIFECYCLE_OK,
						 a == ACTION_START_PROCESSING || a == ACTION_MOVE_STEP || a == ACTION_RECALL);
	}
}

/* Every cell: the plan refuses exactly what the table forbids, with its roles. */
static void
test_plan_follows_table(void **state)
{
	(void) state;
	for (int s = 1; s <= LIFECYCLE_N_STATUSES; s++)
		for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
		{
			LifecycleRequest req = request(a);
			LifecyclePlan plan;
			LifecycleRefusal why = plan_of(s, s == STATUS_PROCESSING ? 1 : 0, 3, &req, &plan);

			if (expected[s - 1][a] == 0)
			{
				assert_int_equal(why, LIFECYCLE_ILLEGAL);
				continue;
			}
			assert_int_not_equal(why, LIFECYCLE_ILLEGAL);
			assert_int_equal(plan.from_status, s);
			assert_int_equal(plan.next_status, expected[s - 1][a]);
			assert_int_equal(plan.roles, lifecycle_action_roles(a));
			assert_int_equal(plan.prior_status, plan.next_status != s ? s : 0);
			assert_int_equal(plan.change_agency, a == ACTION_TRANSFER);
			assert_string_equal(plan.action_name, expected_actions[a]);
		}
}

/*
 * The words plan_cases.txt uses for the values of each enum of the plan, in
 * the order of the enum in lifecycle.h.
 */
#define REFUSAL_WORDS "ok arg_not_applicable agency_missing appointment_missing illegal " \
	"not_at_last no_steps nothing_to_move no_such_step at_last_step same_step " \
	"no_appointment apology_too_late portal_not_online"
#define CLOCK_WORDS "keep start pause resume restart postpone"
#define MILESTONE_WORDS "none received stopped withdrawn resolved returned"
#define ACTOR_WORDS "staff applicant step last_step"

/* The position of word in the space-separated words; fails the test if absent. */
static int
word_value(const char *words, const char *word, const char *where)
{
	size_t		len = strlen(word);
	int			value = 0;

	for (const char *w = words; *w; value++)
	{
		size_t		n = strcspn(w, " ");

		if (n == len && strncmp(w, word, len) == 0)
			return value;
		w += n;
		w += strspn(w, " ");
	}
	fail_msg("%s: unknown word \"%s\"", where, word);
	return -1;
}

/* The milestone bits of letters ("-" for none), as plan_cases.txt spells them. */
static unsigned
milestone_bits(const char *letters, const char *where)
{
	static const char order[] = "RSWDT";	/* in LifecycleMilestone order */
	unsigned	bits = 0;

	for (const char *c = letters; *c && *c != '-'; c++)
	{
		const char *at = strchr(order, *c);

		if (at == NULL)
			fail_msg("%s: unknown milestone letter %c", where, *c);
		bits |= 1u << (LIFECYCLE_MILESTONE_RECEIVED + (at - order));
	}
	return bits;
}

/* The action named name, read from the test's own list of names. */
static int
action_named(const char *name, const char *where)
{
	for (int a = 0; a < LIFECYCLE_N_ACTIONS; a++)
		if (strcmp(expected_actions[a], name) == 0)
			return a;
	fail_msg("%s: unknown action \"%s\"", where, name);
	return -1;
}

/* Check the plan of one line of plan_cases.txt; false for a comment. */
static bool
check_case(const char *line)
{
	char		why[64], ms[8], rs[4], ap[4], action[32], to[8], by[8];
	char		refusal[32], clock[16], milestone[16], actor[16];
	int			status, prior, step, n_steps, next, want_step, want_prior;
	LifecycleState st;
	LifecycleRequest req;
	LifecyclePlan plan;
	int			got_step;

	if (line[0] == '#' || line[0] == '\0')
		return false;
	if (sscanf(line, "%63s %d %d %d %d %7s %3s %3s %31s %7s %7s | %31s %d %d %d %15s %15s %15s",
			   why, &status, &prior, &step, &n_steps, ms, rs, ap, action, to, by,
			   refusal, &next, &want_step, &want_prior, clock, milestone, actor) != 18)
		fail_msg("plan_cases.txt: cannot read \"%s\"", line);
	st = state_at(status, step, n_steps);
	st.prior_status = prior;
	st.milestones = milestone_bits(ms, why);
	st.restart_after_supplement = rs[0] == 'y';
	/* y: an appointment, days before the due date; e: exactly one working
	 * day before it; l: one microsecond less; p: the due date has passed */
	st.has_appointment = ap[0] != '-';
	st.working_to_due = ap[0] == 'e' ? LIFECYCLE_APOLOGY_NOTICE_USECS :
		ap[0] == 'l' ? LIFECYCLE_APOLOGY_NOTICE_USECS - 1 :
		ap[0] == 'p' ? -INT64_C(3600000000) : 5 * LIFECYCLE_APOLOGY_NOTICE_USECS;
	req = request(action_named(action, why));
	req.has_to_step = strcmp(to, "-") != 0;
	req.to_step = req.has_to_step ? atoi(to) : 0;
	req.on_behalf = strcmp(by, "portal") == 0;
	if ((int) lifecycle_plan(&st, &req, &plan) != word_value(REFUSAL_WORDS, refusal, why))
		fail_msg("%s: refusal %d, expected %s", why, plan.refusal, refusal);
	got_step = plan.refusal == LIFECYCLE_OK ? plan.next_step : plan.refused_step;
	if (plan.next_status != next || got_step != want_step || plan.prior_status != want_prior ||
		(int) plan.actor != word_value(ACTOR_WORDS, actor, why))
		fail_msg("%s: status %d step %d prior %d actor %d", why,
				 plan.next_status, got_step, plan.prior_status, plan.actor);
	if (plan.refusal == LIFECYCLE_OK &&
		((int) plan.clock != word_value(CLOCK_WORDS, clock, why) ||
		 (int) plan.milestone != word_value(MILESTONE_WORDS, milestone, why)))
		fail_msg("%s: clock %d milestone %d", why, plan.clock, plan.milestone);
	return true;
}

/* Every move of test/unit/lifecycle/plan_cases.txt gets the plan written there. */
static void
test_plan_cases(void **state)
{
	size_t		len;
	char	   *text = (char *) test_slurp(&len, "test/unit/lifecycle/plan_cases.txt");
	int			cases = 0;

	(void) state;
	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n"))
		cases += check_case(line);
	assert_true(cases >= 30);
	free(text);
}

/* Registration: status 1, by the desk or a portal, portals only online. */
static void
test_plan_registration(void **state)
{
	LifecyclePlan plan;

	(void) state;
	assert_int_equal(lifecycle_plan_registration(false, false, &plan), LIFECYCLE_OK);
	assert_int_equal(plan.next_status, STATUS_REGISTERED);
	assert_int_equal(plan.actor, LIFECYCLE_ACTOR_STAFF);
	assert_int_equal(plan.roles, lifecycle_register_roles());
	assert_int_equal(lifecycle_plan_registration(true, true, &plan), LIFECYCLE_OK);
	assert_int_equal(plan.actor, LIFECYCLE_ACTOR_APPLICANT);
	assert_int_equal(lifecycle_plan_registration(true, false, &plan), LIFECYCLE_PORTAL_NOT_ONLINE);
	assert_int_equal(plan.actor, LIFECYCLE_ACTOR_APPLICANT);
}

/* Run the lifecycle tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_cell),
		cmocka_unit_test(test_allowed_mask),
		cmocka_unit_test(test_final),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_action_names),
		cmocka_unit_test(test_reference_practice),
		cmocka_unit_test(test_status_preserving_and_reachability),
		cmocka_unit_test(test_names_distinct),
		cmocka_unit_test(test_status_input_forms),
		cmocka_unit_test(test_status_lenient),
		cmocka_unit_test(test_status_invalid),
		cmocka_unit_test(test_status_embedded_nul),
		cmocka_unit_test(test_status_check),
		cmocka_unit_test(test_next_from_prior),
		cmocka_unit_test(test_action_roles),
		cmocka_unit_test(test_plan_request_arguments),
		cmocka_unit_test(test_plan_follows_table),
		cmocka_unit_test(test_plan_cases),
		cmocka_unit_test(test_plan_registration),
	};

	return cmocka_run_group_tests_name("lifecycle", tests, NULL, NULL);
}
