/*
 * x509_types.h
 *	  The types the X.509 files and their callers share: the trust store's
 *	  handle and kinds, the ETSI indications and sub-indications, the
 *	  validation options and the verdict of one path validation.
 *
 * A leaf: it declares no function, so that both the API (x509_verify.h)
 * and the internal helpers (x509_util.h) can include it without including
 * each other.  No PostgreSQL header is included.
 */
#ifndef DOSSIER_X509_TYPES_H
#define DOSSIER_X509_TYPES_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A trust store: anchors, CRLs and OCSP responses (trusted only once
 * verified), plus a pool of intermediates.
 */
typedef struct X509vStore X509vStore;

typedef enum X509vKind
{
	X509V_ANCHOR,
	X509V_INTERMEDIATE,
	X509V_CRL,
	X509V_OCSP					/* a DER OCSPResponse, status successful */
} X509vKind;

/* ETSI EN 319 102-1 main indication. */
typedef enum X509vIndication
{
	X509V_TOTAL_PASSED,
	X509V_INDETERMINATE,
	X509V_TOTAL_FAILED
} X509vIndication;

/*
 * Sub-indications, in precedence order: when a validation has several
 * findings, the one listed first wins (see docs/reference/trust/trust_store.md).
 */
typedef enum X509vSub
{
	X509V_SUB_NONE = 0,
	X509V_SUB_FORMAT_FAILURE,	/* the certificate cannot be read */
	X509V_SUB_NO_CERTIFICATE_CHAIN_FOUND,
	X509V_SUB_SIG_CRYPTO_FAILURE,
	X509V_SUB_REVOKED,
	X509V_SUB_EXPIRED,
	X509V_SUB_NOT_YET_VALID,
	X509V_SUB_CHAIN_CONSTRAINTS_FAILURE,
	X509V_SUB_CRYPTO_CONSTRAINTS_FAILURE,
	X509V_SUB_TRY_LATER,
	X509V_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE,
	X509V_SUB_COUNT
} X509vSub;

/* Validation parameters. */
typedef struct X509vOptions
{
	int64_t		at;				/* validation time, Unix seconds */
	bool		require_revocation; /* false: missing/stale CRLs only warn */
	const char *const *policies;	/* user-initial-policy-set (OIDs), or NULL */
	int			n_policies;
	bool		explicit_policy;
	bool		inhibit_policy_mapping;
	bool		inhibit_any_policy;
} X509vOptions;

#define X509V_MAX_MESSAGES 32

typedef struct X509vVerdict
{
	X509vIndication indication;
	X509vSub	sub;
	char	   *subject;
	char	   *issuer;
	char	   *serial;
	char	  **chain;			/* subjects, leaf first, anchor last */
	int			n_chain;
	char	   *anchor;			/* subject of the anchor used, NULL if none */
	bool		key_usage_ok;	/* leaf may sign: digitalSignature or nonRepudiation */
	const char *revocation_status;	/* "good", "revoked", "unknown", "not_checked" */
	const char *revocation_source;	/* "crl", "ocsp" or NULL: what decided the
									 * status of the revoked certificate, or
									 * of the leaf */
	bool		has_revocation_time;
	int64_t		revocation_time;
	const char *revocation_reason;	/* RFC 5280 reason name, or NULL */
	uint32_t	found;			/* 1u << X509vSub of every kind of finding */
	uint32_t	revoked_depths; /* 1u << depth of every revoked certificate */
	char	   *errors[X509V_MAX_MESSAGES];
	int			n_errors;
	char	   *warnings[X509V_MAX_MESSAGES];
	int			n_warnings;
} X509vVerdict;

#endif							/* DOSSIER_X509_TYPES_H */
