/*
 * test_x509_verify.c
 *	  cmocka tests of certificate and CRL loading, inspection, path
 *	  validation and the verdict mapping (src/core/trust/x509_verify.c).
 *
 * Fixtures are read from test/fixtures/pkits/ (the tests run from the top of
 * the checkout, as make unit does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/pem.h>

#include "test_util.h"
#include "core/trust/x509_verify.h"

#define FIX "test/fixtures/pkits/"
#define AT_2026 INT64_C(1780272000)	/* 2026-06-01 00:00:00 UTC */

/* Load a fixture certificate. */
static X509 *
fixture_cert(const char *name)
{
	size_t		len;
	uint8_t    *buf = test_slurp(&len, FIX "certs/%s", name);
	X509	   *x;
	ParseError	err;

	x = x509v_load_cert(buf, len, &err);
	free(buf);
	assert_non_null(x);
	return x;
}

/* Add a fixture file to a store. */
static void
store_add(X509vStore *st, X509vKind kind, const char *name)
{
	size_t		len;
	uint8_t    *buf = test_slurp(&len, FIX "%s/%s", kind == X509V_CRL ? "crls" : "certs", name);
	ParseError	err;

	assert_true(x509v_store_add(st, kind, buf, len, &err));
	free(buf);
}

/* DER and PEM of the same certificate load to the same certificate. */
static void
test_load_der_and_pem(void **state)
{
	size_t		len,
				n;
	uint8_t    *der = test_slurp(&len, FIX "certs/GoodCACert.crt");
	ParseError	err;
	X509	   *a = x509v_load_cert(der, len, &err);
	BIO		   *b = BIO_new(BIO_s_mem());
	char	   *pem;
	X509	   *c;
	uint8_t    *again;

	assert_non_null(a);
	assert_true(PEM_write_bio_X509(b, a));
	n = BIO_get_mem_data(b, &pem);
	c = x509v_load_cert((const uint8_t *) pem, n, &err);
	assert_non_null(c);
	assert_int_equal(X509_cmp(a, c), 0);
	again = x509v_cert_der(c, &n);
	assert_int_equal(n, len);
	assert_memory_equal(again, der, len);
	free(again);
	BIO_free(b);
	X509_free(a);
	X509_free(c);
	free(der);
}

/* Empty input, every truncation and trailing bytes are refused with a detail. */
static void
test_load_malformed(void **state)
{
	size_t		len;
	uint8_t    *der = test_slurp(&len, FIX "certs/GoodCACert.crt");
	uint8_t    *longer = malloc(len + 1);
	ParseError	err;
	static const char bad_pem[] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

	assert_null(x509v_load_cert(der, 0, &err));
	assert_string_equal(err.detail, "The certificate input is empty.");
	assert_non_null(err.hint);
	for (size_t cut = 1; cut < len; cut++)
	{
		err.detail[0] = '\0';
		assert_null(x509v_load_cert(der, cut, &err));
		assert_true(strlen(err.detail) > 0);
	}
	memcpy(longer, der, len);
	longer[len] = 0;
	assert_null(x509v_load_cert(longer, len + 1, &err));
	assert_non_null(strstr(err.detail, "ends at byte"));
	assert_null(x509v_load_cert((const uint8_t *) bad_pem, strlen(bad_pem), &err));
	assert_non_null(strstr(err.detail, "PEM"));
	/* a CRL is not a certificate, and the other way round */
	assert_null(x509v_load_crl(der, len, &err));
	assert_non_null(strstr(err.detail, "CRL"));
	free(der);
	free(longer);
}

/* CRLs load from DER and their fields read back. */
static void
test_crl_info(void **state)
{
	size_t		len;
	uint8_t    *der = test_slurp(&len, FIX "crls/GoodCACRL.crl");
	ParseError	err;
	X509_CRL   *crl = x509v_load_crl(der, len, &err);
	X509vCrlInfo info;

	assert_non_null(crl);
	assert_true(x509v_crl_info(crl, &info));
	assert_string_equal(info.issuer, "CN=Good CA,O=Test Certificates 2011,C=US");
	assert_int_equal(info.this_update, INT64_C(1262334600));	/* 2010-01-01 08:30 */
	assert_true(info.has_next_update);
	assert_int_equal(info.next_update, INT64_C(1924936200));	/* 2030-12-31 08:30 */
	assert_int_equal(info.revoked_count, 2);
	assert_int_equal(strlen(info.sha256), 64);
	x509v_crl_info_free(&info);
	X509_CRL_free(crl);
	free(der);
}

/* The inspection of Good CA. */
static void
test_cert_info(void **state)
{
	X509	   *x = fixture_cert("GoodCACert.crt");
	X509vCertInfo info;

	assert_true(x509v_cert_info(x, &info));
	assert_string_equal(info.subject, "CN=Good CA,O=Test Certificates 2011,C=US");
	assert_string_equal(info.issuer, "CN=Trust Anchor,O=Test Certificates 2011,C=US");
	assert_string_equal(info.serial, "02");
	assert_string_equal(info.key_algorithm, "rsaEncryption");
	assert_int_equal(info.key_bits, 2048);
	assert_string_equal(info.signature_algorithm, "sha256WithRSAEncryption");
	assert_string_equal(info.key_usage, "keyCertSign,cRLSign");
	assert_null(info.extended_key_usage);
	assert_int_equal(info.is_ca, 1);
	assert_int_equal(info.path_len, -1);
	assert_string_equal(info.ski, "580184241BBC2B52944A3DA510721451F5AF3AC9");
	assert_false(info.self_issued);
	x509v_cert_info_free(&info);
	X509_free(x);
}

