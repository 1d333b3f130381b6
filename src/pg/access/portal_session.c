/*
 * portal_session.c
 *	  The applicant a portal acts for, kept for one transaction after
 *	  dossier.portal_login verified their assertion (portal_login.c), and the
 *	  SQL functions the row-level security policies ask.
 *
 * Why C memory and not a setting: a transaction-local GUC (SET LOCAL) can be
 * set by any role, the portal included, so it could name any citizen.  The
 * subject lives here, in this backend's static memory, written only by
 * portal_session_start() after a verification and wiped by the transaction
 * callbacks below: at commit, abort or PREPARE TRANSACTION, and at the abort
 * of the subtransaction it was recorded in (whose record of the jti is
 * rolled back with it, so the assertion is unspent again and must not stay
 * in force).  Nothing in SQL writes it.
 *
 * Locking rule: backend-local state, no shared memory; parallel workers do
 * not see it, so the functions that read it are PARALLEL RESTRICTED.
 */
#include "postgres.h"

#include "access/xact.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "pg/common/dossier.h"
#include "pg/access/portal.h"

PG_FUNCTION_INFO_V1(dossier_portal_subject);
PG_FUNCTION_INFO_V1(dossier_portal_citizen);
PG_FUNCTION_INFO_V1(dossier_portal_enterprise);

/* The subject in force, if any. */
typedef struct PortalSession
{
	bool		active;
	Oid			role;			/* the role that presented the assertion */
	SubTransactionId subxid;	/* the subtransaction it was presented in */
	bool		citizen;
	int64		value;
	char		text[32];		/* canonical form: 12 digits, or 0123456789[-001] */
} PortalSession;

static PortalSession session;
static bool callbacks_registered = false;

/* Forget the subject. */
static void
session_end(void)
{
	memset(&session, 0, sizeof(session));
}

/* Transaction callback: every end of a transaction forgets the subject. */
static void
portal_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_PREPARE:
			session_end();
			break;
		default:
			break;
	}
}

/*
 * Subtransaction callback: the abort of the subtransaction that recorded
 * the subject forgets it; its commit hands it to the parent.
 */
static void
portal_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	if (!session.active || session.subxid != mySubid)
		return;
	if (event == SUBXACT_EVENT_ABORT_SUB)
		session_end();
	else if (event == SUBXACT_EVENT_COMMIT_SUB)
		session.subxid = parentSubid;
}

/* Record a verified subject for actor until the (sub)transaction ends. */
void
portal_session_start(Oid actor, bool citizen, int64 value, const char *text)
{
	Assert(!session.active && IsTransactionState());
	Assert(strlen(text) < sizeof(session.text));
	if (!callbacks_registered)
	{
		RegisterXactCallback(portal_xact_callback, NULL);
		RegisterSubXactCallback(portal_subxact_callback, NULL);
		callbacks_registered = true;
	}
	session.role = actor;
	session.subxid = GetCurrentSubTransactionId();
	session.citizen = citizen;
	session.value = value;
	strlcpy(session.text, text, sizeof(session.text));
	session.active = true;
}

/* Whether a portal assertion is in force in this transaction. */
bool
portal_session_active(void)
{
	return session.active;
}

/* The subject of the assertion actor presented in this transaction. */
bool
portal_subject_of(Oid actor, PortalSubject *out)
{
	if (!session.active || session.role != actor)
		return false;
	out->citizen = session.citizen;
	out->value = session.value;
	out->text = session.text;
	return true;
}

/* The same, raising VN431 when there is none. */
void
portal_require_subject(Oid actor, const char *what, PortalSubject *out)
{
	if (portal_subject_of(actor, out))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_NO_PORTAL_ASSERTION),
			 errmsg("no portal assertion in this transaction"),
			 errdetail("A portal may %s only for the applicant whose signed assertion it presented in the same transaction.", what),
			 errhint("Call dossier.portal_login(assertion) first in the same transaction, with the assertion the identity provider issued when the applicant signed in.")));
}

/* The subject of the current role's assertion, of the kind asked; NULL if none. */
static bool
current_subject(bool citizen, int64 *value)
{
	PortalSubject s;

	if (!portal_subject_of(GetOuterUserId(), &s) || s.citizen != citizen)
		return false;
	*value = s.value;
	return true;
}

/* dossier.portal_subject() -> text: the canonical subject, or NULL. */
Datum
dossier_portal_subject(PG_FUNCTION_ARGS)
{
	PortalSubject s;

	if (!portal_subject_of(GetOuterUserId(), &s))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(s.text));
}

/* dossier.portal_citizen() -> dossier.citizen_id: the person signed in, or NULL. */
Datum
dossier_portal_citizen(PG_FUNCTION_ARGS)
{
	int64		v;

	if (!current_subject(true, &v))
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}

/* dossier.portal_enterprise() -> dossier.tax_code: the organisation signed in, or NULL. */
Datum
dossier_portal_enterprise(PG_FUNCTION_ARGS)
{
	int64		v;

	if (!current_subject(false, &v))
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}
