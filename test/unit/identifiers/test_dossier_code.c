/*
 * test_dossier_code.c
 *	  cmocka tests of the dossier-code parser, builder and order (src/core).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/identifiers/dossier_code.h"

/* Parse a NUL-terminated string; return whether it was accepted. */
static bool
parse(const char *s, char *out, size_t *n, DossierCodeParts *parts, ParseError *err)
{
	return dossier_code_parse(s, strlen(s), out, n, parts, err);
}

/* Valid codes: canonical text and the parts read from it. */
static void
test_valid(void **state)
{
	static const struct
	{
		const char *input;
		const char *canonical;
		size_t		agency_len;
		AgencyCodeForm form;
		int			y,
					m,
					d;
		bool		lettered;
		int64_t		seq;
	}			cases[] = {
		/* the reference's example */
		{"000.17.22.H56-210531-0001", "000.17.22.H56-210531-0001", 13,
		AGENCY_CODE_LEGACY, 2021, 5, 31, false, 1},
		{"H56.22.17-210531-0001", "H56.22.17-210531-0001", 9,
		AGENCY_CODE_MODERN, 2021, 5, 31, false, 1},
		{"h56.22.17-210531-0042", "H56.22.17-210531-0042", 9,
		AGENCY_CODE_MODERN, 2021, 5, 31, false, 42},
		{"  G06-240229-9999\n", "G06-240229-9999", 3,
		AGENCY_CODE_MODERN, 2024, 2, 29, false, 9999},
		{"G06.01-000229-10000", "G06.01-000229-10000", 6,
		AGENCY_CODE_MODERN, 2000, 2, 29, false, 10000},
		{"G06.01-991231-999999999999999999", "G06.01-991231-999999999999999999", 6,
		AGENCY_CODE_MODERN, 2099, 12, 31, false, INT64_C(999999999999999999)},
		{"000.00.17.H56-250701-AB0001", "000.00.17.H56-250701-AB0001", 13,
		AGENCY_CODE_LEGACY, 2025, 7, 1, true, 1},
		{"000.00.17.h56-250701-zz9999", "000.00.17.H56-250701-ZZ9999", 13,
		AGENCY_CODE_LEGACY, 2025, 7, 1, true, 9999},
		{"H56.123.456.78.90.12.34.56.78.90.12-250101-123456789012345678",
			"H56.123.456.78.90.12.34.56.78.90.12-250101-123456789012345678", 35,
		AGENCY_CODE_MODERN, 2025, 1, 1, false, INT64_C(123456789012345678)},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		out[DOSSIER_CODE_TEXT_LEN];
		size_t		n;
		DossierCodeParts p;
		ParseError	err = {{0}, NULL};

		if (!parse(cases[i].input, out, &n, &p, &err))
			fail_msg("case %zu (\"%s\") refused: %s", i, cases[i].input, err.detail);
		assert_string_equal(out, cases[i].canonical);
		assert_int_equal(n, strlen(cases[i].canonical));
		assert_int_equal(p.agency_len, cases[i].agency_len);
		assert_int_equal(p.agency_form, cases[i].form);
		assert_int_equal(p.year, cases[i].y);
		assert_int_equal(p.month, cases[i].m);
		assert_int_equal(p.day, cases[i].d);
		assert_int_equal(p.seq_lettered, cases[i].lettered);
		assert_int_equal(p.seq_value, cases[i].seq);
		assert_int_equal(p.seq_off + p.seq_len, n);
		assert_true(dossier_code_check(out, n, &err));
	}
	assert_int_equal(strlen(cases[8].input), DOSSIER_CODE_MAX_LEN);
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
		{" \t ", "The value is empty."},
		{"H56210531", "has 1 part separated by '-', expected 3"},
		{"H56-210531", "has 2 parts"},
		{"H56-210531-0001-1", "has 4 parts"},
		{"-210531-0001", "The agency part is not an agency code: The value is empty."},
		{"000.17.00.H56-210531-0001", "The agency part is not an agency code: Level 3 (\"17\") is set"},
		{"H56.1-210531-0001", "Group 2 (\"1\") has 1 character"},
		{"Z56-210531-0001", "The first group (\"Z56\")"},
		{"H56-210231-0001", "The reception date 210231 is not a calendar date: it would be 2021-02-31."},
		{"H56-230229-0001", "2023-02-29"},
		{"H56-211301-0001", "2021-13-01"},
		{"H56-210500-0001", "2021-05-00"},
		{"H56-21053-0001", "The reception date part has 5 characters, expected 6 digits YYMMDD."},
		{"H56-2105310-0001", "has 7 characters"},
		{"H56-21O531-0001", "Character 3 of the reception date is not a digit."},
		{"H56--0001", "has 0 characters"},
		{"H56-210531-", "The sequence is empty."},
		{"H56-210531-001", "The sequence \"001\" has 3 digits, expected at least 4."},
		{"H56-210531-1", "has 1 digit, expected"},
		{"H56-210531-00001", "The sequence \"00001\" has a superfluous leading zero"},
		{"H56-210531-012345", "superfluous leading zero"},
		{"H56-210531-0000", "The sequence \"0000\" is zero"},
		{"H56-210531-AB0000", "The sequence \"AB0000\" is zero"},
		{"H56-210531-AB000", "\"AB000\" has letters but is not two letters and 4 digits"},
		{"H56-210531-A00001", "has letters"},
		{"H56-210531-1A0001", "has letters"},
		{"H56-210531-ABC001", "has letters"},
		{"H56-210531-AB00C1", "has letters"},
		{"H56-210531-1000000000000000000", "19 characters, at most 18 digits"},
		{"H56-210531-00 1", "Character 3 of the sequence is not a letter or a digit."},
		{"H56-210531-0001\xC3\xA1", "Character 5 of the sequence"},
		{"H\xC3\xA1" "56-210531-0001", "Character 2 is the byte 0xC3"},
		{"H56.123.456.78.90.12.34.56.78.90.12-250101-1234567890123456789",
		"62 characters, at most 61"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		out[DOSSIER_CODE_TEXT_LEN] = "untouched";
		size_t		n = 42;
		ParseError	err = {{0}, NULL};

		if (parse(cases[i].input, out, &n, NULL, &err))
			fail_msg("case %zu (\"%s\") accepted as %s", i, cases[i].input, out);
		assert_string_equal(out, "untouched");
		assert_int_equal(n, 42);
		assert_ptr_equal(err.hint, dossier_code_hint);
		if (strstr(err.detail, cases[i].detail_contains) == NULL)
			fail_msg("case %zu (\"%s\"): detail \"%s\" lacks \"%s\"", i,
					 cases[i].input, err.detail, cases[i].detail_contains);
		assert_int_equal(err.detail[strlen(err.detail) - 1], '.');
	}
}

