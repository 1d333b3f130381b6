/*
 * test_cms_verify.c
 *	  cmocka tests of detached CMS verification (src/core/cms/cms_verify.c):
 *	  DER and detached BER, with and without signed attributes, RSA and
 *	  ECDSA, issuer-serial and subject-key-identifier signer ids, segments
 *	  and precomputed digests, tampering, the format rules, the crypto
 *	  policy at the validation time, structural findings, and absurd input.
 *
 * The PKI is made in-process with the OpenSSL API (a root, and leaves valid
 * 2010-2049), and so are the signatures, with CMS_sign.  Neither the
 * openssl CLI nor the API streams a detached signature (streaming always
 * embeds the content), so the detached BER form is made by re-encoding the
 * two outer headers of a DER signature with indefinite lengths (to_ber).  The store holds the root only and no
 * revocation data, so validations are soft (require_revocation false).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/cms.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "core/cms/cms_verify.h"

#define AT_2030 INT64_C(1906502400)	/* 2030-06-01 00:00:00 UTC */
#define AT_2015 INT64_C(1433116800)	/* 2015-06-01 00:00:00 UTC */

static const char content[] = "dossier 2026/0001: application for a construction permit";

typedef struct Pki
{
	EVP_PKEY   *root_key;
	X509	   *root;
	EVP_PKEY   *rsa_key;
	X509	   *rsa;			/* digitalSignature */
	EVP_PKEY   *ec_key;
	X509	   *ec;
	EVP_PKEY   *enc_key;
	X509	   *enc;			/* keyEncipherment only */
	X509vStore *st;
} Pki;

static Pki pki;

/* A fresh key: RSA of bits, or EC P-256 when bits is 0. */
static EVP_PKEY *
new_key(int bits)
{
	EVP_PKEY   *k = bits ? EVP_RSA_gen(bits) : EVP_EC_gen("P-256");

	assert_non_null(k);
	return k;
}

/* Add one extension in openssl.cnf syntax. */
static void
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	assert_non_null(e);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

/* A certificate for key, signed by issuer (self-signed when NULL). */
static X509 *
new_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
		 long serial, const char *key_usage, bool ca)
{
	X509	   *x = X509_new();
	X509_NAME  *name = X509_NAME_new();

	assert_non_null(x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *) cn, -1, -1, 0);
	X509_set_subject_name(x, name);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
	X509_NAME_free(name);
	ASN1_TIME_set_string(X509_getm_notBefore(x), "20100101000000Z");
	ASN1_TIME_set_string(X509_getm_notAfter(x), "20491231000000Z");
	X509_set_pubkey(x, key);
	add_ext(x, issuer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
	add_ext(x, issuer, NID_key_usage, key_usage);
	add_ext(x, issuer, NID_subject_key_identifier, "hash");
	assert_true(X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) > 0);
	return x;
}

/* DER of a certificate into a store. */
static void
store_cert(X509vStore *st, X509vKind kind, X509 *x)
{
	size_t		n = 0;
	uint8_t    *der = x509v_cert_der(x, &n);
	ParseError	err;

	assert_non_null(der);
	assert_true(x509v_store_add(st, kind, der, n, &err));
	free(der);
}

/* Make the PKI once. */
static int
setup(void **state)
{
	pki.root_key = new_key(2048);
	pki.root = new_cert("unit root", pki.root_key, NULL, NULL, 1, "critical,keyCertSign,cRLSign", true);
	pki.rsa_key = new_key(2048);
	pki.rsa = new_cert("unit rsa", pki.rsa_key, pki.root, pki.root_key, 2,
					   "critical,digitalSignature,nonRepudiation", false);
	pki.ec_key = new_key(0);
	pki.ec = new_cert("unit ec", pki.ec_key, pki.root, pki.root_key, 3,
					  "critical,digitalSignature", false);
	pki.enc_key = new_key(2048);
	pki.enc = new_cert("unit enc", pki.enc_key, pki.root, pki.root_key, 4,
					   "critical,keyEncipherment", false);
	pki.st = x509v_store_new();
	assert_non_null(pki.st);
	store_cert(pki.st, X509V_ANCHOR, pki.root);
	return 0;
}

