/*
 * test_tst_verify.c
 *	  cmocka tests of cmsv_verify_timestamp (src/core/cms/cms_verify.c): RFC 3161
 *	  timestamp tokens made at test time by test/fixtures/gen/make_tst.sh
 *	  with the openssl CLI (ts -query / ts -reply), checked against the
 *	  stamped bytes, a changed copy, a SHA-1 imprint, a TSA without the
 *	  timeStamping EKU, an untrusted TSA, a broken signature value, and
 *	  blobs that are not timestamp tokens.
 *
 * The store holds the TSA root only and no revocation data, so validations
 * are soft (require_revocation false).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "test_util.h"
#include "core/cms/cms_verify.h"

#define AT_2030 INT64_C(1906502400)	/* 2030-06-01 00:00:00 UTC */

static char gen_dir[64];
static X509vStore *st;

/* Run make_tst.sh and load its root as the only anchor. */
static int
setup(void **state)
{
	uint8_t    *pem;
	size_t		len;
	ParseError	err;
	bool		ok;

	(void) state;
	if (test_generate(gen_dir, sizeof(gen_dir), "test/fixtures/gen/make_tst.sh") != 0)
		return -1;
	st = x509v_store_new();
	if (st == NULL)
		return -1;
	pem = test_slurp(&len, "%s/root.pem", gen_dir);
	ok = x509v_store_add(st, X509V_ANCHOR, pem, len, &err);
	free(pem);
	return ok ? 0 : -1;
}

/* Free the store, remove the generated files. */
static int
teardown(void **state)
{
	(void) state;
	x509v_store_free(st);
	return test_generated_remove(gen_dir);
}

/* Verify token over content (both generated files), into *v. */
static void
verify(const char *token, const char *content, size_t pad, SigVerdict *v)
{
	size_t		tlen,
				clen;
	uint8_t    *tok = test_slurp(&tlen, "%s/%s", gen_dir, token);
	uint8_t    *data = test_slurp(&clen, "%s/%s", gen_dir, content);
	CmsvSegment seg[2] = {{data, clen / 3}, {data + clen / 3, clen - clen / 3}};
	CmsvInput	in = {0};

	memset(tok + tlen, 0, pad);
	in.cms = tok;
	in.cms_len = tlen + pad;
	in.allow_padding = true;
	in.segments = seg;
	in.n_segments = 2;
	in.at = AT_2030;
	in.require_revocation = false;
	assert_true(cmsv_verify_timestamp(st, &in, NULL, v));
	free(tok);
	free(data);
}

/* Whether one of the verdict's errors contains s. */
static bool
has_error(const SigVerdict *v, const char *s)
{
	for (int i = 0; i < v->n_errors; i++)
		if (strstr(v->errors[i], s) != NULL)
			return true;
	return false;
}

/* A token over the bytes it stamps, by a trusted TSA: valid, with its time. */
static void
test_valid(void **state)
{
	SigVerdict	v;
	int64_t		now = (int64_t) time(NULL);

	(void) state;
	verify("token.der", "content.bin", 40, &v);
	assert_int_equal(v.word, SIGW_VALID);
	assert_int_equal(v.indication, SIGI_TOTAL_PASSED);
	assert_int_equal(v.digest_matches, 1);
	assert_int_equal(v.signature_value_ok, 1);
	assert_int_equal(v.key_usage_ok, 1);
	assert_non_null(v.signer_subject);
	assert_non_null(strstr(v.signer_subject, "CN=dossier TSA"));
	assert_non_null(v.anchor);
	/* genTime: made by this run, a few minutes ago at most */
	assert_true(v.has_claimed_signing_time);
	assert_true(v.claimed_signing_time <= now && v.claimed_signing_time > now - 600);
	assert_int_equal(v.validation_time, AT_2030);
	sigv_free(&v);
}

/* Changed stamped bytes: tampered, HASH_FAILURE, from the messageImprint. */
static void
test_tampered(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("token.der", "tampered.bin", 0, &v);
	assert_int_equal(v.word, SIGW_TAMPERED);
	assert_int_equal(v.sub, SIGS_HASH_FAILURE);
	assert_int_equal(v.digest_matches, 0);
	assert_int_equal(v.signature_value_ok, 1);
	assert_true(has_error(&v, "messageImprint"));
	sigv_free(&v);
}

/* A SHA-1 messageImprint in 2030: the crypto policy refuses it. */
static void
test_sha1_imprint(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("token_sha1.der", "content.bin", 0, &v);
	assert_int_equal(v.word, SIGW_UNTRUSTED);
	assert_int_equal(v.sub, SIGS_CRYPTO_CONSTRAINTS_FAILURE);
	assert_true(has_error(&v, "messageImprint digest algorithm SHA1"));
	sigv_free(&v);
}

/* A TSA certificate without the timeStamping EKU: CHAIN_CONSTRAINTS_FAILURE. */
static void
test_no_eku(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("token_noeku.der", "content.bin", 0, &v);
	assert_int_equal(v.word, SIGW_UNTRUSTED);
	assert_int_equal(v.sub, SIGS_CHAIN_CONSTRAINTS_FAILURE);
	assert_int_equal(v.digest_matches, 1);
	assert_int_equal(v.signature_value_ok, 1);
	assert_true(has_error(&v, "extendedKeyUsage"));
	sigv_free(&v);
}

