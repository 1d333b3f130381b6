/*
 * cms_input.h
 *	  What a caller hands the CMS verifiers: the signature or timestamp
 *	  token, the signed bytes (or their digest), the validation time and an
 *	  outside proof of existence.
 *
 * A leaf: types only, so that the verifiers of signatures (cms_verify.h),
 * of timestamp tokens (cms_token.h) and of signature timestamps
 * (cms_tst.h) and the steps they share (cms_signer.h) can all use them
 * without including one another.  No PostgreSQL header is included.
 */
#ifndef DOSSIER_CMS_INPUT_H
#define DOSSIER_CMS_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest CMS blob accepted, in bytes. */
#define CMSV_MAX_INPUT (16 * 1024 * 1024)

/* One piece of the signed bytes. */
typedef struct CmsvSegment
{
	const uint8_t *data;
	size_t		len;
} CmsvSegment;

typedef struct CmsvInput
{
	const uint8_t *cms;			/* the CMS ContentInfo, DER or BER */
	size_t		cms_len;
	bool		allow_padding;	/* accept trailing zero bytes after it (PDF) */

	/* the signed bytes: segments, digested in order ... */
	const CmsvSegment *segments;
	int			n_segments;

	/*
	 * ... or, when digest is not NULL, their digest computed by the caller
	 * with the algorithm digest_nid (OpenSSL NID); it must be the
	 * SignerInfo's digest algorithm, else the verdict is malformed.
	 * cmsv_digest_algorithm tells which one that is.
	 */
	const uint8_t *digest;
	size_t		digest_len;
	int			digest_nid;

	int64_t		at;				/* validation time, Unix seconds */
	bool		require_revocation; /* as X509vOptions */

	/*
	 * A CAdES signature (PAdES ETSI.CAdES.detached): EN 319 122-1 requires
	 * the signing-certificate-v2 attribute, so its absence is a warning.
	 */
	bool		cades;

	/*
	 * A proof of existence of the signature from outside it: a PDF
	 * verifier sets it from a valid document timestamp of a later revision
	 * that covers the signature (PAdES B-LTA).  It counts as a valid
	 * signature timestamp at poe_time by the TSA poe_authority would
	 * (cms_tst.c); ignored by cmsv_verify_timestamp.
	 */
	bool		has_poe;
	int64_t		poe_time;		/* Unix seconds */
	const char *poe_authority;	/* the TSA's subject, RFC 2253; may be NULL */
} CmsvInput;

#endif							/* DOSSIER_CMS_INPUT_H */
