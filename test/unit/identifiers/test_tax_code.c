/*
 * test_tax_code.c
 *	  cmocka tests of the enterprise / tax code parser and accessors (src/core).
 *
 * The extra valid codes were computed by hand with the formula of
 * docs/domain.md §4 (independently of src/core), and several are real
 * published codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/identifiers/tax_code.h"

/* Parse a NUL-terminated string; return whether it was accepted. */
static bool
parse(const char *s, int64_t *out, ParseError *err)
{
	return tax_code_parse(s, strlen(s), out, err);
}

/* Valid codes in canonical form round-trip through parse and format. */
static void
test_valid_round_trip(void **state)
{
	static const char *const valid[] = {
		"0100233488",			/* docs/domain.md §4 */
		"0100112437",			/* docs/domain.md §4 */
		"0314409058-002",		/* docs/domain.md §4, a branch */
		"0100109106",			/* a published Hà Nội code */
		"0300588569",			/* a published Hồ Chí Minh City code */
		"0100150619",
		"0301234562",
		"0100000010",			/* check digit 0 (remainder 10) */
		"9999999997",
		"4800123456",
		"5700000011",
		"7901234567",
		"0200001233",
		"1010101016",
		"0606543212",
		"0101234565",
		"1234567893",
		"0000000105",
		"0000000017",			/* smallest serial */
		"0100233488-001",		/* first branch */
		"0100233488-999",		/* last branch */
		"0300588569-010",
	};

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
	{
		int64_t		v = -1;
		ParseError	err = {{0}, NULL};
		char		buf[TAX_CODE_TEXT_LEN];

		if (!parse(valid[i], &v, &err))
			fail_msg("\"%s\" refused: %s", valid[i], err.detail);
		tax_code_format(v, buf);
		assert_string_equal(buf, valid[i]);
	}
}

/* A branch may be written without its dash; it prints with one. */
static void
test_branch_without_dash(void **state)
{
	int64_t		a;
	int64_t		b;
	ParseError	err;
	char		buf[TAX_CODE_TEXT_LEN];

	assert_true(parse("0314409058002", &a, &err));
	assert_true(parse("0314409058-002", &b, &err));
	assert_int_equal(a, b);
	assert_int_equal(a, INT64_C(314409058002));
	tax_code_format(a, buf);
	assert_string_equal(buf, "0314409058-002");
}

/* ASCII white space around the code is ignored. */
static void
test_whitespace_trimmed(void **state)
{
	int64_t		v;
	ParseError	err;

	assert_true(parse("  0100233488\n", &v, &err));
	assert_int_equal(v, INT64_C(100233488000));
	assert_true(parse("\t\r\v\f0314409058-002 ", &v, &err));
	assert_int_equal(v, INT64_C(314409058002));
	/* white space inside is not trimmed */
	assert_false(parse("0314409058 -002", &v, &err));
	assert_false(parse("0314409058- 02", &v, &err));
}

/* Stored integer and accessors: base * 1000 + branch. */
static void
test_accessors(void **state)
{
	int64_t		v;
	ParseError	err;

	assert_true(parse("0100233488", &v, &err));
	assert_int_equal(v, INT64_C(100233488000));
	assert_int_equal(tax_code_base(v), INT64_C(100233488));
	assert_int_equal(tax_code_branch(v), 0);
	assert_false(tax_code_is_branch(v));
	assert_int_equal(tax_code_head_office(v), v);

	assert_true(parse("0314409058-002", &v, &err));
	assert_int_equal(tax_code_base(v), INT64_C(314409058));
	assert_int_equal(tax_code_branch(v), 2);
	assert_true(tax_code_is_branch(v));
	assert_int_equal(tax_code_head_office(v), INT64_C(314409058000));

	assert_true(parse("0100233488-999", &v, &err));
	assert_int_equal(tax_code_branch(v), 999);
}

/* Branches sort right after their head office, before the next code. */
static void
test_order(void **state)
{
	int64_t		head;
	int64_t		first;
	int64_t		last;
	int64_t		next;
	ParseError	err;

	assert_true(parse("0100109106", &head, &err));
	assert_true(parse("0100109106-001", &first, &err));
	assert_true(parse("0100109106-999", &last, &err));
	assert_true(parse("0100112437", &next, &err));
	assert_true(head < first);
	assert_true(first < last);
	assert_true(last < next);
}

/* The check digit function, against values computed by hand. */
static void
test_check_digit(void **state)
{
	assert_int_equal(tax_code_check_digit(INT64_C(10023348)), 8);
	assert_int_equal(tax_code_check_digit(INT64_C(10011243)), 7);
	assert_int_equal(tax_code_check_digit(INT64_C(31440905)), 8);
	assert_int_equal(tax_code_check_digit(INT64_C(10000001)), 0);
	assert_int_equal(tax_code_check_digit(INT64_C(999999999)), 7);
	assert_int_equal(tax_code_check_digit(INT64_C(123456789)), 3);
	/* weighted sums divisible by 11: no check digit */
	assert_int_equal(tax_code_check_digit(INT64_C(90000001)), -1);
	assert_int_equal(tax_code_check_digit(INT64_C(100000008)), -1);
	assert_int_equal(tax_code_check_digit(INT64_C(100000021)), -1);
	assert_int_equal(tax_code_check_digit(0), -1);
}

