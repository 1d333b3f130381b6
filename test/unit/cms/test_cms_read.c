/*
 * test_cms_read.c
 *	  cmocka tests of the CMS reader with its certificate cache
 *	  (src/core/cms/cms_read.c): the shell way gives the same SignerInfo and
 *	  certificates as OpenSSL's reader, the cache is hit on the second read
 *	  and stays right past its size, and whatever the shell cannot take
 *	  (no certificates, not signedData, a broken certificate, trailing
 *	  bytes) goes the plain way with OpenSSL's own verdict.
 *
 * Keys are EC P-256 and everything is made in-process with the OpenSSL
 * API, as in test_cms_verify.c.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "core/cms/cms_read.h"

static const char content[] = "dossier 2026/0002: digitized birth certificate";

static EVP_PKEY *root_key;
static X509 *root;
static EVP_PKEY *leaf_key;
static X509 *leaf;

/* A certificate for key, signed by the root (self-signed when issuer NULL). */
static X509 *
new_cert(const char *cn, EVP_PKEY *key, X509 *issuer, long serial)
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
	ASN1_TIME_set(X509_getm_notBefore(x), 1262304000);	/* 2010-01-01 */
	ASN1_TIME_set(X509_getm_notAfter(x), 2524608000);	/* 2050-01-01 */
	X509_set_pubkey(x, key);
	assert_true(X509_sign(x, root_key, EVP_sha256()) > 0);
	return x;
}

static int
setup(void **state)
{
	root_key = EVP_EC_gen("P-256");
	leaf_key = EVP_EC_gen("P-256");
	assert_non_null(root_key);
	assert_non_null(leaf_key);
	root = new_cert("cms_read root", root_key, NULL, 1);
	leaf = new_cert("cms_read leaf", leaf_key, root, 2);
	return 0;
}

static int
teardown(void **state)
{
	X509_free(leaf);
	X509_free(root);
	EVP_PKEY_free(leaf_key);
	EVP_PKEY_free(root_key);
	cmsr_cache_reset();
	return 0;
}

/* DER of a detached signature of content by the leaf, with extra certs. */
static unsigned char *
sign(STACK_OF(X509) *extra, unsigned int flags, int *len)
{
	BIO		   *in = BIO_new_mem_buf(content, (int) strlen(content));
	CMS_ContentInfo *cms = CMS_sign(leaf, leaf_key, extra, in,
									CMS_DETACHED | CMS_BINARY | flags);
	unsigned char *der = NULL;

	assert_non_null(cms);
	*len = i2d_CMS_ContentInfo(cms, &der);
	assert_true(*len > 0);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return der;
}

/* The single SignerInfo of cms. */
static CMS_SignerInfo *
signer_info(CMS_ContentInfo *cms)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);

	assert_int_equal(sk_CMS_SignerInfo_num(sis), 1);
	return sk_CMS_SignerInfo_value(sis, 0);
}