/* Free the PKI. */
static int
teardown(void **state)
{
	X509_free(pki.root);
	X509_free(pki.rsa);
	X509_free(pki.ec);
	X509_free(pki.enc);
	EVP_PKEY_free(pki.root_key);
	EVP_PKEY_free(pki.rsa_key);
	EVP_PKEY_free(pki.ec_key);
	EVP_PKEY_free(pki.enc_key);
	x509v_store_free(pki.st);
	return 0;
}

/*
 * The BER form of a DER ContentInfo: the outer SEQUENCE and the [0] that
 * wraps the SignedData re-encoded with indefinite lengths (end-of-contents
 * octets added).  OpenSSL streams only embedded content (CMS_stream always
 * creates eContent), so a detached BER signature is made this way.
 */
static uint8_t *
to_ber(uint8_t *der, size_t *len)
{
	size_t		n = *len;
	uint8_t    *ber = malloc(n + 4);

	/* 30 82 xx xx 06 09 <9 bytes> a0 82 yy yy <SignedData> */
	assert_int_equal(der[0], 0x30);
	assert_int_equal(der[1], 0x82);
	assert_int_equal(der[4], 0x06);
	assert_int_equal(der[5], 0x09);
	assert_int_equal(der[15], 0xa0);
	assert_int_equal(der[16], 0x82);
	ber[0] = 0x30;
	ber[1] = 0x80;
	memcpy(ber + 2, der + 4, 11);
	ber[13] = 0xa0;
	ber[14] = 0x80;
	memcpy(ber + 15, der + 19, n - 19);
	memset(ber + 15 + n - 19, 0, 4);
	*len = n;				/* two 2-byte lengths out, four EOC octets in */
	free(der);
	return ber;
}

/* A detached signature of data; malloc'd DER, or BER when ber. */
static uint8_t *
sign(X509 *cert, EVP_PKEY *key, const EVP_MD *md, unsigned flags, bool ber,
	 const char *data, size_t *len)
{
	BIO		   *in = BIO_new_mem_buf(data, (int) strlen(data));
	BIO		   *out = BIO_new(BIO_s_mem());
	CMS_ContentInfo *cms;
	char	   *p;
	long		n;
	uint8_t    *buf;

	flags |= CMS_BINARY | CMS_DETACHED | CMS_PARTIAL;
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	assert_non_null(cms);
	assert_non_null(CMS_add1_signer(cms, cert, key, md, flags));
	assert_true(CMS_final(cms, in, NULL, flags));
	assert_true(i2d_CMS_bio(out, cms));
	n = BIO_get_mem_data(out, &p);
	buf = malloc(n);
	memcpy(buf, p, n);
	*len = (size_t) n;
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	BIO_free(out);
	return ber ? to_ber(buf, len) : buf;
}

/* Whether some error of v contains needle. */
static bool
has_error(const SigVerdict *v, const char *needle)
{
	for (int i = 0; i < v->n_errors; i++)
		if (strstr(v->errors[i], needle) != NULL)
			return true;
	return false;
}

/* Whether some warning of v contains needle. */
static bool
has_warning(const SigVerdict *v, const char *needle)
{
	for (int i = 0; i < v->n_warnings; i++)
		if (strstr(v->warnings[i], needle) != NULL)
			return true;
	return false;
}

/* Verify sig over data at `at` (one segment), soft revocation. */
static void
verify(const uint8_t *sig, size_t len, const char *data, int64_t at, SigVerdict *v)
{
	CmsvSegment seg = {(const uint8_t *) data, strlen(data)};
	CmsvInput	in;

	memset(&in, 0, sizeof(in));
	in.cms = sig;
	in.cms_len = len;
	in.segments = &seg;
	in.n_segments = 1;
	in.at = at;
	assert_true(cmsv_verify(pki.st, &in, NULL, v));
}