/*
 * For many 9-digit prefixes, exactly one of the ten completions is accepted,
 * and it is the one a second, string-based computation predicts; when that
 * computation finds a remainder of 0, none is accepted.
 */
static void
test_exactly_one_completion(void **state)
{
	static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
	int			no_digit_prefixes = 0;

	for (int64_t first9 = 1; first9 < INT64_C(1000000000); first9 += 7919 * 13)
	{
		char		s[TAX_CODE_TEXT_LEN];
		int			sum = 0;
		int			want;
		int			accepted = 0;

		snprintf(s, sizeof(s), "%09lld0", (long long) first9);
		if (first9 % 10000000 == 0)
			continue;			/* serial 0000000 has its own test */
		for (int i = 0; i < 9; i++)
			sum += w[i] * (s[i] - '0');
		want = sum % 11 == 0 ? -1 : 10 - sum % 11;
		for (int d = 0; d <= 9; d++)
		{
			int64_t		v;
			ParseError	err;

			s[9] = (char) ('0' + d);
			if (parse(s, &v, &err))
			{
				accepted++;
				assert_int_equal(d, want);
			}
			else if (want < 0)
				assert_non_null(strstr(err.detail, "no check digit exists"));
			else
				assert_non_null(strstr(err.detail, "The check digit is"));
		}
		assert_int_equal(accepted, want < 0 ? 0 : 1);
		no_digit_prefixes += want < 0;
	}
	/* about 1 prefix in 11 has no check digit: the loop must have met some */
	assert_true(no_digit_prefixes > 0);
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
		{"", "0 characters"},
		{"   ", "0 characters"},
		{"010023348", "9 characters"},
		{"01002334888", "11 characters"},
		{"010023348800", "12 characters"},
		{"01002334880011", "Character 11 is not the dash"},
		{"0100233480", "The check digit is 0, expected 8."},
		{"0100233489", "The check digit is 9, expected 8."},
		{"0100112430", "The check digit is 0, expected 7."},
		{"0314409058-003x", "Character 15 is not a digit."},
		{"0314409058-0031", "after the dash has 4 characters"},
		{"0314409058-02", "after the dash has 2 characters"},
		{"0314409058-", "after the dash has 0 characters"},
		{"0314409058--002", "after the dash has 4 characters"},
		{"0314409057-002", "The check digit is 7, expected 8."},
		{"0314409058-000", "branch number is 000"},
		{"0314409058000", "branch number is 000"},
		{"0314409058-0a2", "Character 13 is not a digit."},
		{"031440905a-002", "Character 10 is not a digit."},
		{"0314409058+002", "Character 11 is neither a digit nor the dash"},
		{"0314409058/002", "Character 11 is neither a digit nor the dash"},
		{"0314409058 002", "Character 11 is neither a digit nor the dash"},
		{"0314409058-0-2", "Character 13 is not a digit."},
		{"0314409058--02", "Character 12 is not a digit."},
		{"a100233488", "Character 1 is not a digit."},
		{"-100233488", "Character 1 is not a digit."},
		{"+100233488", "Character 1 is not a digit."},
		{"01-0023348", "Character 3 is not a digit."},
		{"0100000000", "Digits 3 to 9 are all 0"},
		{"0100000007", "Digits 3 to 9 are all 0"},
		{"9900000000-001", "Digits 3 to 9 are all 0"},
		{"0000000000", "Digits 3 to 9 are all 0"},
		{"5700000004", "Digits 3 to 9 are all 0"},
		{"9800000005", "Digits 3 to 9 are all 0"},
		{"9800000020", "No tax code begins with 980000002"},
		{"0900000010", "No tax code begins with 090000001"},
		{"1000000085", "No tax code begins with 100000008"},
		{"1000000085-001", "No tax code begins with 100000008"},
		{"０１００２３３４８８", "Character 1 is not a digit."},	/* full-width digits */
		{"M\xc3\xa3 s\xe1\xbb\x91 0100233488", "Character 1 is not a digit."},	/* "Mã số ..." */
		{"01002334\xc3\xa1", "Character 9 is not a digit."},	/* "á" in bytes 9-10 */
		{"0100233488\x7f", "Character 11 is neither a digit nor the dash"},
		{"0100233488 \x01", "Character 11 is neither a digit nor the dash"},
		{"\x01" "0100233488", "Character 1 is not a digit."},
		{"0100233488\xe2\x80\x93" "002", "Character 11 is neither a digit nor the dash"},	/* en dash */
		{"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6", "Character 1 is not a digit."},
		{"\xc3\xa1" "00233488", "Character 1 is not a digit."},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		int64_t		v = 42;
		ParseError	err = {{0}, NULL};

		if (parse(cases[i].input, &v, &err))
			fail_msg("input %zu (\"%s\") accepted", i, cases[i].input);
		assert_int_equal(v, 42);	/* output untouched on failure */
		assert_non_null(err.hint);
		assert_non_null(strstr(err.hint, "0314409058-002"));
		if (strstr(err.detail, cases[i].detail_contains) == NULL)
			fail_msg("input %zu: detail \"%s\" lacks \"%s\"", i, err.detail,
					 cases[i].detail_contains);
	}
}

