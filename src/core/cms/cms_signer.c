/*
 * cms_signer.c
 *	  The steps that the verification of a detached signature (cms_verify.c)
 *	  and of an RFC 3161 timestamp token (cms_token.c) share: reading the
 *	  SignedData and its first SignerInfo, digesting the signed bytes, finding
 *	  the signer's certificate, checking the signed attributes and the ESS
 *	  signing-certificate attribute, and turning the signer chain's
 *	  x509v_verify verdict into findings.
 *
 * The bottom of the CMS files: it calls cms_read.c, sig_verdict.c and the
 * X.509 files, never cms_verify.c, cms_token.c or cms_tst.c.  Nothing here
 * decodes ASN.1 or computes a signature by hand (see cms_verify.c).  Every
 * OpenSSL object made here is freed here, on every path, except what
 * cmss_open hands to its caller for cmss_close.
 */
#include "core/cms/cms_signer.h"
#include "core/cms/cms_read.h"
#include "core/trust/x509_verify.h"
#include "core/trust/x509_util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

/* ---- reading ------------------------------------------------------------ */

/*
 * Read the ContentInfo and its certificates (cms_read.h: from the cache of
 * parsed certificates); NULL and why filled when unreadable.  Trailing zero
 * bytes are accepted when allow_padding (a PDF /Contents is padded).
 */
CMS_ContentInfo *
cmss_parse(const uint8_t *buf, size_t len, bool allow_padding, STACK_OF(X509) **certs,
		   char *why, size_t size)
{
	CMS_ContentInfo *cms = NULL;

	*certs = NULL;
	ERR_clear_error();
	if (len == 0)
	{
		snprintf(why, size, "the signature is empty");
		return NULL;
	}
	if (len > CMSV_MAX_INPUT)
	{
		snprintf(why, size, "the signature has %zu bytes, more than the %d accepted",
				 len, CMSV_MAX_INPUT);
		return NULL;
	}
	if (!cmsr_read(buf, len, allow_padding, &cms, certs, why, size))
		return NULL;
	ERR_clear_error();
	return cms;
}

/*
 * The first SignerInfo of a signedData, detached or not as asked; NULL and
 * why when there is none, or several and !several.  *n gets their number.
 */
CMS_SignerInfo *
cmss_first_signer(CMS_ContentInfo *cms, bool detached, bool several, int *n,
				  char *why, size_t size)
{
	int			type = OBJ_obj2nid(CMS_get0_type(cms));
	STACK_OF(CMS_SignerInfo) *sis;

	*n = 0;
	if (type != NID_pkcs7_signed)
	{
		snprintf(why, size, "the ContentInfo holds %s, not signedData",
				 type != NID_undef ? OBJ_nid2ln(type) : "an unknown content type");
		return NULL;
	}
	sis = CMS_get0_SignerInfos(cms);
	*n = sis ? sk_CMS_SignerInfo_num(sis) : 0;
	if (*n < 1 || (*n > 1 && !several))
	{
		snprintf(why, size, "the SignedData has %d SignerInfos; a signature verified here has exactly one", *n);
		return NULL;
	}
	if (detached)
	{
		ASN1_OCTET_STRING **pos = CMS_get0_content(cms);

		if (pos && *pos)
		{
			snprintf(why, size, "the SignedData embeds its content (eContent of %d bytes), but the signature is detached",
					 ASN1_STRING_length(*pos));
			return NULL;
		}
	}
	ERR_clear_error();
	return sk_CMS_SignerInfo_value(sis, 0);
}

/* NID of the SignerInfo's digest algorithm. */
int
cmss_digest_nid(CMS_SignerInfo *si)
{
	X509_ALGOR *dig = NULL;
	const ASN1_OBJECT *o = NULL;

	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, NULL);
	if (dig)
		X509_ALGOR_get0(&o, NULL, NULL, dig);
	return o ? OBJ_obj2nid(o) : NID_undef;
}

