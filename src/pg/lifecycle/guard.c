/*
 * guard.c
 *	  The write guard of dossier.dossier, dossier.dossier_event and
 *	  dossier.guard_log, and the restore guard of the whole history.
 *
 * Only dossier.register_dossier and dossier.transition write dossiers and
 * their history.  Before each of their SPI writes they name the one table
 * the statement may write with guard_allow(relid), and they call
 * guard_close() after the last one (also on error, with PG_FINALLY); the
 * guard triggers let a row through only into that table.  The window is a
 * backend-local variable that SQL cannot set, so no role, not even the
 * tables' owner, can write through the guard by calling a function or
 * setting a parameter; and because the window names its table, a trigger
 * someone put on another table the writers touch (the outbox) cannot use it
 * to write dossiers or history.
 *
 * dossier.lift_history_guard(reason) is the recorded way around it: for a
 * member of dossier_dba (or a superuser), it inserts a row into
 * dossier.guard_log and lets direct changes through until the end of the
 * current top-level transaction (identified by its local transaction id, so
 * nothing is carried into the next one).  If that transaction rolls back,
 * the log row and the changes go together.
 *
 * A restore writes the history as it was: dossier.restore_mode (superusers
 * only) lets INSERTs into the history tables through.  Without it a restore
 * must write none of them, so that a plain pg_restore, which goes on after
 * an error, cannot leave half a history: besides the three tables above,
 * history_load_guard refuses rows the client itself loads into
 * dossier.outbox and dossier.dossier_code_counter (a COPY or INSERT into the
 * table, as a restore sends), while the writers and the allocator, which
 * write them from inside a function, pass.  A COPY is answered with
 * VN140, which names restore mode and the command that restores all or
 * nothing (docs/dba-guide.md, "Backup and restore").
 *
 * Locking rule: all state here is backend-local.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
#include "parser/parsetree.h"
#include "storage/proc.h"
#include "tcop/pquery.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "pg/common/dossier.h"
#include "pg/lifecycle/guard.h"

/* The table a writer's current statement may write, or InvalidOid. */
static Oid	window_relid = InvalidOid;

/*
 * Local transaction id in which the guard was lifted, or invalid, and the
 * subtransaction whose log row records it: if that subtransaction aborts
 * (ROLLBACK TO SAVEPOINT, an exception block), the record is gone and so is
 * the lifting; if it commits into its parent, the parent now holds it.
 */
static LocalTransactionId lifted_lxid = InvalidLocalTransactionId;
static SubTransactionId lifted_subid = InvalidSubTransactionId;
static bool subxact_callback_registered = false;

/* Whether lift_history_guard is inserting its log row right now. */
static bool logging_lift = false;

PG_FUNCTION_INFO_V1(dossier_guard);
PG_FUNCTION_INFO_V1(guard_log_guard);
PG_FUNCTION_INFO_V1(lift_history_guard);
PG_FUNCTION_INFO_V1(history_guard_lifted);
PG_FUNCTION_INFO_V1(history_load_guard);

/* The history tables a restore writes whole or not at all, for messages. */
#define HISTORY_TABLES \
	"dossier.dossier, dossier.dossier_event, dossier.guard_log, dossier.outbox and dossier.dossier_code_counter"

/* What a restore must do, for hints. */
#define RESTORE_HOW \
	"Restore into an empty database as a superuser, in one transaction, with restore mode on: " \
	"PGOPTIONS='-c dossier.restore_mode=on' pg_restore --single-transaction -d DBNAME FILE."

/* Let the writer's next statement write relid (InvalidOid: no guarded table). */
void
guard_allow(Oid relid)
{
	window_relid = relid;
}

/* Close the writer window. */
void
guard_close(void)
{
	window_relid = InvalidOid;
}

/* Whether the guard was lifted in the current transaction. */
static bool
guard_lifted(void)
{
	return lifted_lxid != InvalidLocalTransactionId &&
		lifted_lxid == MyProc->lxid;
}

/* Follow the subtransaction that holds the guard_log row of the lifting. */
static void
guard_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					   SubTransactionId parentSubid, void *arg)
{
	if (lifted_lxid == InvalidLocalTransactionId || mySubid != lifted_subid)
		return;
	if (event == SUBXACT_EVENT_ABORT_SUB)
		lifted_lxid = InvalidLocalTransactionId;
	else if (event == SUBXACT_EVENT_COMMIT_SUB)
		lifted_subid = parentSubid;
}

/* Name of a trigger event, for messages. */
static const char *
event_name(TriggerData *td)
{
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		return "INSERT";
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		return "UPDATE";
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		return "DELETE";
	return "TRUNCATE";
}