/* A store with the PKITS anchor, its CRL, Good CA and its CRL. */
static X509vStore *
good_store(void)
{
	X509vStore *st = x509v_store_new();

	assert_non_null(st);
	store_add(st, X509V_ANCHOR, "TrustAnchorRootCertificate.crt");
	store_add(st, X509V_CRL, "TrustAnchorRootCRL.crl");
	store_add(st, X509V_INTERMEDIATE, "GoodCACert.crt");
	store_add(st, X509V_CRL, "GoodCACRL.crl");
	assert_int_equal(x509v_store_count(st, X509V_ANCHOR), 1);
	assert_int_equal(x509v_store_count(st, X509V_CRL), 2);
	return st;
}

/* Verify a fixture leaf against st at time at. */
static void
verify(X509vStore *st, const char *leaf, int64_t at, bool require, X509vVerdict *v)
{
	X509	   *x = fixture_cert(leaf);
	X509vOptions o = {0};

	o.at = at;
	o.require_revocation = require;
	assert_true(x509v_verify(st, x, NULL, &o, v));
	X509_free(x);
}

/* Valid, revoked, expired, not yet valid, untrusted, indeterminate. */
static void
test_verify_outcomes(void **state)
{
	X509vStore *st = good_store();
	X509vStore *empty = x509v_store_new();
	X509vVerdict v;

	verify(st, "ValidCertificatePathTest1EE.crt", AT_2026, true, &v);
	assert_int_equal(v.indication, X509V_TOTAL_PASSED);
	assert_int_equal(v.sub, X509V_SUB_NONE);
	assert_int_equal(v.n_chain, 3);
	assert_string_equal(v.anchor, "CN=Trust Anchor,O=Test Certificates 2011,C=US");
	assert_string_equal(v.revocation_status, "good");
	assert_true(v.key_usage_ok);
	assert_int_equal(v.n_errors, 0);
	x509v_verdict_free(&v);

	verify(st, "InvalidRevokedEETest3EE.crt", AT_2026, true, &v);
	assert_int_equal(v.sub, X509V_SUB_REVOKED);
	assert_string_equal(x509v_verdict_word(v.indication, v.sub), "revoked");
	assert_true(v.has_revocation_time);
	assert_string_equal(v.revocation_reason, "keyCompromise");
	x509v_verdict_free(&v);

	verify(st, "InvalidEEnotAfterDateTest6EE.crt", AT_2026, true, &v);
	assert_int_equal(v.sub, X509V_SUB_EXPIRED);
	assert_int_equal(v.indication, X509V_TOTAL_FAILED);
	x509v_verdict_free(&v);

	verify(st, "ValidCertificatePathTest1EE.crt", INT64_C(1230768000), true, &v);	/* 2009 */
	assert_int_equal(v.sub, X509V_SUB_NOT_YET_VALID);
	assert_string_equal(x509v_verdict_word(v.indication, v.sub), "expired");
	x509v_verdict_free(&v);

	verify(empty, "ValidCertificatePathTest1EE.crt", AT_2026, true, &v);
	assert_int_equal(v.sub, X509V_SUB_NO_CERTIFICATE_CHAIN_FOUND);
	assert_null(v.anchor);
	assert_string_equal(v.revocation_status, "not_checked");
	x509v_verdict_free(&v);

	x509v_store_free(st);
	x509v_store_free(empty);

	/* no CRL for Good CA: indeterminate, or a warning in soft mode */
	st = x509v_store_new();
	store_add(st, X509V_ANCHOR, "TrustAnchorRootCertificate.crt");
	store_add(st, X509V_CRL, "TrustAnchorRootCRL.crl");
	store_add(st, X509V_INTERMEDIATE, "GoodCACert.crt");
	verify(st, "ValidCertificatePathTest1EE.crt", AT_2026, true, &v);
	assert_int_equal(v.sub, X509V_SUB_TRY_LATER);
	assert_string_equal(x509v_verdict_word(v.indication, v.sub), "indeterminate");
	assert_string_equal(v.revocation_status, "unknown");
	x509v_verdict_free(&v);
	verify(st, "ValidCertificatePathTest1EE.crt", AT_2026, false, &v);
	assert_int_equal(v.indication, X509V_TOTAL_PASSED);
	assert_int_equal(v.n_warnings, 1);
	x509v_verdict_free(&v);
	x509v_store_free(st);
}

