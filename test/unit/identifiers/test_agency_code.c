/*
 * test_agency_code.c
 *	  cmocka tests of the agency-code parser, walker and legacy form (src/core).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/identifiers/agency_code.h"

/* Parse a NUL-terminated string; return whether it was accepted. */
static bool
parse(const char *s, char *out, size_t *n, AgencyCodeForm *form, ParseError *err)
{
	return agency_code_parse(s, strlen(s), out, n, form, err);
}

/* Valid inputs in both forms normalise to the expected modern code. */
static void
test_valid(void **state)
{
	static const struct
	{
		const char *input;
		const char *canonical;
		AgencyCodeForm form;
		int			levels;
	}			cases[] = {
		{"G06", "G06", AGENCY_CODE_MODERN, 1},
		{"G06.01", "G06.01", AGENCY_CODE_MODERN, 2},
		{"H56.17.22", "H56.17.22", AGENCY_CODE_MODERN, 3},
		{"H56.22.17", "H56.22.17", AGENCY_CODE_MODERN, 3},
		{"A00", "A00", AGENCY_CODE_MODERN, 1},
		{"Y99.ZZ.Z9Z", "Y99.ZZ.Z9Z", AGENCY_CODE_MODERN, 3},
		{"H56.001", "H56.001", AGENCY_CODE_MODERN, 2},
		{"H56.10.020.03", "H56.10.020.03", AGENCY_CODE_MODERN, 4},
		{"h56.17.2a", "H56.17.2A", AGENCY_CODE_MODERN, 3},
		{" \tH56.17\r\n", "H56.17", AGENCY_CODE_MODERN, 2},
		/* first group is level 1, so modern even with 4 groups ending in G06 */
		{"H56.17.22.G06", "H56.17.22.G06", AGENCY_CODE_MODERN, 4},
		/* 35 characters, 11 levels */
		{"H56.123.456.78.90.12.34.56.78.90.12", "H56.123.456.78.90.12.34.56.78.90.12",
		AGENCY_CODE_MODERN, 11},
		/* the reference's legacy examples */
		{"000.00.17.H56", "H56.17", AGENCY_CODE_LEGACY, 2},
		{"000.17.22.H56", "H56.22.17", AGENCY_CODE_LEGACY, 3},
		{"000.00.00.H56", "H56", AGENCY_CODE_LEGACY, 1},
		{"001.17.22.H56", "H56.22.17.001", AGENCY_CODE_LEGACY, 4},
		{"A1B.C2.3D.G06", "G06.3D.C2.A1B", AGENCY_CODE_LEGACY, 4},
		{" 000.00.17.h56 ", "H56.17", AGENCY_CODE_LEGACY, 2},
		/* legacy groups are all-zero only as a whole: 010 is a level */
		{"010.01.01.G06", "G06.01.01.010", AGENCY_CODE_LEGACY, 4},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		out[AGENCY_CODE_TEXT_LEN];
		size_t		n = 0;
		AgencyCodeForm form = AGENCY_CODE_LEGACY + 1;
		ParseError	err = {{0}, NULL};

		if (!parse(cases[i].input, out, &n, &form, &err))
			fail_msg("case %zu (\"%s\") refused: %s", i, cases[i].input, err.detail);
		assert_string_equal(out, cases[i].canonical);
		assert_int_equal(n, strlen(cases[i].canonical));
		assert_int_equal(form, cases[i].form);
		assert_int_equal(agency_code_levels(out, n), cases[i].levels);
		/* the canonical form passes the binary check and re-parses to itself */
		assert_true(agency_code_check(out, n, &err));
	}
	assert_int_equal(strlen(cases[11].input), AGENCY_CODE_MAX_LEN);
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
		{"   ", "The value is empty."},
		{"H56.123.456.78.90.12.34.56.78.90.123", "36 characters, at most 35"},
		{"H56..17", "Group 2 is empty"},
		{".H56", "Group 1 is empty"},
		{"H56.", "Group 2 is empty"},
		{"H56.1", "Group 2 (\"1\") has 1 character, expected 2 or 3."},
		{"H56.1234", "Group 2 (\"1234\") has 4 characters"},
		{"H56.17.1", "Group 3 (\"1\")"},
		{"H56.00", "Group 2 (\"00\") is all zeros"},
		{"H56.17.000", "Group 3 (\"000\") is all zeros"},
		{"Z01.17", "The first group (\"Z01\") is not a level-1 code"},
		{"H5.17", "The first group (\"H5\")"},
		{"H567", "The first group (\"H567\")"},
		{"156.17", "The first group (\"156\")"},
		{"HA6", "The first group (\"HA6\")"},
		{"17.22.H56", "a legacy code has 4 groups, not 3"},
		{"000.00.17.H56.01", "a legacy code has 4 groups, not 5"},
		{"H56-17", "Character 4 ('-') is not a letter, a digit or a dot."},
		{"H56 17", "Character 4 is the byte 0x20"},
		{"H56.1\xC3\xA1", "Character 6 is the byte 0xC3"},
		{"H56.\xE2\x80\x8B" "17", "Character 5 is the byte 0xE2"},
		{"H56_17", "Character 4 ('_')"},
		/* legacy form */
		{"000.17.00.H56", "Level 3 (\"17\") is set but level 2 is 00"},
		{"001.00.17.H56", "Level 4 (\"001\") is set but level 3 is 00"},
		{"001.00.00.H56", "Level 4 (\"001\") is set but level 3 is 00"},
		{"00.00.17.H56", "group 1 (\"00\") must have 3 characters, not 2"},
		{"000.0.17.H56", "group 2 (\"0\") must have 2 characters, not 1"},
		{"000.00.170.H56", "group 3 (\"170\") must have 2 characters, not 3"},
		{"000.00.17.Z56", "Neither the first group (\"000\") nor the last (\"Z56\")"},
		{"000.00.17.H5", "Neither the first group"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		out[AGENCY_CODE_TEXT_LEN] = "untouched";
		size_t		n = 42;
		ParseError	err = {{0}, NULL};

		if (parse(cases[i].input, out, &n, NULL, &err))
			fail_msg("case %zu (\"%s\") accepted as %s", i, cases[i].input, out);
		assert_string_equal(out, "untouched");	/* outputs untouched on failure */
		assert_int_equal(n, 42);
		assert_ptr_equal(err.hint, agency_code_hint);
		if (strstr(err.detail, cases[i].detail_contains) == NULL)
			fail_msg("case %zu (\"%s\"): detail \"%s\" lacks \"%s\"", i,
					 cases[i].input, err.detail, cases[i].detail_contains);
		/* a detail is a full sentence */
		assert_int_equal(err.detail[strlen(err.detail) - 1], '.');
	}
}

