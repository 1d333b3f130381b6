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
 */
#include "x509_verify.h"

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