/* The row the trigger should let through: NEW for INSERT/UPDATE, else OLD. */
static Datum
pass_row(TriggerData *td)
{
	if (!TRIGGER_FIRED_FOR_ROW(td->tg_event))
		return PointerGetDatum(NULL);
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		return PointerGetDatum(td->tg_newtuple);
	return PointerGetDatum(td->tg_trigtuple);
}

/* Whether restore mode lets this trigger event through; reports it once per transaction. */
static bool
restore_passes(TriggerData *td)
{
	static LocalTransactionId reported = InvalidLocalTransactionId;

	if (!dossier_restore_mode || !TRIGGER_FIRED_BY_INSERT(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event))
		return false;
	if (reported != MyProc->lxid)
	{
		reported = MyProc->lxid;
		ereport(WARNING,
				(errmsg("dossier.restore_mode: rows are inserted into %s past the write guard",
						RelationGetRelationName(td->tg_relation)),
				 errdetail("Role \"%s\" inserts without dossier.transition; only a restore should do this.",
						   GetUserNameFromId(GetSessionUserId(), false)),
				 errhint("Run SELECT * FROM dossier.verify_history() WHERE NOT ok after the restore.")));
	}
	return true;
}

/*
 * Whether the statement the client sent loads rel itself: a COPY FROM into
 * it (*is_copy) or an INSERT into it, as a restore sends them.  A write made
 * inside a function runs under the client's statement that called the
 * function, which names another table or none, so it is not a load.
 */
static bool
client_loads(Relation rel, bool *is_copy)
{
	Oid			relid = RelationGetRelid(rel);
	ListCell   *lc;

	*is_copy = false;
	if (ActivePortal == NULL)
		return false;
	foreach(lc, ActivePortal->stmts)
	{
		PlannedStmt *ps = lfirst_node(PlannedStmt, lc);
		ListCell   *rl;

		if (ps->commandType == CMD_UTILITY && IsA(ps->utilityStmt, CopyStmt))
		{
			CopyStmt   *copy = (CopyStmt *) ps->utilityStmt;

			if (copy->is_from && copy->relation != NULL &&
				RangeVarGetRelid(copy->relation, NoLock, true) == relid)
			{
				*is_copy = true;
				return true;
			}
		}
		else if (ps->commandType == CMD_INSERT)
		{
			foreach(rl, ps->resultRelations)
			{
				if (rt_fetch(lfirst_int(rl), ps->rtable)->relid == relid)
					return true;
			}
		}
	}
	return false;
}

/* Qualified name of the trigger's table, for messages. */
static char *
table_name(TriggerData *td)
{
	return quote_qualified_identifier(get_namespace_name(RelationGetNamespace(td->tg_relation)),
									  RelationGetRelationName(td->tg_relation));
}

/*
 * Refuse a COPY of history rows without restore mode (VN140); return if the
 * trigger's INSERT is not the client's COPY into the table.
 */
static void
refuse_restore_copy(TriggerData *td)
{
	bool		is_copy;

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event) || !client_loads(td->tg_relation, &is_copy) || !is_copy)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_RESTORE_WITHOUT_MODE),
			 errmsg("COPY into %s needs dossier.restore_mode", table_name(td)),
			 errdetail("The rows of " HISTORY_TABLES " are the dossiers' history, which a restore writes "
					   "whole or not at all; without restore mode none of these tables takes a row."),
			 errhint(RESTORE_HOW)));
}

/* Trigger on dossier.dossier and dossier.dossier_event. */
Datum
dossier_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "dossier_guard: not called by the trigger manager");
	if ((OidIsValid(window_relid) && window_relid == RelationGetRelid(td->tg_relation)) ||
		guard_lifted() || restore_passes(td))
		return pass_row(td);
	refuse_restore_copy(td);
	ereport(ERROR,
			(errcode(ERRCODE_GUARDED),
			 errmsg("direct %s on %s is not allowed", event_name(td), table_name(td)),
			 errdetail("Dossiers and their history change only through dossier.register_dossier and dossier.transition, which keep the status, the history chain and the outbox consistent."),
			 TRIGGER_FIRED_BY_INSERT(td->tg_event) ?
			 errhint("Call dossier.transition(code, action, ...). A DBA repairing data calls dossier.lift_history_guard(reason) first, which is recorded in dossier.guard_log; a restore inserts with dossier.restore_mode on.") :
			 errhint("Call dossier.transition(code, action, ...). A DBA repairing data calls dossier.lift_history_guard(reason) first, which is recorded in dossier.guard_log.")));
	PG_RETURN_NULL();			/* not reached */
}

