/*
 * test_public_token.c
 *	  cmocka tests of the public lookup token (src/core/receipt/public_token.c)
 *	  and of the base URL check (src/core/receipt/public_url.c).
 *
 * The base32 and SHA-256 vectors were computed outside the code, with
 * Python's base64.b32encode and hashlib.sha256.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/receipt/public_token.h"
#include "core/receipt/public_url.h"

/* Hex text of a digest, for readable comparisons. */
static void
hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* Parse a NUL-terminated string. */
static bool
parse(const char *s, char *out, ParseError *err)
{
	return public_token_parse(s, strlen(s), out, err);
}

/* base32 of 20 bytes, against Python's base64.b32encode. */
static void
test_encode_vectors(void **state)
{
	uint8_t		raw[PUBLIC_TOKEN_BYTES];
	char		out[PUBLIC_TOKEN_CHARS + 1];

	for (int i = 0; i < PUBLIC_TOKEN_BYTES; i++)
		raw[i] = (uint8_t) i;
	public_token_encode(raw, out);
	assert_string_equal(out, "AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT");

	memset(raw, 0xff, sizeof(raw));
	public_token_encode(raw, out);
	assert_string_equal(out, "77777777777777777777777777777777");

	memset(raw, 0, sizeof(raw));
	public_token_encode(raw, out);
	assert_string_equal(out, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

	{
		static const uint8_t v[PUBLIC_TOKEN_BYTES] = {
			0x8a, 0x8b, 0xe9, 0xb2, 0x58, 0x7e, 0x80, 0x8a, 0x16, 0x39,
			0x79, 0xc6, 0xe1, 0xec, 0x66, 0x2c, 0x19, 0x56, 0x00, 0x00};

		public_token_encode(v, out);
		assert_string_equal(out, "RKF6TMSYP2AIUFRZPHDOD3DGFQMVMAAA");
	}
}

/* Every canonical token parses to itself; every encoding is canonical. */
static void
test_round_trip(void **state)
{
	uint8_t		raw[PUBLIC_TOKEN_BYTES];
	char		tok[PUBLIC_TOKEN_CHARS + 1];
	char		again[PUBLIC_TOKEN_CHARS + 1];
	ParseError	err;

	srand(13);
	for (int n = 0; n < 1000; n++)
	{
		for (int i = 0; i < PUBLIC_TOKEN_BYTES; i++)
			raw[i] = (uint8_t) rand();
		public_token_encode(raw, tok);
		assert_int_equal(strlen(tok), PUBLIC_TOKEN_CHARS);
		assert_true(parse(tok, again, &err));
		assert_string_equal(again, tok);
	}
}

/* What a person types: groups, lower case, look-alike digits. */
static void
test_typed_forms(void **state)
{
	static const char *const forms[] = {
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
		"ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567",
		"abcd efgh ijkl mnop qrst uvwx yz23 4567",
		"  abcd-efgh-ijkl-mnop-qrst-uvwx-yz23-4567  ",
		"a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-2-3-4-5-6-7",
		"A8CDEFGH1JKLMN0PQRSTUVWXYZ234567",	/* 8 = B, 1 = I, 0 = O */
	};
	char		out[PUBLIC_TOKEN_CHARS + 1];
	ParseError	err;

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
	{
		if (!parse(forms[i], out, &err))
			fail_msg("\"%s\" refused: %s", forms[i], err.detail);
		assert_string_equal(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
	}
}

/* Refusals, each with a detail sentence and the hint; out stays untouched. */
static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"ABCD",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ23456",		/* 31 */
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ2345677",	/* 33 */
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ23456_",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ23456=",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ234569",		/* 9 is no letter */
		("ABCDEFGHIJKLMNOPQRSTUVWXYZ\xc3\x81" "34567"),	/* a non-ASCII letter */
		"000.17.22.H56-210531-0001",			/* a dossier code */
		"https://dvc.example/status/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
	};
	char		out[PUBLIC_TOKEN_CHARS + 1];
	ParseError	err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		size_t		n;

		memset(out, '#', sizeof(out));
		memset(&err, 0, sizeof(err));
		if (parse(bad[i], out, &err))
			fail_msg("\"%s\" accepted", bad[i]);
		n = strlen(err.detail);
		assert_true(n > 0 && err.detail[n - 1] == '.');
		assert_non_null(err.hint);
		assert_int_equal(out[0], '#');
	}

	/* longer than PUBLIC_TOKEN_INPUT_MAX: refused before reading it */
	{
		char		big[PUBLIC_TOKEN_INPUT_MAX + 2];

		memset(big, '-', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_false(parse(big, out, &err));
		assert_string_equal(err.detail, "The value is longer than 128 bytes.");
	}
}

