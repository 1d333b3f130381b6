/*
 * cms_tst.h
 *	  Signature timestamps of a CMS SignerInfo and their use as proof of
 *	  existence: internal to cms_verify.c (OpenSSL types in the API).
 *
 * A SignerInfo may carry unsigned id-aa-signatureTimeStampToken attributes
 * (1.2.840.113549.1.9.16.2.14, RFC 3161 Appendix A, ETSI EN 319 122-1
 * 5.3): RFC 3161 tokens whose messageImprint is the digest of the
 * SignerInfo's signature value.  cmst_verify_timestamps checks each with
 * cmsv_verify_timestamp (cms_token.h) (the signature value as the one segment) and fills
 * the verdict's timestamp_* fields; cmst_apply_poe then uses the earliest
 * valid genTime as the best-signature-time (ETSI EN 319 102-1 5.5) to judge
 * an expired or revoked signer chain.  The rules are in
 * docs/reference/cms/signatures.md, "Signature timestamps".
 */
#ifndef DOSSIER_CMS_TST_H
#define DOSSIER_CMS_TST_H

#include <stdbool.h>

#include <openssl/cms.h>
#include <openssl/x509.h>

#include "core/cms/cms_input.h"
#include "core/cms/sig_verdict.h"
#include "core/trust/x509_types.h"

/* At most this many signature timestamps of one SignerInfo are verified. */
#define CMST_MAX_TOKENS 8

/*
 * Verify every signatureTimeStampToken of si (validation time and
 * revocation mode of in) into v's timestamp_* fields; an invalid one is a
 * warning, never a finding.  Also warns when the claimed signingTime is
 * later than the best-signature-time.  False only when out of memory.
 */
extern bool cmst_verify_timestamps(X509vStore *st, CMS_SignerInfo *si, const CmsvInput *in,
								   SigVerdict *v);

/*
 * With a valid signature timestamp (v->has_timestamp_time), adjust xv, the
 * signer chain's verdict at in->at, for the proof of existence at the
 * best-signature-time: expiry and revocation after it no longer count
 * (each relief a warning naming both times); a signer certificate not yet
 * valid then is a finding.  Without one, nothing changes.  False only when
 * out of memory.
 */
extern bool cmst_apply_poe(X509vStore *st, X509 *signer, STACK_OF(X509) *certs,
						   const CmsvInput *in, X509vVerdict *xv, SigVerdict *v);

#endif							/* DOSSIER_CMS_TST_H */
