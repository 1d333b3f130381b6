/*
 * test_x509_dsa.c
 *	  cmocka tests of DSA domain parameter inheritance (src/core/trust/x509_dsa.c)
 *	  and of path validation through a CA whose DSA key inherits them
 *	  (PKITS 4.1.5, src/core/trust/x509_verify.c).
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

#include <openssl/evp.h>

#include "test_util.h"
#include "core/trust/x509_verify.h"

#define FIX "test/fixtures/pkits/"
#define AT_2013 INT64_C(1370044800)	/* 2013-06-01 00:00:00 UTC */
#define AT_2026 INT64_C(1780272000)	/* 2026-06-01 00:00:00 UTC */

/* Load a fixture certificate. */
static X509 *
cert(const char *name)
{
	size_t		len;
	uint8_t    *buf = test_slurp(&len, FIX "certs/%s", name);
	ParseError	err;
	X509	   *x = x509v_load_cert(buf, len, &err);

	free(buf);
	assert_non_null(x);
	return x;
}

/* Load a fixture certificate whose signature's last bytes are altered. */
static X509 *
cert_bad_signature(const char *name)
{
	size_t		len;
	uint8_t    *buf = test_slurp(&len, FIX "certs/%s", name);
	ParseError	err;
	X509	   *x;

	buf[len - 5] ^= 0x01;		/* inside s of the DSA signature */
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

/* Which keys lack their parameters. */
static void
test_lacks_params(void **state)
{
	X509	   *inherited = cert("DSAParametersInheritedCACert.crt");
	X509	   *ee = cert("ValidDSAParameterInheritanceTest5EE.crt");
	X509	   *dsaca = cert("DSACACert.crt");
	X509	   *rsa = cert("GoodCACert.crt");

	assert_true(x509v_dsa_lacks_params(inherited));
	assert_true(x509v_dsa_lacks_params(ee));
	assert_false(x509v_dsa_lacks_params(dsaca));
	assert_false(x509v_dsa_lacks_params(rsa));
	assert_false(x509v_dsa_lacks_params(NULL));
	/* the reason for all this: OpenSSL cannot decode the key */
	assert_null(X509_get0_pubkey(inherited));
	X509_free(inherited);
	X509_free(ee);
	X509_free(dsaca);
	X509_free(rsa);
}

/* The inherited key verifies what its holder signed; nothing else is made. */
static void
test_inherit_key(void **state)
{
	X509	   *inherited = cert("DSAParametersInheritedCACert.crt");
	X509	   *ee = cert("ValidDSAParameterInheritanceTest5EE.crt");
	X509	   *dsaca = cert("DSACACert.crt");
	X509	   *rsa = cert("GoodCACert.crt");
	X509	   *bad = cert_bad_signature("ValidDSAParameterInheritanceTest5EE.crt");
	EVP_PKEY   *key,
			   *eekey;

	key = x509v_dsa_inherit_key(inherited, X509_get0_pubkey(dsaca));
	assert_non_null(key);
	assert_true(EVP_PKEY_is_a(key, "DSA"));
	assert_int_equal(EVP_PKEY_get_bits(key), 1024);
	assert_int_equal(X509_verify(ee, key), 1);
	assert_true(X509_verify(bad, key) <= 0);
	/* one more level: the EE's key takes them from the inherited key */
	eekey = x509v_dsa_inherit_key(ee, key);
	assert_non_null(eekey);
	assert_int_equal(EVP_PKEY_get_bits(eekey), 1024);
	EVP_PKEY_free(eekey);
	EVP_PKEY_free(key);

	/* not applicable: parameters present, issuer not DSA, no issuer key */
	assert_null(x509v_dsa_inherit_key(dsaca, X509_get0_pubkey(dsaca)));
	assert_null(x509v_dsa_inherit_key(inherited, X509_get0_pubkey(rsa)));
	assert_null(x509v_dsa_inherit_key(inherited, NULL));
	X509_free(inherited);
	X509_free(ee);
	X509_free(dsaca);
	X509_free(rsa);
	X509_free(bad);
}

/* Parameters of another group do not make a valid key. */
static void
test_inherit_wrong_group(void **state)
{
	X509	   *inherited = cert("DSAParametersInheritedCACert.crt");
	EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
	EVP_PKEY   *other = NULL;

	assert_non_null(pctx);
	assert_true(EVP_PKEY_paramgen_init(pctx) > 0);
	assert_true(EVP_PKEY_CTX_set_dsa_paramgen_bits(pctx, 1024) > 0);
	assert_true(EVP_PKEY_CTX_set_dsa_paramgen_q_bits(pctx, 160) > 0);
	assert_true(EVP_PKEY_paramgen(pctx, &other) > 0);
	assert_null(x509v_dsa_inherit_key(inherited, other));
	EVP_PKEY_free(other);
	EVP_PKEY_CTX_free(pctx);
	X509_free(inherited);
}

/* PKITS 4.1.5's store: anchor, DSA CA, the inheriting CA, their CRLs. */
static X509vStore *
inherit_store(X509 *inherited_ca)
{
	X509vStore *st = x509v_store_new();
	uint8_t    *der;
	size_t		len;
	ParseError	err;

	assert_non_null(st);
	store_add(st, X509V_ANCHOR, "TrustAnchorRootCertificate.crt");
	store_add(st, X509V_CRL, "TrustAnchorRootCRL.crl");
	store_add(st, X509V_INTERMEDIATE, "DSACACert.crt");
	store_add(st, X509V_CRL, "DSACACRL.crl");
	store_add(st, X509V_CRL, "DSAParametersInheritedCACRL.crl");
	der = x509v_cert_der(inherited_ca, &len);
	assert_non_null(der);
	assert_true(x509v_store_add(st, X509V_INTERMEDIATE, der, len, &err));
	free(der);
	return st;
}

/* Validate leaf against st at `at`, revocation required. */
static void
verify(X509vStore *st, X509 *leaf, int64_t at, X509vVerdict *v)
{
	X509vOptions o = {0};

	o.at = at;
	o.require_revocation = true;
	assert_true(x509v_verify(st, leaf, NULL, &o, v));
}

/* 4.1.5 is valid, its CRLs checked; altered signatures still fail. */
static void
test_verify_inherited_path(void **state)
{
	X509	   *ca = cert("DSAParametersInheritedCACert.crt");
	X509	   *bad_ca = cert_bad_signature("DSAParametersInheritedCACert.crt");
	X509	   *ee = cert("ValidDSAParameterInheritanceTest5EE.crt");
	X509	   *bad_ee = cert_bad_signature("ValidDSAParameterInheritanceTest5EE.crt");
	X509vStore *st = inherit_store(ca);
	X509vStore *bad_st = inherit_store(bad_ca);
	X509vVerdict v;

	verify(st, ee, AT_2013, &v);
	assert_int_equal(v.indication, X509V_TOTAL_PASSED);
	assert_int_equal(v.n_chain, 4);
	assert_string_equal(v.chain[1], "CN=DSA Parameters Inherited CA,O=Test Certificates 2011,C=US");
	assert_string_equal(v.revocation_status, "good");
	assert_int_equal(v.n_errors, 0);
	assert_int_equal(v.n_warnings, 0);
	x509v_verdict_free(&v);

	/* the inherited 1024-bit keys fall under the policy after 2014 */
	verify(st, ee, AT_2026, &v);
	assert_int_equal(v.sub, X509V_SUB_CRYPTO_CONSTRAINTS_FAILURE);
	x509v_verdict_free(&v);

	/* the EE's signature, checked with the inherited key */
	verify(st, bad_ee, AT_2013, &v);
	assert_int_equal(v.sub, X509V_SUB_SIG_CRYPTO_FAILURE);
	assert_int_equal(v.indication, X509V_TOTAL_FAILED);
	x509v_verdict_free(&v);

	/* the inheriting CA's own signature, by DSA CA */
	verify(bad_st, ee, AT_2013, &v);
	assert_int_equal(v.sub, X509V_SUB_SIG_CRYPTO_FAILURE);
	x509v_verdict_free(&v);

	/* without DSA CA there is nothing to inherit from */
	x509v_store_free(st);
	st = x509v_store_new();
	store_add(st, X509V_ANCHOR, "TrustAnchorRootCertificate.crt");
	store_add(st, X509V_INTERMEDIATE, "DSAParametersInheritedCACert.crt");
	verify(st, ee, AT_2013, &v);
	assert_int_equal(v.indication, X509V_INDETERMINATE);
	assert_int_equal(v.sub, X509V_SUB_NO_CERTIFICATE_CHAIN_FOUND);
	x509v_verdict_free(&v);

	x509v_store_free(st);
	x509v_store_free(bad_st);
	X509_free(ca);
	X509_free(bad_ca);
	X509_free(ee);
	X509_free(bad_ee);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lacks_params),
		cmocka_unit_test(test_inherit_key),
		cmocka_unit_test(test_inherit_wrong_group),
		cmocka_unit_test(test_verify_inherited_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
