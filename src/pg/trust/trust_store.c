/*
 * trust_store.c
 *	  SQL glue of the trust store: certificate and CRL inspection, and
 *	  certificate path validation against the anchors, intermediates, CRLs
 *	  and OCSP responses of dossier.trust_anchor, dossier.trust_intermediate,
 *	  dossier.trust_crl and dossier.trust_ocsp.
 *
 * The store built from those tables is cached per backend (it is plain
 * process memory owned by OpenSSL) and rebuilt on first use after any of the
 * four tables changes: a statement-level trigger on each table
 * (dossier.trust_store_changed) queues a relcache invalidation of the table,
 * which PostgreSQL delivers to this backend at the end of the command and to
 * every other backend when the transaction commits (and to nobody else if it
 * aborts); the relcache callback below only marks the cache stale, so it is
 * safe whenever PostgreSQL chooses to run it.  No locking: the cache is
 * backend-local.
 *
 * Every OpenSSL object made for one call is released in a PG_FINALLY block,
 * so an ereport (bad input, out of memory, cancel) leaks nothing.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "pg/common/dossier.h"
#include "pg/trust/trust_store.h"
#include "core/trust/x509_verify.h"


PG_FUNCTION_INFO_V1(certificate_der);
PG_FUNCTION_INFO_V1(inspect_certificate);
PG_FUNCTION_INFO_V1(inspect_crl);
PG_FUNCTION_INFO_V1(inspect_ocsp_response);
PG_FUNCTION_INFO_V1(verify_certificate);
PG_FUNCTION_INFO_V1(trust_store_changed);

/* The cached store; valid until a relcache invalidation of a trust table. */
static X509vStore *cached_store = NULL;
static bool cache_valid = false;
static bool callback_registered = false;
static Oid	trust_relids[4];

/* Per-call OpenSSL objects, freed in PG_FINALLY. */
typedef struct CallObjects
{
	X509	   *cert;
	X509_CRL   *crl;
	STACK_OF(X509) *extra;
	X509vCertInfo info;
	X509vCrlInfo crl_info;
	OCSP_RESPONSE *ocsp;
	X509vOcspInfo ocsp_info;
	X509vVerdict verdict;
	uint8_t    *der;
} CallObjects;

/* Free whatever a call made. */
static void
free_call_objects(CallObjects *o)
{
	x509v_verdict_free(&o->verdict);
	x509v_cert_info_free(&o->info);
	x509v_crl_info_free(&o->crl_info);
	x509v_ocsp_info_free(&o->ocsp_info);
	OCSP_RESPONSE_free(o->ocsp);
	X509_free(o->cert);
	X509_CRL_free(o->crl);
	sk_X509_pop_free(o->extra, X509_free);
	free(o->der);
	memset(o, 0, sizeof(*o));
}

/*
 * Raise the error of an input the core could not read: "invalid <what>"
 * with the core's detail and hint, under VN301 (certificate), VN302 (CRL)
 * or VN303 (OCSP response).
 */
static void
report_unreadable(int sqlstate, const char *what, const ParseError *err)
{
	Assert(sqlstate == ERRCODE_MALFORMED_CERTIFICATE || sqlstate == ERRCODE_MALFORMED_CRL ||
		   sqlstate == ERRCODE_MALFORMED_OCSP);
	Assert(err->hint != NULL);
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("invalid %s", what),
			 errdetail("%s", err->detail),
			 errhint("%s", err->hint)));
}

/* A UTF-8 string from core as text in the server encoding; NULL stays NULL. */
static Datum
utf8_text(const char *s, bool *isnull)
{
	char	   *conv;

	if (s == NULL)
	{
		*isnull = true;
		return (Datum) 0;
	}
	*isnull = false;
	conv = pg_any_to_server(s, strlen(s), PG_UTF8);
	return CStringGetTextDatum(conv);
}

