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
 * EVP_Digest* hashes the content.  Every OpenSSL object made here is freed
 * here, on every path.
 */
#include "core/cms/cms_verify.h"
#include "core/cms/cms_read.h"
#include "core/cms/cms_tst.h"
#include "core/trust/x509_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

/* ---- parsing ------------------------------------------------------------ */

/*
 * Read the ContentInfo and its certificates (cms_read.h: from the cache of
 * parsed certificates); NULL and why filled when unreadable.  Trailing zero
 * bytes are accepted when allow_padding (a PDF /Contents is padded).
 */
static CMS_ContentInfo *
parse_cms(const uint8_t *buf, size_t len, bool allow_padding, STACK_OF(X509) **certs,
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

/* The single SignerInfo of a detached signedData; NULL and why if not. */
static CMS_SignerInfo *
single_signer(CMS_ContentInfo *cms, bool detached, char *why, size_t size)
{
	int			type = OBJ_obj2nid(CMS_get0_type(cms));
	STACK_OF(CMS_SignerInfo) *sis;
	int			n;

	if (type != NID_pkcs7_signed)
	{
		snprintf(why, size, "the ContentInfo holds %s, not signedData",
				 type != NID_undef ? OBJ_nid2ln(type) : "an unknown content type");
		return NULL;
	}
	sis = CMS_get0_SignerInfos(cms);
	n = sis ? sk_CMS_SignerInfo_num(sis) : 0;
	if (n != 1)
	{
		snprintf(why, size, "the SignedData has %d SignerInfos; a signature verified here has exactly one", n);
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
static int
signer_digest_nid(CMS_SignerInfo *si)
{
	X509_ALGOR *dig = NULL;
	const ASN1_OBJECT *o = NULL;

	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, NULL);
	if (dig)
		X509_ALGOR_get0(&o, NULL, NULL, dig);
	return o ? OBJ_obj2nid(o) : NID_undef;
}

/* NID of the digest algorithm of a CMS blob's single SignerInfo. */
int
cmsv_digest_algorithm(const uint8_t *cms_buf, size_t cms_len, bool allow_padding)
{
	char		why[300];
	STACK_OF(X509) *certs;
	CMS_ContentInfo *cms = parse_cms(cms_buf, cms_len, allow_padding, &certs, why, sizeof(why));
	CMS_SignerInfo *si;
	int			nid = NID_undef;

	if (cms == NULL)
		return NID_undef;
	si = single_signer(cms, false, why, sizeof(why));
	if (si)
		nid = signer_digest_nid(si);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return nid;
}

/* ---- verification ------------------------------------------------------- */

/* A finding with a formatted message. */
static void
finding(SigVerdict *v, SigWord w, SigSub s, const char *fmt, const char *arg)
{
	char		msg[600];

	snprintf(msg, sizeof(msg), fmt, arg);
	sigv_add_finding(v, w, s, msg);
}

/* The signer's certificate among the CMS certificates and the pool. */
static X509 *
find_signer(CMS_SignerInfo *si, STACK_OF(X509) *certs, STACK_OF(X509) *pool)
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
static bool
digest_content(const EVP_MD *md, const CmsvInput *in, unsigned char *out, unsigned int *len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool		ok = ctx != NULL && EVP_DigestInit_ex(ctx, md, NULL);

	for (int i = 0; ok && i < in->n_segments; i++)
		if (in->segments[i].len > 0)
			ok = EVP_DigestUpdate(ctx, in->segments[i].data, in->segments[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, len);
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

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

/* Integrity: messageDigest and signature over the signed attributes. */
static void
check_with_attributes(CMS_ContentInfo *cms, CMS_SignerInfo *si, X509 *signer,
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
			finding(v, SIGW_TAMPERED, SIGS_HASH_FAILURE,
					"the %s digest of the content differs from the signed messageDigest attribute: the content was changed after signing",
					mdname);
	}
	if (signer)
	{
		CMS_SignerInfo_set1_signer_cert(si, signer);
		v->signature_value_ok = CMS_SignerInfo_verify(si) > 0;
		if (!v->signature_value_ok)
			finding(v, SIGW_TAMPERED, SIGS_SIG_CRYPTO_FAILURE,
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
static void
check_signing_certificate(CMS_SignerInfo *si, X509 *signer, STACK_OF(X509) *certs,
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
		finding(v, SIGW_UNTRUSTED, SIGS_NO_SIGNING_CERTIFICATE_FOUND,
				"the signed signing-certificate attribute does not identify the certificate the signature verifies with (%s): the certificate was substituted",
				x509u_ossl_reason("no match"));

done:
	sk_X509_free(chain);
	ESS_SIGNING_CERT_free(ss);
	ESS_SIGNING_CERT_V2_free(ss2);
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
		finding(v, SIGW_TAMPERED, SIGS_SIG_CRYPTO_FAILURE,
				"the signature value does not verify over the content's digest with the signer's key (no signed attributes: a changed content and a bad signature look alike)%s",
				"");
	ERR_clear_error();
}

/* The SigWord of a certificate verdict's finding. */
static SigWord
word_of_x509(const X509vVerdict *xv)
{
	const char *w = x509v_verdict_word(xv->indication, xv->sub);

	if (strcmp(w, "revoked") == 0)
		return SIGW_REVOKED;
	if (strcmp(w, "expired") == 0)
		return SIGW_EXPIRED;
	if (strcmp(w, "indeterminate") == 0)
		return SIGW_INDETERMINATE;
	if (strcmp(w, "malformed") == 0)
		return SIGW_MALFORMED;
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

/* Validate the signer's chain and copy what it says into v. */
static bool
check_chain(X509vStore *st, X509 *signer, STACK_OF(X509) *certs, const CmsvInput *in,
			SigVerdict *v)
{
	X509vOptions opts;
	X509vVerdict xv;
	int64_t		nb = x509u_asn1_time_unix(X509_get0_notBefore(signer));
	int64_t		na = x509u_asn1_time_unix(X509_get0_notAfter(signer));

	memset(&opts, 0, sizeof(opts));
	opts.at = in->at;
	opts.require_revocation = in->require_revocation;
	v->certificate_time_status = in->at < nb ? "not_yet_valid" : in->at > na ? "expired" : "valid";
	if (!x509v_verify(st, signer, certs, &opts, &xv) ||
		!cmst_apply_poe(st, signer, certs, in, &xv, v))
	{
		x509v_verdict_free(&xv);
		return false;
	}
	v->key_usage_ok = xv.key_usage_ok ? 1 : 0;
	if (!xv.key_usage_ok)
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_CHAIN_CONSTRAINTS_FAILURE, KU_MSG);
	if (xv.sub != X509V_SUB_NONE)
	{
		SigWord		w = word_of_x509(&xv);
		SigSub		s = sub_of_x509(xv.sub);

		sigv_add_finding(v, w, s, xv.n_errors > 0 ? xv.errors[0] : x509v_sub_name(xv.sub));
		for (int i = 1; i < xv.n_errors; i++)
			sigv_add_finding(v, w, s, xv.errors[i]);
	}
	for (int i = 0; i < xv.n_warnings; i++)
		if (strstr(xv.warnings[i], "key usage allows neither") == NULL)
			sigv_add_warning(v, xv.warnings[i]);
	v->chain = xv.chain;
	v->n_chain = xv.n_chain;
	v->anchor = xv.anchor;
	xv.chain = NULL;
	xv.n_chain = 0;
	xv.anchor = NULL;
	v->revocation_status = xv.revocation_status;
	v->revocation_source = xv.revocation_source;
	v->has_revocation_time = xv.has_revocation_time;
	v->revocation_time = xv.revocation_time;
	v->revocation_reason = xv.revocation_reason;
	x509v_verdict_free(&xv);
	return true;
}

/* Copy the signer's names and DER into v. */
static bool
describe_signer(X509 *signer, SigVerdict *v)
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

/* Verify one detached signature. */
bool
cmsv_verify(X509vStore *st, const CmsvInput *in, const SigStructure *structure,
			SigVerdict *out)
{
	char		why[600];
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	STACK_OF(X509) *certs = NULL;
	X509	   *signer = NULL;
	const EVP_MD *md = NULL;
	int			md_nid;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	bool		have_digest = false;
	bool		ok = true;
	const char *mdname;

	sigv_init(out, in->at);
	sigv_apply_structure(out, structure);
	ERR_clear_error();

	cms = parse_cms(in->cms, in->cms_len, in->allow_padding, &certs, why, sizeof(why));
	if (cms == NULL)
	{
		sigv_add_finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE, why);
		goto finish;
	}
	si = single_signer(cms, true, why, sizeof(why));
	if (si == NULL)
	{
		sigv_add_finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE, why);
		goto finish;
	}

	/* the digest algorithm and the crypto policy */
	md_nid = signer_digest_nid(si);
	mdname = md_nid != NID_undef ? OBJ_nid2sn(md_nid) : "unknown";
	md = md_nid != NID_undef ? EVP_get_digestbynid(md_nid) : NULL;
	if (md == NULL)
		finding(out, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE,
				"the digest algorithm %s is not supported", mdname);
	else if (x509v_digest_too_weak(md_nid, in->at))
		finding(out, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE,
				"the digest algorithm %s is too weak at the validation time", mdname);

	/* the content's digest: given, or computed here */
	if (in->digest != NULL)
	{
		if (in->digest_nid != md_nid || in->digest_len > sizeof(digest))
			finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE,
					"the digest given was not computed with the SignerInfo's digest algorithm %s",
					mdname);
		else
		{
			memcpy(digest, in->digest, in->digest_len);
			dlen = (unsigned int) in->digest_len;
			have_digest = true;
		}
	}
	else if (md != NULL)
	{
		have_digest = digest_content(md, in, digest, &dlen);
		if (!have_digest)
			finding(out, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE,
					"the digest algorithm %s cannot be used", mdname);
	}

	/* the signer */
	signer = find_signer(si, certs, st ? st->pool : NULL);
	if (signer == NULL)
		sigv_add_finding(out, SIGW_UNTRUSTED, SIGS_NO_SIGNING_CERTIFICATE_FOUND,
						 "the signer's certificate is neither in the signature nor among the stored intermediates");

	/* integrity */
	if (CMS_signed_get_attr_count(si) > 0)
	{
		check_with_attributes(cms, si, signer, have_digest ? digest : NULL, dlen, mdname, out);
		if (out->signature_value_ok == 1)
			check_signing_certificate(si, signer, certs, false, in->cades, out);
		claimed_time(si, out);
	}
	else if (md != NULL)
		check_without_attributes(si, signer, md, have_digest ? digest : NULL, dlen, out);

	/* signature timestamps: the best-signature-time check_chain relies on */
	if (st != NULL && !cmst_verify_timestamps(st, si, in, out))
		ok = false;

	/* trust */
	if (signer != NULL)
	{
		if (!describe_signer(signer, out))
			ok = false;
		else if (st != NULL && !check_chain(st, signer, certs, in, out))
			ok = false;
	}

finish:
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	sigv_finish(out);
	return ok;
}

/* ---- RFC 3161 timestamp tokens ------------------------------------------- */

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
	if (!digest_content(md, in, digest, &dlen))
	{
		sigv_add_finding(v, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE,
						 "the messageImprint digest algorithm cannot be used");
		return false;
	}
	if ((size_t) ASN1_STRING_length(hash) == dlen &&
		memcmp(ASN1_STRING_get0_data(hash), digest, dlen) == 0)
		return true;
	finding(v, SIGW_TAMPERED, SIGS_HASH_FAILURE,
			"the %s digest of the stamped bytes differs from the timestamp token's messageImprint: they were changed after timestamping",
			OBJ_nid2sn(nid));
	return false;
}

/* Verify one RFC 3161 timestamp token over the segments. */
bool
cmsv_verify_timestamp(X509vStore *st, const CmsvInput *in, const SigStructure *structure,
					  SigVerdict *out)
{
	char		why[600];
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	STACK_OF(X509) *certs = NULL;
	X509	   *tsa = NULL;
	TS_TST_INFO *tst = NULL;
	ASN1_OCTET_STRING **pos;
	const unsigned char *p;
	const EVP_MD *md;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	bool		have_digest = false;
	bool		imprint_ok;
	bool		ok = true;
	int			md_nid;

	sigv_init(out, in->at);
	sigv_apply_structure(out, structure);
	ERR_clear_error();

	cms = parse_cms(in->cms, in->cms_len, in->allow_padding, &certs, why, sizeof(why));
	if (cms == NULL)
	{
		sigv_add_finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE, why);
		goto finish;
	}
	si = single_signer(cms, false, why, sizeof(why));
	if (si == NULL)
	{
		sigv_add_finding(out, SIGW_MALFORMED, SIGS_FORMAT_FAILURE, why);
		goto finish;
	}
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
	md_nid = signer_digest_nid(si);
	md = policy_digest(md_nid, "token's", in->at, out);
	if (md != NULL)
		have_digest = EVP_Digest(ASN1_STRING_get0_data(*pos), (size_t) ASN1_STRING_length(*pos),
								 digest, &dlen, md, NULL) > 0;
	ERR_clear_error();

	/* the TSA and the signature */
	tsa = find_signer(si, certs, st ? st->pool : NULL);
	if (tsa == NULL)
		sigv_add_finding(out, SIGW_UNTRUSTED, SIGS_NO_SIGNING_CERTIFICATE_FOUND,
						 "the TSA's certificate is neither in the timestamp token nor among the stored intermediates");
	check_with_attributes(cms, si, tsa, have_digest ? digest : NULL, dlen,
						  md_nid != NID_undef ? OBJ_nid2sn(md_nid) : "unknown", out);
	if (out->signature_value_ok == 1)
		check_signing_certificate(si, tsa, certs, true, false, out);
	out->digest_matches = imprint_ok && out->digest_matches == 1 ? 1 :
		out->digest_matches == SIGV_UNKNOWN && imprint_ok ? SIGV_UNKNOWN : 0;

	/* trust */
	if (tsa != NULL)
	{
		if (!describe_signer(tsa, out))
			ok = false;
		else
		{
			check_tsa_eku(tsa, out);
			if (st != NULL && !check_chain(st, tsa, certs, in, out))
				ok = false;
		}
	}

finish:
	TS_TST_INFO_free(tst);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	sigv_finish(out);
	return ok;
}