/* Start a verdict and open the signature; see cms_signer.h. */
CMS_SignerInfo *
cmss_open(const CmsvInput *in, const SigStructure *structure, bool detached,
		  bool several, CMS_ContentInfo **cms, STACK_OF(X509) **certs, SigVerdict *out)
{
	char		why[600];
	CMS_SignerInfo *si;
	int			n;

	assert(in != NULL && cms != NULL && certs != NULL && out != NULL);
	*cms = NULL;
	*certs = NULL;
	sigv_init(out, in->at);
	sigv_apply_structure(out, structure);
	ERR_clear_error();

	*cms = cmss_parse(in->cms, in->cms_len, in->allow_padding, certs, why, sizeof(why));
	if (*cms == NULL)
	{
		sigv_add_finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE, why);
		return NULL;
	}
	si = cmss_first_signer(*cms, detached, several, &n, why, sizeof(why));
	if (si == NULL)
		sigv_add_finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE, why);
	return si;
}

/* Release what cmss_open made and finish the verdict. */
void
cmss_close(CMS_ContentInfo *cms, STACK_OF(X509) *certs, SigVerdict *out)
{
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	sigv_finish(out);
}

/* ---- the signed bytes and the signer ------------------------------------- */

/* A finding with a formatted message. */
void
cmss_finding(SigVerdict *v, SigWord w, SigSub s, const char *fmt, const char *arg)
{
	char		msg[600];

	snprintf(msg, sizeof(msg), fmt, arg);
	sigv_add_finding(v, w, s, msg);
}

/* The signer's certificate among the CMS certificates and the pool. */
X509 *
cmss_find_signer(CMS_SignerInfo *si, STACK_OF(X509) *certs, STACK_OF(X509) *pool)
{
	for (int i = 0; certs && i < sk_X509_num(certs); i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
			return sk_X509_value(certs, i);
	for (int i = 0; pool && i < sk_X509_num(pool); i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(pool, i)) == 0)
			return sk_X509_value(pool, i);
	ERR_clear_error();
	return NULL;
}

/* Digest the signed bytes with md; false when OpenSSL refuses. */
bool
cmss_digest_content(const EVP_MD *md, const CmsvInput *in, unsigned char *out, unsigned int *len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool		ok = ctx != NULL && EVP_DigestInit_ex(ctx, md, NULL);

	assert(md != NULL && (in->n_segments == 0 || in->segments != NULL));
	for (int i = 0; ok && i < in->n_segments; i++)
		if (in->segments[i].len > 0)
			ok = EVP_DigestUpdate(ctx, in->segments[i].data, in->segments[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, len);
	assert(!ok || *len <= EVP_MAX_MD_SIZE);
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

/* Integrity: messageDigest and signature over the signed attributes. */
void
cmss_check_with_attributes(CMS_ContentInfo *cms, CMS_SignerInfo *si, X509 *signer,
						   const unsigned char *digest, unsigned int dlen,
						   const char *mdname, SigVerdict *v)
{
	ASN1_OCTET_STRING *md_attr = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest),
															 -3, V_ASN1_OCTET_STRING);
	ASN1_OBJECT *ct_attr = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_contentType),
													   -3, V_ASN1_OBJECT);
	const ASN1_OBJECT *ect = CMS_get0_eContentType(cms);

	/* RFC 5652 5.3: with signed attributes, contentType is mandatory */
	if (ct_attr == NULL)
		sigv_add_finding(v, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
						 "the signed attributes have no contentType attribute");
	else if (ect == NULL || OBJ_cmp(ct_attr, ect) != 0)
		sigv_add_finding(v, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
						 "the signed contentType attribute differs from the encapsulated content type");

	if (md_attr == NULL)
	{
		sigv_add_finding(v, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
						 "the signed attributes have no messageDigest attribute");
		ERR_clear_error();
		return;
	}
	if (digest)
	{
		v->digest_matches = (size_t) ASN1_STRING_length(md_attr) == dlen &&
			memcmp(ASN1_STRING_get0_data(md_attr), digest, dlen) == 0;
		if (!v->digest_matches)
			cmss_finding(v, SIGW_TAMPERED, SIGS_HASH_FAILURE,
						 "the %s digest of the content differs from the signed messageDigest attribute: the content was changed after signing",
						 mdname);
	}
	if (signer)
	{
		CMS_SignerInfo_set1_signer_cert(si, signer);
		v->signature_value_ok = CMS_SignerInfo_verify(si) > 0;
		if (!v->signature_value_ok)
			cmss_finding(v, SIGW_TAMPERED, SIGS_SIG_CRYPTO_FAILURE,
						 "the signature value does not verify over the signed attributes with the signer's key (%s)",
						 x509u_ossl_reason("verification failure"));
		CMS_SignerInfo_set1_signer_cert(si, NULL);
	}
	ERR_clear_error();
}

