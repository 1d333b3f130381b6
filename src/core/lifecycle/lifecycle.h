/*
 * lifecycle.h
 *	  DVCQG dossier statuses, lifecycle actions and the one transition table.
 *
 * The ten status codes are those provincial systems send to the national
 * portal DVCQG in field TrangThaiHoSo (docs/domain.md §2).  Every status
 * change of a dossier is an action; lifecycle_next() says, from the single
 * static table in lifecycle.c, which status an action leads to from a given
 * status, or that the action is forbidden there.  Nothing else in the
 * extension may encode a transition.
 *
 * Plain C: no PostgreSQL headers, no allocation.
 */
#ifndef DOSSIER_LIFECYCLE_H
#define DOSSIER_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common/parse_error.h"

/* The DVCQG status codes; 0 is "no status" (a forbidden transition). */
typedef enum DossierStatus
{
	STATUS_NONE = 0,
	STATUS_REGISTERED = 1,		/* Mới đăng ký */
	STATUS_RECEIVED = 2,		/* Được tiếp nhận */
	STATUS_REFUSED = 3,			/* Không được tiếp nhận (final) */
	STATUS_PROCESSING = 4,		/* Đang xử lý */
	STATUS_SUPPLEMENT_REQUESTED = 5,	/* Yêu cầu bổ sung giấy tờ */
	STATUS_PAYMENT_REQUESTED = 6,	/* Yêu cầu thực hiện nghĩa vụ tài chính */
	STATUS_WITHDRAWAL_REQUESTED = 7,	/* Công dân yêu cầu rút hồ sơ */
	STATUS_STOPPED = 8,			/* Dừng xử lý (final) */
	STATUS_RESOLVED = 9,		/* Đã xử lý xong */
	STATUS_RESULT_RETURNED = 10 /* Đã trả kết quả (final) */
} DossierStatus;

#define LIFECYCLE_MIN_STATUS 1
#define LIFECYCLE_MAX_STATUS 10
#define LIFECYCLE_N_STATUSES 10

/* Lifecycle actions, in the order of the SQL enum dossier.dossier_action. */
typedef enum LifecycleAction
{
	ACTION_RECEIVE = 0,
	ACTION_REFUSE,
	ACTION_START_PROCESSING,
	ACTION_MOVE_STEP,
	ACTION_REQUEST_SUPPLEMENT,
	ACTION_SUPPLEMENT_RECEIVED,
	ACTION_REQUEST_PAYMENT,
	ACTION_PAID,
	ACTION_REQUEST_WITHDRAWAL,
	ACTION_STOP,
	ACTION_RESOLVE,
	ACTION_RECALL,
	ACTION_RETURN_RESULT,
	ACTION_TRANSFER,
	ACTION_APOLOGIZE
} LifecycleAction;

#define LIFECYCLE_N_ACTIONS 15

/* True when code is one of the ten DVCQG status codes. */
bool		lifecycle_status_valid(int code);

/* English identifier of a valid status, e.g. "processing". */
const char *lifecycle_status_ident(int code);

/* Vietnamese DVCQG name of a valid status, e.g. "Đang xử lý". */
const char *lifecycle_status_name_vi(int code);

/*
 * Parse len bytes of s as a status: its code ("4"), its English identifier
 * ("processing", ASCII case ignored) or its Vietnamese name ("Đang xử lý",
 * exactly, in NFC); white space around it is ignored.
 */
bool		lifecycle_status_parse(const char *s, size_t len, int *out,
								   ParseError *err);

/* Check a status code received in binary form. */
bool		lifecycle_status_check(int code, ParseError *err);

/* True for the final statuses 3, 8 and 10, from which no action is allowed. */
bool		lifecycle_status_is_final(int code);

/* Name of an action as the SQL enum spells it; NULL when out of range. */
const char *lifecycle_action_name(int action);

/* The action named s (NUL-terminated), or -1 when there is none. */
int			lifecycle_action_from_name(const char *s);

/*
 * The status action leads to from status, or STATUS_NONE when the action is
 * forbidden there (or either argument is out of range).
 */
int			lifecycle_next(int status, int action);

/* Bit (1 << action) set for every action allowed from status. */
uint32_t	lifecycle_allowed(int status);

/*
 * The status action leads to from status for a dossier whose status before
 * the current one was prior (STATUS_NONE when unknown).  Same as
 * lifecycle_next() except for the rows that depend on where the dossier
 * came from: 6 reached from 9 (fee due at return, docs/domain.md §2) allows
 * only paid, which returns it to 9.
 */
int			lifecycle_next_from(int status, int action, int prior);

