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
 * lifecycle_next() but for the one cell that depends on where the dossier
 * came from: paid in 6 returns to 9 when the payment was requested from 9
 * (fee due at return, docs/domain.md §2), to 4 otherwise.
 */
int			lifecycle_next_from(int status, int action, int prior);

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

#endif							/* DOSSIER_LIFECYCLE_H */
