/*
 * agency_code_support.c
 *	  Planner support for the hierarchy operators <@ and @> of agency_code.
 *
 * Codes compare by their bytes, and '.' sorts below every other character a
 * code may hold, so the subtree of X (X and every code that starts with
 * X || '.') is exactly the key range [X, max(X)], where max(X) is the
 * greatest valid code under X (X followed by ".ZZZ" groups up to the length
 * limit; agency_code_subtree_max in src/core).  Both bounds are valid codes,
 * so nothing the planner builds is a value no user could write.  The support
 * function of the operators' functions answers SupportRequestIndexCondition
 * the way like_support.c does for LIKE with a fixed prefix:
 *
 *   col <@ X    and    X @> col
 *       become  col >= X AND col <= max(X)           (exact: lossy = false)
 *   col @> X    and    X <@ col    (col is an ancestor of X)
 *       become  col >= level1(X) AND col <= X        (lossy: rechecked)
 *
 * X may be a Const or any expression the planner considers a pseudo-constant
 * for the scan (a Param, a stable function, an outer Var in a nested loop);
 * for a non-constant X the upper bound is the call
 * dossier.agency_code_subtree_max(X).  The ancestor case needs X's level-1
 * code and is only built for a Const.
 *
 * Only the extension's default btree operator family is used: a family with
 * another order (a reversed opclass, say) would make the range wrong.
 *
 * The restriction selectivity of both operators is estimated by applying the
 * operator to the column's MCVs and histogram (generic_restriction_selectivity,
 * as ltree's ltreeparentsel does).
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"
#include "parser/parse_func.h"
#include "utils/lsyscache.h"
#include "utils/selfuncs.h"

#include "core/identifiers/agency_code.h"
#include "pg/identifiers/agency_code_type.h"
#include "pg/common/dossier.h"

/* Selectivity when there are no statistics: a branch of a big tree. */
#define DEFAULT_SUBTREE_SEL 0.005

PG_FUNCTION_INFO_V1(agency_code_is_under_support);
PG_FUNCTION_INFO_V1(agency_code_contains_support);
PG_FUNCTION_INFO_V1(agency_code_subtree_sel);

/* The function dossier.agency_code_subtree_max(typid), found next to funcid. */
static Oid
subtree_max_function(Oid funcid, Oid typid)
{
	char	   *nspname = get_namespace_name(get_func_namespace(funcid));
	List	   *name;

	if (nspname == NULL)
		return InvalidOid;
	name = list_make2(makeString(nspname),
					  makeString(pstrdup("agency_code_subtree_max")));
	return LookupFuncName(name, 1, &typid, true);
}

/* "left op right" with a btree operator. */
static Expr *
btree_clause(Oid opno, Node *left, Expr *right)
{
	return make_opclause(opno, BOOLOID, false, (Expr *) left, right,
						 InvalidOid, InvalidOid);
}

/*
 * Index conditions for col <@ other (col under other): the key range
 * [other, max(other)].  Exact.
 */
static List *
subtree_range(SupportRequestIndexCondition *req, Node *col, Node *other,
			  Oid typid, Oid geop, Oid leop)
{
	Expr	   *upper;

	if (IsA(other, Const))
	{
		Const	   *c = (Const *) other;

		if (c->constisnull)
			return NIL;
		upper = (Expr *) makeConst(typid, -1, InvalidOid, -1,
								   agency_code_subtree_max_datum(c->constvalue),
								   false, false);
	}
	else
	{
		Oid			fn = subtree_max_function(req->funcid, typid);

		if (!OidIsValid(fn))
			return NIL;
		upper = (Expr *) makeFuncExpr(fn, typid, list_make1(copyObject(other)),
									  InvalidOid, InvalidOid,
									  COERCE_EXPLICIT_CALL);
	}
	req->lossy = false;
	return list_make2(btree_clause(geop, col, (Expr *) other),
					  btree_clause(leop, col, upper));
}