/* RSA, with and without signed attributes, DER and BER, issuer-serial and SKI. */
static void
test_valid_forms(void **state)
{
	static const struct
	{
		unsigned	flags;
		bool		ber;
	}			forms[] = {
		{0, false}, {0, true}, {CMS_NOATTR, false}, {CMS_NOATTR, true},
		{CMS_USE_KEYID, false}, {CMS_USE_KEYID | CMS_NOATTR, true},
	};

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
	{
		size_t		len;
		uint8_t    *sig = sign(pki.rsa, pki.rsa_key, EVP_sha256(), forms[i].flags,
							   forms[i].ber, content, &len);
		SigVerdict	v;

		if (forms[i].ber)
		{
			/* indefinite-length BER */
			assert_int_equal(sig[0], 0x30);
			assert_int_equal(sig[1], 0x80);
		}
		verify(sig, len, content, AT_2030, &v);
		assert_int_equal(v.word, SIGW_VALID);
		assert_int_equal(v.indication, SIGI_TOTAL_PASSED);
		assert_int_equal(v.digest_matches, 1);
		assert_int_equal(v.signature_value_ok, 1);
		assert_int_equal(v.key_usage_ok, 1);
		assert_string_equal(v.signer_subject, "CN=unit rsa");
		assert_string_equal(v.anchor, "CN=unit root");
		assert_int_equal(v.n_chain, 2);
		assert_string_equal(v.certificate_time_status, "valid");
		assert_int_equal(v.has_claimed_signing_time, !(forms[i].flags & CMS_NOATTR));
		assert_false(v.has_structure);
		sigv_free(&v);

		/* one changed byte of content */
		verify(sig, len, "dossier 2026/0002: application for a construction permit", AT_2030, &v);
		assert_int_equal(v.word, SIGW_TAMPERED);
		assert_int_equal(v.sub, (forms[i].flags & CMS_NOATTR) ? SIGS_SIG_CRYPTO_FAILURE : SIGS_HASH_FAILURE);
		sigv_free(&v);
		free(sig);
	}
}

/* ECDSA P-256. */
static void
test_ecdsa(void **state)
{
	for (int noattr = 0; noattr < 2; noattr++)
	{
		size_t		len;
		uint8_t    *sig = sign(pki.ec, pki.ec_key, EVP_sha256(), noattr ? CMS_NOATTR : 0,
							   false, content, &len);
		SigVerdict	v;

		verify(sig, len, content, AT_2030, &v);
		assert_int_equal(v.word, SIGW_VALID);
		sigv_free(&v);
		free(sig);
	}
}

/* The signed bytes in segments, or as a digest the caller computed. */
static void
test_segments_and_digest(void **state)
{
	size_t		len;
	uint8_t    *sig = sign(pki.rsa, pki.rsa_key, EVP_sha256(), 0, false, content, &len);
	CmsvSegment seg[3] = {
		{(const uint8_t *) content, 10},
		{(const uint8_t *) content + 10, 0},
		{(const uint8_t *) content + 10, strlen(content) - 10},
	};
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	CmsvInput	in;
	SigVerdict	v;

	assert_int_equal(cmsv_digest_algorithm(sig, len, false), NID_sha256);
	memset(&in, 0, sizeof(in));
	in.cms = sig;
	in.cms_len = len;
	in.segments = seg;
	in.n_segments = 3;
	in.at = AT_2030;
	assert_true(cmsv_verify(pki.st, &in, NULL, &v));
	assert_int_equal(v.word, SIGW_VALID);
	sigv_free(&v);

	assert_true(EVP_Digest(content, strlen(content), md, &mdlen, EVP_sha256(), NULL));
	in.segments = NULL;
	in.n_segments = 0;
	in.digest = md;
	in.digest_len = mdlen;
	in.digest_nid = NID_sha256;
	assert_true(cmsv_verify(pki.st, &in, NULL, &v));
	assert_int_equal(v.word, SIGW_VALID);
	assert_int_equal(v.digest_matches, 1);
	sigv_free(&v);

	/* a digest made with another algorithm than the SignerInfo's */
	in.digest_nid = NID_sha384;
	assert_true(cmsv_verify(pki.st, &in, NULL, &v));
	assert_int_equal(v.word, SIGW_MALFORMED);
	sigv_free(&v);

	/* zero padding after the blob, as in a PDF /Contents */
	{
		uint8_t    *padded = calloc(1, len + 64);

		memcpy(padded, sig, len);
		in.cms = padded;
		in.cms_len = len + 64;
		in.digest_nid = NID_sha256;
		assert_true(cmsv_verify(pki.st, &in, NULL, &v));
		assert_int_equal(v.word, SIGW_MALFORMED);	/* not allowed by default */
		sigv_free(&v);
		in.allow_padding = true;
		assert_true(cmsv_verify(pki.st, &in, NULL, &v));
		assert_int_equal(v.word, SIGW_VALID);
		sigv_free(&v);
		padded[len + 10] = 1;	/* not padding */
		assert_true(cmsv_verify(pki.st, &in, NULL, &v));
		assert_int_equal(v.word, SIGW_MALFORMED);
		sigv_free(&v);
		free(padded);
	}
	free(sig);
}

