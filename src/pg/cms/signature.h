/*
 * signature.h
 *	  What signature.c lends the other signature glue (pdf_signature.c):
 *	  the columns of dossier.signature_verdict from a SigVerdict, the check
 *	  of a result descriptor against them, and the validation time argument.
 */
#ifndef DOSSIER_PG_SIGNATURE_H
#define DOSSIER_PG_SIGNATURE_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "fmgr.h"
#include "utils/timestamp.h"

#include "core/cms/sig_verdict.h"

/* Attributes of dossier.signature_verdict. */
#define VERDICT_NATTS 29

/*
 * One expected column of a function's result: its name, and its type as an
 * OID (built-in types) or, when type is InvalidOid, as the schema-qualified
 * name of an extension type ("dossier.signature_coverage").
 */
typedef struct SigColumn
{
	const char *name;
	Oid			type;
	const char *type_name;
} SigColumn;

/*
 * Check that the n columns of td from offset off (0-based) are cols, by
 * name and type; elog(ERROR) naming function and the first that is not
 * ("cannot happen" unless the SQL and the C disagree).
 */
extern void signature_check_columns(TupleDesc td, int off, const SigColumn *cols, int n,
									const char *function);

/* The same for the VERDICT_NATTS columns of dossier.signature_verdict at off. */
extern void signature_check_verdict_columns(TupleDesc td, int off, const char *function);

/* The verdict's VERDICT_NATTS values at v[off], n[off] (attributes off... of td). */
extern void signature_verdict_values(TupleDesc td, int off, const SigVerdict *r,
									 TimestampTz at, Datum *v, bool *n);

/* Argument argno as a validation time: NULL is the transaction start, infinity an error. */
extern TimestampTz signature_validation_time(FunctionCallInfo fcinfo, int argno);

#endif							/* DOSSIER_PG_SIGNATURE_H */
