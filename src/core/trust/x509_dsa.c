/*
 * x509_dsa.c
 *	  DSA domain parameter inheritance (RFC 3279 2.3.2, RFC 5280 6.1.4 (e)):
 *	  the public key of a certificate whose DSA key omits p, q and g, with
 *	  the parameters of its issuer's key.
 *
 * OpenSSL 3 cannot decode such a key (X509_get0_pubkey fails), so it can
 * neither verify what the certificate's subject signed nor find that subject's
 * issuer.  Everything here goes through OpenSSL: the raw subjectPublicKey is
 * read with X509_PUBKEY_get0_param, its INTEGER y with d2i_ASN1_INTEGER, and
 * the key is built with EVP_PKEY_fromdata and checked with
 * EVP_PKEY_public_check.  See x509_verify.h.
 *
 * The second half builds a path through such keys for x509v_verify: the
 * path first, with a check_issued that accepts such an issuer, then copies
 * of its certificates carrying the inherited keys (x509_dsa.h).
 */
#include "core/trust/x509_verify.h"
#include "core/trust/x509_dsa.h"
#include "core/trust/x509_util.h"

#include <assert.h>
#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>

/* True when cert's key is a DSA key whose AlgorithmIdentifier has no parameters. */
bool
x509v_dsa_lacks_params(const X509 *cert)
{
	X509_PUBKEY *xpk = cert ? X509_get_X509_PUBKEY(cert) : NULL;
	ASN1_OBJECT *oid = NULL;
	X509_ALGOR *alg = NULL;
	int			ptype = V_ASN1_UNDEF;

	if (xpk == NULL || !X509_PUBKEY_get0_param(&oid, NULL, NULL, &alg, xpk) ||
		OBJ_obj2nid(oid) != NID_dsa)
		return false;
	X509_ALGOR_get0(NULL, &ptype, NULL, alg);
	/* omitted, as RFC 3279 says; OpenSSL 1.1 also took NULL to mean absent */
	return ptype == V_ASN1_UNDEF || ptype == V_ASN1_NULL;
}

