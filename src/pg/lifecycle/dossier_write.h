/*
 * dossier_write.h
 *	  What the lifecycle's writers share: register.c, transition.c, actor.c
 *	  and dossier_write.c.
 */
#ifndef DOSSIER_WRITE_H
#define DOSSIER_WRITE_H

#include "postgres.h"

#include "executor/spi.h"
#include "utils/timestamp.h"

#include "core/lifecycle/history.h"
#include "pg/lifecycle/procedure_cache.h"


/* Optional arguments of a transition. */
typedef struct TransitionArgs
{
	text	   *note;
	bool		has_to_step;
	int			to_step;
	bool		has_to_agency;
	Datum		to_agency;
	bool		has_new_appointment;
	TimestampTz new_appointment;
	text	   *on_behalf_of;
	bool		has_at;
	TimestampTz at;
	text	   *reason_code;	/* refuse, request_supplement, stop */
	text	   *reason;
	text	   *import_source;	/* set only by the import path (record.c) */
} TransitionArgs;

/* A nullable timestamp column. */
typedef struct OptTime
{
	bool		isnull;
	TimestampTz v;
} OptTime;

/* The dossier row as do_transition reads and rewrites it. */
typedef struct DossierRow
{
	Datum		code;
	char	   *code_text;
	Datum		procedure;
	Datum		agency;
	bool		owner_is_citizen;
	Datum		owner;
	Oid			owner_type;
	int			channel;		/* 1 direct, 2 online, 3 postal */
	int			status;
	int			step;			/* 0 = NULL */
	TimestampTz registered_at;
	OptTime		received_at;
	OptTime		due_at;
	OptTime		appointment_at;
	OptTime		paused_at;
	int			supplement_requests;
	int64		supplement_usecs;
	OptTime		resolved_at;
	OptTime		returned_at;
	OptTime		stopped_at;
	OptTime		withdrawn_at;
	TimestampTz updated_at;
	int			prior_status;	/* 0 = NULL */
	int			events;
	uint8		head[HISTORY_HASH_LEN];
} DossierRow;

/* Set a nullable timestamp. */
static inline OptTime
opt_time(TimestampTz v)
{
	OptTime		t = {false, v};

	return t;
}

/* Prepared plans, the types and tables they use (dossier_write.c). */
typedef struct DossierPlans
{
	Oid			plans_nsp;		/* schema dossier when prepared */
	SPIPlanPtr	lock_plan;
	SPIPlanPtr	update_plan;
	SPIPlanPtr	insert_plan;
	SPIPlanPtr	event_plan;
	SPIPlanPtr	outbox_plan;
	SPIPlanPtr	agency_plan;
	SPIPlanPtr	code_plan;
	SPIPlanPtr	exists_plan;
	SPIPlanPtr	reason_plan;
	SPIPlanPtr	reserve_plan;
	Oid			t_dossier_code;
	Oid			t_agency_code;
	Oid			t_procedure_code;
	Oid			t_status;
	Oid			t_action;
	Oid			t_channel;
	Oid			t_citizen_id;
	Oid			t_tax_code;
	Oid			dossier_relid;
	Oid			event_relid;
} DossierPlans;

extern DossierPlans dw;

/* dossier_write.c */
extern void ensure_plans(void);
extern char *datum_text(Datum d, Oid typoid);
extern int	channel_code(const char *label);
extern void lock_dossier(Datum code, DossierRow *row);
extern char *vn_text(TimestampTz t);
extern void require_finite(TimestampTz t, int sqlstate, const char *what, const char *hint);
extern bool plan_finds(SPIPlanPtr plan, Datum key, bool read_only, const char *table);
extern char *check_agency_exists(Datum agency);
extern void store_transition(DossierRow *row, int action, int from, TimestampTz at,
							 const TransitionArgs *a, Oid actor);
extern void store_registration(DossierRow *row, Datum channel, TimestampTz at,
							   const TransitionArgs *a, Oid actor);

/* record.c: what the record must hold */
extern TimestampTz event_time(const TransitionArgs *a, const DossierRow *row,
							  const char *code_text);
extern void read_record_args(FunctionCallInfo fcinfo, TransitionArgs *a,
							 int reason_code_arg, int reason_arg);
extern void check_reason(int action, const TransitionArgs *a);
extern void check_importer(Oid actor, const char *what);
extern void check_given_code(Datum code, Datum agency, TimestampTz at,
							 const TransitionArgs *a);
extern Datum allocate_free_code(Datum agency, TimestampTz at);

/* actor.c */
extern text *check_applicant(Oid actor, const char *what, uint32 mask, text *on_behalf_of,
							 Datum owner, Oid owner_type);
extern void portal_applicant(Oid actor, TransitionArgs *a, const char *what);
extern void hide_foreign_dossier(Oid actor, const TransitionArgs *a, const DossierRow *row);
extern void check_staff(Oid actor, const char *what, uint32 mask);
extern void check_staff_agency(Oid actor, Datum agency, const char *action,
							   const char *code_text);
extern void check_staff_registers_at(Oid actor, Datum agency);

/* transition.c */
extern const ProcedureInfo *dossier_procedure(Datum procedure);
extern int	do_transition(Datum code, int action, TransitionArgs *a);
extern void read_args(FunctionCallInfo fcinfo, TransitionArgs *a, int note_arg, int step_arg,
					  int agency_arg, int appt_arg, int behalf_arg, int at_arg);
extern void require_arg(FunctionCallInfo fcinfo, int arg, const char *name, const char *hint);

#endif							/* DOSSIER_WRITE_H */