/* No ESS signing-certificate attribute, which RFC 3161 requires: malformed. */
static void
test_no_ess(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("token_noess.der", "content.bin", 0, &v);
	assert_int_equal(v.word, SIGW_MALFORMED);
	assert_int_equal(v.sub, SIGS_FORMAT_FAILURE);
	assert_int_equal(v.signature_value_ok, 1);
	assert_true(has_error(&v, "signing-certificate"));
	sigv_free(&v);
}

/* A TSA under a root the store does not hold: untrusted, no chain. */
static void
test_rogue(void **state)
{
	SigVerdict	v;

	(void) state;
	verify("token_rogue.der", "content.bin", 0, &v);
	assert_int_equal(v.word, SIGW_UNTRUSTED);
	assert_int_equal(v.signature_value_ok, 1);
	assert_null(v.anchor);
	sigv_free(&v);
}

/* The token's last byte (its signature value) changed: SIG_CRYPTO_FAILURE. */
static void
test_bad_signature(void **state)
{
	size_t		tlen,
				clen;
	uint8_t    *tok = test_slurp(&tlen, "%s/token.der", gen_dir);
	uint8_t    *data = test_slurp(&clen, "%s/content.bin", gen_dir);
	CmsvSegment seg = {data, clen};
	CmsvInput	in = {0};
	SigVerdict	v;

	(void) state;
	tok[tlen - 1] ^= 0x01;
	in.cms = tok;
	in.cms_len = tlen;
	in.segments = &seg;
	in.n_segments = 1;
	in.at = AT_2030;
	assert_true(cmsv_verify_timestamp(st, &in, NULL, &v));
	assert_int_equal(v.word, SIGW_TAMPERED);
	assert_int_equal(v.sub, SIGS_SIG_CRYPTO_FAILURE);
	assert_int_equal(v.signature_value_ok, 0);
	sigv_free(&v);
	free(tok);
	free(data);
}

/* Not a timestamp token: garbage, a truncated token, trailing non-zero bytes. */
static void
test_not_a_token(void **state)
{
	size_t		tlen,
				clen;
	uint8_t    *tok = test_slurp(&tlen, "%s/token.der", gen_dir);
	uint8_t    *data = test_slurp(&clen, "%s/content.bin", gen_dir);
	CmsvSegment seg = {data, clen};
	CmsvInput	in = {0};
	SigVerdict	v;

	(void) state;
	in.segments = &seg;
	in.n_segments = 1;
	in.at = AT_2030;

	in.cms = data;				/* text, not DER */
	in.cms_len = clen;
	assert_true(cmsv_verify_timestamp(st, &in, NULL, &v));
	assert_int_equal(v.word, SIGW_MALFORMED);
	assert_int_equal(v.sub, SIGS_FORMAT_FAILURE);
	sigv_free(&v);

	in.cms = tok;				/* truncated */
	in.cms_len = tlen - 10;
	assert_true(cmsv_verify_timestamp(st, &in, NULL, &v));
	assert_int_equal(v.word, SIGW_MALFORMED);
	sigv_free(&v);

	tok[tlen] = 0x41;			/* a non-zero byte after it */
	in.cms_len = tlen + 1;
	in.allow_padding = true;
	assert_true(cmsv_verify_timestamp(st, &in, NULL, &v));
	assert_int_equal(v.word, SIGW_MALFORMED);
	sigv_free(&v);

	free(tok);
	free(data);
}

/* A structural attack still loses to tampered, and beats the trust words. */
static void
test_structure(void **state)
{
	SigStructure s = {0};
	size_t		tlen,
				clen;
	uint8_t    *tok = test_slurp(&tlen, "%s/token_noeku.der", gen_dir);
	uint8_t    *data = test_slurp(&clen, "%s/content.bin", gen_dir);
	CmsvSegment seg = {data, clen};
	CmsvInput	in = {0};
	SigVerdict	v;

	(void) state;
	s.attack = true;
	s.attack_reason = "made-up attack";
	s.docmdp_respected = -1;
	in.cms = tok;
	in.cms_len = tlen;
	in.segments = &seg;
	in.n_segments = 1;
	in.at = AT_2030;
	assert_true(cmsv_verify_timestamp(st, &in, &s, &v));
	assert_int_equal(v.word, SIGW_ATTACK);
	assert_true(v.has_structure);
	sigv_free(&v);
	free(tok);
	free(data);
}

/* Without a store: the token verifies, nothing is trusted. */
static void
test_no_store(void **state)
{
	size_t		tlen,
				clen;
	uint8_t    *tok = test_slurp(&tlen, "%s/token.der", gen_dir);
	uint8_t    *data = test_slurp(&clen, "%s/content.bin", gen_dir);
	CmsvSegment seg = {data, clen};
	CmsvInput	in = {0};
	SigVerdict	v;

	(void) state;
	in.cms = tok;
	in.cms_len = tlen;
	in.segments = &seg;
	in.n_segments = 1;
	in.at = AT_2030;
	assert_true(cmsv_verify_timestamp(NULL, &in, NULL, &v));
	assert_int_equal(v.digest_matches, 1);
	assert_int_equal(v.signature_value_ok, 1);
	sigv_free(&v);
	free(tok);
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_tampered),
		cmocka_unit_test(test_sha1_imprint),
		cmocka_unit_test(test_no_eku),
		cmocka_unit_test(test_no_ess),
		cmocka_unit_test(test_rogue),
		cmocka_unit_test(test_bad_signature),
		cmocka_unit_test(test_not_a_token),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_no_store),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