/* The hint shows both forms. */
static void
test_hint_shows_both_forms(void **state)
{
	assert_non_null(strstr(agency_code_hint, "H56.22.17"));
	assert_non_null(strstr(agency_code_hint, "000.17.22.H56"));
}

/* An embedded NUL is a refused character, not the end of the input. */
static void
test_embedded_nul(void **state)
{
	char		out[AGENCY_CODE_TEXT_LEN];
	size_t		n;
	ParseError	err;

	assert_false(agency_code_parse("H56.1\0" "7", 7, out, &n, NULL, &err));
	assert_non_null(strstr(err.detail, "Character 6 is the byte 0x00"));
	assert_false(agency_code_parse("H56\0", 4, out, &n, NULL, &err));
	assert_non_null(strstr(err.detail, "Character 4 is the byte 0x00"));
}

/* A megabyte of input is refused by its length, quickly. */
static void
test_long_input(void **state)
{
	static char big[1 << 20];
	char		out[AGENCY_CODE_TEXT_LEN];
	size_t		n;
	ParseError	err;

	memset(big, 'A', sizeof(big));
	assert_false(agency_code_parse(big, sizeof(big), out, &n, NULL, &err));
	assert_non_null(strstr(err.detail, "1048576 characters"));
	/* long white space around a valid code is trimmed */
	memset(big, ' ', sizeof(big));
	memcpy(big + 1000, "H56.17", 6);
	assert_true(agency_code_parse(big, sizeof(big), out, &n, NULL, &err));
	assert_string_equal(out, "H56.17");
}

