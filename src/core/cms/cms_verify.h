/*
 * cms_verify.h
 *	  Verification of one detached CMS / PKCS#7 signature (RFC 5652
 *	  SignedData) against the trust store, into a SigVerdict.
 *
 * This is the C API a PDF verifier calls: it hands over the CMS blob of the
 * signature dictionary's /Contents (DER or BER; trailing zero padding, as
 * PDF writers leave it, is allowed), the bytes the /ByteRange covers (as one
 * or more segments, digested in order, so the file need not be copied) or a
 * digest of them it computed itself, and its structural findings
 * (SigStructure, sig_verdict.h).  It gets back a finished SigVerdict.
 *
 *	  CmsvSegment seg[2] = {{file, br[1]}, {file + br[2], br[3]}};
 *	  CmsvInput	in = {0};
 *	  SigStructure s = {...};              -- coverage, modifications, ...
 *	  SigVerdict v;
 *
 *	  in.cms = contents; in.cms_len = contents_len; in.allow_padding = true;
 *	  in.segments = seg; in.n_segments = 2;
 *	  in.at = now; in.require_revocation = true;
 *	  cmsv_verify(store, &in, &s, &v);     -- false only when out of memory
 *	  ... read v (sigv_word_name(v.word), ...) ...
 *	  sigv_free(&v);
 *
 * What is checked, each problem a finding (sig_verdict.h gives the
 * precedence):
 *	  - format (malformed, FORMAT_FAILURE): the blob is one ContentInfo of
 *		type signedData, with one SignerInfo or several of the same signer
 *		(PoDoFo writes two; each is checked for integrity as the first,
 *		and several of different signers are malformed), no embedded content
 *		(eContent) since the signature is detached, and a messageDigest
 *		attribute when there are signed attributes;
 *	  - integrity (tampered): with signed attributes, the messageDigest
 *		attribute against the digest of the content (HASH_FAILURE) and the
 *		signature over the attributes (SIG_CRYPTO_FAILURE); without them,
 *		the signature over the content's digest (SIG_CRYPTO_FAILURE: a
 *		changed content and a bad signature cannot be told apart then);
 *	  - the signer (untrusted): its certificate, found among the CMS
 *		certificates or the store's intermediates by issuer and serial or by
 *		subject key identifier (NO_SIGNING_CERTIFICATE_FOUND); the ESS
 *		signing-certificate attribute (v1 or v2), when signed, must identify
 *		that certificate (NO_SIGNING_CERTIFICATE_FOUND: a substituted
 *		certificate); its key usage must allow digitalSignature or
 *		nonRepudiation (CHAIN_CONSTRAINTS_FAILURE);
 *	  - crypto policy (untrusted, CRYPTO_CONSTRAINTS_FAILURE): the digest
 *		algorithm (MD5 never, SHA-1 only before 2016) and, through the
 *		chain, RSA keys under 2048 bits, as x509v_digest_too_weak;
 *	  - the chain (x509v_verify at in->at, with the CMS certificates as
 *		extra intermediates, CRLs and stored OCSP responses): its
 *		sub-indication becomes a finding with the word x509v_verdict_word
 *		gives it (revoked, expired, untrusted, indeterminate).
 *	  - signature timestamps (cms_tst.c, with a store): each unsigned
 *		id-aa-signatureTimeStampToken is checked as cmsv_verify_timestamp
 *		checks a token, over the signature value; an invalid one is a
 *		warning only.  The earliest valid genTime (timestamp_time) is the
 *		best-signature-time: an expiry or a revocation of the chain after it
 *		is no finding (a warning instead), a signer certificate issued after
 *		it is NOT_YET_VALID (ETSI EN 319 102-1 5.5).
 * The signingTime attribute, when present, is reported as the claimed
 * signing time: nothing trusts it.  The validation time is in->at.
 *
 * This header is the API of the CMS files: it brings the input types
 * (cms_input.h) and the verification of a timestamp token (cms_token.h)
 * with it.  Allocates (OpenSSL does); the verdict is released with
 * sigv_free.  No PostgreSQL header is included; the SQL glue is
 * src/pg/cms/signature.c.
 */
#ifndef DOSSIER_CMS_VERIFY_H
#define DOSSIER_CMS_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cms/cms_input.h"
#include "core/cms/cms_token.h"
#include "core/cms/sig_verdict.h"
#include "core/trust/x509_verify.h"

/*
 * Verify one detached signature into *out (always filled and finished;
 * structure may be NULL for a bare CMS signature).  False only when out of
 * memory, *out then holds what was found so far and must still be freed.
 */
extern bool cmsv_verify(X509vStore *st, const CmsvInput *in,
						const SigStructure *structure, SigVerdict *out);

/*
 * The NID of the first SignerInfo's digest algorithm, NID_undef when the
 * blob is not readable signedData with a SignerInfo: lets a caller that
 * digests the signed bytes itself pick the algorithm.
 */
extern int	cmsv_digest_algorithm(const uint8_t *cms, size_t cms_len, bool allow_padding);

#endif							/* DOSSIER_CMS_VERIFY_H */