/* Inherit: cert's y with issuer_key's p, q and g; NULL when not applicable. */
EVP_PKEY *
x509v_dsa_inherit_key(const X509 *cert, const EVP_PKEY *issuer_key)
{
	X509_PUBKEY *xpk;
	const unsigned char *bits = NULL,
			   *cur;
	int			nbits = 0;
	ASN1_INTEGER *yint = NULL;
	BIGNUM	   *p = NULL,
			   *q = NULL,
			   *g = NULL,
			   *y = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	EVP_PKEY_CTX *check = NULL;
	EVP_PKEY   *key = NULL;

	if (!x509v_dsa_lacks_params(cert) || issuer_key == NULL ||
		!EVP_PKEY_is_a(issuer_key, "DSA"))
		return NULL;
	/* the issuer's key must carry the parameters itself */
	if (!EVP_PKEY_get_bn_param(issuer_key, OSSL_PKEY_PARAM_FFC_P, &p) ||
		!EVP_PKEY_get_bn_param(issuer_key, OSSL_PKEY_PARAM_FFC_Q, &q) ||
		!EVP_PKEY_get_bn_param(issuer_key, OSSL_PKEY_PARAM_FFC_G, &g))
		goto done;

	/* subjectPublicKey is the DER of INTEGER y, and nothing after it */
	xpk = X509_get_X509_PUBKEY(cert);
	if (!X509_PUBKEY_get0_param(NULL, &bits, &nbits, NULL, xpk) || nbits <= 0)
		goto done;
	cur = bits;
	yint = d2i_ASN1_INTEGER(NULL, &cur, nbits);
	if (yint == NULL || cur != bits + nbits)
		goto done;
	y = ASN1_INTEGER_to_BN(yint, NULL);
	if (y == NULL || BN_is_negative(y))
		goto done;

	bld = OSSL_PARAM_BLD_new();
	if (bld == NULL ||
		!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) ||
		!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_Q, q) ||
		!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, g) ||
		!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, y))
		goto done;
	params = OSSL_PARAM_BLD_to_param(bld);
	pctx = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
	if (params == NULL || pctx == NULL ||
		EVP_PKEY_fromdata_init(pctx) <= 0 ||
		EVP_PKEY_fromdata(pctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		goto done;

	/* y must be an element of the issuer's group, or the pairing is wrong */
	check = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	if (check == NULL || EVP_PKEY_public_check(check) <= 0)
	{
		EVP_PKEY_free(key);
		key = NULL;
	}

done:
	EVP_PKEY_CTX_free(check);
	EVP_PKEY_CTX_free(pctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	ASN1_INTEGER_free(yint);
	BN_free(p);
	BN_free(q);
	BN_free(g);
	BN_free(y);
	ERR_clear_error();
	return key;
}

/* ---- paths through such keys --------------------------------------------- */

/*
 * A certificate's DSA key may omit its domain parameters, which it then
 * inherits from its issuer's key (RFC 3279 2.3.2, RFC 5280 6.1.4 (e)).
 * OpenSSL 3 cannot decode such a key, and so cannot validate a path through
 * it: it does not take the certificate as an issuer, cannot check what it
 * signed, and X509_verify_cert stops without a finding (its
 * X509_get_pubkey_parameters fails) when the certificate validated is one.
 * So when the input has such a certificate, the path is first built with a
 * check_issued that accepts it as an issuer (x509v_make_substitutes), and each
 * such certificate of the path is replaced by a copy whose key carries the
 * inherited parameters (x509v_dsa_inherit_key).  OpenSSL validates the path
 * of copies, CRL signatures included; a copy's own signature, made over the
 * original encoding, does not verify, and verify_cb checks the original's
 * instead (x509v_verify_original).
 */
/*
 * The key of chain[i] as RFC 5280 6.1.4 (e) makes it: its own when OpenSSL
 * can decode it; else, when it is a DSA key without parameters, the same key
 * with those of the certificate above it, itself taken the same way (a
 * parameterless DSA CA may issue another).  A new reference, or NULL.
 */
static EVP_PKEY *
working_key(STACK_OF(X509) *chain, int i)
{
	X509	   *x = sk_X509_value(chain, i);
	EVP_PKEY   *own,
			   *up,
			   *key;

	if (x == NULL)
		return NULL;
	own = X509_get0_pubkey(x);
	ERR_clear_error();
	if (own != NULL)
		return EVP_PKEY_up_ref(own) ? own : NULL;
	if (!x509v_dsa_lacks_params(x) || i + 1 >= sk_X509_num(chain))
		return NULL;
	up = working_key(chain, i + 1);
	key = x509v_dsa_inherit_key(x, up);
	EVP_PKEY_free(up);
	return key;
}

/* OpenSSL's check_issued: set on first use, always to the same function */
static X509_STORE_CTX_check_issued_fn default_check_issued;

/*
 * check_issued of the path-building pass: OpenSSL's own, and also an issuer
 * whose DSA key lacks parameters, when everything else OpenSSL checks holds
 * (names, key identifiers: X509_check_issued stops only at the key) and the
 * subject is DSA-signed.  Nothing is trusted on this: the pass only tells
 * which certificates are above which.
 */
static int
check_issued_inherit(X509_STORE_CTX *ctx, X509 *x, X509 *issuer)
{
	STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
	int			pknid = NID_undef;

	if (default_check_issued(ctx, x, issuer))
		return 1;
	if (X509_check_issued(issuer, x) != X509_V_ERR_NO_ISSUER_PUBLIC_KEY ||
		!x509v_dsa_lacks_params(issuer) ||
		!OBJ_find_sigid_algs(X509_get_signature_nid(x), NULL, &pknid) ||
		pknid != NID_dsa)
	{
		ERR_clear_error();
		return 0;
	}
	/* as OpenSSL's: an issuer already on the path would make a loop */
	for (int i = 0; chain && i < sk_X509_num(chain); i++)
		if (X509_cmp(sk_X509_value(chain, i), issuer) == 0)
			return 0;
	ERR_clear_error();
	return 1;
}

/* Verify callback of the path-building pass: findings are not its concern. */
static int
accept_all_cb(int ok, X509_STORE_CTX *ctx)
{
	return 1;
}

/* True when x or one of the untrusted has a DSA key without parameters. */
bool
x509v_needs_substitutes(X509 *leaf, STACK_OF(X509) *untrusted)
{
	if (x509v_dsa_lacks_params(leaf))
		return true;
	for (int i = 0; i < sk_X509_num(untrusted); i++)
		if (x509v_dsa_lacks_params(sk_X509_value(untrusted, i)))
			return true;
	return false;
}

/*
 * Build leaf's path at opts->at with check_issued_inherit and fill subs with
 * a copy of each certificate of it whose DSA key inherits its parameters.
 * A certificate whose parameters cannot be inherited gets no copy (OpenSSL
 * then fails its path as before).  False only when out of memory.
 */
bool
x509v_make_substitutes(X509vStore *st, X509 *leaf, STACK_OF(X509) *untrusted,
					   const X509vOptions *opts, X509vSubstitutes *subs)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	X509_STORE_CTX_check_issued_fn saved = X509_STORE_get_check_issued(st->store);
	STACK_OF(X509) *chain;
	bool		ok = false;

	if (ctx == NULL)
		return false;
	/* OpenSSL's own check_issued, from a context made without a store hook */
	if (default_check_issued == NULL)
	{
		if (!X509_STORE_CTX_init(ctx, NULL, NULL, NULL))
			goto done;
		default_check_issued = X509_STORE_CTX_get_check_issued(ctx);
		X509_STORE_CTX_cleanup(ctx);
	}
	/* a context takes check_issued from its store when initialised */
	X509_STORE_set_check_issued(st->store, check_issued_inherit);
	ok = X509_STORE_CTX_init(ctx, st->store, leaf, untrusted);
	X509_STORE_set_check_issued(st->store, saved);
	if (!ok)
		goto done;
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), (time_t) opts->at);
	X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx), X509_V_FLAG_PARTIAL_CHAIN);
	X509_STORE_CTX_set_verify_cb(ctx, accept_all_cb);
	(void) X509_verify_cert(ctx);	/* fails on these keys: only the path is used */

	chain = X509_STORE_CTX_get0_chain(ctx);
	for (int i = 0; chain && i < sk_X509_num(chain) && subs->n < X509V_MAX_SUBSTITUTES; i++)
	{
		X509	   *x = sk_X509_value(chain, i);
		EVP_PKEY   *key;
		X509	   *copy;

		if (!x509v_dsa_lacks_params(x) || (key = working_key(chain, i)) == NULL)
			continue;
		copy = X509_dup(x);
		if (copy == NULL || !X509_set_pubkey(copy, key))
		{
			X509_free(copy);
			EVP_PKEY_free(key);
			ok = false;
			goto done;
		}
		EVP_PKEY_free(key);
		subs->orig[subs->n] = x;
		subs->copy[subs->n] = copy;
		subs->n++;
	}
	ok = true;

