/*
 * signature.c
 *	  SQL glue of signature verification: dossier.verify_cms turns a detached
 *	  CMS signature and its content into a dossier.signature_verdict, with
 *	  the trust store of trust_store.c.
 *
 * All checking is in src/core/cms/cms_verify.c and the verdict's precedence in
 * src/core/cms/sig_verdict.c; this file only converts.  The verdict's strings
 * and the core's OpenSSL objects are malloc'd and released in a PG_FINALLY
 * block, so an ereport leaks nothing.  The trust store is the per-backend
 * cache of trust_store.c (no shared state, no locking).  The conversion of
 * a verdict into columns is shared with pdf_signature.c (signature.h).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "core/cms/cms_verify.h"
#include "pg/common/dossier.h"
#include "core/cms/sig_verdict.h"
#include "pg/cms/signature.h"
#include "pg/trust/trust_store.h"

PG_FUNCTION_INFO_V1(verify_cms);

/* A boolean from a tri-state (SIGV_UNKNOWN is NULL). */
static Datum
tri_bool(int v, bool *isnull)
{
	*isnull = v == SIGV_UNKNOWN;
	return BoolGetDatum(v == 1);
}

/* A timestamptz from Unix seconds. */
static Datum
unix_tz(int64_t t)
{
	return TimestampTzGetDatum(time_t_to_timestamptz((pg_time_t) t));
}

/* The value of an enum column from its label; NULL label is NULL. */
static Datum
enum_value(TupleDesc td, int att, const char *label, bool *isnull)
{
	*isnull = label == NULL;
	if (label == NULL)
		return (Datum) 0;
	return DirectFunctionCall2(enum_in, CStringGetDatum(label),
							   ObjectIdGetDatum(TupleDescAttr(td, att)->atttypid));
}

