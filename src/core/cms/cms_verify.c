/*
 * cms_verify.c
 *	  Detached CMS / PKCS#7 signature verification: parse with OpenSSL's CMS
 *	  reader, check the one SignerInfo's digest and signature with OpenSSL,
 *	  validate the signer's chain with x509v_verify, record every problem as
 *	  a finding of a SigVerdict.
 *
 * See cms_verify.h for what is checked and the API.  Nothing here decodes
 * ASN.1 or computes a signature by hand: d2i_CMS_ContentInfo reads DER and
 * BER (through cms_read.c, which keeps parsed certificates),
 * CMS_SignerInfo_verify checks a signature over signed attributes,
 * EVP_PKEY_verify one over the content's digest (no signed attributes), and
 * EVP_Digest* hashes the content.  The steps a timestamp token's
 * verification shares are in cms_signer.c, the signature timestamps in
 * cms_tst.c; this file is the top of the CMS files and nothing in them
 * calls it.  Every OpenSSL object made here is freed here, on every path.
 */
#include "core/cms/cms_verify.h"
#include "core/cms/cms_signer.h"
#include "core/cms/cms_tst.h"
#include "core/trust/x509_util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

/* NID of the digest algorithm of a CMS blob's first SignerInfo. */
int
cmsv_digest_algorithm(const uint8_t *cms_buf, size_t cms_len, bool allow_padding)
{
	char		why[300];
	STACK_OF(X509) *certs;
	CMS_ContentInfo *cms = cmss_parse(cms_buf, cms_len, allow_padding, &certs, why, sizeof(why));
	CMS_SignerInfo *si;
	int			nid = NID_undef;
	int			n;

	if (cms == NULL)
		return NID_undef;
	si = cmss_first_signer(cms, false, true, &n, why, sizeof(why));
	if (si)
		nid = cmss_digest_nid(si);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return nid;
}

/* ---- verification ------------------------------------------------------- */

/* The claimed signing time from the signingTime attribute, if any. */
static void
claimed_time(CMS_SignerInfo *si, SigVerdict *v)
{
	int			idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	X509_ATTRIBUTE *attr = idx >= 0 ? CMS_signed_get_attr(si, idx) : NULL;
	ASN1_TYPE  *t = attr ? X509_ATTRIBUTE_get0_type(attr, 0) : NULL;

	if (t && (t->type == V_ASN1_UTCTIME || t->type == V_ASN1_GENERALIZEDTIME))
	{
		ASN1_TIME  *tm = (ASN1_TIME *) t->value.asn1_string;
		struct tm	dummy;

		if (ASN1_TIME_to_tm(tm, &dummy))
		{
			v->has_claimed_signing_time = true;
			v->claimed_signing_time = x509u_asn1_time_unix(tm);
		}
	}
	else if (attr)
		sigv_add_warning(v, "the signingTime attribute is not a time; no claimed signing time");
	ERR_clear_error();
}

/* Integrity without signed attributes: the signature over the digest. */
static void
check_without_attributes(CMS_SignerInfo *si, X509 *signer, const EVP_MD *md,
						 const unsigned char *digest, unsigned int dlen, SigVerdict *v)
{
	ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
	EVP_PKEY   *pk = signer ? X509_get0_pubkey(signer) : NULL;
	EVP_PKEY_CTX *ctx = NULL;
	X509_ALGOR *salg = NULL;
	const ASN1_OBJECT *so = NULL;
	int			rc = 0;

	if (signer == NULL || digest == NULL)
		return;
	CMS_SignerInfo_get0_algs(si, NULL, NULL, NULL, &salg);
	if (salg)
		X509_ALGOR_get0(&so, NULL, NULL, salg);
	if (so && OBJ_obj2nid(so) == NID_rsassaPss)
	{
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE,
						 "RSASSA-PSS without signed attributes is not supported");
		return;
	}
	if (pk && sig && (ctx = EVP_PKEY_CTX_new(pk, NULL)) != NULL &&
		EVP_PKEY_verify_init(ctx) > 0 &&
		(EVP_PKEY_get_base_id(pk) != EVP_PKEY_RSA ||
		 EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0) &&
		EVP_PKEY_CTX_set_signature_md(ctx, md) > 0)
		rc = EVP_PKEY_verify(ctx, ASN1_STRING_get0_data(sig), ASN1_STRING_length(sig),
							 digest, dlen);
	EVP_PKEY_CTX_free(ctx);
	v->signature_value_ok = rc > 0;
	/* the digest is proven only by the signature that covers it */
	if (v->signature_value_ok)
		v->digest_matches = 1;
	else
		cmss_finding(v, SIGW_TAMPERED, SIGS_SIG_CRYPTO_FAILURE,
					 "the signature value does not verify over the content's digest with the signer's key (no signed attributes: a changed content and a bad signature look alike)%s",
					 "");
	ERR_clear_error();
}