/*
 * A signature with two SignerInfos of one signer, as PoDoFo writes them:
 * flip, when not negative, flips a byte of the second one's signature
 * value.  DER, malloc'd.
 */
static uint8_t *
sign_twice(X509 *cert, EVP_PKEY *key, bool flip, size_t *len)
{
	BIO		   *in = BIO_new_mem_buf(content, (int) strlen(content));
	unsigned	flags = CMS_BINARY | CMS_DETACHED | CMS_PARTIAL;
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	unsigned char *der = NULL;
	uint8_t    *out;
	int			n;

	assert_non_null(CMS_add1_signer(cms, cert, key, EVP_sha256(), flags));
	assert_non_null(CMS_add1_signer(cms, cert, key, EVP_sha256(), flags | CMS_NOCERTS));
	assert_true(CMS_final(cms, in, NULL, flags));
	if (flip)
	{
		CMS_SignerInfo *si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 1);
		ASN1_OCTET_STRING *sv = CMS_SignerInfo_get0_signature(si);
		unsigned char *d = (unsigned char *) ASN1_STRING_get0_data(sv);

		d[ASN1_STRING_length(sv) / 2] ^= 0x01;
	}
	n = i2d_CMS_ContentInfo(cms, &der);
	assert_true(n > 0);
	out = malloc((size_t) n);
	memcpy(out, der, (size_t) n);
	*len = (size_t) n;
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return out;
}

/*
 * Two SignerInfos of the same signer that both verify are one signature
 * with a warning (RSA and ECDSA); one that does not verify, or a changed
 * content, is tampered.
 */
static void
test_same_signer_twice(void **state)
{
	X509	   *certs[] = {pki.rsa, pki.ec};
	EVP_PKEY   *keys[] = {pki.rsa_key, pki.ec_key};

	for (int i = 0; i < 2; i++)
	{
		size_t		len;
		uint8_t    *sig = sign_twice(certs[i], keys[i], false, &len);
		SigVerdict	v;

		verify(sig, len, content, AT_2030, &v);
		assert_int_equal(v.word, SIGW_VALID);
		assert_int_equal(v.digest_matches, 1);
		assert_int_equal(v.signature_value_ok, 1);
		assert_non_null(v.signer_subject);
		assert_true(has_warning(&v, "2 SignerInfos of the same signer"));
		assert_int_equal(cmsv_digest_algorithm(sig, len, false), NID_sha256);
		sigv_free(&v);

		verify(sig, len, "dossier 2026/0002: application for a construction permit", AT_2030, &v);
		assert_int_equal(v.word, SIGW_TAMPERED);
		assert_int_equal(v.sub, SIGS_HASH_FAILURE);
		assert_int_equal(v.digest_matches, 0);
		assert_false(has_warning(&v, "SignerInfos of the same signer"));
		sigv_free(&v);
		free(sig);

		sig = sign_twice(certs[i], keys[i], true, &len);
		verify(sig, len, content, AT_2030, &v);
		assert_int_equal(v.word, SIGW_TAMPERED);
		assert_int_equal(v.sub, SIGS_SIG_CRYPTO_FAILURE);
		assert_int_equal(v.signature_value_ok, 0);
		/* DER sorts the SET of SignerInfos: the broken one may come first */
		assert_true(has_error(&v, "the signature value does not verify"));
		assert_int_equal(v.n_errors, 1);
		sigv_free(&v);
		free(sig);
	}
}

