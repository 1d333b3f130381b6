/*
 * x509_ocsp.h
 *	  The revocation side of the stored OCSP responses (x509_ocsp.c), which
 *	  path validation (x509_verify.c) consults.
 *
 * Internal: the loading and inspection of OCSP responses are API
 * (x509_verify.h).  No PostgreSQL header is included.
 */
#ifndef DOSSIER_X509_OCSP_H
#define DOSSIER_X509_OCSP_H

#include <stdint.h>

#include <openssl/x509.h>

#include "core/trust/x509_types.h"

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

#endif							/* DOSSIER_X509_OCSP_H */
