/*
 * dossier.c
 *	  Module entry point of the dossier extension: magic block and GUCs.
 *
 * Every configuration variable of the extension is named dossier.*; the
 * prefix is reserved so that a misspelt setting is reported, not ignored.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "pg/common/dossier.h"

PG_MODULE_MAGIC;

/* dossier.event_time_tolerance: see event_time() in dossier_write.c */
int			dossier_event_time_tolerance = 300;

/* dossier.outbox_notify_interval: see wake_outbox_listeners() in dossier_write.c */
int			dossier_outbox_notify_interval = 100;

/* dossier.restore_mode: see guard.c */
bool		dossier_restore_mode = false;

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
	MarkGUCPrefixReserved("dossier");
}
