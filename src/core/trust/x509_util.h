/*
 * x509_util.h
 *	  Internal helpers of the X.509 files: the trust store's layout, the
 *	  hints of the loaders, name printing, ASN.1 times and message lists.
 *
 * Not part of the API (that is x509_verify.h): only src/core/x509_*.c,
 * cms_verify.c (for the store's pool and ASN.1 times) and cms_read.c
 * include this, and only what more than one of them needs is declared
 * here; helpers one file needs stay static in that file.  No PostgreSQL header is included.
 */
#ifndef DOSSIER_X509_UTIL_H
#define DOSSIER_X509_UTIL_H

#include <stdint.h>

#include <openssl/asn1.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "core/trust/x509_verify.h"

#define CERT_HINT \
	"Pass one X.509 certificate, DER-encoded or in PEM form (-----BEGIN CERTIFICATE-----)."
#define CRL_HINT \
	"Pass one X.509 CRL, DER-encoded or in PEM form (-----BEGIN X509 CRL-----)."
#define OCSP_HINT \
	"Pass one DER-encoded OCSPResponse (RFC 6960) whose responseStatus is successful, as an OCSP responder returns it."

/* The store: filled by x509_store.c, read by x509_verify.c. */
struct X509vStore
{
	X509_STORE *store;			/* anchors */
	STACK_OF(X509) *pool;		/* untrusted intermediates, owned */
	STACK_OF(X509_CRL) *crls;	/* owned; given to each context whole, since
								 * the store's lookup by issuer name misses
								 * indirect CRLs */
	OCSP_BASICRESP **ocsp;		/* owned; the basic responses of the stored
								 * OCSP responses, not yet verified */
	int			n_ocsp;
	int			cap_ocsp;
	int			count[4];
};

/* RFC 5280 reason code name ("unspecified" for an unknown code). */
extern const char *x509u_reason_name(long code);

/* What the stored OCSP responses say of one certificate at one instant. */
typedef enum X509uOcspStatus
{
	X509U_OCSP_NONE,			/* no stored response names the certificate */
	X509U_OCSP_GOOD,			/* a verified, current response says good */
	X509U_OCSP_REVOKED,			/* a verified, current response says revoked */
	X509U_OCSP_UNUSABLE			/* responses name it, none can be relied on */
} X509uOcspStatus;

typedef struct X509uOcspResult
{
	X509uOcspStatus status;
	int64_t		revocation_time;
	const char *revocation_reason;
	char		msg[400];		/* why unusable (the first reason found) */
} X509uOcspResult;

/*
 * Look cert (issued by issuer) up in the store's OCSP responses and verify
 * the matching ones at `at` (OCSP_basic_verify against the anchors, with
 * untrusted as the certificates that may have signed them; the delegated
 * responder rules of RFC 6960 4.2.2.2; thisUpdate/nextUpdate around `at`).
 */
extern void x509u_ocsp_check(X509vStore *st, X509 *cert, X509 *issuer,
							 STACK_OF(X509) *untrusted, int64_t at,
							 X509uOcspResult *out);

/* RFC 2253 form of a name, UTF-8 kept; escaped ASCII if the UTF-8 is bad. */
extern char *x509u_name_str(const X509_NAME *name);

/* Unix seconds of an ASN1_TIME; 0 if it cannot be read. */
extern int64_t x509u_asn1_time_unix(const ASN1_TIME *t);

/*
 * A malloc'd copy of the n bytes an i2d_* function allocated at der (which
 * is released here, whatever n is); NULL when n <= 0 or out of memory.
 */
extern uint8_t *x509u_der_copy(unsigned char *der, int n, size_t *len);

/* The reason of the last OpenSSL error, or fallback; clears the queue. */
extern const char *x509u_ossl_reason(const char *fallback);

/* Append a message to a list unless it is already there or the list is full. */
extern void x509u_add_message(char **list, int *n, const char *msg);

/*
 * Paths through DSA keys that inherit their parameters (x509_dsa.c): the
 * copies of a path's certificates whose keys carry the inherited
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

#endif							/* DOSSIER_X509_UTIL_H */
