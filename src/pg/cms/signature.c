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

/* Whether verify_cms's result descriptor was checked (once per backend). */
static bool columns_checked = false;

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
 * The columns of dossier.signature_verdict (extension/parts/81_signature.sql),
 * which verify_pdf repeats after its own four (82_pdf_signature.sql), in
 * the order signature_verdict_values fills them: one enum names the
 * positions, one table says each one's name and type.  Both functions'
 * result descriptors are checked against the table on first use
 * (signature_check_verdict_columns), so a column added, removed, renamed,
 * retyped or moved in either SQL file stops the call instead of shifting
 * the values; sql/pdf/pdf_signature.sql checks the two SQL definitions
 * against each other.
 */
typedef enum VerdictColumn
{
	VC_VERDICT,
	VC_INDICATION,
	VC_SUB_INDICATION,
	VC_DIGEST_MATCHES,
	VC_SIGNATURE_VALUE_OK,
	VC_BYTE_RANGE,
	VC_COVERAGE,
	VC_MODIFICATION_LEVEL,
	VC_DOCMDP_PERMISSION,
	VC_DOCMDP_RESPECTED,
	VC_SIGNER_SUBJECT,
	VC_SIGNER_ISSUER,
	VC_SIGNER_SERIAL,
	VC_SIGNER_CERTIFICATE,
	VC_CHAIN,
	VC_ANCHOR,
	VC_KEY_USAGE_OK,
	VC_CERTIFICATE_TIME_STATUS,
	VC_REVOCATION_STATUS,
	VC_REVOCATION_SOURCE,
	VC_REVOCATION_TIME,
	VC_REVOCATION_REASON,
	VC_CLAIMED_SIGNING_TIME,
	VC_TIMESTAMP_TIME,
	VC_TIMESTAMP_STATUS,
	VC_TIMESTAMP_AUTHORITY,
	VC_VALIDATION_TIME,
	VC_WARNINGS,
	VC_ERRORS,
	VC_COUNT
} VerdictColumn;

static const SigColumn verdict_columns[] = {
	[VC_VERDICT] = {"verdict", TEXTOID},
	[VC_INDICATION] = {"indication", TEXTOID},
	[VC_SUB_INDICATION] = {"sub_indication", TEXTOID},
	[VC_DIGEST_MATCHES] = {"digest_matches", BOOLOID},
	[VC_SIGNATURE_VALUE_OK] = {"signature_value_ok", BOOLOID},
	[VC_BYTE_RANGE] = {"byte_range", INT8ARRAYOID},
	[VC_COVERAGE] = {"coverage", InvalidOid, "dossier.signature_coverage"},
	[VC_MODIFICATION_LEVEL] = {"modification_level", InvalidOid, "dossier.modification_level"},
	[VC_DOCMDP_PERMISSION] = {"docmdp_permission", INT4OID},
	[VC_DOCMDP_RESPECTED] = {"docmdp_respected", BOOLOID},
	[VC_SIGNER_SUBJECT] = {"signer_subject", TEXTOID},
	[VC_SIGNER_ISSUER] = {"signer_issuer", TEXTOID},
	[VC_SIGNER_SERIAL] = {"signer_serial", TEXTOID},
	[VC_SIGNER_CERTIFICATE] = {"signer_certificate", BYTEAOID},
	[VC_CHAIN] = {"chain", TEXTARRAYOID},
	[VC_ANCHOR] = {"anchor", TEXTOID},
	[VC_KEY_USAGE_OK] = {"key_usage_ok", BOOLOID},
	[VC_CERTIFICATE_TIME_STATUS] = {"certificate_time_status", TEXTOID},
	[VC_REVOCATION_STATUS] = {"revocation_status", TEXTOID},
	[VC_REVOCATION_SOURCE] = {"revocation_source", TEXTOID},
	[VC_REVOCATION_TIME] = {"revocation_time", TIMESTAMPTZOID},
	[VC_REVOCATION_REASON] = {"revocation_reason", TEXTOID},
	[VC_CLAIMED_SIGNING_TIME] = {"claimed_signing_time", TIMESTAMPTZOID},
	[VC_TIMESTAMP_TIME] = {"timestamp_time", TIMESTAMPTZOID},
	[VC_TIMESTAMP_STATUS] = {"timestamp_status", TEXTOID},
	[VC_TIMESTAMP_AUTHORITY] = {"timestamp_authority", TEXTOID},
	[VC_VALIDATION_TIME] = {"validation_time", TIMESTAMPTZOID},
	[VC_WARNINGS] = {"warnings", TEXTARRAYOID},
	[VC_ERRORS] = {"errors", TEXTARRAYOID},
};

