/*
 * visibility.c
 *	  What the current role sees as an official: the functions the
 *	  row-level security policies of extension/parts/95_access.sql (and
 *	  other parts' policies) call, and dossier.acting_role().
 *
 * They read the binding of the current role (GetUserId(), the role a
 * policy is checked for) from the cache in binding.c.  dossier_visible and
 * transfer_sender_visible also read one row of dossier.dossier or
 * dossier.dossier_event, as the tables' owner, so that a policy on one
 * table never queries another table's policies (no recursion between
 * policies, whatever roles a user holds).  Their plans are prepared once per
 * backend and re-prepared if the extension's schema is recreated, and
 * dossier_visible remembers its last answer for the current command.
 *
 * Locking rule: all state here is backend-local.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "pg/common/dossier.h"
#include "pg/access/binding.h"

PG_FUNCTION_INFO_V1(dossier_visible_agencies);
PG_FUNCTION_INFO_V1(dossier_visible_subtree);
PG_FUNCTION_INFO_V1(dossier_agency_visible);
PG_FUNCTION_INFO_V1(dossier_dossier_visible);
PG_FUNCTION_INFO_V1(dossier_transfer_sender_visible);
PG_FUNCTION_INFO_V1(dossier_acting_role);

/* The plans of the two row reads, and the schema they were prepared in. */
static Oid	plans_nsp = InvalidOid;
static SPIPlanPtr dossier_plan = NULL;
static SPIPlanPtr event_plan = NULL;

/* dossier.visible_agencies(): the agencies the current role acts for, or NULL. */
Datum
dossier_visible_agencies(PG_FUNCTION_ARGS)
{
	const OfficialBinding *b = official_binding(GetUserId());
	Oid			elem = get_element_type(get_fn_expr_rettype(fcinfo->flinfo));
	Datum	   *elems;

	if (b->scope.n_acts_for == 0)
		PG_RETURN_NULL();
	if (!OidIsValid(elem))
		elog(ERROR, "could not determine the element type of visible_agencies");
	elems = palloc(sizeof(Datum) * b->scope.n_acts_for);
	for (int i = 0; i < b->scope.n_acts_for; i++)
		elems[i] = PointerGetDatum(cstring_to_text_with_len(b->scope.acts_for[i],
															b->scope.acts_for_len[i]));
	/* an agency_code is a varlena holding the canonical text */
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, b->scope.n_acts_for, elem, -1, false,
										  TYPALIGN_INT));
}

/* dossier.visible_subtree(): the root of the subtree the current role reads, or NULL. */
Datum
dossier_visible_subtree(PG_FUNCTION_ARGS)
{
	const OfficialBinding *b = official_binding(GetUserId());

	if (b->scope.subtree == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(b->scope.subtree, b->scope.subtree_len));
}

/* dossier.agency_visible(agency): whether the current role's binding reaches it. */
Datum
dossier_agency_visible(PG_FUNCTION_ARGS)
{
	const OfficialBinding *b = official_binding(GetUserId());
	size_t		len;
	const char *code = agency_datum(PG_GETARG_DATUM(0), &len);

	PG_RETURN_BOOL(agency_scope_sees(&b->scope, code, len));
}

/* Prepare (once per schema) the reads of a dossier's agencies and of an event's agency. */
static void
ensure_visibility_plans(void)
{
	Oid			nsp = get_namespace_oid("dossier", false);
	Oid			code_type;
	Oid			types[2];

	if (dossier_plan != NULL && plans_nsp == nsp)
		return;
	if (dossier_plan != NULL)
		SPI_freeplan(dossier_plan);
	if (event_plan != NULL)
		SPI_freeplan(event_plan);
	dossier_plan = event_plan = NULL;
	code_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
								CStringGetDatum("dossier_code"), ObjectIdGetDatum(nsp));
	if (!OidIsValid(code_type))
		elog(ERROR, "type dossier.dossier_code does not exist");
	types[0] = code_type;
	types[1] = INT4OID;
	dossier_plan = SPI_prepare("SELECT d.agency, d.receiving_agency FROM dossier.dossier d "
							   "WHERE d.code OPERATOR(dossier.=) $1", 1, types);
	if (dossier_plan == NULL)
		elog(ERROR, "cannot prepare the read of dossier.dossier: %s",
			 SPI_result_code_string(SPI_result));
	SPI_keepplan(dossier_plan);
	event_plan = SPI_prepare("SELECT e.agency FROM dossier.dossier_event e "
							 "WHERE e.dossier OPERATOR(dossier.=) $1 "
							 "AND e.seq OPERATOR(pg_catalog.=) $2", 2, types);
	if (event_plan == NULL)
		elog(ERROR, "cannot prepare the read of dossier.dossier_event: %s",
			 SPI_result_code_string(SPI_result));
	SPI_keepplan(event_plan);
	plans_nsp = nsp;
}

