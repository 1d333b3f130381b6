/*
 * test_procedure_code.c
 *	  cmocka tests of the administrative procedure code parser (src/core).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/identifiers/procedure_code.h"

/* Parse a NUL-terminated string into buf; return whether it was accepted. */
static bool
parse(const char *s, char *buf, size_t *len, ParseError *err)
{
	return procedure_code_parse(s, strlen(s), buf, len, err);
}

/* Canonical codes are accepted unchanged. */
static void
test_valid_round_trip(void **state)
{
	static const char *const valid[] = {
		"1.000656",				/* docs/domain.md §4, national */
		"1.000656.000.00.00.H56",	/* docs/domain.md §4, local */
		"2.001234",
		"3.000123.000.00.17.H56",
		"9.999999",
		"1.000000",
		"1.000656.H56",
		"1.000656.H56.17.22",
		"1.000656.G06.01",
		"1.000656.A",
		"1.000656.0",
		"1.000656.0.0.0.0.0.0",
		"1.000656.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
		/* exactly 64 characters */
		"1.000656.000.00.00.H56.0123456789.0123456789.0123456789.ABCDEFGH",
	};

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
	{
		char		buf[PROCEDURE_CODE_BUF_LEN];
		char		again[PROCEDURE_CODE_BUF_LEN];
		size_t		len = 0;
		size_t		again_len = 0;
		ParseError	err = {{0}, NULL};

		if (!parse(valid[i], buf, &len, &err))
			fail_msg("\"%s\" refused: %s", valid[i], err.detail);
		assert_int_equal(len, strlen(valid[i]));
		assert_string_equal(buf, valid[i]);
		/* the canonical text parses back to itself */
		assert_true(procedure_code_parse(buf, len, again, &again_len, &err));
		assert_int_equal(again_len, len);
		assert_string_equal(again, valid[i]);
	}
	assert_int_equal(strlen(valid[sizeof(valid) / sizeof(valid[0]) - 1]),
					 PROCEDURE_CODE_MAX_LEN);
}