StaticAssertDecl(VC_COUNT == VERDICT_NATTS, "VERDICT_NATTS is the number of VerdictColumn");
StaticAssertDecl(lengthof(verdict_columns) == VERDICT_NATTS,
				 "verdict_columns names every column of dossier.signature_verdict");

/* Whether a column of type typid has the type the table says. */
static bool
column_type_matches(Oid typid, const SigColumn *c)
{
	if (OidIsValid(c->type))
		return typid == c->type;
	return strcmp(format_type_extended(typid, -1, FORMAT_TYPE_FORCE_QUALIFY),
				  c->type_name) == 0;
}

/* The type a column should have, for messages. */
static const char *
column_type_name(const SigColumn *c)
{
	return OidIsValid(c->type) ? format_type_be(c->type) : c->type_name;
}

/* Check the n columns at off of function's result descriptor; see signature.h. */
void
signature_check_columns(TupleDesc td, int off, const SigColumn *cols, int n,
						const char *function)
{
	Assert(off >= 0 && n > 0);
	if (td->natts < off + n)
		elog(ERROR, "%s returns %d columns, expected at least %d",
			 function, td->natts, off + n);
	for (int i = 0; i < n; i++)
	{
		Form_pg_attribute att = TupleDescAttr(td, off + i);

		if (att->attisdropped || strcmp(NameStr(att->attname), cols[i].name) != 0 ||
			!column_type_matches(att->atttypid, &cols[i]))
			elog(ERROR, "column %d of the result of %s is \"%s\" %s, expected \"%s\" %s",
				 off + i + 1, function, NameStr(att->attname),
				 format_type_be(att->atttypid), cols[i].name, column_type_name(&cols[i]));
	}
}

/* Check the verdict's columns at off of function's result; see signature.h. */
void
signature_check_verdict_columns(TupleDesc td, int off, const char *function)
{
	signature_check_columns(td, off, verdict_columns, VERDICT_NATTS, function);
}

/*
 * The VERDICT_NATTS values of a finished verdict into v[off...] and
 * n[off...]: the columns of dossier.signature_verdict, which start at
 * attribute off of td (0 for the type itself; verify_pdf puts four columns
 * before them), each at its VerdictColumn.
 */
