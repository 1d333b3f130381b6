/*
 * test_sig_verdict.c
 *	  cmocka tests of the signature verdict and its fixed precedence
 *	  (src/core/cms/sig_verdict.c): every pair of verdict words, in both orders,
 *	  gives the one the precedence ranks first; the indication and
 *	  sub-indication follow the winning finding; names and structure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/cms/sig_verdict.h"

/* The precedence, spelled out once more as the documentation gives it. */
static const char *const order[] = {
	"tampered", "attack", "malformed", "revoked", "expired", "untrusted",
	"indeterminate", "valid"
};

/* A sub-indication that goes with each word. */
static SigSub
sub_for(SigWord w)
{
	static const SigSub subs[SIGW_COUNT] = {
		[SIGW_MALFORMED] = SIGS_FORMAT_FAILURE,
		[SIGW_TAMPERED] = SIGS_HASH_FAILURE,
		[SIGW_ATTACK] = SIGS_SIG_CONSTRAINTS_FAILURE,
		[SIGW_REVOKED] = SIGS_REVOKED,
		[SIGW_EXPIRED] = SIGS_EXPIRED,
		[SIGW_UNTRUSTED] = SIGS_NO_CERTIFICATE_CHAIN_FOUND,
		[SIGW_INDETERMINATE] = SIGS_TRY_LATER,
		[SIGW_VALID] = SIGS_NONE,
	};

	return subs[w];
}

/* The enum order is the documented order. */
static void
test_names_follow_order(void **state)
{
	for (int w = 0; w < SIGW_COUNT; w++)
		assert_string_equal(sigv_word_name((SigWord) w), order[w]);
	assert_string_equal(sigv_indication_name(SIGI_TOTAL_PASSED), "TOTAL_PASSED");
	assert_string_equal(sigv_indication_name(SIGI_INDETERMINATE), "INDETERMINATE");
	assert_string_equal(sigv_indication_name(SIGI_TOTAL_FAILED), "TOTAL_FAILED");
	assert_null(sigv_sub_name(SIGS_NONE));
	for (int s = SIGS_NONE + 1; s < SIGS_COUNT; s++)
		assert_non_null(sigv_sub_name((SigSub) s));
	assert_string_equal(sigv_sub_name(SIGS_HASH_FAILURE), "HASH_FAILURE");
	assert_string_equal(sigv_coverage_name(SIGC_ENTIRE_REVISION), "entire_revision");
	assert_null(sigv_coverage_name(SIGC_UNKNOWN));
	assert_string_equal(sigv_modification_name(SIGM_FORM_FILLING), "form_filling");
	assert_null(sigv_modification_name(SIGM_UNKNOWN));
}

/* A verdict with the findings a then b ("valid" adds none). */
static void
verdict_of(SigWord a, SigWord b, SigVerdict *v)
{
	sigv_init(v, 0);
	if (a != SIGW_VALID)
		sigv_add_finding(v, a, sub_for(a), order[a]);
	if (b != SIGW_VALID)
		sigv_add_finding(v, b, sub_for(b), order[b]);
	sigv_finish(v);
}

/* Every pair, both orders: the word ranked first wins, with its sub. */
static void
test_every_pair(void **state)
{
	int			pairs = 0;

	for (int a = 0; a < SIGW_COUNT; a++)
		for (int b = 0; b < SIGW_COUNT; b++)
		{
			SigVerdict	v;
			SigWord		want = a < b ? (SigWord) a : (SigWord) b;

			verdict_of((SigWord) a, (SigWord) b, &v);
			assert_int_equal(v.word, want);
			assert_int_equal(sigv_worse((SigWord) a, (SigWord) b), want);
			assert_int_equal(v.sub, sub_for(want));
			assert_int_equal(v.indication, sigv_indication_of(want, sub_for(want)));
			if (want == SIGW_VALID)
			{
				assert_int_equal(v.indication, SIGI_TOTAL_PASSED);
				assert_int_equal(v.n_errors, 0);
			}
			else
				assert_int_not_equal(v.indication, SIGI_TOTAL_PASSED);
			sigv_free(&v);
			pairs++;
		}
	assert_int_equal(pairs, SIGW_COUNT * SIGW_COUNT);
}

/* The indication of each word, and the chain-signature exception. */
static void
test_indications(void **state)
{
	assert_int_equal(sigv_indication_of(SIGW_MALFORMED, SIGS_FORMAT_FAILURE), SIGI_TOTAL_FAILED);
	assert_int_equal(sigv_indication_of(SIGW_TAMPERED, SIGS_HASH_FAILURE), SIGI_TOTAL_FAILED);
	assert_int_equal(sigv_indication_of(SIGW_ATTACK, SIGS_SIG_CONSTRAINTS_FAILURE), SIGI_TOTAL_FAILED);
	assert_int_equal(sigv_indication_of(SIGW_REVOKED, SIGS_REVOKED), SIGI_TOTAL_FAILED);
	assert_int_equal(sigv_indication_of(SIGW_EXPIRED, SIGS_NOT_YET_VALID), SIGI_TOTAL_FAILED);
	assert_int_equal(sigv_indication_of(SIGW_UNTRUSTED, SIGS_NO_CERTIFICATE_CHAIN_FOUND), SIGI_INDETERMINATE);
	assert_int_equal(sigv_indication_of(SIGW_UNTRUSTED, SIGS_SIG_CRYPTO_FAILURE), SIGI_TOTAL_FAILED);
	assert_int_equal(sigv_indication_of(SIGW_INDETERMINATE, SIGS_TRY_LATER), SIGI_INDETERMINATE);
	assert_int_equal(sigv_indication_of(SIGW_VALID, SIGS_NONE), SIGI_TOTAL_PASSED);
}

