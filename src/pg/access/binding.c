/*
 * binding.c
 *	  Backend-local cache of officials' bindings to their agencies
 *	  (dossier.official), read through dossier.official_binding().
 *
 * dossier.transition and dossier.register_dossier check the actor's binding
 * on every call, and the row-level security policies ask for the current
 * role's once per query (dossier.visible_agencies()); both read it here.
 * A binding is read once per backend and role with SPI, as the owner of
 * dossier.official (the roles that ask may not read the table), and kept in
 * a hash table keyed by the role's OID.
 *
 * Cache and locking rule: the cache is private to the backend, so it needs
 * no lock.  A statement trigger on dossier.official, dossier.agency and
 * dossier.agency_succession (official_changed) sends a relcache
 * invalidation for its table, and a role renamed or dropped changes
 * pg_authid; either callback below drops the whole cache: in the changing
 * backend at its next command, in every other backend when the change
 * commits, and nowhere if it rolls back.  A succession takes effect on its
 * day, so an entry is also dropped at the next midnight in Vietnam after
 * it was read (fresh_until).  As in procedure_cache.c, the cache is reset
 * before an entry is read and an entry is entered only once read whole.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "pg/common/dossier.h"
#include "pg/access/binding.h"

static MemoryContext binding_context = NULL;
static HTAB *bindings = NULL;
static bool callbacks_registered = false;
static Oid	official_relid = InvalidOid;
static Oid	agency_relid = InvalidOid;
static Oid	succession_relid = InvalidOid;

PG_FUNCTION_INFO_V1(official_changed);

/* Relcache callback: a change of a binding, an agency or a succession drops the cache. */
static void
binding_relcache_callback(Datum arg, Oid relid)
{
	if (!OidIsValid(relid) || relid == official_relid || relid == agency_relid ||
		relid == succession_relid)
		bindings = NULL;		/* the context is reset at the next lookup */
}

/* Syscache callback: a role renamed or dropped drops the cache. */
static void
binding_authid_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	bindings = NULL;
}

/* Trigger: send a relcache invalidation for the changed table. */
Datum
official_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "official_changed: not called by the trigger manager");
	CacheInvalidateRelcache(trigdata->tg_relation);
	return PointerGetDatum(NULL);
}