/* A text[] from n UTF-8 strings. */
static Datum
text_array(char *const *items, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	bool		dummy;

	Assert(n >= 0 && (n == 0 || items != NULL));
	for (int i = 0; i < n; i++)
		elems[i] = utf8_text(items[i], &dummy);
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* A text[] from a comma-separated list; NULL stays NULL. */
static Datum
list_array(const char *list, bool *isnull)
{
	char	   *copy,
			   *tok,
			   *save = NULL;
	char	   *items[64];
	int			n = 0;

	if (list == NULL)
	{
		*isnull = true;
		return (Datum) 0;
	}
	*isnull = false;
	copy = pstrdup(list);
	for (tok = strtok_r(copy, ",", &save); tok && n < 64; tok = strtok_r(NULL, ",", &save))
		items[n++] = tok;
	return text_array(items, n);
}

/* The result tuple descriptor of a composite-returning function. */
static TupleDesc
result_desc(FunctionCallInfo fcinfo)
{
	TupleDesc	td;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a record called in a context that cannot accept it");
	return BlessTupleDesc(td);
}

/* bytea of n bytes. */
static bytea *
make_bytea(const uint8_t *p, size_t n)
{
	bytea	   *b = palloc(VARHDRSZ + n);

	SET_VARSIZE(b, VARHDRSZ + n);
	memcpy(VARDATA(b), p, n);
	return b;
}

/* certificate_der(bytea): the DER of one PEM or DER certificate. */
Datum
certificate_der(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	CallObjects *o = palloc0(sizeof(CallObjects));
	bytea	   *volatile out = NULL;

	PG_TRY();
	{
		ParseError	err;
		size_t		n = 0;

		o->cert = x509v_load_cert((const uint8_t *) VARDATA_ANY(in),
								  VARSIZE_ANY_EXHDR(in), &err);
		if (o->cert == NULL)
			report_unreadable(ERRCODE_MALFORMED_CERTIFICATE, "certificate", &err);
		o->der = x509v_cert_der(o->cert, &n);
		if (o->der == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
		out = make_bytea(o->der, n);
	}
	PG_FINALLY();
	{
		free_call_objects(o);
	}
	PG_END_TRY();
	PG_RETURN_BYTEA_P(out);
}

/* inspect_certificate(bytea) RETURNS dossier.certificate_info. */
Datum
inspect_certificate(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	TupleDesc	td = result_desc(fcinfo);
	CallObjects *o = palloc0(sizeof(CallObjects));
	HeapTuple	volatile tup = NULL;

	PG_TRY();
	{
		ParseError	err;
		Datum		v[16];
		bool		nulls[16] = {0};
		X509vCertInfo *i = &o->info;

		o->cert = x509v_load_cert((const uint8_t *) VARDATA_ANY(in),
								  VARSIZE_ANY_EXHDR(in), &err);
		if (o->cert == NULL)
			report_unreadable(ERRCODE_MALFORMED_CERTIFICATE, "certificate", &err);
		if (!x509v_cert_info(o->cert, i))
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
		v[0] = utf8_text(i->subject, &nulls[0]);
		v[1] = utf8_text(i->issuer, &nulls[1]);
		v[2] = utf8_text(i->serial, &nulls[2]);
		v[3] = TimestampTzGetDatum(time_t_to_timestamptz((pg_time_t) i->not_before));
		v[4] = TimestampTzGetDatum(time_t_to_timestamptz((pg_time_t) i->not_after));
		v[5] = utf8_text(i->key_algorithm, &nulls[5]);
		v[6] = Int32GetDatum(i->key_bits);
		v[7] = utf8_text(i->signature_algorithm, &nulls[7]);
		v[8] = list_array(i->key_usage, &nulls[8]);
		v[9] = list_array(i->extended_key_usage, &nulls[9]);
		v[10] = BoolGetDatum(i->is_ca == 1);
		nulls[10] = i->is_ca < 0;
		v[11] = Int32GetDatum(i->path_len);
		nulls[11] = i->path_len < 0;
		v[12] = utf8_text(i->ski, &nulls[12]);
		v[13] = utf8_text(i->aki, &nulls[13]);
		v[14] = utf8_text(i->sha256, &nulls[14]);
		v[15] = BoolGetDatum(i->self_issued);
		tup = heap_form_tuple(td, v, nulls);
	}
	PG_FINALLY();
	{
		free_call_objects(o);
	}
	PG_END_TRY();
	PG_RETURN_DATUM(HeapTupleGetDatum(tup));
}

/* inspect_crl(bytea) RETURNS dossier.crl_info. */
Datum
inspect_crl(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	TupleDesc	td = result_desc(fcinfo);
	CallObjects *o = palloc0(sizeof(CallObjects));
	HeapTuple	volatile tup = NULL;

	PG_TRY();
	{
		ParseError	err;
		Datum		v[6];
		bool		nulls[6] = {0};
		size_t		n = 0;
		X509vCrlInfo *i = &o->crl_info;

		o->crl = x509v_load_crl((const uint8_t *) VARDATA_ANY(in),
								VARSIZE_ANY_EXHDR(in), &err);
		if (o->crl == NULL)
			report_unreadable(ERRCODE_MALFORMED_CRL, "CRL", &err);
		o->der = x509v_crl_der(o->crl, &n);
		if (o->der == NULL || !x509v_crl_info(o->crl, i))
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
		v[0] = PointerGetDatum(make_bytea(o->der, n));
		v[1] = utf8_text(i->issuer, &nulls[1]);
		v[2] = TimestampTzGetDatum(time_t_to_timestamptz((pg_time_t) i->this_update));
		v[3] = TimestampTzGetDatum(time_t_to_timestamptz((pg_time_t) i->next_update));
		nulls[3] = !i->has_next_update;
		v[4] = Int32GetDatum(i->revoked_count);
		v[5] = utf8_text(i->sha256, &nulls[5]);
		tup = heap_form_tuple(td, v, nulls);
	}
	PG_FINALLY();
	{
		free_call_objects(o);
	}
	PG_END_TRY();
	PG_RETURN_DATUM(HeapTupleGetDatum(tup));
}

/* A timestamptz[] from n Unix times; has[i] false gives a NULL element. */
static Datum
time_array(const int64_t *t, const bool *has, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	bool	   *nulls = palloc(sizeof(bool) * (n > 0 ? n : 1));
	int			dims[1] = {n};
	int			lbs[1] = {1};

	for (int i = 0; i < n; i++)
	{
		nulls[i] = has && !has[i];
		elems[i] = TimestampTzGetDatum(time_t_to_timestamptz((pg_time_t) t[i]));
	}
	if (n == 0)
		return PointerGetDatum(construct_empty_array(TIMESTAMPTZOID));
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, TIMESTAMPTZOID,
											  sizeof(TimestampTz), FLOAT8PASSBYVAL,
											  TYPALIGN_DOUBLE));
}