/* Trigger on dossier.guard_log: only lift_history_guard may insert. */
Datum
guard_log_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "guard_log_guard: not called by the trigger manager");
	if ((logging_lift && TRIGGER_FIRED_BY_INSERT(td->tg_event)) || restore_passes(td))
		return pass_row(td);
	refuse_restore_copy(td);
	ereport(ERROR,
			(errcode(ERRCODE_GUARDED),
			 errmsg("direct %s on dossier.guard_log is not allowed", event_name(td)),
			 errdetail("The guard log is append-only: it records every lifting of the history guard."),
			 TRIGGER_FIRED_BY_INSERT(td->tg_event) ?
			 errhint("Rows are added by dossier.lift_history_guard(reason); a restore inserts them with dossier.restore_mode on.") :
			 errhint("Rows are added by dossier.lift_history_guard(reason); they are never changed or removed.")));
	PG_RETURN_NULL();			/* not reached */
}

/* dossier.lift_history_guard(reason): record, then lift until end of transaction. */
Datum
lift_history_guard(PG_FUNCTION_ARGS)
{
	Oid			outer = GetOuterUserId();
	Oid			dba = get_role_oid("dossier_dba", true);
	text	   *reason;
	Datum		args[4];
	Oid			types[4] = {NAMEOID, NAMEOID, TEXTOID, INT4OID};
	int64		id;
	bool		isnull;

	if (!(superuser_arg(outer) || (OidIsValid(dba) && has_privs_of_role(outer, dba))))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to lift the history guard"),
				 errdetail("Role \"%s\" is not a member of dossier_dba.", GetUserNameFromId(outer, false)),
				 errhint("Ask a DBA: only members of dossier_dba and superusers may lift the guard.")));
	if (PG_ARGISNULL(0) || VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(0)) < 10)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a reason is required to lift the history guard"),
				 errdetail("The reason is recorded in dossier.guard_log for auditors; it must have at least 10 characters."),
				 errhint("Say what is being repaired and why, e.g. a ticket number.")));
	reason = PG_GETARG_TEXT_PP(0);

	args[0] = DirectFunctionCall1(namein, CStringGetDatum(GetUserNameFromId(outer, false)));
	args[1] = DirectFunctionCall1(namein, CStringGetDatum(GetUserNameFromId(GetSessionUserId(), false)));
	args[2] = PointerGetDatum(reason);
	args[3] = Int32GetDatum(MyProcPid);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	logging_lift = true;
	PG_TRY();
	{
		if (SPI_execute_with_args("INSERT INTO dossier.guard_log "
								  "(lifted_at, lifted_by, session_user_name, reason, backend_pid, xid) "
								  "VALUES (pg_catalog.now(), $1, $2, $3, $4, pg_catalog.pg_current_xact_id()) "
								  "RETURNING id",
								  4, types, args, NULL, false, 1) != SPI_OK_INSERT_RETURNING)
			elog(ERROR, "cannot write dossier.guard_log");
	}
	PG_FINALLY();
	{
		logging_lift = false;
	}
	PG_END_TRY();
	id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();
	if (!subxact_callback_registered)
	{
		RegisterSubXactCallback(guard_subxact_callback, NULL);
		subxact_callback_registered = true;
	}
	lifted_lxid = MyProc->lxid;
	lifted_subid = GetCurrentSubTransactionId();
	ereport(NOTICE,
			(errmsg("history guard lifted until the end of this transaction (guard_log id " INT64_FORMAT ")", id),
			 errdetail("Direct changes of dossier.dossier and dossier.dossier_event break the history chain; dossier.verify_history reports them.")));
	PG_RETURN_INT64(id);
}

/* dossier.history_guard_lifted() */
Datum
history_guard_lifted(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(guard_lifted());
}

/*
 * Trigger on dossier.outbox and dossier.dossier_code_counter, before each
 * inserted row: refuses the rows the client itself loads into the table (a
 * restore's COPY: VN140; an INSERT: VN110) unless restore mode is on or the
 * guard was lifted.  The writers' and the allocator's inserts, made inside
 * their functions, pass; updates and deletes are not its business.
 */
Datum
history_load_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	bool		is_copy;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "history_load_guard: not called by the trigger manager");
	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		!client_loads(td->tg_relation, &is_copy) || guard_lifted() || restore_passes(td))
		return pass_row(td);
	refuse_restore_copy(td);
	ereport(ERROR,
			(errcode(ERRCODE_GUARDED),
			 errmsg("direct INSERT on %s is not allowed", table_name(td)),
			 errdetail("Its rows are written by dossier.register_dossier, dossier.transition and dossier.next_dossier_code with the history they belong to."),
			 errhint("A restore inserts with dossier.restore_mode on; a DBA repairing data calls dossier.lift_history_guard(reason) first, which is recorded in dossier.guard_log.")));
	PG_RETURN_NULL();			/* not reached */
}