/* Validate the signer's chain, relieved by a proof of existence, into v. */
static bool
check_chain(X509vStore *st, X509 *signer, STACK_OF(X509) *certs, const CmsvInput *in,
			SigVerdict *v)
{
	X509vVerdict xv;

	if (!cmss_validate_chain(st, signer, certs, in, &xv, v) ||
		!cmst_apply_poe(st, signer, certs, in, &xv, v))
	{
		x509v_verdict_free(&xv);
		return false;
	}
	cmss_take_chain_verdict(&xv, v);
	return true;
}

/*
 * Integrity of one SignerInfo into v: its digest algorithm against the
 * crypto policy, the digest of the content (given or computed), its
 * signer's certificate (*signer, NULL when not found: a finding) and the
 * signature with or without signed attributes.
 */
static void
check_integrity(CMS_ContentInfo *cms, CMS_SignerInfo *si, STACK_OF(X509) *certs,
				X509vStore *st, const CmsvInput *in, X509 **signer, SigVerdict *v)
{
	int			md_nid = cmss_digest_nid(si);
	const char *mdname = md_nid != NID_undef ? OBJ_nid2sn(md_nid) : "unknown";
	const EVP_MD *md = md_nid != NID_undef ? EVP_get_digestbynid(md_nid) : NULL;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	bool		have_digest = false;

	/* the digest algorithm and the crypto policy */
	if (md == NULL)
		cmss_finding(v, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE,
					 "the digest algorithm %s is not supported", mdname);
	else if (x509v_digest_too_weak(md_nid, in->at))
		cmss_finding(v, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE,
					 "the digest algorithm %s is too weak at the validation time", mdname);

	/* the content's digest: given, or computed here */
	if (in->digest != NULL)
	{
		if (in->digest_nid != md_nid || in->digest_len > sizeof(digest))
			cmss_finding(v, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
						 "the digest given was not computed with the SignerInfo's digest algorithm %s",
						 mdname);
		else
		{
			assert(in->digest_len <= sizeof(digest));
			memcpy(digest, in->digest, in->digest_len);
			dlen = (unsigned int) in->digest_len;
			have_digest = true;
		}
	}
	else if (md != NULL)
	{
		have_digest = cmss_digest_content(md, in, digest, &dlen);
		if (!have_digest)
			cmss_finding(v, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE,
						 "the digest algorithm %s cannot be used", mdname);
	}

	/* the signer */
	*signer = cmss_find_signer(si, certs, st ? st->pool : NULL);
	if (*signer == NULL)
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_NO_SIGNING_CERTIFICATE_FOUND,
						 "the signer's certificate is neither in the signature nor among the stored intermediates");

	/* integrity */
	if (CMS_signed_get_attr_count(si) > 0)
		cmss_check_with_attributes(cms, si, *signer, have_digest ? digest : NULL, dlen, mdname, v);
	else if (md != NULL)
		check_without_attributes(si, *signer, md, have_digest ? digest : NULL, dlen, v);
}

/* Whether two SignerInfos name the same signer (issuer and serial, or key id). */
static bool
same_signer_id(CMS_SignerInfo *a, CMS_SignerInfo *b)
{
	ASN1_OCTET_STRING *ka = NULL,
			   *kb = NULL;
	X509_NAME  *ia = NULL,
			   *ib = NULL;
	ASN1_INTEGER *sa = NULL,
			   *sb = NULL;
	bool		same;

	if (!CMS_SignerInfo_get0_signer_id(a, &ka, &ia, &sa) ||
		!CMS_SignerInfo_get0_signer_id(b, &kb, &ib, &sb))
		same = false;
	else if (ka != NULL || kb != NULL)
		same = ka != NULL && kb != NULL && ASN1_OCTET_STRING_cmp(ka, kb) == 0;
	else
		same = ia != NULL && ib != NULL && sa != NULL && sb != NULL &&
			X509_NAME_cmp(ia, ib) == 0 && ASN1_INTEGER_cmp(sa, sb) == 0;
	ERR_clear_error();
	return same;
}