/* A text[] of n possibly NULL static or UTF-8 strings. */
static Datum
nullable_text_array(const char *const *items, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	bool	   *nulls = palloc(sizeof(bool) * (n > 0 ? n : 1));
	int			dims[1] = {n};
	int			lbs[1] = {1};

	if (n == 0)
		return PointerGetDatum(construct_empty_array(TEXTOID));
	for (int i = 0; i < n; i++)
		elems[i] = utf8_text(items[i], &nulls[i]);
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, TEXTOID,
											  -1, false, TYPALIGN_INT));
}

/* inspect_ocsp_response(bytea) RETURNS dossier.ocsp_response_info. */
Datum
inspect_ocsp_response(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	TupleDesc	td = result_desc(fcinfo);
	CallObjects *o = palloc0(sizeof(CallObjects));
	HeapTuple	volatile tup = NULL;

	PG_TRY();
	{
		ParseError	err;
		Datum		v[16];
		bool		nulls[16] = {0};
		size_t		n = 0;
		X509vOcspInfo *i = &o->ocsp_info;
		int			k;
		const char **serial,
				  **status,
				  **hash,
				  **nh,
				  **kh,
				  **reason;
		int64_t    *tu,
				   *nu,
				   *rt;
		bool	   *has_nu,
				   *has_rt;

		o->ocsp = x509v_load_ocsp((const uint8_t *) VARDATA_ANY(in),
								  VARSIZE_ANY_EXHDR(in), &err);
		if (o->ocsp == NULL)
			report_unreadable(ERRCODE_MALFORMED_OCSP, "OCSP response", &err);
		o->der = x509v_ocsp_der(o->ocsp, &n);
		if (o->der == NULL || !x509v_ocsp_info(o->ocsp, i))
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
		k = i->n_singles;
		Assert(k >= 0 && (k == 0 || i->singles != NULL));
		serial = palloc0(sizeof(char *) * (k + 1));
		status = palloc0(sizeof(char *) * (k + 1));
		hash = palloc0(sizeof(char *) * (k + 1));
		nh = palloc0(sizeof(char *) * (k + 1));
		kh = palloc0(sizeof(char *) * (k + 1));
		reason = palloc0(sizeof(char *) * (k + 1));
		tu = palloc0(sizeof(int64_t) * (k + 1));
		nu = palloc0(sizeof(int64_t) * (k + 1));
		rt = palloc0(sizeof(int64_t) * (k + 1));
		has_nu = palloc0(sizeof(bool) * (k + 1));
		has_rt = palloc0(sizeof(bool) * (k + 1));
		for (int j = 0; j < k; j++)
		{
			X509vOcspSingle *s = &i->singles[j];

			serial[j] = s->serial;
			status[j] = s->status;
			hash[j] = s->hash_algorithm;
			nh[j] = s->issuer_name_hash;
			kh[j] = s->issuer_key_hash;
			reason[j] = s->revocation_reason;
			tu[j] = s->this_update;
			nu[j] = s->next_update;
			has_nu[j] = s->has_next_update;
			rt[j] = s->revocation_time;
			has_rt[j] = strcmp(s->status, "revoked") == 0;
		}
		v[0] = PointerGetDatum(make_bytea(o->der, n));
		v[1] = utf8_text(i->responder_id, &nulls[1]);
		v[2] = TimestampTzGetDatum(time_t_to_timestamptz((pg_time_t) i->produced_at));
		v[3] = utf8_text(i->signature_algorithm, &nulls[3]);
		v[4] = Int32GetDatum(i->n_certs);
		v[5] = nullable_text_array(serial, k);
		v[6] = nullable_text_array(status, k);
		v[7] = time_array(tu, NULL, k);
		v[8] = time_array(nu, has_nu, k);
		v[9] = time_array(rt, has_rt, k);
		v[10] = nullable_text_array(reason, k);
		v[11] = nullable_text_array(hash, k);
		v[12] = nullable_text_array(nh, k);
		v[13] = nullable_text_array(kh, k);
		v[14] = utf8_text(i->sha256, &nulls[14]);
		v[15] = Int32GetDatum(k);
		tup = heap_form_tuple(td, v, nulls);
	}
	PG_FINALLY();
	{
		free_call_objects(o);
	}
	PG_END_TRY();
	PG_RETURN_DATUM(HeapTupleGetDatum(tup));
}

