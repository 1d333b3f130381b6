/*
 * test_x509_ocsp.c
 *	  cmocka tests of stored OCSP responses (src/core/trust/x509_ocsp.c): loading
 *	  and its refusals, inspection, and their use by x509v_verify as a
 *	  revocation source (good, stale, bad signature, mismatched CertID,
 *	  delegated responder), with the OpenSSL OCSP fixtures.
 *
 * Fixtures are read from test/fixtures/openssl-ocsp/ (the tests run from the
 * top of the checkout); the .ors files are base64 of the DER.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "test_util.h"
#include "core/trust/x509_verify.h"

#define FIX "test/fixtures/openssl-ocsp/"
#define AT_DIRECT INT64_C(1350000000)	/* 2012-10-12 00:00:00 UTC */
#define AT_DELEGATED INT64_C(1350990000)	/* 2012-10-23 11:00:00 UTC */
#define AT_STALE INT64_C(1381536000)	/* 2013-10-12 00:00:00 UTC */

/* The DER of an .ors fixture (base64, maybe with line breaks). */
static uint8_t *
ors(const char *name, size_t *len)
{
	size_t		n,
				k = 0;
	uint8_t    *b64 = test_slurp(&n, FIX "%s", name);
	uint8_t    *der = malloc(n);
	int			got;

	for (size_t i = 0; i < n; i++)
		if (b64[i] != '\n' && b64[i] != '\r')
			b64[k++] = b64[i];
	got = EVP_DecodeBlock(der, b64, (int) k);
	assert_true(got > 0);
	/* EVP_DecodeBlock counts the '=' padding as zero bytes */
	while (k > 0 && b64[k - 1] == '=')
	{
		got--;
		k--;
	}
	free(b64);
	*len = (size_t) got;
	return der;
}

/* Add a fixture to a store. */
static void
add(X509vStore *st, X509vKind kind, const char *name)
{
	size_t		n;
	uint8_t    *buf = kind == X509V_OCSP ? ors(name, &n) : test_slurp(&n, FIX "%s", name);
	ParseError	err;

	assert_true(x509v_store_add(st, kind, buf, n, &err));
	free(buf);
}

/* Validate a fixture leaf at `at`, soft. */
static void
verify(X509vStore *st, const char *leaf, int64_t at, X509vVerdict *v)
{
	size_t		n;
	uint8_t    *buf = test_slurp(&n, FIX "%s", leaf);
	ParseError	err;
	X509	   *x = x509v_load_cert(buf, n, &err);
	X509vOptions o = {0};

	assert_non_null(x);
	o.at = at;
	o.require_revocation = false;
	assert_true(x509v_verify(st, x, NULL, &o, v));
	X509_free(x);
	free(buf);
}

/* Loading refuses what is not one successful DER response. */
static void
test_load_refusals(void **state)
{
	static const uint8_t try_later[] = {0x30, 0x03, 0x0a, 0x01, 0x03};
	size_t		n;
	uint8_t    *der = ors("ND3.ors", &n);
	uint8_t    *longer = malloc(n + 1);
	ParseError	err;
	OCSP_RESPONSE *r;

	assert_null(x509v_load_ocsp(der, 0, &err));
	assert_non_null(strstr(err.detail, "empty"));
	assert_non_null(err.hint);
	assert_null(x509v_load_ocsp(try_later, sizeof(try_later), &err));
	assert_non_null(strstr(err.detail, "trylater"));
	memcpy(longer, der, n);
	longer[n] = 0;
	assert_null(x509v_load_ocsp(longer, n + 1, &err));
	assert_non_null(strstr(err.detail, "ends at byte"));
	assert_null(x509v_load_ocsp(der, n - 1, &err));
	r = x509v_load_ocsp(der, n, &err);
	assert_non_null(r);
	OCSP_RESPONSE_free(r);
	free(longer);
	free(der);
}

/* Inspection of a direct and a delegated response. */
static void
test_inspect(void **state)
{
	size_t		n;
	uint8_t    *der = ors("D1.ors", &n);
	ParseError	err;
	OCSP_RESPONSE *r = x509v_load_ocsp(der, n, &err);
	X509vOcspInfo i;
	size_t		dn = 0;
	uint8_t    *again;

	assert_non_null(r);
	assert_true(x509v_ocsp_info(r, &i));
	assert_string_equal(i.responder_id, "key:5FDAE4031691A06308783F5CB61FD6D9DBF05034");
	assert_int_equal(i.n_certs, 1);
	assert_int_equal(i.n_singles, 1);
	assert_string_equal(i.singles[0].serial, "1121BCBF1E08CC02E792A406D3902F33ED9B");
	assert_string_equal(i.singles[0].status, "good");
	assert_string_equal(i.singles[0].hash_algorithm, "SHA1");
	assert_true(i.singles[0].has_next_update);
	assert_true(i.singles[0].next_update > i.singles[0].this_update);
	assert_int_equal(strlen(i.sha256), 64);
	again = x509v_ocsp_der(r, &dn);
	assert_int_equal(dn, n);
	assert_memory_equal(again, der, n);
	free(again);
	x509v_ocsp_info_free(&i);
	OCSP_RESPONSE_free(r);
	free(der);
}

