/*
 * test_citizen_id.c
 *	  cmocka tests of the personal-ID parser and accessors (src/core).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/identifiers/citizen_id.h"

/* Parse a NUL-terminated string; return whether it was accepted. */
static bool
parse(const char *s, int64_t *out, ParseError *err)
{
	return citizen_id_parse(s, strlen(s), out, err);
}

/* Valid IDs round-trip through parse and format. */
static void
test_valid_round_trip(void **state)
{
	static const char *const valid[] = {
		"001087012345",		/* Hà Nội, male, 1987 */
		"079195000001",		/* Hồ Chí Minh City, female, 1995 */
		"096203999999",		/* Cà Mau, male, 2003 */
		"001300000000",		/* female, 2000 */
		"038099123456",		/* male 1999 */
	};

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
	{
		int64_t		v = -1;
		ParseError	err;
		char		buf[CITIZEN_ID_TEXT_LEN];

		assert_true(parse(valid[i], &v, &err));
		citizen_id_format(v, buf);
		assert_string_equal(buf, valid[i]);
	}
}

/* White space around the digits is ignored, as int8 input does. */
static void
test_whitespace_trimmed(void **state)
{
	int64_t		v;
	ParseError	err;

	assert_true(parse("  001087012345\n", &v, &err));
	assert_int_equal(v, INT64_C(1087012345));
}

/* Accessors read the fields the law defines. */
static void
test_accessors(void **state)
{
	int64_t		v;
	ParseError	err;

	assert_true(parse("079195000001", &v, &err));
	assert_int_equal(citizen_id_province(v), 79);
	assert_int_equal(citizen_id_gender(v), CITIZEN_FEMALE);
	assert_int_equal(citizen_id_century(v), 20);
	assert_int_equal(citizen_id_birth_year(v), 1995);

	assert_true(parse("001203000001", &v, &err));
	assert_int_equal(citizen_id_gender(v), CITIZEN_MALE);
	assert_int_equal(citizen_id_century(v), 21);
	assert_int_equal(citizen_id_birth_year(v), 2003);

	assert_true(parse("001300000001", &v, &err));
	assert_int_equal(citizen_id_gender(v), CITIZEN_FEMALE);
	assert_int_equal(citizen_id_birth_year(v), 2000);
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
		{"", "0 digits"},
		{"00108701234", "11 digits"},
		{"0010870123456", "longer than 12 digits"},
		{"0010870123456789x", "longer than 12 digits"},
		{"00108701234a", "Character 12 is not a digit"},
		{"0010 7012345", "Character 5 is not a digit"},
		{"-01087012345", "Character 1 is not a digit"},
		{"000087012345", "province of birth registration is 000"},
		{"097087012345", "province of birth registration is 097"},
		{"999087012345", "province of birth registration is 999"},
		{"001487012345", "2100s"},
		{"001987012345", "2300s"},
		{"00108701234\xc3\xa9", "Character 12 is not a digit"},
		{"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4", "Character 1 is not a digit"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		int64_t		v = 42;
		ParseError	err = {{0}, NULL};

		assert_false(parse(cases[i].input, &v, &err));
		assert_int_equal(v, 42);	/* output untouched on failure */
		assert_non_null(err.hint);
		if (strstr(err.detail, cases[i].detail_contains) == NULL)
			fail_msg("input %zu: detail \"%s\" lacks \"%s\"", i, err.detail,
					 cases[i].detail_contains);
	}
}

/* An embedded NUL is a non-digit, not the end of the input. */
static void
test_embedded_nul(void **state)
{
	int64_t		v;
	ParseError	err;

	assert_false(citizen_id_parse("001087\0" "12345", 12, &v, &err));
	assert_non_null(strstr(err.detail, "Character 7"));
}

/* Binary input is checked with the same rules. */
static void
test_check_binary(void **state)
{
	ParseError	err;

	assert_true(citizen_id_check(INT64_C(1087012345), &err));
	assert_false(citizen_id_check(-1, &err));
	assert_false(citizen_id_check(INT64_C(1000000000000), &err));
	assert_false(citizen_id_check(INT64_C(87012345), &err));	/* province 000 */
	assert_false(citizen_id_check(INT64_C(1487012345), &err));	/* G = 4 */
	assert_false(citizen_id_check(INT64_MAX, &err));
	assert_false(citizen_id_check(INT64_MIN, &err));
}

/* A NULL error pointer is allowed: the parser just answers false. */
static void
test_null_error_pointer(void **state)
{
	int64_t		v;

	assert_false(citizen_id_parse("x", 1, &v, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_round_trip),
		cmocka_unit_test(test_whitespace_trimmed),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_check_binary),
		cmocka_unit_test(test_null_error_pointer),
	};

	return cmocka_run_group_tests_name("citizen_id", tests, NULL, NULL);
}