/* Relcache callback: a trust table (or everything) changed. */
static void
trust_relcache_cb(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == trust_relids[0] ||
		relid == trust_relids[1] || relid == trust_relids[2] ||
		relid == trust_relids[3])
		cache_valid = false;
}

/* Add every row of one table to st. */
static void
load_table(X509vStore *st, const char *table, X509vKind kind)
{
	char	   *q = psprintf("SELECT der FROM dossier.%s ORDER BY sha256_fingerprint", table);

	if (SPI_execute(q, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read dossier.%s", table);
	Assert(SPI_tuptable != NULL && SPI_tuptable->tupdesc->natts == 1);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull);
		bytea	   *b;
		ParseError	err;

		if (isnull)
			continue;
		b = DatumGetByteaPP(d);
		if (!x509v_store_add(st, kind, (const uint8_t *) VARDATA_ANY(b),
							 VARSIZE_ANY_EXHDR(b), &err))
			ereport(WARNING,
					(errcode(kind == X509V_CRL ? ERRCODE_MALFORMED_CRL :
							 kind == X509V_OCSP ? ERRCODE_MALFORMED_OCSP :
							 ERRCODE_MALFORMED_CERTIFICATE),
					 errmsg("skipping an unreadable row of dossier.%s", table),
					 errdetail("%s", err.detail)));
	}
}

