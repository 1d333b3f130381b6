/*
 * dossier.c
 *	  Module entry point of the dossier extension: magic block and GUCs.
 *
 * Every configuration variable of the extension is named dossier.*; the
 * prefix is reserved so that a misspelt setting is reported, not ignored.
 * Locking rule: the GUC variables are backend-local; nothing here is shared.
 */
#include "postgres.h"

#include "fmgr.h"
#include "catalog/namespace.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"

#include "pg/common/dossier.h"
#include "pg/receipt/receipt_guc.h"

PG_MODULE_MAGIC;

/* dossier.event_time_tolerance: see event_time() in dossier_write.c */
int			dossier_event_time_tolerance = 300;

/* dossier.outbox_notify_interval: see wake_outbox_listeners() in dossier_write.c */
int			dossier_outbox_notify_interval = 100;

/* dossier.restore_mode: see guard.c */
bool		dossier_restore_mode = false;

/* dossier.portal_*: see portal_login.c (docs/reference/access/portal.md) */
char	   *dossier_portal_audience = NULL;
int			dossier_portal_max_lifetime = 600;
int			dossier_portal_clock_skew = 60;

/* dossier.outbox_max_attempts: see dossier.fail_outbox (94_outbox.sql) */
static int	dossier_outbox_max_attempts = 20;

PG_FUNCTION_INFO_V1(outbox_max_attempts);

/*
 * dossier.outbox_max_attempts(): the setting, for the SQL of fail_outbox.
 * Calling it loads the library, so the setting is defined (and a value set
 * before loading is checked) even in a session that used no C function yet.
 */
Datum
outbox_max_attempts(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(dossier_outbox_max_attempts);
}

/* Called when the library is loaded: define GUCs and reserve the prefix. */
void
_PG_init(void)
{
	DefineCustomIntVariable("dossier.event_time_tolerance",
							"How far a time given for an event may lie from the server's clock.",
							"Events are stamped with the server's clock; a caller may pass its own "
							"time (argument at) within this many seconds of it, for a client clock "
							"that runs a little off. Earlier events enter only through the import "
							"path (dossier.import_dossier, dossier.import_transition).",
							&dossier_event_time_tolerance,
							300, 0, PG_INT32_MAX,
							PGC_SUSET, GUC_UNIT_S,
							NULL, NULL, NULL);
	DefineCustomIntVariable("dossier.outbox_notify_interval",
							"Minimum time between two NOTIFY dossier_outbox sent by one session.",
							"Every transition writes an outbox row; a session wakes the listeners of "
							"channel dossier_outbox at most once per this many milliseconds. "
							"0 notifies on every transition, -1 never (consumers then only poll).",
							&dossier_outbox_notify_interval,
							100, -1, 3600 * 1000,
							PGC_USERSET, GUC_UNIT_MS,
							NULL, NULL, NULL);
	DefineCustomBoolVariable("dossier.restore_mode",
							 "Lets pg_restore insert dossiers and their history past the write guard.",
							 "Only INSERT is let through, never UPDATE or DELETE, and each transaction "
							 "that uses it is reported with a WARNING and in the server log. "
							 "Superusers only; run dossier.verify_history after the restore.",
							 &dossier_restore_mode,
							 false,
							 PGC_SUSET, 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable("dossier.outbox_max_attempts",
							"Failed deliveries after which an outbox message is dead-lettered.",
							"dossier.fail_outbox counts an attempt; at this many the message is no "
							"longer retried (the later messages of its dossier wait) until a DBA "
							"calls dossier.requeue_outbox.",
							&dossier_outbox_max_attempts,
							20, 1, 1000,
							PGC_SUSET, 0,
							NULL, NULL, NULL);
	DefineCustomStringVariable("dossier.portal_audience",
							   "The name portal assertions must carry in aud to be accepted here.",
							   "The identity side names the database an assertion is for; an assertion "
							   "for another audience is refused (VN425). Empty: the name of the current "
							   "database. Superusers only (ALTER DATABASE ... SET).",
							   &dossier_portal_audience,
							   "",
							   PGC_SUSET, 0,
							   NULL, NULL, NULL);
	DefineCustomIntVariable("dossier.portal_assertion_max_lifetime",
							"The longest lifetime (exp - iat) of a portal assertion that is accepted.",
							"Assertions say that a citizen is signed in now: they live minutes. One "
							"issued for longer is refused (VN428). Superusers only.",
							&dossier_portal_max_lifetime,
							600, 1, 86400,
							PGC_SUSET, GUC_UNIT_S,
							NULL, NULL, NULL);
	DefineCustomIntVariable("dossier.portal_clock_skew",
							"How far the identity side's clock may differ from the database's.",
							"An assertion is accepted this long after its exp and from this long "
							"before its iat and nbf. Superusers only.",
							&dossier_portal_clock_skew,
							60, 0, 600,
							PGC_SUSET, GUC_UNIT_S,
							NULL, NULL, NULL);
	receipt_define_gucs();
	MarkGUCPrefixReserved("dossier");
}

/* See dossier.h: a syscache lookup, cheap enough for every call. */
bool
dossier_schema_has(const char *name)
{
	Oid			nsp = get_namespace_oid("dossier", true);

	return OidIsValid(nsp) && OidIsValid(get_relname_relid(name, nsp));
}
