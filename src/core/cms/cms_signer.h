/*
 * cms_signer.h
 *	  The steps the verification of a detached signature (cms_verify.c) and
 *	  of an RFC 3161 timestamp token (cms_token.c) share (cms_signer.c).
 *
 * Internal to the CMS files: OpenSSL types in the API.  Every function
 * records what it finds in the SigVerdict as findings; none judges the
 * verdict as a whole.  No PostgreSQL header is included.
 */
#ifndef DOSSIER_CMS_SIGNER_H
#define DOSSIER_CMS_SIGNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "core/cms/cms_input.h"
#include "core/cms/sig_verdict.h"
#include "core/trust/x509_types.h"

/*
 * Read the ContentInfo and its certificates (cms_read.h: from the cache of
 * parsed certificates); NULL and why filled when unreadable.  Trailing zero
 * bytes are accepted when allow_padding (a PDF /Contents is padded).
 */
extern CMS_ContentInfo *cmss_parse(const uint8_t *buf, size_t len, bool allow_padding,
								   STACK_OF(X509) **certs, char *why, size_t size);

/*
 * The first SignerInfo of a signedData (with no embedded content when
 * detached); NULL and why filled when there is none, or more than one and
 * !several.  *n gets the number of SignerInfos.
 */
extern CMS_SignerInfo *cmss_first_signer(CMS_ContentInfo *cms, bool detached, bool several,
										 int *n, char *why, size_t size);

/*
 * Start *out at in->at with structure (may be NULL), read in->cms into
 * *cms and *certs and return its first SignerInfo (several: of one or
 * more, else of exactly one); on NULL the reason is a FORMAT_FAILURE
 * finding of *out.  Whatever the result, *cms and *certs are released with
 * cmss_close, which also finishes the verdict.
 */
extern CMS_SignerInfo *cmss_open(const CmsvInput *in, const SigStructure *structure,
								 bool detached, bool several, CMS_ContentInfo **cms,
								 STACK_OF(X509) **certs, SigVerdict *out);
extern void cmss_close(CMS_ContentInfo *cms, STACK_OF(X509) *certs, SigVerdict *out);

/* NID of the SignerInfo's digest algorithm (NID_undef when unknown). */
extern int	cmss_digest_nid(CMS_SignerInfo *si);

/* Digest in's segments with md into out; false when OpenSSL refuses. */
extern bool cmss_digest_content(const EVP_MD *md, const CmsvInput *in,
								unsigned char *out, unsigned int *len);

/* A finding whose message is fmt with one %s replaced by arg. */
extern void cmss_finding(SigVerdict *v, SigWord w, SigSub s, const char *fmt, const char *arg);

/* The signer's certificate among the CMS certificates and pool (may be NULL). */
extern X509 *cmss_find_signer(CMS_SignerInfo *si, STACK_OF(X509) *certs, STACK_OF(X509) *pool);

/*
 * Integrity with signed attributes: contentType, messageDigest against
 * digest (NULL when unknown) and the signature value with signer's key
 * (NULL when not found).
 */
extern void cmss_check_with_attributes(CMS_ContentInfo *cms, CMS_SignerInfo *si, X509 *signer,
									   const unsigned char *digest, unsigned int dlen,
									   const char *mdname, SigVerdict *v);

/*
 * The ESS signing-certificate attribute (v1 or v2) against signer;
 * required: its absence is a FORMAT_FAILURE (a timestamp token); expected:
 * its absence is a warning (CAdES).
 */
extern void cmss_check_signing_certificate(CMS_SignerInfo *si, X509 *signer,
										   STACK_OF(X509) *certs, bool required,
										   bool expected, SigVerdict *v);

/*
 * Validate signer's chain at in->at against st (certs as extra
 * intermediates) into *xv, which is always filled and must be freed (by
 * cmss_take_chain_verdict or x509v_verdict_free); sets v's
 * certificate_time_status.  False only when out of memory.
 */
extern bool cmss_validate_chain(X509vStore *st, X509 *signer, STACK_OF(X509) *certs,
								const CmsvInput *in, X509vVerdict *xv, SigVerdict *v);

/* Turn the chain's verdict into findings, chain and revocation of v; frees *xv. */
extern void cmss_take_chain_verdict(X509vVerdict *xv, SigVerdict *v);

/* Copy signer's subject, issuer, serial and DER into v; false when out of memory. */
extern bool cmss_describe_signer(X509 *signer, SigVerdict *v);

#endif							/* DOSSIER_CMS_SIGNER_H */