/* The binary check accepts only the canonical modern text. */
static void
test_check_binary(void **state)
{
	ParseError	err;

	assert_true(agency_code_check("H56.17", 6, &err));
	assert_false(agency_code_check("h56.17", 6, &err));
	assert_non_null(strstr(err.detail, "not in canonical form, which is \"H56.17\""));
	assert_non_null(strstr(err.hint, "Binary input"));
	assert_false(agency_code_check("000.00.17.H56", 13, &err));
	assert_non_null(strstr(err.detail, "which is \"H56.17\""));
	assert_false(agency_code_check(" H56", 4, &err));
	assert_false(agency_code_check("H56.1", 5, &err));
	assert_non_null(strstr(err.hint, "Binary input"));
	assert_false(agency_code_check("", 0, &err));
	assert_false(agency_code_check("H56.17/", 7, &err));	/* the range sentinel */
}

/* Levels and ancestors of H56.22.17. */
static void
test_levels_and_ancestors(void **state)
{
	const char *c = "H56.22.17";
	size_t		n = strlen(c);

	assert_int_equal(agency_code_levels(c, n), 3);
	assert_int_equal(agency_code_levels("H56", 3), 1);
	assert_int_equal(agency_code_ancestor_len(c, n, 1), 3);
	assert_int_equal(agency_code_ancestor_len(c, n, 2), 6);
	assert_int_equal(agency_code_ancestor_len(c, n, 3), 9);
	assert_int_equal(agency_code_ancestor_len(c, n, 4), 0);
	assert_int_equal(agency_code_ancestor_len(c, n, 0), 0);
	assert_int_equal(agency_code_ancestor_len(c, n, -1), 0);
	assert_int_equal(agency_code_ancestor_len("H56", 3, 1), 3);
	assert_int_equal(agency_code_ancestor_len("H56", 3, 2), 0);
}

/* a <@ b: a is b or below b, cut at group boundaries. */
static void
test_is_under(void **state)
{
	static const struct
	{
		const char *a;
		const char *b;
		bool		under;
	}			cases[] = {
		{"H56.22.17", "H56", true},
		{"H56.22.17", "H56.22", true},
		{"H56.22.17", "H56.22.17", true},
		{"H56", "H56", true},
		{"H56", "H56.22", false},
		{"H56.220", "H56.22", false},	/* a prefix, but not at a dot */
		{"H56.22", "H56.220", false},
		{"H57.22", "H56", false},
		{"G06.01", "H56", false},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (agency_code_is_under(cases[i].a, strlen(cases[i].a), cases[i].b,
								 strlen(cases[i].b)) != cases[i].under)
			fail_msg("case %zu: %s <@ %s should be %d", i, cases[i].a,
					 cases[i].b, cases[i].under);
}

/* Byte order, and the subtree of H56.17 as the key range [H56.17, max(H56.17)]. */
static void
test_order_and_subtree_range(void **state)
{
	/* in ascending order; index 7 is max(H56.17) */
	static const char *const sorted[] = {
		"G06", "G06.01", "H56", "H56.17", "H56.17.00A", "H56.17.22",
		"H56.17.ZZZ", "H56.17.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ", "H56.170",
		"H56.17A", "H56.18", "H57", "Y99",
	};
	size_t		count = sizeof(sorted) / sizeof(sorted[0]);
	char		max[AGENCY_CODE_TEXT_LEN];
	size_t		n = agency_code_subtree_max("H56.17", 6, max);
	ParseError	err;

	assert_string_equal(max, sorted[7]);
	assert_int_equal(n, strlen(sorted[7]));
	assert_true(agency_code_check(max, n, &err));
	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; j < count; j++)
		{
			int			c = agency_code_cmp(sorted[i], strlen(sorted[i]),
											sorted[j], strlen(sorted[j]));
			int			want = (i > j) - (i < j);

			if (c != want)
				fail_msg("cmp(%s, %s) = %d, expected %d", sorted[i], sorted[j], c, want);
		}
	/* every code in [H56.17, max] is under H56.17, and no other is */
	for (size_t i = 0; i < count; i++)
		assert_int_equal(agency_code_is_under(sorted[i], strlen(sorted[i]),
											  "H56.17", 6), i >= 3 && i <= 7);
}

