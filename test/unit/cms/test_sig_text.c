/*
 * test_sig_text.c
 *	  cmocka tests of the text a signature verifier reports
 *	  (src/core/cms/sig_text.c): UTF-8 validity by RFC 3629 (overlong forms,
 *	  surrogates, above U+10FFFF, cut sequences, NUL), the text escape
 *	  (\xNN), the PDF name escape (#xx, ISO 32000-1 7.3.5), fixing a buffer
 *	  at a character boundary, and a verdict whose strings are not UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cms/sig_text.h"
#include "core/cms/sig_verdict.h"

/* Valid and invalid UTF-8, byte by byte. */
static void
test_valid(void **state)
{
	static const struct
	{
		const char *s;
		bool		ok;
	}			cases[] = {
		{"", true},
		{"adbe.pkcs7.detached", true},
		{"Ch\xe1\xbb\xaf k\xc3\xbd", true},	/* Chữ ký */
		{"\xf0\x9f\x98\x80", true},	/* U+1F600 */
		{"\xf4\x8f\xbf\xbf", true},	/* U+10FFFF */
		{"\xe9", false},		/* Latin-1 é */
		{"\xc3", false},		/* cut */
		{"\xe1\xbb", false},	/* cut */
		{"\xc0\xaf", false},	/* overlong / */
		{"\xe0\x80\xaf", false},	/* overlong */
		{"\xed\xa0\x80", false},	/* surrogate U+D800 */
		{"\xf4\x90\x80\x80", false},	/* above U+10FFFF */
		{"\xf5\x80\x80\x80", false},
		{"\xff", false},
		{"a\x80", false},		/* a lone continuation byte */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(sigt_utf8_valid(cases[i].s, strlen(cases[i].s)), cases[i].ok);
	assert_false(sigt_utf8_valid("a\0b", 3));	/* NUL is not text */
}

/* The text escape keeps valid characters and writes the others as \xNN. */
static void
test_escape(void **state)
{
	char	   *t;

	t = sigt_utf8_escape("Ch\xe1\xbb\xaf \xffk\xc3\xbd", 10);
	assert_string_equal(t, "Ch\xe1\xbb\xaf \\xFFk\xc3\xbd");
	free(t);
	t = sigt_utf8_escape("a\0\xed\xa0\x80", 5);
	assert_string_equal(t, "a\\x00\\xED\\xA0\\x80");
	free(t);
	t = sigt_utf8_escape("back\\slash", 10);
	assert_string_equal(t, "back\\slash");
	free(t);

	t = strdup("ok");
	assert_true(sigt_utf8_fix(&t));
	assert_string_equal(t, "ok");
	free(t);
	t = strdup("\xe9t\xe9");
	assert_true(sigt_utf8_fix(&t));
	assert_string_equal(t, "\\xE9t\\xE9");
	free(t);
	t = NULL;
	assert_true(sigt_utf8_fix(&t));
	assert_null(t);
}

/* PDF names: printable UTF-8 as is, '#', delimiters, controls and bytes as #xx. */
static void
test_pdf_name(void **state)
{
	char	   *t;

	t = sigt_pdf_name("adbe.pkcs7.detached", 19);
	assert_string_equal(t, "adbe.pkcs7.detached");
	free(t);
	t = sigt_pdf_name("adbe.pkcs7.\xe9tached", 18);
	assert_string_equal(t, "adbe.pkcs7.#E9tached");
	free(t);
	t = sigt_pdf_name("A#B C/(D)\x01", 10);
	assert_string_equal(t, "A#23B#20C#2F#28D#29#01");
	free(t);
	t = sigt_pdf_name("Ch\xe1\xbb\xaf", 5);	/* UTF-8 in a name stays */
	assert_string_equal(t, "Ch\xe1\xbb\xaf");
	free(t);
}

/* A buffer fixed in place is valid and cut at a character boundary. */
static void
test_fix_buf(void **state)
{
	char		buf[8];

	strcpy(buf, "abcdefg");
	sigt_utf8_fix_buf(buf, sizeof(buf));
	assert_string_equal(buf, "abcdefg");
	/* "abc" + the first two bytes of a three-byte character */
	memcpy(buf, "abc\xe1\xbb", 6);
	buf[5] = '\0';
	sigt_utf8_fix_buf(buf, sizeof(buf));
	assert_true(sigt_utf8_valid(buf, strlen(buf)));
	assert_memory_equal(buf, "abc", 3);
	/* an escape that does not fit is dropped whole */
	strcpy(buf, "abcde\xff");
	sigt_utf8_fix_buf(buf, sizeof(buf));
	assert_string_equal(buf, "abcde");
	strcpy(buf, "\xff\xfe");
	sigt_utf8_fix_buf(buf, sizeof(buf));
	assert_string_equal(buf, "\\xFF");
}

/* A verdict's strings are text once finished, whatever went in. */
static void
test_verdict_text(void **state)
{
	SigVerdict	v;

	sigv_init(&v, 0);
	v.signer_subject = strdup("CN=Nguy\xean");	/* Latin-1 */
	v.chain = calloc(2, sizeof(char *));
	v.chain[0] = strdup("CN=Nguy\xean");
	v.chain[1] = strdup("CN=Root");
	v.n_chain = 2;
	sigv_add_finding(&v, SIGW_MALFORMED, SIGS_FORMAT_FAILURE, "The /SubFilter \xe9 is not supported.");
	sigv_add_warning(&v, "\xc3");
	sigv_finish(&v);
	assert_string_equal(v.signer_subject, "CN=Nguy\\xEAn");
	assert_string_equal(v.chain[0], "CN=Nguy\\xEAn");
	assert_string_equal(v.chain[1], "CN=Root");
	assert_string_equal(v.errors[0], "The /SubFilter \\xE9 is not supported.");
	assert_string_equal(v.warnings[0], "\\xC3");
	sigv_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_pdf_name),
		cmocka_unit_test(test_fix_buf),
		cmocka_unit_test(test_verdict_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
