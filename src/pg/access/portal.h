/*
 * portal.h
 *	  The applicant a portal acts for in the current transaction, as a
 *	  verified portal assertion says (portal_session.c, portal_login.c;
 *	  docs/reference/access/portal.md).
 */
#ifndef DOSSIER_PORTAL_H
#define DOSSIER_PORTAL_H

#include "postgres.h"

/* Who an assertion says is signed in. */
typedef struct PortalSubject
{
	bool		citizen;		/* a person (personal ID); else an organisation (tax code) */
	int64		value;			/* the value of the dossier.citizen_id or dossier.tax_code */
	const char *text;			/* its canonical text */
} PortalSubject;

/*
 * The subject of the assertion role actor presented in this transaction,
 * into *out; false when actor presented none.
 */
extern bool portal_subject_of(Oid actor, PortalSubject *out);

/*
 * The same, raising VN431 when there is none: what names what the portal
 * was doing ("register a dossier").
 */
extern void portal_require_subject(Oid actor, const char *what, PortalSubject *out);

/* Whether a portal assertion is in force in this transaction, for anyone. */
extern bool portal_session_active(void);

/*
 * Record a verified subject for actor until the transaction, or the
 * subtransaction it was recorded in, ends (portal_login.c).
 */
extern void portal_session_start(Oid actor, bool citizen, int64 value, const char *text);

#endif							/* DOSSIER_PORTAL_H */