/*
 * The SignerInfos after the first (n in all; PoDoFo writes two of one
 * signer): each one's integrity is checked as the first one's, its
 * findings added to out with its number.  When all identify the signer of
 * the first and all verify, they are one signature (a warning says so);
 * SignerInfos of different signers make the signer ambiguous, a format
 * failure.
 */
static void
check_other_signer_infos(CMS_ContentInfo *cms, X509 *signer, STACK_OF(X509) *certs,
						 X509vStore *st, const CmsvInput *in, int n, SigVerdict *out)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	CMS_SignerInfo *first = sk_CMS_SignerInfo_value(sis, 0);
	bool		same = true;
	bool		intact = true;
	char		msg[800];

	for (int k = 1; k < n; k++)
	{
		CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, k);
		X509	   *other = NULL;
		SigVerdict	tmp;

		sigv_init(&tmp, in->at);
		check_integrity(cms, si, certs, st, in, &other, &tmp);
		if (signer != NULL || other != NULL)
			same = same && signer != NULL && other != NULL && X509_cmp(signer, other) == 0;
		else
			same = same && same_signer_id(first, si);
		for (int i = 0; i < tmp.n_findings; i++)
		{
			if (i < tmp.n_errors)
				snprintf(msg, sizeof(msg), "SignerInfo %d of %d: %s", k + 1, n, tmp.errors[i]);
			sigv_add_finding(out, tmp.findings[i].word, tmp.findings[i].sub,
							 i < tmp.n_errors ? msg : NULL);
		}
		if (tmp.n_findings > 0 || tmp.signature_value_ok != 1)
			intact = false;
		if (tmp.digest_matches == 0)
			out->digest_matches = 0;
		if (tmp.signature_value_ok == 0)
			out->signature_value_ok = 0;
		sigv_free(&tmp);
	}
	if (!same)
	{
		snprintf(msg, sizeof(msg),
				 "the SignedData has %d SignerInfos of different signers; a signature verified here has one signer",
				 n);
		sigv_add_finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE, msg);
	}
	else if (intact)
	{
		snprintf(msg, sizeof(msg),
				 "the SignedData has %d SignerInfos of the same signer, each verifying over the signed bytes (as PoDoFo writes them): read as one signature",
				 n);
		sigv_add_warning(out, msg);
	}
	ERR_clear_error();
}

/* Verify one detached signature. */
bool
cmsv_verify(X509vStore *st, const CmsvInput *in, const SigStructure *structure,
			SigVerdict *out)
{
	CMS_ContentInfo *cms;
	CMS_SignerInfo *si;
	STACK_OF(X509) *certs;
	X509	   *signer = NULL;
	bool		ok = true;
	int			n;

	si = cmss_open(in, structure, true, true, &cms, &certs, out);
	if (si == NULL)
		goto finish;
	n = sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms));

	/* integrity of the first SignerInfo, then of the others */
	check_integrity(cms, si, certs, st, in, &signer, out);
	if (CMS_signed_get_attr_count(si) > 0)
	{
		if (out->signature_value_ok == 1)
			cmss_check_signing_certificate(si, signer, certs, false, in->cades, out);
		claimed_time(si, out);
	}
	if (n > 1)
		check_other_signer_infos(cms, signer, certs, st, in, n, out);

	/* signature timestamps: the best-signature-time check_chain relies on */
	if (st != NULL && !cmst_verify_timestamps(st, si, in, out))
		ok = false;

	/* trust */
	if (signer != NULL)
	{
		if (!cmss_describe_signer(signer, out))
			ok = false;
		else if (st != NULL && !check_chain(st, signer, certs, in, out))
			ok = false;
	}

finish:
	cmss_close(cms, certs, out);
	return ok;
}