/* The store of the trust tables, rebuilt if they changed since last use. */
static X509vStore *
get_store(void)
{
	X509vStore *st;
	Oid			nsp;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(trust_relcache_cb, (Datum) 0);
		callback_registered = true;
	}
	if (cached_store != NULL && cache_valid)
		return cached_store;

	x509v_store_free(cached_store);
	cached_store = NULL;
	nsp = get_namespace_oid("dossier", false);
	trust_relids[0] = get_relname_relid("trust_anchor", nsp);
	trust_relids[1] = get_relname_relid("trust_intermediate", nsp);
	trust_relids[2] = get_relname_relid("trust_crl", nsp);
	trust_relids[3] = get_relname_relid("trust_ocsp", nsp);

	st = x509v_store_new();
	if (st == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	/* an invalidation that arrives while reading marks this build stale */
	cache_valid = true;
	PG_TRY();
	{
		SPI_connect();
		load_table(st, "trust_anchor", X509V_ANCHOR);
		load_table(st, "trust_intermediate", X509V_INTERMEDIATE);
		load_table(st, "trust_crl", X509V_CRL);
		load_table(st, "trust_ocsp", X509V_OCSP);
		SPI_finish();
	}
	PG_CATCH();
	{
		x509v_store_free(st);
		cache_valid = false;
		PG_RE_THROW();
	}
	PG_END_TRY();
	cached_store = st;
	return st;
}

/* Read the policy OIDs of a text[]; 22023 for one that is not an OID. */
static const char **
policy_list(ArrayType *arr, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	const char **out;

	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
	out = palloc(sizeof(char *) * (count > 0 ? count : 1));
	*n = 0;
	for (int i = 0; i < count; i++)
	{
		char	   *s;

		if (nulls[i])
			continue;
		s = TextDatumGetCString(elems[i]);
		if (!x509v_valid_oid(s))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid certificate policy \"%s\"", s),
					 errdetail("A policy is an object identifier in dotted form."),
					 errhint("Pass OIDs such as 2.16.840.1.101.3.2.1.48.1, or NULL for any policy.")));
		out[(*n)++] = s;
	}
	return out;
}

/* The validation time (argument 1) and the options of arguments 3 to 7; 22023 for a bad one. */
static TimestampTz
verify_options(FunctionCallInfo fcinfo, X509vOptions *opts)
{
	TimestampTz at;

	at = PG_ARGISNULL(1) ? GetCurrentTransactionStartTimestamp() : PG_GETARG_TIMESTAMPTZ(1);
	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("validation time must be finite"),
				 errdetail("A certificate is valid, or not, at one instant."),
				 errhint("Pass a timestamp, or leave the argument out for now().")));
	memset(opts, 0, sizeof(*opts));
	opts->at = (int64) timestamptz_to_time_t(at);
	opts->require_revocation = PG_ARGISNULL(3) ? true : PG_GETARG_BOOL(3);
	if (!PG_ARGISNULL(4))
		opts->policies = policy_list(PG_GETARG_ARRAYTYPE_P(4), &opts->n_policies);
	opts->explicit_policy = !PG_ARGISNULL(5) && PG_GETARG_BOOL(5);
	opts->inhibit_policy_mapping = !PG_ARGISNULL(6) && PG_GETARG_BOOL(6);
	opts->inhibit_any_policy = !PG_ARGISNULL(7) && PG_GETARG_BOOL(7);
	return at;
}