/* Bit (1 << action) set for every action allowed from status reached from prior. */
uint32_t	lifecycle_allowed_from(int status, int prior);

/* How many (status, prior) pairs have a row of their own. */
int			lifecycle_n_prior_rows(void);

/* The status and prior status of the i-th row of its own, 0 <= i < n. */
void		lifecycle_prior_row(int i, int *status, int *prior);

/*
 * An apology letter goes out at the latest one working day (8 working hours)
 * before the due date (Decree 61/2018/NĐ-CP Art. 19; docs/domain.md §3).
 */
#define LIFECYCLE_APOLOGY_NOTICE_USECS (INT64_C(8) * 3600 * 1000000)

/*
 * Who may act.  Staff roles act as themselves; LIFECYCLE_ROLE_APPLICANT is
 * the applicant, through a portal's service account acting on their behalf.
 * The SQL role of each is named by lifecycle_role_name().
 */
typedef enum LifecycleRole
{
	LIFECYCLE_ROLE_DESK_OFFICER = 0,	/* cán bộ tiếp nhận (bộ phận một cửa) */
	LIFECYCLE_ROLE_SPECIALIST,	/* chuyên viên xử lý */
	LIFECYCLE_ROLE_LEADER,		/* lãnh đạo */
	LIFECYCLE_ROLE_CLERK,		/* văn thư */
	LIFECYCLE_ROLE_APPLICANT	/* công dân / tổ chức, through a portal */
} LifecycleRole;

#define LIFECYCLE_N_ROLES 5

/* SQL role of a lifecycle role, e.g. "dossier_leader"; NULL when out of range. */
const char *lifecycle_role_name(int role);

/* Bit (1 << role) set for every role that may take action. */
uint32_t	lifecycle_action_roles(int action);

/* Bit (1 << role) set for every role that may register a dossier. */
uint32_t	lifecycle_register_roles(void);

/*
 * The plan of a move.  lifecycle_plan() decides, from what the glue read of
 * the locked dossier and the action asked for, everything the law says about
 * the move: whether it is allowed (and if not, why not), the next status and
 * step, who may act, what happens to the deadlines and which milestone is
 * recorded.  The glue then checks the actor against the plan, turns a refusal
 * into its error and writes what the plan says; it decides nothing itself.
 */

/* Milestones of a dossier, each recorded once (bit 1 << milestone). */
typedef enum LifecycleMilestone
{
	LIFECYCLE_MILESTONE_NONE = 0,
	LIFECYCLE_MILESTONE_RECEIVED,	/* received_at */
	LIFECYCLE_MILESTONE_STOPPED,	/* stopped_at (refused or stopped) */
	LIFECYCLE_MILESTONE_WITHDRAWN,	/* withdrawn_at */
	LIFECYCLE_MILESTONE_RESOLVED,	/* resolved_at */
	LIFECYCLE_MILESTONE_RETURNED	/* returned_at */
} LifecycleMilestone;

/* What the glue read of the dossier (and its procedure) before the move. */
typedef struct LifecycleState
{
	int			status;			/* current status, 1..10 */
	int			prior_status;	/* status before it, STATUS_NONE when unknown */
	int			step;			/* current internal step, 0 when none */
	int			n_steps;		/* internal steps of the procedure, 0 when none */
	bool		restart_after_supplement;	/* the procedure's supplement_mode
											 * is restart */
	bool		has_appointment;	/* a receipt slip fixed a date for the result */
	int64_t		working_to_due; /* working time from the event to the due
								 * date, in microseconds; negative once
								 * passed (read for apologize only) */
	unsigned	milestones;		/* bit (1 << m) set for each recorded milestone */
} LifecycleState;

/* The move asked for: the action and which optional arguments were given. */
typedef struct LifecycleRequest
{
	int			action;
	bool		has_to_step;
	int			to_step;
	bool		has_to_agency;
	bool		has_new_appointment;
	bool		on_behalf;		/* a portal acts on behalf of the applicant */
} LifecycleRequest;