/* An int8[] of a /ByteRange. */
static Datum
byte_range_array(const SigStructure *s)
{
	Datum	   *elems = palloc(sizeof(Datum) * (s->n_byte_range > 0 ? s->n_byte_range : 1));

	for (int i = 0; i < s->n_byte_range; i++)
		elems[i] = Int64GetDatum(s->byte_range[i]);
	return PointerGetDatum(construct_array(elems, s->n_byte_range, INT8OID, 8,
										   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/*
 * The VERDICT_NATTS values of a finished verdict into v[off...] and
 * n[off...]: the columns of dossier.signature_verdict, which start at
 * attribute off of td (0 for the type itself; verify_pdf puts four columns
 * before them).
 */
void
signature_verdict_values(TupleDesc td, int off, const SigVerdict *r, TimestampTz at,
						 Datum *v, bool *n)
{
	bool		has = r->has_structure;

	v += off;
	n += off;
	memset(n, 0, sizeof(bool) * VERDICT_NATTS);
	v[0] = CStringGetTextDatum(sigv_word_name(r->word));
	v[1] = CStringGetTextDatum(sigv_indication_name(r->indication));
	v[2] = trust_utf8_text(sigv_sub_name(r->sub), &n[2]);
	v[3] = tri_bool(r->digest_matches, &n[3]);
	v[4] = tri_bool(r->signature_value_ok, &n[4]);
	v[5] = has ? byte_range_array(&r->structure) : (Datum) 0;
	n[5] = !has;
	v[6] = enum_value(td, off + 6, has ? sigv_coverage_name(r->structure.coverage) : NULL, &n[6]);
	v[7] = enum_value(td, off + 7, has ? sigv_modification_name(r->structure.modification_level) : NULL, &n[7]);
	v[8] = Int32GetDatum(r->structure.docmdp_permission);
	n[8] = !has || r->structure.docmdp_permission == 0;
	v[9] = BoolGetDatum(r->structure.docmdp_respected == 1);
	n[9] = !has || r->structure.docmdp_respected < 0;
	v[10] = trust_utf8_text(r->signer_subject, &n[10]);
	v[11] = trust_utf8_text(r->signer_issuer, &n[11]);
	v[12] = trust_utf8_text(r->signer_serial, &n[12]);
	if (r->signer_certificate)
	{
		bytea	   *b = palloc(VARHDRSZ + r->signer_certificate_len);

		SET_VARSIZE(b, VARHDRSZ + r->signer_certificate_len);
		memcpy(VARDATA(b), r->signer_certificate, r->signer_certificate_len);
		v[13] = PointerGetDatum(b);
	}
	else
		n[13] = true;
	v[14] = trust_text_array(r->chain, r->n_chain);
	v[15] = trust_utf8_text(r->anchor, &n[15]);
	v[16] = tri_bool(r->key_usage_ok, &n[16]);
	v[17] = trust_utf8_text(r->certificate_time_status, &n[17]);
	v[18] = trust_utf8_text(r->revocation_status, &n[18]);
	v[19] = trust_utf8_text(r->revocation_source, &n[19]);
	v[20] = unix_tz(r->revocation_time);
	n[20] = !r->has_revocation_time;
	v[21] = trust_utf8_text(r->revocation_reason, &n[21]);
	v[22] = unix_tz(r->claimed_signing_time);
	n[22] = !r->has_claimed_signing_time;
	v[23] = unix_tz(r->timestamp_time);
	n[23] = !r->has_timestamp_time;
	v[24] = trust_utf8_text(r->timestamp_status, &n[24]);
	v[25] = trust_utf8_text(r->timestamp_authority, &n[25]);
	v[26] = TimestampTzGetDatum(at);	/* exactly as given */
	v[27] = trust_text_array(r->warnings, r->n_warnings);
	v[28] = trust_text_array(r->errors, r->n_errors);
}

/* The tuple of a finished verdict. */
static HeapTuple
verdict_tuple(TupleDesc td, const SigVerdict *r, TimestampTz at)
{
	Datum		v[VERDICT_NATTS];
	bool		n[VERDICT_NATTS];

	signature_verdict_values(td, 0, r, at, v, n);
	return heap_form_tuple(td, v, n);
}

/* The validation time argument: NULL is the transaction start; finite. */
TimestampTz
signature_validation_time(FunctionCallInfo fcinfo, int argno)
{
	TimestampTz at = PG_ARGISNULL(argno) ? GetCurrentTransactionStartTimestamp() :
		PG_GETARG_TIMESTAMPTZ(argno);

	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("validation time must be finite"),
				 errdetail("A signature is valid, or not, at one instant."),
				 errhint("Pass a timestamp, or leave the argument out for now().")));
	return at;
}

/*
 * verify_cms(content bytea, signature bytea, at timestamptz,
 * require_revocation boolean) RETURNS dossier.signature_verdict.
 */
Datum
verify_cms(PG_FUNCTION_ARGS)
{
	bytea	   *content;
	bytea	   *sig;
	TimestampTz at;
	TupleDesc	td;
	X509vStore *st;
	CmsvInput	in;
	CmsvSegment seg;
	SigVerdict *r;
	HeapTuple	volatile tup = NULL;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	content = PG_GETARG_BYTEA_PP(0);
	sig = PG_GETARG_BYTEA_PP(1);
	at = signature_validation_time(fcinfo, 2);
	td = get_call_result_type(fcinfo, NULL, &td) == TYPEFUNC_COMPOSITE ? td : NULL;
	if (td == NULL)
		elog(ERROR, "function returning a record called in a context that cannot accept it");
	td = BlessTupleDesc(td);
	if (td->natts != VERDICT_NATTS)
		elog(ERROR, "dossier.signature_verdict has %d attributes, expected %d",
			 td->natts, VERDICT_NATTS);
	st = trust_store_get();

	memset(&in, 0, sizeof(in));
	seg.data = (const uint8_t *) VARDATA_ANY(content);
	seg.len = VARSIZE_ANY_EXHDR(content);
	in.cms = (const uint8_t *) VARDATA_ANY(sig);
	in.cms_len = VARSIZE_ANY_EXHDR(sig);
	in.segments = &seg;
	in.n_segments = 1;
	in.at = (int64) timestamptz_to_time_t(at);
	in.require_revocation = PG_ARGISNULL(3) ? true : PG_GETARG_BOOL(3);
	r = palloc0(sizeof(SigVerdict));

	PG_TRY();
	{
		if (!cmsv_verify(st, &in, NULL, r))
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
		tup = verdict_tuple(td, r, at);
	}
	PG_FINALLY();
	{
		sigv_free(r);
	}
	PG_END_TRY();
	PG_RETURN_DATUM(HeapTupleGetDatum(tup));
}
