/*
 * signature.h
 *	  What signature.c lends the other signature glue (pdf_signature.c):
 *	  the columns of dossier.signature_verdict from a SigVerdict, and the
 *	  validation time argument.
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

/* The verdict's VERDICT_NATTS values at v[off], n[off] (attributes off... of td). */
extern void signature_verdict_values(TupleDesc td, int off, const SigVerdict *r,
									 TimestampTz at, Datum *v, bool *n);

/* Argument argno as a validation time: NULL is the transaction start, infinity an error. */
extern TimestampTz signature_validation_time(FunctionCallInfo fcinfo, int argno);

#endif							/* DOSSIER_PG_SIGNATURE_H */