/* The detail of the reference's invalid example is exactly this sentence. */
static void
test_reference_invalid_detail(void **state)
{
	int64_t		v;
	ParseError	err;

	assert_false(parse("0100233480", &v, &err));
	assert_string_equal(err.detail, "The check digit is 0, expected 8.");
	assert_string_equal(err.hint,
						"A tax code has 10 digits, or 13 for a branch (0314409058-002).");
}

/* An embedded NUL is a non-digit, not the end of the input. */
static void
test_embedded_nul(void **state)
{
	int64_t		v;
	ParseError	err;

	assert_false(tax_code_parse("01002\0" "3488", 10, &v, &err));
	assert_non_null(strstr(err.detail, "Character 6 is not a digit"));
	assert_false(tax_code_parse("0314409058\0" "002", 14, &v, &err));
	assert_non_null(strstr(err.detail, "Character 11 is neither a digit nor the dash"));
	assert_false(tax_code_parse("0314409058-\0" "02", 14, &v, &err));
	assert_non_null(strstr(err.detail, "Character 12 is not a digit"));
	assert_false(tax_code_parse("0100233488\0", 11, &v, &err));
	assert_non_null(strstr(err.detail, "Character 11 is neither"));
	/* a NUL is not white space: not trimmed */
	assert_false(tax_code_parse("\0" "0100233488", 11, &v, &err));
}

/* A long input is refused by its length without reading it all. */
static void
test_long_input(void **state)
{
	size_t		n = 1000000;
	char	   *s = malloc(n);
	int64_t		v;
	ParseError	err;

	assert_non_null(s);
	memset(s, '9', n);
	assert_false(tax_code_parse(s, n, &v, &err));
	assert_non_null(strstr(err.detail, "1000000 characters"));
	s[10] = '-';
	assert_false(tax_code_parse(s, n, &v, &err));
	assert_non_null(strstr(err.detail, "after the dash has 999989 characters"));
	/* white space only, a megabyte of it */
	memset(s, ' ', n);
	assert_false(tax_code_parse(s, n, &v, &err));
	assert_non_null(strstr(err.detail, "0 characters"));
	free(s);
}

/* Binary input is checked with the same rules; branch 0 is a head office. */
static void
test_check_binary(void **state)
{
	ParseError	err;

	assert_true(tax_code_check(INT64_C(100233488000), &err));
	assert_true(tax_code_check(INT64_C(314409058002), &err));
	assert_true(tax_code_check(INT64_C(100233488999), &err));
	assert_true(tax_code_check(INT64_C(9999999997999), &err));
	assert_false(tax_code_check(-1, &err));
	assert_non_null(strstr(err.detail, "-1 is outside"));
	assert_false(tax_code_check(INT64_C(10000000000000), &err));
	assert_false(tax_code_check(INT64_MAX, &err));
	assert_false(tax_code_check(INT64_MIN, &err));
	assert_false(tax_code_check(INT64_C(100233480000), &err));
	assert_string_equal(err.detail, "The check digit is 0, expected 8.");
	assert_false(tax_code_check(INT64_C(100000007000), &err));	/* serial 0 */
	assert_non_null(strstr(err.detail, "Digits 3 to 9 are all 0"));
	assert_false(tax_code_check(INT64_C(900000010000), &err));
	assert_non_null(strstr(err.detail, "No tax code begins with 090000001"));
	assert_false(tax_code_check(0, &err));
}

/* A NULL error pointer is allowed: the parser just answers false. */
static void
test_null_error_pointer(void **state)
{
	int64_t		v;

	assert_false(tax_code_parse("x", 1, &v, NULL));
	assert_false(tax_code_parse("0100233480", 10, &v, NULL));
	assert_false(tax_code_check(-1, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_round_trip),
		cmocka_unit_test(test_branch_without_dash),
		cmocka_unit_test(test_whitespace_trimmed),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_check_digit),
		cmocka_unit_test(test_exactly_one_completion),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_reference_invalid_detail),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_check_binary),
		cmocka_unit_test(test_null_error_pointer),
	};

	return cmocka_run_group_tests_name("tax_code", tests, NULL, NULL);
}