/* The digest of a token is that of its canonical text, whatever the form. */
static void
test_digest(void **state)
{
	uint8_t		d[PUBLIC_TOKEN_DIGEST_LEN];
	char		h[2 * PUBLIC_TOKEN_DIGEST_LEN + 1];
	bool		is_token;
	static const char *const same[] = {
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
		"abcd-efgh-ijkl-mnop-qrst-uvwx-yz23-4567",
		"ABCD EFGH IJKL MN0P QRST UVWX YZ23 4567",
	};

	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
	{
		assert_true(public_token_digest(same[i], strlen(same[i]), d, &is_token));
		assert_true(is_token);
		hex(d, sizeof(d), h);
		assert_string_equal(h, "2fd67e69907bff621c0c4078b1aef595c8562a11f840dd0ec5c5d7c0a4e59331");
	}

	/* not a token: the input as given, so still a digest and no error */
	assert_true(public_token_digest("not a token", 11, d, &is_token));
	assert_false(is_token);
	hex(d, sizeof(d), h);
	assert_string_equal(h, "7038d017c27b8ab3cf8fc921d56089e6b80e4c7b8186ceffcd9524a7b922be81");

	/* only the first 128 bytes of a long input are hashed */
	{
		char		big[1000];

		memset(big, 'x', sizeof(big));
		assert_true(public_token_digest(big, sizeof(big), d, &is_token));
		assert_false(is_token);
		hex(d, sizeof(d), h);
		assert_string_equal(h, "24da1b81d0b16df6428eee73c69fcb2a93c76bc6df706f0c6670fe6bfe800464");
	}

	/* empty input */
	assert_true(public_token_digest(NULL, 0, d, &is_token));
	assert_false(is_token);
}

/* Base URLs a DBA may set, and ones a QR code must not carry. */
static void
test_base_url(void **state)
{
	static const char *const good[] = {
		"https://dichvucong.example.gov.vn",
		"https://dichvucong.example.gov.vn/",
		"https://dichvucong.example.gov.vn/tra-cuu",
		"HTTPS://DVC.EXAMPLE.GOV.VN/TRA-CUU",
		"http://localhost:8080/dvc",
		"https://[2001:db8::1]/x",
		"https://xn--dchvcng-1ya.example.vn/tra%20cuu/",
		"https://example.vn/a;b=c/(d)",
	};
	static const char *const bad[] = {
		"",
		"dichvucong.example.gov.vn",
		"ftp://example.vn",
		"https://",
		"https:///path",
		"https://user:pw@example.vn",
		"https://example.vn/tra cuu",
		"https://example.vn/?q=1",
		"https://example.vn/#top",
		"https://example.vn/a\"b",
		"https://example.vn/a'b",
		"https://example.vn/<script>",
		"https://example.vn/%2",
		"https://example.vn/%zz",
		"https://exa mple.vn",
		"https://dịchvụcông.vn",
		"javascript:alert(1)",
	};
	ParseError	err;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!public_base_url_check(good[i], strlen(good[i]), &err))
			fail_msg("\"%s\" refused: %s", good[i], err.detail);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		size_t		n;

		memset(&err, 0, sizeof(err));
		if (public_base_url_check(bad[i], strlen(bad[i]), &err))
			fail_msg("\"%s\" accepted", bad[i]);
		n = strlen(err.detail);
		assert_true(n > 0 && err.detail[n - 1] == '.');
		assert_non_null(err.hint);
	}

	/* a NUL inside is not part of a URL */
	assert_false(public_base_url_check("https://example.vn/a\0b", 22, &err));
	{
		char		big[PUBLIC_URL_BASE_MAX + 2];

		memcpy(big, "https://e.vn/", 13);
		memset(big + 13, 'a', sizeof(big) - 13);
		assert_true(public_base_url_check(big, PUBLIC_URL_BASE_MAX, &err));
		assert_false(public_base_url_check(big, PUBLIC_URL_BASE_MAX + 1, &err));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_vectors),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_typed_forms),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_base_url),
	};

	return cmocka_run_group_tests_name("public_token", tests, NULL, NULL);
}