/* The shell way against OpenSSL's reader, then a cache hit. */
static void
test_same_as_openssl(void **state)
{
	STACK_OF(X509) *extra = sk_X509_new_null();
	int			len;
	unsigned char *der;
	const unsigned char *p;
	CMS_ContentInfo *plain,
			   *cms,
			   *again;
	STACK_OF(X509) *plain_certs,
			   *certs,
			   *certs2;
	char		why[300];
	CmsrStats	s0,
				s1;

	cmsr_cache_reset();
	sk_X509_push(extra, root);
	der = sign(extra, 0, &len);
	p = der;
	plain = d2i_CMS_ContentInfo(NULL, &p, len);
	assert_non_null(plain);
	plain_certs = CMS_get1_certs(plain);
	assert_int_equal(sk_X509_num(plain_certs), 2);

	s0 = cmsr_stats();
	assert_true(cmsr_read(der, (size_t) len, false, &cms, &certs, why, sizeof(why)));
	s1 = cmsr_stats();
	assert_int_equal(s1.misses - s0.misses, 2);
	assert_int_equal(s1.plain_reads, s0.plain_reads);
	assert_int_equal(sk_X509_num(certs), 2);
	for (int i = 0; i < 2; i++)
		assert_int_equal(X509_cmp(sk_X509_value(certs, i), sk_X509_value(plain_certs, i)), 0);
	/* the certificates are handed apart, the rest is the same */
	assert_null(CMS_get1_certs(cms));
	assert_int_equal(OBJ_obj2nid(CMS_get0_type(cms)), NID_pkcs7_signed);
	{
		CMS_SignerInfo *pa = signer_info(plain);
		CMS_SignerInfo *sa = signer_info(cms);
		ASN1_OCTET_STRING *x = CMS_SignerInfo_get0_signature(pa);
		ASN1_OCTET_STRING *y = CMS_SignerInfo_get0_signature(sa);

		assert_int_equal(ASN1_STRING_cmp(x, y), 0);
		assert_int_equal(CMS_signed_get_attr_count(pa), CMS_signed_get_attr_count(sa));
		assert_int_equal(CMS_SignerInfo_cert_cmp(sa, leaf), 0);
		CMS_SignerInfo_set1_signer_cert(sa, leaf);
		assert_true(CMS_SignerInfo_verify(sa) > 0);
		CMS_SignerInfo_set1_signer_cert(sa, NULL);
	}

	/* the second read shares the parsed certificates */
	assert_true(cmsr_read(der, (size_t) len, false, &again, &certs2, why, sizeof(why)));
	assert_int_equal(cmsr_stats().hits - s1.hits, 2);
	assert_ptr_equal(sk_X509_value(certs2, 0), sk_X509_value(certs, 0));
	assert_ptr_equal(sk_X509_value(certs2, 1), sk_X509_value(certs, 1));

	sk_X509_pop_free(certs2, X509_free);
	CMS_ContentInfo_free(again);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	sk_X509_pop_free(plain_certs, X509_free);
	CMS_ContentInfo_free(plain);
	OPENSSL_free(der);
	sk_X509_free(extra);
}

/* More certificates than the cache holds: every read still right. */
static void
test_cache_turnover(void **state)
{
	int			n = CMSR_CACHE_SIZE + 7;
	STACK_OF(X509) *extra = sk_X509_new_null();
	int			len;
	unsigned char *der;
	const unsigned char *p;
	CMS_ContentInfo *plain;
	STACK_OF(X509) *plain_certs;
	char		why[300];

	cmsr_cache_reset();
	for (int i = 0; i < n; i++)
	{
		char		cn[32];

		snprintf(cn, sizeof(cn), "intermediate %d", i);
		sk_X509_push(extra, new_cert(cn, leaf_key, root, 100 + i));
	}
	der = sign(extra, 0, &len);
	p = der;
	plain = d2i_CMS_ContentInfo(NULL, &p, len);
	assert_non_null(plain);
	plain_certs = CMS_get1_certs(plain);
	assert_int_equal(sk_X509_num(plain_certs), n + 1);
	for (int round = 0; round < 3; round++)
	{
		CMS_ContentInfo *cms;
		STACK_OF(X509) *certs;

		assert_true(cmsr_read(der, (size_t) len, false, &cms, &certs, why, sizeof(why)));
		/* the certificates of OpenSSL's reader, in its order */
		assert_int_equal(sk_X509_num(certs), n + 1);
		for (int i = 0; i <= n; i++)
			assert_int_equal(X509_cmp(sk_X509_value(certs, i), sk_X509_value(plain_certs, i)), 0);
		sk_X509_pop_free(certs, X509_free);
		CMS_ContentInfo_free(cms);
	}
	assert_int_equal(cmsr_stats().plain_reads, 0);
	sk_X509_pop_free(plain_certs, X509_free);
	CMS_ContentInfo_free(plain);
	OPENSSL_free(der);
	sk_X509_pop_free(extra, X509_free);
}

