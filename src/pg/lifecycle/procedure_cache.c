/*
 * procedure_cache.c
 *	  Backend-local cache of procedures and their internal processing steps.
 *
 * dossier.transition needs, for the procedure of a dossier, its legal
 * processing time, its supplement mode, its calendar and its internal steps
 * (dossier.procedure_step), on every call.  They are read once per backend
 * and procedure with SPI and kept in a hash table in procedure_context.
 *
 * Cache and locking rule: the cache is private to the backend, so it needs
 * no lock.  A statement trigger on dossier.procedure and
 * dossier.procedure_step (procedure_step_changed) sends a relcache
 * invalidation for its table; the callback below then drops the whole
 * cache: in the changing backend at its next command, in every other
 * backend when the change commits, and nowhere if it rolls back
 * (test/isolation/specs/procedure_step_cache.spec).  The cache is reset
 * before an entry is read, and an entry is entered only after it was read
 * completely, so an invalidation that arrives during a read leaves no
 * half-filled entry behind.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "pg/common/dossier.h"
#include "pg/lifecycle/procedure_cache.h"

static MemoryContext procedure_context = NULL;
static HTAB *procedures = NULL;
static bool callback_registered = false;
static Oid	procedure_relid = InvalidOid;
static Oid	procedure_step_relid = InvalidOid;

PG_FUNCTION_INFO_V1(procedure_step_changed);

/* Relcache callback: a change to either table drops the cache. */
static void
procedure_relcache_callback(Datum arg, Oid relid)
{
	if (!OidIsValid(relid) || relid == procedure_relid || relid == procedure_step_relid)
	{
		procedures = NULL;		/* the context is reset at the next lookup */
	}
}

/* Trigger: send a relcache invalidation for the changed table. */
Datum
procedure_step_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "procedure_step_changed: not called by the trigger manager");
	CacheInvalidateRelcache(trigdata->tg_relation);
	return PointerGetDatum(NULL);
}

/* An empty hash table in a fresh context; registers the callback once. */
static void
reset_cache(void)
{
	Oid			nsp = get_namespace_oid("dossier", false);
	HASHCTL		ctl;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(procedure_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	if (procedure_context == NULL)
		procedure_context = AllocSetContextCreate(CacheMemoryContext,
												  "dossier procedures",
												  ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(procedure_context);
	procedure_relid = get_relname_relid("procedure", nsp);
	procedure_step_relid = get_relname_relid("procedure_step", nsp);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = PROCEDURE_CACHE_KEY_LEN;
	ctl.entrysize = sizeof(ProcedureInfo);
	ctl.hcxt = procedure_context;
	procedures = hash_create("dossier procedures", 64, &ctl,
							 HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
}

/* Read procedure key into *info, allocated in cxt; false if absent. */
static bool
read_procedure(const char *key, ProcedureInfo *info, MemoryContext cxt)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	bool		found = false;
	MemoryContext old;

	args[0] = CStringGetTextDatum(key);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT p.processing_time, p.time_unit::pg_catalog.text, "
							  "p.supplement_mode::pg_catalog.text, p.calendar "
							  "FROM dossier.procedure p "
							  "WHERE p.code OPERATOR(dossier.=) $1::dossier.procedure_code",
							  1, argtypes, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "cannot read dossier.procedure");
	if (SPI_processed == 1)
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		Datum		time = SPI_getbinval(tup, desc, 1, &isnull);
		char	   *unit = SPI_getvalue(tup, desc, 2);
		char	   *mode = SPI_getvalue(tup, desc, 3);
		char	   *calendar = SPI_getvalue(tup, desc, 4);

		found = true;
		old = MemoryContextSwitchTo(cxt);
		info->processing_time = DatumGetNumericCopy(time);
		info->calendar = pstrdup(calendar);
		MemoryContextSwitchTo(old);
		strlcpy(info->time_unit, unit, sizeof(info->time_unit));
		info->restart = strcmp(mode, "restart") == 0;

		if (SPI_execute_with_args("SELECT s.step, s.name, s.role::pg_catalog.oid "
								  "FROM dossier.procedure_step s "
								  "WHERE s.procedure OPERATOR(dossier.=) $1::dossier.procedure_code "
								  "ORDER BY s.step",
								  1, argtypes, args, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "cannot read dossier.procedure_step");
		info->n_steps = (int) SPI_processed;
		old = MemoryContextSwitchTo(cxt);
		info->steps = palloc0(sizeof(ProcedureStep) * (info->n_steps + 1));
		for (int i = 0; i < info->n_steps; i++)
		{
			HeapTuple	st = SPI_tuptable->vals[i];
			TupleDesc	sd = SPI_tuptable->tupdesc;

			info->steps[i].step = DatumGetInt16(SPI_getbinval(st, sd, 1, &isnull));
			info->steps[i].name = SPI_getvalue(st, sd, 2);
			info->steps[i].role = DatumGetObjectId(SPI_getbinval(st, sd, 3, &isnull));
			if (info->steps[i].step != i + 1)
				elog(ERROR, "steps of procedure %s are not numbered 1..%d", key, info->n_steps);
		}
		MemoryContextSwitchTo(old);
	}
	SPI_finish();
	return found;
}

/* The procedure coded code, or NULL when dossier.procedure has no such row. */
const ProcedureInfo *
procedure_lookup(const char *code, int len)
{
	char		key[PROCEDURE_CACHE_KEY_LEN];
	ProcedureInfo info;
	ProcedureInfo *entry;
	bool		found;

	if (len <= 0 || len >= PROCEDURE_CACHE_KEY_LEN)
		return NULL;
	memcpy(key, code, len);
	key[len] = '\0';
	if (procedures == NULL)
		reset_cache();
	entry = hash_search(procedures, key, HASH_FIND, NULL);
	if (entry != NULL)
	{
		/* steps are numbered 1..n (read_procedure checked them) */
		Assert(entry->n_steps == 0 || entry->steps[entry->n_steps - 1].step == entry->n_steps);
		return entry;
	}

	/*
	 * Read into the transaction's memory first: an invalidation during the
	 * read drops the cache, and then this copy is used once and not kept.
	 */
	memset(&info, 0, sizeof(info));
	if (!read_procedure(key, &info, CurTransactionContext))
		return NULL;
	strlcpy(info.code, key, sizeof(info.code));
	if (procedures == NULL)
	{
		ProcedureInfo *once = MemoryContextAlloc(CurTransactionContext, sizeof(ProcedureInfo));

		*once = info;
		return once;
	}
	entry = hash_search(procedures, key, HASH_ENTER, &found);
	*entry = info;
	entry->processing_time = MemoryContextAlloc(procedure_context, VARSIZE(info.processing_time));
	memcpy(entry->processing_time, info.processing_time, VARSIZE(info.processing_time));
	entry->calendar = MemoryContextStrdup(procedure_context, info.calendar);
	entry->steps = MemoryContextAllocZero(procedure_context,
										  sizeof(ProcedureStep) * (info.n_steps + 1));
	for (int i = 0; i < info.n_steps; i++)
	{
		entry->steps[i] = info.steps[i];
		entry->steps[i].name = MemoryContextStrdup(procedure_context, info.steps[i].name);
	}
	return entry;
}