/* Lower-case suffix letters are upper-cased; white space around is trimmed. */
static void
test_canonical_form(void **state)
{
	static const struct
	{
		const char *input;
		const char *canonical;
	}			cases[] = {
		{"1.000656.000.00.00.h56", "1.000656.000.00.00.H56"},
		{"1.000656.abc.Def.xyz", "1.000656.ABC.DEF.XYZ"},
		{"  1.000656\n", "1.000656"},
		{"\t\r\v\f1.000656.h56 ", "1.000656.H56"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		buf[PROCEDURE_CODE_BUF_LEN];
		size_t		len;
		ParseError	err;

		assert_true(parse(cases[i].input, buf, &len, &err));
		assert_string_equal(buf, cases[i].canonical);
		assert_int_equal(len, strlen(cases[i].canonical));
	}
}

/* National / local accessors. */
static void
test_accessors(void **state)
{
	const char *suffix;
	size_t		n = 99;

	assert_false(procedure_code_is_local(8));
	assert_null(procedure_code_local_suffix("1.000656", 8, &n));
	assert_int_equal(n, 0);

	assert_true(procedure_code_is_local(22));
	suffix = procedure_code_local_suffix("1.000656.000.00.00.H56", 22, &n);
	assert_non_null(suffix);
	assert_int_equal(n, 13);
	assert_memory_equal(suffix, "000.00.00.H56", 13);

	suffix = procedure_code_local_suffix("1.000656.A", 10, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(suffix, "A", 1);
}

/* Byte order, then length: a national code sorts just before its variants. */
static void
test_order(void **state)
{
	static const char *const sorted[] = {
		"1.000656",
		"1.000656.0",
		"1.000656.000.00.00.H56",
		"1.000656.000.00.00.H56.1",
		"1.000656.000.00.00.H57",
		"1.000656.A",
		"1.000656.H56",
		"1.000657",
		"2.000001",
	};
	size_t		n = sizeof(sorted) / sizeof(sorted[0]);

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
		{
			int			want = (i > j) - (i < j);
			int			got = procedure_code_cmp(sorted[i], strlen(sorted[i]),
												 sorted[j], strlen(sorted[j]));

			if (got != want)
				fail_msg("cmp(%s, %s) = %d, expected %d", sorted[i], sorted[j],
						 got, want);
		}
}

/* Each invalid input is refused with a detail that names the problem. */
static void
test_invalid(void **state)
{
	static const struct
	{
		const char *input;
		const char *detail_contains;
	}			cases[] = {
		{"", "The value is empty."},
		{" \t\n", "The value is empty."},
		{"0.000656", "Character 1 is not a digit from 1 to 9."},
		{"A.000656", "Character 1 is not a digit from 1 to 9."},
		{"+1.000656", "Character 1 is not a digit from 1 to 9."},
		{".000656", "Character 1 is not a digit from 1 to 9."},
		{"1,000656", "Character 2 is not the dot after the first digit."},
		{"1000656", "Character 2 is not the dot after the first digit."},
		{"10.00656", "Character 2 is not the dot"},
		{"1.00065A", "Character 8 is not a digit; the national code has 6 digits"},
		{"1.0a0656", "Character 4 is not a digit"},
		{"1..000656", "Character 3 is not a digit"},
		{"1.", "The value has 2 characters; a national procedure code has 8."},
		{"1", "The value has 1 characters"},
		{"1.00065", "The value has 7 characters"},
		{"1.0006567", "Character 9 is not the dot before a local suffix"},
		{"1.000656-H56", "Character 9 is not the dot before a local suffix"},
		{"1.000656 .H56", "Character 9 is not the dot"},
		{"1.000656.", "The value ends with a dot"},
		{"1.000656.H56.", "The value ends with a dot"},
		{"1.000656..H56", "Character 10 is a second dot in a row"},
		{"1.000656.000..00.H56", "Character 14 is a second dot in a row"},
		{"1.000656.H56..", "Character 14 is a second dot in a row"},
		{"1.000656.H-56", "Character 11 is not a letter, digit or dot."},
		{"1.000656.H 56", "Character 11 is not a letter, digit or dot."},
		{"1.000656.H56_1", "Character 13 is not a letter, digit or dot."},
		{"1.000656.\xc4\x90" "T", "Character 10 is not a letter, digit or dot."},	/* Đ */
		{"1.000656.H\xc3\x9f", "Character 11 is not a letter, digit or dot."},	/* ß */
		{"\xef\xbc\x91.000656", "Character 1 is not a digit from 1 to 9."},	/* full-width 1 */
		{"1.000656.H56\x7f", "Character 13 is not a letter, digit or dot."},
		{"1.000656.H56\x01", "Character 13 is not a letter, digit or dot."},
		{"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", "Character 1 is not a digit from 1 to 9."},
		/* 65 characters */
		{"1.000656.000.00.00.H56.0123456789.0123456789.0123456789.ABCDEFGHI",
		"The value has 65 characters, at most 64 are allowed."},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		buf[PROCEDURE_CODE_BUF_LEN];
		size_t		len = 42;
		ParseError	err = {{0}, NULL};

		memset(buf, 'X', sizeof(buf));
		if (parse(cases[i].input, buf, &len, &err))
			fail_msg("input %zu (\"%s\") accepted", i, cases[i].input);
		assert_int_equal(len, 42);	/* outputs untouched on failure */
		assert_int_equal(buf[0], 'X');
		assert_int_equal(buf[PROCEDURE_CODE_MAX_LEN], 'X');
		assert_non_null(err.hint);
		assert_non_null(strstr(err.hint, "1.000656.000.00.00.H56"));
		if (strstr(err.detail, cases[i].detail_contains) == NULL)
			fail_msg("input %zu: detail \"%s\" lacks \"%s\"", i, err.detail,
					 cases[i].detail_contains);
	}
}

/* An embedded NUL is a character like any other, not the end of the input. */
static void
test_embedded_nul(void **state)
{
	char		buf[PROCEDURE_CODE_BUF_LEN];
	size_t		len;
	ParseError	err;

	assert_false(procedure_code_parse("1.000656\0.H56", 13, buf, &len, &err));
	assert_non_null(strstr(err.detail, "Character 9 is not the dot"));
	assert_false(procedure_code_parse("1.000656.H5\0", 12, buf, &len, &err));
	assert_non_null(strstr(err.detail, "Character 12 is not a letter"));
	assert_false(procedure_code_parse("1.00\0" "656", 8, buf, &len, &err));
	assert_non_null(strstr(err.detail, "Character 5 is not a digit"));
	assert_false(procedure_code_parse("\0" "1.000656", 9, buf, &len, &err));
	assert_non_null(strstr(err.detail, "Character 1 is not a digit from 1 to 9"));
}

/* A long input is refused without overrunning the output buffer. */
static void
test_long_input(void **state)
{
	size_t		n = 1000000;
	char	   *s = malloc(n);
	char		buf[PROCEDURE_CODE_BUF_LEN + 8];
	size_t		len = 42;
	ParseError	err;

	assert_non_null(s);
	memset(buf, 'X', sizeof(buf));
	memcpy(s, "1.000656.", 9);
	memset(s + 9, 'A', n - 9);
	assert_false(procedure_code_parse(s, n, buf, &len, &err));
	assert_string_equal(err.detail,
						"The value has 1000000 characters, at most 64 are allowed.");
	/* a dot every other character: still well-formed, still too long */
	for (size_t i = 10; i < n; i += 2)
		s[i] = '.';
	s[n - 1] = 'Z';
	assert_false(procedure_code_parse(s, n, buf, &len, &err));
	assert_non_null(strstr(err.detail, "1000000 characters"));
	/* a junk byte far away is found */
	s[n - 2] = '\x80';
	assert_false(procedure_code_parse(s, n, buf, &len, &err));
	assert_non_null(strstr(err.detail, "Character 999999 is not a letter"));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 'X');
	assert_int_equal(len, 42);
	free(s);
}

/* A NULL error pointer is allowed: the parser just answers false. */
static void
test_null_error_pointer(void **state)
{
	char		buf[PROCEDURE_CODE_BUF_LEN];
	size_t		len;

	assert_false(procedure_code_parse("x", 1, buf, &len, NULL));
	assert_false(procedure_code_parse("1.000656.", 9, buf, &len, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_round_trip),
		cmocka_unit_test(test_canonical_form),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_null_error_pointer),
	};

	return cmocka_run_group_tests_name("procedure_code", tests, NULL, NULL);
}
