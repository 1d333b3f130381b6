/*
 * cms_token.c
 *	  RFC 3161 timestamp tokens: a PDF document timestamp's /Contents, or
 *	  one signature timestamp of a SignerInfo (cms_tst.c), verified over the
 *	  stamped bytes into a SigVerdict.
 *
 * See cms_token.h for what is checked.  The token is a SignedData like a
 * signature, and goes through the same steps (cms_signer.c); what is its
 * own is here: the TSTInfo (read with OpenSSL's d2i_TS_TST_INFO), its
 * messageImprint against the stamped bytes, and the TSA certificate's
 * extendedKeyUsage.  Every OpenSSL object made here is freed here.
 */
#include "core/cms/cms_token.h"
#include "core/cms/cms_signer.h"
#include "core/trust/x509_verify.h"
#include "core/trust/x509_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

/* The policy finding of a digest algorithm (what), false when unusable. */
static const EVP_MD *
policy_digest(int nid, const char *what, int64_t at, SigVerdict *v)
{
	const char *name = nid != NID_undef ? OBJ_nid2sn(nid) : "unknown";
	const EVP_MD *md = nid != NID_undef ? EVP_get_digestbynid(nid) : NULL;
	char		msg[300];

	if (md == NULL)
	{
		snprintf(msg, sizeof(msg), "the %s digest algorithm %s is not supported", what, name);
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE, msg);
	}
	else if (x509v_digest_too_weak(nid, at))
	{
		snprintf(msg, sizeof(msg), "the %s digest algorithm %s is too weak at the validation time",
				 what, name);
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE, msg);
	}
	ERR_clear_error();
	return md;
}

/* RFC 3161 2.3: the TSA certificate's EKU is critical and timeStamping. */
static void
check_tsa_eku(X509 *tsa, SigVerdict *v)
{
	int			idx = X509_get_ext_by_NID(tsa, NID_ext_key_usage, -1);
	uint32_t	flags = X509_get_extension_flags(tsa);
	uint32_t	xku = X509_get_extended_key_usage(tsa);

	if (idx < 0 || (flags & EXFLAG_XKUSAGE) == 0)
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_CHAIN_CONSTRAINTS_FAILURE,
						 "the TSA certificate has no extendedKeyUsage; RFC 3161 requires it, critical, with the timeStamping purpose");
	else if ((xku & XKU_TIMESTAMP) == 0)
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_CHAIN_CONSTRAINTS_FAILURE,
						 "the TSA certificate's extendedKeyUsage does not include timeStamping");
	else if (!X509_EXTENSION_get_critical(X509_get_ext(tsa, idx)))
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_CHAIN_CONSTRAINTS_FAILURE,
						 "the TSA certificate's extendedKeyUsage timeStamping is not critical, as RFC 3161 requires");
	ERR_clear_error();
}

/*
 * The TSTInfo's messageImprint against the stamped bytes, and its genTime
 * into claimed_signing_time.  Returns whether the imprint matches.
 */
static bool
check_tst_info(TS_TST_INFO *tst, const CmsvInput *in, SigVerdict *v)
{
	TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(tst);
	X509_ALGOR *alg = mi ? TS_MSG_IMPRINT_get_algo(mi) : NULL;
	ASN1_OCTET_STRING *hash = mi ? TS_MSG_IMPRINT_get_msg(mi) : NULL;
	const ASN1_GENERALIZEDTIME *gt = TS_TST_INFO_get_time(tst);
	const ASN1_OBJECT *o = NULL;
	const EVP_MD *md;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	int			nid;
	struct tm	dummy;

	if (gt && ASN1_TIME_to_tm(gt, &dummy))
	{
		v->has_claimed_signing_time = true;
		v->claimed_signing_time = x509u_asn1_time_unix(gt);
	}
	else
		sigv_add_finding(v, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
						 "the TSTInfo's genTime is not a time");
	if (alg)
		X509_ALGOR_get0(&o, NULL, NULL, alg);
	nid = o ? OBJ_obj2nid(o) : NID_undef;
	md = policy_digest(nid, "messageImprint", in->at, v);
	if (md == NULL || hash == NULL || in->n_segments <= 0)
		return false;
	if (!cmss_digest_content(md, in, digest, &dlen))
	{
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE,
						 "the messageImprint digest algorithm cannot be used");
		return false;
	}
	if ((size_t) ASN1_STRING_length(hash) == dlen &&
		memcmp(ASN1_STRING_get0_data(hash), digest, dlen) == 0)
		return true;
	cmss_finding(v, SIGW_TAMPERED, SIGS_HASH_FAILURE,
				 "the %s digest of the stamped bytes differs from the timestamp token's messageImprint: they were changed after timestamping",
				 OBJ_nid2sn(nid));
	return false;
}

