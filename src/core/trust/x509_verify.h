/*
 * x509_verify.h
 *	  X.509 certificates and CRLs: loading, inspection, and path validation
 *	  with CRL revocation, mapped onto ETSI EN 319 102-1 indications.
 *
 * Everything here is OpenSSL: certificates and CRLs are read with its PEM and
 * DER readers, chains are built and checked by X509_verify_cert, stored OCSP
 * responses are read with d2i_OCSP_RESPONSE and checked with
 * OCSP_basic_verify (x509_ocsp.c); this file
 * never decodes ASN.1 itself.  It adds the parts OpenSSL leaves to the
 * caller: clear errors for unreadable input, a fixed precedence that turns
 * the list of findings of one validation into one indication, sub-indication
 * and verdict word, and a crypto policy (MD5/SHA-1 signatures, RSA and DSA
 * keys under 2048 bits are too weak).
 *
 * Unlike the other core parsers this one allocates (OpenSSL does): every
 * object returned must be released with the matching *_free function.
 * No PostgreSQL header is included; the SQL glue is src/pg/trust/trust_store.c.
 */
#ifndef DOSSIER_X509_VERIFY_H
#define DOSSIER_X509_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "core/common/parse_error.h"
#include "core/trust/x509_types.h"

/* Largest certificate or CRL accepted, in bytes (PEM or DER). */
#define X509V_MAX_INPUT (16 * 1024 * 1024)

/* Read one certificate, PEM or DER; NULL and *err filled when unreadable. */
extern X509 *x509v_load_cert(const uint8_t *buf, size_t len, ParseError *err);

/* Read one CRL, PEM or DER; NULL and *err filled when unreadable. */
extern X509_CRL *x509v_load_crl(const uint8_t *buf, size_t len, ParseError *err);

/* DER encoding of a certificate or CRL: malloc'd, *len set; NULL on failure. */
extern uint8_t *x509v_cert_der(X509 *x, size_t *len);
extern uint8_t *x509v_crl_der(X509_CRL *crl, size_t *len);

/* What inspect_certificate shows.  Strings are malloc'd, UTF-8. */
typedef struct X509vCertInfo
{
	char	   *subject;		/* RFC 2253 */
	char	   *issuer;
	char	   *serial;			/* upper-case hex, '-' first when negative */
	int64_t		not_before;		/* Unix seconds */
	int64_t		not_after;
	char	   *key_algorithm;	/* "RSA", "EC", "DSA", "ED25519", ... */
	int			key_bits;
	char	   *signature_algorithm;	/* "sha256WithRSAEncryption" */
	char	   *key_usage;		/* comma-separated names, NULL if absent */
	char	   *extended_key_usage; /* comma-separated names or OIDs, NULL if absent */
	int			is_ca;			/* -1 no basicConstraints, 0 false, 1 true */
	int			path_len;		/* -1 when not limited */
	char	   *ski;			/* hex, NULL if absent */
	char	   *aki;			/* hex key identifier, NULL if absent */
	char	   *sha256;			/* hex fingerprint of the DER */
	bool		self_issued;
} X509vCertInfo;

/* Fill *info for x; false only when out of memory. */
extern bool x509v_cert_info(X509 *x, X509vCertInfo *info);
extern void x509v_cert_info_free(X509vCertInfo *info);

/* What a stored CRL shows. */
typedef struct X509vCrlInfo
{
	char	   *issuer;
	int64_t		this_update;
	int64_t		next_update;	/* when has_next_update */
	bool		has_next_update;
	int			revoked_count;
	char	   *sha256;
} X509vCrlInfo;

extern bool x509v_crl_info(X509_CRL *crl, X509vCrlInfo *info);
extern void x509v_crl_info_free(X509vCrlInfo *info);

/* Largest OCSP response accepted, in bytes (DER). */
#define X509V_MAX_OCSP_INPUT (1024 * 1024)

/* Read one DER OCSPResponse whose status is successful; NULL and *err if not. */
extern OCSP_RESPONSE *x509v_load_ocsp(const uint8_t *buf, size_t len, ParseError *err);

/* DER of an OCSP response: malloc'd, *len set; NULL on failure. */
extern uint8_t *x509v_ocsp_der(OCSP_RESPONSE *resp, size_t *len);

/* One SingleResponse of an OCSP response. */
typedef struct X509vOcspSingle
{
	char	   *serial;			/* upper-case hex, as X509vCertInfo.serial */
	char	   *hash_algorithm; /* of the CertID: "sha1", "sha256", ... */
	char	   *issuer_name_hash;	/* hex */
	char	   *issuer_key_hash;	/* hex */
	const char *status;			/* "good", "revoked", "unknown" */
	int64_t		this_update;
	int64_t		next_update;	/* when has_next_update */
	bool		has_next_update;
	int64_t		revocation_time;	/* when status is "revoked" */
	const char *revocation_reason;	/* RFC 5280 name, or NULL */
} X509vOcspSingle;

