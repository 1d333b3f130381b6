/*
 * x509_store.c
 *	  The trust store: anchors, a pool of untrusted intermediates, CRLs and
 *	  OCSP responses.
 *
 * See x509_verify.h.  The store owns everything added to it; x509_verify.c
 * lends its contents to each validation (the layout is in x509_util.h).
 */
#include "core/trust/x509_verify.h"
#include "core/trust/x509_util.h"

#include <assert.h>
#include <stdlib.h>

#include <openssl/err.h>

/* An empty store. */
X509vStore *
x509v_store_new(void)
{
	X509vStore *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	st->store = X509_STORE_new();
	st->pool = sk_X509_new_null();
	st->crls = sk_X509_CRL_new_null();
	if (st->store == NULL || st->pool == NULL || st->crls == NULL)
	{
		x509v_store_free(st);
		return NULL;
	}
	return st;
}

/* Add one anchor, intermediate or CRL. */
bool
x509v_store_add(X509vStore *st, X509vKind kind, const uint8_t *buf, size_t len,
				ParseError *err)
{
	assert(st != NULL && (unsigned) kind <= X509V_OCSP);
	if (kind == X509V_OCSP)
	{
		OCSP_RESPONSE *resp = x509v_load_ocsp(buf, len, err);
		OCSP_BASICRESP *bs;

		if (resp == NULL)
			return false;
		bs = OCSP_response_get1_basic(resp);
		OCSP_RESPONSE_free(resp);
		if (bs != NULL && st->n_ocsp == st->cap_ocsp)
		{
			int			cap = st->cap_ocsp ? st->cap_ocsp * 2 : 16;
			OCSP_BASICRESP **grown = realloc(st->ocsp, cap * sizeof(*grown));

			if (grown)
			{
				st->ocsp = grown;
				st->cap_ocsp = cap;
			}
		}
		assert(st->n_ocsp <= st->cap_ocsp);
		if (bs != NULL && st->n_ocsp < st->cap_ocsp)
			st->ocsp[st->n_ocsp++] = bs;
		else
		{
			OCSP_BASICRESP_free(bs);
			ERR_clear_error();
			return parse_error_set(err, OCSP_HINT, "Out of memory.");
		}
	}
	else if (kind == X509V_CRL)
	{
		X509_CRL   *crl = x509v_load_crl(buf, len, err);

		if (crl == NULL)
			return false;
		if (!sk_X509_CRL_push(st->crls, crl))
		{
			X509_CRL_free(crl);
			return parse_error_set(err, CRL_HINT, "Out of memory.");
		}
	}
	else
	{
		X509	   *x = x509v_load_cert(buf, len, err);

		if (x == NULL)
			return false;
		if (kind == X509V_ANCHOR)
		{
			X509_STORE_add_cert(st->store, x);	/* duplicates are ignored */
			X509_free(x);
		}
		else if (!sk_X509_push(st->pool, x))
		{
			X509_free(x);
			return parse_error_set(err, CERT_HINT, "Out of memory.");
		}
	}
	ERR_clear_error();
	st->count[kind]++;
	return true;
}

/* How many objects of a kind were added. */
int
x509v_store_count(const X509vStore *st, X509vKind kind)
{
	assert(st != NULL && (unsigned) kind <= X509V_OCSP);
	return st->count[kind];
}

/* Free a store and everything in it. */
void
x509v_store_free(X509vStore *st)
{
	if (st == NULL)
		return;
	X509_STORE_free(st->store);
	sk_X509_pop_free(st->pool, X509_free);
	sk_X509_CRL_pop_free(st->crls, X509_CRL_free);
	for (int i = 0; i < st->n_ocsp; i++)
		OCSP_BASICRESP_free(st->ocsp[i]);
	free(st->ocsp);
	free(st);
}