/* Two SignerInfos of different signers, or embedded content: malformed. */
static void
test_format_rules(void **state)
{
	BIO		   *in = BIO_new_mem_buf(content, (int) strlen(content));
	unsigned	flags = CMS_BINARY | CMS_DETACHED | CMS_PARTIAL;
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	unsigned char *der = NULL;
	int			n;
	SigVerdict	v;

	assert_non_null(CMS_add1_signer(cms, pki.rsa, pki.rsa_key, EVP_sha256(), flags));
	assert_non_null(CMS_add1_signer(cms, pki.ec, pki.ec_key, EVP_sha256(), flags));
	assert_true(CMS_final(cms, in, NULL, flags));
	n = i2d_CMS_ContentInfo(cms, &der);
	verify(der, n, content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_MALFORMED);
	assert_int_equal(v.sub, SIGS_FORMAT_FAILURE);
	assert_true(has_error(&v, "2 SignerInfos of different signers"));
	assert_int_equal(cmsv_digest_algorithm(der, n, false), NID_sha256);
	sigv_free(&v);
	/* the format failure does not hide a changed content (issue 14 item 2) */
	verify(der, n, "dossier 2026/0002: application for a construction permit", AT_2030, &v);
	assert_int_equal(v.word, SIGW_TAMPERED);
	assert_int_equal(v.sub, SIGS_HASH_FAILURE);
	assert_true(has_error(&v, "2 SignerInfos of different signers"));
	assert_true(has_error(&v, "SignerInfo 2 of 2: the SHA256 digest"));
	sigv_free(&v);
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);

	/* embedded content, streamed: BER with indefinite lengths */
	{
		BIO		   *out = BIO_new(BIO_s_mem());
		char	   *p;
		long		len;

		in = BIO_new_mem_buf(content, (int) strlen(content));
		flags = CMS_BINARY | CMS_STREAM;
		cms = CMS_sign(pki.rsa, pki.rsa_key, NULL, in, flags);
		assert_non_null(cms);
		assert_true(i2d_CMS_bio_stream(out, cms, in, flags));
		len = BIO_get_mem_data(out, &p);
		assert_int_equal((uint8_t) p[1], 0x80);
		verify((const uint8_t *) p, len, content, AT_2030, &v);
		assert_int_equal(v.word, SIGW_MALFORMED);
		assert_non_null(strstr(v.errors[0], "embeds its content"));
		sigv_free(&v);
		CMS_ContentInfo_free(cms);
		BIO_free(in);
		BIO_free(out);
	}

	/* embedded content */
	in = BIO_new_mem_buf(content, (int) strlen(content));
	cms = CMS_sign(pki.rsa, pki.rsa_key, NULL, in, CMS_BINARY);
	assert_non_null(cms);
	der = NULL;
	n = i2d_CMS_ContentInfo(cms, &der);
	verify(der, n, content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_MALFORMED);
	assert_non_null(strstr(v.errors[0], "embeds its content"));
	sigv_free(&v);
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
}

/* SHA-1 digests: refused in 2030, accepted in 2015; wrong key usage. */
static void
test_policy(void **state)
{
	size_t		len;
	uint8_t    *sig = sign(pki.rsa, pki.rsa_key, EVP_sha1(), 0, false, content, &len);
	SigVerdict	v;

	verify(sig, len, content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_UNTRUSTED);
	assert_int_equal(v.sub, SIGS_CRYPTO_CONSTRAINTS_FAILURE);
	assert_int_equal(v.digest_matches, 1);
	sigv_free(&v);
	verify(sig, len, content, AT_2015, &v);
	assert_int_equal(v.word, SIGW_VALID);
	sigv_free(&v);
	free(sig);

	sig = sign(pki.enc, pki.enc_key, EVP_sha256(), 0, false, content, &len);
	verify(sig, len, content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_UNTRUSTED);
	assert_int_equal(v.sub, SIGS_CHAIN_CONSTRAINTS_FAILURE);
	assert_int_equal(v.key_usage_ok, 0);
	sigv_free(&v);

	/* after the certificate's notAfter: expired outranks untrusted */
	verify(sig, len, content, INT64_C(2524608000), &v);	/* 2050-01-01 */
	assert_int_equal(v.word, SIGW_EXPIRED);
	assert_string_equal(v.certificate_time_status, "expired");
	sigv_free(&v);
	free(sig);
}