/*
 * Index conditions for col @> other (col an ancestor of other): every
 * ancestor lies in [level1(other), other].  Lossy; Const only.
 */
static List *
ancestor_range(SupportRequestIndexCondition *req, Node *col, Node *other,
			   Oid typid, Oid geop, Oid leop)
{
	Const	   *c;
	struct varlena *v;
	Const	   *lower;

	if (!IsA(other, Const) || ((Const *) other)->constisnull)
		return NIL;
	c = (Const *) other;
	v = PG_DETOAST_DATUM_PACKED(c->constvalue);
	lower = makeConst(typid, -1, InvalidOid, -1,
					  agency_code_datum(VARDATA_ANY(v),
										agency_code_ancestor_len(VARDATA_ANY(v),
																 VARSIZE_ANY_EXHDR(v), 1)),
					  false, false);
	req->lossy = true;
	return list_make2(btree_clause(geop, col, (Expr *) lower),
					  btree_clause(leop, col, (Expr *) other));
}

/*
 * Answer SupportRequestIndexCondition for a call whose argument
 * descendant_arg is the one that must lie under the other.
 */
static List *
hierarchy_index_condition(SupportRequestIndexCondition *req, int descendant_arg)
{
	List	   *args;
	Node	   *col;
	Node	   *other;
	Oid			typid;
	Oid			opclass;
	Oid			geop,
				leop;

	if (req->index->relam != BTREE_AM_OID)
		return NIL;
	if (is_opclause(req->node))
		args = ((OpExpr *) req->node)->args;
	else if (is_funcclause(req->node))
		args = ((FuncExpr *) req->node)->args;
	else
		return NIL;
	if (list_length(args) != 2 || req->indexarg < 0 || req->indexarg > 1)
		return NIL;
	col = (Node *) list_nth(args, req->indexarg);
	other = (Node *) list_nth(args, 1 - req->indexarg);
	typid = exprType(col);
	if (exprType(other) != typid)
		return NIL;

	/* only the default family orders codes by their bytes */
	opclass = GetDefaultOpClass(typid, BTREE_AM_OID);
	if (!OidIsValid(opclass) || get_opclass_family(opclass) != req->opfamily)
		return NIL;
	geop = get_opfamily_member(req->opfamily, typid, typid, BTGreaterEqualStrategyNumber);
	leop = get_opfamily_member(req->opfamily, typid, typid, BTLessEqualStrategyNumber);
	if (!OidIsValid(geop) || !OidIsValid(leop))
		return NIL;

	if (req->indexarg == descendant_arg)
		return subtree_range(req, col, other, typid, geop, leop);
	return ancestor_range(req, col, other, typid, geop, leop);
}

/* Support function of agency_code_is_under(a, b) = a <@ b. */
Datum
agency_code_is_under_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);

	if (!IsA(rawreq, SupportRequestIndexCondition))
		PG_RETURN_POINTER(NULL);
	PG_RETURN_POINTER(hierarchy_index_condition((SupportRequestIndexCondition *) rawreq, 0));
}

/* Support function of agency_code_contains(a, b) = a @> b. */
Datum
agency_code_contains_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);

	if (!IsA(rawreq, SupportRequestIndexCondition))
		PG_RETURN_POINTER(NULL);
	PG_RETURN_POINTER(hierarchy_index_condition((SupportRequestIndexCondition *) rawreq, 1));
}

/* Restriction selectivity of <@ and @>: the operator tried on the statistics. */
Datum
agency_code_subtree_sel(PG_FUNCTION_ARGS)
{
	PlannerInfo *root = (PlannerInfo *) PG_GETARG_POINTER(0);
	Oid			operator = PG_GETARG_OID(1);
	List	   *args = (List *) PG_GETARG_POINTER(2);
	int			varRelid = PG_GETARG_INT32(3);

	PG_RETURN_FLOAT8(generic_restriction_selectivity(root, operator, InvalidOid,
													 args, varRelid,
													 DEFAULT_SUBTREE_SEL));
}
