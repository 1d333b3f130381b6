/*
 * x509_util.h
 *	  Internal helpers of the X.509 files: the trust store's layout, the
 *	  hints of the loaders, name printing, ASN.1 times and message lists.
 *
 * Not part of the API (that is x509_verify.h): only the X.509 files and
 * the CMS files (for the store's pool, ASN.1 times and OpenSSL reasons)
 * include this, and only what more than one of them needs is declared
 * here; helpers one file needs stay static in that file.  The helpers are
 * those of x509_util.c, the bottom of the X.509 files: it calls none of
 * them.  The shared types come from x509_types.h, never from the API
 * header.  No PostgreSQL header is included.
 */
#ifndef DOSSIER_X509_UTIL_H
#define DOSSIER_X509_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/asn1.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "core/trust/x509_types.h"

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

/* Upper-case hex of n bytes (no separators), malloc'd; NULL when out of memory. */
extern char *x509u_hex(const unsigned char *p, size_t n);

/*
 * An ASN.1 INTEGER (a serial number) as upper-case hex, '-' first when
 * negative (X509vCertInfo.serial); "" when it cannot be read; malloc'd,
 * NULL when out of memory.
 */
extern char *x509u_serial_hex(const ASN1_INTEGER *sn);

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

#endif							/* DOSSIER_X509_UTIL_H */
