/*
 * test_x509_indirect.c
 *	  cmocka tests of an indirect CRL that covers its own issuer's
 *	  certificate (the shape of PKITS 4.14.30, src/core/trust/x509_verify.c),
 *	  with a PKI made here: a root, a CA, a CRL issuer certified by that CA,
 *	  and an EE of the CA whose CRL is the CRL issuer's indirect CRL.
 *
 * The valid case is PKITS's; the others show that accepting the CRL for its
 * own issuer leaves every check on it in place: a revoked CRL issuer, a CRL
 * signed by another key, a revoked EE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/conf.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "core/trust/x509_verify.h"

#define NOT_BEFORE	((time_t) 1577836800)	/* 2020-01-01 */
#define NOT_AFTER	((time_t) 2208988800)	/* 2040-01-01 */
#define CRL_ISSUED	((time_t) 1704067200)	/* 2024-01-01 */
#define AT_2026		INT64_C(1780272000) /* 2026-06-01 */

/* Extensions of each kind of certificate and of the indirect CRL. */
static const char ext_conf[] =
"[ca]\n"
"basicConstraints = critical, CA:TRUE\n"
"keyUsage = critical, keyCertSign, cRLSign\n"
"subjectKeyIdentifier = hash\n"
"authorityKeyIdentifier = keyid\n"
"[crl_issuer]\n"
"keyUsage = critical, cRLSign\n"
"subjectKeyIdentifier = hash\n"
"authorityKeyIdentifier = keyid\n"
"crlDistributionPoints = dp\n"
"[ee]\n"
"keyUsage = critical, digitalSignature\n"
"subjectKeyIdentifier = hash\n"
"authorityKeyIdentifier = keyid\n"
"crlDistributionPoints = dp\n"
"[dp]\n"
"fullname = dirName:dp_name\n"
"CRLissuer = dirName:crl_issuer_name\n"
"[dp_name]\n"
"C = VN\n"
"O = dossier test\n"
"OU = CRL issuer\n"
"CN = indirect CRL\n"
"[crl_issuer_name]\n"
"C = VN\n"
"O = dossier test\n"
"OU = CRL issuer\n"
"[root_crl]\n"
"authorityKeyIdentifier = keyid\n"
"[indirect_crl]\n"
"authorityKeyIdentifier = keyid\n"
"issuingDistributionPoint = critical, @idp\n"
"[idp]\n"
"fullname = dirName:dp_name\n"
"indirectCRL = TRUE\n";

typedef struct Pki
{
	CONF	   *conf;
	EVP_PKEY   *root_key,
			   *ca_key,
			   *issuer_key,
			   *ee_key,
			   *other_key;
	X509	   *root,
			   *ca,
			   *crl_issuer,
			   *ee;
} Pki;

/* C=VN, O=dossier test, then OU or CN. */
static X509_NAME *
make_name(const char *field, const char *value)
{
	X509_NAME  *n = X509_NAME_new();

	assert_non_null(n);
	assert_true(X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC, (const unsigned char *) "VN", -1, -1, 0));
	assert_true(X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC, (const unsigned char *) "dossier test", -1, -1, 0));
	assert_true(X509_NAME_add_entry_by_txt(n, field, MBSTRING_ASC, (const unsigned char *) value, -1, -1, 0));
	return n;
}

/* A certificate with the extensions of section sect; self-signed without issuer. */
static X509 *
make_cert(Pki *pki, const char *sect, const char *field, const char *value, long serial,
		  EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key)
{
	X509	   *x = X509_new();
	X509_NAME  *name = make_name(field, value);
	X509V3_CTX	v3;

	assert_non_null(x);
	assert_true(X509_set_version(x, X509_VERSION_3));
	assert_true(ASN1_INTEGER_set(X509_get_serialNumber(x), serial));
	assert_true(X509_set_subject_name(x, name));
	assert_true(X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name));
	assert_non_null(ASN1_TIME_set(X509_getm_notBefore(x), NOT_BEFORE));
	assert_non_null(ASN1_TIME_set(X509_getm_notAfter(x), NOT_AFTER));
	assert_true(X509_set_pubkey(x, key));
	X509V3_set_ctx(&v3, issuer ? issuer : x, x, NULL, NULL, 0);
	X509V3_set_nconf(&v3, pki->conf);
	assert_true(X509V3_EXT_add_nconf(pki->conf, &v3, sect, x));
	assert_true(X509_sign(x, issuer_key, EVP_sha256()) > 0);
	X509_NAME_free(name);
	return x;
}