/* A signature by cert whose signing-certificate-v2 names `named`. */
static uint8_t *
sign_naming(X509 *cert, EVP_PKEY *key, X509 *named, size_t *len)
{
	unsigned	flags = CMS_BINARY | CMS_DETACHED | CMS_PARTIAL;
	BIO		   *in = BIO_new_mem_buf(content, (int) strlen(content));
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	CMS_SignerInfo *si;
	ESS_SIGNING_CERT_V2 *sc = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), named, NULL, 0);
	unsigned char *der = NULL;
	int			n = i2d_ESS_SIGNING_CERT_V2(sc, &der);
	unsigned char *out = NULL;
	int			outlen;
	uint8_t    *buf;

	assert_non_null(cms);
	assert_true(n > 0);
	si = CMS_add1_signer(cms, cert, key, EVP_sha256(), flags);
	assert_non_null(si);
	assert_true(CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2,
											V_ASN1_SEQUENCE, der, n));
	assert_true(CMS_final(cms, in, NULL, flags));
	outlen = i2d_CMS_ContentInfo(cms, &out);
	assert_true(outlen > 0);
	buf = malloc((size_t) outlen);
	memcpy(buf, out, (size_t) outlen);
	*len = (size_t) outlen;
	OPENSSL_free(out);
	OPENSSL_free(der);
	ESS_SIGNING_CERT_V2_free(sc);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return buf;
}

/* Verify as a PAdES ETSI.CAdES.detached signature. */
static void
verify_cades(const uint8_t *sig, size_t len, SigVerdict *v)
{
	CmsvSegment seg = {(const uint8_t *) content, strlen(content)};
	CmsvInput	in;

	memset(&in, 0, sizeof(in));
	in.cms = sig;
	in.cms_len = len;
	in.segments = &seg;
	in.n_segments = 1;
	in.at = AT_2030;
	in.cades = true;
	assert_true(cmsv_verify(pki.st, &in, NULL, v));
}