/* Verify one RFC 3161 timestamp token over the segments. */
bool
cmsv_verify_timestamp(X509vStore *st, const CmsvInput *in, const SigStructure *structure,
					  SigVerdict *out)
{
	TS_TST_INFO *tst = NULL;
	CMS_ContentInfo *cms;
	STACK_OF(X509) *certs;
	CMS_SignerInfo *si;
	X509	   *tsa = NULL;
	X509vVerdict xv;
	ASN1_OCTET_STRING **pos;
	const unsigned char *p;
	const EVP_MD *md;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	bool		have_digest = false;
	bool		imprint_ok;
	bool		ok = true;
	int			md_nid;

	si = cmss_open(in, structure, false, false, &cms, &certs, out);
	if (si == NULL)
		goto finish;
	if (OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_id_smime_ct_TSTInfo)
	{
		sigv_add_finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
						 "the SignedData does not encapsulate a TSTInfo: it is not an RFC 3161 timestamp token");
		goto finish;
	}
	pos = CMS_get0_content(cms);
	p = pos && *pos ? ASN1_STRING_get0_data(*pos) : NULL;
	if (p != NULL)
		tst = d2i_TS_TST_INFO(NULL, &p, ASN1_STRING_length(*pos));
	if (tst == NULL || p != ASN1_STRING_get0_data(*pos) + ASN1_STRING_length(*pos))
	{
		sigv_add_finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
						 "the timestamp token's TSTInfo is missing or unreadable");
		goto finish;
	}
	if (CMS_signed_get_attr_count(si) <= 0)
	{
		sigv_add_finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
						 "the timestamp token has no signed attributes, which RFC 3161 requires");
		goto finish;
	}

	/* the stamped bytes against the messageImprint, the time */
	imprint_ok = check_tst_info(tst, in, out);

	/* the token's own digest: the TSTInfo against messageDigest */
	md_nid = cmss_digest_nid(si);
	md = policy_digest(md_nid, "token's", in->at, out);
	if (md != NULL)
		have_digest = EVP_Digest(ASN1_STRING_get0_data(*pos), (size_t) ASN1_STRING_length(*pos),
								 digest, &dlen, md, NULL) > 0;
	ERR_clear_error();

	/* the TSA and the signature */
	tsa = cmss_find_signer(si, certs, st ? st->pool : NULL);
	if (tsa == NULL)
		sigv_add_finding(out, SIGW_UNTRUSTED, SIGS_NO_SIGNING_CERTIFICATE_FOUND,
						 "the TSA's certificate is neither in the timestamp token nor among the stored intermediates");
	cmss_check_with_attributes(cms, si, tsa, have_digest ? digest : NULL, dlen,
							   md_nid != NID_undef ? OBJ_nid2sn(md_nid) : "unknown", out);
	if (out->signature_value_ok == 1)
		cmss_check_signing_certificate(si, tsa, certs, true, false, out);
	out->digest_matches = imprint_ok && out->digest_matches == 1 ? 1 :
		out->digest_matches == SIGV_UNKNOWN && imprint_ok ? SIGV_UNKNOWN : 0;

	/* trust */
	if (tsa != NULL)
	{
		if (!cmss_describe_signer(tsa, out))
			ok = false;
		else
		{
			check_tsa_eku(tsa, out);
			/* the TSA's chain at in->at: a token has no proof of existence of its own */
			if (st != NULL && !cmss_validate_chain(st, tsa, certs, in, &xv, out))
			{
				x509v_verdict_free(&xv);
				ok = false;
			}
			else if (st != NULL)
				cmss_take_chain_verdict(&xv, out);
		}
	}

finish:
	TS_TST_INFO_free(tst);
	cmss_close(cms, certs, out);
	return ok;
}