/* An empty hash table in a fresh context; registers the callbacks once. */
static void
reset_cache(void)
{
	Oid			nsp = get_namespace_oid("dossier", false);
	HASHCTL		ctl;

	if (!callbacks_registered)
	{
		CacheRegisterRelcacheCallback(binding_relcache_callback, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHOID, binding_authid_callback, (Datum) 0);
		callbacks_registered = true;
	}
	if (binding_context == NULL)
		binding_context = AllocSetContextCreate(CacheMemoryContext,
												"dossier official bindings",
												ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(binding_context);
	official_relid = get_relname_relid("official", nsp);
	agency_relid = get_relname_relid("agency", nsp);
	succession_relid = get_relname_relid("agency_succession", nsp);
	if (!OidIsValid(official_relid))
		elog(ERROR, "table dossier.official does not exist");
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(OfficialBinding);
	ctl.hcxt = binding_context;
	bindings = hash_create("dossier official bindings", 16, &ctl,
						   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

/* The agency code a datum of dossier.agency_code holds, and its length. */
const char *
agency_datum(Datum agency, size_t *len)
{
	struct varlena *v = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(agency));

	*len = VARSIZE_ANY_EXHDR(v);
	return VARDATA_ANY(v);
}

/* The owner of dossier.official, whose rights the reads below use. */
static Oid
official_owner(void)
{
	Oid			relid = get_relname_relid("official", get_namespace_oid("dossier", false));
	HeapTuple	tup;
	Oid			owner;

	if (!OidIsValid(relid))
		elog(ERROR, "table dossier.official does not exist");
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * Call fn(arg) as the owner of dossier.official, as a SECURITY DEFINER
 * function would: the roles whose binding is read may not read the table.
 * fn runs only fixed, schema-qualified SQL.
 */
void
binding_run_as_owner(void (*fn) (void *), void *arg)
{
	Oid			save_userid;
	int			save_sec_context;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(official_owner(), save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	PG_TRY();
	{
		fn(arg);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_userid, save_sec_context);
	}
	PG_END_TRY();
}

/* The problem dossier.official_binding names, as the enum. */
static BindingProblem
problem_of(const char *p)
{
	if (p == NULL)
		return BINDING_OK;
	if (strcmp(p, "not_bound") == 0)
		return BINDING_NOT_BOUND;
	if (strcmp(p, "role_dropped") == 0)
		return BINDING_ROLE_DROPPED;
	if (strcmp(p, "role_renamed") == 0)
		return BINDING_ROLE_RENAMED;
	if (strcmp(p, "agency_gone") == 0)
		return BINDING_AGENCY_GONE;
	if (strcmp(p, "agency_succeeded") == 0)
		return BINDING_AGENCY_SUCCEEDED;
	elog(ERROR, "unexpected binding problem \"%s\"", p);
	return BINDING_NOT_BOUND;	/* keep the compiler quiet */
}

/* A binding being read, and the memory its strings go to. */
typedef struct BindingRead
{
	OfficialBinding *b;
	MemoryContext cxt;
} BindingRead;

/* Copy a string into cxt; NULL stays NULL. */
static char *
copy_in(MemoryContext cxt, const char *s)
{
	return s == NULL ? NULL : MemoryContextStrdup(cxt, s);
}

/* Read the binding of r->b->role through dossier.official_binding (runs as the owner). */
static void
read_binding(void *arg)
{
	BindingRead *r = (BindingRead *) arg;
	OfficialBinding *b = r->b;
	Oid			argtypes[1] = {OIDOID};
	Datum		args[1];
	HeapTuple	tup;
	TupleDesc	desc;
	bool		isnull;
	char	   *s;
	Datum		acts;

	args[0] = ObjectIdGetDatum(b->role);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT b.bound_name, b.bound_agency::pg_catalog.text, "
							  "b.bound_scope::pg_catalog.text, b.problem, b.successors, "
							  "b.acts_for::pg_catalog.text[], "
							  "(((pg_catalog.now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::pg_catalog.date "
							  "  OPERATOR(pg_catalog.+) 1)::pg_catalog.timestamp "
							  "  AT TIME ZONE 'Asia/Ho_Chi_Minh') "
							  "FROM dossier.official_binding($1::pg_catalog.regrole) b",
							  1, argtypes, args, NULL, true, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "cannot read dossier.official_binding");
	tup = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;

	s = SPI_getvalue(tup, desc, 1);
	strlcpy(b->bound_name, s ? s : "", sizeof(b->bound_name));
	s = SPI_getvalue(tup, desc, 2);
	strlcpy(b->agency, s ? s : "", sizeof(b->agency));
	s = SPI_getvalue(tup, desc, 3);
	if (s != NULL)
	{
		b->scope.subtree = copy_in(r->cxt, s);
		b->scope.subtree_len = strlen(s);
	}
	b->problem = problem_of(SPI_getvalue(tup, desc, 4));
	b->successors = copy_in(r->cxt, SPI_getvalue(tup, desc, 5));
	acts = SPI_getbinval(tup, desc, 6, &isnull);
	if (b->problem == BINDING_OK && !isnull)
	{
		ArrayType  *arr = DatumGetArrayTypeP(acts);
		Datum	   *elems;
		bool	   *nulls;
		int			n;
		char	  **codes;
		size_t	   *lens;

		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
		codes = MemoryContextAlloc(r->cxt, sizeof(char *) * Max(n, 1));
		lens = MemoryContextAlloc(r->cxt, sizeof(size_t) * Max(n, 1));
		for (int i = 0; i < n; i++)
		{
			if (nulls[i])
				elog(ERROR, "dossier.official_binding returned a NULL agency");
			codes[i] = MemoryContextStrdup(r->cxt, TextDatumGetCString(elems[i]));
			lens[i] = strlen(codes[i]);
		}
		b->scope.acts_for = (const char *const *) codes;
		b->scope.acts_for_len = lens;
		b->scope.n_acts_for = n;
		Assert(n >= 1 && strcmp(codes[0], b->agency) == 0);
	}
	else
	{
		/* a binding that gives nothing reaches nothing, not even its scope */
		b->scope.n_acts_for = 0;
		b->scope.subtree = NULL;
		b->scope.subtree_len = 0;
	}
	b->fresh_until = DatumGetTimestampTz(SPI_getbinval(tup, desc, 7, &isnull));
	SPI_finish();
}

/* Copy binding b's strings into the cache's context. */
static void
copy_to_cache(OfficialBinding *entry, const OfficialBinding *b)
{
	*entry = *b;
	entry->successors = copy_in(binding_context, b->successors);
	entry->scope.subtree = copy_in(binding_context, b->scope.subtree);
	if (b->scope.n_acts_for > 0)
	{
		char	  **codes = MemoryContextAlloc(binding_context, sizeof(char *) * b->scope.n_acts_for);
		size_t	   *lens = MemoryContextAlloc(binding_context, sizeof(size_t) * b->scope.n_acts_for);

		for (int i = 0; i < b->scope.n_acts_for; i++)
		{
			codes[i] = MemoryContextStrdup(binding_context, b->scope.acts_for[i]);
			lens[i] = b->scope.acts_for_len[i];
		}
		entry->scope.acts_for = (const char *const *) codes;
		entry->scope.acts_for_len = lens;
	}
}

/* The binding of role, from the cache or read now. */
const OfficialBinding *
official_binding(Oid role)
{
	OfficialBinding *entry;
	OfficialBinding b;
	BindingRead r;
	bool		found;

	if (bindings == NULL)
		reset_cache();
	entry = hash_search(bindings, &role, HASH_FIND, NULL);
	if (entry != NULL && GetCurrentTransactionStartTimestamp() < entry->fresh_until)
		return entry;
	if (entry != NULL)
	{
		/* a day has passed since it was read: successions may have taken effect */
		reset_cache();
	}

	/*
	 * Read into the transaction's memory first: an invalidation during the
	 * read drops the cache, and then this copy is used once and not kept.
	 */
	memset(&b, 0, sizeof(b));
	b.role = role;
	r.b = &b;
	r.cxt = CurTransactionContext;
	binding_run_as_owner(read_binding, &r);
	if (bindings == NULL)
	{
		OfficialBinding *once = MemoryContextAlloc(CurTransactionContext, sizeof(OfficialBinding));

		*once = b;
		return once;
	}
	entry = hash_search(bindings, &role, HASH_ENTER, &found);
	copy_to_cache(entry, &b);
	return entry;
}