/*
 * The ESS signing-certificate attribute (RFC 2634 5.4, RFC 5035 for v2),
 * when signed, binds the signature to one certificate: a signature that
 * verifies under another certificate with the same key, or one put in its
 * place, must not pass.  OpenSSL's OSSL_ESS_check_signing_certs compares
 * the hashes (and issuer and serial, when given) with the signer, then with
 * the other certificates for the further ids.  required: absent is a
 * format failure (an RFC 3161 token); expected: absent is a warning (CAdES).
 */
void
cmss_check_signing_certificate(CMS_SignerInfo *si, X509 *signer, STACK_OF(X509) *certs,
							   bool required, bool expected, SigVerdict *v)
{
	ASN1_STRING *a1 = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_signingCertificate),
												  -3, V_ASN1_SEQUENCE);
	ASN1_STRING *a2 = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2),
												  -3, V_ASN1_SEQUENCE);
	ESS_SIGNING_CERT *ss = NULL;
	ESS_SIGNING_CERT_V2 *ss2 = NULL;
	STACK_OF(X509) *chain = NULL;

	if (signer == NULL)
		goto done;
	if (a1 == NULL && a2 == NULL)
	{
		if (required)
			sigv_add_finding(v, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
							 "the signed attributes have no signing-certificate attribute, which RFC 3161 requires of a timestamp token");
		else if (expected)
			sigv_add_warning(v, "no signed signing-certificate-v2 attribute binds the CAdES signature to its certificate, as EN 319 122-1 requires");
		goto done;
	}
	if (a1)
		ss = ASN1_item_unpack(a1, ASN1_ITEM_rptr(ESS_SIGNING_CERT));
	if (a2)
		ss2 = ASN1_item_unpack(a2, ASN1_ITEM_rptr(ESS_SIGNING_CERT_V2));
	if ((a1 && ss == NULL) || (a2 && ss2 == NULL))
	{
		sigv_add_finding(v, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
						 "the signing-certificate attribute cannot be read");
		goto done;
	}
	chain = sk_X509_new_null();
	if (chain == NULL || !sk_X509_push(chain, signer))
		goto done;
	for (int i = 0; certs && i < sk_X509_num(certs); i++)
		if (sk_X509_value(certs, i) != signer && !sk_X509_push(chain, sk_X509_value(certs, i)))
			goto done;
	if (OSSL_ESS_check_signing_certs(ss, ss2, chain, 1) <= 0)
		cmss_finding(v, SIGW_UNTRUSTED, SIGS_NO_SIGNING_CERTIFICATE_FOUND,
					 "the signed signing-certificate attribute does not identify the certificate the signature verifies with (%s): the certificate was substituted",
					 x509u_ossl_reason("no match"));

done:
	sk_X509_free(chain);
	ESS_SIGNING_CERT_free(ss);
	ESS_SIGNING_CERT_V2_free(ss2);
	ERR_clear_error();
}

/* ---- the signer's chain -------------------------------------------------- */

/* The SigWord of a certificate verdict's finding. */
static SigWord
word_of_x509(const X509vVerdict *xv)
{
	static const struct
	{
		const char *name;
		SigWord		word;
	}			words[] = {
		{"revoked", SIGW_REVOKED},
		{"expired", SIGW_EXPIRED},
		{"indeterminate", SIGW_INDETERMINATE},
		{"malformed", SIGW_MALFORMED},
	};
	const char *w = x509v_verdict_word(xv->indication, xv->sub);

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(w, words[i].name) == 0)
			return words[i].word;
	return SIGW_UNTRUSTED;
}

