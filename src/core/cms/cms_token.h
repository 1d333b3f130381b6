/*
 * cms_token.h
 *	  Verification of one RFC 3161 timestamp token (cms_token.c): a PDF
 *	  document timestamp, or one signature timestamp of a SignerInfo
 *	  (cms_tst.c).  Part of the API that cms_verify.h gathers.
 *
 * No PostgreSQL header is included.
 */
#ifndef DOSSIER_CMS_TOKEN_H
#define DOSSIER_CMS_TOKEN_H

#include <stdbool.h>

#include "core/cms/cms_input.h"
#include "core/cms/sig_verdict.h"
#include "core/trust/x509_types.h"

/*
 * Verify one RFC 3161 timestamp token (a PDF document timestamp's
 * /Contents) into *out, as cmsv_verify does a signature: in->cms is the
 * TimeStampToken (a ContentInfo of signedData encapsulating a TSTInfo, DER
 * or BER, padding allowed as for a signature), in->segments the stamped
 * bytes (in->digest is not used).  Checked, each problem a finding:
 *	  - format (malformed, FORMAT_FAILURE): one SignerInfo, eContentType
 *		id-smime-ct-TSTInfo, a TSTInfo OpenSSL's TS reader
 *		(d2i_TS_TST_INFO) accepts, signed attributes (RFC 3161 requires
 *		them), a genTime;
 *	  - the messageImprint: its algorithm under the crypto policy
 *		(CRYPTO_CONSTRAINTS_FAILURE), its hash equal to the digest of the
 *		segments (tampered, HASH_FAILURE);
 *	  - the token's own signature as cmsv_verify checks one with signed
 *		attributes (messageDigest over the TSTInfo: HASH_FAILURE; the
 *		signature value: SIG_CRYPTO_FAILURE);
 *	  - the TSA certificate: found as a signer's is, its chain and
 *		revocation at in->at exactly as cmsv_verify's, and an
 *		extendedKeyUsage that is critical and holds timeStamping (untrusted,
 *		CHAIN_CONSTRAINTS_FAILURE otherwise);
 *	  - the ESS signing-certificate attribute, which RFC 3161 2.4.1
 *		requires: absent or unreadable is malformed (FORMAT_FAILURE), not
 *		identifying the TSA's certificate untrusted
 *		(NO_SIGNING_CERTIFICATE_FOUND).
 * The TSTInfo's genTime goes to claimed_signing_time: the time the TSA
 * attests, to be trusted when the verdict is valid.  The TSA policy and the
 * nonce are not checked.
 * digest_matches is true when both the messageImprint and the messageDigest
 * hold.  False only when out of memory.
 */
extern bool cmsv_verify_timestamp(X509vStore *st, const CmsvInput *in,
								  const SigStructure *structure, SigVerdict *out);

#endif							/* DOSSIER_CMS_TOKEN_H */