/* Read the intermediates (bytea[]) into *extra, set first so the caller frees it on error. */
static void
load_intermediates(ArrayType *inter, STACK_OF(X509) **extra)
{
	Datum	   *elems;
	bool	   *enulls;
	int			count;
	ParseError	err;

	deconstruct_array(inter, BYTEAOID, -1, false, TYPALIGN_INT,
					  &elems, &enulls, &count);
	*extra = sk_X509_new_null();
	if (*extra == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	for (int i = 0; i < count; i++)
	{
		bytea	   *b;
		X509	   *x;

		if (enulls[i])
			continue;
		b = DatumGetByteaPP(elems[i]);
		x = x509v_load_cert((const uint8_t *) VARDATA_ANY(b),
							VARSIZE_ANY_EXHDR(b), &err);
		if (x == NULL)
			report_unreadable(ERRCODE_MALFORMED_CERTIFICATE,
							  psprintf("certificate in intermediates[%d]", i + 1), &err);
		if (!sk_X509_push(*extra, x))
		{
			X509_free(x);
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
		}
	}
}

/* The certificate_verdict tuple of r at `at`; key_usage_ok is NULL without a certificate. */
static HeapTuple
verdict_tuple(TupleDesc td, const X509vVerdict *r, bool have_cert, TimestampTz at)
{
	Datum		v[17];
	bool		nulls[17] = {0};

	v[0] = CStringGetTextDatum(x509v_indication_name(r->indication));
	v[1] = utf8_text(x509v_sub_name(r->sub), &nulls[1]);
	v[2] = CStringGetTextDatum(x509v_verdict_word(r->indication, r->sub));
	v[3] = utf8_text(r->subject, &nulls[3]);
	v[4] = utf8_text(r->issuer, &nulls[4]);
	v[5] = utf8_text(r->serial, &nulls[5]);
	v[6] = text_array(r->chain, r->n_chain);
	v[7] = utf8_text(r->anchor, &nulls[7]);
	v[8] = BoolGetDatum(r->key_usage_ok);
	nulls[8] = !have_cert;
	v[9] = CStringGetTextDatum(r->revocation_status);
	v[10] = utf8_text(r->revocation_source, &nulls[10]);
	v[11] = TimestampTzGetDatum(time_t_to_timestamptz((pg_time_t) r->revocation_time));
	nulls[11] = !r->has_revocation_time;
	v[12] = utf8_text(r->revocation_reason, &nulls[12]);
	v[13] = TimestampTzGetDatum(at);
	v[14] = text_array(r->errors, r->n_errors);
	v[15] = text_array(r->warnings, r->n_warnings);
	v[16] = Int32GetDatum(r->n_chain);
	return heap_form_tuple(td, v, nulls);
}

/*
 * verify_certificate(cert, at, intermediates, require_revocation, policies,
 * explicit_policy, inhibit_policy_mapping, inhibit_any_policy)
 * RETURNS dossier.certificate_verdict.
 */
Datum
verify_certificate(PG_FUNCTION_ARGS)
{
	bytea	   *in;
	TimestampTz at;
	X509vOptions opts;
	TupleDesc	td;
	CallObjects *o;
	X509vStore *st;
	HeapTuple	volatile tup = NULL;
	ArrayType  *volatile inter = NULL;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	in = PG_GETARG_BYTEA_PP(0);
	at = verify_options(fcinfo, &opts);
	if (!PG_ARGISNULL(2))
		inter = PG_GETARG_ARRAYTYPE_P(2);
	td = result_desc(fcinfo);
	st = get_store();
	o = palloc0(sizeof(CallObjects));

	PG_TRY();
	{
		ParseError	err;

		if (inter)
			load_intermediates(inter, &o->extra);
		o->cert = x509v_load_cert((const uint8_t *) VARDATA_ANY(in),
								  VARSIZE_ANY_EXHDR(in), &err);
		if (o->cert == NULL)
			x509v_verdict_malformed(&o->verdict, &err);
		else if (!x509v_verify(st, o->cert, o->extra, &opts, &o->verdict))
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
		tup = verdict_tuple(td, &o->verdict, o->cert != NULL, at);
	}
	PG_FINALLY();
	{
		free_call_objects(o);
	}
	PG_END_TRY();
	PG_RETURN_DATUM(HeapTupleGetDatum(tup));
}

/*
 * trust_store_changed(): statement-level trigger on the trust tables; queues
 * a relcache invalidation of the table so that every backend's cached store
 * is rebuilt once the change is visible to it.
 */
Datum
trust_store_changed(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "trust_store_changed: not called as a trigger");
	CacheInvalidateRelcache(td->tg_relation);
	PG_RETURN_POINTER(NULL);
}

/* ---- for the other signature glue (trust_store.h) ----------------------- */

/* The cached store (see get_store). */
X509vStore *
trust_store_get(void)
{
	return get_store();
}

/* utf8_text, for signature.c. */
Datum
trust_utf8_text(const char *s, bool *isnull)
{
	return utf8_text(s, isnull);
}

/* text_array, for signature.c. */
Datum
trust_text_array(char *const *items, int n)
{
	return text_array(items, n);
}