/* The SigSub of the same name as a certificate sub-indication. */
static SigSub
sub_of_x509(X509vSub sub)
{
	const char *name = x509v_sub_name(sub);

	for (int s = SIGS_NONE + 1; name && s < SIGS_COUNT; s++)
		if (strcmp(sigv_sub_name((SigSub) s), name) == 0)
			return (SigSub) s;
	return SIGS_CERTIFICATE_CHAIN_GENERAL_FAILURE;
}

#define KU_MSG "the signer certificate's key usage allows neither digitalSignature nor nonRepudiation"

/* Validate the signer's chain at in->at into *xv (always to be freed). */
bool
cmss_validate_chain(X509vStore *st, X509 *signer, STACK_OF(X509) *certs, const CmsvInput *in,
					X509vVerdict *xv, SigVerdict *v)
{
	X509vOptions opts;
	int64_t		nb = x509u_asn1_time_unix(X509_get0_notBefore(signer));
	int64_t		na = x509u_asn1_time_unix(X509_get0_notAfter(signer));

	memset(&opts, 0, sizeof(opts));
	opts.at = in->at;
	opts.require_revocation = in->require_revocation;
	v->certificate_time_status = in->at < nb ? "not_yet_valid" : in->at > na ? "expired" : "valid";
	return x509v_verify(st, signer, certs, &opts, xv);
}

/* Copy what the chain's verdict says into v, and free it. */
void
cmss_take_chain_verdict(X509vVerdict *xv, SigVerdict *v)
{
	assert(xv->n_errors >= 0 && xv->n_errors <= X509V_MAX_MESSAGES);
	assert(xv->n_warnings >= 0 && xv->n_warnings <= X509V_MAX_MESSAGES);
	/* the sub-indication is the first finding in precedence order */
	assert(xv->sub == x509v_first_sub(xv->found));
	v->key_usage_ok = xv->key_usage_ok ? 1 : 0;
	if (!xv->key_usage_ok)
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_CHAIN_CONSTRAINTS_FAILURE, KU_MSG);
	if (xv->sub != X509V_SUB_NONE)
	{
		SigWord		w = word_of_x509(xv);
		SigSub		s = sub_of_x509(xv->sub);

		sigv_add_finding(v, w, s, xv->n_errors > 0 ? xv->errors[0] : x509v_sub_name(xv->sub));
		for (int i = 1; i < xv->n_errors; i++)
			sigv_add_finding(v, w, s, xv->errors[i]);
	}
	for (int i = 0; i < xv->n_warnings; i++)
		if (strstr(xv->warnings[i], "key usage allows neither") == NULL)
			sigv_add_warning(v, xv->warnings[i]);
	v->chain = xv->chain;
	v->n_chain = xv->n_chain;
	v->anchor = xv->anchor;
	xv->chain = NULL;
	xv->n_chain = 0;
	xv->anchor = NULL;
	v->revocation_status = xv->revocation_status;
	v->revocation_source = xv->revocation_source;
	v->has_revocation_time = xv->has_revocation_time;
	v->revocation_time = xv->revocation_time;
	v->revocation_reason = xv->revocation_reason;
	x509v_verdict_free(xv);
}

/* Copy the signer's names and DER into v. */
bool
cmss_describe_signer(X509 *signer, SigVerdict *v)
{
	X509vCertInfo info;
	bool		ok = x509v_cert_info(signer, &info);

	if (ok)
	{
		v->signer_subject = info.subject;
		v->signer_issuer = info.issuer;
		v->signer_serial = info.serial;
		info.subject = info.issuer = info.serial = NULL;
		v->signer_certificate = x509v_cert_der(signer, &v->signer_certificate_len);
		ok = v->signer_certificate != NULL;
	}
	x509v_cert_info_free(&info);
	return ok;
}