/* With several findings of the winning word, the first added gives the sub. */
static void
test_first_finding_of_word_gives_sub(void **state)
{
	SigVerdict	v;

	sigv_init(&v, 42);
	sigv_add_finding(&v, SIGW_UNTRUSTED, SIGS_CRYPTO_CONSTRAINTS_FAILURE, "weak digest");
	sigv_add_finding(&v, SIGW_INDETERMINATE, SIGS_TRY_LATER, "no CRL");
	sigv_add_finding(&v, SIGW_UNTRUSTED, SIGS_CHAIN_CONSTRAINTS_FAILURE, "key usage");
	sigv_add_finding(&v, SIGW_UNTRUSTED, SIGS_CHAIN_CONSTRAINTS_FAILURE, "key usage");
	sigv_add_warning(&v, "a warning");
	sigv_finish(&v);
	assert_int_equal(v.word, SIGW_UNTRUSTED);
	assert_int_equal(v.sub, SIGS_CRYPTO_CONSTRAINTS_FAILURE);
	assert_int_equal(v.indication, SIGI_INDETERMINATE);
	assert_int_equal(v.n_errors, 3);	/* the repeated message once */
	assert_int_equal(v.n_warnings, 1);
	assert_int_equal(v.validation_time, 42);
	sigv_free(&v);
}

/* A full finding list still keeps the best word. */
static void
test_finding_overflow(void **state)
{
	SigVerdict	v;

	sigv_init(&v, 0);
	for (int i = 0; i < SIGV_MAX_FINDINGS + 10; i++)
		sigv_add_finding(&v, SIGW_INDETERMINATE, SIGS_TRY_LATER, NULL);
	sigv_add_finding(&v, SIGW_TAMPERED, SIGS_HASH_FAILURE, "changed");
	sigv_finish(&v);
	assert_int_equal(v.word, SIGW_TAMPERED);
	assert_int_equal(v.sub, SIGS_HASH_FAILURE);
	/* "valid" and out-of-range words are not findings */
	sigv_free(&v);
	sigv_init(&v, 0);
	sigv_add_finding(&v, SIGW_VALID, SIGS_NONE, "nothing");
	sigv_add_finding(&v, SIGW_COUNT, SIGS_NONE, "nothing");
	sigv_finish(&v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_int_equal(v.n_findings, 0);
	sigv_free(&v);
}

/* Structural findings: copied, and an attack is a finding. */
static void
test_structure(void **state)
{
	SigVerdict	v;
	SigStructure s;

	memset(&s, 0, sizeof(s));
	s.n_byte_range = 4;
	s.byte_range[1] = 100;
	s.byte_range[2] = 200;
	s.byte_range[3] = 300;
	s.coverage = SIGC_ENTIRE_REVISION;
	s.modification_level = SIGM_OTHER;
	s.docmdp_permission = 2;
	s.docmdp_respected = 0;
	s.attack = true;
	s.attack_reason = "page content changed after signing";

	sigv_init(&v, 0);
	sigv_apply_structure(&v, &s);
	sigv_add_finding(&v, SIGW_REVOKED, SIGS_REVOKED, "revoked");
	sigv_finish(&v);
	assert_true(v.has_structure);
	assert_int_equal(v.structure.n_byte_range, 4);
	assert_int_equal(v.structure.byte_range[3], 300);
	assert_int_equal(v.structure.coverage, SIGC_ENTIRE_REVISION);
	assert_null(v.structure.attack_reason);
	assert_int_equal(v.word, SIGW_ATTACK);
	assert_int_equal(v.sub, SIGS_SIG_CONSTRAINTS_FAILURE);
	assert_int_equal(v.indication, SIGI_TOTAL_FAILED);
	assert_string_equal(v.errors[0], "page content changed after signing");
	sigv_free(&v);

	/* a nonsensical range count is clamped; NULL structure is a no-op */
	s.attack = false;
	s.n_byte_range = 1000;
	sigv_init(&v, 0);
	sigv_apply_structure(&v, &s);
	sigv_apply_structure(&v, NULL);
	sigv_finish(&v);
	assert_int_equal(v.structure.n_byte_range, SIGV_MAX_BYTE_RANGE);
	assert_int_equal(v.word, SIGW_VALID);
	sigv_free(&v);
}

/* A fresh verdict is all unknown. */
static void
test_init(void **state)
{
	SigVerdict	v;

	sigv_init(&v, 7);
	assert_int_equal(v.digest_matches, SIGV_UNKNOWN);
	assert_int_equal(v.signature_value_ok, SIGV_UNKNOWN);
	assert_int_equal(v.key_usage_ok, SIGV_UNKNOWN);
	assert_string_equal(v.revocation_status, "not_checked");
	assert_false(v.has_structure);
	assert_false(v.has_claimed_signing_time);
	sigv_finish(&v);
	assert_int_equal(v.word, SIGW_VALID);
	sigv_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_follow_order),
		cmocka_unit_test(test_every_pair),
		cmocka_unit_test(test_indications),
		cmocka_unit_test(test_first_finding_of_word_gives_sub),
		cmocka_unit_test(test_finding_overflow),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
