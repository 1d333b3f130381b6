/*
 * dossier.h
 *	  Declarations shared by the SQL glue files in src/pg.
 */
#ifndef DOSSIER_PG_H
#define DOSSIER_PG_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"

#include "core/common/parse_error.h"
#include "pg/common/sqlstate.h"

/* GUC dossier.outbox_notify_interval, in milliseconds (dossier.c). */
extern int	dossier_outbox_notify_interval;

/* GUC dossier.event_time_tolerance, in seconds (dossier.c, dossier_write.c). */
extern int	dossier_event_time_tolerance;

/* GUC dossier.restore_mode (dossier.c, guard.c). */
extern bool dossier_restore_mode;

/*
 * GUCs dossier.portal_audience, dossier.portal_assertion_max_lifetime and
 * dossier.portal_clock_skew, in seconds (dossier.c, portal_login.c).
 */
extern char *dossier_portal_audience;
extern int	dossier_portal_max_lifetime;
extern int	dossier_portal_clock_skew;

/* Module load hook (fmgr.h declares it only from PostgreSQL 16 on). */
extern void _PG_init(void);

/*
 * Whether the database's dossier schema has table name: a database still at
 * an older version of the extension (between installing this library and
 * ALTER EXTENSION dossier UPDATE) lacks the tables of later versions, and the
 * library serves it as that version did (docs/dba-guide.md, "Upgrade").
 */
extern bool dossier_schema_has(const char *name);

/*
 * Report an invalid text input of type type_label ("personal ID") with
 * SQLSTATE 22P02; the message quotes the input, clipped to a readable length.
 */
extern void report_invalid_text(const char *type_label, const char *input,
								const ParseError *err) pg_attribute_noreturn();

/* The same for a binary input that fails validation (SQLSTATE 22P03). */
extern void report_invalid_binary(const char *type_label,
								  const ParseError *err) pg_attribute_noreturn();

/* Read the rest of a binary message as a C string in the server encoding. */
extern char *recv_text_body(StringInfo buf, int *len);

#endif							/* DOSSIER_PG_H */