/* An embedded NUL is refused wherever it is. */
static void
test_embedded_nul(void **state)
{
	char		out[DOSSIER_CODE_TEXT_LEN];
	size_t		n;
	ParseError	err;

	assert_false(dossier_code_parse("H56-210531-0001\0", 16, out, &n, NULL, &err));
	assert_non_null(strstr(err.detail, "Character 5 of the sequence"));
	assert_false(dossier_code_parse("H5\0" "6-210531-0001", 15, out, &n, NULL, &err));
	assert_non_null(strstr(err.detail, "byte 0x00"));
	assert_false(dossier_code_parse("H56-21\0" "531-0001", 15, out, &n, NULL, &err));
	assert_non_null(strstr(err.detail, "Character 3 of the reception date"));
}

/* A megabyte of input is refused by its length. */
static void
test_long_input(void **state)
{
	static char big[1 << 20];
	char		out[DOSSIER_CODE_TEXT_LEN];
	size_t		n;
	ParseError	err;

	memset(big, '-', sizeof(big));
	assert_false(dossier_code_parse(big, sizeof(big), out, &n, NULL, &err));
	assert_non_null(strstr(err.detail, "1048576 characters"));
}

/* The binary check accepts only canonical text. */
static void
test_check_binary(void **state)
{
	ParseError	err;
	const char *ok = "000.17.22.H56-210531-0001";

	assert_true(dossier_code_check(ok, strlen(ok), &err));
	assert_false(dossier_code_check("000.17.22.h56-210531-0001", 25, &err));
	assert_non_null(strstr(err.detail, "which is \"000.17.22.H56-210531-0001\""));
	assert_non_null(strstr(err.hint, "Binary input"));
	assert_false(dossier_code_check(" H56-210531-0001", 16, &err));
	assert_false(dossier_code_check("H56-210231-0001", 15, &err));
}