/*
 * A CRL of issuer signed with key, with the extensions of section sect,
 * listing revoked (NULL: none); an entry for a certificate of another
 * issuer names it (certificateIssuer), as an indirect CRL must.
 */
static X509_CRL *
make_crl(Pki *pki, const char *sect, X509 *issuer, EVP_PKEY *key, X509 *revoked)
{
	X509_CRL   *crl = X509_CRL_new();
	ASN1_TIME  *last = ASN1_TIME_set(NULL, CRL_ISSUED);
	ASN1_TIME  *next = ASN1_TIME_set(NULL, NOT_AFTER);
	X509V3_CTX	v3;

	assert_non_null(crl);
	assert_true(X509_CRL_set_version(crl, X509_CRL_VERSION_2));
	assert_true(X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer)));
	assert_true(X509_CRL_set1_lastUpdate(crl, last));
	assert_true(X509_CRL_set1_nextUpdate(crl, next));
	if (revoked)
	{
		X509_REVOKED *rev = X509_REVOKED_new();

		assert_non_null(rev);
		assert_true(X509_REVOKED_set_serialNumber(rev, X509_get_serialNumber(revoked)));
		assert_true(X509_REVOKED_set_revocationDate(rev, last));
		if (X509_NAME_cmp(X509_get_issuer_name(revoked), X509_get_subject_name(issuer)) != 0)
		{
			GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
			GENERAL_NAME *gen = GENERAL_NAME_new();

			assert_non_null(gens);
			assert_non_null(gen);
			GENERAL_NAME_set0_value(gen, GEN_DIRNAME, X509_NAME_dup(X509_get_issuer_name(revoked)));
			assert_true(sk_GENERAL_NAME_push(gens, gen));
			assert_true(X509_REVOKED_add1_ext_i2d(rev, NID_certificate_issuer, gens, 1, 0));
			GENERAL_NAMES_free(gens);
		}
		assert_true(X509_CRL_add0_revoked(crl, rev));
		assert_true(X509_CRL_sort(crl));
	}
	X509V3_set_ctx(&v3, issuer, NULL, NULL, crl, 0);
	X509V3_set_nconf(&v3, pki->conf);
	assert_true(X509V3_EXT_CRL_add_nconf(pki->conf, &v3, sect, crl));
	assert_true(X509_CRL_sign(crl, key, EVP_sha256()) > 0);
	ASN1_TIME_free(last);
	ASN1_TIME_free(next);
	return crl;
}

/* Make the keys and certificates. */
static int
setup(void **state)
{
	Pki		   *pki = calloc(1, sizeof(Pki));
	BIO		   *bio = BIO_new_mem_buf(ext_conf, -1);
	long		line = 0;

	assert_non_null(pki);
	pki->conf = NCONF_new(NULL);
	assert_true(NCONF_load_bio(pki->conf, bio, &line) > 0);
	BIO_free(bio);
	pki->root_key = EVP_EC_gen("P-256");
	pki->ca_key = EVP_EC_gen("P-256");
	pki->issuer_key = EVP_EC_gen("P-256");
	pki->ee_key = EVP_EC_gen("P-256");
	pki->other_key = EVP_EC_gen("P-256");
	pki->root = make_cert(pki, "ca", "CN", "Root", 1, pki->root_key, NULL, pki->root_key);
	pki->ca = make_cert(pki, "ca", "CN", "CA", 2, pki->ca_key, pki->root, pki->root_key);
	pki->crl_issuer = make_cert(pki, "crl_issuer", "OU", "CRL issuer", 3,
								pki->issuer_key, pki->ca, pki->ca_key);
	pki->ee = make_cert(pki, "ee", "CN", "EE", 4, pki->ee_key, pki->ca, pki->ca_key);
	*state = pki;
	return 0;
}