/* What the shell cannot take goes the plain way. */
static void
test_plain_way(void **state)
{
	int			len;
	unsigned char *der;
	CMS_ContentInfo *cms;
	STACK_OF(X509) *certs;
	char		why[300];
	uint64_t	plain0;
	BIO		   *in;
	CMS_ContentInfo *data;
	unsigned char *data_der = NULL;
	int			data_len;

	cmsr_cache_reset();

	/* no certificates: nothing to save */
	der = sign(NULL, CMS_NOCERTS, &len);
	plain0 = cmsr_stats().plain_reads;
	assert_true(cmsr_read(der, (size_t) len, false, &cms, &certs, why, sizeof(why)));
	assert_null(certs);
	assert_int_equal(cmsr_stats().plain_reads, plain0 + 1);
	CMS_ContentInfo_free(cms);
	OPENSSL_free(der);

	/* a ContentInfo of type data */
	in = BIO_new_mem_buf(content, (int) strlen(content));
	data = CMS_data_create(in, CMS_BINARY);
	assert_non_null(data);
	data_len = i2d_CMS_ContentInfo(data, &data_der);
	assert_true(cmsr_read(data_der, (size_t) data_len, false, &cms, &certs, why, sizeof(why)));
	assert_int_equal(OBJ_obj2nid(CMS_get0_type(cms)), NID_pkcs7_data);
	assert_null(certs);
	CMS_ContentInfo_free(cms);
	OPENSSL_free(data_der);
	CMS_ContentInfo_free(data);
	BIO_free(in);
}

/* Broken input: OpenSSL's verdict, padding only where allowed. */
static void
test_bad_input(void **state)
{
	int			len;
	unsigned char *der = sign(NULL, 0, &len);
	unsigned char *buf = malloc((size_t) len + 16);
	unsigned char *cert_der = NULL;
	int			cert_len = i2d_X509(leaf, &cert_der);
	unsigned char *at;
	CMS_ContentInfo *cms;
	STACK_OF(X509) *certs;
	char		why[300];
	uint64_t	plain0;

	cmsr_cache_reset();
	assert_non_null(buf);

	/* zero padding: accepted only when allowed */
	memcpy(buf, der, (size_t) len);
	memset(buf + len, 0, 16);
	assert_true(cmsr_read(buf, (size_t) len + 16, true, &cms, &certs, why, sizeof(why)));
	assert_int_equal(sk_X509_num(certs), 1);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	assert_false(cmsr_read(buf, (size_t) len + 16, false, &cms, &certs, why, sizeof(why)));
	assert_null(cms);
	assert_null(certs);
	assert_non_null(strstr(why, "ends at byte"));
	buf[len + 3] = 'x';
	assert_false(cmsr_read(buf, (size_t) len + 16, true, &cms, &certs, why, sizeof(why)));
	assert_non_null(strstr(why, "ends at byte"));

	/* the embedded certificate broken: its validity turned into a SET */
	at = memmem(buf, (size_t) len, cert_der, (size_t) cert_len);
	assert_non_null(at);
	{
		unsigned char *nb = X509_get0_notBefore(leaf)->data;
		unsigned char *tm = memmem(at, (size_t) cert_len, nb, 13);

		assert_non_null(tm);
		/* UTCTime tag, length 13, then the time: the tag becomes INTEGER */
		assert_int_equal(tm[-2], V_ASN1_UTCTIME);
		tm[-2] = V_ASN1_INTEGER;
	}
	plain0 = cmsr_stats().plain_reads;
	assert_false(cmsr_read(buf, (size_t) len, true, &cms, &certs, why, sizeof(why)));
	assert_non_null(strstr(why, "not a DER or BER CMS ContentInfo"));
	assert_int_equal(cmsr_stats().plain_reads, plain0 + 1);

	/* random bytes, a lone SEQUENCE header, nothing */
	assert_false(cmsr_read((const uint8_t *) "\x30\x80\x30\x80", 4, false, &cms, &certs, why, sizeof(why)));
	assert_false(cmsr_read((const uint8_t *) "garbage", 7, false, &cms, &certs, why, sizeof(why)));
	assert_false(cmsr_read((const uint8_t *) "", 0, false, &cms, &certs, why, sizeof(why)));

	OPENSSL_free(cert_der);
	free(buf);
	OPENSSL_free(der);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_openssl),
		cmocka_unit_test(test_cache_turnover),
		cmocka_unit_test(test_plain_way),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
