/*
 * lifecycle_pg.h
 *	  What the SQL glue of the dossier lifecycle shares between its files:
 *	  status.c (the status type and the table), guard.c (the write guard),
 *	  procedure_cache.c (procedures and their internal steps), calendar.c
 *	  (working time), history.c (the hash chain) and transition.c.
 */
#ifndef DOSSIER_LIFECYCLE_PG_H
#define DOSSIER_LIFECYCLE_PG_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "history.h"
#include "procedure_code.h"

#define PROCEDURE_CACHE_KEY_LEN PROCEDURE_CODE_BUF_LEN

#define ERRCODE_ILLEGAL_TRANSITION MAKE_SQLSTATE('V','N','1','0','1')
#define ERRCODE_UNKNOWN_DOSSIER MAKE_SQLSTATE('V','N','1','0','2')
#define ERRCODE_EVENT_TIME MAKE_SQLSTATE('V','N','1','0','3')
#define ERRCODE_UNKNOWN_PROCEDURE MAKE_SQLSTATE('V','N','1','0','4')
#define ERRCODE_STEP_NUMBERING MAKE_SQLSTATE('V','N','1','0','5')
#define ERRCODE_INVALID_STEP MAKE_SQLSTATE('V','N','1','0','6')
#define ERRCODE_UNKNOWN_AGENCY MAKE_SQLSTATE('V','N','1','0','7')
#define ERRCODE_INVALID_APPOINTMENT MAKE_SQLSTATE('V','N','1','0','8')
#define ERRCODE_INVALID_OWNER MAKE_SQLSTATE('V','N','1','0','9')
#define ERRCODE_GUARDED MAKE_SQLSTATE('V','N','1','1','0')
#define ERRCODE_SAME_AGENCY MAKE_SQLSTATE('V','N','1','1','1')
#define ERRCODE_DOSSIER_EXISTS MAKE_SQLSTATE('V','N','1','1','2')

/* status.c */
extern int	action_of_datum(Datum d);
extern void report_illegal_transition(int status, int action,
									  const char *code) pg_attribute_noreturn();

/* guard.c: the writers name the table their next statement may write. */
extern void guard_allow(Oid relid);
extern void guard_close(void);

/* procedure_cache.c */
typedef struct ProcedureStep
{
	int			step;
	char	   *name;
	Oid			role;
} ProcedureStep;

typedef struct ProcedureInfo
{
	char		code[PROCEDURE_CACHE_KEY_LEN];
	Numeric		processing_time;
	char		time_unit[16];	/* working_day, working_hour, calendar_day */
	bool		restart;		/* supplement_mode = 'restart' */
	char	   *calendar;
	int			n_steps;
	ProcedureStep *steps;		/* steps[i].step == i + 1 */
} ProcedureInfo;

/* The procedure coded code (canonical text), or NULL when there is none. */
extern const ProcedureInfo *procedure_lookup(const char *code, int len);

/* calendar.c: working time on a named calendar, for C callers. */
extern TimestampTz calendar_add_amount(const char *calendar, TimestampTz start,
									   Numeric amount, const char *unit);
extern TimestampTz calendar_add_usecs(const char *calendar, TimestampTz start,
									  int64 working_usecs);
extern int64 calendar_between_usecs(const char *calendar, TimestampTz a,
									TimestampTz b);

/* history.c: fields of an event from Datums in HistoryFieldId order. */
typedef struct HistoryText
{
	HistoryField fields[HISTORY_N_FIELDS];
	char		num[HISTORY_N_FIELDS][24];
} HistoryText;

extern void history_fields(const Datum *values, const bool *nulls, HistoryText *out);
extern void history_hash(const Datum *values, const bool *nulls,
						 const uint8 prev[HISTORY_HASH_LEN],
						 uint8 out[HISTORY_HASH_LEN]);

#endif							/* DOSSIER_LIFECYCLE_PG_H */
