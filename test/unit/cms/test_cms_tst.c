/*
 * test_cms_tst.c
 *	  cmocka tests of signature timestamps (src/core/cms/cms_tst.c) through
 *	  cmsv_verify: CMS signatures with id-aa-signatureTimeStampToken
 *	  attributes made at test time by test/fixtures/gen/make_sig_tst.sh
 *	  (OpenSSL API, fixed dates), validated at 2030-06-01 with revocation
 *	  required against the generated root and its CRL.
 *
 * Covered: a valid timestamp rescues an expired signer; one after the
 * expiry does not; a revocation after the timestamp does not count, one
 * before it does; a token over the wrong bytes and one by an untrusted TSA
 * only warn; a signature without timestamp keeps its verdict; a timestamp
 * before the signer certificate's notBefore fails; a claimed signing time
 * after the timestamp warns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"
#include "core/cms/cms_verify.h"

#define AT_2030 INT64_C(1906502400)		/* 2030-06-01 00:00:00 UTC */
#define T_2024_06 INT64_C(1717200000)	/* 2024-06-01 */
#define T_2026_06 INT64_C(1780272000)	/* 2026-06-01 */
#define T_2028_01 INT64_C(1830297600)	/* 2028-01-01 */
#define T_2028_06 INT64_C(1843430400)	/* 2028-06-01 */

static char gen_dir[64];
static X509vStore *st;

/* Add a generated file to the store. */
static bool
add(X509vKind kind, const char *name)
{
	size_t		len;
	uint8_t    *buf = test_slurp(&len, "%s/%s", gen_dir, name);
	ParseError	err;
	bool		ok = x509v_store_add(st, kind, buf, len, &err);

	free(buf);
	return ok;
}

/* Run make_sig_tst.sh; the store: its root and CRL. */
static int
setup(void **state)
{
	(void) state;
	if (test_generate(gen_dir, sizeof(gen_dir), "test/fixtures/gen/make_sig_tst.sh") != 0)
		return -1;
	st = x509v_store_new();
	return st != NULL && add(X509V_ANCHOR, "root.der") && add(X509V_CRL, "crl.der") ? 0 : -1;
}

/* Free the store, remove the generated files. */
static int
teardown(void **state)
{
	(void) state;
	x509v_store_free(st);
	return test_generated_remove(gen_dir);
}

/* Verify sig_<name>.der over content.bin at 2030-06-01, revocation required. */
static void
verify(const char *name, SigVerdict *v)
{
	char		file[96];
	size_t		slen,
				clen;
	uint8_t    *sig;
	uint8_t    *data = test_slurp(&clen, "%s/content.bin", gen_dir);
	CmsvSegment seg;
	CmsvInput	in;

	snprintf(file, sizeof(file), "sig_%s.der", name);
	sig = test_slurp(&slen, "%s/%s", gen_dir, file);
	memset(&in, 0, sizeof(in));
	seg.data = data;
	seg.len = clen;
	in.cms = sig;
	in.cms_len = slen;
	in.segments = &seg;
	in.n_segments = 1;
	in.at = AT_2030;
	in.require_revocation = true;
	assert_true(cmsv_verify(st, &in, NULL, v));
	free(sig);
	free(data);
}

/* Whether one of the warnings (or errors) contains s. */
static bool
has(char *const *list, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strstr(list[i], s) != NULL)
			return true;
	return false;
}

#define has_warning(v, s) has((v)->warnings, (v)->n_warnings, (s))
#define has_error(v, s) has((v)->errors, (v)->n_errors, (s))

/* Print a verdict's messages (with DOSSIER_TEST_VERBOSE set in the environment). */
static void
show(const char *name, const SigVerdict *v)
{
	if (getenv("DOSSIER_TEST_VERBOSE") == NULL)
		return;
	print_message("%s: %s %s\n", name, sigv_word_name(v->word), sigv_sub_name(v->sub) ? sigv_sub_name(v->sub) : "");
	for (int i = 0; i < v->n_errors; i++)
		print_message("  error: %s\n", v->errors[i]);
	for (int i = 0; i < v->n_warnings; i++)
		print_message("  warning: %s\n", v->warnings[i]);
}