/* Weak keys and digests are a crypto-constraints failure. */
static void
test_verify_weak_crypto(void **state)
{
	X509vStore *st = x509v_store_new();
	X509vVerdict v;

	store_add(st, X509V_ANCHOR, "TrustAnchorRootCertificate.crt");
	store_add(st, X509V_INTERMEDIATE, "DSACACert.crt");
	verify(st, "ValidDSASignaturesTest4EE.crt", AT_2026, false, &v);
	assert_int_equal(v.sub, X509V_SUB_CRYPTO_CONSTRAINTS_FAILURE);
	assert_int_equal(v.indication, X509V_INDETERMINATE);
	assert_true(v.n_errors >= 2);	/* the 1024-bit keys and the SHA-1 signature */
	x509v_verdict_free(&v);
	x509v_store_free(st);
}

/* The mapping tables: classification, indication, word, precedence. */
static void
test_mapping(void **state)
{
	ParseError	err;
	X509vVerdict v;

	assert_int_equal(x509v_classify_error(X509_V_ERR_CERT_REVOKED), X509V_SUB_REVOKED);
	assert_int_equal(x509v_classify_error(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY),
					 X509V_SUB_NO_CERTIFICATE_CHAIN_FOUND);
	assert_int_equal(x509v_classify_error(X509_V_ERR_CERT_SIGNATURE_FAILURE),
					 X509V_SUB_SIG_CRYPTO_FAILURE);
	assert_int_equal(x509v_classify_error(X509_V_ERR_CRL_HAS_EXPIRED), X509V_SUB_TRY_LATER);
	assert_int_equal(x509v_classify_error(X509_V_ERR_UNABLE_TO_GET_CRL), X509V_SUB_TRY_LATER);
	assert_int_equal(x509v_classify_error(X509_V_ERR_PATH_LENGTH_EXCEEDED),
					 X509V_SUB_CHAIN_CONSTRAINTS_FAILURE);
	assert_int_equal(x509v_classify_error(X509_V_ERR_PERMITTED_VIOLATION),
					 X509V_SUB_CHAIN_CONSTRAINTS_FAILURE);
	assert_int_equal(x509v_classify_error(X509_V_ERR_CERT_HAS_EXPIRED), X509V_SUB_EXPIRED);
	assert_int_equal(x509v_classify_error(X509_V_ERR_CA_MD_TOO_WEAK),
					 X509V_SUB_CRYPTO_CONSTRAINTS_FAILURE);

	/* precedence is enum order: chain > signature > revoked > time > constraints > crypto > try later */
	assert_true(X509V_SUB_NO_CERTIFICATE_CHAIN_FOUND < X509V_SUB_SIG_CRYPTO_FAILURE);
	assert_true(X509V_SUB_SIG_CRYPTO_FAILURE < X509V_SUB_REVOKED);
	assert_true(X509V_SUB_REVOKED < X509V_SUB_EXPIRED);
	assert_true(X509V_SUB_NOT_YET_VALID < X509V_SUB_CHAIN_CONSTRAINTS_FAILURE);
	assert_true(X509V_SUB_CRYPTO_CONSTRAINTS_FAILURE < X509V_SUB_TRY_LATER);

	for (int s = X509V_SUB_NONE; s < X509V_SUB_COUNT; s++)
	{
		X509vIndication ind = x509v_sub_indication((X509vSub) s);

		assert_true(s == X509V_SUB_NONE ? x509v_sub_name((X509vSub) s) == NULL
					: x509v_sub_name((X509vSub) s) != NULL);
		assert_non_null(x509v_verdict_word(ind, (X509vSub) s));
	}
	assert_int_equal(x509v_sub_indication(X509V_SUB_REVOKED), X509V_TOTAL_FAILED);
	assert_int_equal(x509v_sub_indication(X509V_SUB_TRY_LATER), X509V_INDETERMINATE);
	assert_string_equal(x509v_indication_name(X509V_TOTAL_PASSED), "TOTAL_PASSED");
	assert_string_equal(x509v_sub_name(X509V_SUB_CHAIN_CONSTRAINTS_FAILURE), "CHAIN_CONSTRAINTS_FAILURE");
	assert_string_equal(x509v_verdict_word(X509V_INDETERMINATE, X509V_SUB_NO_CERTIFICATE_CHAIN_FOUND), "untrusted");
	assert_string_equal(x509v_verdict_word(X509V_TOTAL_FAILED, X509V_SUB_SIG_CRYPTO_FAILURE), "untrusted");

	assert_true(x509v_valid_oid("2.16.840.1.101.3.2.1.48.1"));
	assert_false(x509v_valid_oid("anyPolicy"));
	assert_false(x509v_valid_oid(""));

	parse_error_set(&err, "hint", "Bad input.");
	x509v_verdict_malformed(&v, &err);
	assert_int_equal(v.sub, X509V_SUB_FORMAT_FAILURE);
	assert_string_equal(x509v_verdict_word(v.indication, v.sub), "malformed");
	assert_string_equal(v.errors[0], "Bad input.");
	x509v_verdict_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_der_and_pem),
		cmocka_unit_test(test_load_malformed),
		cmocka_unit_test(test_crl_info),
		cmocka_unit_test(test_cert_info),
		cmocka_unit_test(test_verify_outcomes),
		cmocka_unit_test(test_verify_weak_crypto),
		cmocka_unit_test(test_mapping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