/* A direct responder's good answer makes the status good, via OCSP. */
static void
test_direct_good_and_stale(void **state)
{
	X509vStore *st = x509v_store_new();
	X509vVerdict v;

	add(st, X509V_ANCHOR, "ND3_Issuer_Root.pem");
	add(st, X509V_OCSP, "ND3.ors");
	assert_int_equal(x509v_store_count(st, X509V_OCSP), 1);
	verify(st, "ND3_Cert_EE.pem", AT_DIRECT, &v);
	assert_int_equal(v.indication, X509V_TOTAL_PASSED);
	assert_string_equal(v.revocation_status, "good");
	assert_string_equal(v.revocation_source, "ocsp");
	x509v_verdict_free(&v);
	/* a year later the same response is stale: unknown, even when soft */
	verify(st, "ND3_Cert_EE.pem", AT_STALE, &v);
	assert_int_equal(v.sub, X509V_SUB_TRY_LATER);
	assert_string_equal(v.revocation_status, "unknown");
	x509v_verdict_free(&v);
	/* before the response's thisUpdate it says nothing yet */
	verify(st, "ND3_Cert_EE.pem", AT_DIRECT - 86400 * 2, &v);
	assert_int_equal(v.sub, X509V_SUB_TRY_LATER);
	x509v_verdict_free(&v);
	x509v_store_free(st);
}

/* Responses that cannot be relied on: TRY_LATER with the reason. */
static void
test_unusable_responses(void **state)
{
	static const struct
	{
		const char *ors;
		const char *reason;
	}			cases[] = {
		{"ISOP_ND3.ors", "cannot be verified"},
		{"WRID_ND3.ors", "signer certificate not found"},
		{"WINH_ND3.ors", "issuer name hash"},
		{"WIKH_ND3.ors", "issuer key hash"},
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
	{
		X509vStore *st = x509v_store_new();
		X509vVerdict v;
		bool		found = false;

		add(st, X509V_ANCHOR, "ND3_Issuer_Root.pem");
		add(st, X509V_OCSP, cases[c].ors);
		verify(st, "ND3_Cert_EE.pem", AT_DIRECT, &v);
		assert_int_equal(v.indication, X509V_INDETERMINATE);
		assert_int_equal(v.sub, X509V_SUB_TRY_LATER);
		for (int i = 0; i < v.n_errors; i++)
			found |= strstr(v.errors[i], cases[c].reason) != NULL;
		assert_true(found);
		x509v_verdict_free(&v);
		x509v_store_free(st);
	}
}

/* A delegated responder (id-kp-OCSPSigning, issued by the CA). */
static void
test_delegated(void **state)
{
	X509vStore *st = x509v_store_new();
	X509vVerdict v;

	add(st, X509V_ANCHOR, "D3_Issuer_Root.pem");
	add(st, X509V_OCSP, "D3.ors");
	verify(st, "D3_Cert_EE.pem", AT_DELEGATED, &v);
	assert_int_equal(v.indication, X509V_TOTAL_PASSED);
	assert_string_equal(v.revocation_source, "ocsp");
	x509v_verdict_free(&v);
	x509v_store_free(st);

	st = x509v_store_new();
	add(st, X509V_ANCHOR, "D3_Issuer_Root.pem");
	add(st, X509V_OCSP, "WKDOSC_D3.ors");
	verify(st, "D3_Cert_EE.pem", AT_DELEGATED, &v);
	assert_int_equal(v.sub, X509V_SUB_TRY_LATER);
	x509v_verdict_free(&v);
	x509v_store_free(st);
}

/* The crypto policy's dates. */
static void
test_digest_policy(void **state)
{
	assert_true(x509v_digest_too_weak(NID_md5, 0));
	assert_false(x509v_digest_too_weak(NID_sha1, X509V_SUNSET_SHA1 - 1));
	assert_true(x509v_digest_too_weak(NID_sha1, X509V_SUNSET_SHA1));
	assert_false(x509v_digest_too_weak(NID_sha256, INT64_C(4102444800)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_refusals),
		cmocka_unit_test(test_inspect),
		cmocka_unit_test(test_direct_good_and_stale),
		cmocka_unit_test(test_unusable_responses),
		cmocka_unit_test(test_delegated),
		cmocka_unit_test(test_digest_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