/* No timestamp: the verdicts of before (valid, expired, revoked). */
static void
test_no_timestamp(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("valid", &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_null(v.timestamp_status);
	assert_false(v.has_timestamp_time);
	assert_null(v.timestamp_authority);
	sigv_free(&v);

	verify("expired", &v);
	assert_int_equal(v.word, SIGW_EXPIRED);
	assert_int_equal(v.sub, SIGS_EXPIRED);
	assert_null(v.timestamp_status);
	sigv_free(&v);

	verify("revoked", &v);
	assert_int_equal(v.word, SIGW_REVOKED);
	assert_int_equal(v.sub, SIGS_REVOKED);
	assert_null(v.timestamp_status);
	sigv_free(&v);
}

/* A valid signer with a valid timestamp: valid, the time reported, no warning. */
static void
test_valid_timestamp(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("valid_tst", &v);
	show("valid_tst", &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_string_equal(v.timestamp_status, "valid");
	assert_true(v.has_timestamp_time);
	assert_int_equal(v.timestamp_time, T_2026_06);
	assert_non_null(v.timestamp_authority);
	assert_non_null(strstr(v.timestamp_authority, "CN=dossier TST TSA"));
	/* the signer's own fields are untouched by the TSA's */
	assert_non_null(strstr(v.signer_subject, "CN=dossier TST signer"));
	assert_int_equal(v.n_warnings, 0);
	sigv_free(&v);
}

/* Expired at 2030, stamped in 2026 while valid: TOTAL_PASSED with a warning. */
static void
test_rescues_expired(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("expired_tst", &v);
	show("expired_tst", &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_int_equal(v.indication, SIGI_TOTAL_PASSED);
	assert_int_equal(v.sub, SIGS_NONE);
	assert_int_equal(v.n_errors, 0);
	assert_string_equal(v.certificate_time_status, "expired");
	assert_string_equal(v.timestamp_status, "valid");
	assert_int_equal(v.timestamp_time, T_2026_06);
	assert_true(has_warning(&v, "expired at 2027-12-31 00:00:00 UTC"));
	assert_true(has_warning(&v, "existed at 2026-06-01 00:00:00 UTC"));
	sigv_free(&v);
}

/* Stamped in 2028, after the expiry: still expired. */
static void
test_late_timestamp(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("expired_tst_late", &v);
	show("expired_tst_late", &v);
	assert_int_equal(v.word, SIGW_EXPIRED);
	assert_int_equal(v.sub, SIGS_EXPIRED);
	assert_string_equal(v.timestamp_status, "valid");
	assert_int_equal(v.timestamp_time, T_2028_06);
	assert_true(has_warning(&v, "outside the validity"));
	sigv_free(&v);
}

/* Revoked in 2027-06, stamped in 2026: passes with a warning. */
static void
test_revoked_after_timestamp(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("revoked_tst_before", &v);
	show("revoked_tst_before", &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_int_equal(v.n_errors, 0);
	assert_string_equal(v.revocation_status, "revoked");
	assert_true(v.has_revocation_time);
	assert_int_equal(v.timestamp_time, T_2026_06);
	assert_true(has_warning(&v, "the signer certificate was revoked at 2027-06-01 00:00:00 UTC, reason keyCompromise, after the time 2026-06-01 00:00:00 UTC of the signature timestamp"));
	sigv_free(&v);
}

/* Revoked in 2027-06, stamped in 2028: still revoked. */
static void
test_revoked_before_timestamp(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("revoked_tst_after", &v);
	show("revoked_tst_after", &v);
	assert_int_equal(v.word, SIGW_REVOKED);
	assert_int_equal(v.sub, SIGS_REVOKED);
	assert_string_equal(v.timestamp_status, "valid");
	assert_int_equal(v.timestamp_time, T_2028_01);
	assert_true(has_warning(&v, "so the revocation counts"));
	sigv_free(&v);
}

/* A token over the content instead of the signature value: a warning only. */
static void
test_wrong_imprint(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("valid_tst_wrong", &v);
	show("valid_tst_wrong", &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_int_equal(v.n_errors, 0);
	assert_string_equal(v.timestamp_status, "invalid");
	assert_false(v.has_timestamp_time);
	assert_null(v.timestamp_authority);
	assert_true(has_warning(&v, "signature timestamp 1 (TSA O=dossier test,CN=dossier TST TSA)"));
	assert_true(has_warning(&v, "HASH_FAILURE"));
	sigv_free(&v);

	/* and no proof of existence for an expired signer */
	verify("expired_tst_wrong", &v);
	assert_int_equal(v.word, SIGW_EXPIRED);
	assert_string_equal(v.timestamp_status, "invalid");
	assert_false(v.has_timestamp_time);
	sigv_free(&v);
}

/* A token by a TSA under an untrusted root: a warning only. */
static void
test_untrusted_tsa(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("valid_tst_rogue", &v);
	show("valid_tst_rogue", &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_int_equal(v.n_errors, 0);
	assert_string_equal(v.timestamp_status, "invalid");
	assert_false(v.has_timestamp_time);
	assert_true(has_warning(&v, "NO_CERTIFICATE_CHAIN_FOUND"));
	sigv_free(&v);

	verify("expired_tst_rogue", &v);
	assert_int_equal(v.word, SIGW_EXPIRED);
	assert_int_equal(v.sub, SIGS_EXPIRED);
	assert_string_equal(v.timestamp_status, "invalid");
	sigv_free(&v);
}

/* Stamped in 2024, the signer certificate valid from 2025: NOT_YET_VALID. */
static void
test_before_certificate(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("tst_before_cert", &v);
	show("tst_before_cert", &v);
	assert_int_equal(v.word, SIGW_EXPIRED);
	assert_int_equal(v.indication, SIGI_TOTAL_FAILED);
	assert_int_equal(v.sub, SIGS_NOT_YET_VALID);
	assert_int_equal(v.timestamp_time, T_2024_06);
	assert_true(has_error(&v, "before the signer certificate's notBefore 2025-01-01"));
	sigv_free(&v);
}

/* signingTime 2027, stamped 2026: valid, with a warning about the claim. */
static void
test_claimed_after_timestamp(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("claimed_after_tst", &v);
	show("claimed_after_tst", &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_true(has_warning(&v, "claimed signing time 2027-01-01 00:00:00 UTC is later than the time 2026-06-01 00:00:00 UTC of the signature timestamp"));
	sigv_free(&v);

	/* the others claim an hour before their timestamp: no such warning */
	verify("valid_tst", &v);
	assert_false(has_warning(&v, "claimed signing time"));
	sigv_free(&v);
}

/* Without a store nothing is trusted, and no timestamp is looked at. */
static void
test_no_store(void **state)
{
	SigVerdict	v;
	size_t		slen,
				clen;
	uint8_t    *sig = test_slurp(&slen, "%s/sig_expired_tst.der", gen_dir);
	uint8_t    *data = test_slurp(&clen, "%s/content.bin", gen_dir);
	CmsvSegment seg = {data, clen};
	CmsvInput	in = {0};

	(void) state;
	in.cms = sig;
	in.cms_len = slen;
	in.segments = &seg;
	in.n_segments = 1;
	in.at = AT_2030;
	assert_true(cmsv_verify(NULL, &in, NULL, &v));
	assert_null(v.timestamp_status);
	assert_false(v.has_timestamp_time);
	sigv_free(&v);
	free(sig);
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_timestamp),
		cmocka_unit_test(test_valid_timestamp),
		cmocka_unit_test(test_rescues_expired),
		cmocka_unit_test(test_late_timestamp),
		cmocka_unit_test(test_revoked_after_timestamp),
		cmocka_unit_test(test_revoked_before_timestamp),
		cmocka_unit_test(test_wrong_imprint),
		cmocka_unit_test(test_untrusted_tsa),
		cmocka_unit_test(test_before_certificate),
		cmocka_unit_test(test_claimed_after_timestamp),
		cmocka_unit_test(test_no_store),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