/* A read of one row's agencies, as the owner. */
typedef struct AgencyRead
{
	const AgencyScope *scope;	/* the current role's */
	Datum		code;
	int32		seq;			/* event read: the seq; dossier read: 0 */
	bool		visible;
} AgencyRead;

/* Whether column col of the SPI row is an agency scope sees. */
static bool
column_seen(const AgencyScope *scope, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, col, &isnull);
	size_t		len;
	const char *code;

	if (isnull)
		return false;
	code = agency_datum(d, &len);
	return agency_scope_sees(scope, code, len);
}

/* Read the dossier's agencies, or the agency of event seq, and compare (runs as the owner). */
static void
read_agencies(void *arg)
{
	AgencyRead *r = (AgencyRead *) arg;
	Datum		args[2];
	int			rc;

	args[0] = r->code;
	args[1] = Int32GetDatum(r->seq);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ensure_visibility_plans();
	rc = SPI_execute_plan(r->seq > 0 ? event_plan : dossier_plan, args, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "cannot read %s", r->seq > 0 ? "dossier.dossier_event" : "dossier.dossier");
	r->visible = SPI_processed == 1 &&
		(column_seen(r->scope, 1) || (r->seq == 0 && column_seen(r->scope, 2)));
	SPI_finish();
}

/* Whether the current role sees the agencies of dossier code (seq 0) or of its event seq. */
static bool
row_visible(Datum code, int32 seq)
{
	const OfficialBinding *b = official_binding(GetUserId());
	AgencyRead	r;

	if (b->scope.n_acts_for == 0)
		return false;
	r.scope = &b->scope;
	r.code = code;
	r.seq = seq;
	r.visible = false;
	binding_run_as_owner(read_agencies, &r);
	return r.visible;
}

/*
 * The last answer of dossier_visible, for the same role, dossier and
 * command: a policy on the history asks once per event, and a scan meets the
 * events of one dossier one after the other.  A later command (a transfer
 * in between) asks again.
 */
static struct
{
	LocalTransactionId lxid;
	CommandId	cid;
	Oid			role;
	char		code[64];
	bool		visible;
}			last_answer;

/* dossier.dossier_visible(code): the dossier's agency or receiving agency is visible. */
Datum
dossier_dossier_visible(PG_FUNCTION_ARGS)
{
	struct varlena *v = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(PG_GETARG_DATUM(0)));
	size_t		len = VARSIZE_ANY_EXHDR(v);
	CommandId	cid = GetCurrentCommandId(false);
	Oid			role = GetUserId();
	bool		visible;

	if (len < sizeof(last_answer.code) && last_answer.lxid == MyProc->lxid &&
		last_answer.cid == cid && last_answer.role == role &&
		strlen(last_answer.code) == len && memcmp(last_answer.code, VARDATA_ANY(v), len) == 0)
		PG_RETURN_BOOL(last_answer.visible);
	visible = row_visible(PG_GETARG_DATUM(0), 0);
	if (len < sizeof(last_answer.code))
	{
		memcpy(last_answer.code, VARDATA_ANY(v), len);
		last_answer.code[len] = '\0';
		last_answer.lxid = MyProc->lxid;
		last_answer.cid = cid;
		last_answer.role = role;
		last_answer.visible = visible;
	}
	PG_RETURN_BOOL(visible);
}

/*
 * dossier.transfer_sender_visible(code, seq): the agency after event seq - 1,
 * the one that held the dossier when event seq (a transfer) handed it on,
 * is visible.
 */
Datum
dossier_transfer_sender_visible(PG_FUNCTION_ARGS)
{
	int32		seq = PG_GETARG_INT32(1);

	if (seq <= 1)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(row_visible(PG_GETARG_DATUM(0), seq - 1));
}

/* dossier.acting_role(): the role SET ROLE set, outside any SECURITY DEFINER function. */
Datum
dossier_acting_role(PG_FUNCTION_ARGS)
{
	PG_RETURN_OID(GetOuterUserId());
}