/* The ESS signing-certificate attribute binds the signature to its certificate. */
static void
test_signing_certificate(void **state)
{
	size_t		len;
	uint8_t    *sig;
	SigVerdict	v;

	/* CAdES: signing-certificate-v2 present and right */
	sig = sign(pki.rsa, pki.rsa_key, EVP_sha256(), CMS_CADES, false, content, &len);
	verify_cades(sig, len, &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_false(has_warning(&v, "signing-certificate"));
	sigv_free(&v);
	free(sig);

	/* absent: fine for a bare CMS, a warning for CAdES */
	sig = sign(pki.rsa, pki.rsa_key, EVP_sha256(), 0, false, content, &len);
	verify(sig, len, content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_false(has_warning(&v, "signing-certificate"));
	sigv_free(&v);
	verify_cades(sig, len, &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_true(has_warning(&v, "signing-certificate-v2"));
	sigv_free(&v);
	free(sig);

	/* the attribute names another certificate: substituted, whatever the key */
	sig = sign_naming(pki.rsa, pki.rsa_key, pki.ec, &len);
	verify(sig, len, content, AT_2030, &v);
	assert_int_equal(v.signature_value_ok, 1);
	assert_int_equal(v.word, SIGW_UNTRUSTED);
	assert_int_equal(v.sub, SIGS_NO_SIGNING_CERTIFICATE_FOUND);
	assert_non_null(strstr(v.errors[0], "substituted"));
	sigv_free(&v);
	free(sig);

	/* and naming the signer itself is right */
	sig = sign_naming(pki.rsa, pki.rsa_key, pki.rsa, &len);
	verify(sig, len, content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_VALID);
	sigv_free(&v);
	free(sig);
}

/* A PDF verifier's structural findings come through, attack included. */
static void
test_structure_through(void **state)
{
	size_t		len;
	uint8_t    *sig = sign(pki.rsa, pki.rsa_key, EVP_sha256(), 0, false, content, &len);
	CmsvSegment seg = {(const uint8_t *) content, strlen(content)};
	SigStructure s;
	CmsvInput	in;
	SigVerdict	v;

	memset(&s, 0, sizeof(s));
	s.n_byte_range = 4;
	s.byte_range[1] = 10;
	s.coverage = SIGC_UNCLEAR;
	s.modification_level = SIGM_OTHER;
	s.docmdp_respected = -1;
	s.attack = true;
	s.attack_reason = "the file continues after the signed revision";
	memset(&in, 0, sizeof(in));
	in.cms = sig;
	in.cms_len = len;
	in.segments = &seg;
	in.n_segments = 1;
	in.at = AT_2030;
	assert_true(cmsv_verify(pki.st, &in, &s, &v));
	assert_int_equal(v.word, SIGW_ATTACK);
	assert_true(v.has_structure);
	assert_int_equal(v.structure.coverage, SIGC_UNCLEAR);
	sigv_free(&v);
	free(sig);
}

/* Unreadable, absurd and hostile blobs are malformed, quickly. */
static void
test_absurd_input(void **state)
{
	static const uint8_t huge_len[] = {0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x06, 0x09};
	static const uint8_t not_signed[] = {
		0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
		0xa0, 0x00
	};
	size_t		n = 1 << 20;
	uint8_t    *nest = malloc(n);
	SigVerdict	v;

	verify((const uint8_t *) "", 0, content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_MALFORMED);
	sigv_free(&v);
	verify(huge_len, sizeof(huge_len), content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_MALFORMED);
	sigv_free(&v);
	verify(not_signed, sizeof(not_signed), content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_MALFORMED);
	sigv_free(&v);
	/* a megabyte of nested indefinite-length SEQUENCEs */
	for (size_t i = 0; i + 1 < n; i += 2)
	{
		nest[i] = 0x30;
		nest[i + 1] = 0x80;
	}
	verify(nest, n, content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_MALFORMED);
	sigv_free(&v);
	/* and of nested indefinite-length context tags [0] */
	for (size_t i = 0; i + 1 < n; i += 2)
		nest[i] = 0xa0;
	verify(nest, n, content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_MALFORMED);
	sigv_free(&v);
	free(nest);
	/* over the size limit */
	verify((const uint8_t *) content, (size_t) CMSV_MAX_INPUT + 1, content, AT_2030, &v);
	assert_int_equal(v.word, SIGW_MALFORMED);
	sigv_free(&v);
}

/* Without a store nothing is trusted, but integrity is still checked. */
static void
test_no_store(void **state)
{
	size_t		len;
	uint8_t    *sig = sign(pki.rsa, pki.rsa_key, EVP_sha256(), 0, false, content, &len);
	CmsvSegment seg = {(const uint8_t *) content, strlen(content)};
	CmsvInput	in;
	SigVerdict	v;
	X509vStore *empty = x509v_store_new();

	memset(&in, 0, sizeof(in));
	in.cms = sig;
	in.cms_len = len;
	in.segments = &seg;
	in.n_segments = 1;
	in.at = AT_2030;
	assert_true(cmsv_verify(empty, &in, NULL, &v));
	assert_int_equal(v.word, SIGW_UNTRUSTED);
	assert_int_equal(v.sub, SIGS_NO_CERTIFICATE_CHAIN_FOUND);
	assert_int_equal(v.signature_value_ok, 1);
	sigv_free(&v);
	x509v_store_free(empty);
	free(sig);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_forms),
		cmocka_unit_test(test_ecdsa),
		cmocka_unit_test(test_segments_and_digest),
		cmocka_unit_test(test_format_rules),
		cmocka_unit_test(test_same_signer_twice),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_signing_certificate),
		cmocka_unit_test(test_structure_through),
		cmocka_unit_test(test_absurd_input),
		cmocka_unit_test(test_no_store),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