void
signature_verdict_values(TupleDesc td, int off, const SigVerdict *r, TimestampTz at,
						 Datum *v, bool *n)
{
	bool		has = r->has_structure;

	Assert(off >= 0 && td->natts >= off + VERDICT_NATTS);
	Assert((unsigned) r->word < SIGW_COUNT);
	v += off;
	n += off;
	memset(n, 0, sizeof(bool) * VERDICT_NATTS);
	v[VC_VERDICT] = CStringGetTextDatum(sigv_word_name(r->word));
	v[VC_INDICATION] = CStringGetTextDatum(sigv_indication_name(r->indication));
	v[VC_SUB_INDICATION] = trust_utf8_text(sigv_sub_name(r->sub), &n[VC_SUB_INDICATION]);
	v[VC_DIGEST_MATCHES] = tri_bool(r->digest_matches, &n[VC_DIGEST_MATCHES]);
	v[VC_SIGNATURE_VALUE_OK] = tri_bool(r->signature_value_ok, &n[VC_SIGNATURE_VALUE_OK]);
	v[VC_BYTE_RANGE] = has ? byte_range_array(&r->structure) : (Datum) 0;
	n[VC_BYTE_RANGE] = !has;
	v[VC_COVERAGE] = enum_value(td, off + VC_COVERAGE,
								has ? sigv_coverage_name(r->structure.coverage) : NULL,
								&n[VC_COVERAGE]);
	v[VC_MODIFICATION_LEVEL] =
		enum_value(td, off + VC_MODIFICATION_LEVEL,
				   has ? sigv_modification_name(r->structure.modification_level) : NULL,
				   &n[VC_MODIFICATION_LEVEL]);
	v[VC_DOCMDP_PERMISSION] = Int32GetDatum(r->structure.docmdp_permission);
	n[VC_DOCMDP_PERMISSION] = !has || r->structure.docmdp_permission == 0;
	v[VC_DOCMDP_RESPECTED] = BoolGetDatum(r->structure.docmdp_respected == 1);
	n[VC_DOCMDP_RESPECTED] = !has || r->structure.docmdp_respected < 0;
	v[VC_SIGNER_SUBJECT] = trust_utf8_text(r->signer_subject, &n[VC_SIGNER_SUBJECT]);
	v[VC_SIGNER_ISSUER] = trust_utf8_text(r->signer_issuer, &n[VC_SIGNER_ISSUER]);
	v[VC_SIGNER_SERIAL] = trust_utf8_text(r->signer_serial, &n[VC_SIGNER_SERIAL]);
	if (r->signer_certificate)
	{
		bytea	   *b = palloc(VARHDRSZ + r->signer_certificate_len);

		SET_VARSIZE(b, VARHDRSZ + r->signer_certificate_len);
		memcpy(VARDATA(b), r->signer_certificate, r->signer_certificate_len);
		v[VC_SIGNER_CERTIFICATE] = PointerGetDatum(b);
	}
	else
		n[VC_SIGNER_CERTIFICATE] = true;
	v[VC_CHAIN] = trust_text_array(r->chain, r->n_chain);
	v[VC_ANCHOR] = trust_utf8_text(r->anchor, &n[VC_ANCHOR]);
	v[VC_KEY_USAGE_OK] = tri_bool(r->key_usage_ok, &n[VC_KEY_USAGE_OK]);
	v[VC_CERTIFICATE_TIME_STATUS] = trust_utf8_text(r->certificate_time_status,
													&n[VC_CERTIFICATE_TIME_STATUS]);
	v[VC_REVOCATION_STATUS] = trust_utf8_text(r->revocation_status, &n[VC_REVOCATION_STATUS]);
	v[VC_REVOCATION_SOURCE] = trust_utf8_text(r->revocation_source, &n[VC_REVOCATION_SOURCE]);
	v[VC_REVOCATION_TIME] = unix_tz(r->revocation_time);
	n[VC_REVOCATION_TIME] = !r->has_revocation_time;
	v[VC_REVOCATION_REASON] = trust_utf8_text(r->revocation_reason, &n[VC_REVOCATION_REASON]);
	v[VC_CLAIMED_SIGNING_TIME] = unix_tz(r->claimed_signing_time);
	n[VC_CLAIMED_SIGNING_TIME] = !r->has_claimed_signing_time;
	v[VC_TIMESTAMP_TIME] = unix_tz(r->timestamp_time);
	n[VC_TIMESTAMP_TIME] = !r->has_timestamp_time;
	v[VC_TIMESTAMP_STATUS] = trust_utf8_text(r->timestamp_status, &n[VC_TIMESTAMP_STATUS]);
	v[VC_TIMESTAMP_AUTHORITY] = trust_utf8_text(r->timestamp_authority, &n[VC_TIMESTAMP_AUTHORITY]);
	v[VC_VALIDATION_TIME] = TimestampTzGetDatum(at);	/* exactly as given */
	v[VC_WARNINGS] = trust_text_array(r->warnings, r->n_warnings);
	v[VC_ERRORS] = trust_text_array(r->errors, r->n_errors);
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
	if (!columns_checked)
	{
		signature_check_verdict_columns(td, 0, "dossier.verify_cms");
		columns_checked = true;
	}
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