/* The order of the header, on a sorted list; equal exactly when bytes are. */
static void
test_order(void **state)
{
	static const char *const sorted[] = {
		"000.17.22.H56-210531-0001",
		"000.17.22.H56-210531-0002",
		"000.17.22.H56-210531-9999",
		"000.17.22.H56-210531-10000",	/* numeric, not byte order */
		"000.17.22.H56-210531-99999",
		"000.17.22.H56-210531-100000",
		"000.17.22.H56-210531-AA0001",	/* lettered after all digits */
		"000.17.22.H56-210531-AA0002",
		"000.17.22.H56-210531-AB0001",
		"000.17.22.H56-210601-0001",
		"000.17.22.H56-220101-0001",
		"H56-210531-0001",
		"H56.22-200101-0001",
		"H56.22.17-210531-0001",
		"H56.22.17-210531-ZZ9999",
	};
	size_t		count = sizeof(sorted) / sizeof(sorted[0]);

	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; j < count; j++)
		{
			int			c = dossier_code_cmp(sorted[i], strlen(sorted[i]),
											 sorted[j], strlen(sorted[j]));
			int			want = (i > j) - (i < j);

			if (c != want)
				fail_msg("cmp(%s, %s) = %d, expected %d", sorted[i], sorted[j], c, want);
		}
}

/* Building codes: padding, range checks, the agency kept as given. */
static void
test_make(void **state)
{
	char		out[DOSSIER_CODE_TEXT_LEN];
	char		again[DOSSIER_CODE_TEXT_LEN];
	size_t		n,
				n2;
	DossierCodeParts p;
	ParseError	err;

	assert_true(dossier_code_make("000.17.22.H56", 13, 2021, 5, 31, 1, out, &n, &err));
	assert_string_equal(out, "000.17.22.H56-210531-0001");
	assert_true(dossier_code_make("H56.22.17", 9, 2000, 1, 1, 12345, out, &n, &err));
	assert_string_equal(out, "H56.22.17-000101-12345");
	assert_true(dossier_code_make("h56", 3, 2099, 12, 31, DOSSIER_CODE_SEQ_MAX, out, &n, &err));
	assert_string_equal(out, "H56-991231-999999999999999999");
	assert_true(dossier_code_parse(out, n, again, &n2, &p, &err));
	assert_string_equal(again, out);
	assert_int_equal(p.seq_value, DOSSIER_CODE_SEQ_MAX);

	assert_false(dossier_code_make("H56", 3, 2021, 5, 31, 0, out, &n, &err));
	assert_non_null(strstr(err.detail, "The sequence 0 is out of range"));
	assert_false(dossier_code_make("H56", 3, 2021, 5, 31, DOSSIER_CODE_SEQ_MAX + 1, out, &n, &err));
	assert_false(dossier_code_make("H56", 3, 2021, 5, 31, -1, out, &n, &err));
	assert_false(dossier_code_make("H56", 3, 1999, 12, 31, 1, out, &n, &err));
	assert_non_null(strstr(err.detail, "1999-12-31 is not a date from 2000 to 2099"));
	assert_false(dossier_code_make("H56", 3, 2100, 1, 1, 1, out, &n, &err));
	assert_false(dossier_code_make("H56", 3, 2021, 2, 29, 1, out, &n, &err));
	assert_false(dossier_code_make("H56.1", 5, 2021, 5, 31, 1, out, &n, &err));
	assert_non_null(strstr(err.detail, "The agency part is not an agency code"));
	assert_false(dossier_code_make("", 0, 2021, 5, 31, 1, out, &n, &err));
}

/* Calendar rules, leap years included. */
static void
test_dates(void **state)
{
	assert_true(dossier_code_date_ok(2000, 2, 29));
	assert_true(dossier_code_date_ok(2024, 2, 29));
	assert_false(dossier_code_date_ok(2023, 2, 29));
	assert_false(dossier_code_date_ok(2021, 4, 31));
	assert_true(dossier_code_date_ok(2021, 12, 31));
	assert_false(dossier_code_date_ok(2021, 0, 1));
	assert_false(dossier_code_date_ok(1999, 1, 1));
	assert_false(dossier_code_date_ok(2100, 1, 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_check_binary),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_make),
		cmocka_unit_test(test_dates),
	};

	return cmocka_run_group_tests_name("dossier_code", tests, NULL, NULL);
}