done:
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

/* The copy standing in for x, or x. */
X509 *
x509v_substitute(const X509vSubstitutes *subs, X509 *x)
{
	assert(subs->n >= 0 && subs->n <= X509V_MAX_SUBSTITUTES);
	for (int i = 0; i < subs->n; i++)
		if (subs->orig[i] == x || X509_cmp(subs->orig[i], x) == 0)
			return subs->copy[i];
	return x;
}

/*
 * The signature of the certificate at the error depth failed: when that
 * certificate is a copy (x509v_make_substitutes), true when the original's
 * signature verifies with the key of the next certificate up.
 */
bool
x509v_verify_original(X509_STORE_CTX *ctx, const X509vSubstitutes *subs)
{
	STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
	X509	   *cur = X509_STORE_CTX_get_current_cert(ctx);
	int			depth = X509_STORE_CTX_get_error_depth(ctx);
	EVP_PKEY   *ikey;
	bool		ok;

	if (subs == NULL || chain == NULL || depth < 0 || depth + 1 >= sk_X509_num(chain) ||
		sk_X509_value(chain, depth) != cur)
		return false;
	for (int i = 0; i < subs->n; i++)
		if (subs->copy[i] == cur)
		{
			ikey = X509_get0_pubkey(sk_X509_value(chain, depth + 1));
			ok = ikey != NULL && X509_verify(subs->orig[i], ikey) > 0;
			ERR_clear_error();
			return ok;
		}
	return false;
}