static int
teardown(void **state)
{
	Pki		   *pki = *state;

	X509_free(pki->root);
	X509_free(pki->ca);
	X509_free(pki->crl_issuer);
	X509_free(pki->ee);
	EVP_PKEY_free(pki->root_key);
	EVP_PKEY_free(pki->ca_key);
	EVP_PKEY_free(pki->issuer_key);
	EVP_PKEY_free(pki->ee_key);
	EVP_PKEY_free(pki->other_key);
	NCONF_free(pki->conf);
	free(pki);
	return 0;
}

/* Add a certificate or CRL to a store by its DER. */
static void
add_cert(X509vStore *st, X509vKind kind, X509 *x)
{
	size_t		len;
	uint8_t    *der = x509v_cert_der(x, &len);
	ParseError	err;

	assert_non_null(der);
	assert_true(x509v_store_add(st, kind, der, len, &err));
	free(der);
}

static void
add_crl(X509vStore *st, X509_CRL *crl)
{
	size_t		len;
	uint8_t    *der = x509v_crl_der(crl, &len);
	ParseError	err;

	assert_non_null(der);
	assert_true(x509v_store_add(st, X509V_CRL, der, len, &err));
	free(der);
	X509_CRL_free(crl);
}

/*
 * Validate the EE at 2026-06-01, revocation required, with the root's CRL
 * and the given indirect CRL as the only CRLs.
 */
static void
verify_ee(Pki *pki, X509_CRL *indirect, X509vVerdict *v)
{
	X509vStore *st = x509v_store_new();
	X509vOptions o = {0};

	assert_non_null(st);
	add_cert(st, X509V_ANCHOR, pki->root);
	add_cert(st, X509V_INTERMEDIATE, pki->ca);
	add_cert(st, X509V_INTERMEDIATE, pki->crl_issuer);
	add_crl(st, make_crl(pki, "root_crl", pki->root, pki->root_key, NULL));
	add_crl(st, indirect);
	o.at = AT_2026;
	o.require_revocation = true;
	assert_true(x509v_verify(st, pki->ee, NULL, &o, v));
	x509v_store_free(st);
}

/* The indirect CRL covers the EE and its own issuer, neither revoked: valid. */
static void
test_covers_own_issuer(void **state)
{
	Pki		   *pki = *state;
	X509vVerdict v;

	verify_ee(pki, make_crl(pki, "indirect_crl", pki->crl_issuer, pki->issuer_key, NULL), &v);
	assert_int_equal(v.indication, X509V_TOTAL_PASSED);
	assert_string_equal(v.revocation_status, "good");
	assert_int_equal(v.n_errors, 0);
	assert_int_equal(v.n_warnings, 0);
	x509v_verdict_free(&v);
}

/* The same CRL says its issuer is revoked: the CRL cannot be used. */
static void
test_own_issuer_revoked(void **state)
{
	Pki		   *pki = *state;
	X509vVerdict v;

	verify_ee(pki, make_crl(pki, "indirect_crl", pki->crl_issuer, pki->issuer_key,
							pki->crl_issuer), &v);
	assert_int_equal(v.indication, X509V_INDETERMINATE);
	assert_int_equal(v.sub, X509V_SUB_TRY_LATER);
	assert_string_equal(v.revocation_status, "unknown");
	x509v_verdict_free(&v);
}

/* The CRL is signed with another key than its issuer's: not usable. */
static void
test_other_key(void **state)
{
	Pki		   *pki = *state;
	X509vVerdict v;

	verify_ee(pki, make_crl(pki, "indirect_crl", pki->crl_issuer, pki->other_key, NULL), &v);
	assert_int_equal(v.indication, X509V_INDETERMINATE);
	assert_int_equal(v.sub, X509V_SUB_TRY_LATER);
	x509v_verdict_free(&v);
}

/* The CRL revokes the EE: revoked. */
static void
test_ee_revoked(void **state)
{
	Pki		   *pki = *state;
	X509vVerdict v;

	verify_ee(pki, make_crl(pki, "indirect_crl", pki->crl_issuer, pki->issuer_key, pki->ee), &v);
	assert_int_equal(v.indication, X509V_TOTAL_FAILED);
	assert_int_equal(v.sub, X509V_SUB_REVOKED);
	assert_string_equal(v.revocation_status, "revoked");
	x509v_verdict_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_covers_own_issuer),
		cmocka_unit_test(test_own_issuer_revoked),
		cmocka_unit_test(test_other_key),
		cmocka_unit_test(test_ee_revoked),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
