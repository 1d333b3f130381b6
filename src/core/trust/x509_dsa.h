/*
 * x509_dsa.h
 *	  Paths through DSA keys that inherit their parameters (x509_dsa.c), for
 *	  path validation (x509_verify.c).
 *
 * Internal: the inheritance of one key is API (x509_verify.h).  No
 * PostgreSQL header is included.
 */
#ifndef DOSSIER_X509_DSA_H
#define DOSSIER_X509_DSA_H

#include <stdbool.h>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "core/trust/x509_types.h"

/*
 * The copies of a path's certificates whose keys carry the inherited
 * parameters, which x509v_verify hands OpenSSL in place of the originals.
 */
#define X509V_MAX_SUBSTITUTES 8

typedef struct X509vSubstitutes
{
	int			n;
	X509	   *orig[X509V_MAX_SUBSTITUTES];	/* borrowed */
	X509	   *copy[X509V_MAX_SUBSTITUTES];	/* owned */
} X509vSubstitutes;

extern bool x509v_needs_substitutes(X509 *leaf, STACK_OF(X509) *untrusted);
extern bool x509v_make_substitutes(X509vStore *st, X509 *leaf, STACK_OF(X509) *untrusted,
								   const X509vOptions *opts, X509vSubstitutes *subs);
extern X509 *x509v_substitute(const X509vSubstitutes *subs, X509 *x);
extern bool x509v_verify_original(X509_STORE_CTX *ctx, const X509vSubstitutes *subs);

#endif							/* DOSSIER_X509_DSA_H */