/* What inspect_ocsp_response shows.  Strings are malloc'd, UTF-8. */
typedef struct X509vOcspInfo
{
	char	   *responder_id;	/* RFC 2253 name, or "key:" and the hex key hash */
	int64_t		produced_at;
	char	   *signature_algorithm;
	int			n_certs;		/* certificates carried in the response */
	X509vOcspSingle *singles;
	int			n_singles;
	char	   *sha256;			/* hex fingerprint of the DER */
} X509vOcspInfo;

/* Fill *info for a successful response; false only when out of memory. */
extern bool x509v_ocsp_info(OCSP_RESPONSE *resp, X509vOcspInfo *info);
extern void x509v_ocsp_info_free(X509vOcspInfo *info);

/* The trust store (kinds in x509_types.h). */
extern X509vStore *x509v_store_new(void);
/* Add one PEM or DER object of the given kind; false and *err if unreadable. */
extern bool x509v_store_add(X509vStore *st, X509vKind kind,
							const uint8_t *buf, size_t len, ParseError *err);
extern int	x509v_store_count(const X509vStore *st, X509vKind kind);
extern void x509v_store_free(X509vStore *st);

/*
 * Validate leaf at opts->at against st, with extra (may be NULL) as more
 * untrusted intermediates.  Revocation: for every certificate below the
 * anchor, the CRLs of st and its OCSP responses (verified with
 * OCSP_basic_verify at opts->at); a usable source saying revoked wins, then
 * one saying good; a stored response that names the certificate but cannot
 * be relied on is TRY_LATER even when revocation is not required (see
 * docs/reference/trust/trust_store.md).  Always fills *out (free with
 * x509v_verdict_free); false only when out of memory.
 */
extern bool x509v_verify(X509vStore *st, X509 *leaf, STACK_OF(X509) *extra,
						 const X509vOptions *opts, X509vVerdict *out);

/* The verdict for a leaf that could not be read: FORMAT_FAILURE. */
extern void x509v_verdict_malformed(X509vVerdict *out, const ParseError *err);

extern void x509v_verdict_free(X509vVerdict *v);

/* Names: "TOTAL_PASSED", "REVOKED", and the verdict word ("valid", ...). */
extern const char *x509v_indication_name(X509vIndication ind);
extern const char *x509v_sub_name(X509vSub sub);
extern const char *x509v_verdict_word(X509vIndication ind, X509vSub sub);
/* Indication a sub-indication implies. */
extern X509vIndication x509v_sub_indication(X509vSub sub);
/*
 * The sub-indication of found (1u << X509vSub bits, as X509vVerdict.found):
 * the first in precedence order, X509V_SUB_NONE when there is none.
 */
extern X509vSub x509v_first_sub(uint32_t found);
/* True when s is a dotted OID that OpenSSL can use as a policy. */
extern bool x509v_valid_oid(const char *s);
/*
 * The crypto policy's dates (ETSI EN 319 102-1 evaluates cryptographic
 * constraints at the validation time).  MD2, MD4 and MD5 are never accepted;
 * SHA-1 signatures are accepted for validation times before 2016-01-01
 * (CA/Browser Forum sunset of SHA-1 issuance); RSA and DSA keys under 2048
 * bits before 2014-01-01 (NIST SP 800-131A).
 */
#define X509V_SUNSET_SHA1		INT64_C(1451606400)	/* 2016-01-01 UTC */
#define X509V_SUNSET_SMALL_KEYS INT64_C(1388534400)	/* 2014-01-01 UTC */

/* True when a digest (OpenSSL NID) is too weak at validation time at. */
extern bool x509v_digest_too_weak(int md_nid, int64_t at);

/*
 * DSA domain parameter inheritance (x509_dsa.c; RFC 3279 2.3.2, RFC 5280
 * 6.1.4 (e)): a certificate's DSA key may omit p, q and g, which are then
 * those of its issuer's key.  x509v_dsa_lacks_params is true when cert's key
 * is DSA without parameters; x509v_dsa_inherit_key returns cert's key with
 * the parameters of issuer_key (a new key, to free), or NULL when cert's key
 * does not lack them, issuer_key is not a DSA key with parameters, or the
 * result is not a valid public key of that group.
 */
extern bool x509v_dsa_lacks_params(const X509 *cert);
extern EVP_PKEY *x509v_dsa_inherit_key(const X509 *cert, const EVP_PKEY *issuer_key);

/* Classify an OpenSSL X509_V_ERR_* code. */
extern X509vSub x509v_classify_error(int x509_error);

#endif							/* DOSSIER_X509_VERIFY_H */