/* Why a move is refused; each has one error in the glue. */
typedef enum LifecycleRefusal
{
	LIFECYCLE_OK = 0,
	LIFECYCLE_ARG_NOT_APPLICABLE,	/* refused_arg does not apply to the action */
	LIFECYCLE_AGENCY_MISSING,	/* transfer without to_agency */
	LIFECYCLE_APPOINTMENT_MISSING,	/* apologize without new_appointment */
	LIFECYCLE_ILLEGAL,			/* the transition table forbids the action */
	LIFECYCLE_NOT_AT_LAST_STEP, /* resolve before the last internal step */
	LIFECYCLE_NO_STEPS,			/* to_step given, the procedure has no steps */
	LIFECYCLE_NOTHING_TO_MOVE,	/* move_step, the procedure has no steps */
	LIFECYCLE_NO_SUCH_STEP,		/* to_step outside 1..n_steps */
	LIFECYCLE_AT_LAST_STEP,		/* move_step to the next step from the last */
	LIFECYCLE_SAME_STEP,		/* move_step to the current step */
	LIFECYCLE_NO_APPOINTMENT,	/* apologize, but no appointment to postpone */
	LIFECYCLE_APOLOGY_TOO_LATE, /* apologize less than a working day before
								 * the due date, or after it */
	LIFECYCLE_PORTAL_NOT_ONLINE /* a portal registers a dossier not online */
} LifecycleRefusal;

/* Who the glue must check the actor against. */
typedef enum LifecycleActorRule
{
	LIFECYCLE_ACTOR_STAFF = 0,	/* a member of a staff role of roles */
	LIFECYCLE_ACTOR_APPLICANT,	/* a portal for the owner; roles must hold
								 * the applicant */
	LIFECYCLE_ACTOR_STEP,		/* the role of internal step actor_step */
	LIFECYCLE_ACTOR_LAST_STEP	/* the role of the last step, actor_step */
} LifecycleActorRule;

/* What the move does to the deadlines (docs/domain.md §3). */
typedef enum LifecycleClock
{
	LIFECYCLE_CLOCK_KEEP = 0,	/* due date and appointment unchanged */
	LIFECYCLE_CLOCK_START,		/* due date = event + processing time, and
								 * the appointment with it */
	LIFECYCLE_CLOCK_PAUSE,		/* a supplement request pauses the clock */
	LIFECYCLE_CLOCK_RESUME,		/* the pause ends; the due date moves by the
								 * working time paused */
	LIFECYCLE_CLOCK_RESTART,	/* the pause ends; due date = event +
								 * processing time */
	LIFECYCLE_CLOCK_POSTPONE	/* an apology sets a later appointment; the
								 * due date is kept */
} LifecycleClock;

/* The decision: a refusal, or what to check and write. */
typedef struct LifecyclePlan
{
	LifecycleRefusal refusal;	/* LIFECYCLE_OK when the move may go ahead */
	const char *refused_arg;	/* argument of LIFECYCLE_ARG_NOT_APPLICABLE */
	const char *arg_applies_to; /* the actions that take refused_arg */
	int			refused_step;	/* step named by a step refusal */
	int			from_status;
	int			next_status;
	int			next_step;		/* 0: none */
	int			prior_status;	/* prior status to record, STATUS_NONE if none */
	LifecycleActorRule actor;
	int			actor_step;		/* step of LIFECYCLE_ACTOR_STEP / _LAST_STEP */
	uint32_t	roles;			/* bit (1 << role) for each role of the action */
	LifecycleClock clock;
	LifecycleMilestone milestone;	/* recorded by the move, or _NONE */
	bool		change_agency;	/* transfer: the dossier goes to to_agency */
	const char *action_name;	/* the action as the SQL enum spells it */
} LifecyclePlan;

/* The prior status after a move from status to next (the rule lifecycle_plan applies). */
int			lifecycle_prior_after(int status, int next, int prior);

/* Whether action must state a reason (refuse, request_supplement, stop). */
bool		lifecycle_action_needs_reason(int action);

/*
 * The milestone a move of action records, given the bits (1 << m) of the
 * milestones recorded before it (the rule lifecycle_plan applies).
 */
LifecycleMilestone lifecycle_milestone(unsigned milestones, int action);

/*
 * Check the request alone (the arguments an action takes or needs): the
 * first refusal about an argument, or LIFECYCLE_OK.  lifecycle_plan() starts with it; the
 * glue also calls it before reading the dossier, so that a malformed request
 * is refused before an unknown dossier is.
 */
LifecycleRefusal lifecycle_check_request(const LifecycleRequest *req,
										 LifecyclePlan *out);

/*
 * Decide the move req from state into *out.  Refusals come in the order the
 * glue reports them: the request, the table, the actor's step, the step
 * arguments, the appointment.  Returns out->refusal.
 */
LifecycleRefusal lifecycle_plan(const LifecycleState *state,
								const LifecycleRequest *req, LifecyclePlan *out);

/*
 * Decide a registration into *out: a new dossier in status 1, registered by
 * the desk or, on behalf of the applicant, by a portal, which registers only
 * online dossiers.  Returns out->refusal.
 */
LifecycleRefusal lifecycle_plan_registration(bool on_behalf, bool online,
											 LifecyclePlan *out);

#endif							/* DOSSIER_LIFECYCLE_H */