/* The subtree maximum fills the length limit with the greatest groups. */
static void
test_subtree_max(void **state)
{
	static const struct
	{
		const char *code;
		const char *max;
	}			cases[] = {
		/* 3 + 8 groups of 4 = 35 */
		{"H56", "H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ"},
		/* 1 byte left: nothing fits */
		{"H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.Z1", "H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.Z1"},
		{"H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ", "H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ"},
		{"H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZ", "H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.ZZ.ZZZ"},
		/* 3 bytes left: a last group of 2 */
		{"H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.11.22.33", "H56.ZZZ.ZZZ.ZZZ.ZZZ.ZZZ.11.22.33.ZZ"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		max[AGENCY_CODE_TEXT_LEN];
		size_t		n = agency_code_subtree_max(cases[i].code, strlen(cases[i].code), max);
		ParseError	err;

		assert_string_equal(max, cases[i].max);
		assert_int_equal(n, strlen(max));
		assert_true(n <= AGENCY_CODE_MAX_LEN);
		assert_true(agency_code_check(max, n, &err));
		assert_true(agency_code_is_under(max, n, cases[i].code, strlen(cases[i].code)));
	}
}

/* The legacy form of modern codes, padding and refusals. */
static void
test_legacy_form(void **state)
{
	static const struct
	{
		const char *code;
		const char *legacy;
		bool		exact;
	}			ok[] = {
		{"H56", "000.00.00.H56", true},
		{"H56.17", "000.00.17.H56", true},
		{"H56.22.17", "000.17.22.H56", true},
		{"H56.22.17.001", "001.17.22.H56", true},
		{"G06.3D.C2.A1B", "A1B.C2.3D.G06", true},
		{"H56.22.17.01", "001.17.22.H56", false},	/* padded */
	};
	static const struct
	{
		const char *code;
		const char *detail_contains;
	}			bad[] = {
		{"H56.22.17.01.02", "has 5 levels; the legacy form holds at most 4"},
		{"H56.123", "Level 2 of H56.123 (\"123\") has 3 characters"},
		{"H56.12.345", "Level 3 of H56.12.345 (\"345\") has 3 characters"},
		{"H56.123.45.678", "Level 2"},
		/* G06.17.22.H56 would read as a modern code */
		{"H56.22.17.G06", "Level 4 of H56.22.17.G06 (\"G06\") has the shape of a level-1 code"},
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
	{
		char		legacy[AGENCY_CODE_LEGACY_TEXT_LEN];
		char		back[AGENCY_CODE_TEXT_LEN];
		size_t		n;
		bool		exact = !ok[i].exact;
		AgencyCodeForm form;
		ParseError	err;

		assert_true(agency_code_legacy_form(ok[i].code, strlen(ok[i].code),
											legacy, &exact, &err));
		assert_string_equal(legacy, ok[i].legacy);
		assert_int_equal(exact, ok[i].exact);
		assert_true(agency_code_parse(legacy, strlen(legacy), back, &n, &form, &err));
		assert_int_equal(form, AGENCY_CODE_LEGACY);
		if (ok[i].exact)
			assert_string_equal(back, ok[i].code);
		else
			assert_string_equal(back, "H56.22.17.001");
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		char		legacy[AGENCY_CODE_LEGACY_TEXT_LEN] = "untouched";
		ParseError	err = {{0}, NULL};

		assert_false(agency_code_legacy_form(bad[i].code, strlen(bad[i].code),
											 legacy, NULL, &err));
		assert_non_null(err.hint);
		assert_ptr_not_equal(err.hint, agency_code_hint);	/* its own hint */
		if (strstr(err.detail, bad[i].detail_contains) == NULL)
			fail_msg("case %zu: detail \"%s\" lacks \"%s\"", i, err.detail,
					 bad[i].detail_contains);
	}
}

/* A NULL error pointer is allowed: the parser just answers false. */
static void
test_null_error_pointer(void **state)
{
	char		out[AGENCY_CODE_TEXT_LEN];
	size_t		n;

	assert_false(agency_code_parse("x", 1, out, &n, NULL, NULL));
	assert_false(agency_code_check("h56", 3, NULL));
	assert_false(agency_code_legacy_form("H56.123", 7, out, NULL, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_hint_shows_both_forms),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_check_binary),
		cmocka_unit_test(test_levels_and_ancestors),
		cmocka_unit_test(test_is_under),
		cmocka_unit_test(test_order_and_subtree_range),
		cmocka_unit_test(test_subtree_max),
		cmocka_unit_test(test_legacy_form),
		cmocka_unit_test(test_null_error_pointer),
	};

	return cmocka_run_group_tests_name("agency_code", tests, NULL, NULL);
}
